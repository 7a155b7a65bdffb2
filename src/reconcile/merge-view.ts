/**
 * A merged group as it is counted: one value per field taken from the first source, in that
 * field's explicit precedence, that has it; every source record kept and named; and for each
 * field the record it came from.
 */
import {
  normalizeDoi,
  normalizePmcid,
  normalizePmid,
  type CandidateGrant,
  type CandidateKind,
} from "../sources/candidate.ts";
import type { MergedField } from "../sources/source.ts";
import { fieldPrecedence, sourceRank } from "../sources/registry.ts";
import { firstAuthor as firstAuthorOf } from "./agreement.ts";
import type { ItemFacts, SourceInput } from "./facts.ts";
import { compareText, type NoticeType } from "./title.ts";

export type ViewField = MergedField;

const VIEW_FIELDS: readonly ViewField[] = [
  "kind",
  "title",
  "year",
  "venue",
  "doi",
  "pmid",
  "pmcid",
  "publicationTypes",
  "sourceType",
  "firstAuthor",
  "grant",
];

/**
 * Which source a field is taken from, first choice first, as each source's precedence says
 * (src/sources/*): PubMed is the reference for bibliographic fields; the type PubMed lacks
 * (presentation, poster, preprint, ...) comes from ORCID or the CV; a grant's details from
 * RePORTER, then ORCID, then the CV. A source not listed for a field never gives it.
 */
export const FIELD_PRECEDENCE: Readonly<Record<ViewField, readonly string[]>> = Object.fromEntries(
  VIEW_FIELDS.map((field) => [field, fieldPrecedence(field)]),
) as unknown as Record<ViewField, readonly string[]>;

export interface ViewSource {
  itemId: number;
  source: string;
  sourceId: string;
}

export interface MergedView {
  kind: CandidateKind;
  title: string;
  year?: number;
  venue?: string;
  doi?: string;
  pmid?: string;
  pmcid?: string;
  publicationTypes: string[];
  /** The source's own type (ORCID work type, CV entry type, NIH activity code), by precedence. */
  sourceType?: string;
  /** Every source type any member record gives, sorted. */
  sourceTypes: string[];
  firstAuthor?: string;
  grant?: CandidateGrant;
  /** Every identifier of every member: a preprint's DOI beside its article's. */
  dois: string[];
  pmids: string[];
  pmcids: string[];
  /** Every source record of every member, in precedence order. */
  sources: ViewSource[];
  /** For each field given, the record it came from: "pubmed:31452104". */
  from: Partial<Record<ViewField, string>>;
  /** Set for an erratum, correction, retraction notice, expression of concern or comment: never a new publication. */
  notice?: NoticeType;
  /** Only a preprint: no member is the published version. */
  preprint: boolean;
  conference?: "abstract" | "presentation";
  retracted: boolean;
  retractedBecause?: string;
}

interface Sourced {
  record: SourceInput;
  item: ItemFacts;
}

/**
 * `members` canonical first. Within one source, records of published (non-preprint) members come
 * first, then the canonical member's, then by item id and source id, so that a preprint never
 * gives a field its published article has.
 */
export function mergedView(members: readonly ItemFacts[], retractedBecause: string | undefined): MergedView {
  const canonical = members[0];
  if (canonical === undefined) throw new RangeError("a group has at least one member");
  const ordered: Sourced[] = members
    .flatMap((item) => item.records.map((record) => ({ record, item })))
    .sort(
      (a, b) =>
        Number(a.item.preprint) - Number(b.item.preprint) ||
        Number(b.item === canonical) - Number(a.item === canonical) ||
        a.item.id - b.item.id ||
        compareText(a.record.source, b.record.source) ||
        compareText(a.record.sourceId, b.record.sourceId),
    );
  const from: Partial<Record<ViewField, string>> = {};
  const pick = <T>(field: ViewField, value: (record: SourceInput) => T | undefined): T | undefined => {
    for (const source of FIELD_PRECEDENCE[field]) {
      for (const { record } of ordered) {
        if (record.source !== source) continue;
        const found = value(record);
        if (found === undefined || (Array.isArray(found) && found.length === 0)) continue;
        from[field] = `${record.source}:${record.sourceId}`;
        return found;
      }
    }
    return undefined;
  };

  const kind = pick("kind", (r) => r.candidate.kind) ?? canonical.kind;
  const title = pick("title", (r) => nonEmpty(r.candidate.title)) ?? canonical.records[0]!.candidate.title;
  const year = pick("year", (r) => r.candidate.year);
  const venue = pick("venue", (r) => nonEmpty(r.candidate.venue));
  const doi = pick("doi", (r) => normalizeDoi(r.candidate.doi));
  const pmid = pick("pmid", (r) => normalizePmid(r.candidate.pmid));
  const pmcid = pick("pmcid", (r) => normalizePmcid(r.candidate.pmcid));
  const publicationTypes = pick("publicationTypes", (r) => r.candidate.publicationTypes) ?? [];
  const sourceType = pick("sourceType", (r) => nonEmpty(r.candidate.sourceType));
  const firstAuthor = pick("firstAuthor", (r) => nonEmpty(firstAuthorOf(r.candidate.contributors)?.name));
  const grant = pick("grant", (r) => r.candidate.grant);
  const notice = members.find((member) => member.notice)?.notice?.type;
  const conference = members.find((member) => member.conference)?.conference;
  return {
    kind,
    title,
    ...(year !== undefined ? { year } : {}),
    ...(venue !== undefined ? { venue } : {}),
    ...(doi !== undefined ? { doi } : {}),
    ...(pmid !== undefined ? { pmid } : {}),
    ...(pmcid !== undefined ? { pmcid } : {}),
    publicationTypes: [...publicationTypes],
    ...(sourceType !== undefined ? { sourceType } : {}),
    sourceTypes: sorted(
      ordered.flatMap(({ record }) => (record.candidate.sourceType ? [record.candidate.sourceType] : [])),
    ),
    ...(firstAuthor !== undefined ? { firstAuthor } : {}),
    ...(grant !== undefined ? { grant } : {}),
    dois: sorted(members.flatMap((member) => member.dois)),
    pmids: sorted(members.flatMap((member) => member.pmids)),
    pmcids: sorted(members.flatMap((member) => member.pmcids)),
    sources: ordered
      .map(({ record, item }) => ({ itemId: item.id, source: record.source, sourceId: record.sourceId }))
      .sort(
        (a, b) =>
          sourceRank(a.source) - sourceRank(b.source) ||
          a.itemId - b.itemId ||
          compareText(a.sourceId, b.sourceId),
      ),
    from,
    ...(notice ? { notice } : {}),
    preprint: members.every((member) => member.preprint),
    ...(conference ? { conference } : {}),
    retracted: retractedBecause !== undefined,
    ...(retractedBecause !== undefined ? { retractedBecause } : {}),
  };
}

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value.trim() === "" ? undefined : value;
}

function sorted(values: readonly string[]): string[] {
  return [...new Set(values)].sort();
}
