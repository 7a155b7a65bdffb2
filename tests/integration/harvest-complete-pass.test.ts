/**
 * A run's complete pass (RePORTER's complete harvests asked for many people at once) is made by a
 * worker, so that a run started by a process that leaves at once (`harvest` without `--wait`) gets
 * it too. Real Postgres, Redis and queues; the three APIs served by our sandboxes.
 */
import { Redis } from "ioredis";
import { pino } from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox, type OrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import { completePassJobId, HARVEST_SOURCE_NAMES } from "../../src/queue/definitions.ts";
import { createServices } from "../../src/services/context.ts";
import { importRoster } from "../../src/services/roster.ts";
import { startConfiguredRun, waitForRun } from "../../src/services/runs.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const division = generateDivision({ facultyCount: 8, seed: 13 });

describe("a run started by a process that leaves at once", () => {
  let testDb: TestDatabase;
  let env: HarvestEnvironment;
  let eutils: EutilsSandbox;
  let orcid: OrcidSandbox;
  let reporter: ReporterSandbox;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    eutils = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      enforceRateLimit: false,
    });
    orcid = await startOrcidSandbox({ records: division.orcidRecords, enforceRateLimit: false });
    reporter = await startReporterSandbox({ projects: division.reporterProjects, enforceRateLimit: false });
    env = createHarvestEnvironment(testDb, eutils.url, undefined, {
      ORCID_API_URL: orcid.url,
      REPORTER_API_URL: reporter.url,
      REPORTER_BATCH_WINDOW_MS: "20",
      HARVEST_JOB_ATTEMPTS: "2",
      HARVEST_RETRY_DELAY_MS: "50",
    });
    expect((await importRoster(testDb.db, rosterCsv(division))).blocked).toBe(false);
    for (const [facultyId, profileId] of Object.entries(division.reporterProfileIds))
      await testDb.db.faculty.update({ where: { id: facultyId }, data: { reporterProfileId: profileId } });
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await Promise.all([eutils?.close(), orcid?.close(), reporter?.close()]);
    await testDb?.drop();
  });

  it("still has RePORTER's complete harvests asked together, by a worker", async () => {
    // The starting process (as `harvest` without --wait): its own connections, closed once the run is queued.
    const redis = new Redis(env.config.REDIS_URL, { maxRetriesPerRequest: null });
    const starter = createServices(env.config, testDb.db, redis, pino({ level: "silent" }));
    const run = await startConfiguredRun(starter, { sources: [...HARVEST_SOURCE_NAMES], trigger: "manual" });
    await starter.queues.close();
    await redis.quit();
    expect(await env.services.queues.completePass.getJob(completePassJobId(run.runId))).toBeDefined();

    env.startWorkers();
    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    const jobs = await testDb.db.harvestJob.findMany({ where: { runId: run.runId, source: "reporter" } });
    expect(jobs).toHaveLength(division.faculty.length);
    expect(jobs.every((job) => job.status === "completed" && job.mode === "complete")).toBe(true);
    // Everyone with something to search by took the answer asked together: one request of each
    // kind (profile ids, names) rather than one per person.
    const together = jobs.filter((job) => job.modeReason?.endsWith("asked together with others"));
    expect(together.length).toBeGreaterThan(division.faculty.length / 2);
    expect(reporter.stats().requests).toBeLessThanOrEqual(2);
    expect(progress.failed).toBe(orcidFailuresByDesign());
  }, 120_000);
});

/** ORCID records the division deactivates on purpose: their jobs fail for good. */
function orcidFailuresByDesign(): number {
  return division.faculty.filter(
    (row) => row.orcid && division.orcidRecords[row.orcid]?.status === "deactivated",
  ).length;
}
