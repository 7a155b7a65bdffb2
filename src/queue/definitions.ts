import type { JobsOptions } from "bullmq";
import { z } from "zod";
import { HARVEST_SOURCE_NAMES, HARVEST_SOURCES, type HarvestSourceName } from "../sources/registry.ts";

export { HARVEST_SOURCE_NAMES, type HarvestSourceName } from "../sources/registry.ts";

/**
 * Every queue's name and job contract, in one place. One queue per upstream API (each source
 * names its own, src/sources/registry.ts), so that a 429 pauses only the work that talks to it.
 */
export const QUEUE_NAMES = {
  ...(Object.fromEntries(HARVEST_SOURCES.map((source) => [source.name, source.queue])) as Record<
    HarvestSourceName,
    string
  >),
  schedule: "harvest-schedule",
  reconcile: "reconcile",
  completePass: "harvest-complete-pass",
};

/** A queue by its key: a harvested source's name, or schedule, reconcile or completePass. */
export type QueueKey = keyof typeof QUEUE_NAMES;

export const harvestJobSchema = z.object({
  runId: z.string().min(1),
  facultyId: z.string().min(1),
  sinceYear: z.number().int().optional(),
  untilYear: z.number().int().optional(),
  /** `harvest --full`: a complete harvest whatever the person's history. */
  full: z.boolean().optional(),
});
export type HarvestJobData = z.infer<typeof harvestJobSchema>;

export const scheduledHarvestSchema = z.object({
  sources: z.array(z.enum(HARVEST_SOURCE_NAMES)).min(1),
  sinceYear: z.number().int().optional(),
});
export type ScheduledHarvestData = z.infer<typeof scheduledHarvestSchema>;

/** A tick of the weekly digest: every mentor is mailed their digest. */
export const scheduledDigestSchema = z.object({ digest: z.literal(true) });
export type ScheduledDigestData = z.infer<typeof scheduledDigestSchema>;

/** What a tick on the schedule queue carries: the nightly harvest's, or the weekly digest's. */
export const scheduledTickSchema = z.union([scheduledDigestSchema, scheduledHarvestSchema]);

/** Rebuild one person's ledger from their stored records, after a harvest job of theirs. */
export const reconcileJobSchema = z.object({
  facultyId: z.string().min(1),
  /** The harvest job that asked for it. */
  after: z.string().min(1).optional(),
});
export type ReconcileJobData = z.infer<typeof reconcileJobSchema>;

/**
 * A run's complete harvests asked for many people at once (RePORTER's), beside its jobs: a worker
 * makes the pass, so that it happens whether or not the process that started the run stays.
 */
export const completePassJobSchema = z.object({ runId: z.string().min(1) });
export type CompletePassJobData = z.infer<typeof completePassJobSchema>;

/** One complete pass per run: `complete-pass-<runId>`. */
export function completePassJobId(runId: string): string {
  return `complete-pass-${safeIdPart(runId)}`;
}

/** One reconciliation per harvest job: `reconcile-F001-pubmed-F001-<runId>`. */
export function reconcileJobId(facultyId: string, afterJobId: string): string {
  return `reconcile-${safeIdPart(facultyId)}-${safeIdPart(afterJobId)}`;
}

/** The nightly harvest's job-scheduler id; one per deployment. */
export const NIGHTLY_SCHEDULER_ID = "nightly-harvest";

/** The weekly mentor digest's job-scheduler id, on the same schedule queue. */
export const DIGEST_SCHEDULER_ID = "weekly-digest";

// BullMQ reserves ':' in custom job ids (it separates Redis key parts).
function safeIdPart(value: string): string {
  return value.replace(/[:%]/g, (char) => encodeURIComponent(char));
}

/** Deterministic, so a run never queues the same work twice: `pubmed-F001-<runId>`. */
export function harvestJobId(source: HarvestSourceName, facultyId: string, runId: string): string {
  return `${source}-${safeIdPart(facultyId)}-${safeIdPart(runId)}`;
}

/** How often a failed job is tried, and the first wait before trying again (it doubles each time). */
export interface RetryPolicy {
  attempts: number;
  backoffMs: number;
}

export const DEFAULT_RETRY: RetryPolicy = { attempts: 5, backoffMs: 5_000 };

/** Transient failures are retried with exponential backoff; finished jobs are kept for a bounded time. */
export function harvestJobOptions(retry: RetryPolicy = DEFAULT_RETRY): JobsOptions {
  return {
    attempts: retry.attempts,
    backoff: { type: "exponential", delay: retry.backoffMs, jitter: 0.5 },
    removeOnComplete: { age: 7 * 24 * 3600, count: 10_000 },
    removeOnFail: { age: 30 * 24 * 3600, count: 10_000 },
  };
}

export const HARVEST_JOB_OPTIONS: JobsOptions = harvestJobOptions();
