import { UnrecoverableError, Worker, type Job } from "bullmq";
import type { Redis } from "ioredis";
import type { z } from "zod";
import { isPermanent, rateLimitDelay } from "../errors.ts";
import type { Logger } from "../logging.ts";
import { QUEUE_NAMES, type QueueKey } from "./definitions.ts";

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
    try {
      return await definition.process(data, context);
    } catch (thrown) {
      const error = errorOf(thrown);
      const delay = rateLimitDelay(error);
      if (delay !== undefined) {
        // The API asked us to slow down: pause this whole queue, not just this job.
        logger.warn({ delayMs: delay }, "rate limited by the upstream API; pausing the queue");
        await definition.onFailure?.(data, context, error, false);
        await worker().rateLimit(delay);
        throw Worker.RateLimitError();
      }
      const permanent = isPermanent(error) || error instanceof UnrecoverableError;
      const final = permanent || job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      await definition.onFailure?.(data, context, error, final);
      logger[final ? "error" : "warn"]({ err: error.message, final }, "job attempt failed");
      if (permanent && !(error instanceof UnrecoverableError)) throw new UnrecoverableError(error.message);
      throw error;
    }
  };
}

export function startWorkers(
  definitions: WorkerDefinition<never>[],
  options: WorkerHostOptions,
): RunningWorkers {
  const workers = definitions.map((definition) => {
    const processor = createProcessor(definition as WorkerDefinition<unknown>, options, () => worker);
    const worker: Worker = new Worker(QUEUE_NAMES[definition.queue], processor, {
      connection: options.connection,
      prefix: options.prefix,
      concurrency: options.concurrency,
      ...(options.lockDurationMs ? { lockDuration: options.lockDurationMs } : {}),
      ...(options.stalledIntervalMs ? { stalledInterval: options.stalledIntervalMs } : {}),
    });
    worker.on("error", (error) => options.logger.error({ err: error.message }, "worker error"));
    return worker;
  });
  return {
    workers,
    async close() {
      await Promise.all(workers.map((worker) => worker.close()));
    },
  };
}
