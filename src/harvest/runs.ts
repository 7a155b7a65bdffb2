import { randomBytes } from "node:crypto";
import type { Queue } from "bullmq";
import type { Db } from "../db/client.ts";
import { UserError } from "../errors.ts";
import {
  HARVEST_JOB_OPTIONS,
  harvestJobId,
  type HarvestJobData,
  type HarvestSource,
} from "../queue/definitions.ts";

export interface HarvestRequest {
  /** Every faculty member when undefined. */
  facultyIds?: string[];
  sources: HarvestSource[];
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
  queues: Record<HarvestSource, Queue>,
  request: HarvestRequest,
): Promise<StartedRun> {
  if (request.sinceYear && request.untilYear && request.sinceYear > request.untilYear) {
    throw new UserError(`--since ${request.sinceYear} is after --until ${request.untilYear}`);
  }
  const faculty = await db.faculty.findMany({
    where: request.facultyIds ? { id: { in: request.facultyIds } } : {},
    select: { id: true },
    orderBy: { id: "asc" },
  });
  if (request.facultyIds) {
    const known = new Set(faculty.map((member) => member.id));
    const unknown = request.facultyIds.filter((id) => !known.has(id));
    if (unknown.length > 0) throw new UserError(`Unknown faculty id(s): ${unknown.join(", ")}`);
  }
  if (faculty.length === 0) {
    throw new UserError(
      "No faculty to harvest: import a roster first (`scholartrack faculty import roster.csv`).",
    );
  }

  const runId = request.runId ?? newRunId();
  const existing = await db.harvestRun.findUnique({ where: { id: runId } });
  const jobs = faculty.flatMap((member) =>
    request.sources.map((source) => ({
      source,
      facultyId: member.id,
      id: harvestJobId(source, member.id, runId),
    })),
  );
  if (!existing) {
    await db.$transaction([
      db.harvestRun.create({
        data: {
          id: runId,
          trigger: request.trigger,
          sources: request.sources,
          sinceYear: request.sinceYear ?? null,
          untilYear: request.untilYear ?? null,
        },
      }),
      db.harvestJob.createMany({
        data: jobs.map((job) => ({ id: job.id, runId, facultyId: job.facultyId, source: job.source })),
        skipDuplicates: true,
      }),
    ]);
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
  const open = await db.harvestJob.count({ where: { runId, status: { in: ["queued", "active"] } } });
  if (open > 0) return;
  const failed = await db.harvestJob.count({ where: { runId, status: "failed" } });
  await db.harvestRun.updateMany({
    where: { id: runId, finishedAt: null },
    data: { status: failed > 0 ? "failed" : "completed", finishedAt: new Date() },
  });
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
  for (const group of groups) {
    progress.total += group._count._all;
    if (group.status === "completed") progress.completed += group._count._all;
    if (group.status === "failed") progress.failed += group._count._all;
    progress.recordsFetched += group._sum.recordsFetched ?? 0;
    progress.itemsNew += group._sum.itemsNew ?? 0;
    progress.itemsUpdated += group._sum.itemsUpdated ?? 0;
    progress.linksAccepted += group._sum.linksAccepted ?? 0;
    progress.linksPending += group._sum.linksPending ?? 0;
  }
  return progress;
}
