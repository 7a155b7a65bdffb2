import type { TestDatabase } from "./database.ts";
import type { HarvestEnvironment } from "./harvest-env.ts";
import { harvestForFaculty } from "../../src/services/harvest.ts";
import type { HarvestSource } from "../../src/sources/source.ts";

/**
 * One source's job for one person in a run of its own, as its worker would run it: the job's row
 * afterwards, its id, and the message it failed with (null when it did not fail).
 */
export async function harvestInRunOfItsOwn(
  testDb: TestDatabase,
  env: HarvestEnvironment,
  clients: Map<string, unknown>,
  job: { source: HarvestSource; facultyId: string; runId: string; now: Date; full?: boolean },
) {
  const { source, facultyId, runId, now } = job;
  const jobId = `${source.name}-${facultyId}-${runId}`;
  await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: [source.name] } });
  await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId, source: source.name } });
  const failure = await harvestForFaculty({ ...env.services, clients, now: () => now }, source, jobId, {
    runId,
    facultyId,
    ...(job.full ? { full: true } : {}),
  }).then(
    () => null,
    (error: Error) => error.message,
  );
  return { ...(await testDb.db.harvestJob.findUniqueOrThrow({ where: { id: jobId } })), jobId, failure };
}
