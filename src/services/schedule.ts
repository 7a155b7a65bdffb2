import type { Queue } from "bullmq";
import { requirePermission } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import { UsageError } from "../errors.ts";
import {
  DIGEST_SCHEDULER_ID,
  NIGHTLY_SCHEDULER_ID,
  scheduledDigestSchema,
  scheduledHarvestSchema,
  type ScheduledHarvestData,
} from "../queue/definitions.ts";

export interface ScheduleSummary {
  id: string;
  pattern?: string;
  tz?: string;
  next?: Date;
  sources?: string[];
}

function validTimeZone(tz: string): boolean {
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

/** Creates or replaces the nightly harvest (BullMQ job scheduler: one per id, never duplicated). */
export async function setHarvestSchedule(
  queue: Queue,
  cron: string,
  tz: string | undefined,
  data: ScheduledHarvestData,
): Promise<ScheduleSummary> {
  checkPattern(cron, tz);
  try {
    await queue.upsertJobScheduler(
      NIGHTLY_SCHEDULER_ID,
      { pattern: cron, ...(tz ? { tz } : {}) },
      { name: "scheduled-harvest", data: scheduledHarvestSchema.parse(data) },
    );
  } catch (error) {
    throw new UsageError(`--cron "${cron}" was refused: ${(error as Error).message}`);
  }
  const summary = (await listHarvestSchedules(queue)).find((entry) => entry.id === NIGHTLY_SCHEDULER_ID);
  return summary ?? { id: NIGHTLY_SCHEDULER_ID, pattern: cron, ...(tz ? { tz } : {}) };
}

function checkPattern(cron: string, tz: string | undefined): void {
  const fields = cron.trim().split(/\s+/);
  if (fields.length < 5 || fields.length > 6) {
    throw new UsageError(`--cron "${cron}" is not a cron pattern (5 or 6 fields, e.g. "0 2 * * *")`);
  }
  if (tz && !validTimeZone(tz))
    throw new UsageError(`--tz "${tz}" is not a known time zone (e.g. America/Chicago)`);
}

/** Creates or replaces the weekly mentor digest (every mentor mailed at each tick) on the schedule queue. */
export async function setDigestSchedule(
  queue: Queue,
  cron: string,
  tz: string | undefined,
): Promise<ScheduleSummary> {
  checkPattern(cron, tz);
  try {
    await queue.upsertJobScheduler(
      DIGEST_SCHEDULER_ID,
      { pattern: cron, ...(tz ? { tz } : {}) },
      { name: "scheduled-digest", data: scheduledDigestSchema.parse({ digest: true }) },
    );
  } catch (error) {
    throw new UsageError(`--cron "${cron}" was refused: ${(error as Error).message}`);
  }
  const summary = (await listHarvestSchedules(queue)).find((entry) => entry.id === DIGEST_SCHEDULER_ID);
  return summary ?? { id: DIGEST_SCHEDULER_ID, pattern: cron, ...(tz ? { tz } : {}) };
}

export async function removeDigestSchedule(queue: Queue): Promise<boolean> {
  return queue.removeJobScheduler(DIGEST_SCHEDULER_ID);
}

export async function listHarvestSchedules(queue: Queue): Promise<ScheduleSummary[]> {
  const schedulers = await queue.getJobSchedulers(0, -1, true);
  return schedulers.map((scheduler) => {
    const data = scheduledHarvestSchema.safeParse(scheduler.template?.data);
    return {
      id: scheduler.key,
      ...(scheduler.pattern ? { pattern: scheduler.pattern } : {}),
      ...(scheduler.tz ? { tz: scheduler.tz } : {}),
      ...(scheduler.next ? { next: new Date(scheduler.next) } : {}),
      ...(data.success ? { sources: data.data.sources } : {}),
    };
  });
}

export async function removeHarvestSchedule(queue: Queue): Promise<boolean> {
  return queue.removeJobScheduler(NIGHTLY_SCHEDULER_ID);
}

/** A scheduler tick's run id, derived from the tick's job id so that a repeated tick is one run. */
export function scheduledRunId(jobId: string): string {
  return `run-${jobId.replace(/[^A-Za-z0-9_-]+/g, "-")}`;
}

/** The nightly schedule as an actor sees it: admins only. */
export async function harvestSchedulesFor(queue: Queue, actor: Actor): Promise<ScheduleSummary[]> {
  requirePermission(actor, "runs.manage");
  return listHarvestSchedules(queue);
}
