import type { PartialDate, PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

/** A calendar day, as PubMed's History dates give it. */
export interface Day {
  year: number;
  month: number;
  day: number;
}

export function fullDate(date: PartialDate): Day {
  return { year: date.year, month: date.month ?? 1, day: date.day ?? 1 };
}

/**
 * The date a record entered PubMed ([edat]) unless told otherwise: its earliest publication date,
 * as most records enter around when they are published. A sandbox told of a later entry (a record
 * added tonight) uses that instead.
 */
export function entrezDate(record: PubmedArticleRecord): Day {
  const dates = [record.electronicDate, record.publicationDate]
    .filter((d): d is PartialDate => d !== undefined)
    .map(fullDate);
  dates.sort((a, b) => a.year - b.year || a.month - b.month || a.day - b.day);
  return dates[0] ?? { year: 1970, month: 1, day: 1 };
}

/** yyyymmdd, for comparing days. */
export function dayNumber(day: Day): number {
  return day.year * 10000 + day.month * 100 + day.day;
}

/** A Date's UTC day. */
export function dayOf(date: Date): Day {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
