import { QUEUE_NAMES, type QueueKey } from "../src/queue/definitions.ts";
import { checkDefinitions, type WorkerDefinition } from "../src/queue/worker-host.ts";
import type { Services } from "../src/services.ts";
import { orcidWorker } from "./harvest-orcid.ts";
import { pubmedWorker } from "./harvest-pubmed.ts";
import { reporterWorker } from "./harvest-reporter.ts";
import { scheduleWorker } from "./harvest-schedule.ts";
import { reconcileWorker } from "./reconcile.ts";

/** Every queue's worker; start-up fails if a queue has no handler or two. */
export function workerDefinitions(services: Services): WorkerDefinition<never>[] {
  const definitions = [
    pubmedWorker(services),
    orcidWorker(services),
    reporterWorker(services),
    scheduleWorker(services),
    reconcileWorker(services),
  ] as unknown as WorkerDefinition<never>[];
  checkDefinitions(definitions, Object.keys(QUEUE_NAMES) as QueueKey[]);
  return definitions;
}
