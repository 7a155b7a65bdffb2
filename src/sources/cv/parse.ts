import { createHash } from "node:crypto";
import { readCsvLines } from "../../csv/read-csv.ts";
import { UserError } from "../../errors.ts";
import { foldName } from "../../identity/names.ts";
import {
  isPresentationScope,
  normalizeDoi,
  normalizePmid,
  PRESENTATION_SCOPES,
  type CandidateItem,
  type GrantRole,
  type PresentationScope,
} from "../candidate.ts";

/** The CV import header, in the order faculty affairs are given it; columns may come in any order. */
export const CV_COLUMNS = [
  "faculty_id",
  "kind",
  "title",
  "year",
  "venue",
  "doi",
  "pmid",
  "peer_reviewed",
  "scope",
  "role",
  "start_year",
  "end_year",
] as const;
type CvColumn = (typeof CV_COLUMNS)[number];

/** What a CV row says, typed: kept as the source record, so reconciliation can be re-run offline. */
export interface CvRow {
  facultyId: string;
  kind: "publication" | "presentation" | "grant";
  title: string;
  year?: number;
  venue?: string;
  doi?: string;
  pmid?: string;
  /** The person's own statement; absent when the cell is empty. */
  peerReviewed?: boolean;
  scope?: PresentationScope;
  role?: GrantRole;
  startYear?: number;
  endYear?: number;
}

export interface ParsedCvRow {
  line: number;
  row: CvRow;
}

export interface CvProblem {
  line: number;
  column?: CvColumn;
  message: string;
}

export class CvFormatError extends UserError {
  override name = "CvFormatError";
}

const KINDS = new Set(["publication", "presentation", "grant"]);
const YES = new Set(["yes", "y", "true", "1"]);
const NO = new Set(["no", "n", "false", "0"]);
const ROLES: Record<string, GrantRole> = {
  pi: "pi",
  "principal investigator": "pi",
  multiple_pi: "multiple_pi",
  "multiple pi": "multiple_pi",
  mpi: "multiple_pi",
  co_investigator: "co_investigator",
  "co-investigator": "co_investigator",
  "co-i": "co_investigator",
  coi: "co_investigator",
  other: "other",
};

/** Reads and checks a CV CSV: every problem with its line; rows with problems are not returned. */
export function parseCv(
  input: string | Uint8Array,
  fileName = "cv.csv",
): { rows: ParsedCvRow[]; problems: CvProblem[]; rowCount: number } {
  const [header, ...lines] = readCsvLines(input, fileName, (message) => new CvFormatError(message));
  if (!header)
    throw new CvFormatError(
      `${fileName} is empty; its first line must be the header: ${CV_COLUMNS.join(",")}`,
    );
  const index = new Map<CvColumn, number>();
  header.cells.forEach((cell, position) => {
    const name = cell.toLowerCase();
    if (!(CV_COLUMNS as readonly string[]).includes(name)) {
      throw new CvFormatError(
        `${fileName} line ${header.line}: unknown column "${cell}" (the columns are ${CV_COLUMNS.join(",")})`,
      );
    }
    if (index.has(name as CvColumn)) {
      throw new CvFormatError(`${fileName} line ${header.line}: column "${cell}" appears more than once`);
    }
    index.set(name as CvColumn, position);
  });
  const missing = (["faculty_id", "kind", "title"] as const).filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new CvFormatError(`${fileName} line ${header.line}: the header lacks ${missing.join(", ")}`);
  }

  const problems: CvProblem[] = [];
  const rows: ParsedCvRow[] = [];
  for (const { line, cells } of lines) {
    const before = problems.length;
    const problem = (column: CvColumn | undefined, message: string) =>
      problems.push({ line, ...(column ? { column } : {}), message });
    if (cells.length !== header.cells.length) {
      problem(undefined, `has ${cells.length} fields but the header has ${header.cells.length}`);
      continue;
    }
    const row = readRow((column) => cells[index.get(column) ?? -1] ?? "", problem);
    if (row && problems.length === before) rows.push({ line, row });
  }
  return {
    rows,
    problems: [...problems, ...duplicates(rows)].sort((a, b) => a.line - b.line),
    rowCount: lines.length,
  };
}

function readRow(
  cell: (column: CvColumn) => string,
  problem: (column: CvColumn | undefined, message: string) => void,
): CvRow | undefined {
  const facultyId = cell("faculty_id");
  if (facultyId === "") problem("faculty_id", "is required");
  const kind = cell("kind").toLowerCase();
  if (!KINDS.has(kind)) problem("kind", `"${cell("kind")}" is not publication, presentation or grant`);
  const title = cell("title");
  if (title === "") problem("title", "is required");
  const year = readYear(cell("year"), "year", problem);
  const startYear = readYear(cell("start_year"), "start_year", problem);
  const endYear = readYear(cell("end_year"), "end_year", problem);
  if (kind === "grant") {
    if (startYear === undefined && year === undefined) problem("start_year", "is required for a grant");
    if (startYear !== undefined && endYear !== undefined && endYear < startYear) {
      problem("end_year", `${endYear} is before start_year ${startYear}`);
    }
  } else if (kind !== "" && year === undefined && cell("year") === "") {
    problem("year", `is required for a ${kind}`);
  }
  const doiCell = cell("doi");
  const doi = doiCell === "" ? undefined : normalizeDoi(doiCell);
  if (doiCell !== "" && !doi) problem("doi", `"${doiCell}" is not a DOI`);
  const pmidCell = cell("pmid");
  const pmid =
    pmidCell === "" ? undefined : /^\d{1,9}$/.test(pmidCell.trim()) ? normalizePmid(pmidCell) : undefined;
  if (pmidCell !== "" && !pmid) problem("pmid", `"${pmidCell}" is not a PMID`);
  const peerCell = cell("peer_reviewed").toLowerCase();
  const peerReviewed =
    peerCell === "" ? undefined : YES.has(peerCell) ? true : NO.has(peerCell) ? false : null;
  if (peerReviewed === null) problem("peer_reviewed", `"${cell("peer_reviewed")}" is not yes or no`);
  const scopeCell = cell("scope").toLowerCase();
  const scope = scopeCell === "" ? undefined : isPresentationScope(scopeCell) ? scopeCell : null;
  if (scope === null) problem("scope", `"${cell("scope")}" is not ${PRESENTATION_SCOPES.join(", ")}`);
  if (scope && kind !== "presentation") problem("scope", "is for presentations only");
  const roleCell = cell("role").toLowerCase();
  const role = roleCell === "" ? undefined : (ROLES[roleCell] ?? null);
  if (role === null) problem("role", `"${cell("role")}" is not pi, multiple_pi, co_investigator or other`);
  if (role && kind !== "grant") problem("role", "is for grants only");
  if (facultyId === "" || !KINDS.has(kind) || title === "") return undefined;
  return omitUndefined({
    facultyId,
    kind: kind as CvRow["kind"],
    title,
    year: year ?? (kind === "grant" ? startYear : undefined),
    venue: cell("venue") || undefined,
    doi,
    pmid,
    peerReviewed: peerReviewed ?? undefined,
    scope: scope ?? undefined,
    role: role ?? undefined,
    startYear,
    endYear,
  });
}

function readYear(
  value: string,
  column: CvColumn,
  problem: (column: CvColumn, message: string) => void,
): number | undefined {
  if (value === "") return undefined;
  const year = /^\d{4}$/.test(value) ? Number(value) : Number.NaN;
  if (!(year >= 1900 && year <= 2100)) {
    problem(column, `"${value}" is not a year`);
    return undefined;
  }
  return year;
}

/** The same entry twice for one person is a mistake in the file, not two items. */
function duplicates(rows: ParsedCvRow[]): CvProblem[] {
  const seen = new Map<string, number>();
  const problems: CvProblem[] = [];
  for (const { line, row } of rows) {
    const key = cvSourceId(row);
    const earlier = seen.get(key);
    if (earlier === undefined) seen.set(key, line);
    else problems.push({ line, message: `repeats line ${earlier} (same person, kind, title and year)` });
  }
  return problems;
}

/**
 * A CV row's identity: person, kind, folded title and year. Re-importing a file finds the same
 * records; correcting a venue or a role in the file updates the record instead of adding one.
 */
export function cvSourceId(row: CvRow): string {
  const key = [
    row.kind,
    foldName(row.title)
      .replace(/[^a-z0-9 ]+/g, "")
      .trim(),
    row.year ?? "",
  ].join("|");
  return `${row.facultyId}/${createHash("sha1").update(key).digest("hex").slice(0, 16)}`;
}

/** The CV row as a source-neutral candidate item. */
export function cvToCandidate(row: CvRow): CandidateItem {
  return omitUndefined({
    source: "cv",
    sourceId: cvSourceId(row),
    kind: row.kind,
    sourceType: `cv-${row.kind}`,
    title: row.title,
    year: row.year,
    venue: row.venue,
    doi: row.doi,
    pmid: row.pmid,
    otherIds: [],
    contributors: [],
    grant:
      row.kind === "grant"
        ? omitUndefined({ role: row.role, startYear: row.startYear ?? row.year, endYear: row.endYear })
        : undefined,
    peerReviewed: row.peerReviewed,
    scope: row.scope,
  });
}

export function formatCvProblem(fileName: string, problem: CvProblem): string {
  return `${fileName} line ${problem.line}: ${problem.column ? `${problem.column} ` : ""}${problem.message}`;
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
