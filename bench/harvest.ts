/**
 * Harvest benchmark: a generated division of 200 faculty behind the local E-utilities, ORCID and
 * RePORTER sandboxes, harvested through the real queues (PubMed with an API key). The three
 * sources run at once, each under its own limiter shared through Redis. For each source it prints
 * the requests made (by endpoint), rate-limit refusals (must be 0), the busiest second the server
 * saw, and that source's wall time (run start to its last job finished) against the floor its API's
 * rate sets: requests / 10 per second for E-utilities with a key, / 12 for ORCID (whose bursts of
 * 40 the client does not use), / 1 for RePORTER. RePORTER's 1 request a second makes it the
 * slowest: at the default 200 faculty the run takes about four minutes.
 *
 * Exits non-zero when any API refused a request for rate, or any job failed for another reason
 * than the division's deliberately unavailable ORCID record(s).
 *
 *   npm run bench:harvest [-- --faculty 200 --concurrency 8 --seed 2026 --sources pubmed,orcid,reporter]
 */
import { randomUUID } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import { parseArgs } from "node:util";
import pg from "pg";
import { Redis } from "ioredis";
import { loadConfig } from "../src/config/env.ts";
import { createDb } from "../src/db/client.ts";
import { ensureDatabase, migrate } from "../src/db/migrate.ts";
import { startHarvestRun, waitForRun } from "../src/services/runs.ts";
import { createLogger } from "../src/logging.ts";
import {
  HARVEST_SOURCE_NAMES as HARVEST_SOURCES,
  type HarvestSourceName as HarvestSource,
} from "../src/queue/definitions.ts";
import { startWorkers } from "../src/queue/worker-host.ts";
import { importRoster } from "../src/services/roster.ts";
import { KEYED_REQUESTS_PER_SECOND } from "../sandbox/servers/eutils-server.ts";
import { ORCID_BURST, ORCID_REQUESTS_PER_SECOND } from "../sandbox/servers/orcid-server.ts";
import { REPORTER_REQUESTS_PER_SECOND } from "../sandbox/servers/reporter-server.ts";
import { createServices } from "../src/services/context.ts";
import { workerDefinitions } from "../workers/index.ts";
import { startNodeChild } from "./child-processes.ts";
import { statsEndpoint, type SandboxStats, type StatsEndpoint } from "./sandbox-stats.ts";

const { values } = parseArgs({
  options: {
    faculty: { type: "string", default: "200" },
    concurrency: { type: "string", default: "8" },
    seed: { type: "string", default: "2026" },
    sources: { type: "string", default: HARVEST_SOURCES.join(",") },
  },
});

function usage(message: string): never {
  console.error(`bench:harvest: ${message}`);
  process.exit(2);
}

function wholeNumber(name: string, value: string, min: number): number {
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) usage(`--${name} must be a whole number >= ${min}`);
  return Number(value);
}

function parseSources(value: string): HarvestSource[] {
  const names = value
    .split(",")
    .map((name) => name.trim().toLowerCase())
    .filter((name) => name !== "");
  const unknown = names.filter((name) => !(HARVEST_SOURCES as readonly string[]).includes(name));
  if (unknown.length > 0)
    usage(`unknown source(s) ${unknown.join(", ")}; choose from ${HARVEST_SOURCES.join(", ")}`);
  if (names.length === 0) usage(`--sources names none; choose from ${HARVEST_SOURCES.join(", ")}`);
  // In the canonical order, once each.
  return HARVEST_SOURCES.filter((source) => names.includes(source));
}

const facultyCount = wholeNumber("faculty", values.faculty, 1);
const concurrency = wholeNumber("concurrency", values.concurrency, 1);
const seed = wholeNumber("seed", values.seed, 0);
const sources = parseSources(values.sources);
const API_KEY = "bench-key";

/** Each source's API, its rate (the floor's divisor) and how its limit is described. */
const APIS: Record<HarvestSource, { label: string; perSecond: number; limit: string }> = {
  pubmed: {
    label: "PubMed (E-utilities)",
    perSecond: KEYED_REQUESTS_PER_SECOND,
    limit: `${KEYED_REQUESTS_PER_SECOND} per second with a key`,
  },
  orcid: {
    label: "ORCID",
    perSecond: ORCID_REQUESTS_PER_SECOND,
    limit: `${ORCID_REQUESTS_PER_SECOND} per second, bursts of ${ORCID_BURST}`,
  },
  reporter: {
    label: "NIH RePORTER",
    perSecond: REPORTER_REQUESTS_PER_SECOND,
    limit: `${REPORTER_REQUESTS_PER_SECOND} per second`,
  },
};

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
 * The sandboxes run in a process of their own, as the real APIs would: in ours, their arrival
 * times would be skewed by our own event loop and their rate counts would not be the APIs'.
 */
async function startSandboxProcess(rosterPath: string) {
  const sandbox = startNodeChild(
    "sandboxes",
    [
      path.resolve(import.meta.dirname, "../bin/scholartrack.js"),
      "sandbox",
      "serve",
      "--faculty",
      String(facultyCount),
      "--seed",
      String(seed),
      "--api-key",
      API_KEY,
      "--roster-out",
      rosterPath,
    ],
    { stdio: ["ignore", "pipe", "inherit"] },
  );
  const child = sandbox.process;

  const found: {
    description: string;
    eutils?: string;
    orcid?: string;
    reporter?: string;
    deactivated: number;
  } = {
    description: "",
    deactivated: 0,
  };
  // The lines are read to the end, so the sandbox never blocks on a full pipe.
  const lines = createInterface({ input: child.stdout! });
  const ready = new Promise<void>((resolve, reject) => {
    lines.on("line", (line) => {
      if (line.startsWith("E-utilities sandbox")) found.description = line;
      const listening = /^Listening at (\S+)/.exec(line);
      if (listening) found.eutils = listening[1]!;
      const orcid = /^ORCID sandbox at \S+: \d+ records \((\d+) deactivated\)/.exec(line);
      if (orcid) found.deactivated = Number(orcid[1]);
      const exported = /^\s*export (ORCID_API_URL|REPORTER_API_URL)=(\S+)/.exec(line);
      if (exported?.[1] === "ORCID_API_URL") found.orcid = exported[2]!;
      if (exported?.[1] === "REPORTER_API_URL") found.reporter = exported[2]!;
      if (line.startsWith("Press Ctrl+C")) resolve();
    });
    void sandbox.exited.then(() => reject(new Error("the sandbox process exited before it listened")));
  });
  await ready;
  const { eutils, orcid, reporter } = found;
  if (!eutils || !orcid || !reporter) {
    await sandbox.stop();
    throw new Error("the sandbox did not print the E-utilities, ORCID and RePORTER URLs");
  }
  return {
    description: found.description,
    /** ORCID records the division holds deactivated: their jobs fail by design. */
    deactivatedOrcidRecords: found.deactivated,
    urls: { pubmed: eutils, orcid, reporter } satisfies Record<HarvestSource, string>,
    apis: {
      pubmed: statsEndpoint(eutils),
      orcid: statsEndpoint(orcid),
      reporter: statsEndpoint(reporter),
    } satisfies Record<HarvestSource, StatsEndpoint>,
    close: () => sandbox.stop(),
  };
}

function seconds(value: number): string {
  return `${value.toFixed(2)} s`;
}

function counts(record: Record<string, number> | undefined): string {
  const entries = Object.entries(record ?? {}).sort(([a], [b]) => a.localeCompare(b));
  return entries.map(([name, count]) => `${name} ${count}`).join(", ");
}

function print(rows: Array<[string, string]>, indent: string): void {
  for (const [label, value] of rows) console.log(`${indent}${label.padEnd(32)} ${value}`);
}

await freshDatabase();
const rosterDir = mkdtempSync(path.join(os.tmpdir(), "scholartrack-bench-"));
const rosterPath = path.join(rosterDir, "roster.csv");
const sandbox = await startSandboxProcess(rosterPath);
const config = loadConfig({
  ...process.env,
  DATABASE_URL: databaseUrl,
  PUBMED_EUTILS_URL: sandbox.urls.pubmed,
  NCBI_API_KEY: API_KEY,
  // Always the sandboxes', so that a source left out of --sources can never reach the real API.
  ORCID_API_URL: sandbox.urls.orcid,
  REPORTER_API_URL: sandbox.urls.reporter,
  QUEUE_PREFIX: `bench-${randomUUID()}`,
  HARVEST_CONCURRENCY: String(concurrency),
  LOG_LEVEL: "silent",
});
const db = createDb(databaseUrl);
const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
const logger = createLogger(process.env.LOG_LEVEL ?? "silent");
const services = createServices(config, db, redis, logger);
let workers: ReturnType<typeof startWorkers> | undefined;

try {
  const imported = await importRoster(db, readFileSync(rosterPath));
  if (imported.blocked)
    throw new Error(`the generated roster did not import:\n${imported.errors.join("\n")}`);
  console.log(`${sandbox.description}; ${imported.created} faculty imported`);

  workers = startWorkers(workerDefinitions(services), {
    connection: redis,
    prefix: config.QUEUE_PREFIX,
    logger,
    concurrency: config.HARVEST_CONCURRENCY,
  });
  await Promise.all(Object.values(sandbox.apis).map((api) => api.reset()));
  const startedAt = Date.now();
  const started = performance.now();
  const run = await startHarvestRun(db, services.queues, { sources, trigger: "manual" });
  const progress = await waitForRun(db, run.runId, { pollMs: 100 });
  const totalSeconds = (performance.now() - started) / 1000;

  const stats = Object.fromEntries(
    await Promise.all(sources.map(async (source) => [source, await sandbox.apis[source].stats()] as const)),
  ) as Record<HarvestSource, SandboxStats>;
  const jobs = await db.harvestJob.groupBy({
    by: ["source", "status"],
    where: { runId: run.runId },
    _count: { _all: true },
    _sum: { recordsFetched: true },
    _max: { finishedAt: true },
  });
  const failures = await db.harvestJob.findMany({
    where: { runId: run.runId, status: "failed" },
    select: { facultyId: true, source: true, error: true, faculty: { select: { orcidStatus: true } } },
    orderBy: [{ source: "asc" }, { facultyId: "asc" }],
  });
  // A record ORCID answers 409 for (deactivated, locked) fails its job for good, by design: the
  // faculty member is marked for a person to look at. The division holds such records on purpose.
  const expected = failures.filter(
    (job) =>
      job.source === "orcid" &&
      (job.faculty.orcidStatus === "deactivated" || job.faculty.orcidStatus === "locked"),
  );
  const unexpected = failures.filter((job) => !expected.includes(job));

  console.log(
    `\nbench:harvest (${run.facultyCount} faculty, sources ${sources.join(", ")}, concurrency ${concurrency}, seed ${seed})`,
  );
  let rateLimited = 0;
  for (const source of sources) {
    const api = APIS[source];
    const server = stats[source];
    const mine = jobs.filter((group) => group.source === source);
    const count = (status: string): number =>
      mine.filter((group) => group.status === status).reduce((sum, group) => sum + group._count._all, 0);
    const records = mine.reduce((sum, group) => sum + (group._sum.recordsFetched ?? 0), 0);
    const lastFinished = Math.max(...mine.map((group) => group._max.finishedAt?.getTime() ?? startedAt));
    const wallSeconds = (lastFinished - startedAt) / 1000;
    const floorSeconds = server.requests / api.perSecond;
    rateLimited += server.rateLimited;

    const rows: Array<[string, string]> = [
      ["faculty harvested", `${count("completed")} (failed ${count("failed")})`],
      ["records fetched", String(records)],
      ["requests made", `${server.requests} (${counts(server.byEndpoint) || "none"})`],
    ];
    if (server.byStatus && Object.keys(server.byStatus).length > 0) {
      rows.push(["answers other than 200", counts(server.byStatus)]);
    }
    rows.push(
      ["rate-limit errors received", String(server.rateLimited)],
      ["most requests in any second", `${server.maxRequestsInAnySecond} (limit ${api.limit})`],
    );
    if (source === "pubmed") {
      const efetches = server.byEndpoint.efetch ?? 0;
      rows.push(["mean PMIDs per EFetch", efetches ? (records / efetches).toFixed(1) : "n/a"]);
    }
    rows.push(
      ["wall time", seconds(wallSeconds)],
      [`floor (requests / ${api.perSecond} per s)`, seconds(floorSeconds)],
      ["ratio wall / floor", floorSeconds > 0 ? (wallSeconds / floorSeconds).toFixed(3) : "n/a"],
    );
    console.log(`  ${api.label}`);
    print(rows, "    ");
  }
  console.log("  all sources");
  print(
    [
      ["jobs", `${progress.completed} completed, ${progress.failed} failed of ${progress.total}`],
      [
        "failed by design",
        `${expected.length} (ORCID records unavailable; the division deactivates ${sandbox.deactivatedOrcidRecords})`,
      ],
      ["rate-limit errors received", String(rateLimited)],
      ["wall time", seconds(totalSeconds)],
    ],
    "    ",
  );
  for (const job of failures) {
    const why = expected.includes(job) ? "expected" : "UNEXPECTED";
    console.log(`    ${why}: ${job.source} ${job.facultyId}: ${job.error ?? ""}`);
  }
  if (rateLimited > 0 || unexpected.length > 0) process.exitCode = 1;
} finally {
  await workers?.close();
  await services.queues.close();
  const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
  await db.$disconnect();
  await sandbox.close();
  rmSync(rosterDir, { recursive: true, force: true });
}
