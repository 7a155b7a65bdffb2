import { spawn, type ChildProcess } from "node:child_process";
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

describe("three `scholartrack worker` processes harvesting together", () => {
  let testDb: TestDatabase;
  let sandbox: EutilsSandbox;
  let env: HarvestEnvironment;
  const workers: ChildProcess[] = [];

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const division = generateDivision({ facultyCount: 30, seed: 17 });
    // Counting only: a refusal would be retried and blur what the processes sent.
    sandbox = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      apiKeys: [API_KEY],
      enforceRateLimit: false,
    });
    env = createHarvestEnvironment(testDb, sandbox.url, API_KEY);
    await importRoster(testDb.db, rosterCsv(division));
  });

  afterAll(async () => {
    for (const worker of workers) worker.kill("SIGKILL");
    await env.close();
    await sandbox.close();
    await testDb.drop();
  });

  it("never send NCBI more than 10 requests in any one second between them", async () => {
    for (let index = 0; index < 3; index += 1) {
      workers.push(
        spawn(process.execPath, [path.join(repoRoot, "bin/scholartrack.js"), "worker"], {
          cwd: repoRoot,
          env: {
            ...process.env,
            DATABASE_URL: testDb.url,
            QUEUE_PREFIX: env.config.QUEUE_PREFIX,
            PUBMED_EUTILS_URL: sandbox.url,
            NCBI_API_KEY: API_KEY,
            HARVEST_CONCURRENCY: "4",
            LOG_LEVEL: "silent",
          },
          stdio: "ignore",
        }),
      );
    }
    // Start once all three are listening, so that they share the run from its first job.
    const queue = env.services.queues.bySource.pubmed;
    await expect.poll(() => queue.getWorkersCount(), { timeout: 60_000, interval: 250 }).toBe(3);
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });
    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 200 });
    expect(progress).toMatchObject({ total: 30, completed: 30, failed: 0 });

    const stats = sandbox.stats();
    expect(stats.requests).toBeGreaterThanOrEqual(60);
    expect(stats.maxRequestsInAnySecond).toBeLessThanOrEqual(10);
  }, 90_000);
});
