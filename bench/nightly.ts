/**
 * Nightly harvest benchmark: a generated school behind the E-utilities, ORCID and RePORTER
 * sandboxes with their real rate limits, harvested three nights running through the real queues:
 *
 *   1. the first night (everyone complete);
 *   2. a night after 1% new records entered PubMed (incremental): must find every new record and
 *      change nothing else, with at most 10% of the first night's requests;
 *   3. a night after some people changed their names (their PubMed search is complete again) or
 *      their ORCID records (read in full again).
 *
 * For each night and source: requests, wall time against the floor the API's rate sets for those
 * requests, and what changed in the database. Then the same per-person figures worked out for a
 * school of 10,000.
 *
 * Processes as a deployment has them: the sandboxes in a process of their own (as the real APIs
 * would be; ./nightly-sandboxes.ts serves each night's records), the workers in `--workers`
 * processes of `scholartrack worker`, and the run (its first pass asking for many people at once)
 * started here, as the nightly schedule starts it. Each process's CPU time is printed per night.
 *
 *   npm run bench:nightly [-- --faculty 2000 --seed 2027 --new-share 0.01 --changed 20 --concurrency 8
 *                            --workers 2 --separately --cpu-prof DIR]
 *
 * `--separately`: each person's jobs ask on their own (no first pass asking for many people at once).
 * `--cpu-prof DIR`: the worker processes write V8 CPU profiles to DIR (one per process and night).
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { KEYED_REQUESTS_PER_SECOND } from "../sandbox/servers/eutils-server.ts";
import { ORCID_REQUESTS_PER_SECOND } from "../sandbox/servers/orcid-server.ts";
import { REPORTER_REQUESTS_PER_SECOND } from "../sandbox/servers/reporter-server.ts";
import { loadConfig } from "../src/config/env.ts";
import { createDb, type Db } from "../src/db/client.ts";
import { ensureDatabase, migrate } from "../src/db/migrate.ts";
import { createLogger } from "../src/logging.ts";
import { HARVEST_SOURCE_NAMES, type HarvestSourceName } from "../src/queue/definitions.ts";
import { createServices } from "../src/services/context.ts";
import { waitForReconcileQueue } from "../src/services/reconcile.ts";
import { importRoster } from "../src/services/roster.ts";
import { startHarvestRun, waitForRun } from "../src/services/runs.ts";
import { settledWithoutRunning } from "../src/services/settle-unchanged.ts";
import { ownCpuSeconds, startNodeChild, type Child } from "./child-processes.ts";
import type { FromSandboxes, NightNumber, SchoolSummary, ToSandboxes } from "./nightly-school.ts";
import { statsEndpoint } from "./sandbox-stats.ts";
import { startWorkerProcesses } from "./worker-processes.ts";

const { values } = parseArgs({
  options: {
    faculty: { type: "string", default: "2000" },
    seed: { type: "string", default: "2027" },
    "new-share": { type: "string", default: "0.01" },
    changed: { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
    // Worker processes (`scholartrack worker`), each with every queue at --concurrency.
    workers: { type: "string", default: "2" },
    "cpu-prof": { type: "string" },
    // Each person's jobs ask on their own, as before runs asked for many people at once: for comparison.
    separately: { type: "boolean", default: false },
  },
});

function usage(message: string): never {
  console.error(`bench:nightly: ${message}`);
  process.exit(2);
}
function whole(name: "faculty" | "seed" | "changed" | "concurrency" | "workers", min: number): number {
  const value = values[name];
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) usage(`--${name} must be a whole number >= ${min}`);
  return Number(value);
}
const facultyCount = whole("faculty", 1);
const seed = whole("seed", 0);
const changedPeople = whole("changed", 0);
const concurrency = whole("concurrency", 1);
const workerCount = whole("workers", 1);
const profileDir = values["cpu-prof"] ? path.resolve(values["cpu-prof"]) : undefined;
const newShare = Number(values["new-share"]);
if (!(newShare > 0 && newShare <= 1)) usage("--new-share must be a fraction above 0, at most 1");
const API_KEY = "bench-key";
const SCHOOL_SIZE = 10_000;

const RATES: Record<HarvestSourceName, { label: string; perSecond: number }> = {
  pubmed: { label: "PubMed", perSecond: KEYED_REQUESTS_PER_SECOND },
  orcid: { label: "ORCID", perSecond: ORCID_REQUESTS_PER_SECOND },
  reporter: { label: "RePORTER", perSecond: REPORTER_REQUESTS_PER_SECOND },
};

const serverUrl = (process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/scholartrack").replace(
  /\/[^/]*$/,
  "",
);
const separately = values.separately;
const databaseName = separately ? "scholartrack_bench_nightly_separately" : "scholartrack_bench_nightly";
const databaseUrl = `${serverUrl}/${databaseName}`;

async function freshDatabase(): Promise<void> {
  const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${databaseName} WITH (FORCE)`);
  await admin.end();
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
}

/** What is stored, record by record and link by link: what a night changed is the difference. */
async function snapshot(db: Db) {
  const records = await db.sourceRecord.findMany({
    select: { source: true, sourceId: true, payloadHash: true },
  });
  const links = await db.facultyItem.findMany({ select: { facultyId: true, itemId: true, status: true } });
  return {
    records: new Map(records.map((row) => [`${row.source}:${row.sourceId}`, row.payloadHash])),
    links: new Map(links.map((row) => [`${row.facultyId}:${row.itemId}`, row.status])),
  };
}
type Snapshot = Awaited<ReturnType<typeof snapshot>>;

function changes(before: Snapshot, after: Snapshot) {
  const added = [...after.records.keys()].filter((key) => !before.records.has(key));
  const rewritten = [...before.records].filter(([key, hash]) => after.records.get(key) !== hash).length;
  const linksAdded = [...after.links.keys()].filter((key) => !before.links.has(key)).length;
  const linksChanged = [...before.links].filter(([key, status]) => after.links.get(key) !== status).length;
  return { added, rewritten, linksAdded, linksChanged };
}

interface NightResult {
  requests: Record<HarvestSourceName, number>;
  wallSeconds: Record<HarvestSourceName, number>;
  modes: Record<string, number>;
  failed: number;
  totalSeconds: number;
  /** CPU seconds each process used during the night (undefined where /proc cannot say). */
  cpu: Array<{ name: string; seconds: number | undefined }>;
}

type SandboxUrls = Record<HarvestSourceName, string>;

interface Sandboxes {
  child: Child;
  school: SchoolSummary;
  /** Serves the night's records (on new ports) and answers their URLs. */
  serve(night: NightNumber): Promise<SandboxUrls>;
}

/** The sandbox process: it generates the school, says what the bench needs of it, and serves each night. */
async function startSandboxes(): Promise<Sandboxes> {
  const child = startNodeChild(
    "sandboxes",
    [
      "--import",
      "tsx",
      path.resolve(import.meta.dirname, "nightly-sandboxes.ts"),
      ...["--faculty", String(facultyCount), "--seed", String(seed)],
      ...["--new-share", String(newShare), "--changed", String(changedPeople), "--api-key", API_KEY],
    ],
    { stdio: ["ignore", "inherit", "inherit", "ipc"] },
  );
  const next = <T extends FromSandboxes["type"]>(type: T) =>
    new Promise<Extract<FromSandboxes, { type: T }>>((resolve, reject) => {
      const onMessage = (message: FromSandboxes): void => {
        if (message.type !== type) return;
        cleanup();
        resolve(message as Extract<FromSandboxes, { type: T }>);
      };
      const onExit = (): void => {
        cleanup();
        reject(new Error("the sandbox process exited"));
      };
      const cleanup = (): void => {
        child.process.off("message", onMessage);
        child.process.off("exit", onExit);
      };
      child.process.on("message", onMessage);
      child.process.once("exit", onExit);
    });
  try {
    const { school } = await next("school");
    return {
      child,
      school,
      async serve(night) {
        const serving = next("serving");
        child.process.send({ type: "serve", night } satisfies ToSandboxes);
        return (await serving).urls;
      },
    };
  } catch (error) {
    await child.stop();
    throw error;
  }
}

/** One night: the sandboxes serving that night, worker processes, a run of everyone through the real queues, and its figures. */
async function night(db: Db, sandboxes: Sandboxes, nightNumber: NightNumber): Promise<NightResult> {
  const urls = await sandboxes.serve(nightNumber);
  // What the worker processes are started with (no metrics listener: they would want the same port).
  const { METRICS_PORT: _noMetrics, ...inherited } = process.env;
  const env = {
    ...inherited,
    DATABASE_URL: databaseUrl,
    PUBMED_EUTILS_URL: urls.pubmed,
    NCBI_API_KEY: API_KEY,
    ORCID_API_URL: urls.orcid,
    REPORTER_API_URL: urls.reporter,
    QUEUE_PREFIX: `bench-nightly-${randomUUID()}`,
    HARVEST_CONCURRENCY: String(concurrency),
    LOG_LEVEL: "error",
  };
  const config = loadConfig({ ...env, LOG_LEVEL: "silent" });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const services = createServices(config, db, redis, createLogger("silent"));
  const workers = await startWorkerProcesses({
    count: workerCount,
    env,
    queues: [...Object.values(services.queues.bySource), services.queues.reconcile],
    ...(profileDir ? { profileDir } : {}),
  }).catch(async (error: unknown) => {
    await services.queues.close();
    await redis.quit();
    throw error;
  });
  try {
    const processes = [
      { name: "bench (run)", cpu: ownCpuSeconds },
      { name: "sandboxes", cpu: () => sandboxes.child.cpuSeconds() },
      ...workers.children.map((child) => ({ name: child.name, cpu: () => child.cpuSeconds() })),
    ];
    const cpuAtStart = processes.map((process) => process.cpu());
    const startedAt = Date.now();
    // As the nightly schedule starts it: people whose harvest is incremental asked for together first.
    const run = await startHarvestRun(
      db,
      services.queues,
      { sources: [...HARVEST_SOURCE_NAMES], trigger: "schedule" },
      separately ? undefined : services,
    );
    const progress = await waitForRun(db, run.runId, { pollMs: 200 });
    await waitForReconcileQueue(services.queues.reconcile);
    const totalSeconds = (Date.now() - startedAt) / 1000;
    const cpu = processes.map((process, index) => {
      const [before, after] = [cpuAtStart[index], process.cpu()];
      return {
        name: process.name,
        seconds: before === undefined || after === undefined ? undefined : after - before,
      };
    });
    const jobs = await db.harvestJob.findMany({
      where: { runId: run.runId },
      select: { source: true, finishedAt: true, mode: true, modeReason: true },
    });
    const wallSeconds = Object.fromEntries(
      HARVEST_SOURCE_NAMES.map((source) => {
        const last = Math.max(
          ...jobs.filter((job) => job.source === source).map((job) => job.finishedAt?.getTime() ?? startedAt),
        );
        return [source, (last - startedAt) / 1000];
      }),
    ) as Record<HarvestSourceName, number>;
    const modes: Record<string, number> = {};
    for (const job of jobs) {
      const settledAtStart = settledWithoutRunning(job.modeReason) ? " (settled, not run)" : "";
      const key = `${job.source} ${job.mode ?? "none"}${settledAtStart}`;
      modes[key] = (modes[key] ?? 0) + 1;
    }
    const requests = Object.fromEntries(
      await Promise.all(
        HARVEST_SOURCE_NAMES.map(
          async (source) => [source, (await statsEndpoint(urls[source]).stats()).requests] as const,
        ),
      ),
    ) as Record<HarvestSourceName, number>;
    return { requests, wallSeconds, modes, failed: progress.failed, totalSeconds, cpu };
  } finally {
    await workers.stop();
    await services.queues.close();
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  }
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`);
}

const db = createDb(databaseUrl);
let sandboxes: Sandboxes | undefined;
try {
  await freshDatabase();
  sandboxes = await startSandboxes();
  const { school } = sandboxes;
  const imported = await importRoster(db, school.rosterCsv);
  if (imported.blocked)
    throw new Error(`the generated roster did not import:\n${imported.errors.join("\n")}`);
  console.log(
    `bench:nightly: ${school.facultyCount} faculty, ${school.pubmedRecords} PubMed records, ` +
      `${school.orcidRecords} ORCID records, ${school.reporterProjects} RePORTER projects (seed ${seed}); ` +
      `${workerCount} worker process(es) at concurrency ${concurrency}`,
  );
  console.log(
    `machine load (1, 5, 15 min) at the start: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(", ")}`,
  );

  const first = await night(db, sandboxes, 1);
  const afterFirst = await snapshot(db);

  // Night 2: new records, entered today.
  const second = await night(db, sandboxes, 2);
  const afterSecond = await snapshot(db);
  const secondChanges = changes(afterFirst, afterSecond);
  const added = school.added;
  const found = added.filter((pmid) => afterSecond.records.has(`pubmed:${pmid}`)).length;

  // Night 3: half the changed people take another name, the other half edit their ORCID records
  // (the sandboxes serve the edited records).
  const renamed = school.renamed;
  const edited = school.edited;
  for (const facultyId of renamed) {
    const current = await db.faculty.findUniqueOrThrow({ where: { id: facultyId } });
    await db.faculty.update({
      where: { id: facultyId },
      data: { nameVariants: [...current.nameVariants, `${current.lastName}-Reyes, ${current.firstName}`] },
    });
  }
  const third = await night(db, sandboxes, 3);
  const thirdChanges = changes(afterSecond, await snapshot(db));

  const total = (result: NightResult) =>
    HARVEST_SOURCE_NAMES.reduce((sum, source) => sum + result.requests[source], 0);
  console.log("\nRequests and wall time (floor: the requests at the API's rate; ratio: wall / floor)");
  const rows = [["night", "source", "requests", "wall", "floor", "ratio"]];
  for (const [name, result] of [
    ["1 first", first],
    ["2 +1% new", second],
    ["3 changes", third],
  ] as const) {
    for (const source of HARVEST_SOURCE_NAMES) {
      const floor = result.requests[source] / RATES[source].perSecond;
      rows.push([
        name,
        RATES[source].label,
        String(result.requests[source]),
        `${result.wallSeconds[source].toFixed(1)} s`,
        `${floor.toFixed(1)} s`,
        floor > 0 ? (result.wallSeconds[source] / floor).toFixed(2) : "n/a",
      ]);
    }
    rows.push([name, "all", String(total(result)), `${result.totalSeconds.toFixed(1)} s`, "", ""]);
  }
  table(rows);

  // The sources are asked at the same time: the night can end no sooner than its slowest source's
  // requests at that API's rate allow.
  console.log(
    "\nThe night against its floor (floor: the slowest source's requests at its rate; wall: run start to its last harvest job)",
  );
  const nightRows = [["night", "wall", "floor (source)", "ratio", "aim 1.05x", "with ledgers"]];
  for (const [name, result] of [
    ["1 first", first],
    ["2 +1% new", second],
    ["3 changes", third],
  ] as const) {
    const floors = HARVEST_SOURCE_NAMES.map((source) => ({
      source,
      seconds: result.requests[source] / RATES[source].perSecond,
    }));
    const slowest = floors.reduce((a, b) => (b.seconds > a.seconds ? b : a));
    const wall = Math.max(...HARVEST_SOURCE_NAMES.map((source) => result.wallSeconds[source]));
    const ratio = slowest.seconds > 0 ? wall / slowest.seconds : Infinity;
    nightRows.push([
      name,
      `${wall.toFixed(1)} s`,
      `${slowest.seconds.toFixed(1)} s (${RATES[slowest.source].label})`,
      Number.isFinite(ratio) ? ratio.toFixed(2) : "n/a",
      ratio <= 1.05 ? "met" : "NOT met",
      `${result.totalSeconds.toFixed(1)} s`,
    ]);
  }
  table(nightRows);
  console.log(
    `  machine load (1, 5, 15 min) at the end: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(", ")}`,
  );
  console.log(
    "\nCPU seconds per process (run start to the last ledger; a core's worth is the night's wall time)",
  );
  const cpuRows = [["night", "wall", ...first.cpu.map((process) => process.name)]];
  for (const [name, result] of [
    ["1 first", first],
    ["2 +1% new", second],
    ["3 changes", third],
  ] as const)
    cpuRows.push([
      name,
      `${result.totalSeconds.toFixed(1)} s`,
      ...result.cpu.map((process) =>
        process.seconds === undefined ? "n/a" : `${process.seconds.toFixed(1)} s`,
      ),
    ]);
  table(cpuRows);
  console.log("\nJobs by mode");
  for (const [name, result] of [
    ["night 1", first],
    ["night 2", second],
    ["night 3", third],
  ] as const)
    console.log(
      `  ${name}: ${Object.entries(result.modes)
        .map(([mode, count]) => `${mode} ${count}`)
        .join(", ")}; failed ${result.failed}`,
    );

  const ratio = total(second) / total(first);
  console.log("\nNight 2 against night 1");
  console.log(
    `  requests: ${total(second)} of ${total(first)} = ${(ratio * 100).toFixed(1)}% (aim at most 10%): ${ratio <= 0.1 ? "met" : "NOT met"}`,
  );
  console.log(
    `  new records found: ${found} of ${added.length}: ${found === added.length ? "all" : "SOME MISSED"}`,
  );
  console.log(
    `  anything else changed: ${secondChanges.added.length - found} other records added, ${secondChanges.rewritten} rewritten, ` +
      `${secondChanges.linksChanged} links changed status (new links: ${secondChanges.linksAdded})`,
  );
  console.log("Night 3 (after changes)");
  console.log(
    `  ${renamed.length} people renamed, ${edited.length} ORCID records edited: ${total(third)} requests ` +
      `(${((total(third) / total(first)) * 100).toFixed(1)}% of night 1); ${thirdChanges.added.length} records added, ` +
      `${thirdChanges.rewritten} rewritten, ${thirdChanges.linksChanged} links changed status`,
  );

  console.log(
    `\nWorked out for a school of ${SCHOOL_SIZE.toLocaleString("en-US")} (per-person requests as measured)`,
  );
  const scaled = [["night", "source", "requests", "floor"]];
  for (const [name, result] of [
    ["first", first],
    ["second", second],
  ] as const) {
    for (const source of HARVEST_SOURCE_NAMES) {
      const requests = Math.round((result.requests[source] / school.facultyCount) * SCHOOL_SIZE);
      scaled.push([
        name,
        RATES[source].label,
        String(requests),
        `${(requests / RATES[source].perSecond / 60).toFixed(1)} min`,
      ]);
    }
  }
  table(scaled);
  const orcidPerNight = Math.round((second.requests.orcid / school.facultyCount) * SCHOOL_SIZE);
  console.log(`  ORCID reads on a second night: ${orcidPerNight} of the 100,000 a day ORCID allows`);
  if (found !== added.length) process.exitCode = 1;
} finally {
  await sandboxes?.child.stop();
  await db.$disconnect();
}
