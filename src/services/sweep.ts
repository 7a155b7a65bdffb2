/**
 * The sweeper: job rows in Postgres brought in line with BullMQ's own state, for failures that
 * never reached Postgres (Postgres down at a job's last attempt, a job failed by BullMQ without
 * running because its workers died, a queue that lost its data), and the runs they leave finished
 * closed. Every worker process runs one; sweeping twice at once changes nothing twice.
 */
import type { Db } from "../db/client.ts";
import { openRunIds, settleUnfinishedJobs, unfinishedJobsOfOpenRuns } from "../db/repositories/runs.ts";
import type { Logger } from "../logging.ts";
import { queuedJobState } from "../queue/job-state.ts";
import { isConnectionError } from "../errors.ts";
import type { HarvestQueues } from "../queue/queues.ts";
import { isHarvestSourceName } from "../sources/registry.ts";
import { finishRunIfDone } from "./runs.ts";

export const LOST_JOB_ERROR =
  "the queue lost this job (Redis lost its data, e.g. restarted without persistence); harvest again";

export interface SweepResult {
  /** Jobs recorded as failed: failed in the queue, or lost by it. */
  failed: string[];
  completed: string[];
  closedRuns: string[];
}

export interface SweeperDeps {
  db: Db;
  queues: Pick<HarvestQueues, "bySource">;
  logger: Logger;
}

export class JobSweeper {
  /** Jobs the queue did not know at the last sweep: lost if it still does not know them at this one. */
  private missingBefore = new Set<string>();

  constructor(private readonly deps: SweeperDeps) {}

  async sweep(now = new Date()): Promise<SweepResult> {
    const { db, logger } = this.deps;
    const result: SweepResult = { failed: [], completed: [], closedRuns: [] };
    const missingNow = new Set<string>();
    for (const job of await unfinishedJobsOfOpenRuns(db)) {
      if (!isHarvestSourceName(job.source)) continue;
      const queued = await queuedJobState(this.deps.queues.bySource[job.source], job.id);
      const log = logger.child({ jobId: job.id, runId: job.runId });
      if (queued.state === "failed") {
        if (await settle(db, job.id, { status: "failed", error: queued.reason }, now)) {
          log.error(
            { err: queued.reason },
            "job failed in the queue without its row knowing; recorded as failed",
          );
          result.failed.push(job.id);
        }
      } else if (queued.state === "completed") {
        if (await settle(db, job.id, { status: "completed" }, now)) {
          log.warn("job completed in the queue without its row knowing; recorded as completed");
          result.completed.push(job.id);
        }
      } else if (queued.state === "missing") {
        // A row is written just before its job is queued: only a job missing at two sweeps is lost.
        if (!this.missingBefore.has(job.id)) missingNow.add(job.id);
        else if (await settle(db, job.id, { status: "failed", error: LOST_JOB_ERROR }, now)) {
          log.error("job lost by the queue; recorded as failed");
          result.failed.push(job.id);
        }
      }
    }
    this.missingBefore = missingNow;
    for (const runId of await openRunIds(db)) {
      if (await finishRunIfDone(db, runId)) {
        logger.info({ runId }, "run closed by the sweeper: none of its jobs can change any more");
        result.closedRuns.push(runId);
      }
    }
    return result;
  }
}

async function settle(
  db: Db,
  jobId: string,
  outcome: Parameters<typeof settleUnfinishedJobs>[2],
  now: Date,
): Promise<boolean> {
  return (await settleUnfinishedJobs(db, { ids: [jobId] }, outcome, now)) > 0;
}

export interface RunningSweeper {
  stop(): Promise<void>;
}

/** Sweeps every `intervalMs` until stopped; an outage skips a sweep (it is logged where it is seen). */
export function startSweeper(deps: SweeperDeps, intervalMs: number): RunningSweeper {
  const sweeper = new JobSweeper(deps);
  let stopped = false;
  let current: Promise<unknown> = Promise.resolve();
  let timer: NodeJS.Timeout | undefined;
  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      current = sweeper
        .sweep()
        .catch((error: unknown) => {
          if (!isConnectionError(error)) deps.logger.error({ err: (error as Error).message }, "sweep failed");
        })
        .finally(schedule);
    }, intervalMs);
  };
  schedule();
  return {
    async stop() {
      stopped = true;
      clearTimeout(timer);
      await current;
    },
  };
}
