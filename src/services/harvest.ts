import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { findFaculty, updateProfileFacts, type FacultyRow } from "../db/repositories/faculty.ts";
import { identifiersRejectedByPeople } from "../db/repositories/links.ts";
import { markJobStarted } from "../db/repositories/runs.ts";
import { PermanentJobError } from "../errors.ts";
import type { Logger } from "../logging.ts";
import type { HarvestJobData } from "../queue/definitions.ts";
import type { HarvestQueues } from "../queue/queues.ts";
import { RecordUnavailableError, type HarvestResult, type HarvestSource } from "../sources/source.ts";
import { clientOf } from "./context.ts";
import { queueReconcile } from "./reconcile.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "./rescore.ts";
import { storeHarvest, type StoreCounts } from "./store.ts";

export interface HarvestDeps {
  db: Db;
  config: AppConfig;
  logger: Logger;
  /** Each harvested source's API client, by source name. */
  clients: ReadonlyMap<string, unknown>;
  /** How the person's links are scored once the new records are stored. */
  scoring: RescoreSettings;
  /** Where the person's ledger is asked to be rebuilt once the records are stored. */
  queues: Pick<HarvestQueues, "reconcile">;
  now?: () => Date;
}

/**
 * One harvest job, for any source: read the person's records from the source, write what the
 * source learned about them on their row, then store the records, their items and links in one
 * transaction with the person's links re-scored inside it, and ask for their ledger to be rebuilt.
 */
export async function harvestForFaculty(
  deps: HarvestDeps,
  source: HarvestSource,
  jobId: string,
  data: HarvestJobData,
): Promise<StoreCounts> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const person = await startJob(db, jobId, data, now);
  const rejected = await identifiersRejectedByPeople(db, person.id);

  let result: HarvestResult;
  try {
    result = await withContext(describe(person), () =>
      source.harvest(person, {
        client: clientOf(deps, source),
        config: deps.config,
        now,
        ...(data.sinceYear ? { sinceYear: data.sinceYear } : {}),
        ...(data.untilYear ? { untilYear: data.untilYear } : {}),
        rejected: { pmids: new Set(rejected.pmids), dois: new Set(rejected.dois) },
        logger: deps.logger,
      }),
    );
  } catch (error) {
    // What the failure says about the person (their ORCID iD needs attention) is kept.
    if (error instanceof RecordUnavailableError) await updateProfileFacts(db, person.id, error.profile);
    throw error;
  }
  // Before the store: the re-scoring inside it reads the person's new names and employers.
  if (result.profile) await updateProfileFacts(db, person.id, result.profile);

  const request = {
    jobId,
    runId: data.runId,
    facultyId: person.id,
    source: source.name,
    fetchedAt: now,
    onRetry: (error: unknown, attempt: number) =>
      deps.logger.warn(
        { err: (error as Error).message, attempt },
        "storing lost to a concurrent job; trying again",
      ),
  };
  if (result.nothingToSearchBy) return storeHarvest(db, { ...request, records: [] });
  const counts = await storeHarvest(db, {
    ...request,
    records: result.records,
    afterLinks: (tx) => rescoreFacultyLinks(tx, person.id, deps.scoring),
  });
  await queueReconcile(deps.queues.reconcile, person.id, jobId);
  deps.logger.debug({ ...counts, ...result.log }, `${source.name} harvest stored`);
  return counts;
}

/** Marks the job's attempt as started and returns its faculty member, who must still be on the roster. */
async function startJob(db: Db, jobId: string, data: HarvestJobData, now: Date): Promise<FacultyRow> {
  await markJobStarted(db, jobId, now);
  const faculty = await findFaculty(db, data.facultyId);
  if (!faculty) throw new PermanentJobError(`faculty ${data.facultyId} is no longer on the roster`);
  return faculty;
}

/** How a job names its faculty member in messages a person reads. */
function describe(faculty: Pick<FacultyRow, "id" | "lastName" | "firstName">): string {
  return `faculty ${faculty.id} (${faculty.lastName}, ${faculty.firstName})`;
}

/** Prefixes an error's message with the faculty member, keeping its class and flags for the retry policy. */
async function withContext<T>(who: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof Error && !error.message.startsWith(who)) {
      error.message = `${who}: ${error.message}`;
    }
    throw error;
  }
}
