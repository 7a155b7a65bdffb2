/**
 * One person's output by year and metric, with the items behind each count: what faculty affairs
 * and the person read to check a windows report. Years are dated as in the windows report, so a
 * grant counts in each of its active years (and is listed under each).
 */
import { stringify } from "csv-stringify/sync";
import type { Metric } from "../reconcile/classify.ts";
import { escapeHtml, htmlPage, htmlTable } from "./html.ts";
import type { ReportFormat } from "./render-windows.ts";
import { renderTable } from "./table.ts";
import {
  ledgerNotes,
  type DateSetting,
  type LedgerForReports,
  type LedgerLineView,
} from "./windows-report.ts";
import { formatYearSpan, METRIC_LABELS, overlaps, REPORT_METRICS, type YearSpan } from "./windows.ts";

export interface FacultyReportItem {
  itemId: number;
  metric: Metric;
  kind: LedgerLineView["kind"];
  title: string;
  venue: string | null;
  /** The years it counts in; null when nothing dates it. */
  years: YearSpan | null;
  datedBy: string;
  role: string | null;
  authorPosition: string | null;
  /** Every item merged into it, itself included. */
  memberItemIds: number[];
}

export interface FacultyReportYear {
  year: number;
  counts: Record<Metric, number>;
  /** The item ids behind each count. */
  items: Record<Metric, number[]>;
}

export interface FacultyReport {
  faculty: {
    id: string;
    name: string;
    rank: string | null;
    cohort: string | null;
    hireDate: string | null;
    programStart: string | null;
  };
  date: DateSetting;
  /** The years shown: as asked, else from the first to the last year with output; null when none. */
  years: YearSpan | null;
  byYear: FacultyReportYear[];
  /** Every counted item in the years shown (undated ones too), once. */
  items: FacultyReportItem[];
  notes: string[];
}

export interface FacultyReportRequest {
  facultyId: string;
  date: DateSetting;
  from?: number;
  to?: number;
}

/** The person's roster fields the report shows. */
export interface ReportedPerson {
  id: string;
  lastName: string;
  firstName: string;
  rank: string | null;
  cohort: string | null;
  hireDate: Date | null;
  programStart: Date | null;
}

/** The report from the person and their loaded ledger. Pure. */
export function assembleFacultyReport(
  person: ReportedPerson,
  ledger: LedgerForReports,
  request: FacultyReportRequest,
): FacultyReport {
  const years = shownYears(ledger.lines, request.from, request.to);
  const shown = ledger.lines.filter(
    (line) => line.years === null || (years !== null && overlaps(line.years, years)),
  );
  const notes = ledgerNotes(ledger, request.date);
  if (ledger.lines.length === 0) notes.unshift("No counted items in the ledger.");
  return {
    faculty: {
      id: person.id,
      name: `${person.lastName}, ${person.firstName}`,
      rank: person.rank,
      cohort: person.cohort,
      hireDate: person.hireDate?.toISOString().slice(0, 10) ?? null,
      programStart: person.programStart?.toISOString().slice(0, 10) ?? null,
    },
    date: request.date,
    years,
    byYear: years === null ? [] : countByYear(shown, years),
    items: shown.map(reportItem),
    notes,
  };
}

function shownYears(lines: readonly LedgerLineView[], from?: number, to?: number): YearSpan | null {
  const dated = lines.flatMap((line) => (line.years ? [line.years] : []));
  const first = from ?? Math.min(...dated.map((span) => span.from));
  const last = to ?? Math.max(...dated.map((span) => span.to));
  return Number.isFinite(first) && Number.isFinite(last) && first <= last ? { from: first, to: last } : null;
}

/** Pure: counts and item ids per year and metric, every year of the span listed, zeros included. */
export function countByYear(lines: readonly LedgerLineView[], span: YearSpan): FacultyReportYear[] {
  const result: FacultyReportYear[] = [];
  for (let year = span.from; year <= span.to; year += 1) {
    const counts = Object.fromEntries(REPORT_METRICS.map((metric) => [metric, 0])) as Record<Metric, number>;
    const items = Object.fromEntries(REPORT_METRICS.map((metric) => [metric, []])) as unknown as Record<
      Metric,
      number[]
    >;
    for (const line of lines) {
      if (line.years === null || year < line.years.from || year > line.years.to) continue;
      counts[line.metric] += 1;
      items[line.metric].push(line.itemId);
    }
    result.push({ year, counts, items });
  }
  return result;
}

function reportItem(line: LedgerLineView): FacultyReportItem {
  return {
    itemId: line.itemId,
    metric: line.metric,
    kind: line.kind,
    title: line.title,
    venue: line.venue,
    years: line.years,
    datedBy: line.datedBy,
    role: line.role,
    authorPosition: line.authorPosition,
    memberItemIds: line.memberItemIds,
  };
}

// ---- rendering ----

const SHORT_LABELS: Readonly<Record<Metric, string>> = {
  peer_reviewed_publications: "PEER-REVIEWED PUBS",
  national_presentations: "NATIONAL PRES",
  grants_pi_or_coi: "GRANTS PI/CO-I",
  other_publications: "OTHER PUBS",
  other_presentations: "OTHER PRES",
  grants_other: "GRANTS OTHER",
};

export function renderFacultyReport(report: FacultyReport, format: ReportFormat): string {
  switch (format) {
    case "table":
      return renderFacultyTable(report);
    case "csv":
      return renderFacultyCsv(report);
    case "json":
      return JSON.stringify(report, null, 2);
    case "html":
      return renderFacultyHtml(report);
    default: {
      const unknown: never = format;
      throw new Error(`Unknown report format ${String(unknown)}`);
    }
  }
}

function heading(report: FacultyReport): string {
  const { faculty } = report;
  const facts = [
    faculty.rank,
    faculty.cohort === null ? null : `cohort ${faculty.cohort}`,
    faculty.hireDate === null ? null : `hired ${faculty.hireDate}`,
    faculty.programStart === null ? null : `program start ${faculty.programStart}`,
  ].filter((fact) => fact !== null);
  return `${faculty.id} ${faculty.name}${facts.length > 0 ? ` (${facts.join("; ")})` : ""}`;
}

function describeItem(item: FacultyReportItem): string {
  const details = [
    item.venue,
    item.kind === "grant" && item.years ? formatYearSpan(item.years) : null,
    item.role,
    item.authorPosition === null ? null : `${item.authorPosition} author`,
  ].filter((detail) => detail !== null && detail !== "");
  return `item ${item.itemId}  ${item.title}${details.length > 0 ? ` (${details.join("; ")})` : ""}`;
}

function itemsById(report: FacultyReport): Map<number, FacultyReportItem> {
  return new Map(report.items.map((item) => [item.itemId, item]));
}

function renderFacultyTable(report: FacultyReport): string {
  const lines = [heading(report), ""];
  if (report.years !== null) {
    const dating = report.date === "electronic" ? "PubMed electronic date" : "publication year";
    lines.push(
      `Counted items by year ${formatYearSpan(report.years)} (publications by ${dating}; grants in each active year):`,
      renderTable(
        ["YEAR", ...REPORT_METRICS.map((metric) => SHORT_LABELS[metric])],
        report.byYear.map((row) => [row.year, ...REPORT_METRICS.map((metric) => row.counts[metric])]),
      ),
      "",
      "Items behind each count:",
    );
    const byId = itemsById(report);
    for (const row of report.byYear) {
      const metrics = REPORT_METRICS.filter((metric) => row.items[metric].length > 0);
      if (metrics.length === 0) continue;
      lines.push(String(row.year));
      for (const metric of metrics) {
        lines.push(`  ${METRIC_LABELS[metric]} (${row.counts[metric]})`);
        for (const itemId of row.items[metric]) lines.push(`    ${describeItem(byId.get(itemId)!)}`);
      }
    }
  }
  const undated = report.items.filter((item) => item.years === null);
  if (undated.length > 0) {
    lines.push("No year (counted in no year or window):");
    for (const item of undated) lines.push(`  ${METRIC_LABELS[item.metric]}: ${describeItem(item)}`);
  }
  if (report.notes.length > 0) lines.push("", ...report.notes);
  return lines.join("\n").replace(/\n+$/, "");
}

/** One row per year, metric and item behind the count; an undated item has an empty year. */
export const FACULTY_CSV_COLUMNS = [
  "faculty_id",
  "year",
  "metric",
  "item_id",
  "kind",
  "title",
  "venue",
  "active_from",
  "active_to",
  "role",
  "author_position",
  "dated_by",
] as const;

function renderFacultyCsv(report: FacultyReport): string {
  const byId = itemsById(report);
  const row = (year: number | "", item: FacultyReportItem) => [
    report.faculty.id,
    year,
    item.metric,
    item.itemId,
    item.kind,
    item.title,
    item.venue ?? "",
    item.years?.from ?? "",
    item.years?.to ?? "",
    item.role ?? "",
    item.authorPosition ?? "",
    item.datedBy,
  ];
  const rows = report.byYear.flatMap((year) =>
    REPORT_METRICS.flatMap((metric) => year.items[metric].map((itemId) => row(year.year, byId.get(itemId)!))),
  );
  const undated = report.items.filter((item) => item.years === null).map((item) => row("", item));
  return stringify([[...FACULTY_CSV_COLUMNS], ...rows, ...undated]).replace(/\n$/, "");
}

function renderFacultyHtml(report: FacultyReport): string {
  const byId = itemsById(report);
  const parts = [`<h1>${escapeHtml(heading(report))}</h1>`];
  if (report.years !== null) {
    parts.push(
      `<h2>Counted items by year</h2>`,
      htmlTable(
        ["year", ...REPORT_METRICS.map((metric) => METRIC_LABELS[metric])],
        report.byYear.map((row) => [
          String(row.year),
          ...REPORT_METRICS.map((metric) => String(row.counts[metric])),
        ]),
      ),
      `<h2>Items behind each count</h2>`,
    );
    for (const row of report.byYear) {
      const metrics = REPORT_METRICS.filter((metric) => row.items[metric].length > 0);
      if (metrics.length === 0) continue;
      parts.push(`<h3>${row.year}</h3>`);
      for (const metric of metrics) {
        parts.push(
          `<p>${escapeHtml(METRIC_LABELS[metric])} (${row.counts[metric]})</p><ul>`,
          ...row.items[metric].map((itemId) => `<li>${escapeHtml(describeItem(byId.get(itemId)!))}</li>`),
          `</ul>`,
        );
      }
    }
  }
  const undated = report.items.filter((item) => item.years === null);
  if (undated.length > 0) {
    parts.push(
      `<h2>No year</h2><ul>`,
      ...undated.map(
        (item) => `<li>${escapeHtml(`${METRIC_LABELS[item.metric]}: ${describeItem(item)}`)}</li>`,
      ),
      `</ul>`,
    );
  }
  if (report.notes.length > 0) {
    parts.push(`<h2>Notes</h2><ul>`, ...report.notes.map((note) => `<li>${escapeHtml(note)}</li>`), `</ul>`);
  }
  return htmlPage(`Output of ${report.faculty.id}`, parts.join("\n"));
}
