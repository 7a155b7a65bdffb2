import { readCsvLines } from "../csv/read-csv.ts";
import type { Db, Tx } from "../db/client.ts";
import { findItemsByIdsOrIdentifiers } from "../db/repositories/items.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { UserError } from "../errors.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import { normalizeDoi, normalizePmid } from "../sources/candidate.ts";
import { missingFaculty } from "./faculty.ts";
import { applyDecisions, checkDecider, type Decision, type DecisionOutcome } from "./review.ts";

/** The header of a decisions file; item_id, pmid or doi names the item (item_id wins). */
export const DECISION_COLUMNS = [
  "faculty_id",
  "item_id",
  "pmid",
  "doi",
  "decision",
  "note",
  "decided_by",
] as const;
type DecisionColumn = (typeof DECISION_COLUMNS)[number];

export class DecisionsFormatError extends UserError {
  override name = "DecisionsFormatError";
}

export interface DecisionsImportOptions {
  fileName?: string;
  /** Who decided, for rows without decided_by. */
  decidedBy: string;
  /** Apply the valid rows even when others have errors. */
  skipInvalid?: boolean;
}

export interface DecisionsImportResult {
  rows: number;
  /** Rows whose decision was recorded or changed. */
  changed: number;
  /** Rows that said what the database already held. */
  unchanged: number;
  /** Rows with errors, not applied (every row when errors stopped the import). */
  skipped: number;
  /** `decisions.csv line N: <column> <what is wrong>`, in line order. */
  errors: string[];
  /** True when errors stopped the import: nothing was written. */
  blocked: boolean;
  outcomes: DecisionOutcome[];
}

interface DecisionRow {
  line: number;
  facultyId: string;
  itemRef: { kind: "item_id"; id: number } | { kind: "pmid" | "doi"; value: string };
  decision: Decision;
  note: string | null;
  decidedBy: string;
}

const DECISION_WORDS: Record<string, Decision> = {
  accept: "accept",
  accepted: "accept",
  reject: "reject",
  rejected: "reject",
};

/**
 * Applies a CSV of people's accept/reject decisions in one transaction. Every bad row is reported
 * with its line; a file with errors changes nothing unless `skipInvalid`. Importing the same file
 * again changes nothing.
 */
export async function importDecisions(
  db: Db,
  input: string | Uint8Array,
  options: DecisionsImportOptions,
): Promise<DecisionsImportResult> {
  const fileName = options.fileName ?? "decisions.csv";
  const fallbackDecider = checkDecider(options.decidedBy);
  const [header, ...lines] = readCsvLines(input, fileName, (message) => new DecisionsFormatError(message));
  if (!header) throw new DecisionsFormatError(`${fileName} is empty; its first line must be the header`);
  const index = readHeader(header.cells, fileName, header.line);

  const errors: Array<{ line: number; message: string }> = [];
  const rows: DecisionRow[] = [];
  for (const { line, cells } of lines) {
    const row = readRow(cells, line, index, fallbackDecider, (column, message) =>
      errors.push({ line, message: `${column ? `${column} ` : ""}${message}` }),
    );
    if (row) rows.push(row);
  }

  return inTransaction(
    db,
    async (tx) => {
      const resolved = await resolveRows(tx, rows, (line, message) => errors.push({ line, message }));
      errors.sort((a, b) => a.line - b.line);
      const badLines = new Set(errors.map((error) => error.line));
      const blocked = errors.length > 0 && !options.skipInvalid;
      const result: DecisionsImportResult = {
        rows: lines.length,
        changed: 0,
        unchanged: 0,
        skipped: blocked ? lines.length : badLines.size,
        errors: errors.map((error) => `${fileName} line ${error.line}: ${error.message}`),
        blocked,
        outcomes: [],
      };
      if (blocked) return result;
      const valid = resolved.filter((row) => !badLines.has(row.line));
      result.outcomes = await applyDecisions(tx, valid, new Date());
      result.changed = result.outcomes.filter((outcome) => outcome.changed).length;
      result.unchanged = result.outcomes.length - result.changed;
      return result;
    },
    { timeout: 300_000, maxWait: 60_000 },
  );
}

function readHeader(cells: string[], fileName: string, line: number): Map<DecisionColumn, number> {
  const index = new Map<DecisionColumn, number>();
  cells.forEach((cell, position) => {
    const name = cell.toLowerCase();
    if (!(DECISION_COLUMNS as readonly string[]).includes(name)) {
      throw new DecisionsFormatError(
        `${fileName} line ${line}: unknown column "${cell}" (the columns are ${DECISION_COLUMNS.join(",")})`,
      );
    }
    if (index.has(name as DecisionColumn)) {
      throw new DecisionsFormatError(`${fileName} line ${line}: column "${cell}" appears more than once`);
    }
    index.set(name as DecisionColumn, position);
  });
  const missing = (["faculty_id", "decision"] as const).filter((column) => !index.has(column));
  if (!["item_id", "pmid", "doi"].some((column) => index.has(column as DecisionColumn))) {
    missing.push("item_id, pmid or doi" as never);
  }
  if (missing.length > 0) {
    throw new DecisionsFormatError(`${fileName} line ${line}: the header lacks ${missing.join(" and ")}`);
  }
  return index;
}

function readRow(
  cells: string[],
  line: number,
  index: Map<DecisionColumn, number>,
  fallbackDecider: string,
  problem: (column: DecisionColumn | undefined, message: string) => void,
): DecisionRow | undefined {
  const cell = (column: DecisionColumn): string => {
    const position = index.get(column);
    return position === undefined ? "" : (cells[position] ?? "");
  };
  let ok = true;
  const fail = (column: DecisionColumn | undefined, message: string) => {
    problem(column, message);
    ok = false;
  };
  const facultyId = cell("faculty_id");
  if (facultyId === "") fail("faculty_id", "is required");
  const decision = DECISION_WORDS[cell("decision").toLowerCase()];
  if (decision === undefined) fail("decision", `"${cell("decision")}" is not accept or reject`);

  let itemRef: DecisionRow["itemRef"] | undefined;
  const itemId = cell("item_id");
  if (itemId !== "") {
    if (/^\d{1,9}$/.test(itemId) && Number(itemId) > 0) itemRef = { kind: "item_id", id: Number(itemId) };
    else fail("item_id", `"${itemId}" is not an item id`);
  } else if (cell("pmid") !== "") {
    const pmid = normalizePmid(cell("pmid"));
    if (pmid) itemRef = { kind: "pmid", value: pmid };
    else fail("pmid", `"${cell("pmid")}" is not a PMID`);
  } else if (cell("doi") !== "") {
    const doi = normalizeDoi(cell("doi"));
    if (doi) itemRef = { kind: "doi", value: doi };
    else fail("doi", `"${cell("doi")}" is not a DOI`);
  } else {
    fail(undefined, "names no item: give item_id, pmid or doi");
  }
  const decidedBy = cell("decided_by") || fallbackDecider;
  if (decidedBy === SYSTEM_DECIDER) {
    fail("decided_by", `"${SYSTEM_DECIDER}" is the automatic decider; give a person's name`);
  }
  if (!ok || itemRef === undefined || decision === undefined) return undefined;
  return { line, facultyId, itemRef, decision, note: cell("note") || null, decidedBy };
}

/** Finds each row's faculty member and item; the same pair twice in one file is an error. */
async function resolveRows(
  tx: Tx,
  rows: DecisionRow[],
  problem: (line: number, message: string) => void,
): Promise<
  Array<{
    line: number;
    facultyId: string;
    itemId: number;
    decision: Decision;
    note: string | null;
    decidedBy: string;
  }>
> {
  const ids = rows.flatMap((row) => (row.itemRef.kind === "item_id" ? [row.itemRef.id] : []));
  const pmids = rows.flatMap((row) => (row.itemRef.kind === "pmid" ? [row.itemRef.value] : []));
  const dois = rows.flatMap((row) => (row.itemRef.kind === "doi" ? [row.itemRef.value] : []));
  // One after the other: a transaction's statements share one connection.
  const unknownFaculty = await missingFaculty(
    tx,
    rows.map((row) => row.facultyId),
  );
  const items = await findItemsByIdsOrIdentifiers(tx, { ids, pmids, dois });
  const unknown = new Set(unknownFaculty);
  const byId = new Map(items.map((item) => [item.id, item.id]));
  const byPmid = new Map(items.flatMap((item) => (item.pmid ? [[item.pmid, item.id] as const] : [])));
  const byDoi = new Map(items.flatMap((item) => (item.doi ? [[item.doi, item.id] as const] : [])));
  const seen = new Map<string, number>();
  const resolved = [];
  for (const row of rows) {
    const ref = row.itemRef;
    const itemId =
      ref.kind === "item_id"
        ? byId.get(ref.id)
        : ref.kind === "pmid"
          ? byPmid.get(ref.value)
          : byDoi.get(ref.value);
    let ok = true;
    if (unknown.has(row.facultyId)) {
      problem(row.line, `faculty_id "${row.facultyId}" is not in the roster`);
      ok = false;
    }
    if (itemId === undefined) {
      const named = ref.kind === "item_id" ? `item ${ref.id}` : `${ref.kind} ${ref.value}`;
      problem(row.line, `${ref.kind} names no item ScholarTrack holds (${named})`);
      ok = false;
    }
    if (!ok || itemId === undefined) continue;
    const key = `${row.facultyId}\u0000${itemId}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      problem(
        row.line,
        `decides on faculty ${row.facultyId} and item ${itemId} again (also line ${earlier})`,
      );
      continue;
    }
    seen.set(key, row.line);
    resolved.push({
      line: row.line,
      facultyId: row.facultyId,
      itemId,
      decision: row.decision,
      note: row.note,
      decidedBy: row.decidedBy,
    });
  }
  return resolved;
}
