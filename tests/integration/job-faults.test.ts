/**
 * Faults outside a job's own code, staged as they happen in production: workers killed twice
 * (BullMQ's stall limit), Postgres down through a job's last attempt, a NUL byte in an API body,
 * Redis restarted empty. In each, the job's row and its run must end up recorded in Postgres.
 */
import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.ts";
import { startHarvestRun, waitForRun } from "../../src/services/runs.ts";
import { importRoster } from "../../src/services/roster.ts";
import { JobSweeper, LOST_JOB_ERROR } from "../../src/services/sweep.ts";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startEutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { startEfetchGate } from "../helpers/request-gate.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";
import { runBuiltCli as cli } from "../helpers/cli.ts";
import { startOwnRedis } from "../helpers/redis-server.ts";
import { startPausableProxy } from "../helpers/tcp-proxy.ts";

const API_KEY = "test-key";
const repoRoot = path.resolve(import.meta.dirname, "../..");
// Short enough that a test sees a stall, a sweep and a retry in a second or two.
const FAST = { lockDurationMs: 2000, stalledIntervalMs: 1000 };
const FAST_SETTINGS = { HARVEST_SWEEP_INTERVAL_MS: "300" };

/** Everything a test opened, closed after it whatever happened. */
const cleanups: Array<() => Promise<unknown>> = [];
// Each close gets a time of its own: one that hangs (seen once in some runs of the whole suite,
// after "Redis restarted empty") is reported, and the rest are still closed within the hook's time.
const CLEANUP_MS = 15_000;
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) {
    let timer: NodeJS.Timeout | undefined;
    const hung = new Promise<"hung">((resolve) => (timer = setTimeout(() => resolve("hung"), CLEANUP_MS)));
    const outcome = await Promise.race([cleanup().catch(() => undefined), hung]);
    clearTimeout(timer);
    if (outcome === "hung")
      console.warn(`a clean-up did not finish within ${CLEANUP_MS} ms: ${cleanup.toString()}`);
  }
}, 90_000);

async function division(facultyCount: number) {
  const testDb = await createTestDatabase();
  cleanups.push(() => testDb.drop());
  const generated = generateDivision({ facultyCount, seed: 31 });
  const eutils = await startEutilsSandbox({
    articles: generated.articles,
    abstracts: generated.abstracts,
    apiKeys: [API_KEY],
  });
  cleanups.push(() => eutils.close());
  expect((await importRoster(testDb.db, rosterCsv(generated))).errors).toEqual([]);
  return { testDb, eutils, generated };
}

function environment(testDb: TestDatabase, eutilsUrl: string, settings: Record<string, string> = {}) {
  const env = createHarvestEnvironment(testDb, eutilsUrl, API_KEY, { ...FAST_SETTINGS, ...settings });
  cleanups.push(() => env.close());
  return env;
}

function messages(env: HarvestEnvironment, text: string) {
  return env.logs.filter((line) => line.msg.includes(text));
}

describe("a job whose workers are killed twice (past BullMQ's stall limit)", () => {
  let children: ChildProcess[] = [];
  afterAll(() => children.forEach((child) => child.kill("SIGKILL")));

  function spawnWorker(env: HarvestEnvironment, testDb: TestDatabase, eutilsUrl: string): ChildProcess {
    const child = spawn(process.execPath, [path.join(repoRoot, "bin/scholartrack.js"), "worker"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: testDb.url,
        QUEUE_PREFIX: env.config.QUEUE_PREFIX,
        PUBMED_EUTILS_URL: eutilsUrl,
        NCBI_API_KEY: API_KEY,
        WORKER_LOCK_DURATION_MS: String(FAST.lockDurationMs),
        WORKER_STALLED_INTERVAL_MS: String(FAST.stalledIntervalMs),
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    });
    children.push(child);
    return child;
  }

  async function kill(child: ChildProcess): Promise<void> {
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill("SIGKILL");
    await exited;
  }

  it("is recorded as failed, with BullMQ's reason, and its run closes", async () => {
    const { testDb, eutils } = await division(1);
    const gate = await startEfetchGate(eutils.url, 2);
    cleanups.push(() => gate.close());
    const env = environment(testDb, gate.url);
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });

    const first = spawnWorker(env, testDb, gate.url);
    await gate.held(1);
    await kill(first);
    // The next worker takes the stalled job up again, and dies in the same place.
    const second = spawnWorker(env, testDb, gate.url);
    await gate.held(2);
    await kill(second);

    env.startWorkers(FAST);
    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    expect(progress).toMatchObject({ total: 1, completed: 0, failed: 1 });
    const job = await testDb.db.harvestJob.findFirstOrThrow({ where: { runId: run.runId } });
    expect(job).toMatchObject({ status: "failed", error: "job stalled more than allowable limit" });
    await expect
      .poll(async () => (await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: run.runId } })).status)
      .toBe("failed");
    expect(messages(env, "job stalled (its worker stopped answering); taken up again")).not.toEqual([]);
    expect(messages(env, "job failed without running")).toHaveLength(1);
    expect(await testDb.db.item.count()).toBe(0);
    children = [];
  }, 60_000);
});

describe("a job whose last attempt meets a Postgres outage", () => {
  it("is logged at once, recorded as failed once Postgres is back, and its run closes", async () => {
    const { testDb, eutils } = await division(1);
    const gate = await startEfetchGate(eutils.url, 1);
    cleanups.push(() => gate.close());
    const proxy = await startPausableProxy(Number(new URL(testDb.url).port || 5432));
    cleanups.push(() => proxy.close());
    const proxiedUrl = proxy.urlFor(testDb.url);
    const proxiedDb = createDb(proxiedUrl);
    cleanups.push(() => proxiedDb.$disconnect());
    // The workers reach Postgres through the proxy; the test reads it directly.
    const env = environment({ ...testDb, url: proxiedUrl, db: proxiedDb }, gate.url);
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
      retry: { attempts: 1, backoffMs: 10 },
    });
    env.startWorkers(FAST);

    await gate.held();
    proxy.pause();
    gate.release();
    const queue = env.services.queues.bySource.pubmed;
    await expect.poll(() => queue.getJobState(run.jobIds[0]!), { timeout: 15_000 }).toBe("failed");
    // The failure reached the log while Postgres was down; the row could not know yet.
    expect(messages(env, "job attempt failed")).toHaveLength(1);
    expect(messages(env, "the failed attempt could not be recorded")).toHaveLength(1);
    expect((await testDb.db.harvestJob.findFirstOrThrow({ where: { runId: run.runId } })).status).toBe(
      "active",
    );

    proxy.resume();
    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    expect(progress).toMatchObject({ total: 1, failed: 1 });
    const job = await testDb.db.harvestJob.findFirstOrThrow({ where: { runId: run.runId } });
    expect(job.status).toBe("failed");
    expect(job.error).toMatch(/Connection terminated|ECONNRESET|connect/i);
    // The sweeper closes the run just after it records the job.
    await expect
      .poll(async () => (await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: run.runId } })).status)
      .toBe("failed");
    expect(messages(env, "job failed in the queue without its row knowing")).toHaveLength(1);
  }, 60_000);
});

/** Forwards to the ORCID sandbox, letting the test rewrite each body as it passes. */
async function startRewritingProxy(target: string, rewrite: (path: string, body: string) => string) {
  const server = http.createServer((req, res) => {
    void fetch(target.replace(/\/v3\.0$/, "") + req.url!, {
      headers: { accept: req.headers.accept ?? "*/*" },
    }).then(
      async (upstream) => {
        res.writeHead(upstream.status, {
          "content-type": upstream.headers.get("content-type") ?? "text/plain",
        });
        res.end(rewrite(req.url!, await upstream.text()));
      },
      () => res.destroy(),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v3.0`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

describe("a NUL byte in an ORCID body", () => {
  it("is left out of what is stored, and out of a failure's message, so both reach Postgres", async () => {
    const { testDb, eutils, generated } = await division(4);
    const orcid = await startOrcidSandbox({ records: generated.orcidRecords });
    cleanups.push(() => orcid.close());
    // JSON's escape for NUL: in work titles and other names, and in a deactivated record's error.
    const nul = "\\u0000";
    const proxy = await startRewritingProxy(orcid.url, (_path, body) =>
      body
        .replace(/("title":\{"value":")/g, `$1${nul}`)
        .replace(/("credit-name":\{"value":")/g, `$1${nul}`)
        .replace(/deactivated/g, `deactivated${nul}`),
    );
    cleanups.push(() => proxy.close());
    const env = environment(testDb, eutils.url, { ORCID_API_URL: proxy.url });
    env.startWorkers(FAST);
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["orcid"],
      trigger: "manual",
    });

    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    // Three readable records, one deactivated: every job's outcome is in Postgres.
    expect(progress).toMatchObject({ total: 4, completed: 3, failed: 1 });
    expect(progress.itemsNew).toBeGreaterThan(0);
    const failed = await testDb.db.harvestJob.findFirstOrThrow({
      where: { runId: run.runId, status: "failed" },
    });
    expect(failed.error).toMatch(/has been deactivated \(HTTP 409: .*deactivated/);
    expect(failed.error).not.toContain("\u0000");
    const titles = (await testDb.db.item.findMany()).map((item) => item.title);
    expect(titles.length).toBeGreaterThan(0);
    expect(titles.some((title) => title.includes("\u0000"))).toBe(false);
    const payloads = await testDb.db.sourceRecord.findMany({ select: { payload: true } });
    expect(JSON.stringify(payloads)).not.toContain("\\u0000");
    expect(messages(env, "could not be recorded")).toEqual([]);
  }, 60_000);
});

describe("Redis restarted empty", () => {
  it("has the jobs it lost recorded as failed and their run closed; the outage is logged once, and its end", async () => {
    const { testDb, eutils } = await division(2);
    const redis = await startOwnRedis();
    cleanups.push(() => redis.close());
    const env = environment(testDb, eutils.url, { REDIS_URL: redis.url });
    env.startWorkers(FAST);
    // Queued but not yet taken: the queue is paused (a state Redis loses with the rest).
    await env.services.queues.bySource.pubmed.pause();
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });

    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    await redis.start();

    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    expect(progress).toMatchObject({ total: 2, completed: 0, failed: 2 });
    const jobs = await testDb.db.harvestJob.findMany({ where: { runId: run.runId } });
    expect(jobs.map((job) => job.error)).toEqual([LOST_JOB_ERROR, LOST_JOB_ERROR]);
    await expect
      .poll(async () => (await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: run.runId } })).status)
      .toBe("failed");
    expect(messages(env, "Redis is unreachable")).toHaveLength(1);
    expect(messages(env, "Redis is reachable again")).toHaveLength(1);
    expect(env.logs.filter((line) => line.level >= 50)).toHaveLength(3);

    // The workers carry on against the new Redis: the next run completes.
    const next = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });
    expect(await waitForRun(testDb.db, next.runId, { pollMs: 100 })).toMatchObject({
      total: 2,
      completed: 2,
    });
  }, 60_000);
});

describe.each([
  { service: "PostgreSQL", port: (db: TestDatabase) => Number(new URL(db.url).port || 5432) },
  { service: "Redis", port: () => 6379 },
])("harvest --wait during a $service outage", ({ service, port }) => {
  it("waits it out, as the workers do, and reports the run in full", async () => {
    const { testDb, eutils } = await division(2);
    const gate = await startEfetchGate(eutils.url, 1);
    cleanups.push(() => gate.close());
    const proxy = await startPausableProxy(port(testDb));
    cleanups.push(() => proxy.close());
    // Only for its queue prefix, whose keys it removes at the end.
    const env = environment(testDb, gate.url);

    const child = spawn(
      process.execPath,
      [path.join(repoRoot, "bin/scholartrack.js"), "harvest", "--all", "--sources", "pubmed", "--wait"],
      {
        cwd: repoRoot,
        env: {
          ...process.env,
          DATABASE_URL: service === "PostgreSQL" ? proxy.urlFor(testDb.url) : testDb.url,
          REDIS_URL: service === "Redis" ? proxy.urlFor("redis://127.0.0.1:6379") : "redis://127.0.0.1:6379",
          QUEUE_PREFIX: env.config.QUEUE_PREFIX,
          PUBMED_EUTILS_URL: gate.url,
          NCBI_API_KEY: API_KEY,
          HARVEST_RETRY_DELAY_MS: "300",
          WORKER_LOCK_DURATION_MS: String(FAST.lockDurationMs),
          WORKER_STALLED_INTERVAL_MS: String(FAST.stalledIntervalMs),
          HARVEST_SWEEP_INTERVAL_MS: "300",
          LOG_LEVEL: "warn",
        },
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    cleanups.push(() => Promise.resolve(child.kill("SIGKILL")));
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));

    // Mid-run: a job is fetching its records when the service goes away for a few seconds.
    await gate.held();
    proxy.pause();
    gate.release();
    await new Promise((resolve) => setTimeout(resolve, 3000));
    proxy.resume();

    const code = await exited;
    expect(stderr).toMatch(new RegExp(`${service} is unreachable; waiting for it`));
    expect(stderr).toMatch(new RegExp(`${service} is reachable again`));
    expect(stderr).not.toMatch(/Unexpected error/);
    expect(code).toBe(0);
    expect(stdout).toMatch(/faculty jobs done: 2 of 2/);
    expect(stdout).toMatch(/failures: +0/);
  }, 90_000);
});

describe("runs close", () => {
  it("closes a run the workers cannot finish: its unfinished jobs fail with the reason and leave the queue", async () => {
    const { testDb, eutils } = await division(2);
    const env = environment(testDb, eutils.url);
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });
    // No worker runs it: the run stays open.
    const settings = { DATABASE_URL: testDb.url, QUEUE_PREFIX: env.config.QUEUE_PREFIX };

    const closed = await cli(["runs", "close", run.runId, "--reason", "worker host lost"], settings);
    expect(closed).toMatchObject({
      code: 0,
      stdout: `Run ${run.runId} closed (failed): 2 unfinished job(s) failed.\n`,
    });
    const jobs = await testDb.db.harvestJob.findMany({ where: { runId: run.runId } });
    expect(jobs.map((job) => [job.status, job.error])).toEqual([
      ["failed", "closed by hand: worker host lost"],
      ["failed", "closed by hand: worker host lost"],
    ]);
    expect(await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: run.runId } })).toMatchObject({
      status: "failed",
    });
    for (const id of run.jobIds) expect(await env.services.queues.bySource.pubmed.getJob(id)).toBeUndefined();

    const again = await cli(["runs", "close", run.runId, "--reason", "again"], settings);
    expect(again).toMatchObject({ code: 1, stderr: `Error: Run ${run.runId} is closed already (failed).\n` });
    const unknown = await cli(["runs", "close", "run-none", "--reason", "x"], settings);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^Error: No run run-none/);
    const noReason = await cli(["runs", "close", run.runId], settings);
    expect(noReason.code).toBe(2);
  }, 60_000);
});

describe("a worker process through a Redis outage", () => {
  it("logs the outage once and its end, and closes at once on SIGTERM afterwards", async () => {
    const { testDb, eutils } = await division(1);
    const redis = await startOwnRedis();
    cleanups.push(() => redis.close());
    const child = spawn(process.execPath, [path.join(repoRoot, "bin/scholartrack.js"), "worker"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: testDb.url,
        REDIS_URL: redis.url,
        PUBMED_EUTILS_URL: eutils.url,
        QUEUE_PREFIX: "outage",
        LOG_LEVEL: "info",
        ...FAST_SETTINGS,
      },
      stdio: ["ignore", "ignore", "pipe"],
    });
    cleanups.push(() => Promise.resolve(child.kill("SIGKILL")));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    const exited = new Promise<number | null>((resolve) => child.once("close", resolve));
    await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/workers started/);

    await redis.stop();
    await new Promise((resolve) => setTimeout(resolve, 5000));
    await redis.start();
    await expect.poll(() => stderr, { timeout: 15_000 }).toMatch(/Redis is reachable again/);
    await new Promise((resolve) => setTimeout(resolve, 1000));

    const stopping = Date.now();
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(Date.now() - stopping).toBeLessThan(10_000);
    const lines = stderr.split("\n").filter(Boolean);
    expect(lines.filter((line) => line.includes("Redis is unreachable"))).toHaveLength(1);
    expect(lines.filter((line) => line.includes('"level":50'))).toHaveLength(1);
    expect(stderr).toMatch(/workers closed/);
    expect(stderr).not.toMatch(/did not|still open/);
  }, 60_000);
});

describe("the sweeper", () => {
  it("records a job the queue completed or never knew, and closes the run; a job still queued is left alone", async () => {
    const { testDb, eutils } = await division(3);
    const env = environment(testDb, eutils.url);
    const workers = env.startWorkers(FAST);
    const done = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });
    await waitForRun(testDb.db, done.runId, { pollMs: 100 });
    await workers.close();
    const [completed, lost, waiting] = done.jobIds as [string, string, string];
    // As if the row's writes were lost: it still says running, the queue says completed.
    await testDb.db.harvestRun.update({
      where: { id: done.runId },
      data: { status: "running", finishedAt: null },
    });
    await testDb.db.harvestJob.update({ where: { id: completed }, data: { status: "active" } });
    // A row whose job the queue never had, and one whose job waits in the queue.
    await testDb.db.harvestJob.update({ where: { id: lost }, data: { status: "queued" } });
    await env.services.queues.bySource.pubmed.remove(lost);
    await testDb.db.harvestJob.update({ where: { id: waiting }, data: { status: "queued" } });
    await env.services.queues.bySource.pubmed.remove(waiting);
    await env.services.queues.bySource.pubmed.add(
      "pubmed",
      { runId: done.runId, facultyId: "x" },
      { jobId: waiting, delay: 60_000 },
    );

    const sweeper = new JobSweeper(env.services);
    // A job missing once may be about to be queued: it is lost only when still missing at the next sweep.
    expect(await sweeper.sweep()).toEqual({ failed: [], completed: [completed], closedRuns: [] });
    expect(await sweeper.sweep()).toEqual({ failed: [lost], completed: [], closedRuns: [] });
    const rows = await testDb.db.harvestJob.findMany({ where: { runId: done.runId } });
    const status = Object.fromEntries(rows.map((row) => [row.id, row.status]));
    expect(status).toEqual({ [completed]: "completed", [lost]: "failed", [waiting]: "queued" });

    await env.services.queues.bySource.pubmed.remove(waiting);
    await testDb.db.harvestJob.update({ where: { id: waiting }, data: { status: "completed" } });
    expect(await sweeper.sweep()).toEqual({ failed: [], completed: [], closedRuns: [done.runId] });
    expect(await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: done.runId } })).toMatchObject({
      status: "failed",
    });
  }, 60_000);
});

describe("harvest started twice", () => {
  it("says the second time that the run is already running, and queues nothing new", async () => {
    const { testDb, eutils } = await division(2);
    const env = environment(testDb, eutils.url);
    const settings = {
      DATABASE_URL: testDb.url,
      QUEUE_PREFIX: env.config.QUEUE_PREFIX,
      PUBMED_EUTILS_URL: eutils.url,
    };
    const first = await cli(["harvest", "--all", "--sources", "pubmed"], settings);
    expect(first.code).toBe(0);
    const runId = /Queued run (\S+):/.exec(first.stdout)![1]!;
    const second = await cli(["harvest", "--all", "--sources", "pubmed"], settings);
    expect(second).toMatchObject({
      code: 0,
      stdout: `Run ${runId} is already running for the same 2 faculty and sources; nothing new was queued.\n`,
    });
    expect(await testDb.db.harvestRun.count()).toBe(1);
  }, 60_000);
});
