/**
 * Every source ScholarTrack knows, in one list. Adding a source is a folder under src/sources and
 * one line here (docs/sources.md); nothing else names a source.
 */
import type { CandidateItem } from "./candidate.ts";
import { cvSource } from "./cv/index.ts";
import { orcidSource } from "./orcid/index.ts";
import { pubmedSource } from "./pubmed/index.ts";
import { reporterSource } from "./reporter/index.ts";
import type { MergedField, RecordSource } from "./source.ts";

/** The sources harvested from an API, each on a queue of its own, in the order runs list them. */
export const HARVEST_SOURCES = [pubmedSource, orcidSource, reporterSource] as const;

/** Every source of stored records: the harvested ones, and those imported from files. */
export const RECORD_SOURCES: readonly RecordSource[] = [...HARVEST_SOURCES, cvSource];

export type HarvestSourceName = (typeof HARVEST_SOURCES)[number]["name"];
/** The harvested sources' names: what `harvest --sources` and a job's source accept. */
export const HARVEST_SOURCE_NAMES = HARVEST_SOURCES.map((source) => source.name) as [
  HarvestSourceName,
  ...HarvestSourceName[],
];

const byName = new Map(RECORD_SOURCES.map((source) => [source.name, source]));

export function isHarvestSourceName(name: string): name is HarvestSourceName {
  return (HARVEST_SOURCE_NAMES as readonly string[]).includes(name);
}

/** The source of records stored under this name; throws for a name no source has. */
export function recordSource(name: string): RecordSource {
  const source = byName.get(name);
  if (source === undefined) throw new RangeError(`no source is named "${name}"`);
  return source;
}

/** A stored record, read back as a candidate item by the source that stored it. */
export function storedCandidate(source: string, payload: unknown): CandidateItem {
  return recordSource(source).toCandidate(payload);
}

/** Source names in their overall precedence: how an item's records are read in order. */
export const SOURCE_ORDER: readonly string[] = [...RECORD_SOURCES]
  .sort((a, b) => a.precedence.rank - b.precedence.rank)
  .map((source) => source.name);

/** A source's place in SOURCE_ORDER; unknown names come last. */
export function sourceRank(source: string): number {
  const index = SOURCE_ORDER.indexOf(source);
  return index < 0 ? SOURCE_ORDER.length : index;
}

/** The source bibliographic facts are checked against (the first in SOURCE_ORDER). */
export function isReferenceSource(source: string): boolean {
  return sourceRank(source) === 0;
}

/** Which sources a merged field is taken from, first choice first; a source not listed never gives it. */
export function fieldPrecedence(field: MergedField): string[] {
  return RECORD_SOURCES.flatMap((source) => {
    const place = source.precedence.fields[field];
    return place === undefined ? [] : [{ name: source.name, place, rank: source.precedence.rank }];
  })
    .sort((a, b) => a.place - b.place || a.rank - b.rank)
    .map((entry) => entry.name);
}
