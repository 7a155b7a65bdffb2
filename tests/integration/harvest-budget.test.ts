/**
 * ORCID's daily budget: a night that would need more reads than are left of the day's budget
 * harvests the people longest without a harvest first and leaves the rest to the following nights,
 * and says so on the run. Every ORCID read counts against the day. Real Postgres and Redis.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startOrcidSandbox, type OrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { requestsToday } from "../../src/ratelimit/daily-requests.ts";
import {
  chooseWithinBudget,
  ORCID_COMPLETE_READS,
  ORCID_INCREMENTAL_READS,
  orcidReads,
} from "../../src/services/budget.ts";
import { harvestIdentity } from "../../src/services/harvest-plan.ts";
import { harvestForFaculty } from "../../src/services/harvest.ts";
import { importRoster } from "../../src/services/roster.ts";
import { listRuns, orcidBudgetNow, startHarvestRun } from "../../src/services/runs.ts";
import { orcidSource } from "../../src/sources/orcid/index.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const division = generateDivision({ facultyCount: 12, seed: 31 });
const withOrcid = division.faculty.filter((row) => row.orcid).map((row) => row.faculty_id);
const at = (iso: string) => new Date(iso);

describe("choosing who fits in a day's budget", () => {
  it("takes the people never harvested, then the longest without a harvest, while the budget lasts", () => {
    const choice = chooseWithinBudget(
      [
        { facultyId: "F1", cost: 1, lastHarvestAt: at("2026-12-06T02:00:00Z") },
        { facultyId: "F2", cost: 8, lastHarvestAt: null },
        { facultyId: "F3", cost: 1, lastHarvestAt: at("2026-12-01T02:00:00Z") },
        { facultyId: "F4", cost: 8, lastHarvestAt: null },
      ],
      { source: "orcid", limit: 100, usedToday: 90 },
    );
    // 10 left: F2 (never, 8), then F4 (never, 8) does not fit, F3 (oldest, 1), F1 (1).
    expect(choice).toEqual({
      harvested: ["F2", "F3", "F1"],
      deferred: ["F4"],
      planned: 10,
      needed: 18,
      remaining: 10,
    });
  });
});

describe("what an ORCID harvest is expected to read", () => {
  const searched = (count: number) =>
    Array.from({ length: count }, (_, index) => ({
      facultyId: `F${index}`,
      cost: orcidReads({ mode: "incremental", searchedTogether: true }),
      lastHarvestAt: at("2026-12-06T02:00:00Z"),
    }));

  it("counts one search for up to 200 incremental harvests asked together, a read each asked alone, eight for a complete one", () => {
    expect(orcidReads({ mode: "complete", searchedTogether: true })).toBe(ORCID_COMPLETE_READS);
    expect(orcidReads({ mode: "incremental", searchedTogether: false })).toBe(ORCID_INCREMENTAL_READS);
    const budget = { source: "orcid", limit: 10, usedToday: 9 };
    expect(chooseWithinBudget(searched(200), budget)).toMatchObject({ deferred: [], planned: 1, needed: 1 });
    // The 201st needs a second search, which one request left cannot pay for.
    const over = chooseWithinBudget(searched(201), budget);
    expect(over).toMatchObject({ planned: 1, needed: 2 });
    expect(over.deferred).toHaveLength(1);
  });
});

describe("a night over ORCID's daily budget", () => {
  let testDb: TestDatabase;
  let env: HarvestEnvironment;
  let orcid: OrcidSandbox;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    orcid = await startOrcidSandbox({ records: division.orcidRecords, enforceRateLimit: false });
    env = createHarvestEnvironment(testDb, "http://127.0.0.1:9/entrez/eutils", undefined, {
      ORCID_API_URL: orcid.url,
      ORCID_DAILY_BUDGET: String(3 * ORCID_COMPLETE_READS),
    });
    expect((await importRoster(testDb.db, rosterCsv(division))).blocked).toBe(false);
    expect(withOrcid.length).toBeGreaterThan(4);
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    await orcid?.close();
    await testDb?.drop();
  });

  it("counts every ORCID read against the day", async () => {
    const now = new Date();
    const before = await requestsToday(env.services.redis, env.config.QUEUE_PREFIX, "orcid", now);
    const facultyId = withOrcid[0]!;
    await testDb.db.harvestRun.create({ data: { id: "run-count", trigger: "manual", sources: ["orcid"] } });
    await testDb.db.harvestJob.create({
      data: { id: "orcid-count", runId: "run-count", facultyId, source: "orcid" },
    });
    await harvestForFaculty(env.services, orcidSource, "orcid-count", {
      runId: "run-count",
      facultyId,
    }).catch(() => undefined);
    const after = await requestsToday(env.services.redis, env.config.QUEUE_PREFIX, "orcid", now);
    expect(after - before).toBe(orcid.stats().requests);
    expect(after - before).toBeGreaterThan(0);
  });

  it("harvests whom the budget affords, oldest harvest first, and leaves the others to the next nights", async () => {
    const budget = await orcidBudgetNow(env.services);
    const remaining = budget.limit - budget.usedToday;
    const started = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["orcid", "pubmed"],
      trigger: "schedule",
      orcidBudget: budget,
    });
    const jobs = await testDb.db.harvestJob.findMany({ where: { runId: started.runId } });
    const orcidJobs = jobs
      .filter((job) => job.source === "orcid" && withOrcid.includes(job.facultyId))
      .map((job) => job.facultyId);
    const [deferred] = started.deferred;
    expect(deferred!.source).toBe("orcid");
    expect([...orcidJobs, ...deferred!.facultyIds].sort()).toEqual([...withOrcid].sort());
    // The never-harvested come first, a complete read each; the one harvested already needs one
    // read and comes last, if a read is left.
    const neverHarvested = Math.floor(remaining / ORCID_COMPLETE_READS);
    expect(orcidJobs.filter((id) => id !== withOrcid[0])).toHaveLength(neverHarvested);
    expect(orcidJobs.includes(withOrcid[0]!)).toBe(remaining - neverHarvested * ORCID_COMPLETE_READS >= 1);
    expect(deferred!.reason).toMatch(
      new RegExp(
        `^ORCID: ${deferred!.facultyIds.length} people left to the following nights .*of today's ${budget.limit} \\(ORCID_DAILY_BUDGET\\) are left$`,
      ),
    );
    // Their other sources still run tonight, and the queue holds exactly the rows' jobs.
    expect(jobs.filter((job) => job.source === "pubmed")).toHaveLength(division.faculty.length);
    for (const job of jobs)
      expect(await env.services.queues.bySource[job.source as "orcid"].getJob(job.id)).toBeDefined();
    for (const facultyId of deferred!.facultyIds)
      expect(
        await env.services.queues.bySource.orcid.getJob(`orcid:${facultyId}:${started.runId}`),
      ).toBeUndefined();
    // `runs` says so.
    const [listed] = await listRuns(testDb.db, 1);
    expect(listed!.deferred).toEqual(started.deferred);
  });

  it("fits everyone once the budget allows, a harvested person costing one read", async () => {
    const identityCheck = harvestIdentity(
      await testDb.db.faculty.findUniqueOrThrow({ where: { id: withOrcid[0]! } }),
      {},
    );
    expect(
      (
        await testDb.db.harvestState.findUnique({
          where: { facultyId_source: { facultyId: withOrcid[0]!, source: "orcid" } },
        })
      )?.identity,
    ).toBe(identityCheck);
    const roomy = { ...(await orcidBudgetNow(env.services)), limit: 1_000_000 };
    const started = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["orcid"],
      trigger: "manual",
      orcidBudget: roomy,
    });
    expect(started.deferred).toEqual([]);
    expect(started.jobIds).toHaveLength(division.faculty.length);
    expect(started.deferred).toEqual([]);
  });

  it("affords a night of incremental harvests asked together with one search, where a read each would not fit", async () => {
    const now = new Date();
    const yesterday = new Date(now.getTime() - 86_400_000);
    await testDb.db.faculty.updateMany({ where: { id: { in: withOrcid } }, data: { orcidStatus: null } });
    for (const person of await testDb.db.faculty.findMany({ where: { id: { in: withOrcid } } })) {
      const state = {
        lastHarvestAt: yesterday,
        lastCompleteAt: yesterday,
        identity: harvestIdentity(person, {}),
        cursor: "2020-01-01T00:00:00.000Z",
      };
      await testDb.db.harvestState.upsert({
        where: { facultyId_source: { facultyId: person.id, source: "orcid" } },
        create: { facultyId: person.id, source: "orcid", ...state },
        update: state,
      });
    }
    const current = await orcidBudgetNow(env.services);
    const oneLeft = { ...current, limit: current.usedToday + 1 };

    // Each job reading its record's date on its own: one of them fits.
    const alone = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["orcid"],
      trigger: "manual",
      orcidBudget: oneLeft,
      // Its own run, not the open one for the same people (which it would join).
      runId: "run-alone",
    });
    expect(alone.deferred[0]!.facultyIds).toHaveLength(withOrcid.length - 1);
    expect(alone.deferred[0]!.reason).toContain(`needs about ${withOrcid.length} reads, 1 of today's`);

    // The run's first pass asks about all of them in one search: everyone fits.
    const together = await startHarvestRun(
      testDb.db,
      env.services.queues,
      { sources: ["orcid"], trigger: "manual", orcidBudget: oneLeft, runId: "run-together" },
      env.services,
    );
    expect(together.deferred).toEqual([]);
  });
});
