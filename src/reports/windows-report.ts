/**
 * The windows report and the faculty report read the same thing from the database: each person's
 * counted ledger lines, dated. A publication or presentation is dated by its ledger year (or, with
 * the electronic-date setting, a publication by its PubMed electronic date); a grant by its active
 * years, read from the source record the ledger took the grant from (RePORTER, then ORCID, then CV).
 */
import type { CandidateKind as ItemKind } from "../sources/candidate.ts";
import { METRICS, type Metric } from "../reconcile/classify.ts";
import { FIELD_PRECEDENCE } from "../reconcile/merge-view.ts";
import { fieldPrecedence, recordSource, storedCandidate } from "../sources/registry.ts";
import { comparePaired, type PairedComparison } from "../stats/paired.ts";
import {
  countWindows,
  formatYearSpan,
  REPORT_METRICS,
  spanLength,
  type CohortMember,
  type DatedLine,
  type LeftOut,
  type PersonCounts,
  type WindowSpec,
  type YearSpan,
} from "./windows.ts";

export const DATE_SETTINGS = ["publication", "electronic"] as const;
/** Which year dates a publication: the ledger's (publication) year, or PubMed's electronic date. */
export type DateSetting = (typeof DATE_SETTINGS)[number];

/** A counted ledger line as the reports show it, with the years it counts in. */
export interface LedgerLineView {
  facultyId: string;
  itemId: number;
  memberItemIds: number[];
  kind: ItemKind;
  metric: Metric;
  title: string;
  venue: string | null;
  /** The ledger's year (a grant's first year). */
  year: number | null;
  role: string | null;
  authorPosition: string | null;
  /** The years it counts in; null when nothing dates it (it then counts in no window). */
  years: YearSpan | null;
  /** What dated it, in words: "publication year", "active years from reporter:R01AI1", ... */
  datedBy: string;
}

export interface LedgerForReports {
  lines: LedgerLineView[];
  /** Counted lines left out because a link they rest on is no longer accepted. */
  notAccepted: Array<{ facultyId: string; itemId: number }>;
  /** Accepted links of each person that no ledger line holds yet (accepted since the last reconcile). */
  unreconciled: Map<string, number>;
}

export interface StoredRecord {
  itemId: number;
  source: string;
  sourceId: string;
  payload: unknown;
}

/** A ledger line as stored, with what dates it. */
export interface StoredLedgerLine extends Omit<LedgerLineView, "years" | "datedBy" | "metric"> {
  metric: string | null;
  counted: boolean;
  provenance: unknown;
}

type CountedLine = Omit<LedgerLineView, "years" | "datedBy"> & { provenance: unknown };

/**
 * The lines that count (counted, and every link they rest on still accepted), and what is out of
 * step with the people's links: lines resting on links no longer accepted, accepted links no line
 * holds yet. Pure.
 */
export function countedLedger(
  entries: readonly StoredLedgerLine[],
  links: ReadonlyArray<{ facultyId: string; itemId: number; status: string }>,
): { counted: CountedLine[] } & Omit<LedgerForReports, "lines"> {
  const accepted = new Set(
    links.filter((link) => link.status === "accepted").map((link) => `${link.facultyId}:${link.itemId}`),
  );
  const inLedger = new Set(
    entries.flatMap((entry) => entry.memberItemIds.map((itemId) => `${entry.facultyId}:${itemId}`)),
  );
  const unreconciled = new Map<string, number>();
  for (const key of accepted) {
    if (inLedger.has(key)) continue;
    const facultyId = key.slice(0, key.lastIndexOf(":"));
    unreconciled.set(facultyId, (unreconciled.get(facultyId) ?? 0) + 1);
  }

  const counted: CountedLine[] = [];
  const notAccepted: LedgerForReports["notAccepted"] = [];
  for (const { counted: isCounted, metric, ...entry } of entries) {
    if (!isCounted || !isMetric(metric)) continue;
    const allAccepted = entry.memberItemIds.every((itemId) => accepted.has(`${entry.facultyId}:${itemId}`));
    if (allAccepted) counted.push({ ...entry, metric });
    else notAccepted.push({ facultyId: entry.facultyId, itemId: entry.itemId });
  }
  return { counted, notAccepted, unreconciled };
}

// The sources a line can be dated from: a grant's years, a publication's electronic date.
const DATING_SOURCES = [...new Set([...fieldPrecedence("grant"), ...fieldPrecedence("year")])];

/** The source records that can date these lines: grants' records, and publications' for electronic dates. */
export function datingRecordsWanted(
  lines: readonly CountedLine[],
  date: DateSetting,
): { itemIds: number[]; sources: string[] } {
  const wanted = lines.filter(
    (line) => line.kind === "grant" || (date === "electronic" && line.kind === "publication"),
  );
  return {
    itemIds: [...new Set(wanted.flatMap((line) => line.memberItemIds))],
    sources: [...(date === "electronic" ? DATING_SOURCES : FIELD_PRECEDENCE.grant)],
  };
}

/** Each counted line with the years it counts in, read from its members' records. Pure. */
export function dateLines(
  counted: readonly CountedLine[],
  records: readonly StoredRecord[],
  date: DateSetting,
): LedgerLineView[] {
  const byItem = new Map<number, StoredRecord[]>();
  for (const record of records) byItem.set(record.itemId, [...(byItem.get(record.itemId) ?? []), record]);
  return counted.map((entry) => {
    const { provenance: _provenance, ...line } = entry;
    const memberRecords = entry.memberItemIds.flatMap((itemId) => byItem.get(itemId) ?? []);
    return { ...line, ...dateLine(entry, memberRecords, date) };
  });
}

/**
 * The years a counted line counts in, from its ledger year and its members' source records. Pure.
 * A grant without an end year counts in its start year only; a grant's missing start is its ledger year.
 */
export function dateLine(
  line: { kind: ItemKind; year: number | null; provenance: unknown },
  records: readonly StoredRecord[],
  date: DateSetting,
): { years: YearSpan | null; datedBy: string } {
  const single = (year: number | null | undefined, datedBy: string) => ({
    years: year === null || year === undefined ? null : { from: year, to: year },
    datedBy: year === null || year === undefined ? "no year" : datedBy,
  });
  switch (line.kind) {
    case "presentation":
      return single(line.year, "year");
    case "publication": {
      if (date === "publication") return single(line.year, "publication year");
      const electronic = preferred(
        records,
        fromOf(line.provenance, "year"),
        FIELD_PRECEDENCE.year,
        (record) => storedCandidate(record.source, record.payload).electronicYear,
      );
      return electronic === undefined
        ? single(line.year, "publication year (no PubMed electronic date)")
        : single(
            electronic.value,
            `${recordSource(electronic.source).label} electronic date (${electronic.record})`,
          );
    }
    case "grant": {
      const found = preferred(records, fromOf(line.provenance, "grant"), FIELD_PRECEDENCE.grant, grantYears);
      const from = found?.value.start ?? line.year;
      if (from === null) return { years: null, datedBy: "no year" };
      const end = found?.value.end;
      const source = found ? ` from ${found.record}` : "";
      if (end === undefined || end < from) {
        return { years: { from, to: from }, datedBy: `start year only (no end year${source})` };
      }
      return { years: { from, to: end }, datedBy: `active years${source}` };
    }
    default: {
      const unknown: never = line.kind;
      throw new Error(`Unknown item kind ${String(unknown)}`);
    }
  }
}

function grantYears(record: StoredRecord): { start?: number; end?: number } | undefined {
  // Each record is read as reconcile reads it: through its source's mapping.
  const grant = storedCandidate(record.source, record.payload).grant;
  if (grant?.startYear === undefined && grant?.endYear === undefined) return undefined;
  return { start: grant.startYear, end: grant.endYear };
}

/**
 * The value read from the record the ledger took the field from ("reporter:R01AI1"), else from the
 * first record, in the field's source precedence, that gives one.
 */
function preferred<T>(
  records: readonly StoredRecord[],
  from: string | undefined,
  precedence: readonly string[],
  read: (record: StoredRecord) => T | undefined,
): { value: T; record: string; source: string } | undefined {
  const name = (record: StoredRecord) => `${record.source}:${record.sourceId}`;
  const ordered = [
    ...records.filter((record) => name(record) === from),
    ...precedence.flatMap((source) => records.filter((record) => record.source === source)),
  ];
  for (const record of ordered) {
    const value = read(record);
    if (value !== undefined) return { value, record: name(record), source: record.source };
  }
  return undefined;
}

function fromOf(provenance: unknown, field: string): string | undefined {
  if (typeof provenance !== "object" || provenance === null || Array.isArray(provenance)) return undefined;
  const from = (provenance as { from?: unknown }).from;
  if (typeof from !== "object" || from === null || Array.isArray(from)) return undefined;
  const value = (from as Record<string, unknown>)[field];
  return typeof value === "string" ? value : undefined;
}

function isMetric(value: string | null): value is Metric {
  return value !== null && (METRICS as readonly string[]).includes(value);
}

/** Sentences about lines the reports leave out or date differently; empty when there is nothing to say. */
export function ledgerNotes(ledger: LedgerForReports, date: DateSetting): string[] {
  const notes: string[] = [];
  const undated = ledger.lines.filter((line) => line.years === null);
  if (undated.length > 0) {
    notes.push(
      `${undated.length} counted item(s) have no year and count in no window: ${itemList(undated)}.`,
    );
  }
  const startOnly = ledger.lines.filter((line) => line.datedBy.startsWith("start year only"));
  if (startOnly.length > 0) {
    notes.push(`${startOnly.length} grant(s) without an end year count in their start year only.`);
  }
  if (date === "electronic") {
    const fallback = ledger.lines.filter((line) => line.datedBy.includes("no PubMed electronic date"));
    notes.push(
      `Publications are dated by their PubMed electronic date; ${fallback.length} without one by their publication year.`,
    );
  }
  if (ledger.notAccepted.length > 0) {
    notes.push(
      `${ledger.notAccepted.length} ledger line(s) rest on links no longer accepted and are left out ` +
        `(${itemList(ledger.notAccepted)}); run \`scholartrack reconcile\` to rebuild the ledgers.`,
    );
  }
  if (ledger.unreconciled.size > 0) {
    const people = [...ledger.unreconciled].map(([facultyId, count]) => `${facultyId} (${count})`).join(", ");
    notes.push(
      `Accepted items not in the ledger yet, so not counted: ${people}; run \`scholartrack reconcile\`.`,
    );
  }
  return notes;
}

function itemList(lines: ReadonlyArray<{ facultyId: string; itemId: number }>): string {
  const shown = lines.slice(0, 10).map((line) => `${line.facultyId} item ${line.itemId}`);
  return lines.length > shown.length ? `${shown.join(", ")}, ...` : shown.join(", ");
}

export interface MetricComparison extends PairedComparison {
  metric: Metric;
}

export interface WindowsReport {
  cohort: string;
  spec: WindowSpec;
  date: DateSetting;
  metrics: MetricComparison[];
  /** Everyone compared, in faculty id order. */
  people: PersonCounts[];
  /** People of the cohort not compared, with the reason (relative windows without a program start). */
  leftOut: LeftOut[];
  notes: string[];
}

export interface WindowsRequest {
  cohort: string;
  spec: WindowSpec;
  date: DateSetting;
  /** For saying which windows are not over yet. */
  now?: Date;
}

/** The report from the loaded roster and ledger. Pure. */
export function assembleWindowsReport(
  request: WindowsRequest,
  members: readonly CohortMember[],
  ledger: LedgerForReports,
): WindowsReport {
  const dated: DatedLine[] = ledger.lines.flatMap((line) =>
    line.years === null
      ? []
      : [{ facultyId: line.facultyId, itemId: line.itemId, metric: line.metric, years: line.years }],
  );
  const { people, leftOut } = countWindows(members, dated, request.spec);
  const metrics = REPORT_METRICS.map((metric) => ({
    metric,
    ...comparePaired(
      people.map((person) => person.counts[metric].pre),
      people.map((person) => person.counts[metric].post),
    ),
  }));
  const notes = [
    ...windowNotes(request.spec, people, leftOut, members, request.now ?? new Date()),
    ...ledgerNotes(ledger, request.date),
  ];
  return { cohort: request.cohort, spec: request.spec, date: request.date, metrics, people, leftOut, notes };
}

function windowNotes(
  spec: WindowSpec,
  people: readonly PersonCounts[],
  leftOut: readonly LeftOut[],
  members: readonly CohortMember[],
  now: Date,
): string[] {
  const notes: string[] = [];
  if (spec.kind === "relative") {
    notes.push(
      `Windows relative to each person's program-start year S: pre is the ${spec.preYears} year(s) ` +
        `before S, post the ${spec.postYears} year(s) from S on (S is the first post year).`,
    );
  }
  if (leftOut.length > 0) {
    notes.push(`Left out: ${leftOut.map((person) => `${person.facultyId} (${person.reason})`).join(", ")}.`);
  }
  const partial = people.filter((person) => person.pre.partial || person.post.partial);
  if (partial.length > 0) {
    const described = partial.map((person) => {
      const parts = (["pre", "post"] as const)
        .filter((which) => person[which].partial)
        .map(
          (which) =>
            `${which} ${formatYears(person[which].yearsOnFaculty)} of ${spanLength(person[which])} years`,
        );
      return `${person.facultyId} (${parts.join(", ")})`;
    });
    notes.push(
      `On faculty for only part of a window (by hire date), still compared on their counts; their ` +
        `rates per year on faculty are in csv, json and html: ${described.join(", ")}.`,
    );
  }
  const compared = new Set(people.map((person) => person.facultyId));
  const noHireDate = members.filter((member) => member.hireDate === null && compared.has(member.facultyId));
  if (noHireDate.length > 0) {
    notes.push(
      `No hire date on the roster, taken as on faculty throughout: ${noHireDate.map((member) => member.facultyId).join(", ")}.`,
    );
  }
  const thisYear = now.getUTCFullYear();
  for (const which of ["pre", "post"] as const) {
    const open = people.filter((person) => person[which].to >= thisYear);
    if (open.length === 0) continue;
    notes.push(
      spec.kind === "fixed"
        ? `The ${which} window ${formatYearSpan(spec[which])} is not over yet: its counts are not final.`
        : `The ${which} window of ${open.length} person(s) is not over yet: their counts are not final.`,
    );
  }
  return notes;
}

export function formatYears(years: number): string {
  return Number.isInteger(years) ? String(years) : years.toFixed(2);
}
