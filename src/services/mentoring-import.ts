/**
 * Imports the mentoring program's records: mentorships, meetings and individual development plans,
 * the file's kind recognised by its header. Same rules as every import: each bad row reported by
 * file and line, nothing written when any row is bad (unless skipInvalid), and the same file twice
 * changes nothing (rows are matched on their natural keys and updated in place).
 */
import type { CsvImportResult } from "./import-result.ts";
import { readCsvLines } from "../csv/read-csv.ts";
import type { Db, Tx } from "../db/client.ts";
import {
  createDevelopmentPlan,
  createMeeting,
  createMentorship,
  developmentPlansOf,
  meetingsOfMentees,
  mentorshipsOfMentees,
  updateDevelopmentPlan,
  updateMeeting,
  updateMentorship,
} from "../db/repositories/mentoring.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { UserError } from "../errors.ts";
import {
  readMentoringRows,
  recogniseHeader,
  rowKey,
  type DevelopmentPlanRow,
  type MeetingRow,
  type MentoringFileKind,
  type MentorshipRow,
  type RowProblem,
} from "../mentoring/files.ts";
import { missingFaculty } from "./faculty.ts";

export { MENTORING_FILES, type MentoringFileKind } from "../mentoring/files.ts";

export class MentoringFormatError extends UserError {
  override name = "MentoringFormatError";
}

export interface MentoringImportOptions {
  fileName?: string;
  /** Import the valid rows even when others have errors. */
  skipInvalid?: boolean;
}

export interface MentoringImportResult extends CsvImportResult {
  /** Which file it was, by its header. */
  kind: MentoringFileKind;
}

type Outcome = "created" | "updated" | "unchanged";

/** Reads one mentoring file and imports it in one transaction. */
export async function importMentoring(
  db: Db,
  input: string | Uint8Array,
  options: MentoringImportOptions = {},
): Promise<MentoringImportResult> {
  const fileName = options.fileName ?? "mentoring.csv";
  const [header, ...lines] = readCsvLines(input, fileName, (message) => new MentoringFormatError(message));
  if (!header) throw new MentoringFormatError(`${fileName} is empty; its first line must be the header`);
  const recognised = recogniseHeader(header.cells);
  if ("problem" in recognised) {
    throw new MentoringFormatError(`${fileName} line ${header.line}: ${recognised.problem}`);
  }
  const { kind, index } = recognised;
  const { rows, problems } = readMentoringRows(kind, index, lines);

  // The same record twice in one file: the second is an error, so the file says one thing.
  const seen = new Map<string, number>();
  const unique = (rows.rows as Array<MentorshipRow | MeetingRow | DevelopmentPlanRow>).filter((row) => {
    const key = rowKey(kind, row);
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problems.push({ line: row.line, message: `repeats the record of line ${earlier}` });
      return false;
    }
    seen.set(key, row.line);
    return true;
  });

  return inTransaction(db, async (tx) => {
    const unknown = new Set(await missingFaculty(tx, unique.flatMap(peopleOf)));
    for (const row of unique) {
      for (const [column, id] of peopleWithColumns(row)) {
        if (unknown.has(id))
          problems.push({ line: row.line, message: `${column} "${id}" is not in the roster` });
      }
    }
    problems.sort((a, b) => a.line - b.line);
    const badLines = new Set(problems.map((problem) => problem.line));
    const blocked = problems.length > 0 && !options.skipInvalid;
    const result: MentoringImportResult = {
      kind,
      rows: lines.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: blocked ? lines.length : badLines.size,
      errors: problems.map((problem: RowProblem) => `${fileName} line ${problem.line}: ${problem.message}`),
      blocked,
    };
    if (blocked) return result;
    const valid = unique.filter((row) => !badLines.has(row.line));
    const outcomes = await writeRows(tx, kind, valid);
    for (const outcome of outcomes) result[outcome] += 1;
    return result;
  });
}

function peopleWithColumns(row: MentorshipRow | MeetingRow | DevelopmentPlanRow): Array<[string, string]> {
  return "facultyId" in row
    ? [["faculty_id", row.facultyId]]
    : [
        ["mentor_id", row.mentorId],
        ["mentee_id", row.menteeId],
      ];
}

function peopleOf(row: MentorshipRow | MeetingRow | DevelopmentPlanRow): string[] {
  return peopleWithColumns(row).map(([, id]) => id);
}

async function writeRows(
  tx: Tx,
  kind: MentoringFileKind,
  rows: Array<MentorshipRow | MeetingRow | DevelopmentPlanRow>,
): Promise<Outcome[]> {
  switch (kind) {
    case "mentorships":
      return writeMentorships(tx, rows as MentorshipRow[]);
    case "meetings":
      return writeMeetings(tx, rows as MeetingRow[]);
    case "idp":
      return writeDevelopmentPlans(tx, rows as DevelopmentPlanRow[]);
  }
}

const day = (text: string): Date => new Date(`${text}T00:00:00Z`);
const dayOrNull = (text: string | null): Date | null => (text === null ? null : day(text));
const sameDay = (a: Date | null, b: Date | null): boolean =>
  (a?.getTime() ?? null) === (b?.getTime() ?? null);
const isoDay = (date: Date): string => date.toISOString().slice(0, 10);

async function writeMentorships(tx: Tx, rows: MentorshipRow[]): Promise<Outcome[]> {
  const existing = await mentorshipsOfMentees(tx, [...new Set(rows.map((row) => row.menteeId))]);
  const byKey = new Map(
    existing.map((record) => [
      `${record.mentorId}\u0000${record.menteeId}\u0000${isoDay(record.startDate)}`,
      record,
    ]),
  );
  const outcomes: Outcome[] = [];
  for (const row of rows) {
    const known = byKey.get(rowKey("mentorships", row));
    const endDate = dayOrNull(row.endDate);
    if (!known) {
      await createMentorship(tx, {
        mentorId: row.mentorId,
        menteeId: row.menteeId,
        startDate: day(row.startDate),
        endDate,
        kind: row.kind,
      });
      outcomes.push("created");
    } else if (!sameDay(known.endDate, endDate) || known.kind !== row.kind) {
      await updateMentorship(tx, known.id, { endDate, kind: row.kind });
      outcomes.push("updated");
    } else outcomes.push("unchanged");
  }
  return outcomes;
}

async function writeMeetings(tx: Tx, rows: MeetingRow[]): Promise<Outcome[]> {
  const existing = await meetingsOfMentees(tx, [...new Set(rows.map((row) => row.menteeId))]);
  const byKey = new Map(
    existing.map((record) => [
      `${record.mentorId}\u0000${record.menteeId}\u0000${isoDay(record.date)}`,
      record,
    ]),
  );
  const outcomes: Outcome[] = [];
  for (const row of rows) {
    const known = byKey.get(rowKey("meetings", row));
    if (!known) {
      await createMeeting(tx, {
        mentorId: row.mentorId,
        menteeId: row.menteeId,
        date: day(row.date),
        minutes: row.minutes,
        topics: row.topics,
      });
      outcomes.push("created");
    } else if (known.minutes !== row.minutes || known.topics !== row.topics) {
      await updateMeeting(tx, known.id, { minutes: row.minutes, topics: row.topics });
      outcomes.push("updated");
    } else outcomes.push("unchanged");
  }
  return outcomes;
}

async function writeDevelopmentPlans(tx: Tx, rows: DevelopmentPlanRow[]): Promise<Outcome[]> {
  const existing = await developmentPlansOf(tx, [...new Set(rows.map((row) => row.facultyId))]);
  const byKey = new Map(existing.map((record) => [`${record.facultyId}\u0000${record.year}`, record]));
  const outcomes: Outcome[] = [];
  for (const row of rows) {
    const known = byKey.get(rowKey("idp", row));
    const values = {
      submittedDate: dayOrNull(row.submittedDate),
      reviewedWithMentorDate: dayOrNull(row.reviewedWithMentorDate),
      goals: row.goals,
    };
    if (!known) {
      await createDevelopmentPlan(tx, { facultyId: row.facultyId, year: row.year, ...values });
      outcomes.push("created");
    } else if (
      !sameDay(known.submittedDate, values.submittedDate) ||
      !sameDay(known.reviewedWithMentorDate, values.reviewedWithMentorDate) ||
      known.goals !== values.goals
    ) {
      await updateDevelopmentPlan(tx, known.id, values);
      outcomes.push("updated");
    } else outcomes.push("unchanged");
  }
  return outcomes;
}
