import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import { requirePermission } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { facultyIds, facultyWithOrcid } from "../db/repositories/faculty.ts";
import { harvestStatesOf } from "../db/repositories/harvest-state.ts";
import {
  closeRun,
  completedJobIds,
  countJobs,
  createJobs,
  createRun,
  facultySourceStatus,
  failedJobs,
  findRun,
  jobTotalsByStatus,
  latestRuns,
  openRunScopes,
  recordJobFailure,
  runJobs,
  type JobStatus,
  type RunRow,
  type RunStatus,
  settleUnfinishedJobs,
  unfinishedJobsOfRun,
} from "../db/repositories/runs.ts";
import { inTransaction, lockKey } from "../db/repositories/transaction.ts";
import { isConnectionError, NotFoundError, UserError } from "../errors.ts";
import type { OutageLog } from "../logging.ts";
import {
  completePassJobId,
  harvestJobId,
  type HarvestJobData,
  type HarvestSourceName,
  type RetryPolicy,
} from "../queue/definitions.ts";
import type { HarvestQueues } from "../queue/queues.ts";
import { HARVEST_SOURCES, isHarvestSourceName } from "../sources/registry.ts";
import { missingFaculty } from "./faculty.ts";
import type { Redis } from "ioredis";
import { requestsToday } from "../ratelimit/daily-requests.ts";
import { chooseWithinBudget, orcidReads, type DailyBudget } from "./budget.ts";
import { harvestIdentity, planHarvest, type PlanSettings } from "./harvest-plan.ts";
import { queueRunJobs, runJobIds } from "./run-jobs.ts";
import {
  completePassOfRun,
  harvestTogetherForRun,
  holdFirstPass,
  type TogetherDeps,
} from "./harvest-together.ts";

export interface HarvestRequest {
  /** Every faculty member when undefined. */
  facultyIds?: string[];
  sources: HarvestSourceName[];
  sinceYear?: number;
  untilYear?: number;
  /** Complete harvests for everyone in the run, whatever their history (`harvest --full`). */
  full?: boolean;
  /** ORCID's daily budget (ORCID_DAILY_BUDGET) and what is used of it: the run defers whom it cannot afford. */
  orcidBudget?: DailyBudget & Omit<PlanSettings, "full">;
  trigger: "manual" | "schedule";
  /** Deterministic for scheduled runs, so that one tick never starts two runs. */
  runId?: string;
  /** How failed jobs are tried again (HARVEST_JOB_ATTEMPTS, HARVEST_RETRY_DELAY_MS); the default policy when absent. */
  retry?: RetryPolicy;
}

/** ORCID's daily budget as it stands now, with the settings that say whose harvest is complete. */
export async function orcidBudgetNow(
  services: { config: AppConfig; redis: Redis },
  now = new Date(),
): Promise<NonNullable<HarvestRequest["orcidBudget"]>> {
  const { config } = services;
  return {
    source: "orcid",
    limit: config.ORCID_DAILY_BUDGET,
    usedToday: await requestsToday(services.redis, config.QUEUE_PREFIX, "orcid", now),
    completeEveryDays: config.HARVEST_COMPLETE_EVERY_DAYS,
    overlapDays: config.HARVEST_OVERLAP_DAYS,
  };
}

export interface StartedRun {
  runId: string;
  jobIds: string[];
  facultyCount: number;
  /** False when a run with this id existed already (a repeated scheduler tick), or was joined. */
  created: boolean;
  /** True when an open run for the same people, sources and years was joined instead of starting another. */
  joined: boolean;
  /** People a daily budget left to the following nights. */
  deferred: DeferredPeople[];
}

export function newRunId(now = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `run-${stamp}-${randomBytes(3).toString("hex")}`;
}

/** The retry policy the environment sets (HARVEST_JOB_ATTEMPTS, HARVEST_RETRY_DELAY_MS). */
export function retryPolicyFrom(
  config: Pick<AppConfig, "HARVEST_JOB_ATTEMPTS" | "HARVEST_RETRY_DELAY_MS">,
): RetryPolicy {
  return { attempts: config.HARVEST_JOB_ATTEMPTS, backoffMs: config.HARVEST_RETRY_DELAY_MS };
}

// One run is started at a time, so that two `harvest --all` started together cannot both miss the other.
const RUN_START_LOCK_NAMESPACE = 724_061_316;

/**
 * Records a run and its jobs in Postgres, then queues one job per faculty member and source.
 * Rows come first so that a worker never sees a job the database does not know. A manual run
 * asking for what an open run already harvests (the same people, sources and years) joins it
 * rather than calling every API twice. Given `together` (the API clients and Redis), a new run
 * first asks once for the many people whose harvest is incremental (./harvest-together.ts), and
 * their jobs take their answers.
 */
export async function startHarvestRun(
  db: Db,
  queues: Pick<HarvestQueues, "flows" | "bySource" | "completePass">,
  request: HarvestRequest,
  together?: Omit<TogetherDeps, "db">,
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

  const years = { sinceYear: request.sinceYear ?? null, untilYear: request.untilYear ?? null };
  const deferred = await deferredByBudget(db, faculty, request, together !== undefined);
  const skipped = (facultyId: string, source: string) =>
    deferred.some((entry) => entry.source === source && entry.facultyIds.includes(facultyId));
  const opened = await inTransaction(db, async (tx) => {
    await lockKey(tx, RUN_START_LOCK_NAMESPACE, "start");
    if (request.runId === undefined) {
      const same = (await openRunScopes(tx, years)).find(
        (run) =>
          run.full === (request.full === true) &&
          sameSet(run.sources, request.sources) &&
          sameSet(run.facultyIds, faculty),
      );
      if (same) return { runId: same.id, created: false, joined: true };
    }
    const runId = request.runId ?? newRunId();
    if (await findRun(tx, runId)) return { runId, created: false, joined: false };
    await createRun(tx, {
      id: runId,
      trigger: request.trigger,
      sources: request.sources,
      ...years,
      full: request.full === true,
      deferred,
    });
    await createJobs(
      tx,
      faculty.flatMap((facultyId) =>
        request.sources
          .filter((source) => !skipped(facultyId, source))
          .map((source) => ({
            id: harvestJobId(source, facultyId, runId),
            runId,
            facultyId,
            source,
          })),
      ),
    );
    return { runId, created: true, joined: false };
  });

  // Jobs the first pass found nothing to do for are completed without being queued; a run started
  // again (a tick delivered twice) reads them back as the jobs that finished.
  let settled = new Set<string>();
  const togetherRequest = { ...request, runId: opened.runId, facultyIds: faculty, skip: skipped };
  if (opened.created && together) {
    const hold = await holdFirstPass({ ...together, db }, togetherRequest);
    try {
      // The passes beside the jobs start now, beside the first pass (RePORTER's one request a second
      // is the night's slowest part); they settle nothing before it is over. A worker makes them,
      // so that they are made whether or not this process stays (`harvest` without --wait).
      if (hold.passesBeside)
        await queues.completePass.add(
          "complete-pass",
          { runId: opened.runId },
          { jobId: completePassJobId(opened.runId), ...COMPLETE_PASS_JOB_OPTIONS },
        );
      ({ settled } = await harvestTogetherForRun({ ...together, db }, togetherRequest));
    } finally {
      await hold.end();
    }
  } else if (!opened.created) {
    settled = new Set(await completedJobIds(db, opened.runId));
  }
  const leftOut = (facultyId: string, source: HarvestSourceName) =>
    skipped(facultyId, source) || settled.has(harvestJobId(source, facultyId, opened.runId));
  // A run's jobs are queued in one step (one Redis transaction), so a run whose first job the queue
  // knows is queued already: adding its flows again could tie a finished job to a waiting parent.
  const first = faculty
    .flatMap((facultyId) => request.sources.map((source) => ({ source, facultyId })))
    .find((job) => !leftOut(job.facultyId, job.source));
  const queued =
    first === undefined ||
    (!opened.created &&
      (await queues.bySource[first.source].getJob(
        harvestJobId(first.source, first.facultyId, opened.runId),
      )) !== undefined);
  if (!queued) await queueRunJobs(queues.flows, opened.runId, faculty, { ...request, skip: leftOut });
  // Every job settled at the start: nothing queued will close the run.
  if (first === undefined) await finishRunIfDone(db, opened.runId);
  const jobIds = runJobIds(opened.runId, faculty, request.sources, skipped);
  return { ...opened, jobIds, facultyCount: faculty.length, deferred: opened.created ? deferred : [] };
}

// Tried once (its jobs ask on their own when it fails); kept for a bounded time, as harvest jobs are.
const COMPLETE_PASS_JOB_OPTIONS = {
  removeOnComplete: { age: 7 * 24 * 3600, count: 1_000 },
  removeOnFail: { age: 30 * 24 * 3600, count: 1_000 },
};

/** People a source's daily budget leaves to the following nights, and why (empty when all fit). */
export interface DeferredPeople {
  source: string;
  facultyIds: string[];
  reason: string;
}

/**
 * `asksTogether`: the run's first pass asks ORCID which records changed, one search for many
 * people, so an incremental harvest costs a share of a search rather than a read of its own.
 */
async function deferredByBudget(
  db: Db,
  faculty: readonly string[],
  request: HarvestRequest,
  asksTogether: boolean,
): Promise<DeferredPeople[]> {
  const budget = request.orcidBudget;
  if (!budget || !request.sources.includes("orcid")) return [];
  const now = new Date();
  const [people, states] = await Promise.all([
    facultyWithOrcid(db, faculty),
    harvestStatesOf(db, "orcid", faculty),
  ]);
  const stateOf = new Map(states.map((state) => [state.facultyId, state]));
  const settings = { ...budget, full: request.full === true };
  const years = {
    ...(request.sinceYear ? { sinceYear: request.sinceYear } : {}),
    ...(request.untilYear ? { untilYear: request.untilYear } : {}),
  };
  const choice = chooseWithinBudget(
    people.map((person) => {
      const state = stateOf.get(person.id) ?? null;
      const plan = planHarvest(state, harvestIdentity(person, years), now, settings);
      // The first pass searches for records read before and readable then (./harvest-together.ts).
      const searchedTogether =
        asksTogether && person.orcidStatus === null && typeof state?.cursor === "string";
      return {
        facultyId: person.id,
        cost: orcidReads({ mode: plan.mode, searchedTogether }),
        lastHarvestAt: state?.lastHarvestAt ?? null,
      };
    }),
    budget,
  );
  if (choice.deferred.length === 0) return [];
  return [
    {
      source: "orcid",
      facultyIds: choice.deferred,
      reason:
        `ORCID: ${choice.deferred.length} people left to the following nights (longest without a harvest go first): ` +
        `this night needs about ${choice.needed} reads, ${choice.remaining} of today's ${budget.limit} (ORCID_DAILY_BUDGET) are left`,
    },
  ];
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const left = new Set(a);
  const right = new Set(b);
  return left.size === right.size && [...left].every((value) => right.has(value));
}

/**
 * A run's passes beside its jobs (./harvest-together.ts); the jobs they settle may be its last, so
 * the run may be over when they are done.
 */
export async function makeRunPasses(deps: TogetherDeps, runId: string): Promise<void> {
  await completePassOfRun(deps, runId);
  await finishRunIfDone(deps.db, runId);
}

/** Closes the run once none of its jobs can change any more; true when this call closed it. */
export async function finishRunIfDone(db: Db, runId: string): Promise<boolean> {
  if ((await countJobs(db, runId, ["queued", "active"])) > 0) return false;
  const failed = await countJobs(db, runId, ["failed"]);
  return closeRun(db, runId, failed > 0 ? "failed" : "completed", new Date());
}

export interface ClosedRun {
  runId: string;
  /** Jobs that were still queued or running, now failed with the reason. */
  jobsClosed: number;
  status: RunStatus;
}

/**
 * Closes a run the sweeper cannot decide on (a job that never finishes, say), by a person's
 * decision: its unfinished jobs fail with the reason given, and leave the queues when they can.
 */
export async function closeRunByHand(
  db: Db,
  queues: Record<HarvestSourceName, Queue>,
  runId: string,
  reason: string,
  now = new Date(),
): Promise<ClosedRun> {
  const why = reason.trim();
  if (!why) throw new UserError("--reason must say why the run is closed", 2);
  const run = await findRun(db, runId);
  if (!run) throw new UserError(`No run ${runId}: \`scholartrack runs\` lists them.`);
  if (run.finishedAt) throw new UserError(`Run ${runId} is closed already (${run.status}).`);
  for (const job of await unfinishedJobsOfRun(db, runId)) {
    // A job running now stays in its worker's hands; its row is failed all the same.
    if (isHarvestSourceName(job.source)) await queues[job.source].remove(job.id).catch(() => 0);
  }
  const jobsClosed = await settleUnfinishedJobs(
    db,
    { runId },
    { status: "failed", error: `closed by hand: ${why}` },
    now,
  );
  await finishRunIfDone(db, runId);
  const closed = await findRun(db, runId);
  return { runId, jobsClosed, status: closed?.status ?? "failed" };
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
  /** Told once when Postgres stops answering and once when it answers again; the wait goes on. */
  outage?: OutageLog;
}

/**
 * Resolves when every job of the run has completed or failed for good. A Postgres outage is
 * waited out, as the workers wait it out: the run goes on once it is back.
 */
export async function waitForRun(db: Db, runId: string, options: WaitOptions = {}): Promise<RunProgress> {
  const pollMs = options.pollMs ?? 250;
  for (;;) {
    let progress: RunProgress | undefined;
    try {
      progress = await runProgress(db, runId);
      options.outage?.recovered();
    } catch (error) {
      if (!isConnectionError(error)) throw error;
      options.outage?.failed(error);
    }
    if (progress) {
      options.onProgress?.(progress);
      if (progress.completed + progress.failed >= progress.total) return progress;
    }
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
  /** `harvest --full`: complete harvests whatever each person's history. */
  full: boolean;
  startedAt: Date;
  finishedAt: Date | null;
  progress: RunProgress;
  /** For a running run with jobs done: seconds left at the pace so far; null otherwise. */
  etaSeconds: number | null;
  /** People a daily budget left to the following nights, by source, and why. */
  deferred: DeferredPeople[];
}

/**
 * Seconds left for a running run at the pace its jobs have finished so far; null before the first
 * job is done (no pace yet) and once none is left.
 */
export function estimateSecondsLeft(progress: RunProgress, startedAt: Date, now: Date): number | null {
  const done = progress.completed + progress.failed;
  const left = progress.total - done;
  const elapsed = (now.getTime() - startedAt.getTime()) / 1000;
  if (done === 0 || left <= 0 || elapsed <= 0) return null;
  return Math.round((left * elapsed) / done);
}

export async function listRuns(db: Db, last: number): Promise<RunListing[]> {
  const runs = await latestRuns(db, last);
  return Promise.all(runs.map(async (run) => runListing(run, await runProgress(db, run.id))));
}

function runListing(run: RunRow, progress: RunProgress): RunListing {
  const { id, trigger, status, sources, sinceYear, untilYear, full, startedAt, finishedAt } = run;
  const etaSeconds = status === "running" ? estimateSecondsLeft(progress, startedAt, new Date()) : null;
  const deferred = run.deferred as unknown as DeferredPeople[];
  return {
    id,
    trigger,
    status,
    sources,
    sinceYear,
    untilYear,
    full,
    startedAt,
    finishedAt,
    progress,
    etaSeconds,
    deferred,
  };
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
  /** complete or incremental (null until the job starts), and why. */
  mode: "complete" | "incremental" | null;
  modeReason: string | null;
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
      mode: job.mode,
      modeReason: job.modeReason,
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

/** What starting a run the way every door does needs: the stores, the queues and the API clients. */
export type RunStarter = Omit<TogetherDeps, "db"> & {
  db: Db;
  queues: Pick<HarvestQueues, "flows" | "bySource" | "completePass">;
};

/**
 * Starts a run as the nightly schedule does, whichever door asks: retries and ORCID's daily budget
 * from the settings, and the people whose harvest is incremental asked for together.
 */
export async function startConfiguredRun(services: RunStarter, request: HarvestRequest): Promise<StartedRun> {
  return startHarvestRun(
    services.db,
    services.queues,
    {
      retry: retryPolicyFrom(services.config),
      orcidBudget: await orcidBudgetNow(services),
      ...request,
    },
    services,
  );
}

/** Starts a harvest for an actor: admins only. */
export async function startHarvestRunAs(
  services: RunStarter,
  actor: Actor,
  request: HarvestRequest,
): Promise<StartedRun> {
  requirePermission(actor, "runs.manage");
  return startConfiguredRun(services, request);
}

/** One run with its jobs and failures, for an actor: admins only; an unknown run is NotFound. */
export async function showRunFor(
  db: Db,
  actor: Actor,
  runId: string,
): Promise<{ run: RunDetail; failures: RunFailure[] }> {
  requirePermission(actor, "runs.manage");
  if (!(await findRun(db, runId))) throw new NotFoundError(`No harvest run with id ${runId}`);
  const [run, failures] = await Promise.all([showRun(db, runId), listRunFailures(db, runId)]);
  return { run, failures };
}

/**
 * Harvests again what failed for good in a run: for each source, one new run for the people whose
 * job at that source failed. Admins only.
 */
export async function retryRunFailuresAs(
  services: RunStarter,
  actor: Actor,
  runId: string,
): Promise<StartedRun[]> {
  const { run, failures } = await showRunFor(services.db, actor, runId);
  if (failures.length === 0) throw new UserError(`Run ${runId} has no failed jobs to try again`);
  const bySource = new Map<HarvestSourceName, string[]>();
  for (const failure of failures) {
    if (!isHarvestSourceName(failure.source)) continue;
    bySource.set(failure.source, [...(bySource.get(failure.source) ?? []), failure.facultyId]);
  }
  const started: StartedRun[] = [];
  for (const [source, facultyIds] of bySource) {
    started.push(
      await startConfiguredRun(services, {
        facultyIds: [...new Set(facultyIds)],
        sources: [source],
        ...(run.sinceYear !== null ? { sinceYear: run.sinceYear } : {}),
        ...(run.untilYear !== null ? { untilYear: run.untilYear } : {}),
        trigger: "manual",
      }),
    );
  }
  return started;
}
