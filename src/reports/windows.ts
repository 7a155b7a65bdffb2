/**
 * Productivity windows and per-person counts in them: pure functions over counted ledger lines that
 * already carry the calendar years they count in. Loading those lines is windows-report.ts's job.
 *
 * A window is a span of calendar years, inclusive. A publication or presentation counts in the window
 * of its year; a grant counts in every window its active years overlap, so a grant running through
 * both windows counts in both. Everyone in the cohort gets a count in every metric, zero included.
 */
import { METRICS, type Metric } from "../reconcile/classify.ts";

export interface YearSpan {
  from: number;
  to: number;
}

/** Metrics in the reference table's order: its three headline metrics first, then the others. */
export const REPORT_METRICS: readonly Metric[] = [
  "peer_reviewed_publications",
  "national_presentations",
  "grants_pi_or_coi",
  "other_publications",
  "other_presentations",
  "grants_other",
];

/** How each metric reads in a table: the reference table's wording for its three. */
export const METRIC_LABELS: Readonly<Record<Metric, string>> = {
  peer_reviewed_publications: "peer-reviewed publications",
  national_presentations: "national presentations",
  grants_pi_or_coi: "PI or co-investigator on a grant",
  other_publications: "other publications",
  other_presentations: "other presentations",
  grants_other: "other role on a grant",
};

/** One counted ledger line with the calendar years it counts in (a single year unless it is a grant). */
export interface DatedLine {
  facultyId: string;
  itemId: number;
  metric: Metric;
  years: YearSpan;
}

export type WindowSpec =
  | { kind: "fixed"; pre: YearSpan; post: YearSpan }
  /**
   * Relative to each person's program-start year S: pre is the `preYears` years before S, post the
   * `postYears` years starting with S (the start year is the first post year, so no year is skipped).
   */
  | { kind: "relative"; preYears: number; postYears: number };

export interface CohortMember {
  facultyId: string;
  /** "YYYY-MM-DD", or null when the roster has none. */
  hireDate: string | null;
  programStart: string | null;
}

/** A window as one person lived it: its years and how much of it they were on faculty. */
export interface PersonWindow extends YearSpan {
  /** Years of the window on faculty, from the hire date (fractions of a year by days). */
  yearsOnFaculty: number;
  /** The hire date falls after the window's first day: on faculty for only part of it. */
  partial: boolean;
}

export interface PersonCounts {
  facultyId: string;
  pre: PersonWindow;
  post: PersonWindow;
  counts: Record<Metric, { pre: number; post: number }>;
  /**
   * Output per year on faculty: what is dated from the hire year on in the window, over the years of
   * the window on faculty; null when they were not on faculty in the window at all.
   */
  ratesPerYear: Record<Metric, { pre: number | null; post: number | null }>;
}

export interface LeftOut {
  facultyId: string;
  reason: string;
}

/** "2011-2013" or "2014" (one year); throws RangeError with a message a person can act on. */
export function parseYearSpan(text: string): YearSpan {
  const match = /^\s*(\d{4})\s*(?:-\s*(\d{4})\s*)?$/.exec(text);
  if (!match) throw new RangeError(`"${text}" is not a span of years such as 2011-2013 (or one year, 2014)`);
  const from = Number(match[1]);
  const to = match[2] === undefined ? from : Number(match[2]);
  if (to < from) throw new RangeError(`"${text}" ends before it starts`);
  return { from, to };
}

export function formatYearSpan(span: YearSpan): string {
  return span.from === span.to ? String(span.from) : `${span.from}-${span.to}`;
}

export function spanLength(span: YearSpan): number {
  return span.to - span.from + 1;
}

export function overlaps(a: YearSpan, b: YearSpan): boolean {
  return a.from <= b.to && b.from <= a.to;
}

/** Fixed windows must not share a year: an item in both would be compared with itself. */
export function fixedWindows(pre: YearSpan, post: YearSpan): WindowSpec {
  if (overlaps(pre, post)) {
    throw new RangeError(
      `the pre window ${formatYearSpan(pre)} and the post window ${formatYearSpan(post)} share years`,
    );
  }
  return { kind: "fixed", pre, post };
}

export function relativeWindows(programStartYear: number, preYears: number, postYears: number) {
  return {
    pre: { from: programStartYear - preYears, to: programStartYear - 1 },
    post: { from: programStartYear, to: programStartYear + postYears - 1 },
  };
}

/** The person's windows, or why they have none (relative windows need a program start). */
export function windowsOf(
  member: CohortMember,
  spec: WindowSpec,
): { pre: YearSpan; post: YearSpan } | { leftOut: string } {
  switch (spec.kind) {
    case "fixed":
      return { pre: spec.pre, post: spec.post };
    case "relative":
      if (member.programStart === null) return { leftOut: "no program_start on the roster" };
      return relativeWindows(yearOf(member.programStart), spec.preYears, spec.postYears);
    default: {
      const unknown: never = spec;
      throw new Error(`Unknown window spec ${JSON.stringify(unknown)}`);
    }
  }
}

/**
 * Years of the window on faculty: whole years after the hire year, the part of the hire year from
 * the hire date on, nothing before. Without a hire date the person is taken as on faculty throughout.
 */
export function yearsOnFaculty(hireDate: string | null, window: YearSpan): number {
  if (hireDate === null) return spanLength(window);
  const hireYear = yearOf(hireDate);
  let years = 0;
  for (let year = window.from; year <= window.to; year += 1) {
    if (year > hireYear) years += 1;
    else if (year === hireYear) years += fractionOfYearFrom(hireDate);
  }
  return years;
}

/** Counts per metric of the lines that count in any year of the window. */
export function countInWindow(lines: readonly DatedLine[], window: YearSpan): Record<Metric, number> {
  const counts = zeroCounts();
  for (const line of lines) if (overlaps(line.years, window)) counts[line.metric] += 1;
  return counts;
}

/**
 * Every member's counts in their two windows, zeros where they had no output, in the members'
 * order; with relative windows, people without a program start are left out with the reason.
 */
export function countWindows(
  members: readonly CohortMember[],
  lines: readonly DatedLine[],
  spec: WindowSpec,
): { people: PersonCounts[]; leftOut: LeftOut[] } {
  const linesByPerson = new Map<string, DatedLine[]>();
  for (const line of lines) {
    const own = linesByPerson.get(line.facultyId);
    if (own) own.push(line);
    else linesByPerson.set(line.facultyId, [line]);
  }
  const people: PersonCounts[] = [];
  const leftOut: LeftOut[] = [];
  for (const member of members) {
    const windows = windowsOf(member, spec);
    if ("leftOut" in windows) {
      leftOut.push({ facultyId: member.facultyId, reason: windows.leftOut });
      continue;
    }
    people.push(personCounts(member, linesByPerson.get(member.facultyId) ?? [], windows.pre, windows.post));
  }
  return { people, leftOut };
}

function personCounts(
  member: CohortMember,
  lines: readonly DatedLine[],
  preSpan: YearSpan,
  postSpan: YearSpan,
): PersonCounts {
  const pre = personWindow(member.hireDate, preSpan);
  const post = personWindow(member.hireDate, postSpan);
  const preCounts = countInWindow(lines, preSpan);
  const postCounts = countInWindow(lines, postSpan);
  const preRates = ratesOnFaculty(lines, member.hireDate, pre);
  const postRates = ratesOnFaculty(lines, member.hireDate, post);
  const counts = {} as PersonCounts["counts"];
  const ratesPerYear = {} as PersonCounts["ratesPerYear"];
  for (const metric of METRICS) {
    counts[metric] = { pre: preCounts[metric], post: postCounts[metric] };
    ratesPerYear[metric] = { pre: preRates[metric], post: postRates[metric] };
  }
  return { facultyId: member.facultyId, pre, post, counts, ratesPerYear };
}

function personWindow(hireDate: string | null, span: YearSpan): PersonWindow {
  const years = yearsOnFaculty(hireDate, span);
  return { ...span, yearsOnFaculty: years, partial: years < spanLength(span) };
}

// Output dated before the hire year was not made on faculty; the ledger dates only to the year, so
// the hire year's output is kept whole while the hire year counts only from the hire date.
function ratesOnFaculty(
  lines: readonly DatedLine[],
  hireDate: string | null,
  window: PersonWindow,
): Record<Metric, number | null> {
  const rates = {} as Record<Metric, number | null>;
  const from = hireDate === null ? window.from : Math.max(window.from, yearOf(hireDate));
  const counts = from > window.to ? zeroCounts() : countInWindow(lines, { from, to: window.to });
  for (const metric of METRICS) {
    rates[metric] = window.yearsOnFaculty > 0 ? counts[metric] / window.yearsOnFaculty : null;
  }
  return rates;
}

function zeroCounts(): Record<Metric, number> {
  return Object.fromEntries(METRICS.map((metric) => [metric, 0])) as Record<Metric, number>;
}

function yearOf(isoDate: string): number {
  return Number(isoDate.slice(0, 4));
}

/** The part of the date's calendar year from the date on: 1 for 1 January, 1/365 for 31 December. */
function fractionOfYearFrom(isoDate: string): number {
  const date = new Date(`${isoDate.slice(0, 10)}T00:00:00Z`);
  const year = date.getUTCFullYear();
  const start = Date.UTC(year, 0, 1);
  const end = Date.UTC(year + 1, 0, 1);
  return (end - date.getTime()) / (end - start);
}
