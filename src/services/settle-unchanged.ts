/**
 * Jobs a run's first pass already knows have nothing to do (the person's answer holds nothing new
 * or changed, and nothing about them was learned), settled when the run starts: each job recorded
 * as completed with its mode and why, the person's harvest state moved on as the job would have,
 * and the job not queued. A night of people with nothing new then costs a few statements per
 * person instead of a queued job each (docs/sources.md#asking-for-many-people-at-once).
 */
import pLimit from "p-limit";
import type { Db } from "../db/client.ts";
import { recordIncrementalHarvests } from "../db/repositories/harvest-state.ts";
import { completeJobsUnqueued } from "../db/repositories/runs.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { harvestJobId, type HarvestSourceName } from "../queue/definitions.ts";
import type { JointAnswer } from "../queue/joint-answers.ts";
import { HARVEST_SOURCES } from "../sources/registry.ts";
import type { HarvestSource } from "../sources/source.ts";
import { mergeWithStored } from "./merge-stored.ts";
import { holdsNothingNew } from "./nothing-new.ts";

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

/** Whether the answer leaves the person's records, links and profile as they are. */
async function hasNothingToDo(db: Db, source: HarvestSource, job: AnsweredJob): Promise<boolean> {
  const result = job.answer.result;
  if (!result || result.profile) return false;
  if (result.nothingToSearchBy || result.records.length === 0) return true;
  const merged = await mergeWithStored({ db }, source, result.records);
  return holdsNothingNew(db, source, job.facultyId, merged);
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
  const limit = pLimit(4);
  const sourceOf = new Map(HARVEST_SOURCES.map((source) => [source.name, source]));
  const idle = await Promise.all(
    answered.map((job) => limit(() => hasNothingToDo(db, sourceOf.get(job.source)!, job))),
  );
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
        (provider) =>
          !inRun(job.facultyId, provider.name) ||
          settledAsProvider(job.facultyId, provider.name),
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
