/**
 * A run's jobs in the queues, each person's in the order their profile asks for: the sources that
 * provide the profile (ORCID: other names, employers) run before the sources whose search reads it
 * (PubMed, RePORTER). Without the order, a first harvest searched more narrowly than any later one
 * whenever PubMed came first, and two harvests of the same sources gave different results.
 */
import type { FlowJob, FlowJobNode, FlowProducer } from "bullmq";
import {
  harvestJobId,
  harvestJobOptions,
  QUEUE_NAMES,
  type HarvestJobData,
  type HarvestSourceName,
  type RetryPolicy,
} from "../queue/definitions.ts";
import { HARVEST_SOURCES } from "../sources/registry.ts";

export interface RunJobsRequest {
  sources: readonly HarvestSourceName[];
  sinceYear?: number;
  untilYear?: number;
  /** `harvest --full`. */
  full?: boolean;
  retry?: RetryPolicy;
  /** A person's source left out of this run (a daily budget deferred it). */
  skip?: (facultyId: string, source: HarvestSourceName) => boolean;
}

/**
 * The person's sources in the order they run: providers, then readers, each waiting for the one
 * before it (a BullMQ job has one parent, so readers wait in a chain); the rest on their own.
 */
export function profileOrder(sources: readonly HarvestSourceName[]): {
  chain: HarvestSourceName[];
  independent: HarvestSourceName[];
} {
  const chosen = HARVEST_SOURCES.filter((source) => sources.includes(source.name));
  const providers = chosen.filter((source) => source.profile === "provides");
  const readers = chosen.filter((source) => source.profile === "reads");
  // Without a provider in the run, readers read what earlier runs learned: no order is needed.
  const chain = providers.length > 0 ? [...providers, ...readers] : [];
  return {
    chain: chain.map((source) => source.name),
    independent: chosen.filter((source) => !chain.includes(source)).map((source) => source.name),
  };
}

/** Queues every job of the run (adding one that exists already changes nothing); returns their ids. */
export async function queueRunJobs(
  flows: FlowProducer,
  runId: string,
  facultyIds: readonly string[],
  request: RunJobsRequest,
): Promise<string[]> {
  const { chain, independent } = profileOrder(request.sources);
  const options = harvestJobOptions(request.retry);
  const job = (source: HarvestSourceName, facultyId: string) => {
    const data: HarvestJobData = {
      runId,
      facultyId,
      ...(request.sinceYear ? { sinceYear: request.sinceYear } : {}),
      ...(request.untilYear ? { untilYear: request.untilYear } : {}),
      ...(request.full ? { full: true } : {}),
    };
    // A source that failed for good does not hold back the ones waiting for it: they search with
    // what is known of the person.
    return {
      name: source,
      queueName: QUEUE_NAMES[source],
      data,
      opts: { ...options, jobId: harvestJobId(source, facultyId, runId), ignoreDependencyOnFailure: true },
    };
  };
  const skip = request.skip ?? (() => false);
  const trees: FlowJob[] = [];
  for (const facultyId of facultyIds) {
    let tree: FlowJobNode | undefined;
    for (const source of chain.filter((name) => !skip(facultyId, name)))
      tree = tree ? { ...job(source, facultyId), children: [tree] } : job(source, facultyId);
    if (tree) trees.push(tree);
    for (const source of independent.filter((name) => !skip(facultyId, name)))
      trees.push(job(source, facultyId));
  }
  await flows.addBulk(trees);
  return runJobIds(runId, facultyIds, request.sources, skip);
}

/** The ids of a run's jobs, person by person. */
export function runJobIds(
  runId: string,
  facultyIds: readonly string[],
  sources: readonly HarvestSourceName[],
  skip: (facultyId: string, source: HarvestSourceName) => boolean = () => false,
): string[] {
  return facultyIds.flatMap((facultyId) =>
    sources
      .filter((source) => !skip(facultyId, source))
      .map((source) => harvestJobId(source, facultyId, runId)),
  );
}
