import { Queue } from "bullmq";
import type { Redis } from "ioredis";
import { HARVEST_SOURCES, QUEUE_NAMES, SOURCE_QUEUE, type HarvestSource } from "./definitions.ts";

export interface HarvestQueues {
  bySource: Record<HarvestSource, Queue>;
  schedule: Queue;
  reconcile: Queue;
  close(): Promise<void>;
}

export function openQueues(connection: Redis, prefix: string): HarvestQueues {
  const bySource = Object.fromEntries(
    HARVEST_SOURCES.map((source) => [
      source,
      new Queue(QUEUE_NAMES[SOURCE_QUEUE[source]], { connection, prefix }),
    ]),
  ) as Record<HarvestSource, Queue>;
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
