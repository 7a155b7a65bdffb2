import type { Db } from "../db/client.ts";
import { runProgress, type RunProgress } from "./runs.ts";

export interface RunListing {
  id: string;
  trigger: string;
  status: string;
  startedAt: Date;
  finishedAt: Date | null;
  progress: RunProgress;
}

export async function listRuns(db: Db, last: number): Promise<RunListing[]> {
  const runs = await db.harvestRun.findMany({ orderBy: { startedAt: "desc" }, take: last });
  return Promise.all(runs.map(async (run) => ({ ...run, progress: await runProgress(db, run.id) })));
}

export interface FacultyHarvestStatus {
  facultyId: string;
  source: string;
  lastSuccessAt?: Date;
  lastErrorAt?: Date;
  lastError?: string;
}

/** For each faculty member and source: when it last succeeded, and its last failure if any. */
export async function listFacultyHarvestStatus(db: Db): Promise<FacultyHarvestStatus[]> {
  const rows = await db.$queryRaw<
    Array<{
      facultyId: string;
      source: string;
      lastSuccessAt: Date | null;
      lastErrorAt: Date | null;
      lastError: string | null;
    }>
  >`
    SELECT f.id AS "facultyId", s.source,
           ok."finishedAt" AS "lastSuccessAt",
           bad."at" AS "lastErrorAt", bad.error AS "lastError"
    FROM "Faculty" f
    CROSS JOIN (SELECT DISTINCT source FROM "HarvestJob") s
    LEFT JOIN LATERAL (
      SELECT j."finishedAt" FROM "HarvestJob" j
      WHERE j."facultyId" = f.id AND j.source = s.source AND j.status = 'completed'
      ORDER BY j."finishedAt" DESC NULLS LAST LIMIT 1
    ) ok ON true
    LEFT JOIN LATERAL (
      SELECT COALESCE(j."finishedAt", j."startedAt", j."createdAt") AS at, j.error FROM "HarvestJob" j
      WHERE j."facultyId" = f.id AND j.source = s.source AND j.error IS NOT NULL
      ORDER BY COALESCE(j."finishedAt", j."startedAt", j."createdAt") DESC LIMIT 1
    ) bad ON true
    ORDER BY f.id, s.source`;
  return rows.map((row) => ({
    facultyId: row.facultyId,
    source: row.source,
    ...(row.lastSuccessAt ? { lastSuccessAt: row.lastSuccessAt } : {}),
    ...(row.lastErrorAt ? { lastErrorAt: row.lastErrorAt } : {}),
    ...(row.lastError ? { lastError: row.lastError } : {}),
  }));
}

export interface RunFailure {
  facultyId: string;
  source: string;
  error: string;
  /** Set when the failure is the faculty member's ORCID record being unavailable. */
  orcidStatus: string | null;
}

/** The jobs of a run that failed for good, with their last error. */
export async function listRunFailures(db: Db, runId: string): Promise<RunFailure[]> {
  const failed = await db.harvestJob.findMany({
    where: { runId, status: "failed" },
    select: { facultyId: true, source: true, error: true, faculty: { select: { orcidStatus: true } } },
    orderBy: [{ facultyId: "asc" }, { source: "asc" }],
  });
  return failed.map((job) => ({
    facultyId: job.facultyId,
    source: job.source,
    error: job.error ?? "",
    orcidStatus: job.source === "orcid" ? job.faculty.orcidStatus : null,
  }));
}

export function formatRunFailure(failure: RunFailure): string {
  return `  ${failure.facultyId} ${failure.source}: ${failure.error}`;
}
