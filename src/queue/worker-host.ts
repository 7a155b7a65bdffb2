import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { z } from "zod";
import { isPermanent, rateLimitDelay } from "../errors.ts";
import type { Logger } from "../logging.ts";
import { jobDuration, jobOutcomes } from "../metrics/process-metrics.ts";
import { QUEUE_NAMES, type QueueKey } from "./definitions.ts";
import { redisOutageLog } from "./outage.ts";

export interface JobContext {
  jobId: string;
  logger: Logger;
}

/** What a worker file declares: which queue, what its jobs carry, and the service that does the work. */
export interface WorkerDefinition<Data = unknown> {
  queue: QueueKey;
  schema: z.ZodType<Data>;
  process(data: Data, context: JobContext): Promise<unknown>;
  /** Told of every failed attempt; `final` when no retry will follow. */
  onFailure?(data: Data, context: JobContext, error: Error, final: boolean): Promise<void>;
  /** Jobs run at once, when not the host's. */
  concurrency?: number;
}

export function defineWorker<Data>(definition: WorkerDefinition<Data>): WorkerDefinition<Data> {
  return definition;
}

export interface WorkerHostOptions {
  connection: Redis;
  prefix: string;
  logger: Logger;
  concurrency: number;
  /** Shorter in tests, so that a killed worker's job is picked up again quickly. */
  lockDurationMs?: number;
  stalledIntervalMs?: number;
}

export interface RunningWorkers {
  workers: Worker[];
  close(): Promise<void>;
}

/** Refuses to start when a queue has no handler, or two: better now than at 2 a.m. */
export function checkDefinitions(definitions: WorkerDefinition<never>[], required: QueueKey[]): void {
  for (const queue of required) {
    const handlers = definitions.filter((definition) => definition.queue === queue);
    if (handlers.length !== 1) {
      throw new Error(`Queue ${QUEUE_NAMES[queue]} has ${handlers.length} handlers; it needs exactly one.`);
    }
  }
}

function errorOf(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

function createProcessor<Data>(
  definition: WorkerDefinition<Data>,
  options: WorkerHostOptions,
  worker: () => Worker,
) {
  const queueName = QUEUE_NAMES[definition.queue];
  return async (job: Job): Promise<unknown> => {
    const jobId = job.id ?? "unknown";
    const parsed = definition.schema.safeParse(job.data);
    if (!parsed.success) {
      throw new UnrecoverableError(
        `Job ${jobId} on ${queueName} carries invalid data: ${parsed.error.message}`,
      );
    }
    const data = parsed.data;
    const facultyId = (data as { facultyId?: string }).facultyId;
    const logger = options.logger.child({ queue: queueName, jobId, ...(facultyId ? { facultyId } : {}) });
    const context: JobContext = { jobId, logger };
    const timer = jobDuration.startTimer({ queue: queueName });
    try {
      const result = await definition.process(data, context);
      countJob(queueName, "completed", timer);
      return result;
    } catch (thrown) {
      const error = errorOf(thrown);
      const delay = rateLimitDelay(error);
      if (delay !== undefined) {
        // The API asked us to slow down: pause this whole queue, not just this job.
        logger.warn({ delayMs: delay }, "rate limited by the upstream API; pausing the queue");
        countJob(queueName, "rate_limited", timer);
        await recordFailure(definition, data, context, error, false);
        await worker().rateLimit(delay);
        throw Worker.RateLimitError();
      }
      const permanent = isPermanent(error) || error instanceof UnrecoverableError;
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // Logged before it is recorded: recording needs Postgres, which may be the very thing that failed.
      logger[final ? "error" : "warn"]({ err: error.message, final }, "job attempt failed");
      countJob(queueName, final ? "failed" : "retried", timer);
      await recordFailure(definition, data, context, error, final);
      if (permanent && !(error instanceof UnrecoverableError)) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

type JobOutcome = "completed" | "failed" | "retried" | "rate_limited";

function countJob(
  queue: string,
  outcome: JobOutcome,
  timer: (labels: { outcome: JobOutcome }) => number,
): void {
  timer({ outcome });
  jobOutcomes.inc({ queue, outcome });
}

/**
 * Tells the definition of a failed attempt. A failure to record it is logged, not thrown: the
 * job's own error is what BullMQ must see, and the sweeper (src/services/sweep.ts) records later
 * what could not be recorded now.
 */
async function recordFailure<Data>(
  definition: WorkerDefinition<Data>,
  data: Data,
  context: JobContext,
  error: Error,
  final: boolean,
): Promise<void> {
  try {
    await definition.onFailure?.(data, context, error, final);
  } catch (recordError) {
    context.logger.error(
      { err: errorOf(recordError).message },
      "the failed attempt could not be recorded; the sweeper records it later",
    );
  }
}

/**
 * A job BullMQ failed without running it (it stalled more often than allowed: its workers died):
 * the processor never saw it, so it is logged and recorded here.
 */
function onJobFailedOutside<Data>(
  definition: WorkerDefinition<Data>,
  options: WorkerHostOptions,
  job: Job | undefined,
  error: Error,
): void {
  if (!job || !job.deferredFailure || error.message !== job.deferredFailure) return;
  const queueName = QUEUE_NAMES[definition.queue];
  const parsed = definition.schema.safeParse(job.data);
  const facultyId = parsed.success ? (parsed.data as { facultyId?: string }).facultyId : undefined;
  const logger = options.logger.child({
    queue: queueName,
    jobId: job.id,
    ...(facultyId ? { facultyId } : {}),
  });
  logger.error({ err: error.message, final: true }, "job failed without running");
  if (parsed.success)
    void recordFailure(definition, parsed.data, { jobId: job.id ?? "unknown", logger }, error, true);
}

export function startWorkers(
  definitions: WorkerDefinition<never>[],
  options: WorkerHostOptions,
): RunningWorkers {
  const outage = redisOutageLog(options.connection, options.logger);
  const workers = definitions.map((definition) => {
    const processor = createProcessor(definition as WorkerDefinition<unknown>, options, () => worker);
    const worker: Worker = new Worker(QUEUE_NAMES[definition.queue], processor, {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: definition.concurrency ?? options.concurrency,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    const queueName = QUEUE_NAMES[definition.queue];
    worker.on("error", (error) => {
      if (!outage.failed(error))
        options.logger.error({ queue: queueName, err: error.message }, "worker error");
    });
    worker.on("stalled", (jobId) =>
      options.logger.warn(
        { queue: queueName, jobId },
        "job stalled (its worker stopped answering); taken up again",
      ),
    );
    worker.on("failed", (job, error) =>
      onJobFailedOutside(definition as WorkerDefinition<unknown>, options, job, error),
    );
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
