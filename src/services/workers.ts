/**
 * Every queue's handler: one harvest handler per registry source (the one harvest service), the
 * nightly schedule, and reconcile. `scholartrack worker`, `harvest --wait` and workers/index.ts all
 * start these.
 */
import {
  completePassJobSchema,
  harvestJobSchema,
  QUEUE_NAMES,
  reconcileJobSchema,
  scheduledTickSchema,
  type QueueKey,
} from "../queue/definitions.ts";
import {
  checkDefinitions,
  defineWorker,
  startWorkers,
  type RunningWorkers,
  type WorkerDefinition,
} from "../queue/worker-host.ts";
import { HARVEST_SOURCES } from "../sources/registry.ts";
import type { Services } from "./context.ts";
import { harvestForFaculty } from "./harvest.ts";
import { reconcileFaculty } from "./reconcile.ts";
import { sendScheduledDigests } from "./digest.ts";
import { makeRunPasses, recordHarvestFailure, startConfiguredRun } from "./runs.ts";
import { scheduledRunId } from "./schedule.ts";
import { startSweeper } from "./sweep.ts";

/** Each harvested source's queue, wired to the one harvest service. */
export function harvestWorkers(services: Services) {
  return HARVEST_SOURCES.map((source) =>
    defineWorker({
      queue: source.name,
      schema: harvestJobSchema,
      process: (data, { jobId, logger }) => harvestForFaculty({ ...services, logger }, source, jobId, data),
      onFailure: (data, { jobId }, error, final) =>
        recordHarvestFailure(services.db, jobId, data, error, final),
      ...(source.concurrency ? { concurrency: source.concurrency(services.config) } : {}),
    }),
  );
}

/**
 * A nightly scheduler tick starts a run (one per tick, however often the tick is delivered); a
 * weekly digest tick mails every mentor their digest.
 */
export function scheduleWorker(services: Services) {
  return defineWorker({
    queue: "schedule",
    schema: scheduledTickSchema,
    process: async (data, { jobId, logger }) =>
      "digest" in data
        ? sendScheduledDigests({ ...services, logger })
        : startConfiguredRun(
            { ...services, logger },
            {
              sources: data.sources,
              ...(data.sinceYear ? { sinceYear: data.sinceYear } : {}),
              trigger: "schedule",
              runId: scheduledRunId(jobId),
            },
          ),
  });
}

/** A person's ledger is rebuilt after each harvest job of theirs. */
export function reconcileWorker(services: Services) {
  return defineWorker({
    queue: "reconcile",
    schema: reconcileJobSchema,
    process: (data) => reconcileFaculty(services.db, data.facultyId, services.rules),
  });
}

/** A run's passes beside its jobs (RePORTER's incremental, then complete, harvests asked together). */
export function completePassWorker(services: Services) {
  return defineWorker({
    queue: "completePass",
    schema: completePassJobSchema,
    process: (data, { logger }) => makeRunPasses({ ...services, logger }, data.runId),
  });
}

/** Every queue's worker; fails when a queue has no handler, or two. */
export function workerDefinitions(services: Services): WorkerDefinition<never>[] {
  const definitions = [
    ...harvestWorkers(services),
    scheduleWorker(services),
    reconcileWorker(services),
    completePassWorker(services),
  ] as unknown as WorkerDefinition<never>[];
  checkDefinitions(definitions, Object.keys(QUEUE_NAMES) as QueueKey[]);
  return definitions;
}

/**
 * Workers for every queue in this process, configured from the environment (tests shorten the
 * lock and stall intervals), and the sweeper that keeps job rows in line with the queues.
 */
export function startAllWorkers(
  services: Services,
  overrides: { lockDurationMs?: number; stalledIntervalMs?: number } = {},
): RunningWorkers {
  const { config } = services;
  const running = startWorkers(workerDefinitions(services), {
    connection: services.redis,
    prefix: config.QUEUE_PREFIX,
    logger: services.logger,
    concurrency: config.HARVEST_CONCURRENCY,
    lockDurationMs: config.WORKER_LOCK_DURATION_MS,
    stalledIntervalMs: config.WORKER_STALLED_INTERVAL_MS,
    ...overrides,
  });
  const sweeper = startSweeper(services, config.HARVEST_SWEEP_INTERVAL_MS);
  return {
    workers: running.workers,
    async close() {
      await sweeper.stop();
      await running.close();
    },
  };
}
