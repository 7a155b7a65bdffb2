/**
 * What dedupe needs to know of one stored item, read once from all its source records:
 * identifiers, titles, years, venues, first authors, and what kind of thing it is (an ordinary
 * publication, a preprint, conference output, a grant, or a notice about another item).
 */
import { sourceRank } from "../sources/registry.ts";
import { firstAuthorSurname, venueTokens, type Venue } from "./agreement.ts";
import {
  normalizeDoi,
  normalizePmcid,
  normalizePmid,
  type CandidateItem,
  type CandidateKind,
} from "../sources/candidate.ts";
import {
  compareText,
  parseNoticeTitle,
  parseRetractedTitle,
  titleForm,
  type NoticeType,
  type TitleForm,
} from "./title.ts";

/** What one source said about an item: its stored record read as a candidate. */
export interface SourceInput {
  source: string;
  sourceId: string;
  candidate: CandidateItem;
}

/** One stored item (one exact identity) and what each of its sources says. */
export interface ReconcileInput {
  id: number;
  records: SourceInput[];
}

/**
 * Items are compared only within a family. Notices are families of their own, so that an
 * erratum, whose title is its target's with "Erratum:" in front, is never merged into it.
 */
export type Family =
  | "publication"
  | "conference"
  | "grant"
  | "notice:correction"
  | "notice:retraction"
  | "notice:concern"
  | "notice:comment";

export interface NoticeFacts {
  type: NoticeType;
  /** Why it is a notice: a PubMed publication type or the title's wording. */
  because: string;
  fromTitle: boolean;
  refersTo?: TitleForm;
  refersToText?: string;
}

/** A PubMed link from this item to another by PMID (ErratumFor, RetractionOf, CommentOn, UpdateOf...). */
export interface PmidLink {
  refType: string;
  pmid: string;
}

export interface ItemFacts {
  index: number;
  id: number;
  /** Its records, best source first (the registry's SOURCE_ORDER, then source id). */
  records: SourceInput[];
  kind: CandidateKind;
  family: Family;
  notice?: NoticeFacts;
  preprint: boolean;
  /** Conference output: an abstract (linked to its later paper as abstract_of) or a talk or poster. */
  conference?: "abstract" | "presentation";
  /** Why the item itself is retracted or withdrawn, when a source says so. */
  retracted?: string;
  dois: string[];
  pmids: string[];
  pmcids: string[];
  grantNumbers: string[];
  /** DOIs of other versions of this work (ORCID "version-of"): a preprint's published article. */
  versionOf: string[];
  pmidLinks: PmidLink[];
  titles: TitleForm[];
  years: number[];
  venues: Venue[];
  firstAuthors: string[];
}

const NOTICE_TYPES: ReadonlyArray<[string, NoticeType]> = [
  ["published erratum", "erratum"],
  ["retraction of publication", "retraction"],
  ["expression of concern", "concern"],
  ["comment", "comment"],
];

// Preprint servers' DOIs. 10.1101 is also Cold Spring Harbor's journals (10.1101/gr.…): only
// bioRxiv's and medRxiv's dated or all-digit suffixes are preprints.
const PREPRINT_DOI =
  /^10\.(?:1101\/(?:\d{4}\.\d{2}\.\d{2}\.)?\d{5,}|21203\/rs\.|2139\/ssrn\.|20944\/preprints|31219\/osf\.|31234\/osf\.|26434\/chemrxiv|22541\/au\.|48550\/arxiv\.|1590\/scielopreprints)/;
const PREPRINT_VENUE =
  /\b(?:biorxiv|medrxiv|arxiv|research square|ssrn|preprints\.org|chemrxiv|psyarxiv|osf preprints|authorea)\b/i;
const PREPRINT_TYPES = new Set(["preprint", "posted-content"]);
const ABSTRACT_TYPES = new Set(["conference-abstract", "abstract", "meeting-abstract"]);

export function itemFacts(input: ReconcileInput, index: number): ItemFacts {
  const records = [...input.records].sort(
    (a, b) =>
      sourceRank(a.source) - sourceRank(b.source) ||
      compareText(a.source, b.source) ||
      compareText(a.sourceId, b.sourceId),
  );
  const first = records[0];
  if (first === undefined) throw new RangeError(`item ${input.id} has no source records to reconcile`);
  const candidates = records.map((record) => record.candidate);
  const publicationTypes = new Set(
    candidates.flatMap((c) => c.publicationTypes ?? []).map((type) => type.toLowerCase()),
  );
  const sourceTypes = new Set(candidates.flatMap((c) => (c.sourceType ? [c.sourceType.toLowerCase()] : [])));
  const kind = first.candidate.kind;

  const dois = unique([
    ...candidates.map((c) => normalizeDoi(c.doi)),
    ...candidates.flatMap((c) =>
      c.otherIds
        .filter((id) => id.type === "doi" && isOwn(id.relationship))
        .map((id) => normalizeDoi(id.value)),
    ),
  ]);
  const pmids = unique(candidates.map((c) => normalizePmid(c.pmid)));
  const pmcids = unique(candidates.map((c) => normalizePmcid(c.pmcid)));
  const versionOf = unique(
    candidates.flatMap((c) =>
      c.otherIds
        .filter((id) => id.type === "doi" && id.relationship === "version-of")
        .map((id) => normalizeDoi(id.value)),
    ),
  ).filter((doi) => !dois.includes(doi));

  const retractedTitles = candidates.flatMap((c) => {
    const real = parseRetractedTitle(c.title);
    return real === undefined ? [] : [real];
  });
  const titleTexts = unique([
    ...retractedTitles,
    ...candidates.map((c) => (parseRetractedTitle(c.title) ? undefined : c.title)),
  ]);
  const notice = noticeOf(publicationTypes, candidates);
  const preprint =
    publicationTypes.has("preprint") ||
    [...sourceTypes].some((type) => PREPRINT_TYPES.has(type)) ||
    (dois.length > 0 && dois.every((doi) => PREPRINT_DOI.test(doi))) ||
    candidates.some((c) => c.venue !== undefined && PREPRINT_VENUE.test(c.venue));
  const conference =
    kind === "presentation" || publicationTypes.has("congress")
      ? [...sourceTypes].some((type) => ABSTRACT_TYPES.has(type)) || publicationTypes.has("congress")
        ? ("abstract" as const)
        : ("presentation" as const)
      : undefined;

  const venueNames = unique([
    ...candidates.map((c) => c.venue),
    ...candidates.flatMap((c) => c.venueAliases ?? []),
  ]);
  return {
    index,
    id: input.id,
    records,
    kind,
    family: familyOf(kind, notice, conference),
    ...(notice ? { notice } : {}),
    preprint: preprint && notice === undefined && kind === "publication",
    ...(conference ? { conference } : {}),
    ...retraction(publicationTypes, candidates, retractedTitles),
    dois,
    pmids,
    pmcids,
    grantNumbers: unique(candidates.map((c) => grantKey(c.grant?.coreProjectNumber ?? c.grant?.grantNumber))),
    versionOf,
    pmidLinks: candidates.flatMap((candidate) =>
      (candidate.commentsCorrections ?? []).flatMap((link) => {
        const pmid = normalizePmid(link.pmid);
        return pmid === undefined || pmids.includes(pmid) ? [] : [{ refType: link.refType, pmid }];
      }),
    ),
    titles: uniqueBy(titleTexts.map(titleForm), (form) => form.text).filter((form) => form.text !== ""),
    years: unique(candidates.map((c) => c.year)).sort((a, b) => a - b),
    venues: uniqueBy(
      venueNames
        .map((name) => ({ name, tokens: venueTokens(name) }))
        .filter((venue) => venue.tokens.length > 0),
      (venue) => venue.tokens.join(" "),
    ),
    firstAuthors: unique(candidates.map((c) => firstAuthorSurname(c.contributors))),
  };
}

function isOwn(relationship: string | undefined): boolean {
  return relationship === undefined || relationship === "self";
}

function familyOf(
  kind: CandidateKind,
  notice: NoticeFacts | undefined,
  conference: string | undefined,
): Family {
  if (kind === "grant") return "grant";
  if (notice) {
    switch (notice.type) {
      case "erratum":
      case "correction":
        return "notice:correction";
      case "retraction":
        return "notice:retraction";
      case "concern":
        return "notice:concern";
      case "comment":
        // A PubMed comment under a title of its own is compared with publications (its copy on a CV
        // has no "Comment" type); one titled "Comment on: <title>" could be taken for its target.
        return notice.fromTitle ? "notice:comment" : "publication";
    }
  }
  return conference ? "conference" : "publication";
}

function noticeOf(
  publicationTypes: ReadonlySet<string>,
  candidates: readonly CandidateItem[],
): NoticeFacts | undefined {
  for (const candidate of candidates) {
    const parsed = parseNoticeTitle(candidate.title);
    if (parsed) {
      const refersTo = parsed.refersTo === undefined ? undefined : titleForm(parsed.refersTo);
      return {
        type: parsed.type,
        because: `titled "${candidate.title.slice(0, 60)}"`,
        fromTitle: true,
        ...(refersTo && parsed.refersTo ? { refersTo, refersToText: parsed.refersTo } : {}),
      };
    }
  }
  const typed = NOTICE_TYPES.find(([type]) => publicationTypes.has(type));
  return typed
    ? { type: typed[1], because: `PubMed type ${titleCase(typed[0])}`, fromTitle: false }
    : undefined;
}

// PubMed RefTypes by which the item itself is retracted or replaced.
const RETRACTED_BY = new Map([
  ["RetractionIn", "PubMed: retraction in PMID"],
  ["RetractedandRepublishedIn", "PubMed: retracted and republished in PMID"],
  ["CorrectedandRepublishedIn", "PubMed: corrected and republished in PMID"],
]);

function retraction(
  publicationTypes: ReadonlySet<string>,
  candidates: readonly CandidateItem[],
  retractedTitles: readonly string[],
): { retracted?: string } {
  if (publicationTypes.has("retracted publication"))
    return { retracted: "PubMed type Retracted Publication" };
  for (const candidate of candidates) {
    for (const link of candidate.commentsCorrections ?? []) {
      const because = RETRACTED_BY.get(link.refType);
      if (because) return { retracted: `${because} ${link.pmid ?? "(not given)"}` };
    }
  }
  return retractedTitles.length > 0 ? { retracted: "titled as retracted or withdrawn" } : {};
}

/**
 * A grant number as a key: NIH numbers by their core project number ("5R01AI139180-05" and
 * "R01 AI139180" → R01AI139180); others upper case without spaces or punctuation, if long enough
 * not to be a coincidence.
 */
export function grantKey(value: string | undefined): string | undefined {
  if (!value) return undefined;
  const plain = value.toUpperCase().replace(/[^A-Z0-9-]/g, "");
  const nih = /^\d?([A-Z]\d{2}[A-Z]{2}\d{6})(?:-.*)?$/.exec(plain);
  if (nih?.[1]) return nih[1];
  const compact = plain.replace(/-/g, "");
  // A grant number has digits: "PENDING" or "INTERNAL" names no grant, and two such would merge.
  return compact.length >= 5 && /\d/.test(compact) ? compact : undefined;
}

function titleCase(text: string): string {
  return text.replace(/\b\w/g, (letter) => letter.toUpperCase());
}

function unique<T>(values: ReadonlyArray<T | undefined>): T[] {
  return [...new Set(values.filter((value): value is T => value !== undefined && value !== ""))];
}

function uniqueBy<T>(values: readonly T[], key: (value: T) => string): T[] {
  const seen = new Set<string>();
  return values.filter((value) => {
    const k = key(value);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}
