import { requirePermission } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { cohortMembers, knownCohorts } from "../db/repositories/faculty.ts";
import { ledgerLines, type LedgerLineRow } from "../db/repositories/ledger.ts";
import { linkStatesOf } from "../db/repositories/links.ts";
import { recordsOfItems } from "../db/repositories/source-records.ts";
import { UserError } from "../errors.ts";
import {
  assembleFacultyReport,
  type FacultyReport,
  type FacultyReportRequest,
} from "../reports/faculty-report.ts";
import {
  assembleWindowsReport,
  countedLedger,
  dateLines,
  datingRecordsWanted,
  type DateSetting,
  type LedgerForReports,
  type WindowsReport,
  type WindowsRequest,
} from "../reports/windows-report.ts";
import type { CohortMember } from "../reports/windows.ts";
import { getFaculty } from "./faculty.ts";

/**
 * The counted ledger lines of these people, dated, and what is out of step with their links. A
 * grant is dated by its active years, read from the source record the ledger took the grant from.
 */
export async function loadLedgerForReports(
  db: Db,
  facultyIds: readonly string[],
  date: DateSetting,
): Promise<LedgerForReports> {
  const [entries, links] = await Promise.all([ledgerLines(db, facultyIds), linkStatesOf(db, facultyIds)]);
  return dateLedgerForReports(db, entries, links, date);
}

/**
 * loadLedgerForReports over ledger lines and link states the caller has read already (by person
 * and item id, as ledgerLines orders them): a profile page reads them once for all it shows.
 */
export async function dateLedgerForReports(
  db: Db,
  entries: readonly LedgerLineRow[],
  links: ReadonlyArray<{ facultyId: string; itemId: number; status: string }>,
  date: DateSetting,
): Promise<LedgerForReports> {
  const { counted, notAccepted, unreconciled } = countedLedger(entries, links);
  const wanted = datingRecordsWanted(counted, date);
  const records = await recordsOfItems(db, wanted.itemIds, wanted.sources);
  return { lines: dateLines(counted, records, date), notAccepted, unreconciled };
}

/** Every member of the cohort counted in both windows and compared in pairs, metric by metric. */
export async function buildWindowsReport(db: Db, request: WindowsRequest): Promise<WindowsReport> {
  const roster = await cohortMembers(db, request.cohort);
  if (roster.length === 0) {
    const known = (await knownCohorts(db)).join(", ");
    throw new UserError(
      `No faculty members in cohort "${request.cohort}"${known ? ` (cohorts: ${known})` : " (no cohort is set on the roster)"}`,
    );
  }
  const members: CohortMember[] = roster.map((row) => ({
    facultyId: row.id,
    hireDate: isoDate(row.hireDate),
    programStart: isoDate(row.programStart),
  }));
  const ledger = await loadLedgerForReports(
    db,
    members.map((member) => member.facultyId),
    request.date,
  );
  return assembleWindowsReport(request, members, ledger);
}

/** One person's counted output by year and metric, with the items behind each count. */
export async function buildFacultyReport(db: Db, request: FacultyReportRequest): Promise<FacultyReport> {
  const person = await getFaculty(db, request.facultyId);
  const ledger = await loadLedgerForReports(db, [person.id], request.date);
  return assembleFacultyReport(person, ledger, request);
}

function isoDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, 10);
}

/** The cohort report for an actor: it compares many people, so admins only. */
export async function buildWindowsReportAs(
  db: Db,
  actor: Actor,
  request: WindowsRequest,
): Promise<WindowsReport> {
  requirePermission(actor, "reports.read");
  return buildWindowsReport(db, request);
}

/** The cohorts a cohort report can be asked for: admins only. */
export async function reportCohortsFor(db: Db, actor: Actor): Promise<string[]> {
  requirePermission(actor, "reports.read");
  return knownCohorts(db);
}
