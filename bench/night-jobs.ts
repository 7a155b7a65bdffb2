/**
 * What a quiet night's jobs cost: the nightly bench's first night is harvested once into a database
 * kept as a template; each run of `--night 2` starts from a copy of it, harvests the second night
 * (1% new PubMed records) through the real queues, and prints the jobs that ran, the process's CPU
 * time, the SQL statements by shape (count and time), and writes every link (status, score,
 * evidence) to a JSON file: two runs of different code from the same template can be compared
 * link by link.
 *
 *   tsx bench/night-jobs.ts --night 1 [--faculty 300 --seed 2027]
 *   tsx bench/night-jobs.ts --night 2 [--faculty 300 --seed 2027 --links bench/out/links.json --profile bench/out/night2.cpuprofile]
 */
import { randomUUID } from "node:crypto";
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector/promises";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { generateDivision, rosterCsv } from "../sandbox/division/index.ts";
import type { Day } from "../sandbox/servers/entry-date.ts";
import { startEutilsSandbox } from "../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox } from "../sandbox/servers/orcid-server.ts";
import { startReporterSandbox } from "../sandbox/servers/reporter-server.ts";
import { loadConfig } from "../src/config/env.ts";
import { createDb, type Db } from "../src/db/client.ts";
import { ensureDatabase, migrate } from "../src/db/migrate.ts";
import { createLogger } from "../src/logging.ts";
import { HARVEST_SOURCE_NAMES } from "../src/queue/definitions.ts";
import { createServices } from "../src/services/context.ts";
import { waitForReconcileQueue } from "../src/services/reconcile.ts";
import { importRoster } from "../src/services/roster.ts";
import { startHarvestRun, waitForRun } from "../src/services/runs.ts";
import { settledWithoutRunning } from "../src/services/settle-unchanged.ts";
import { startAllWorkers } from "../src/services/workers.ts";
import type { PubmedArticleRecord } from "../src/sources/pubmed/types.ts";
import { newPapers } from "./nightly-school.ts";

const { values } = parseArgs({
  options: {
    night: { type: "string", default: "2" },
    faculty: { type: "string", default: "300" },
    seed: { type: "string", default: "2027" },
    links: { type: "string" },
    profile: { type: "string" },
    concurrency: { type: "string", default: "8" },
  },
});
const facultyCount = Number(values.faculty);
const seed = Number(values.seed);
const API_KEY = "bench-key";
const serverUrl = (process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/postgres").replace(
  /\/[^/]*$/,
  "",
);
const templateName = `bench_night_jobs_${facultyCount}_${seed}`;
const runName = `${templateName}_run`;

async function admin<T>(work: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: `${serverUrl}/postgres` });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

/**
 * Every statement's text (numbers folded), how often it ran and for how long, in this process. The
 * time is from the call to its answer being handled, so it includes the process's own waiting.
 */
const statements = new Map<string, { count: number; ms: number }>();
function timeStatements(): void {
  // eslint-disable-next-line @typescript-eslint/unbound-method -- called below with its client as `this`
  const original = pg.Client.prototype.query as (...args: unknown[]) => unknown;
  pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
    const config = args[0] as string | { text?: string };
    const text = (typeof config === "string" ? config : (config?.text ?? ""))
      .replace(/\$\d+/g, "$")
      .replace(/\s+/g, " ");
    const shape = text.replace(/(\$, ?)+\$/g, "$…").slice(0, 160);
    const started = performance.now();
    // A pool's own query (a statement outside a transaction) passes a callback and gets no promise.
    const callback = args.at(-1);
    if (typeof callback === "function") {
      args[args.length - 1] = (...answer: unknown[]) => {
        record(shape, performance.now() - started);
        return (callback as (...values: unknown[]) => unknown)(...answer);
      };
      return original.apply(this, args);
    }
    const result = original.apply(this, args);
    if (result && typeof (result as Promise<unknown>).then === "function") {
      void (result as Promise<unknown>).then(
        () => record(shape, performance.now() - started),
        () => record(shape, performance.now() - started),
      );
    }
    return result;
  } as typeof pg.Client.prototype.query;
}
function record(shape: string, ms: number): void {
  const entry = statements.get(shape) ?? { count: 0, ms: 0 };
  entry.count += 1;
  entry.ms += ms;
  statements.set(shape, entry);
}

const division = generateDivision({ facultyCount, seed });
const today = new Date();
const dayOf = (date: Date): Day => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
});

async function night(
  databaseUrl: string,
  db: Db,
  articles: PubmedArticleRecord[],
  entryDates: Record<string, Day>,
) {
  const eutils = await startEutilsSandbox({
    articles,
    abstracts: division.abstracts,
    entryDates,
    apiKeys: [API_KEY],
  });
  const orcid = await startOrcidSandbox({ records: division.orcidRecords });
  const reporter = await startReporterSandbox({ projects: division.reporterProjects });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    PUBMED_EUTILS_URL: eutils.url,
    NCBI_API_KEY: API_KEY,
    ORCID_API_URL: orcid.url,
    REPORTER_API_URL: reporter.url,
    QUEUE_PREFIX: `bench-night-jobs-${randomUUID()}`,
    HARVEST_CONCURRENCY: values.concurrency,
    LOG_LEVEL: "silent",
  });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const services = createServices(config, db, redis, createLogger("silent"));
  const workers = startAllWorkers(services);
  try {
    const startedAt = Date.now();
    const cpuBefore = process.cpuUsage();
    const run = await startHarvestRun(
      db,
      services.queues,
      { sources: [...HARVEST_SOURCE_NAMES], trigger: "schedule" },
      services,
    );
    const firstPassSeconds = (Date.now() - startedAt) / 1000;
    await waitForRun(db, run.runId, { pollMs: 200 });
    const jobsDone = Date.now();
    await waitForReconcileQueue(services.queues.reconcile);
    const cpu = process.cpuUsage(cpuBefore);
    const jobs = await db.harvestJob.findMany({
      where: { runId: run.runId },
      select: { source: true, startedAt: true, finishedAt: true, modeReason: true },
    });
    const ran = jobs.filter((job) => !settledWithoutRunning(job.modeReason));
    const bySource = Object.fromEntries(
      HARVEST_SOURCE_NAMES.map((source) => [source, ran.filter((job) => job.source === source).length]),
    );
    const jobSeconds = ran.reduce(
      (sum, job) => sum + ((job.finishedAt?.getTime() ?? 0) - (job.startedAt?.getTime() ?? 0)) / 1000,
      0,
    );
    return {
      requests: {
        pubmed: eutils.stats().requests,
        orcid: orcid.stats().requests,
        reporter: reporter.stats().requests,
      },
      jobsRan: bySource,
      jobSeconds,
      firstPassSeconds,
      wallSeconds: (jobsDone - startedAt) / 1000,
      withLedgersSeconds: (Date.now() - startedAt) / 1000,
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
    };
  } finally {
    await workers.close();
    await services.queues.close();
    const keys = await redis.keys(`${config.QUEUE_PREFIX}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
    await Promise.all([eutils.close(), orcid.close(), reporter.close()]);
  }
}

const load = () =>
  loadavg()
    .map((value) => value.toFixed(2))
    .join(", ");

if (values.night === "1") {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${templateName} WITH (FORCE)`);
  });
  const url = `${serverUrl}/${templateName}`;
  await ensureDatabase(url);
  await migrate(url);
  const db = createDb(url);
  try {
    const imported = await importRoster(db, rosterCsv(division));
    if (imported.blocked) throw new Error(imported.errors.join("\n"));
    console.log(`night 1: ${division.faculty.length} faculty, load ${load()}`);
    console.log(JSON.stringify(await night(url, db, division.articles, {})));
  } finally {
    await db.$disconnect();
  }
} else {
  await admin(async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${runName} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${runName} TEMPLATE ${templateName}`);
  });
  const url = `${serverUrl}/${runName}`;
  await migrate(url);
  const db = createDb(url);
  try {
    const added = newPapers(division, Math.max(1, Math.round(division.articles.length * 0.01)));
    const entryDates = Object.fromEntries(added.map((article) => [article.pmid, dayOf(today)]));
    const session = new Session();
    if (values.profile) {
      session.connect();
      await session.post("Profiler.enable");
      await session.post("Profiler.start");
    }
    timeStatements();
    console.log(
      `night 2: ${division.faculty.length} faculty, ${added.length} new records, load at start ${load()}`,
    );
    const result = await night(url, db, [...division.articles, ...added], entryDates);
    if (values.profile) {
      const { profile } = await session.post("Profiler.stop");
      writeFileSync(values.profile, JSON.stringify(profile));
    }
    console.log(JSON.stringify(result));
    console.log(`load at end ${load()}`);
    const rows = [...statements]
      .sort((a, b) => b[1].ms - a[1].ms)
      .slice(0, Number(process.env.NIGHT_JOBS_SHAPES ?? 25));
    const total = [...statements.values()].reduce(
      (sum, entry) => ({ count: sum.count + entry.count, ms: sum.ms + entry.ms }),
      { count: 0, ms: 0 },
    );
    console.log(`SQL: ${total.count} statements, ${(total.ms / 1000).toFixed(1)} s`);
    for (const [shape, entry] of rows)
      console.log(
        `${String(entry.count).padStart(7)} ${(entry.ms / 1000).toFixed(2).padStart(8)} s  ${shape}`,
      );
    if (values.links) {
      const links = await db.facultyItem.findMany({
        select: {
          facultyId: true,
          item: { select: { kind: true, pmid: true, doi: true, title: true } },
          status: true,
          score: true,
          evidence: true,
          decidedBy: true,
          authorIndex: true,
          authorPosition: true,
          equalContribution: true,
          role: true,
        },
      });
      // Keyed by the item's identifiers: item ids of new records depend on which job stored them first.
      const keyed = links
        .map(({ item, ...link }) => ({
          key: `${link.facultyId} ${item.kind} ${item.pmid ?? item.doi ?? item.title}`,
          ...link,
        }))
        .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      writeFileSync(values.links, JSON.stringify(keyed, null, 1));
      console.log(`${links.length} links written to ${values.links}`);
    }
  } finally {
    await db.$disconnect();
  }
}
