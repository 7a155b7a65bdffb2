import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { loadConfig, type AppConfig } from "../../src/config/env.ts";
import { pino } from "pino";
import { Writable } from "node:stream";
import { createServices, type Services } from "../../src/services/context.ts";
import type { RunningWorkers } from "../../src/queue/worker-host.ts";
import { startAllWorkers } from "../../src/services/workers.ts";
import type { TestDatabase } from "./database.ts";

export interface HarvestEnvironment {
  config: AppConfig;
  services: Services;
  startWorkers(overrides?: { lockDurationMs?: number; stalledIntervalMs?: number }): RunningWorkers;
  /** What the services and workers logged (info and above), as pino's records. */
  logs: Array<{ level: number; msg: string; [field: string]: unknown }>;
  close(): Promise<void>;
}

/** Services over a test database and a queue prefix of its own, against the given E-utilities URL. */
export function createHarvestEnvironment(
  testDb: TestDatabase,
  eutilsUrl: string,
  apiKey?: string,
  settings: Record<string, string> = {},
): HarvestEnvironment {
  const config = loadConfig({
    DATABASE_URL: testDb.url,
    QUEUE_PREFIX: `test-${randomUUID()}`,
    PUBMED_EUTILS_URL: eutilsUrl,
    HARVEST_CONCURRENCY: "4",
    HTTP_TIMEOUT_MS: "5000",
    LOG_LEVEL: "silent",
    ...(apiKey ? { NCBI_API_KEY: apiKey } : {}),
    ...settings,
  });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const logs: HarvestEnvironment["logs"] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split("\n"))
        if (line) logs.push(JSON.parse(line) as (typeof logs)[number]);
      done();
    },
  });
  const logger = pino({ level: "info" }, sink);
  const services = createServices(config, testDb.db, redis, logger);
  const running: RunningWorkers[] = [];
  return {
    config,
    services,
    logs,
    startWorkers(overrides = {}) {
      const workers = startAllWorkers(services, overrides);
      running.push(workers);
      return workers;
    },
    async close() {
      for (const workers of running) await workers.close();
      await services.queues.close();
      // Remove this test's keys so Redis is left as it was found.
      const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
      if (keys.length > 0) await redis.del(...keys);
      await redis.quit();
    },
  };
}
