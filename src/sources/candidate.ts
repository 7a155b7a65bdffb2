/**
 * A source-neutral candidate item: what a mapper (src/sources/<name>/map.ts) makes of one source
 * record, before dedupe and classification. Every field a source does not give is left out.
 */

export const PRESENTATION_SCOPES = ["international", "national", "regional", "local"] as const;
export type PresentationScope = (typeof PRESENTATION_SCOPES)[number];

export function isPresentationScope(scope: string): scope is PresentationScope {
  return (PRESENTATION_SCOPES as readonly string[]).includes(scope);
}

export type CandidateKind = "publication" | "presentation" | "grant";

export interface ExternalId {
  /** Lower-case id type as the source names it: doi, pmid, pmc, eid, isbn, wosuid, grant_number, ... */
  type: string;
  value: string;
  /**
   * Set when the id is not the item's own, as the source says (ORCID: part-of for a journal's
   * ISSN or a book's ISBN, version-of for another version's DOI, funded-by for a grant), so that
   * it is never taken for the item's identity.
   */
  relationship?: string;
}

export interface CandidateContributor {
  name: string;
  orcid?: string;
  /** Role as the source gives it: author, editor, principal-investigator, co-investigator, ... */
  role?: string;
  sequence?: "first" | "additional";
}

export type GrantRole = "pi" | "multiple_pi" | "co_investigator" | "other";

export interface CandidateGrant {
  funder?: string;
  /** As the source writes it, e.g. "R01 AI139180" or "5R01AI139180-05". */
  grantNumber?: string;
  /** The core project number when the source has one (e.g. R01AI139180), to collapse fiscal years. */
  coreProjectNumber?: string;
  activityCode?: string;
  agency?: string;
  /** The organisation the award was made to, as the source names it ("UNIVERSITY OF NORTHFIELD"). */
  institution?: string;
  startYear?: number;
  endYear?: number;
  /** Award total per fiscal year, when the source gives amounts. */
  amountsByYear?: Record<string, number>;
  totalAmount?: number;
  currency?: string;
  role?: GrantRole;
  /** Supplements and other fiscal-year records folded into this grant. */
  relatedNumbers?: string[];
}

/** A record the item refers to by PMID, as PubMed's CommentsCorrections list them. */
export interface RecordReference {
  /** ErratumFor, ErratumIn, RetractionOf, RetractionIn, CommentOn, CommentIn, UpdateOf, ... */
  refType: string;
  pmid?: string;
}

export interface CandidateItem {
  /** Which source said it: the registry name of the source (src/sources/registry.ts). */
  source: string;
  /** The record's own id in that source (PMID, ORCID put-code, RePORTER core project number, ...). */
  sourceId: string;
  kind: CandidateKind;
  /** The source's own type, e.g. ORCID "journal-article", "conference-poster"; RePORTER "R01". */
  sourceType?: string;
  /** PubMed publication types (Journal Article, Review, Letter, ...), when the source has them. */
  publicationTypes?: string[];
  title: string;
  year?: number;
  month?: number;
  day?: number;
  /** Journal, conference or funder name, as given. */
  venue?: string;
  doi?: string;
  pmid?: string;
  pmcid?: string;
  /** Every other external id, kept with its type. */
  otherIds: ExternalId[];
  contributors: CandidateContributor[];
  grant?: CandidateGrant;
  url?: string;
  /** Other names of the venue (a journal's abbreviation), for telling whether two venues agree. */
  venueAliases?: string[];
  /** The year it was published online, when the source dates that apart (PubMed's electronic date). */
  electronicYear?: number;
  /** Errata, retractions, comments and updates it is, or has, by PMID: how notices find their item. */
  commentsCorrections?: RecordReference[];
  /** The person's own statement that it is peer-reviewed or not (a CV row). */
  peerReviewed?: boolean;
  /** A presentation's scope as the person states it (a CV row). */
  scope?: PresentationScope;
  /** Where in the journal, for citations: volume, issue, pages as the source writes them. */
  volume?: string;
  issue?: string;
  pages?: string;
  /** The journal's abbreviation (NLM style citations use it). */
  venueAbbreviation?: string;
}

/**
 * True for a value that is already a candidate item. Harvests once stored ORCID and RePORTER
 * records as mapped candidates; their sources still read them so (see each source's toCandidate).
 */
export function isCandidateItem(value: unknown): value is CandidateItem {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return false;
  const fields = value as Record<string, unknown>;
  return (
    typeof fields.source === "string" &&
    typeof fields.sourceId === "string" &&
    typeof fields.kind === "string" &&
    typeof fields.title === "string" &&
    Array.isArray(fields.otherIds) &&
    Array.isArray(fields.contributors)
  );
}

/** DOI lower-cased without any https://doi.org/, http://dx.doi.org/ or doi: prefix; undefined if not a DOI. */
export function normalizeDoi(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const trimmed = value
    .trim()
    .replace(/^(?:https?:\/\/)?(?:dx\.)?doi\.org\//i, "")
    .replace(/^doi:\s*/i, "")
    .trim()
    .toLowerCase();
  return /^10\.\d{4,9}\/\S+$/.test(trimmed) ? trimmed : undefined;
}

/** PMID as digits only ("PMID: 12345" → "12345"); undefined when there are none. */
export function normalizePmid(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const match = /(\d{1,9})/.exec(value.replace(/^.*?pmid[:\s]*/i, ""));
  return match ? String(Number(match[1])) : undefined;
}

/** PMCID as "PMC" followed by digits ("pmc123", "123", "PMCID: PMC123" → "PMC123"). */
export function normalizePmcid(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const match = /(?:pmc)?\s*(\d{1,9})/i.exec(value.replace(/^.*?pmcid[:\s]*/i, ""));
  return match ? `PMC${Number(match[1])}` : undefined;
}
