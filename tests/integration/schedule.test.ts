import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  listHarvestSchedules,
  removeHarvestSchedule,
  setHarvestSchedule,
} from "../../src/services/schedule.ts";
import { waitForRun } from "../../src/services/runs.ts";
import { importRoster } from "../../src/services/roster.ts";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

describe("the nightly harvest schedule", () => {
  let testDb: TestDatabase;
  let sandbox: EutilsSandbox;
  let env: HarvestEnvironment;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const division = generateDivision({ facultyCount: 2, seed: 3 });
    sandbox = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      apiKeys: ["k"],
    });
    env = createHarvestEnvironment(testDb, sandbox.url, "k");
    await importRoster(testDb.db, rosterCsv(division));
  });

  afterAll(async () => {
    await env.close();
    await sandbox.close();
    await testDb.drop();
  });

  it("is set once however often it is set, listed, and removed", async () => {
    const queue = env.services.queues.schedule;
    await setHarvestSchedule(queue, "0 2 * * *", "America/Chicago", { sources: ["pubmed"] });
    const again = await setHarvestSchedule(queue, "30 3 * * *", "America/Chicago", { sources: ["pubmed"] });
    expect(again.pattern).toBe("30 3 * * *");
    const listed = await listHarvestSchedules(queue);
    expect(listed).toHaveLength(1);
    expect(listed[0]).toMatchObject({ pattern: "30 3 * * *", tz: "America/Chicago", sources: ["pubmed"] });
    expect(listed[0]!.next!.getTime()).toBeGreaterThan(Date.now());
    expect(await removeHarvestSchedule(queue)).toBe(true);
    expect(await listHarvestSchedules(queue)).toEqual([]);
  });

  it("refuses a pattern that is not cron and an unknown time zone", async () => {
    const queue = env.services.queues.schedule;
    await expect(
      setHarvestSchedule(queue, "every night", undefined, { sources: ["pubmed"] }),
    ).rejects.toThrow(/not a cron pattern/);
    await expect(
      setHarvestSchedule(queue, "0 2 * * *", "Mars/Olympus", { sources: ["pubmed"] }),
    ).rejects.toThrow(/time zone/);
  });

  it("starts a whole harvest run when it fires, which the workers then complete", async () => {
    const queue = env.services.queues.schedule;
    env.startWorkers();
    // Every second, so that the test sees it fire.
    await setHarvestSchedule(queue, "* * * * * *", undefined, { sources: ["pubmed"] });
    await expect
      .poll(() => testDb.db.harvestRun.count({ where: { trigger: "schedule" } }), { timeout: 10_000 })
      .toBeGreaterThan(0);
    await removeHarvestSchedule(queue);
    const run = await testDb.db.harvestRun.findFirstOrThrow({
      where: { trigger: "schedule" },
      orderBy: { startedAt: "asc" },
    });
    const progress = await waitForRun(testDb.db, run.id, { pollMs: 100 });
    expect(progress).toMatchObject({ total: 2, completed: 2, failed: 0 });
    expect(await testDb.db.facultyItem.count()).toBeGreaterThan(0);
  });
});
