import { spawn, type ChildProcess } from "node:child_process";
import http from "node:http";
import type { AddressInfo } from "node:net";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarvestRun, waitForRun } from "../../src/services/runs.ts";
import { importRoster } from "../../src/services/roster.ts";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const API_KEY = "test-key";
const repoRoot = path.resolve(import.meta.dirname, "../..");

/** Forwards to the sandbox, but holds the first EFetch forever: the worker dies while it waits. */
async function startGate(target: string) {
  let heldOnce = false;
  let onHeld: () => void = () => undefined;
  const held = new Promise<void>((resolve) => (onHeld = resolve));
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      if (req.url?.includes("efetch") && !heldOnce) {
        heldOnce = true;
        onHeld();
        return; // never answered
      }
      const url = target.replace(/\/entrez\/eutils$/, "") + req.url!;
      void fetch(url, {
        method: req.method!,
        headers: { "content-type": req.headers["content-type"] ?? "application/x-www-form-urlencoded" },
        ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
      }).then(async (upstream) => {
        res.writeHead(upstream.status, {
          "content-type": upstream.headers.get("content-type") ?? "text/plain",
        });
        res.end(Buffer.from(await upstream.arrayBuffer()));
      });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/entrez/eutils`,
    held,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

describe("a worker killed in the middle of a job", () => {
  let testDb: TestDatabase;
  let sandbox: EutilsSandbox;
  let gate: Awaited<ReturnType<typeof startGate>>;
  let env: HarvestEnvironment;
  let child: ChildProcess | undefined;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const division = generateDivision({ facultyCount: 1, seed: 11 });
    sandbox = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      apiKeys: [API_KEY],
    });
    gate = await startGate(sandbox.url);
    env = createHarvestEnvironment(testDb, gate.url, API_KEY);
    await importRoster(testDb.db, rosterCsv(division));
  });

  afterAll(async () => {
    child?.kill("SIGKILL");
    await env.close();
    await gate.close();
    await sandbox.close();
    await testDb.drop();
  });

  it("leaves nothing half-written, and the job completes when another worker takes it up", async () => {
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });
    child = spawn(process.execPath, [path.join(repoRoot, "bin/scholartrack.js"), "worker"], {
      cwd: repoRoot,
      env: {
        ...process.env,
        DATABASE_URL: testDb.url,
        QUEUE_PREFIX: env.config.QUEUE_PREFIX,
        PUBMED_EUTILS_URL: gate.url,
        NCBI_API_KEY: API_KEY,
        WORKER_LOCK_DURATION_MS: "2000",
        WORKER_STALLED_INTERVAL_MS: "1000",
        LOG_LEVEL: "silent",
      },
      stdio: "ignore",
    });
    await gate.held;
    child.kill("SIGKILL");
    await new Promise((resolve) => child!.once("exit", resolve));

    // Mid-job: the search ran, the fetch never answered, and nothing was stored.
    expect(await testDb.db.item.count()).toBe(0);
    expect(await testDb.db.facultyItem.count()).toBe(0);

    env.startWorkers({ lockDurationMs: 2000, stalledIntervalMs: 1000 });
    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    expect(progress).toMatchObject({ total: 1, completed: 1, failed: 0 });
    const job = await testDb.db.harvestJob.findFirstOrThrow({ where: { runId: run.runId } });
    expect(job.attempts).toBe(2);
    const items = await testDb.db.item.count();
    expect(items).toBeGreaterThan(0);
    expect(await testDb.db.sourceRecord.count()).toBe(items);
    expect(await testDb.db.facultyItem.count()).toBe(progress.recordsFetched);
  }, 60_000);
});
