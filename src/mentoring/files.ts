/**
 * The three mentoring files (mentorships, meetings, individual development plans): their headers,
 * how a file's kind is recognised from its header, and each row read into a typed record. Pure.
 */
import { isIsoDate } from "../csv/iso-date.ts";

export const MENTORING_FILES = {
  mentorships: ["mentor_id", "mentee_id", "start_date", "end_date", "kind"],
  meetings: ["mentor_id", "mentee_id", "date", "minutes", "topics"],
  idp: ["faculty_id", "year", "submitted_date", "reviewed_with_mentor_date", "goals"],
} as const;

export type MentoringFileKind = keyof typeof MENTORING_FILES;
export const MENTORING_FILE_KINDS = Object.keys(MENTORING_FILES) as MentoringFileKind[];

export const MENTORSHIP_KINDS = ["formal", "informal"] as const;
export type MentorshipKind = (typeof MENTORSHIP_KINDS)[number];

export interface MentorshipRow {
  line: number;
  mentorId: string;
  menteeId: string;
  startDate: string;
  endDate: string | null;
  kind: MentorshipKind;
}

export interface MeetingRow {
  line: number;
  mentorId: string;
  menteeId: string;
  date: string;
  minutes: number | null;
  topics: string | null;
}

export interface DevelopmentPlanRow {
  line: number;
  facultyId: string;
  year: number;
  submittedDate: string | null;
  reviewedWithMentorDate: string | null;
  goals: string | null;
}

export type MentoringRows =
  | { kind: "mentorships"; rows: MentorshipRow[] }
  | { kind: "meetings"; rows: MeetingRow[] }
  | { kind: "idp"; rows: DevelopmentPlanRow[] };

/** A problem with one row: its line and what is wrong. */
export interface RowProblem {
  line: number;
  message: string;
}

/** The file's kind and each column's position, or why the header is not one of the three. */
export function recogniseHeader(
  cells: readonly string[],
): { kind: MentoringFileKind; index: Map<string, number> } | { problem: string } {
  const names = cells.map((cell) => cell.toLowerCase());
  const duplicate = names.find((name, position) => names.indexOf(name) !== position);
  if (duplicate !== undefined) return { problem: `column "${duplicate}" appears more than once` };
  const kind = MENTORING_FILE_KINDS.find((candidate) => {
    const columns: readonly string[] = MENTORING_FILES[candidate];
    return columns.length === names.length && columns.every((column) => names.includes(column));
  });
  if (kind === undefined) {
    const headers = MENTORING_FILE_KINDS.map((candidate) => MENTORING_FILES[candidate].join(",")).join(
      " or ",
    );
    return { problem: `the header is not a mentoring file's (the headers are ${headers})` };
  }
  return { kind, index: new Map(names.map((name, position) => [name, position])) };
}

type Cell = (column: string) => string;

/** Reads each line as a row of the kind, collecting every problem; a row with any problem is left out. */
export function readMentoringRows(
  kind: MentoringFileKind,
  index: Map<string, number>,
  lines: ReadonlyArray<{ line: number; cells: string[] }>,
): { rows: MentoringRows; problems: RowProblem[] } {
  const problems: RowProblem[] = [];
  const readAll = <Row>(read: (cell: Cell, fail: (message: string) => void, line: number) => Row) => {
    const rows: Row[] = [];
    for (const { line, cells } of lines) {
      let ok = true;
      const fail = (message: string) => {
        problems.push({ line, message });
        ok = false;
      };
      const row = read((column) => cells[index.get(column)!] ?? "", fail, line);
      if (ok) rows.push(row);
    }
    return rows;
  };
  switch (kind) {
    case "mentorships":
      return { rows: { kind, rows: readAll(readMentorship) }, problems };
    case "meetings":
      return { rows: { kind, rows: readAll(readMeeting) }, problems };
    case "idp":
      return { rows: { kind, rows: readAll(readDevelopmentPlan) }, problems };
  }
}

function required(cell: Cell, column: string, fail: (message: string) => void): string {
  const value = cell(column);
  if (value === "") fail(`${column} is required`);
  return value;
}

function date(cell: Cell, column: string, fail: (message: string) => void, optional: boolean): string | null {
  const value = cell(column);
  if (value === "") {
    if (!optional) fail(`${column} is required (a date such as 2014-07-01)`);
    return null;
  }
  if (!isIsoDate(value)) fail(`${column} "${value}" is not a date such as 2014-07-01`);
  return value;
}

function readMentorship(cell: Cell, fail: (message: string) => void, line: number): MentorshipRow {
  const mentorId = required(cell, "mentor_id", fail);
  const menteeId = required(cell, "mentee_id", fail);
  if (mentorId !== "" && mentorId === menteeId) fail(`mentor_id and mentee_id are both "${mentorId}"`);
  const startDate = date(cell, "start_date", fail, false);
  const endDate = date(cell, "end_date", fail, true);
  if (startDate && endDate && isIsoDate(startDate) && isIsoDate(endDate) && endDate < startDate) {
    fail(`end_date ${endDate} is before start_date ${startDate}`);
  }
  const kind = cell("kind").toLowerCase();
  if (!(MENTORSHIP_KINDS as readonly string[]).includes(kind)) {
    fail(`kind "${cell("kind")}" is not one of ${MENTORSHIP_KINDS.join(", ")}`);
  }
  return { line, mentorId, menteeId, startDate: startDate ?? "", endDate, kind: kind as MentorshipKind };
}

function readMeeting(cell: Cell, fail: (message: string) => void, line: number): MeetingRow {
  const mentorId = required(cell, "mentor_id", fail);
  const menteeId = required(cell, "mentee_id", fail);
  if (mentorId !== "" && mentorId === menteeId) fail(`mentor_id and mentee_id are both "${mentorId}"`);
  const meetingDate = date(cell, "date", fail, false);
  const minutesText = cell("minutes");
  let minutes: number | null = null;
  if (minutesText !== "") {
    if (/^\d{1,4}$/.test(minutesText) && Number(minutesText) > 0) minutes = Number(minutesText);
    else fail(`minutes "${minutesText}" is not a whole number of minutes above 0`);
  }
  const topics = cell("topics");
  return {
    line,
    mentorId,
    menteeId,
    date: meetingDate ?? "",
    minutes,
    topics: topics === "" ? null : topics,
  };
}

function readDevelopmentPlan(cell: Cell, fail: (message: string) => void, line: number): DevelopmentPlanRow {
  const facultyId = required(cell, "faculty_id", fail);
  const yearText = cell("year");
  if (!/^\d{4}$/.test(yearText)) fail(`year "${yearText}" is not a four-digit year`);
  const submittedDate = date(cell, "submitted_date", fail, true);
  const reviewedWithMentorDate = date(cell, "reviewed_with_mentor_date", fail, true);
  if (
    submittedDate &&
    reviewedWithMentorDate &&
    isIsoDate(submittedDate) &&
    isIsoDate(reviewedWithMentorDate) &&
    reviewedWithMentorDate < submittedDate
  ) {
    fail(`reviewed_with_mentor_date ${reviewedWithMentorDate} is before submitted_date ${submittedDate}`);
  }
  if (reviewedWithMentorDate && !submittedDate) {
    fail("reviewed_with_mentor_date is given but submitted_date is empty");
  }
  const goals = cell("goals");
  return {
    line,
    facultyId,
    year: Number(yearText),
    submittedDate,
    reviewedWithMentorDate,
    goals: goals === "" ? null : goals,
  };
}

/** The key a row is known by: the same key twice in one file is an error, in the database an update. */
export function rowKey(
  rows: MentoringRows["kind"],
  row: MentorshipRow | MeetingRow | DevelopmentPlanRow,
): string {
  switch (rows) {
    case "mentorships": {
      const r = row as MentorshipRow;
      return `${r.mentorId}\u0000${r.menteeId}\u0000${r.startDate}`;
    }
    case "meetings": {
      const r = row as MeetingRow;
      return `${r.mentorId}\u0000${r.menteeId}\u0000${r.date}`;
    }
    case "idp": {
      const r = row as DevelopmentPlanRow;
      return `${r.facultyId}\u0000${r.year}`;
    }
  }
}
