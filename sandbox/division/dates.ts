import type { PartialDate } from "../../src/sources/pubmed/types.ts";

export const DAY_MS = 86_400_000;

export const MONTH_NAMES = [
  "Jan",
  "Feb",
  "Mar",
  "Apr",
  "May",
  "Jun",
  "Jul",
  "Aug",
  "Sep",
  "Oct",
  "Nov",
  "Dec",
];

export function ymd(date: PartialDate): number {
  return date.year * 10000 + (date.month ?? 1) * 100 + (date.day ?? 1);
}

/** A figure that grows with the year (PMIDs, application ids), piecewise-linear between known years. */
export function interpolate(table: ReadonlyArray<readonly [number, number]>, year: number): number {
  const first = table[0]!;
  const last = table[table.length - 1]!;
  let lower = first;
  let upper = table[1]!;
  if (year >= last[0]) [lower, upper] = [table[table.length - 2]!, last];
  else
    for (let i = 0; i + 1 < table.length; i++)
      if (year >= table[i]![0] && year < table[i + 1]![0]) [lower, upper] = [table[i]!, table[i + 1]!];
  const slope = (upper[1] - lower[1]) / (upper[0] - lower[0]);
  return lower[1] + (year - lower[0]) * slope;
}

export function addYears(date: Date, years: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()));
}

export function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

export function dateOf(date: Date): PartialDate {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
