import type { Db } from "../db/client.ts";
import type { Faculty } from "../generated/prisma/client.ts";
import type { HarvestJobData } from "../queue/definitions.ts";
import { PermanentJobError } from "../errors.ts";
import { finishRunIfDone } from "./runs.ts";

/** Marks the job's attempt as started and returns its faculty member, who must still be on the roster. */
export async function startJob(db: Db, jobId: string, data: HarvestJobData, now: Date): Promise<Faculty> {
  await db.harvestJob.update({
    where: { id: jobId },
    data: { status: "active", attempts: { increment: 1 }, startedAt: now },
  });
  const faculty = await db.faculty.findUnique({ where: { id: data.facultyId } });
  if (!faculty) throw new PermanentJobError(`faculty ${data.facultyId} is no longer on the roster`);
  return faculty;
}

/** Records a failure on the job row; when it is final, the run may be over. */
export async function recordHarvestFailure(
  db: Db,
  jobId: string,
  data: HarvestJobData,
  error: Error,
  final: boolean,
): Promise<void> {
  await db.harvestJob.updateMany({
    where: { id: jobId },
    data: {
      error: error.message.slice(0, 2000),
      ...(final ? { status: "failed", finishedAt: new Date() } : { status: "queued" }),
    },
  });
  if (final) await finishRunIfDone(db, data.runId);
}

/** How a job names its faculty member in messages a person reads. */
export function describe(faculty: Pick<Faculty, "id" | "lastName" | "firstName">): string {
  return `faculty ${faculty.id} (${faculty.lastName}, ${faculty.firstName})`;
}

/** Prefixes an error's message with the faculty member, keeping its class and flags for the retry policy. */
export async function withContext<T>(who: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && !error.message.startsWith(who)) {
      error.message = `${who}: ${error.message}`;
    }
    throw error;
  }
}
