import type { Db } from "../db/client.ts";
import { createJobs, createRun } from "../db/repositories/runs.ts";
import { cvSource, formatCvProblem, parseCv, type ParsedCvRow } from "../sources/cv/index.ts";
import { missingFaculty } from "./faculty.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "./rescore.ts";
import { newRunId } from "./runs.ts";
import { storeHarvest } from "./store.ts";

/** Links made from a CV are the person's own assertions, recorded as decided by "cv". */
export const CV_DECIDER = "cv";

export interface CvImportOptions {
  fileName?: string;
  /** Import the valid rows even when others have errors. */
  skipInvalid?: boolean;
  scoring: RescoreSettings;
  now?: Date;
}

export interface CvImportResult {
  rows: number;
  itemsNew: number;
  itemsUpdated: number;
  /** Rows not imported (every row when errors stopped the import). */
  skipped: number;
  errors: string[];
  blocked: boolean;
  /** The faculty members whose items were stored: their ledgers need reconciling. */
  facultyIds: string[];
  runId?: string;
}

/**
 * Imports a CV CSV as the person's own assertions (accepted, never re-decided by scoring), merged
 * with harvested items when they share an identifier. A file with errors imports nothing unless
 * `skipInvalid`; re-importing the same file adds and changes nothing. Each person's rows are
 * stored in one transaction, recorded as a run with one job per person (trigger "cv-import").
 */
export async function importCv(
  db: Db,
  input: string | Uint8Array,
  options: CvImportOptions,
): Promise<CvImportResult> {
  const fileName = options.fileName ?? "cv.csv";
  const parsed = parseCv(input, fileName);
  const problems = [...parsed.problems];
  const facultyIds = [...new Set(parsed.rows.map(({ row }) => row.facultyId))];
  const unknown = new Set(await missingFaculty(db, facultyIds));
  for (const { line, row } of parsed.rows) {
    if (unknown.has(row.facultyId)) {
      problems.push({ line, column: "faculty_id", message: `"${row.facultyId}" is not in the roster` });
    }
  }
  problems.sort((a, b) => a.line - b.line);
  const badLines = new Set(problems.map((problem) => problem.line));
  const blocked = problems.length > 0 && !options.skipInvalid;
  const result: CvImportResult = {
    rows: parsed.rowCount,
    itemsNew: 0,
    itemsUpdated: 0,
    skipped: blocked ? parsed.rowCount : badLines.size,
    errors: problems.map((problem) => formatCvProblem(fileName, problem)),
    blocked,
    facultyIds: [],
  };
  if (blocked) return result;

  const byFaculty = new Map<string, ParsedCvRow[]>();
  for (const entry of parsed.rows) {
    if (badLines.has(entry.line)) continue;
    const rows = byFaculty.get(entry.row.facultyId) ?? [];
    rows.push(entry);
    byFaculty.set(entry.row.facultyId, rows);
  }
  if (byFaculty.size === 0) return result;

  const now = options.now ?? new Date();
  const runId = newRunId(now);
  await createRun(db, { id: runId, trigger: "cv-import", sources: [cvSource.name] });
  await createJobs(
    db,
    [...byFaculty.keys()].map((facultyId) => ({
      id: `cv-${facultyId}-${runId}`,
      runId,
      facultyId,
      source: cvSource.name,
      status: "active" as const,
      startedAt: now,
    })),
  );
  for (const [facultyId, rows] of byFaculty) {
    const counts = await storeHarvest(db, {
      jobId: `cv-${facultyId}-${runId}`,
      runId,
      facultyId,
      fetchedAt: now,
      source: cvSource.name,
      records: rows.map(({ row }) => ({
        payload: row,
        link: {
          status: "accepted" as const,
          decidedBy: CV_DECIDER,
          score: 100,
          evidence: [{ kind: "cv_row" as const, weight: 100, reason: "listed on their own CV" }],
          ...(row.role ? { role: row.role } : {}),
        },
      })),
      // CV items are the person's: evidence for scoring their harvested links.
      afterLinks: (tx) => rescoreFacultyLinks(tx, facultyId, options.scoring),
    });
    result.itemsNew += counts.itemsNew;
    result.itemsUpdated += counts.itemsUpdated;
  }
  result.facultyIds = [...byFaculty.keys()];
  result.runId = runId;
  return result;
}
