import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { HARVEST_SOURCE_NAMES, QUEUE_NAMES, type HarvestSourceName } from "./definitions.ts";

export interface HarvestQueues {
  /** Each harvested source's queue, by source name. */
  bySource: Record<HarvestSourceName, Queue>;
  schedule: Queue;
  reconcile: Queue;
  close(): Promise<void>;
}

export function openQueues(connection: Redis, prefix: string): HarvestQueues {
  const bySource = Object.fromEntries(
    HARVEST_SOURCE_NAMES.map((source) => [source, new Queue(QUEUE_NAMES[source], { connection, prefix })]),
  ) as Record<HarvestSourceName, Queue>;
  const schedule = new Queue(QUEUE_NAMES.schedule, { connection, prefix });
  const reconcile = new Queue(QUEUE_NAMES.reconcile, { connection, prefix });
  return {
    bySource,
    schedule,
    reconcile,
    async close() {
      await Promise.all([...Object.values(bySource), schedule, reconcile].map((queue) => queue.close()));
    },
  };
}
