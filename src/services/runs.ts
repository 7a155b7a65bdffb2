import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import { requirePermission } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { facultyIds } from "../db/repositories/faculty.ts";
import {
  closeRun,
  countJobs,
  createRunWithJobs,
  facultySourceStatus,
  failedJobs,
  findRun,
  jobTotalsByStatus,
  latestRuns,
  recordJobFailure,
  runJobs,
  type JobStatus,
  type RunRow,
} from "../db/repositories/runs.ts";
import { UserError } from "../errors.ts";
import {
  HARVEST_JOB_OPTIONS,
  harvestJobId,
  type HarvestJobData,
  type HarvestSourceName,
} from "../queue/definitions.ts";
import { HARVEST_SOURCES } from "../sources/registry.ts";
import { missingFaculty } from "./faculty.ts";

export interface HarvestRequest {
  /** Every faculty member when undefined. */
  facultyIds?: string[];
  sources: HarvestSourceName[];
  sinceYear?: number;
  untilYear?: number;
  trigger: "manual" | "schedule";
  /** Deterministic for scheduled runs, so that one tick never starts two runs. */
  runId?: string;
}

export interface StartedRun {
  runId: string;
  jobIds: string[];
  facultyCount: number;
  /** False when a run with this id existed already (a repeated scheduler tick). */
  created: boolean;
}

export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `run-${stamp}-${randomBytes(3).toString("hex")}`;
}

/**
 * Records a run and its jobs in Postgres, then queues one job per faculty member and source.
 * Rows come first so that a worker never sees a job the database does not know.
 */
export async function startHarvestRun(
  db: Db,
  queues: Record<HarvestSourceName, Queue>,
  request: HarvestRequest,
): Promise<StartedRun> {
  if (request.sinceYear && request.untilYear && request.sinceYear > request.untilYear) {
    throw new UserError(`--since ${request.sinceYear} is after --until ${request.untilYear}`);
  }
  if (request.facultyIds) {
    const unknown = await missingFaculty(db, request.facultyIds);
    if (unknown.length > 0) throw new UserError(`Unknown faculty id(s): ${unknown.join(", ")}`);
  }
  const faculty = await facultyIds(db, request.facultyIds);
  if (faculty.length === 0) {
    throw new UserError(
      "No faculty to harvest: import a roster first (`scholartrack faculty import roster.csv`).",
    );
  }

  const runId = request.runId ?? newRunId();
  const existing = await findRun(db, runId);
  const jobs = faculty.flatMap((facultyId) =>
    request.sources.map((source) => ({ source, facultyId, id: harvestJobId(source, facultyId, runId) })),
  );
  if (!existing) {
    await createRunWithJobs(
      db,
      {
        id: runId,
        trigger: request.trigger,
        sources: request.sources,
        sinceYear: request.sinceYear ?? null,
        untilYear: request.untilYear ?? null,
      },
      jobs.map((job) => ({ id: job.id, runId, facultyId: job.facultyId, source: job.source })),
    );
  }

  // Adding is idempotent: BullMQ ignores a job whose id already exists.
  for (const source of request.sources) {
    const sourceJobs = jobs.filter((job) => job.source === source);
    await queues[source].addBulk(
      sourceJobs.map((job) => {
        const data: HarvestJobData = {
          runId,
          facultyId: job.facultyId,
          ...(request.sinceYear ? { sinceYear: request.sinceYear } : {}),
          ...(request.untilYear ? { untilYear: request.untilYear } : {}),
        };
        return { name: source, data, opts: { ...HARVEST_JOB_OPTIONS, jobId: job.id } };
      }),
    );
  }
  return { runId, jobIds: jobs.map((job) => job.id), facultyCount: faculty.length, created: !existing };
}

/** Closes the run once none of its jobs can change any more. */
export async function finishRunIfDone(db: Db, runId: string): Promise<void> {
  if ((await countJobs(db, runId, ["queued", "active"])) > 0) return;
  const failed = await countJobs(db, runId, ["failed"]);
  await closeRun(db, runId, failed > 0 ? "failed" : "completed", new Date());
}

/** Records a failed attempt on the job's row; when it is final, the run may be over. */
export async function recordHarvestFailure(
  db: Db,
  jobId: string,
  data: HarvestJobData,
  error: Error,
  final: boolean,
): Promise<void> {
  await recordJobFailure(db, jobId, error.message.slice(0, 2000), final, new Date());
  if (final) await finishRunIfDone(db, data.runId);
}

export interface RunProgress {
  total: number;
  completed: number;
  failed: number;
  recordsFetched: number;
  itemsNew: number;
  itemsUpdated: number;
  linksAccepted: number;
  linksPending: number;
}

export async function runProgress(db: Db, runId: string): Promise<RunProgress> {
  const progress: RunProgress = {
    total: 0,
    completed: 0,
    failed: 0,
    recordsFetched: 0,
    itemsNew: 0,
    itemsUpdated: 0,
    linksAccepted: 0,
    linksPending: 0,
  };
  for (const group of await jobTotalsByStatus(db, runId)) {
    progress.total += group.jobs;
    if (group.status === "completed") progress.completed += group.jobs;
    if (group.status === "failed") progress.failed += group.jobs;
    progress.recordsFetched += group.recordsFetched;
    progress.itemsNew += group.itemsNew;
    progress.itemsUpdated += group.itemsUpdated;
    progress.linksAccepted += group.linksAccepted;
    progress.linksPending += group.linksPending;
  }
  return progress;
}

export interface WaitOptions {
  pollMs?: number;
  onProgress?: (progress: RunProgress) => void;
  /** Stops waiting (the run goes on in the queues) when aborted. */
  signal?: AbortSignal;
}

/** Resolves when every job of the run has completed or failed for good. */
export async function waitForRun(db: Db, runId: string, options: WaitOptions = {}): Promise<RunProgress> {
  const pollMs = options.pollMs ?? 250;
  for (;;) {
    const progress = await runProgress(db, runId);
    options.onProgress?.(progress);
    if (progress.completed + progress.failed >= progress.total) return progress;
    if (options.signal?.aborted) throw new Error("stopped waiting for the run");
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}

/** A run as `runs` lists it (and its JSON shows it). */
export interface RunListing {
  id: string;
  trigger: string;
  status: string;
  sources: string[];
  sinceYear: number | null;
  untilYear: number | null;
  startedAt: Date;
  finishedAt: Date | null;
  progress: RunProgress;
}

export async function listRuns(db: Db, last: number): Promise<RunListing[]> {
  const runs = await latestRuns(db, last);
  return Promise.all(runs.map(async (run) => runListing(run, await runProgress(db, run.id))));
}

function runListing(run: RunRow, progress: RunProgress): RunListing {
  const { id, trigger, status, sources, sinceYear, untilYear, startedAt, finishedAt } = run;
  return { id, trigger, status, sources, sinceYear, untilYear, startedAt, finishedAt, progress };
}

/** One job of a run, as `runs show` lists it. */
export interface RunJob {
  id: string;
  facultyId: string;
  source: string;
  status: JobStatus;
  attempts: number;
  recordsFetched: number;
  itemsNew: number;
  itemsUpdated: number;
  linksAccepted: number;
  linksPending: number;
  error: string | null;
  startedAt: Date | null;
  finishedAt: Date | null;
}

/** A run with every one of its jobs, as `runs show` prints it. */
export interface RunDetail extends RunListing {
  jobs: RunJob[];
}

export async function showRun(db: Db, runId: string): Promise<RunDetail> {
  const run = await findRun(db, runId);
  if (!run) throw new UserError(`No harvest run with id ${runId} (\`scholartrack runs\` lists them)`);
  const [progress, jobs] = await Promise.all([runProgress(db, runId), runJobs(db, runId)]);
  return {
    ...runListing(run, progress),
    jobs: jobs.map((job) => ({
      id: job.id,
      facultyId: job.facultyId,
      source: job.source,
      status: job.status,
      attempts: job.attempts,
      recordsFetched: job.recordsFetched,
      itemsNew: job.itemsNew,
      itemsUpdated: job.itemsUpdated,
      linksAccepted: job.linksAccepted,
      linksPending: job.linksPending,
      error: job.error,
      startedAt: job.startedAt,
      finishedAt: job.finishedAt,
    })),
  };
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
  return (await facultySourceStatus(db)).map((row) => ({
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
  /**
   * Set when the failure is the person's record at the source being unavailable (as their
   * profile says: a deactivated ORCID iD, say): theirs to fix, not a fault of the run.
   */
  unavailableReason: string | null;
}

/** The jobs of a run that failed for good, with their last error. */
export async function listRunFailures(db: Db, runId: string): Promise<RunFailure[]> {
  return (await failedJobs(db, runId)).map((job) => ({
    facultyId: job.facultyId,
    source: job.source,
    error: job.error ?? "",
    unavailableReason:
      HARVEST_SOURCES.find((source) => source.name === job.source)?.unavailableReason?.(job.faculty) ?? null,
  }));
}

export function formatRunFailure(failure: RunFailure): string {
  return `  ${failure.facultyId} ${failure.source}: ${failure.error}`;
}

/** Harvest runs as an actor sees them: admins only (for anyone else they do not exist). */
export async function listRunsFor(db: Db, actor: Actor, last: number): Promise<RunListing[]> {
  requirePermission(actor, "runs.manage");
  return listRuns(db, last);
}

/** Starts a harvest for an actor: admins only. */
export async function startHarvestRunAs(
  db: Db,
  queues: Record<HarvestSourceName, Queue>,
  actor: Actor,
  request: HarvestRequest,
): Promise<StartedRun> {
  requirePermission(actor, "runs.manage");
  return startHarvestRun(db, queues, request);
}
