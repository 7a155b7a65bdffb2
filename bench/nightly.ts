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
 * school of 10,000. The sandboxes run in this process (a night's records differ from the last's).
 *
 *   npm run bench:nightly [-- --faculty 2000 --seed 2027 --new-share 0.01 --changed 20 --concurrency 8 --separately]
 *
 * `--separately`: each person's jobs ask on their own (no first pass asking for many people at once).
 */
import { randomUUID } from "node:crypto";
import { loadavg } from "node:os";
import { parseArgs } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";
import { generateDivision, rosterCsv } from "../sandbox/division/index.ts";
import type { Day } from "../sandbox/servers/entry-date.ts";
import { KEYED_REQUESTS_PER_SECOND, startEutilsSandbox } from "../sandbox/servers/eutils-server.ts";
import { ORCID_REQUESTS_PER_SECOND, startOrcidSandbox } from "../sandbox/servers/orcid-server.ts";
import { REPORTER_REQUESTS_PER_SECOND, startReporterSandbox } from "../sandbox/servers/reporter-server.ts";
import { loadConfig } from "../src/config/env.ts";
import { createDb, type Db } from "../src/db/client.ts";
import { ensureDatabase, migrate } from "../src/db/migrate.ts";
import { createLogger } from "../src/logging.ts";
import { HARVEST_SOURCE_NAMES, type HarvestSourceName } from "../src/queue/definitions.ts";
import { createServices } from "../src/services/context.ts";
import { waitForReconcileQueue } from "../src/services/reconcile.ts";
import { importRoster } from "../src/services/roster.ts";
import { startHarvestRun, waitForRun } from "../src/services/runs.ts";
import { SETTLED_AT_START } from "../src/services/settle-unchanged.ts";
import { startAllWorkers } from "../src/services/workers.ts";
import type { PubmedArticleRecord } from "../src/sources/pubmed/types.ts";

const { values } = parseArgs({
  options: {
    faculty: { type: "string", default: "2000" },
    seed: { type: "string", default: "2027" },
    "new-share": { type: "string", default: "0.01" },
    changed: { type: "string", default: "20" },
    concurrency: { type: "string", default: "8" },
    // Each person's jobs ask on their own, as before runs asked for many people at once: for comparison.
    separately: { type: "boolean", default: false },
  },
});

function usage(message: string): never {
  console.error(`bench:nightly: ${message}`);
  process.exit(2);
}
function whole(name: "faculty" | "seed" | "changed" | "concurrency", min: number): number {
  const value = values[name];
  if (!/^\d+$/.test(value.trim()) || Number(value) < min) usage(`--${name} must be a whole number >= ${min}`);
  return Number(value);
}
const facultyCount = whole("faculty", 1);
const seed = whole("seed", 0);
const changedPeople = whole("changed", 0);
const concurrency = whole("concurrency", 1);
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
}

const division = generateDivision({ facultyCount, seed });
const today = new Date();
const dayOf = (date: Date): Day => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
});

/** One night: the sandboxes as given, a run of everyone through the real queues, and its figures. */
async function night(
  db: Db,
  apis: {
    articles: PubmedArticleRecord[];
    entryDates: Record<string, Day>;
    orcidRecords: typeof division.orcidRecords;
  },
): Promise<NightResult> {
  const eutils = await startEutilsSandbox({
    articles: apis.articles,
    abstracts: division.abstracts,
    entryDates: apis.entryDates,
    apiKeys: [API_KEY],
  });
  const orcid = await startOrcidSandbox({ records: apis.orcidRecords });
  const reporter = await startReporterSandbox({ projects: division.reporterProjects });
  const config = loadConfig({
    ...process.env,
    DATABASE_URL: databaseUrl,
    PUBMED_EUTILS_URL: eutils.url,
    NCBI_API_KEY: API_KEY,
    ORCID_API_URL: orcid.url,
    REPORTER_API_URL: reporter.url,
    QUEUE_PREFIX: `bench-nightly-${randomUUID()}`,
    HARVEST_CONCURRENCY: String(concurrency),
    LOG_LEVEL: "silent",
  });
  const redis = new Redis(config.REDIS_URL, { maxRetriesPerRequest: null });
  const services = createServices(config, db, redis, createLogger("silent"));
  const workers = startAllWorkers(services);
  try {
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
      const settledAtStart = job.modeReason?.endsWith(SETTLED_AT_START) ? " (settled at start)" : "";
      const key = `${job.source} ${job.mode ?? "none"}${settledAtStart}`;
      modes[key] = (modes[key] ?? 0) + 1;
    }
    return {
      requests: {
        pubmed: eutils.stats().requests,
        orcid: orcid.stats().requests,
        reporter: reporter.stats().requests,
      },
      wallSeconds,
      modes,
      failed: progress.failed,
      totalSeconds: (Date.now() - startedAt) / 1000,
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

/**
 * New papers of the faculty's, copied from ones they have under new PMIDs and DOIs (no PMC id: a
 * shared one would make each the same item as its original), entered today.
 */
function newPapers(count: number): PubmedArticleRecord[] {
  const ours = division.truth;
  const firstPmid = Math.max(...division.articles.map((article) => Number(article.pmid))) + 1;
  return Array.from({ length: count }, (_, index) => {
    const entry = ours[(index * 7919) % ours.length]!;
    const { pmcid: _shared, ...original } = division.articles.find((article) => article.pmid === entry.pmid)!;
    const pmid = String(firstPmid + index);
    return {
      ...structuredClone(original),
      pmid,
      doi: `10.5555/nightly.${pmid}`,
      title: `${original.title.replace(/\.$/, "")}: a follow-up (${pmid}).`,
      commentsCorrections: [],
    };
  });
}

function table(rows: string[][]): void {
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  for (const row of rows) console.log(`  ${row.map((cell, i) => cell.padEnd(widths[i]!)).join("  ")}`);
}

const db = createDb(databaseUrl);
try {
  await freshDatabase();
  const imported = await importRoster(db, rosterCsv(division));
  if (imported.blocked)
    throw new Error(`the generated roster did not import:\n${imported.errors.join("\n")}`);
  console.log(
    `bench:nightly: ${division.faculty.length} faculty, ${division.articles.length} PubMed records, ` +
      `${Object.keys(division.orcidRecords).length} ORCID records, ${division.reporterProjects.length} RePORTER projects (seed ${seed})`,
  );
  console.log(
    `machine load (1, 5, 15 min) at the start: ${loadavg()
      .map((value) => value.toFixed(2))
      .join(", ")}`,
  );

  const first = await night(db, {
    articles: division.articles,
    entryDates: {},
    orcidRecords: division.orcidRecords,
  });
  const afterFirst = await snapshot(db);

  // Night 2: 1% new records, entered today.
  const added = newPapers(Math.max(1, Math.round(division.articles.length * newShare)));
  const entryDates = Object.fromEntries(added.map((article) => [article.pmid, dayOf(today)]));
  const secondArticles = [...division.articles, ...added];
  const second = await night(db, {
    articles: secondArticles,
    entryDates,
    orcidRecords: division.orcidRecords,
  });
  const afterSecond = await snapshot(db);
  const secondChanges = changes(afterFirst, afterSecond);
  const found = added.filter((article) => afterSecond.records.has(`pubmed:${article.pmid}`)).length;

  // Night 3: half the changed people take another name, the other half edit their ORCID records.
  const withOrcid = division.faculty.filter((row) => row.orcid && division.orcidRecords[row.orcid]);
  const renamed = division.faculty.filter((row) => !row.orcid).slice(0, Math.ceil(changedPeople / 2));
  const edited = withOrcid.slice(0, changedPeople - renamed.length);
  for (const row of renamed) {
    const current = await db.faculty.findUniqueOrThrow({ where: { id: row.faculty_id } });
    await db.faculty.update({
      where: { id: row.faculty_id },
      data: { nameVariants: [...current.nameVariants, `${current.lastName}-Reyes, ${current.firstName}`] },
    });
  }
  const thirdOrcid = { ...division.orcidRecords };
  for (const row of edited)
    thirdOrcid[row.orcid] = { ...thirdOrcid[row.orcid]!, lastModified: today.getTime() };
  const third = await night(db, { articles: secondArticles, entryDates, orcidRecords: thirdOrcid });
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
      const requests = Math.round((result.requests[source] / division.faculty.length) * SCHOOL_SIZE);
      scaled.push([
        name,
        RATES[source].label,
        String(requests),
        `${(requests / RATES[source].perSecond / 60).toFixed(1)} min`,
      ]);
    }
  }
  table(scaled);
  const orcidPerNight = Math.round((second.requests.orcid / division.faculty.length) * SCHOOL_SIZE);
  console.log(`  ORCID reads on a second night: ${orcidPerNight} of the 100,000 a day ORCID allows`);
  if (found !== added.length) process.exitCode = 1;
} finally {
  await db.$disconnect();
}
