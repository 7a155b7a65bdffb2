import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import type {
  OrcidDateJson,
  OrcidEmploymentSummaryJson,
  OrcidExternalIdJson,
  OrcidFundingJson,
  OrcidFundingSummaryJson,
  OrcidPersonItemJson,
  OrcidPersonJson,
  OrcidSourceJson,
  OrcidWorkJson,
  OrcidWorkSummaryJson,
} from "../../src/sources/orcid/types.ts";
import type { PresentationTruthEntry, SandboxOrcidRecord } from "../division/types.ts";
import type { AwardBook } from "./awards.ts";
import { awardSpan } from "./awards.ts";
import { INSTITUTES, MEETINGS } from "./fields.ts";
import { initialsOf } from "./names.ts";
import type { Person, Stint, World } from "./people.ts";
import type { Stream } from "./random.ts";

/**
 * ORCID records of the faculty who have an iD, as incomplete as real ones: some list nearly every
 * paper (synced from Crossref or Europe PMC), most a part, some almost none; employments with and
 * without years, previous positions often missing; fundings for some awards; presentations on a
 * few records; names with the credit and other names people add.
 */

const CROSSREF = { id: "0000-0002-3054-1567", name: "Crossref" };
const EUROPE_PMC = { id: "0000-0002-9157-3431", name: "Europe PubMed Central" };
const HOST = "orcid.org";

const millis = (year: number, dayOfYear: number): number => Date.UTC(year, 0, 1) + dayOfYear * 86_400_000;
const value = <T>(v: T): { value: T } => ({ value: v });

function identifier(path: string, client = false) {
  return { uri: `https://${HOST}/${client ? "client/" : ""}${path}`, path, host: HOST };
}

function selfSource(orcid: string, name: string): OrcidSourceJson {
  return {
    "source-orcid": identifier(orcid),
    "source-client-id": null,
    "source-name": value(name),
    "assertion-origin-orcid": null,
    "assertion-origin-client-id": null,
    "assertion-origin-name": null,
  };
}

function clientSource(client: { id: string; name: string }): OrcidSourceJson {
  return {
    "source-orcid": null,
    "source-client-id": identifier(client.id, true),
    "source-name": value(client.name),
    "assertion-origin-orcid": null,
    "assertion-origin-client-id": null,
    "assertion-origin-name": null,
  };
}

function dateJson(year?: number, month?: number, day?: number): OrcidDateJson | null {
  if (year === undefined) return null;
  const two = (n: number | undefined) => (n === undefined ? null : value(String(n).padStart(2, "0")));
  return { year: value(String(year)), month: two(month), day: month === undefined ? null : two(day) };
}

function externalId(
  type: string,
  id: string,
  relationship: OrcidExternalIdJson["external-id-relationship"] = "self",
): OrcidExternalIdJson {
  const urls: Record<string, string> = {
    doi: `https://doi.org/${id}`,
    pmid: `https://pubmed.ncbi.nlm.nih.gov/${id}`,
    pmc: `https://www.ncbi.nlm.nih.gov/pmc/articles/${id}`,
  };
  return {
    "external-id-type": type,
    "external-id-value": id,
    "external-id-normalized": { value: type === "doi" ? id.toLowerCase() : id, transient: true },
    "external-id-normalized-error": null,
    "external-id-url": urls[type] ? value(urls[type]) : null,
    "external-id-relationship": relationship,
  };
}

interface RecordContext {
  rng: Stream;
  person: Person;
  orcid: string;
  displayName: string;
  nextPutCode: () => number;
}

/** Which ids a version of a work carries depends on who put it there. */
type WorkSource = "self" | "crossref" | "europe-pmc";

function workSummary(
  context: RecordContext,
  article: PubmedArticleRecord,
  source: WorkSource,
  putCode: number,
): OrcidWorkSummaryJson {
  const { orcid } = context;
  const ids: OrcidExternalIdJson[] = [];
  if (article.doi && source !== "europe-pmc") ids.push(externalId("doi", article.doi));
  if (source === "europe-pmc") {
    ids.push(externalId("pmid", article.pmid));
    if (article.doi) ids.push(externalId("doi", article.doi));
    if (article.pmcid) ids.push(externalId("pmc", article.pmcid));
  }
  if (source === "self" && !article.doi && context.rng.chance(0.5))
    ids.push(externalId("pmid", article.pmid));
  const year = article.publicationDate?.year ?? 2000;
  const created = millis(Math.max(year, 2013), context.rng.int(0, 360));
  return {
    "put-code": putCode,
    "created-date": value(created),
    "last-modified-date": value(created + context.rng.int(0, 400) * 86_400_000),
    source:
      source === "self"
        ? selfSource(orcid, context.displayName)
        : clientSource(source === "crossref" ? CROSSREF : EUROPE_PMC),
    title: { title: value(article.title.replace(/\.$/, "")), subtitle: null, "translated-title": null },
    "external-ids": { "external-id": ids },
    url: article.doi ? value(`https://doi.org/${article.doi}`) : null,
    type: "journal-article",
    "publication-date": dateJson(year, article.publicationDate?.month),
    "journal-title": value(source === "self" ? (article.journalAbbreviation ?? "") : (article.journal ?? "")),
    visibility: "public",
    path: `/${orcid}/work/${putCode}`,
    "display-index": source === "self" ? "1" : "0",
  };
}

function workDetail(summary: OrcidWorkSummaryJson, article: PubmedArticleRecord | undefined): OrcidWorkJson {
  const { "display-index": _ignored, ...rest } = summary;
  const people = (article?.authors ?? []).filter((author) => author.lastName);
  return {
    ...rest,
    "short-description": null,
    citation: null,
    contributors: {
      contributor:
        summary.source["source-client-id"] === null
          ? []
          : people.map((author, index) => ({
              "contributor-orcid": author.orcid ? identifier(author.orcid) : null,
              "credit-name": value(`${author.lastName} ${author.initials ?? ""}`.trim()),
              "contributor-email": null,
              "contributor-attributes": {
                "contributor-sequence": index === 0 ? "first" : "additional",
                "contributor-role": "author",
              },
            })),
    },
    "language-code": "en",
    country: null,
  };
}

/** The share of their papers a record lists: complete for some, partial for most, sparse for others. */
function coverage(rng: Stream): { share: number; from: number } {
  return rng.weighted([
    [{ share: rng.between(0.9, 1), from: 0 }, 3],
    [{ share: rng.between(0.3, 0.8), from: rng.int(2008, 2018) }, 4.5],
    [{ share: rng.between(0.02, 0.3), from: 0 }, 2.5],
  ]);
}

function works(
  context: RecordContext,
  own: readonly PubmedArticleRecord[],
  presentationTruth: PresentationTruthEntry[],
  facultyId: string,
): Pick<SandboxOrcidRecord, "works" | "workDetails"> {
  const { rng, orcid } = context;
  const { share, from } = coverage(rng);
  const group: SandboxOrcidRecord["works"]["group"] = [];
  const workDetails: Record<string, OrcidWorkJson> = {};
  for (const article of own) {
    const year = article.publicationDate?.year ?? 0;
    if (!rng.chance(year >= from ? share : share / 3)) continue;
    const sources: WorkSource[] = rng.weighted([
      [["crossref"], 3],
      [["europe-pmc"], 2],
      [["crossref", "europe-pmc"], 2],
      [["self"], 1.5],
      [["self", "crossref"], 1],
    ] as const);
    const summaries = sources.map((source) => workSummary(context, article, source, context.nextPutCode()));
    const seen = new Map<string, OrcidExternalIdJson>();
    for (const summary of summaries)
      for (const id of summary["external-ids"]["external-id"])
        seen.set(`${id["external-id-type"]}:${id["external-id-value"]}`, id);
    group.push({
      "last-modified-date": summaries[0]!["last-modified-date"],
      "external-ids": { "external-id": [...seen.values()] },
      "work-summary": summaries,
    });
    for (const summary of summaries) workDetails[String(summary["put-code"])] = workDetail(summary, article);
  }
  const talks = rng.chance(0.45) ? rng.int(1, 6) : 0;
  for (let n = 0; n < talks; n++) {
    const [meeting, scope] = rng.pick(MEETINGS);
    const putCode = context.nextPutCode();
    const year = rng.int(2012, 2025);
    const created = millis(year, rng.int(0, 360));
    const summary: OrcidWorkSummaryJson = {
      "put-code": putCode,
      "created-date": value(created),
      "last-modified-date": value(created),
      source: selfSource(orcid, context.displayName),
      title: {
        title: value(
          rng.pick(["Grand rounds", "Workshop", "Oral abstract", "Poster", "Invited talk"]) + `: ${meeting}`,
        ),
        subtitle: null,
        "translated-title": null,
      },
      "external-ids": { "external-id": [] },
      url: null,
      type: rng.pick(["conference-presentation", "conference-poster", "lecture-speech"]),
      "publication-date": dateJson(year, rng.int(1, 12)),
      "journal-title": value(meeting),
      visibility: "public",
      path: `/${orcid}/work/${putCode}`,
      "display-index": "0",
    };
    group.push({
      "last-modified-date": summary["last-modified-date"],
      "external-ids": { "external-id": [] },
      "work-summary": [summary],
    });
    workDetails[String(putCode)] = workDetail(summary, undefined);
    presentationTruth.push({ facultyId, putCode, scope });
  }
  return {
    works: {
      "last-modified-date": group.length > 0 ? group[group.length - 1]!["last-modified-date"] : null,
      group,
      path: `/${orcid}/works`,
    },
    workDetails,
  };
}

function employment(
  context: RecordContext,
  stint: Stint,
  withYears: boolean,
  current: boolean,
  role: string,
): OrcidEmploymentSummaryJson {
  const { orcid, rng } = context;
  const putCode = context.nextPutCode();
  const created = millis(Math.max(2013, stint.from), rng.int(0, 360));
  const { institution, department } = stint;
  return {
    "created-date": value(created),
    "last-modified-date": value(created),
    source: selfSource(orcid, context.displayName),
    "put-code": putCode,
    "department-name": rng.chance(0.8)
      ? department.unit && rng.chance(0.5)
        ? department.unit
        : department.name
      : null,
    "role-title": role,
    "start-date": withYears ? dateJson(stint.from, rng.chance(0.6) ? 7 : undefined) : null,
    "end-date": withYears && !current ? dateJson(stint.to, rng.chance(0.6) ? 6 : undefined) : null,
    organization: {
      name:
        rng.chance(0.7) || institution.forms.length === 0 ? institution.name : rng.pick(institution.forms),
      address: {
        city: institution.city,
        region: institution.region ?? null,
        country: institution.countryCode,
      },
      "disambiguated-organization": rng.chance(0.8)
        ? {
            "disambiguated-organization-identifier": institution.ringgold,
            "disambiguation-source": "RINGGOLD",
          }
        : null,
    },
    url: null,
    "external-ids": null,
    "display-index": "0",
    visibility: "public",
    path: `/${orcid}/employment/${putCode}`,
  };
}

function employments(context: RecordContext): SandboxOrcidRecord["employments"] {
  const { person, orcid } = context;
  const facts = person.faculty!;
  const summaries: OrcidEmploymentSummaryJson[] = [];
  const stints = [...person.stints].reverse();
  for (const stint of stints) {
    const current = stint.institution.key === "home" && stint.from === facts.hireYear;
    if (current) {
      summaries.push(
        employment(context, stint, facts.currentOnOrcidWithYear, true, `${facts.rank} of Medicine`),
      );
    } else if (stint.institution.key !== "home" && facts.previousOnOrcid !== "missing") {
      summaries.push(
        employment(
          context,
          stint,
          facts.previousOnOrcid === "with-years",
          false,
          context.rng.pick(["Fellow", "Assistant Professor", "Instructor", "Research Fellow"]),
        ),
      );
    }
  }
  return {
    "last-modified-date": summaries.length > 0 ? summaries[0]!["last-modified-date"] : null,
    "affiliation-group": summaries.map((summary) => ({
      "last-modified-date": summary["last-modified-date"],
      "external-ids": { "external-id": [] },
      summaries: [{ "employment-summary": summary }],
    })),
    path: `/${orcid}/employments`,
  };
}

function fundings(
  context: RecordContext,
  awards: AwardBook,
): Pick<SandboxOrcidRecord, "fundings" | "fundingDetails"> {
  const { rng, person, orcid } = context;
  const group: SandboxOrcidRecord["fundings"]["group"] = [];
  const fundingDetails: Record<string, OrcidFundingJson> = {};
  for (const award of awards.byPerson.get(person.id) ?? []) {
    if (!rng.chance(0.45)) continue;
    const putCode = context.nextPutCode();
    const { first, last } = awardSpan(award);
    const institute = INSTITUTES[award.institute]!;
    const grantId = externalId(
      "grant_number",
      rng.chance(0.7) ? award.core : `${award.activity} ${award.institute}${award.serial}`,
    );
    const created = millis(Math.max(2013, first), rng.int(0, 360));
    const summary: OrcidFundingSummaryJson = {
      "put-code": putCode,
      "created-date": value(created),
      "last-modified-date": value(created),
      source: selfSource(orcid, context.displayName),
      title: { title: value(award.title), "translated-title": null },
      "external-ids": { "external-id": [grantId] },
      url: null,
      type: "grant",
      "start-date": dateJson(first, rng.chance(0.5) ? 7 : undefined),
      "end-date": rng.chance(0.8) ? dateJson(last + 1, rng.chance(0.5) ? 6 : undefined) : null,
      organization: {
        name: institute.name,
        address: { city: "Bethesda", region: "MD", country: "US" },
        "disambiguated-organization": null,
      },
      visibility: "public",
      path: `/${orcid}/funding/${putCode}`,
      "display-index": "0",
    };
    group.push({
      "last-modified-date": summary["last-modified-date"],
      "external-ids": { "external-id": [grantId] },
      "funding-summary": [summary],
    });
    const { "display-index": _ignored, ...rest } = summary;
    const contact = award.principalInvestigators.find((pi) => pi.person === person)?.contact ?? false;
    fundingDetails[String(putCode)] = {
      ...rest,
      "organization-defined-type": value(`${award.activity}`),
      "short-description": null,
      amount: rng.chance(0.6)
        ? { value: String(award.years.reduce((sum, year) => sum + year.amount, 0)), "currency-code": "USD" }
        : null,
      contributors: {
        contributor: [
          {
            "contributor-orcid": identifier(orcid),
            "credit-name": value(context.displayName),
            "contributor-email": null,
            "contributor-attributes": { "contributor-role": contact ? "lead" : "co-lead" },
          },
        ],
      },
    };
  }
  return {
    fundings: {
      "last-modified-date": group.length > 0 ? group[0]!["last-modified-date"] : null,
      group,
      path: `/${orcid}/fundings`,
    },
    fundingDetails,
  };
}

function emptyList(orcid: string, section: string, items: string): OrcidPersonJson["emails"] {
  return { "last-modified-date": null, [items]: [], path: `/${orcid}/${section}` };
}

function personSection(context: RecordContext): OrcidPersonJson {
  const { rng, person, orcid } = context;
  const { name, habits } = person;
  const created = millis(2013 + rng.int(0, 8), rng.int(0, 360));
  const middle = name.middle === "" ? "" : ` ${initialsOf(name.middle)}.`;
  const others: string[] = [];
  if (habits.nickname && rng.chance(0.4)) others.push(`${habits.nickname} ${name.last}`);
  if (habits.maiden && rng.chance(0.5)) others.push(`${name.first}${middle} ${habits.maiden.last}`);
  if (name.surnameParts && rng.chance(0.4)) others.push(`${name.first} ${name.surnameParts[0]}`);
  const otherNames: OrcidPersonItemJson[] = others.map((content, index) => ({
    "created-date": value(created),
    "last-modified-date": value(created),
    source: selfSource(orcid, context.displayName),
    content,
    visibility: "public",
    path: `/${orcid}/other-names/${context.nextPutCode()}`,
    "put-code": context.nextPutCode(),
    "display-index": index,
  }));
  const credit = rng.chance(0.4)
    ? habits.nickname && rng.chance(0.5)
      ? `${habits.nickname}${middle} ${name.last}`
      : `${name.first}${middle} ${name.last}`
    : undefined;
  return {
    "last-modified-date": value(created),
    name: {
      "created-date": value(created),
      "last-modified-date": value(created),
      "given-names": value(rng.chance(0.4) ? `${name.first}${middle}` : name.first),
      "family-name": value(name.last),
      "credit-name": credit ? value(credit) : null,
      source: null,
      visibility: "public",
      path: orcid,
    },
    "other-names": {
      "last-modified-date": otherNames.length > 0 ? value(created) : null,
      "other-name": otherNames,
      path: `/${orcid}/other-names`,
    },
    biography: null,
    "researcher-urls": emptyList(orcid, "researcher-urls", "researcher-url"),
    emails: emptyList(orcid, "email", "email"),
    addresses: emptyList(orcid, "address", "address"),
    keywords: emptyList(orcid, "keywords", "keyword"),
    "external-identifiers": emptyList(orcid, "external-identifiers", "external-identifier"),
    path: `/${orcid}/person`,
  };
}

export function orcidRecords(
  world: World,
  faculty: readonly Person[],
  ownArticles: ReadonlyMap<number, PubmedArticleRecord[]>,
  awards: AwardBook,
): { records: Record<string, SandboxOrcidRecord>; presentationTruth: PresentationTruthEntry[] } {
  const records: Record<string, SandboxOrcidRecord> = {};
  const presentationTruth: PresentationTruthEntry[] = [];
  for (const person of faculty) {
    if (!person.orcid) continue;
    const rng = world.stream("orcid").fork(person.id);
    let putCode = rng.int(100_000, 90_000_000);
    const context: RecordContext = {
      rng,
      person,
      orcid: person.orcid,
      displayName: `${person.name.first} ${person.name.last}`,
      nextPutCode: () => (putCode += rng.int(1, 5000)),
    };
    const status = rng.weighted([
      ["ok", 97],
      ["deactivated", 2],
      ["locked", 1],
    ] as const);
    records[person.orcid] = {
      ...(status === "ok" ? {} : { status }),
      ...works(
        context,
        ownArticles.get(person.id) ?? [],
        status === "ok" ? presentationTruth : [],
        person.faculty!.facultyId,
      ),
      ...fundings(context, awards),
      person: personSection(context),
      employments: employments(context),
    };
  }
  return { records, presentationTruth };
}
