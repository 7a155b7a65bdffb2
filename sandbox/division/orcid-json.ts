import type { PartialDate } from "../../src/sources/pubmed/types.ts";
import type {
  OrcidDateJson,
  OrcidExternalIdJson,
  OrcidExternalIdsJson,
  OrcidFundingContributorJson,
  OrcidIdentifierJson,
  OrcidValue,
  OrcidWorkContributorJson,
} from "../../src/sources/orcid/types.ts";

// Parts of ORCID v3.0 documents, as ORCID writes them.

export function orcidIdentifier(orcid: string): OrcidIdentifierJson {
  return { uri: `https://orcid.org/${orcid}`, path: orcid, host: "orcid.org" };
}

export function orcidDate(date: PartialDate): OrcidDateJson {
  const two = (n: number | undefined): OrcidValue | null =>
    n === undefined ? null : { value: String(n).padStart(2, "0") };
  return {
    year: { value: String(date.year) },
    month: two(date.month),
    day: date.month === undefined ? null : two(date.day),
  };
}

export function externalId(
  type: string,
  value: string,
  normalized: string | undefined,
  url?: string,
  relationship: OrcidExternalIdJson["external-id-relationship"] = "self",
): OrcidExternalIdJson {
  return {
    "external-id-type": type,
    "external-id-value": value,
    "external-id-normalized":
      type === "grant_number"
        ? null
        : { value: (normalized ?? value).toLowerCase().replace(/^pmc/, "PMC"), transient: true },
    "external-id-normalized-error": null,
    "external-id-url": url === undefined ? null : { value: url },
    "external-id-relationship": relationship,
  };
}

/** A group is keyed on its versions' own identifiers, each once (by ORCID's normalised form). */
export function groupIds(
  versions: ReadonlyArray<{ "external-ids": OrcidExternalIdsJson }>,
): OrcidExternalIdJson[] {
  const seen = new Set<string>();
  const ids: OrcidExternalIdJson[] = [];
  for (const version of versions) {
    for (const id of version["external-ids"]["external-id"]) {
      if (id["external-id-relationship"] !== "self") continue;
      const key = `${id["external-id-type"]}|${id["external-id-normalized"]?.value ?? id["external-id-value"]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ids.push(id);
    }
  }
  return ids;
}

export function workContributor(
  name: string,
  orcid: string | undefined,
  sequence: "first" | "additional" | null,
): OrcidWorkContributorJson {
  return {
    "contributor-orcid": orcid === undefined ? null : orcidIdentifier(orcid),
    "credit-name": { value: name },
    "contributor-email": null,
    "contributor-attributes": { "contributor-sequence": sequence, "contributor-role": "author" },
  };
}

export function fundingContributor(
  name: string,
  orcid: string | undefined,
  role: string,
): OrcidFundingContributorJson {
  return {
    "contributor-orcid": orcid === undefined ? null : orcidIdentifier(orcid),
    "credit-name": { value: name },
    "contributor-email": null,
    "contributor-attributes": { "contributor-role": role },
  };
}
