import type { Redis } from "ioredis";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { findFaculty, updateProfileFacts, type FacultyRow } from "../db/repositories/faculty.ts";
import { identifiersRejectedByPeople } from "../db/repositories/links.ts";
import { findHarvestState, recordHarvestState } from "../db/repositories/harvest-state.ts";
import { countsIfCompleted, markJobStarted, recordJobMode, type JobCounts } from "../db/repositories/runs.ts";
import { PermanentJobError } from "../errors.ts";
import type { Logger } from "../logging.ts";
import type { HarvestJobData } from "../queue/definitions.ts";
import {
  incrementalPassName,
  passPending,
  takeJointAnswer,
  type JointAnswer,
} from "../queue/joint-answers.ts";
import type { HarvestQueues } from "../queue/queues.ts";
import { RecordUnavailableError, type HarvestResult, type HarvestSource } from "../sources/source.ts";
import { clientOf } from "./context.ts";
import { harvestIdentity, planHarvest, planSettings, type HarvestPlan } from "./harvest-plan.ts";
import { queueReconcile } from "./reconcile.ts";
import { mergeWithStored } from "./merge-stored.ts";
import { holdsNothingNew } from "./nothing-new.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "./rescore.ts";
import { storeHarvest, type StoreCounts } from "./store.ts";

// How often a job waiting for a complete pass's answer looks for it.
const PASS_POLL_MS = 250;

/** What `runs show` says of a job whose answer repeated what is stored. */
export const NOTHING_NEW = "nothing new or changed: not stored, scored or reconciled again";

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
  /** Where a run's first pass left answers asked for many people at once; without it, every job asks on its own. */
  redis?: Redis;
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
  // Settled by the run's pass while it waited: what it recorded then stands.
  if ("settled" in person) return person.settled;
  const rejected = await identifiersRejectedByPeople(db, person.id);
  const identity = harvestIdentity(person, data);
  const plan = await planFor(deps, source, person.id, identity, data, now);
  await recordJobMode(db, jobId, plan.mode, plan.reason);

  const joint = await jointAnswerFor(deps, source, jobId, data, plan, identity, person, now);
  if (joint && "settled" in joint) return joint.settled;
  if (joint?.error !== undefined) {
    // Tried again, the job asks on its own (the answer is gone once taken).
    throw new Error(`${describe(person)}: the request asking for many people at once failed: ${joint.error}`);
  }
  let result: HarvestResult;
  try {
    result =
      joint?.result ??
      (await withContext(describe(person), () =>
        source.harvest(person, {
          client: clientOf(deps, source),
          config: deps.config,
          now,
          ...(data.sinceYear ? { sinceYear: data.sinceYear } : {}),
          ...(data.untilYear ? { untilYear: data.untilYear } : {}),
          rejected: { pmids: new Set(rejected.pmids), dois: new Set(rejected.dois) },
          ...(plan.since ? { incremental: { since: plan.since, cursor: plan.cursor ?? null } } : {}),
          logger: deps.logger,
        }),
      ));
  } catch (error) {
    // What the failure says about the person (their ORCID iD needs attention) is kept.
    if (error instanceof RecordUnavailableError) await updateProfileFacts(db, person.id, error.profile);
    throw error;
  }
  if (result.note) await recordJobMode(db, jobId, plan.mode, `${plan.reason}; ${result.note}`);
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
  // The identity the next harvest compares with is the one searched by, after this harvest's
  // profile facts (an ORCID harvest's new names make the next PubMed harvest complete, not this one's).
  const harvested = result.profile
    ? harvestIdentity((await findFaculty(db, person.id)) ?? person, data)
    : identity;
  const remember = (tx: Parameters<typeof recordHarvestState>[0]) =>
    recordHarvestState(tx, {
      facultyId: person.id,
      source: source.name,
      // A joint answer is as of when it was asked: the next window starts from then.
      harvestedAt: joint ? new Date(joint.askedAt) : now,
      complete: plan.mode === "complete",
      identity: harvested,
      ...(result.cursor === undefined ? {} : { cursor: result.cursor }),
    });
  // Kept even so: an ORCID iD or affiliation added later changes the identity, and the next harvest is complete.
  if (result.nothingToSearchBy)
    return storeHarvest(db, { ...request, records: [], beforeComplete: remember });
  const records =
    plan.mode === "incremental" ? await mergeWithStored(deps, source, result.records) : result.records;
  // Nothing new and nothing learned of the person: their links and ledger stand as they are. An
  // incremental answer repeating what is stored (RePORTER's open fiscal years, PubMed's overlap
  // days) is nothing new either: the job records so and stores only what the next harvest starts from.
  const unchanged =
    !result.profile &&
    (records.length === 0 ||
      (plan.mode === "incremental" && (await holdsNothingNew(db, source, person.id, records))));
  if (unchanged) {
    if (records.length > 0) {
      const reason = `${result.note ? `${plan.reason}; ${result.note}` : plan.reason}; ${NOTHING_NEW}`;
      await recordJobMode(db, jobId, plan.mode, reason);
    }
    const counts = await storeHarvest(db, {
      ...request,
      records: [],
      recordsFetched: records.length,
      beforeComplete: remember,
    });
    deps.logger.debug({ ...counts, ...result.log }, `${source.name} harvest found nothing new`);
    return counts;
  }
  const counts = await storeHarvest(db, {
    ...request,
    records,
    afterLinks: (tx) => rescoreFacultyLinks(tx, person.id, deps.scoring),
    beforeComplete: remember,
    // Queued before the run can close, so whoever waits for the run and then the queue sees it.
    afterCommit: () => queueReconcile(deps.queues.reconcile, person.id, jobId),
  });
  deps.logger.debug({ ...counts, ...result.log }, `${source.name} harvest stored`);
  return counts;
}

/**
 * The answer the run's first pass got for the person together with others, when it was asked with
 * the identity and window this job's plan has (an ORCID harvest before this one may have changed
 * the names searched, making the harvest complete).
 */
async function jointAnswerFor(
  deps: HarvestDeps,
  source: HarvestSource,
  jobId: string,
  data: HarvestJobData,
  plan: HarvestPlan,
  identity: string,
  person: FacultyRow,
  now: Date,
): Promise<JointAnswer | { settled: JobCounts } | undefined> {
  if (!deps.redis) return undefined;
  const { redis } = deps;
  const prefix = deps.config.QUEUE_PREFIX;
  const take = () => takeJointAnswer(redis, prefix, data.runId, source.name, data.facultyId);
  let answer = await take();
  // The run's pass asking for many people at once may still be on its way (it runs beside the jobs).
  const pass =
    plan.mode === "complete"
      ? source.harvestCompleteTogether && source.name
      : source.asksTogetherBesideJobs && incrementalPassName(source.name);
  while (!answer && pass && (await passPending(redis, prefix, data.runId, pass))) {
    await new Promise((resolve) => setTimeout(resolve, PASS_POLL_MS));
    answer = await take();
  }
  if (!answer) answer = await take();
  if (!answer && pass) {
    // The pass found nothing to do for the person and settled the job while it waited (or just
    // after it started).
    const settled = await countsIfCompleted(deps.db, jobId);
    if (settled) return { settled };
  }
  if (!answer) return undefined;
  const fits =
    plan.mode === "complete"
      ? answer.since === "" &&
        answer.searched !== undefined &&
        answer.searched ===
          source.searchedBy?.(person, {
            now,
            ...(data.sinceYear ? { sinceYear: data.sinceYear } : {}),
            ...(data.untilYear ? { untilYear: data.untilYear } : {}),
          })
      : answer.identity === identity && answer.since === plan.since?.toISOString();
  if (fits) return answer;
  deps.logger.debug({ jobId }, "the answer asked with others no longer fits this harvest; asking on its own");
  return undefined;
}

/** Complete or incremental, from what the person's last harvest at the source left. */
async function planFor(
  deps: HarvestDeps,
  source: HarvestSource,
  facultyId: string,
  identity: string,
  data: HarvestJobData,
  now: Date,
): Promise<HarvestPlan> {
  const previous = await findHarvestState(deps.db, facultyId, source.name);
  return planHarvest(previous, identity, now, planSettings(deps.config, data.full === true));
}

/**
 * Marks the job's attempt as started and returns its faculty member, who must still be on the
 * roster; or, for a job completed already (its run's pass settled it while it waited), what it recorded.
 */
async function startJob(
  db: Db,
  jobId: string,
  data: HarvestJobData,
  now: Date,
): Promise<FacultyRow | { settled: JobCounts }> {
  const attempt = await markJobStarted(db, jobId, now);
  if (!attempt.started) return { settled: attempt.counts };
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
