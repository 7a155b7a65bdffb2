import type { CsvImportResult } from "./import-result.ts";
import { isIsoDate } from "../csv/iso-date.ts";
import { readCsvLines } from "../csv/read-csv.ts";
import type { Db } from "../db/client.ts";
import { changePromotionDate, createPromotion, promotionsOf } from "../db/repositories/promotions.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { UserError } from "../errors.ts";
import { missingFaculty } from "./faculty.ts";

/** The header of a promotions file: who reached which rank on which date. */
export const PROMOTION_COLUMNS = ["faculty_id", "rank", "date"] as const;
type PromotionColumn = (typeof PROMOTION_COLUMNS)[number];

export class PromotionsFormatError extends UserError {
  override name = "PromotionsFormatError";
}

export interface PromotionsImportOptions {
  fileName?: string;
  /** Import the valid rows even when others have errors. */
  skipInvalid?: boolean;
}

/** `promotions.csv line N: <column> <what is wrong>` in `errors`. */
export type PromotionsImportResult = CsvImportResult;

interface PromotionRow {
  line: number;
  facultyId: string;
  rank: string;
  date: string;
}

/**
 * Records past promotions from a CSV in one transaction. Every bad row is reported with its line;
 * a file with errors changes nothing unless `skipInvalid`. A person reaches a rank once: a row for
 * a promotion already on record changes its date, and importing the same file again changes nothing.
 */
export async function importPromotions(
  db: Db,
  input: string | Uint8Array,
  options: PromotionsImportOptions = {},
): Promise<PromotionsImportResult> {
  const fileName = options.fileName ?? "promotions.csv";
  const [header, ...lines] = readCsvLines(input, fileName, (message) => new PromotionsFormatError(message));
  if (!header) throw new PromotionsFormatError(`${fileName} is empty; its first line must be the header`);
  const index = readHeader(header.cells, fileName, header.line);

  const errors: Array<{ line: number; message: string }> = [];
  const rows: PromotionRow[] = [];
  const seen = new Map<string, number>();
  for (const { line, cells } of lines) {
    const row = readRow(cells, line, index, (message) => errors.push({ line, message }));
    if (!row) continue;
    const key = `${row.facultyId}\u0000${row.rank.toLowerCase()}`;
    const earlier = seen.get(key);
    if (earlier !== undefined) {
      errors.push({ line, message: `promotes ${row.facultyId} to ${row.rank} again (also line ${earlier})` });
      continue;
    }
    seen.set(key, line);
    rows.push(row);
  }

  return inTransaction(db, async (tx) => {
    const unknown = new Set(
      await missingFaculty(
        tx,
        rows.map((row) => row.facultyId),
      ),
    );
    for (const row of rows) {
      if (unknown.has(row.facultyId)) {
        errors.push({ line: row.line, message: `faculty_id "${row.facultyId}" is not in the roster` });
      }
    }
    errors.sort((a, b) => a.line - b.line);
    const badLines = new Set(errors.map((error) => error.line));
    const blocked = errors.length > 0 && !options.skipInvalid;
    const result: PromotionsImportResult = {
      rows: lines.length,
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: blocked ? lines.length : badLines.size,
      errors: errors.map((error) => `${fileName} line ${error.line}: ${error.message}`),
      blocked,
    };
    if (blocked) return result;
    const valid = rows.filter((row) => !badLines.has(row.line));
    const existing = await promotionsOf(tx, [...new Set(valid.map((row) => row.facultyId))]);
    const byKey = new Map(existing.map((row) => [`${row.facultyId}\u0000${row.rank.toLowerCase()}`, row]));
    for (const row of valid) {
      const date = new Date(`${row.date}T00:00:00Z`);
      const known = byKey.get(`${row.facultyId}\u0000${row.rank.toLowerCase()}`);
      if (!known) {
        await createPromotion(tx, { facultyId: row.facultyId, rank: row.rank, date });
        result.created += 1;
      } else if (known.date.getTime() !== date.getTime()) {
        await changePromotionDate(tx, known.id, date);
        result.updated += 1;
      } else result.unchanged += 1;
    }
    return result;
  });
}

function readHeader(cells: string[], fileName: string, line: number): Map<PromotionColumn, number> {
  const index = new Map<PromotionColumn, number>();
  cells.forEach((cell, position) => {
    const name = cell.toLowerCase();
    if (!(PROMOTION_COLUMNS as readonly string[]).includes(name)) {
      throw new PromotionsFormatError(
        `${fileName} line ${line}: unknown column "${cell}" (the columns are ${PROMOTION_COLUMNS.join(",")})`,
      );
    }
    if (index.has(name as PromotionColumn)) {
      throw new PromotionsFormatError(`${fileName} line ${line}: column "${cell}" appears more than once`);
    }
    index.set(name as PromotionColumn, position);
  });
  const missing = PROMOTION_COLUMNS.filter((column) => !index.has(column));
  if (missing.length > 0) {
    throw new PromotionsFormatError(`${fileName} line ${line}: the header lacks ${missing.join(" and ")}`);
  }
  return index;
}

function readRow(
  cells: string[],
  line: number,
  index: Map<PromotionColumn, number>,
  problem: (message: string) => void,
): PromotionRow | undefined {
  const cell = (column: PromotionColumn): string => cells[index.get(column)!] ?? "";
  let ok = true;
  const fail = (message: string) => {
    problem(message);
    ok = false;
  };
  const facultyId = cell("faculty_id");
  if (facultyId === "") fail("faculty_id is required");
  const rank = cell("rank").replace(/\s+/g, " ");
  if (rank === "") fail("rank is required");
  const date = cell("date");
  if (!isIsoDate(date)) fail(`date "${date}" is not a date such as 2019-07-01`);
  return ok ? { line, facultyId, rank, date } : undefined;
}

export { isIsoDate };
