/**
 * Harvest benchmark: a generated division of 200 faculty behind the local E-utilities sandbox,
 * harvested through the real queues with an API key (10 requests/s). Prints the requests made,
 * rate-limit refusals (must be 0), mean PMIDs per EFetch, and the wall time against the floor
 * the rate limit sets (requests / 10 per second).
 *
 *   npm run bench:harvest [-- --faculty 200 --concurrency 8]
 */
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { loadConfig } from "../src/config/env.ts";
import { createDb } from "../src/db/client.ts";
import { ensureDatabase, migrate } from "../src/db/migrate.ts";
import { startHarvestRun } from "../src/harvest/runs.ts";
import { waitForRun } from "../src/harvest/wait.ts";
import { createLogger } from "../src/logging.ts";
import { startWorkers } from "../src/queue/worker-host.ts";
import { importRoster } from "../src/roster/import-roster.ts";
import type { EutilsSandboxStats } from "../src/sandbox/eutils-server.ts";
import { createServices } from "../src/services.ts";
import { workerDefinitions } from "../workers/index.ts";

const { values } = parseArgs({
  options: {
    faculty: { type: "string", default: "200" },
    concurrency: { type: "string", default: "8" },
    seed: { type: "string", default: "2026" },
  },
});
const facultyCount = Number(values.faculty);
const API_KEY = "bench-key";
const REQUESTS_PER_SECOND = 10;

const serverUrl = (process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/scholartrack").replace(
  /\/[^/]*$/,
  "",
);
const databaseUrl = `${serverUrl}/scholartrack_bench`;

async function freshDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS scholartrack_bench WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
}

/**
 * The sandbox runs in a process of its own, as NCBI would: in ours, its arrival times would be
 * skewed by our own event loop and its rate counts would not be NCBI's.
 */
async function startSandboxProcess(rosterPath: string) {
  const child = spawn(
    process.execPath,
    [
      path.resolve(import.meta.dirname, "../bin/scholartrack.js"),
      "sandbox",
      "serve",
      "--faculty",
      String(facultyCount),
      "--seed",
      values.seed,
      "--api-key",
      API_KEY,
      "--roster-out",
      rosterPath,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const lines = createInterface({ input: child.stdout });
  let description = "";
  for await (const line of lines) {
    if (line.startsWith("E-utilities sandbox")) description = line;
    const match = /^Listening at (\S+)/.exec(line);
    if (match) {
      const url = match[1]!;
      const origin = new URL(url).origin;
      return {
        url,
        description,
        async stats(): Promise<EutilsSandboxStats> {
          return (await fetch(`${origin}/sandbox/stats`)).json() as Promise<EutilsSandboxStats>;
        },
        async resetStats(): Promise<void> {
          await fetch(`${origin}/sandbox/stats/reset`, { method: "POST" });
        },
        close(): Promise<void> {
          return new Promise((resolve) => {
            child.once("exit", () => resolve());
            child.kill("SIGTERM");
          });
        },
      };
    }
  }
  throw new Error("the sandbox process exited before it listened");
}

await freshDatabase();
const rosterPath = path.join(mkdtempSync(path.join(os.tmpdir(), "scholartrack-bench-")), "roster.csv");
const sandbox = await startSandboxProcess(rosterPath);
const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  PUBMED_EUTILS_URL: sandbox.url,
  NCBI_API_KEY: API_KEY,
  QUEUE_PREFIX: `bench-${randomUUID()}`,
  HARVEST_CONCURRENCY: values.concurrency,
  LOG_LEVEL: "silent",
});
const db = createDb(databaseUrl);
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const logger = createLogger(process.env.LOG_LEVEL ?? "silent");
const services = createServices(config, db, redis, logger);

const imported = await importRoster(db, readFileSync(rosterPath));
console.log(`${sandbox.description}; ${imported.created} faculty imported`);

const workers = startWorkers(workerDefinitions(services), {
  connection: redis,
  prefix: config.QUEUE_PREFIX,
  logger,
  concurrency: config.HARVEST_CONCURRENCY,
});
await sandbox.resetStats();
const started = performance.now();
const run = await startHarvestRun(db, services.queues.bySource, { sources: ["pubmed"], trigger: "manual" });
const progress = await waitForRun(db, run.runId, { pollMs: 100 });
const wallSeconds = (performance.now() - started) / 1000;
const stats = await sandbox.stats();

const efetches = stats.byEndpoint.efetch ?? 0;
const floorSeconds = stats.requests / REQUESTS_PER_SECOND;
const rows: Array<[string, string]> = [
  ["faculty harvested", `${progress.completed} (failed ${progress.failed})`],
  ["records fetched", String(progress.recordsFetched)],
  ["requests made", `${stats.requests} (esearch ${stats.byEndpoint.esearch ?? 0}, efetch ${efetches})`],
  ["rate-limit errors received", String(stats.rateLimited)],
  ["most requests in any second", `${stats.maxRequestsInAnySecond} (limit ${REQUESTS_PER_SECOND})`],
  ["mean PMIDs per EFetch", efetches ? (progress.recordsFetched / efetches).toFixed(1) : "n/a"],
  ["wall time", `${wallSeconds.toFixed(2)} s`],
  ["floor (requests / 10 per s)", `${floorSeconds.toFixed(2)} s`],
  ["ratio wall / floor", (wallSeconds / floorSeconds).toFixed(3)],
];
console.log("\nbench:harvest");
for (const [label, value] of rows) console.log(`  ${label.padEnd(30)} ${value}`);

await workers.close();
await services.queues.close();
const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
if (keys.length > 0) await redis.del(...keys);
await redis.quit();
await db.$disconnect();
await sandbox.close();
if (stats.rateLimited > 0 || progress.failed > 0) process.exitCode = 1;
