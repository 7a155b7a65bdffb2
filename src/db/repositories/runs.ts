/** HarvestRun and HarvestJob rows: what each run asked for, and each job's state and counts. */
import type { Faculty, HarvestJob, HarvestRun, JobStatus, RunStatus } from "../../generated/prisma/client.ts";
import type { DbClient, Tx } from "../client.ts";

export type RunRow = HarvestRun;
export type JobRow = HarvestJob;
export type { JobStatus, RunStatus };

export interface NewRun {
  id: string;
  trigger: string;
  sources: string[];
  sinceYear?: number | null;
  untilYear?: number | null;
  full?: boolean;
  /** People left to the following nights by a daily budget. */
  deferred?: Array<{ source: string; facultyIds: string[]; reason: string }>;
}

export interface NewJob {
  id: string;
  runId: string;
  facultyId: string;
  source: string;
  status?: JobStatus;
  startedAt?: Date;
}

export interface JobCounts {
  recordsFetched: number;
  itemsNew: number;
  itemsUpdated: number;
  linksAccepted: number;
  linksPending: number;
}

export async function findRun(db: DbClient, id: string): Promise<RunRow | null> {
  return db.harvestRun.findUnique({ where: { id } });
}

export async function createRun(db: DbClient, run: NewRun): Promise<void> {
  await db.harvestRun.create({ data: run });
}

export async function createJobs(db: DbClient, jobs: readonly NewJob[]): Promise<void> {
  await db.harvestJob.createMany({ data: [...jobs] });
}

/** Marks an attempt of the job as started. */
/**
 * Marks an attempt of the job as started. A job completed already (settled by its run's pass while
 * it waited in the queue) is left as it is, and what it recorded then is returned: there is nothing
 * left for the attempt to do.
 */
export async function markJobStarted(
  db: DbClient,
  jobId: string,
  now: Date,
): Promise<{ started: true } | { started: false; counts: JobCounts }> {
  // One statement of our own: the ORM sends this one wrapped in a transaction of its own (three
  // round trips), and every job of a night, settled or not, starts with it.
  const started = await db.$executeRaw`
    UPDATE "HarvestJob" SET "status" = 'active', "attempts" = "attempts" + 1,
                            "startedAt" = ${now.toISOString()}::timestamp(3)
    WHERE "id" = ${jobId} AND "status" <> 'completed'`;
  if (started === 1) return { started: true };
  const counts = await countsIfCompleted(db, jobId);
  if (!counts) throw new Error(`No harvest job ${jobId} is recorded`);
  return { started: false, counts };
}

/**
 * Whether the job's attempt asks for everything or only what changed, and why (`runs show`). A job
 * its run's pass settled meanwhile keeps what the pass recorded.
 */
export async function recordJobMode(
  db: DbClient,
  jobId: string,
  mode: "complete" | "incremental",
  reason: string,
): Promise<void> {
  // One statement of our own, as in markJobStarted.
  await db.$executeRaw`
    UPDATE "HarvestJob" SET "mode" = ${mode}::"HarvestMode", "modeReason" = ${reason}
    WHERE "id" = ${jobId} AND "status" <> 'completed'`;
}

/** The job completed, with its counts (inside the transaction that stored what it found). */
export async function completeJob(tx: Tx, jobId: string, counts: JobCounts, now: Date): Promise<void> {
  const updated = await tx.$executeRaw`
    UPDATE "HarvestJob"
    SET "status" = 'completed', "recordsFetched" = ${counts.recordsFetched}, "itemsNew" = ${counts.itemsNew},
        "itemsUpdated" = ${counts.itemsUpdated}, "linksAccepted" = ${counts.linksAccepted},
        "linksPending" = ${counts.linksPending}, "error" = NULL, "finishedAt" = ${now.toISOString()}::timestamp(3)
    WHERE "id" = ${jobId}`;
  // What the job stored is undone with the transaction when its row is gone.
  if (updated !== 1) throw new Error(`No harvest job ${jobId} is recorded to complete`);
}

/** What the job recorded, when it is completed (settled while a worker waited with it). */
export async function countsIfCompleted(db: DbClient, jobId: string): Promise<JobCounts | undefined> {
  const [job] = await db.$queryRaw<Array<JobCounts & { status: string }>>`
    SELECT "status"::text AS "status", "recordsFetched", "itemsNew", "itemsUpdated", "linksAccepted", "linksPending"
    FROM "HarvestJob" WHERE "id" = ${jobId}`;
  if (job?.status !== "completed") return undefined;
  const { status: _status, ...counts } = job;
  return counts;
}

/** The ids of a run's jobs that completed. */
export async function completedJobIds(db: DbClient, runId: string): Promise<string[]> {
  const rows = await db.harvestJob.findMany({ where: { runId, status: "completed" }, select: { id: true } });
  return rows.map((row) => row.id);
}

/**
 * Records jobs as completed without having run (settled with nothing to do), in one statement:
 * each with its mode, why, and counts. Every job must exist. `onlyWaiting`: the jobs are queued
 * already, and only those still waiting (in the queue, or held by a worker waiting for this answer)
 * are settled; returns the ids settled.
 */
export async function completeJobsUnqueued(
  tx: Tx,
  jobs: ReadonlyArray<{ jobId: string; mode: "complete" | "incremental"; reason: string; counts: JobCounts }>,
  now: Date,
  options: { onlyWaiting?: boolean } = {},
): Promise<string[]> {
  if (jobs.length === 0) return [];
  const column = <T>(value: (job: (typeof jobs)[number]) => T) => jobs.map(value);
  const onlyWaiting = options.onlyWaiting === true;
  const rows = await tx.$queryRaw<Array<{ id: string }>>`
    UPDATE "HarvestJob" AS job
    SET "status" = 'completed',
        -- A job a worker holds (waiting for this answer) has its attempt counted and dated already.
        "attempts" = CASE WHEN job."status" = 'active' THEN job."attempts" ELSE job."attempts" + 1 END,
        "startedAt" = CASE WHEN job."status" = 'active' THEN job."startedAt" ELSE ${now.toISOString()}::timestamp(3) END,
        "finishedAt" = ${now.toISOString()}::timestamp(3),
        "mode" = done.mode::"HarvestMode",
        "modeReason" = done.reason,
        "recordsFetched" = done.records_fetched,
        "itemsNew" = done.items_new,
        "itemsUpdated" = done.items_updated,
        "linksAccepted" = done.links_accepted,
        "linksPending" = done.links_pending,
        "error" = NULL
    FROM unnest(
      ${column((job) => job.jobId)}::text[],
      ${column((job) => job.mode)}::text[],
      ${column((job) => job.reason)}::text[],
      ${column((job) => job.counts.recordsFetched)}::integer[],
      ${column((job) => job.counts.itemsNew)}::integer[],
      ${column((job) => job.counts.itemsUpdated)}::integer[],
      ${column((job) => job.counts.linksAccepted)}::integer[],
      ${column((job) => job.counts.linksPending)}::integer[]
    ) AS done(id, mode, reason, records_fetched, items_new, items_updated, links_accepted, links_pending)
    WHERE job."id" = done.id AND (NOT ${onlyWaiting} OR job."status" IN ('queued', 'active'))
    RETURNING job."id"`;
  if (!onlyWaiting && rows.length !== jobs.length)
    throw new Error(`${jobs.length - rows.length} of ${jobs.length} jobs to complete are not recorded`);
  return rows.map((row) => row.id);
}

/** Records a failed attempt: queued again for a retry, or failed for good. */
export async function recordJobFailure(
  db: DbClient,
  jobId: string,
  error: string,
  final: boolean,
  now: Date,
): Promise<void> {
  await db.harvestJob.updateMany({
    where: { id: jobId },
    data: { error, ...(final ? { status: "failed", finishedAt: now } : { status: "queued" }) },
  });
}

export async function countJobs(
  db: DbClient,
  runId: string,
  statuses: readonly JobStatus[],
): Promise<number> {
  // One statement of our own: every job that completes asks it (whether its run is over).
  const [row] = await db.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS "count" FROM "HarvestJob"
    WHERE "runId" = ${runId} AND "status"::text = ANY(${[...statuses]}::text[])`;
  return row?.count ?? 0;
}

/** Closes the run (once): later calls change nothing. True when this call closed it. */
export async function closeRun(db: DbClient, runId: string, status: RunStatus, now: Date): Promise<boolean> {
  const { count } = await db.harvestRun.updateMany({
    where: { id: runId, finishedAt: null },
    data: { status, finishedAt: now },
  });
  return count > 0;
}

/** The run's jobs by status, with the sum of their counts. */
export async function jobTotalsByStatus(
  db: DbClient,
  runId: string,
): Promise<Array<{ status: JobStatus; jobs: number } & JobCounts>> {
  const groups = await db.harvestJob.groupBy({
    by: ["status"],
    where: { runId },
    _count: { _all: true },
    _sum: {
      recordsFetched: true,
      itemsNew: true,
      itemsUpdated: true,
      linksAccepted: true,
      linksPending: true,
    },
  });
  return groups.map((group) => ({
    status: group.status,
    jobs: group._count._all,
    recordsFetched: group._sum.recordsFetched ?? 0,
    itemsNew: group._sum.itemsNew ?? 0,
    itemsUpdated: group._sum.itemsUpdated ?? 0,
    linksAccepted: group._sum.linksAccepted ?? 0,
    linksPending: group._sum.linksPending ?? 0,
  }));
}

/** Every job of the run, by person and source. */
export async function runJobs(db: DbClient, runId: string): Promise<JobRow[]> {
  return db.harvestJob.findMany({ where: { runId }, orderBy: [{ facultyId: "asc" }, { source: "asc" }] });
}

/** The latest runs, newest first. */
export async function latestRuns(db: DbClient, last: number): Promise<RunRow[]> {
  return db.harvestRun.findMany({ orderBy: { startedAt: "desc" }, take: last });
}

export interface FacultySourceStatusRow {
  facultyId: string;
  source: string;
  lastSuccessAt: Date | null;
  lastErrorAt: Date | null;
  lastError: string | null;
}

/** For each faculty member and each source any job was for: the last success and the last error. */
export async function facultySourceStatus(db: DbClient): Promise<FacultySourceStatusRow[]> {
  return db.$queryRaw<FacultySourceStatusRow[]>`
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
}

/** The run's jobs that failed for good, with their person's row. */
export async function failedJobs(
  db: DbClient,
  runId: string,
): Promise<Array<{ facultyId: string; source: string; error: string | null; faculty: Faculty }>> {
  return db.harvestJob.findMany({
    where: { runId, status: "failed" },
    select: { facultyId: true, source: true, error: true, faculty: true },
    orderBy: [{ facultyId: "asc" }, { source: "asc" }],
  });
}

export interface UnfinishedJob {
  id: string;
  runId: string;
  source: string;
  status: JobStatus;
}

/** Jobs still queued or running in runs that are still open: what the sweeper checks against the queues. */
export async function unfinishedJobsOfOpenRuns(db: DbClient): Promise<UnfinishedJob[]> {
  return db.harvestJob.findMany({
    where: { status: { in: ["queued", "active"] }, run: { status: "running" } },
    select: { id: true, runId: true, source: true, status: true },
    orderBy: { id: "asc" },
  });
}

/** The runs still open. */
export async function openRunIds(db: DbClient): Promise<string[]> {
  const runs = await db.harvestRun.findMany({ where: { status: "running" }, select: { id: true } });
  return runs.map((run) => run.id);
}

/**
 * Settles jobs that are still queued or running (a job settled meanwhile is left as it is);
 * returns how many were settled.
 */
export async function settleUnfinishedJobs(
  db: DbClient,
  where: { ids: string[] } | { runId: string },
  outcome: { status: "failed"; error: string } | { status: "completed" },
  now: Date,
): Promise<number> {
  const { count } = await db.harvestJob.updateMany({
    where: {
      ...("ids" in where ? { id: { in: where.ids } } : { runId: where.runId }),
      status: { in: ["queued", "active"] },
    },
    data: { ...outcome, finishedAt: now },
  });
  return count;
}

/** The run's jobs still queued or running. */
export async function unfinishedJobsOfRun(db: DbClient, runId: string): Promise<UnfinishedJob[]> {
  return db.harvestJob.findMany({
    where: { runId, status: { in: ["queued", "active"] } },
    select: { id: true, runId: true, source: true, status: true },
    orderBy: { id: "asc" },
  });
}

/** The people of a run whose jobs at these sources are still to finish (queued, running, or to be tried again). */
export async function facultyWithUnfinishedJobs(
  db: DbClient,
  runId: string,
  sources: readonly string[],
): Promise<Set<string>> {
  if (sources.length === 0) return new Set();
  const rows = await db.harvestJob.findMany({
    where: { runId, source: { in: [...sources] }, status: { in: ["queued", "active"] } },
    select: { facultyId: true },
  });
  return new Set(rows.map((row) => row.facultyId));
}

export interface OpenRunScope {
  id: string;
  sources: string[];
  full: boolean;
  /** Everyone the run harvests. */
  facultyIds: string[];
}

/** The open runs over these years, with whom and which sources each harvests. */
export async function openRunScopes(
  db: DbClient,
  years: { sinceYear: number | null; untilYear: number | null },
): Promise<OpenRunScope[]> {
  const runs = await db.harvestRun.findMany({
    where: { status: "running", sinceYear: years.sinceYear, untilYear: years.untilYear },
    select: {
      id: true,
      sources: true,
      full: true,
      jobs: { select: { facultyId: true }, distinct: ["facultyId"] },
    },
    orderBy: { startedAt: "asc" },
  });
  return runs.map((run) => ({
    id: run.id,
    sources: run.sources,
    full: run.full,
    facultyIds: run.jobs.map((job) => job.facultyId),
  }));
}
