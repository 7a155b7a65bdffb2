import type { EmploymentPeriod } from "../../identity/employment.ts";
import { foldName } from "../../identity/names.ts";
import {
  normalizeDoi,
  normalizePmcid,
  normalizePmid,
  type CandidateContributor,
  type CandidateGrant,
  type CandidateItem,
  type CandidateKind,
  type ExternalId,
  type GrantRole,
} from "../candidate.ts";
import type {
  OrcidDate,
  OrcidEmployment,
  OrcidExternalId,
  OrcidFunding,
  OrcidFundingContributor,
  OrcidFundingGroup,
  OrcidFundingSummary,
  OrcidPerson,
  OrcidSource,
  OrcidWork,
  OrcidWorkGroup,
  OrcidWorkSummary,
} from "./types.ts";

export const ORCID_SOURCE = "orcid";

// Conference output and talks; `public-speech` is the newer name ORCID gives a lecture or talk.
const PRESENTATION_TYPES = new Set([
  "conference-presentation",
  "conference-poster",
  "conference-abstract",
  "conference-paper",
  "lecture-speech",
  "public-speech",
]);

/** Presentations for conference output and talks; every other work type is a publication. */
export function workKind(type: string): CandidateKind {
  return PRESENTATION_TYPES.has(type.trim().toLowerCase()) ? "presentation" : "publication";
}

export interface OrcidWorkMapOptions {
  /** The record owner's iD: their own version of a work wins a tie, and they are found among contributors. */
  orcid?: string;
  /** Full works by put-code, for the contributors that summaries never carry. */
  fullWorks?: ReadonlyMap<number, OrcidWork>;
}

/** One candidate per works group, however many sources list the work. */
export function worksToCandidates(
  groups: readonly OrcidWorkGroup[],
  options: OrcidWorkMapOptions = {},
): CandidateItem[] {
  return groups
    .filter((group) => group.summaries.length > 0)
    .map((group) => workGroupToCandidate(group, options));
}

/**
 * The group's versions make one candidate: fields from the preferred version (see
 * `rankVersions`), a field it lacks from the next version that has it, and the identifiers of
 * every version. The source id is the group's smallest put-code, its oldest entry, so that it
 * stays the same when another source joins the group and becomes the preferred one.
 */
export function workGroupToCandidate(
  group: OrcidWorkGroup,
  options: OrcidWorkMapOptions = {},
): CandidateItem {
  const versions = rankVersions(group.summaries, options.orcid);
  const preferred = versions[0];
  if (preferred === undefined) throw new RangeError("a works group with no work-summary makes no candidate");
  const full =
    options.fullWorks?.get(preferred.putCode) ??
    versions.map((version) => options.fullWorks?.get(version.putCode)).find((work) => work !== undefined);
  const ids = mapIds([...group.externalIds, ...versions.flatMap((version) => version.externalIds)]);
  const date = versions.find((version) => version.publicationDate?.year !== undefined)?.publicationDate;
  return compact({
    source: ORCID_SOURCE,
    sourceId: String(Math.min(...versions.map((version) => version.putCode))),
    kind: workKind(preferred.type),
    sourceType: preferred.type,
    title: workTitle(versions),
    ...dateFields(date),
    // For conference output ORCID's journal-title holds the meeting, which scope rules read later.
    venue: firstOf(versions, (version) => version.journalTitle),
    ...ids,
    contributors: full ? workContributors(full) : [],
    url: firstOf(versions, (version) => version.url),
  });
}

/** A single full work (GET /work/{put-code}) as a candidate of its own. */
export function workToCandidate(
  work: OrcidWork,
  options: Omit<OrcidWorkMapOptions, "fullWorks"> = {},
): CandidateItem {
  return workGroupToCandidate(
    { externalIds: [], summaries: [work] },
    { ...options, fullWorks: new Map([[work.putCode, work]]) },
  );
}

interface Version {
  putCode: number;
  externalIds: OrcidExternalId[];
  source: OrcidSource;
  displayIndex?: number;
}

/**
 * A group's versions, preferred first: the one with the most identifiers of its own (a Europe PMC
 * or Crossref version with DOI, PMID and PMCID is the most complete and checked), then the owner's
 * own entry, then the one the owner ranked highest (display index), then ORCID's order.
 */
export function rankVersions<T extends Version>(versions: readonly T[], ownerOrcid?: string): T[] {
  return versions
    .map((version, index) => ({
      version,
      index,
      ids: identityCount(version.externalIds),
      own: isOwn(version.source, ownerOrcid),
    }))
    .sort(
      (a, b) =>
        b.ids - a.ids ||
        Number(b.own) - Number(a.own) ||
        (b.version.displayIndex ?? 0) - (a.version.displayIndex ?? 0) ||
        a.index - b.index,
    )
    .map(({ version }) => version);
}

function identityCount(ids: readonly OrcidExternalId[]): number {
  return ids.filter((id) => isSelf(id) && usableIdentity(id)).length;
}

function isOwn(source: OrcidSource, ownerOrcid: string | undefined): boolean {
  return ownerOrcid !== undefined && source.orcid === ownerOrcid;
}

function workTitle(versions: readonly OrcidWorkSummary[]): string {
  const titled = versions.find((version) => version.title !== undefined);
  if (titled?.title === undefined) return firstOf(versions, (version) => version.translatedTitle) ?? "";
  const { title, subtitle } = titled;
  // Other sources (PubMed among them) write one title with the subtitle after a colon.
  if (subtitle === undefined || foldName(title).includes(foldName(subtitle))) return title;
  return /[:?!.]$/.test(title) ? `${title} ${subtitle}` : `${title}: ${subtitle}`;
}

/**
 * Contributors in the source's order. A source that lists one person once per role (CRediT
 * roles) would push everyone after them down the list, so a person listed again is kept once, at
 * their first place, with their first role.
 */
function workContributors(work: OrcidWork): CandidateContributor[] {
  const seen = new Set<string>();
  const contributors: CandidateContributor[] = [];
  for (const contributor of work.contributors) {
    const key = contributor.orcid ?? (contributor.name ? `name:${foldName(contributor.name)}` : undefined);
    if (key === undefined) continue;
    if (seen.has(key)) continue;
    seen.add(key);
    contributors.push(
      compact({
        name: contributor.name ?? "",
        orcid: contributor.orcid,
        role: contributor.role,
        sequence: contributor.sequence,
      }),
    );
  }
  return contributors;
}

// ---------------------------------------------------------------------------------------------
// Identifiers

interface MappedIds {
  doi?: string;
  pmid?: string;
  pmcid?: string;
  otherIds: ExternalId[];
}

/**
 * DOI, PMID and PMCID from the item's own (self) ids, normalised; every other id in otherIds with
 * its type. Ids that relate to something else (part-of: a journal's ISSN; version-of: a
 * preprint's DOI; funded-by: a grant) go to otherIds with their relationship, never to doi/pmid.
 * A self DOI, PMID or PMCID that cannot be read as one (ORCID itself flags "doi:123" as
 * unnormalisable) is left out rather than passed on as an identity.
 */
function mapIds(ids: readonly OrcidExternalId[]): MappedIds {
  const result: MappedIds = { otherIds: [] };
  const seen = new Set<string>();
  const addOther = (id: ExternalId): void => {
    const key = `${id.relationship ?? ""}|${id.type}|${id.value.toLowerCase()}`;
    if (seen.has(key)) return;
    seen.add(key);
    result.otherIds.push(id);
  };
  for (const id of ids) {
    if (!isSelf(id)) {
      const value = (id.type === "doi" ? normalizeDoi(id.value) : undefined) ?? id.value;
      addOther({ type: id.type, value, relationship: id.relationship });
      continue;
    }
    const identity = identityValue(id);
    if (identity === null) addOther({ type: id.type, value: id.value });
    else if (identity === undefined) continue;
    else {
      const field = IDENTITY_FIELDS[id.type]!;
      if (result[field] === undefined) result[field] = identity;
      else if (result[field] !== identity) addOther({ type: id.type, value: identity });
    }
  }
  return result;
}

const IDENTITY_FIELDS: Record<string, "doi" | "pmid" | "pmcid"> = { doi: "doi", pmid: "pmid", pmc: "pmcid" };

/** The normalised DOI/PMID/PMCID; undefined when it cannot be read as one; null for other types. */
function identityValue(id: OrcidExternalId): string | undefined | null {
  switch (id.type) {
    case "doi":
      return normalizeDoi(id.value) ?? normalizeDoi(id.normalized);
    case "pmid":
      return /\d/.test(id.value) && !/pmc/i.test(id.value) ? normalizePmid(id.value) : undefined;
    case "pmc":
      return /\d/.test(id.value) ? normalizePmcid(id.value) : undefined;
    default:
      return null;
  }
}

function usableIdentity(id: OrcidExternalId): boolean {
  return identityValue(id) !== undefined;
}

/** ORCID requires a relationship on every id; one without is read as the item's own. */
function isSelf(id: OrcidExternalId): boolean {
  return id.relationship === undefined || id.relationship === "self";
}

// ---------------------------------------------------------------------------------------------
// Fundings

export interface OrcidFundingMapOptions {
  /** The record owner's iD, to find their role among the contributors. */
  orcid?: string;
  /** Full funding items by put-code, for the amount and contributor roles summaries lack. */
  details?: ReadonlyMap<number, OrcidFunding>;
}

/** One grant candidate per fundings group. */
export function fundingsToCandidates(
  groups: readonly OrcidFundingGroup[],
  options: OrcidFundingMapOptions = {},
): CandidateItem[] {
  return groups
    .filter((group) => group.summaries.length > 0)
    .map((group) => fundingGroupToCandidate(group, options));
}

export function fundingGroupToCandidate(
  group: OrcidFundingGroup,
  options: OrcidFundingMapOptions = {},
): CandidateItem {
  const versions = rankVersions(group.summaries, options.orcid);
  const preferred = versions[0];
  if (preferred === undefined)
    throw new RangeError("a fundings group with no funding-summary makes no candidate");
  const detail =
    options.details?.get(preferred.putCode) ??
    versions.map((version) => options.details?.get(version.putCode)).find((funding) => funding !== undefined);
  const record: OrcidFunding | OrcidFundingSummary = detail ?? preferred;
  const all = detail ? [detail, ...versions] : versions;
  const candidate = fundingToCandidate(
    {
      ...record,
      title: record.title ?? firstOf(all, (version) => version.title),
      organization: record.organization ?? all.find((version) => version.organization)?.organization,
      startDate: record.startDate ?? all.find((version) => version.startDate?.year !== undefined)?.startDate,
      endDate: record.endDate ?? all.find((version) => version.endDate?.year !== undefined)?.endDate,
      externalIds: [...group.externalIds, ...all.flatMap((version) => version.externalIds)],
    },
    options,
  );
  return { ...candidate, sourceId: String(Math.min(...versions.map((version) => version.putCode))) };
}

/** A funding item (full or summary) as a grant candidate. */
export function fundingToCandidate(
  funding: OrcidFunding | OrcidFundingSummary,
  options: Pick<OrcidFundingMapOptions, "orcid"> = {},
): CandidateItem {
  const contributors = "contributors" in funding ? funding.contributors : [];
  const amount = "amount" in funding ? funding.amount : undefined;
  const { grantNumber, otherIds } = grantIds(funding.externalIds);
  const grant: CandidateGrant = compact({
    funder: funding.organization?.name,
    grantNumber,
    startYear: funding.startDate?.year,
    endYear: funding.endDate?.year,
    totalAmount: amount ? parseAmount(amount.value) : undefined,
    currency: amount?.currencyCode,
    role: grantRole(ownerContributor(contributors, options.orcid)?.role),
  });
  return compact({
    source: ORCID_SOURCE,
    sourceId: String(funding.putCode),
    kind: "grant" as const,
    sourceType: funding.type,
    title: funding.title ?? funding.translatedTitle ?? "",
    ...dateFields(funding.startDate),
    venue: funding.organization?.name,
    otherIds,
    contributors: contributors.map((contributor) =>
      compact({ name: contributor.name ?? "", orcid: contributor.orcid, role: contributor.role }),
    ),
    grant,
    url: funding.url,
  });
}

/** The award's own grant number, and every other id (a parent award's number is part-of). */
function grantIds(ids: readonly OrcidExternalId[]): { grantNumber?: string; otherIds: ExternalId[] } {
  let grantNumber: string | undefined;
  const otherIds: ExternalId[] = [];
  const seen = new Set<string>();
  for (const id of ids) {
    const self = isSelf(id);
    if (self && id.type === "grant_number" && grantNumber === undefined) {
      grantNumber = id.value;
      continue;
    }
    if (self && id.type === "grant_number" && id.value === grantNumber) continue;
    const key = `${self ? "" : id.relationship}|${id.type}|${id.value.toLowerCase()}`;
    if (seen.has(key)) continue;
    seen.add(key);
    otherIds.push(
      compact({ type: id.type, value: id.value, relationship: self ? undefined : id.relationship }),
    );
  }
  return compact({ grantNumber, otherIds });
}

/**
 * The contributor who is the record's owner: the one with their iD, or else the only contributor
 * when no contributor has an iD (a person adding their own grant lists themselves).
 */
function ownerContributor(
  contributors: readonly OrcidFundingContributor[],
  ownerOrcid: string | undefined,
): OrcidFundingContributor | undefined {
  const byOrcid =
    ownerOrcid === undefined
      ? undefined
      : contributors.find((contributor) => contributor.orcid === ownerOrcid);
  if (byOrcid) return byOrcid;
  const only = contributors.length === 1 ? contributors[0] : undefined;
  return only?.orcid === undefined ? only : undefined;
}

/** ORCID funding roles (v3.0 lead/co-lead; older principal-investigator/co-investigator) as ours. */
export function grantRole(role: string | undefined): GrantRole | undefined {
  if (role === undefined) return undefined;
  switch (
    role
      .trim()
      .toLowerCase()
      .replace(/[\s_]+/g, "-")
  ) {
    case "lead":
    case "principal-investigator":
      return "pi";
    case "co-lead":
    case "co-investigator":
      return "co_investigator";
    default:
      return "other";
  }
}

/** "1250000", "1,250,000" or "1000.0" as a number; undefined for anything less plain (e.g. "1.000.000"). */
function parseAmount(value: string): number | undefined {
  const plain = value.replace(/[\s,]/g, "");
  return /^\d+(?:\.\d+)?$/.test(plain) ? Number(plain) : undefined;
}

// ---------------------------------------------------------------------------------------------
// Names and affiliations

// Generational suffixes, dropped wherever they stand; degrees only after a comma ("Okafor, MD"),
// since a bare capitalised word at the end may be a surname or a PubMed-style set of initials.
const SUFFIX = /,?\s+(?:jr|sr|ii|iii|iv)\.?$/i;
const DEGREE = /,\s*(?:md|phd|mph|ms|msc|mbbs|do|rn|np|pharmd|dphil|facp|facc|frcp|frcpc)\.?$/i;

/**
 * The record's names as "Last, Given" variants for author matching: the name, the credit name and
 * every other name, each once. A name of one word, or of no letters, is no usable variant.
 */
export function otherNamesToVariants(person: OrcidPerson): string[] {
  const variants: string[] = [];
  const seen = new Set<string>();
  const add = (variant: string | undefined): void => {
    if (variant === undefined) return;
    const key = foldName(variant);
    if (key === "" || seen.has(key)) return;
    seen.add(key);
    variants.push(variant);
  };
  if (person.familyName && person.givenNames) add(`${clean(person.familyName)}, ${clean(person.givenNames)}`);
  for (const name of [person.creditName, ...person.otherNames]) if (name) add(nameVariant(name));
  return variants;
}

function nameVariant(written: string): string | undefined {
  let name = clean(written);
  for (let previous = ""; previous !== name;) {
    previous = name;
    name = name.replace(SUFFIX, "").replace(DEGREE, "").trim();
  }
  if (!/\p{L}/u.test(name)) return undefined;
  const comma = name.indexOf(",");
  if (comma >= 0) {
    const last = name.slice(0, comma).trim();
    const given = name.slice(comma + 1).trim();
    return last && /\p{L}/u.test(given) ? `${last}, ${given}` : undefined;
  }
  const words = name.split(" ");
  if (words.length < 2) return undefined;
  // "Okafor AN", as PubMed writes names: surname first, then the initials run together.
  if (words.length === 2 && /^[A-Z]{1,3}$/.test(words[1]!) && /\p{Ll}/u.test(words[0]!)) {
    return `${words[0]}, ${[...words[1]!].join(" ")}`;
  }
  const last = words.pop()!;
  return `${last}, ${words.join(" ")}`;
}

function clean(name: string): string {
  return name.replace(/\s+/g, " ").trim();
}

/** Organisation names, then departments, each once, in the record's order: evidence for affiliation matching. */
/** Each employment's organisation, department and years: past positions count for papers of their years. */
export function employmentsToPeriods(employments: readonly OrcidEmployment[]): EmploymentPeriod[] {
  return employments.flatMap((employment) => {
    const organization = clean(employment.organization?.name ?? "");
    if (organization === "") return [];
    const department = clean(employment.department ?? "");
    return [
      {
        organization,
        ...(department !== "" ? { department } : {}),
        ...(employment.startDate?.year !== undefined ? { startYear: employment.startDate.year } : {}),
        ...(employment.endDate?.year !== undefined ? { endYear: employment.endDate.year } : {}),
      },
    ];
  });
}

export function employmentsToAffiliationTerms(employments: readonly OrcidEmployment[]): string[] {
  const terms: string[] = [];
  const seen = new Set<string>();
  const add = (term: string | undefined): void => {
    const cleaned = term === undefined ? "" : clean(term);
    const key = foldName(cleaned);
    if (key === "" || seen.has(key)) return;
    seen.add(key);
    terms.push(cleaned);
  };
  for (const employment of employments) add(employment.organization?.name);
  for (const employment of employments) add(employment.department);
  return terms;
}

// ---------------------------------------------------------------------------------------------

function dateFields(date: OrcidDate | undefined): { year?: number; month?: number; day?: number } {
  if (date?.year === undefined) return {};
  return compact({
    year: date.year,
    month: date.month,
    day: date.month === undefined ? undefined : date.day,
  });
}

function firstOf<T, V>(items: readonly T[], pick: (item: T) => V | undefined): V | undefined {
  for (const item of items) {
    const value = pick(item);
    if (value !== undefined) return value;
  }
  return undefined;
}

type Compact<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};

/** The object without its undefined properties: a candidate leaves out what the source does not give. */
function compact<T extends object>(value: T): Compact<T> {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as Compact<T>;
}
