import { FlowProducer, Queue } from "bullmq";
import type { Redis } from "ioredis";
import type { Logger } from "../logging.ts";
import { HARVEST_SOURCE_NAMES, QUEUE_NAMES, type HarvestSourceName } from "./definitions.ts";
import { redisOutageLog } from "./outage.ts";

export interface HarvestQueues {
  /** Each harvested source's queue, by source name. */
  bySource: Record<HarvestSourceName, Queue>;
  schedule: Queue;
  reconcile: Queue;
  /** A run's complete pass, asked beside its jobs (./definitions.ts: completePassJobSchema). */
  completePass: Queue;
  /** Adds jobs that wait for others (a person's PubMed search waits for their ORCID profile). */
  flows: FlowProducer;
  close(): Promise<void>;
}

/**
 * Every queue, over one connection. A queue's connection errors go to the connection's outage log
 * (once per outage); without a listener BullMQ would print each one.
 */
export function openQueues(connection: Redis, prefix: string, logger: Logger): HarvestQueues {
  const outage = redisOutageLog(connection, logger);
  const open = (name: string): Queue => {
    const queue = new Queue(name, { connection, prefix });
    queue.on("error", (error) => {
      if (!outage.failed(error)) logger.error({ queue: name, err: error.message }, "queue error");
    });
    return queue;
  };
  const bySource = Object.fromEntries(
    HARVEST_SOURCE_NAMES.map((source) => [source, open(QUEUE_NAMES[source])]),
  ) as Record<HarvestSourceName, Queue>;
  const schedule = open(QUEUE_NAMES.schedule);
  const reconcile = open(QUEUE_NAMES.reconcile);
  const completePass = open(QUEUE_NAMES.completePass);
  const flows = new FlowProducer({ connection, prefix });
  flows.on("error", (error) => {
    if (!outage.failed(error)) logger.error({ err: error.message }, "flow producer error");
  });
  return {
    bySource,
    schedule,
    reconcile,
    completePass,
    flows,
    async close() {
      await Promise.all(
        [...Object.values(bySource), schedule, reconcile, completePass, flows].map((queue) => queue.close()),
      );
    },
  };
}
