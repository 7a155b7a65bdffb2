import { readCsvLines } from "../csv/read-csv.ts";
import { UserError } from "../errors.ts";
import { isValidOrcid, normalizeOrcid, orcidCheckCharacter } from "../identity/orcid.ts";

/** The roster header, in the order staff are given it; in a file the columns may come in any order. */
export const ROSTER_COLUMNS = [
  "faculty_id",
  "last_name",
  "first_name",
  "middle_name",
  "orcid",
  "email",
  "rank",
  "track",
  "division",
  "hire_date",
  "program_start",
  "mentor_id",
  "cohort",
  "affiliation_terms",
  "name_variants",
] as const;

/**
 * Optional columns beyond the standard header: the person's confirmed NIH RePORTER PI profile id,
 * and the institutions they worked at before (`;`-separated), whose affiliation on a paper of those
 * years is evidence of authorship.
 */
export const EXTRA_ROSTER_COLUMNS = ["reporter_profile_id", "previous_affiliations"] as const;

export type RosterColumn = (typeof ROSTER_COLUMNS)[number] | (typeof EXTRA_ROSTER_COLUMNS)[number];

export const REQUIRED_ROSTER_COLUMNS: readonly RosterColumn[] = ["faculty_id", "last_name", "first_name"];

/**
 * One roster row, shaped as the Faculty table holds it. Empty cells (and values too wrong to keep)
 * are null, or [] for the list columns; whether a column was in the file at all is told by
 * `ParsedRoster.columns`.
 */
export interface RosterEntry {
  line: number;
  facultyId: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  orcid: string | null;
  email: string | null;
  rank: string | null;
  track: string | null;
  division: string | null;
  /** YYYY-MM-DD */
  hireDate: string | null;
  /** YYYY-MM-DD */
  programStart: string | null;
  mentorId: string | null;
  cohort: string | null;
  affiliationTerms: string[];
  nameVariants: string[];
  /** NIH RePORTER PI profile id; grants found by it are the person's. */
  reporterProfileId: number | null;
  /** Institutions they worked at before, as the roster names them. */
  previousAffiliations: string[];
}

/** Something wrong with one row; `column` is absent when the problem is the row as a whole. */
export interface RosterProblem {
  line: number;
  column?: RosterColumn;
  message: string;
}

export interface ParsedRoster {
  /** The known columns present in the header. */
  columns: ReadonlySet<RosterColumn>;
  /** Rows without problems, in file order. */
  entries: RosterEntry[];
  /** Every row that could be read, with problems or without, in file order. */
  rows: RosterEntry[];
  /** Every problem found, in line order; a row may have several. */
  problems: RosterProblem[];
  /** Data rows in the file (blank lines not counted). */
  rowCount: number;
  /** Every faculty_id the file names with its line, valid row or not, so mentors can be explained. */
  linesById: ReadonlyMap<string, number>;
  /** Things worth telling the person that do not stop the import (unknown columns). */
  warnings: string[];
}

/** The file cannot be read as a roster at all (not CSV, no header, required columns missing). */
export class RosterFormatError extends UserError {
  override name = "RosterFormatError";
}

/** `roster.csv line 7: orcid ...`, the form every row problem is reported in. */
export function formatRosterProblem(fileName: string, problem: RosterProblem): string {
  const column = problem.column ? `${problem.column} ` : "";
  return `${fileName} line ${problem.line}: ${column}${problem.message}`;
}

/**
 * Parses and checks a roster CSV: everything that can be known from the file alone. Throws
 * `RosterFormatError` when the file as a whole is unusable; row problems are returned, not thrown.
 */
export function parseRoster(input: string | Uint8Array, fileName = "roster.csv"): ParsedRoster {
  const located = readCsvLines(input, fileName, (message) => new RosterFormatError(message));

  const [header, ...rows] = located;
  if (!header) {
    throw new RosterFormatError(
      `${fileName} is empty; its first line must be the header: ${ROSTER_COLUMNS.join(",")}`,
    );
  }
  const { index, warnings } = readHeader(header.cells, header.line, fileName);
  const columns = new Set(index.keys());

  const problems: RosterProblem[] = [];
  const read: RosterEntry[] = [];
  for (const row of rows) {
    const { entry, problems: rowProblems } = readRow(row.cells, row.line, index, header.cells.length);
    problems.push(...rowProblems);
    if (entry) read.push(entry);
  }

  const linesById = new Map<string, number>();
  for (const entry of read) {
    if (entry.facultyId !== "" && !linesById.has(entry.facultyId)) linesById.set(entry.facultyId, entry.line);
  }

  // Rows with other problems still count: skipping one copy must not make the other look unique.
  problems.push(...duplicateProblems(read));
  const badLines = new Set(problems.map((problem) => problem.line));
  problems.sort((a, b) => a.line - b.line);
  return {
    columns,
    entries: read.filter((entry) => !badLines.has(entry.line)),
    rows: read,
    problems,
    rowCount: rows.length,
    linesById,
    warnings,
  };
}

/** What the database already holds that bears on the rows of a roster. */
export interface RosterContext {
  /** Faculty ids, among those the file names (as rows or as mentors), that exist in the database. */
  existingIds: ReadonlySet<string>;
  /** Owner of each ORCID iD, among those in the file, that the database already holds. */
  orcidOwners: ReadonlyMap<string, string>;
  /** Owner of each RePORTER profile id, among those in the file, that the database already holds. */
  profileOwners?: ReadonlyMap<number, string>;
}

export interface ResolvedRoster {
  entries: RosterEntry[];
  problems: RosterProblem[];
}

/**
 * Checks what needs the database: a mentor must be imported with the file or already exist, and an
 * ORCID iD or RePORTER profile id must not belong to someone else. Every row is checked, so a
 * rejected file lists all its errors; then, since dropping a row can orphan its mentees (or leave
 * an id with its old owner), the valid rows are checked again until nothing more is dropped. The
 * result is what `--skip-invalid` imports.
 */
export function resolveRoster(parsed: ParsedRoster, context: RosterContext): ResolvedRoster {
  const problems = [...parsed.problems];
  let entries = parsed.entries;
  let candidates = parsed.rows;
  for (;;) {
    const kept = new Map(entries.map((entry) => [entry.facultyId, entry]));
    const found = candidates.flatMap((entry) => databaseProblems(entry, kept, parsed, context));
    problems.push(...found);
    const droppedLines = new Set(found.map((problem) => problem.line));
    const remaining = entries.filter((entry) => !droppedLines.has(entry.line));
    if (remaining.length === entries.length) break;
    entries = remaining;
    candidates = remaining;
  }
  problems.sort((a, b) => a.line - b.line);
  return { entries, problems };
}

function databaseProblems(
  entry: RosterEntry,
  kept: ReadonlyMap<string, RosterEntry>,
  parsed: ParsedRoster,
  context: RosterContext,
): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const { mentorId, orcid } = entry;
  if (parsed.columns.has("mentor_id") && mentorId !== null && mentorId !== entry.facultyId) {
    if (!kept.has(mentorId) && !context.existingIds.has(mentorId)) {
      const mentorLine = parsed.linesById.get(mentorId);
      const message =
        mentorLine === undefined
          ? `"${mentorId}" is neither in the file nor in the database`
          : `"${mentorId}" is on line ${mentorLine}, which cannot be imported`;
      problems.push({ line: entry.line, column: "mentor_id", message });
    }
  }
  // An owner imported with this file gives the id up (in-file duplicates are already errors).
  const heldElsewhere = (column: RosterColumn, value: string | number, owner: string | undefined): void => {
    if (!parsed.columns.has(column) || owner === undefined) return;
    if (owner === entry.facultyId || kept.has(owner)) return;
    problems.push({
      line: entry.line,
      column,
      message: `${value} already belongs to faculty member ${owner} in the database`,
    });
  };
  if (orcid !== null) heldElsewhere("orcid", orcid, context.orcidOwners.get(orcid));
  const profileId = entry.reporterProfileId;
  if (profileId !== null) {
    heldElsewhere("reporter_profile_id", profileId, context.profileOwners?.get(profileId));
  }
  return problems;
}

function readHeader(
  cells: string[],
  line: number,
  fileName: string,
): { index: Map<RosterColumn, number>; warnings: string[] } {
  const known = new Set<string>([...ROSTER_COLUMNS, ...EXTRA_ROSTER_COLUMNS]);
  const index = new Map<RosterColumn, number>();
  const warnings: string[] = [];
  const seen = new Set<string>();
  cells.forEach((cell, position) => {
    const name = cell.toLowerCase();
    if (name === "") {
      warnings.push(`${fileName} line ${line}: column ${position + 1} has no name; its values are ignored`);
      return;
    }
    if (seen.has(name)) {
      throw new RosterFormatError(
        `${fileName} line ${line}: column "${cell}" appears more than once in the header`,
      );
    }
    seen.add(name);
    if (known.has(name)) index.set(name as RosterColumn, position);
    else warnings.push(`${fileName} line ${line}: unknown column "${cell}" is ignored`);
  });
  const missing = REQUIRED_ROSTER_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new RosterFormatError(
      `${fileName} line ${line}: the header lacks the required column${missing.length > 1 ? "s" : ""} ` +
        `${missing.join(", ")} (a roster's header is ${ROSTER_COLUMNS.join(",")})`,
    );
  }
  return { index, warnings };
}

function readRow(
  cells: string[],
  line: number,
  index: ReadonlyMap<RosterColumn, number>,
  headerLength: number,
): { entry?: RosterEntry; problems: RosterProblem[] } {
  // A shifted row (an unquoted comma in a name, say) would put every later value in the wrong field.
  if (cells.length !== headerLength) {
    return {
      problems: [{ line, message: `has ${cells.length} fields but the header has ${headerLength}` }],
    };
  }
  const problems: RosterProblem[] = [];
  const cell = (column: RosterColumn): string | null => {
    const position = index.get(column);
    const value = position === undefined ? "" : (cells[position] ?? "");
    return value === "" ? null : value;
  };
  const required = (column: RosterColumn): string => {
    const value = cell(column);
    if (value === null) problems.push({ line, column, message: "is required" });
    return value ?? "";
  };
  const facultyId = required("faculty_id");
  const lastName = required("last_name");
  const firstName = required("first_name");
  const orcid = readOrcid(cell("orcid"), line, problems);
  const email = cell("email");
  // Only the shape is checked; the address itself is never echoed, since messages may be logged.
  if (email !== null && !/^[^\s@]+@[^\s@]+\.[^\s@.]+$/.test(email)) {
    problems.push({ line, column: "email", message: "is not an e-mail address" });
  }
  const hireDate = readDate("hire_date", cell("hire_date"), line, problems);
  const programStart = readDate("program_start", cell("program_start"), line, problems);
  const mentorId = cell("mentor_id");
  if (mentorId !== null && mentorId === facultyId) {
    problems.push({ line, column: "mentor_id", message: "names the faculty member themself" });
  }
  const entry: RosterEntry = {
    line,
    facultyId,
    lastName,
    firstName,
    middleName: cell("middle_name"),
    orcid,
    email,
    rank: cell("rank"),
    track: cell("track"),
    division: cell("division"),
    hireDate,
    programStart,
    mentorId,
    cohort: cell("cohort"),
    affiliationTerms: splitList(cell("affiliation_terms")),
    nameVariants: splitList(cell("name_variants")),
    reporterProfileId: readProfileId(cell("reporter_profile_id"), line, problems),
    previousAffiliations: readPreviousAffiliations(cell("previous_affiliations"), line, problems),
  };
  return { entry, problems };
}

/** Institution names, `;`-separated: each must name something (letters, not an e-mail address or a year). */
function readPreviousAffiliations(value: string | null, line: number, problems: RosterProblem[]): string[] {
  const names = splitList(value);
  const wrong = names.filter((name) => (name.match(/\p{L}/gu) ?? []).length < 3 || name.includes("@"));
  for (const name of wrong) {
    problems.push({
      line,
      column: "previous_affiliations",
      // An address is personal data, and messages may be logged: it is not echoed.
      message: name.includes("@")
        ? `holds an e-mail address, not an institution's name`
        : `"${name}" is not an institution's name (names are separated by ";", e.g. "Mayo Clinic;University of Iowa")`,
    });
  }
  return wrong.length > 0 ? [] : names;
}

// RePORTER's profile ids are positive 32-bit integers, as the database column is.
const MAX_PROFILE_ID = 2_147_483_647;

function readProfileId(value: string | null, line: number, problems: RosterProblem[]): number | null {
  if (value === null) return null;
  const id = /^\d{1,10}$/.test(value) ? Number(value) : Number.NaN;
  if (!(id >= 1 && id <= MAX_PROFILE_ID)) {
    problems.push({
      line,
      column: "reporter_profile_id",
      message: `"${value}" is not a RePORTER profile id (a positive whole number)`,
    });
    return null;
  }
  return id;
}

/** Accepts bare, hyphen-less, spaced and orcid.org URL forms; anything else is an error. */
const ORCID_FORM =
  /^(?:(?:https?:\/\/)?(?:www\.)?orcid\.org\/)?\d{4}[-\s]?\d{4}[-\s]?\d{4}[-\s]?\d{3}[\dX]\/?$/i;

function readOrcid(value: string | null, line: number, problems: RosterProblem[]): string | null {
  if (value === null) return null;
  const canonical = ORCID_FORM.test(value) ? normalizeOrcid(value.replace(/\s+/g, "")) : undefined;
  if (canonical === undefined) {
    problems.push({
      line,
      column: "orcid",
      message: `"${value}" is not an ORCID iD (expected 0000-0000-0000-0000)`,
    });
    return null;
  }
  if (!isValidOrcid(canonical)) {
    const expected = orcidCheckCharacter(canonical.replace(/-/g, "").slice(0, 15));
    problems.push({
      line,
      column: "orcid",
      message: `${canonical} has a wrong check digit (the first 15 digits give ${expected}); check for a typing error`,
    });
    return null;
  }
  return canonical;
}

function readDate(
  column: RosterColumn,
  value: string | null,
  line: number,
  problems: RosterProblem[],
): string | null {
  if (value === null) return null;
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  if (!match) {
    problems.push({ line, column, message: `"${value}" is not a date in YYYY-MM-DD form` });
    return null;
  }
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  // Date.UTC rolls 2021-02-30 over to 2021-03-02; a real date survives the round trip.
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) {
    problems.push({ line, column, message: `"${value}" is not a real date` });
    return null;
  }
  return value;
}

function splitList(value: string | null): string[] {
  if (value === null) return [];
  return value
    .split(";")
    .map((part) => part.trim())
    .filter((part) => part !== "");
}

function duplicateProblems(entries: RosterEntry[]): RosterProblem[] {
  const problems: RosterProblem[] = [];
  const check = (column: RosterColumn, key: (entry: RosterEntry) => string | null) => {
    const linesByKey = new Map<string, number[]>();
    for (const entry of entries) {
      const value = key(entry);
      if (value === null || value === "") continue;
      const lines = linesByKey.get(value) ?? [];
      lines.push(entry.line);
      linesByKey.set(value, lines);
    }
    // Which copy is right cannot be known, so every copy is an error.
    for (const [value, lines] of linesByKey) {
      if (lines.length < 2) continue;
      for (const line of lines) {
        const others = lines.filter((other) => other !== line);
        const where = `line${others.length > 1 ? "s" : ""} ${others.join(", ")}`;
        problems.push({ line, column, message: `"${value}" is also on ${where}` });
      }
    }
  };
  check("faculty_id", (entry) => entry.facultyId);
  check("orcid", (entry) => entry.orcid);
  check("reporter_profile_id", (entry) =>
    entry.reporterProfileId === null ? null : String(entry.reporterProfileId),
  );
  return problems;
}
