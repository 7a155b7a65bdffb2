import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarvestRun, waitForRun } from "../../src/services/runs.ts";
import { importRoster } from "../../src/services/roster.ts";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox, type OrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const API_KEY = "test-key";

describe("a harvest of every source through the queues", () => {
  let testDb: TestDatabase;
  let eutils: EutilsSandbox;
  let orcid: OrcidSandbox;
  let reporter: ReporterSandbox;
  let env: HarvestEnvironment;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const division = generateDivision({ facultyCount: 5, seed: 23 });
    eutils = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      apiKeys: [API_KEY],
    });
    orcid = await startOrcidSandbox({ records: division.orcidRecords });
    reporter = await startReporterSandbox({ projects: division.reporterProjects });
    env = createHarvestEnvironment(testDb, eutils.url, API_KEY, {
      ORCID_API_URL: orcid.url,
      REPORTER_API_URL: reporter.url,
    });
    expect((await importRoster(testDb.db, rosterCsv(division))).errors).toEqual([]);
    env.startWorkers();
  });

  afterAll(async () => {
    await env.close();
    await Promise.all([eutils.close(), orcid.close(), reporter.close()]);
    await testDb.drop();
  });

  async function harvest() {
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed", "orcid", "reporter"],
      trigger: "manual",
    });
    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    return { run, progress };
  }

  /** Everything a harvest decides, in a form two harvests can be compared by. */
  async function snapshot() {
    const items = await testDb.db.item.findMany({
      select: { kind: true, title: true, year: true, pmid: true, doi: true },
      orderBy: [{ pmid: "asc" }, { doi: "asc" }, { title: "asc" }],
    });
    const links = await testDb.db.facultyItem.findMany({
      select: {
        facultyId: true,
        status: true,
        score: true,
        item: { select: { pmid: true, doi: true, title: true } },
      },
    });
    const linkKeys = links
      .map((link) =>
        [link.facultyId, link.item.pmid ?? link.item.doi ?? link.item.title, link.status, link.score].join(
          "|",
        ),
      )
      .sort();
    const people = await testDb.db.faculty.findMany({
      select: { id: true, orcidNameVariants: true, orcidAffiliationTerms: true },
      orderBy: { id: "asc" },
    });
    return { items, links: linkKeys, people, records: await testDb.db.sourceRecord.count() };
  }

  it("harvests each person's ORCID profile before the searches that read it", async () => {
    const { run, progress } = await harvest();
    // One person's ORCID iD is deactivated: their ORCID job fails, and their searches run all the same.
    expect(progress).toMatchObject({ total: 15, completed: 14, failed: 1 });
    const jobs = await testDb.db.harvestJob.findMany({ where: { runId: run.runId } });
    const job = (facultyId: string, source: string) =>
      jobs.find((row) => row.facultyId === facultyId && row.source === source)!;
    for (const facultyId of new Set(jobs.map((row) => row.facultyId))) {
      const profile = job(facultyId, "orcid");
      expect(profile.finishedAt).not.toBeNull();
      for (const reader of ["pubmed", "reporter"]) {
        expect(job(facultyId, reader).startedAt!.getTime()).toBeGreaterThanOrEqual(
          profile.finishedAt!.getTime(),
        );
      }
    }
    // The division's ORCID records name other names or employers: the searches could read them.
    const people = await testDb.db.faculty.findMany();
    expect(
      people.some((person) => person.orcidNameVariants.length + person.orcidAffiliationTerms.length > 0),
    ).toBe(true);
  }, 120_000);

  it("gives the same result when the unchanged sources are harvested again", async () => {
    const before = await snapshot();
    const { progress } = await harvest();
    expect(progress).toMatchObject({ total: 15, completed: 14, failed: 1, itemsNew: 0 });
    expect(await snapshot()).toEqual(before);
  }, 120_000);

  it("joins the open run when the same harvest is started twice at once", async () => {
    const [first, second] = await Promise.all([
      startHarvestRun(testDb.db, env.services.queues, { sources: ["orcid", "pubmed"], trigger: "manual" }),
      startHarvestRun(testDb.db, env.services.queues, { sources: ["pubmed", "orcid"], trigger: "manual" }),
    ]);
    expect(second.runId).toBe(first.runId);
    expect([first.joined, second.joined].sort()).toEqual([false, true]);
    await waitForRun(testDb.db, first.runId, { pollMs: 100 });
    // A harvest of other sources is a run of its own.
    const other = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["orcid"],
      trigger: "manual",
    });
    expect(other.runId).not.toBe(first.runId);
    await waitForRun(testDb.db, other.runId, { pollMs: 100 });
    expect(await testDb.db.harvestRun.count()).toBe(4);
  }, 120_000);

  it("a --full harvest is a run of its own whose every job harvests completely; the next one is incremental", async () => {
    const [full, usual] = await Promise.all([
      startHarvestRun(testDb.db, env.services.queues, { sources: ["orcid"], trigger: "manual", full: true }),
      startHarvestRun(testDb.db, env.services.queues, { sources: ["orcid"], trigger: "manual" }),
    ]);
    expect(full.runId).not.toBe(usual.runId);
    expect(full.joined || usual.joined).toBe(false);
    await waitForRun(testDb.db, full.runId, { pollMs: 100 });
    await waitForRun(testDb.db, usual.runId, { pollMs: 100 });
    expect((await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: full.runId } })).full).toBe(true);
    const jobsOf = (runId: string) =>
      testDb.db.harvestJob.findMany({
        where: { runId },
        select: { facultyId: true, status: true, mode: true, modeReason: true },
      });
    const fullJobs = (await jobsOf(full.runId)).filter((job) => job.status === "completed");
    expect(fullJobs.length).toBeGreaterThan(0);
    for (const job of fullJobs)
      expect(job).toMatchObject({ mode: "complete", modeReason: "complete harvest asked for (--full)" });
    // Whoever was harvested is harvested incrementally the next time.
    const next = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["orcid"],
      trigger: "manual",
    });
    await waitForRun(testDb.db, next.runId, { pollMs: 100 });
    const harvested = new Set(fullJobs.map((job) => job.facultyId));
    const nextJobs = (await jobsOf(next.runId)).filter((job) => harvested.has(job.facultyId));
    expect(nextJobs.map((job) => job.mode)).toEqual(fullJobs.map(() => "incremental"));
  }, 120_000);
});
