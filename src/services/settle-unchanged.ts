/**
 * Jobs a run's first pass already knows have nothing to do (the person's answer holds nothing new
 * or changed, and nothing about them was learned), settled when the run starts: each job recorded
 * as completed with its mode and why, the person's harvest state moved on as the job would have,
 * and the job not queued. A night of people with nothing new then costs a few statements per
 * person instead of a queued job each (docs/sources.md#asking-for-many-people-at-once).
 */
import type { Db } from "../db/client.ts";
import { recordIncrementalHarvests } from "../db/repositories/harvest-state.ts";
import { completeJobsUnqueued } from "../db/repositories/runs.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { harvestJobId, type HarvestSourceName } from "../queue/definitions.ts";
import type { JointAnswer } from "../queue/joint-answers.ts";
import { HARVEST_SOURCES } from "../sources/registry.ts";
import type { HarvestSource } from "../sources/source.ts";
import { mergeManyWithStored } from "./merge-stored.ts";
import { holdNothingNew } from "./nothing-new.ts";

/** What `runs show` says of a job settled this way. */
export const SETTLED_AT_START = "nothing new or changed: settled when the run started, not queued";
/** What `runs show` says of a job settled by the run's pass beside the jobs, while it waited in the queue. */
export const SETTLED_BY_PASS =
  "nothing new or changed: settled when asked together beside the run's jobs, not run";

/** Whether a job's reason says it was settled with nothing to do, without running. */
export function settledWithoutRunning(reason: string | null | undefined): boolean {
  return (
    reason !== null &&
    reason !== undefined &&
    (reason.endsWith(SETTLED_AT_START) || reason.endsWith(SETTLED_BY_PASS))
  );
}

/** A person's answer at one source, with the plan's reason it was asked under. */
export interface AnsweredJob {
  facultyId: string;
  source: HarvestSourceName;
  reason: string;
  answer: JointAnswer;
}

// Answers checked together: a few statements for each group of this many, whatever its records.
const JOBS_PER_CHECK = 500;

/** For each answer, whether it leaves the person's records, links and profile as they are. */
async function haveNothingToDo(
  db: Db,
  source: HarvestSource,
  jobs: readonly AnsweredJob[],
): Promise<boolean[]> {
  // An answer that brings a profile changes the person's names or places: never nothing to do.
  const verdicts = jobs.map((job) => Boolean(job.answer.result) && !job.answer.result!.profile);
  const toCheck = jobs
    .map((job, index) => ({ job, index }))
    .filter(
      ({ job, index }) =>
        verdicts[index] && !job.answer.result!.nothingToSearchBy && job.answer.result!.records.length > 0,
    );
  for (let start = 0; start < toCheck.length; start += JOBS_PER_CHECK) {
    const group = toCheck.slice(start, start + JOBS_PER_CHECK);
    const merged = await mergeManyWithStored(
      { db },
      source,
      group.map(({ job }) => job.answer.result!.records),
    );
    const nothingNew = await holdNothingNew(
      db,
      source,
      group.map(({ job }, index) => ({ facultyId: job.facultyId, records: merged[index]! })),
    );
    for (const [index, { index: at }] of group.entries()) verdicts[at] = nothingNew[index]!;
  }
  return verdicts;
}

/**
 * Of the answered jobs, those with nothing to do, keeping the order a run's jobs take: a source
 * that reads the person's profile is settled only when every source providing it in this run is
 * settled for them too (a provider's job may bring new names, making the reader's harvest complete).
 */
export async function chooseSettled(
  db: Db,
  answered: readonly AnsweredJob[],
  inRun: (facultyId: string, source: HarvestSourceName) => boolean,
  /** Whether the person's job at a provider is settled; by default, whether it is among `answered` and quiet. */
  providerSettled?: (facultyId: string, provider: HarvestSourceName) => boolean,
): Promise<AnsweredJob[]> {
  const sourceOf = new Map(HARVEST_SOURCES.map((source) => [source.name, source]));
  const idle = answered.map(() => false);
  for (const source of HARVEST_SOURCES) {
    const theirs = answered
      .map((job, index) => ({ job, index }))
      .filter(({ job }) => job.source === source.name);
    if (theirs.length === 0) continue;
    const verdicts = await haveNothingToDo(
      db,
      source,
      theirs.map(({ job }) => job),
    );
    for (const [index, { index: at }] of theirs.entries()) idle[at] = verdicts[index]!;
  }
  const quiet = answered.filter((_, index) => idle[index]);
  const quietKey = new Set(quiet.map((job) => `${job.facultyId}\u0000${job.source}`));
  const settledAsProvider =
    providerSettled ??
    ((facultyId: string, provider: HarvestSourceName) => quietKey.has(`${facultyId}\u0000${provider}`));
  const providers = HARVEST_SOURCES.filter((source) => source.profile === "provides");
  return quiet.filter(
    (job) =>
      sourceOf.get(job.source)!.profile !== "reads" ||
      providers.every(
        (provider) => !inRun(job.facultyId, provider.name) || settledAsProvider(job.facultyId, provider.name),
      ),
  );
}

/**
 * Records the jobs as completed with nothing to do and moves their people's harvest state on.
 * `onlyWaiting`: the jobs are queued already, and only those no worker has started are settled.
 */
export async function settleJobs(
  db: Db,
  runId: string,
  jobs: readonly AnsweredJob[],
  now: Date,
  options: { onlyWaiting?: boolean } = {},
): Promise<Set<string>> {
  const onlyWaiting = options.onlyWaiting === true;
  const settled = new Set<string>();
  // In slices: one transaction per slice keeps locks short on a night of thousands; two statements each.
  for (let start = 0; start < jobs.length; start += 200) {
    const slice = jobs.slice(start, start + 200);
    const done = await inTransaction(db, async (tx) => {
      const ids = await completeJobsUnqueued(
        tx,
        slice.map((job) => {
          const result = job.answer.result!;
          return {
            jobId: harvestJobId(job.source, job.facultyId, runId),
            mode: "incremental" as const,
            reason: `${job.reason}${result.note ? `; ${result.note}` : ""}; ${onlyWaiting ? SETTLED_BY_PASS : SETTLED_AT_START}`,
            counts: {
              recordsFetched: result.records.length,
              itemsNew: 0,
              itemsUpdated: 0,
              linksAccepted: 0,
              linksPending: 0,
            },
          };
        }),
        now,
        { onlyWaiting },
      );
      const completed = new Set(ids);
      const harvested = slice.filter((job) => completed.has(harvestJobId(job.source, job.facultyId, runId)));
      await recordIncrementalHarvests(
        tx,
        harvested.map((job) => {
          const { cursor } = job.answer.result!;
          return {
            facultyId: job.facultyId,
            source: job.source,
            // As a job answered this way records it: as of when the answer was asked.
            harvestedAt: new Date(job.answer.askedAt),
            identity: job.answer.identity,
            ...(cursor === undefined ? {} : { cursor }),
          };
        }),
      );
      return completed;
    });
    for (const id of done) settled.add(id);
  }
  return settled;
}
