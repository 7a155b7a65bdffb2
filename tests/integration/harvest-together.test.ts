/**
 * A nightly run asks once for the many people whose harvest is incremental (PubMed one search for
 * the group, ORCID one search for which records changed, RePORTER one request per group) and each
 * person's job takes its answer: the records their own search would have found, and nothing else.
 * Real Postgres, Redis and queues; the three APIs served by our sandboxes.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import type { Day } from "../../sandbox/servers/entry-date.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox, type OrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import { matchesTerm, parseTerm } from "../../sandbox/servers/term.ts";
import { distinctiveTerms } from "../../src/identity/terms.ts";
import { HARVEST_SOURCE_NAMES } from "../../src/queue/definitions.ts";
import { waitForReconcileQueue } from "../../src/services/reconcile.ts";
import { SETTLED_AT_START, SETTLED_BY_PASS } from "../../src/services/settle-unchanged.ts";
import { importRoster } from "../../src/services/roster.ts";
import { startHarvestRun, startHarvestRunAs, waitForRun } from "../../src/services/runs.ts";
import { SYSTEM_ACTOR, type Actor } from "../../src/access/actor.ts";
import { PubmedClient } from "../../src/sources/pubmed/client.ts";
import { buildAuthorQuery } from "../../src/sources/pubmed/query.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";
import { startRequestGate } from "../helpers/request-gate.ts";

const division = generateDivision({ facultyCount: 8, seed: 13 });
const today = (): Day => {
  const now = new Date();
  return { year: now.getUTCFullYear(), month: now.getUTCMonth() + 1, day: now.getUTCDate() };
};

/**
 * A new paper copied from one of the person's, under identifiers and a title of its own (no PMC
 * id: a shared one would make it the same item): its coauthors are the same.
 */
function newPaperOf(facultyId: string, pmid: string): PubmedArticleRecord {
  const theirs = division.truth.find((entry) => entry.facultyId === facultyId)!;
  const { pmcid: _shared, ...original } = division.articles.find((article) => article.pmid === theirs.pmid)!;
  return {
    ...structuredClone(original),
    pmid,
    doi: `10.5555/together.${pmid}`,
    title: `A new paper, number ${pmid}`,
    commentsCorrections: [],
  };
}

const withPapers = division.faculty.filter((row) =>
  division.truth.some((entry) => entry.facultyId === row.faculty_id),
);
const withOrcid = withPapers.find(
  (row) => row.orcid && division.orcidRecords[row.orcid]?.status === undefined,
)!;
const withoutOrcid = withPapers.find((row) => !row.orcid)!;

describe("a nightly run asking for many people at once", () => {
  let testDb: TestDatabase;
  let env: HarvestEnvironment;
  let eutils: EutilsSandbox;
  let eutilsPort = 0;
  let orcid: OrcidSandbox;
  let orcidPort = 0;
  let reporter: ReporterSandbox;
  const retry = { attempts: 3, backoffMs: 50 };
  let firstNight: Awaited<ReturnType<typeof night>> = [];
  let firstNightReporterRequests = 0;

  async function servePubmed(extra: PubmedArticleRecord[] = []) {
    await eutils?.close();
    eutils = await startEutilsSandbox({
      articles: [...division.articles, ...extra],
      abstracts: division.abstracts,
      entryDates: Object.fromEntries(extra.map((article) => [article.pmid, today()])),
      enforceRateLimit: false,
      port: eutilsPort,
    });
    eutilsPort = Number(new URL(eutils.url).port);
  }

  async function serveOrcid(records = division.orcidRecords) {
    await orcid?.close();
    orcid = await startOrcidSandbox({ records, enforceRateLimit: false, port: orcidPort });
    orcidPort = Number(new URL(orcid.url).port);
  }

  /** A night as the schedule starts it; `together` as given (the services' clients by default). */
  async function night(together = env.services) {
    eutils.resetStats();
    orcid.resetStats();
    reporter.resetStats();
    const run = await startHarvestRun(
      testDb.db,
      env.services.queues,
      { sources: [...HARVEST_SOURCE_NAMES], trigger: "schedule", retry },
      together,
    );
    await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    await waitForReconcileQueue(env.services.queues.reconcile, 100);
    return testDb.db.harvestJob.findMany({ where: { runId: run.runId } });
  }

  /** Whose own search (PubMed's reading of it, as the sandbox models it) finds the article: their names as stored now. */
  async function peopleWhoseSearchFinds(article: PubmedArticleRecord): Promise<string[]> {
    const people = await testDb.db.faculty.findMany();
    return people
      .filter((person) => {
        const query = buildAuthorQuery(
          {
            ...person,
            nameVariants: [...person.nameVariants, ...person.orcidNameVariants],
            affiliationTerms: distinctiveTerms([...person.affiliationTerms, ...person.orcidAffiliationTerms]),
          },
          { scope: env.config.PUBMED_QUERY_SCOPE },
        );
        return matchesTerm(article, parseTerm(query));
      })
      .map((person) => person.id)
      .sort();
  }

  async function stored() {
    const records = await testDb.db.sourceRecord.findMany({
      select: { source: true, sourceId: true, payloadHash: true },
    });
    const links = await testDb.db.facultyItem.findMany({
      select: { facultyId: true, itemId: true, status: true, item: { select: { pmid: true } } },
    });
    return {
      records: new Map(records.map((row) => [`${row.source}:${row.sourceId}`, row.payloadHash])),
      links: new Map(links.map((row) => [`${row.facultyId}:${row.itemId}`, row.status])),
      linkedTo: (pmid: string) =>
        links
          .filter((row) => row.item.pmid === pmid)
          .map((row) => row.facultyId)
          .sort(),
    };
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await servePubmed();
    await serveOrcid();
    reporter = await startReporterSandbox({ projects: division.reporterProjects, enforceRateLimit: false });
    env = createHarvestEnvironment(testDb, eutils.url, undefined, {
      ORCID_API_URL: orcid.url,
      REPORTER_API_URL: reporter.url,
      REPORTER_BATCH_WINDOW_MS: "20",
    });
    const imported = await importRoster(testDb.db, rosterCsv(division));
    expect(imported.blocked).toBe(false);
    for (const [facultyId, profileId] of Object.entries(division.reporterProfileIds))
      await testDb.db.faculty.update({ where: { id: facultyId }, data: { reporterProfileId: profileId } });
    env.startWorkers();
    firstNight = await night();
    firstNightReporterRequests = reporter.stats().requests;
    expect(firstNight.filter((job) => job.mode === "incremental")).toEqual([]);
  }, 120_000);
  afterAll(async () => {
    await env?.close();
    await Promise.all([eutils?.close(), orcid?.close(), reporter?.close()]);
    await testDb?.drop();
  });

  it("the first night asks RePORTER for everyone's complete harvest at once, once their ORCID jobs are done", () => {
    const reporterJobs = firstNight.filter((job) => job.source === "reporter");
    expect(reporterJobs.length).toBe(division.faculty.length);
    for (const job of reporterJobs) {
      expect(job.status).toBe("completed");
      expect(job.mode).toBe("complete");
    }
    // Everyone with something to search by took the answer asked together (8 people: one group
    // of each kind, profile ids and names); nobody asked on their own.
    const searched = reporterJobs.filter((job) => job.modeReason?.endsWith("asked together with others"));
    expect(searched.length).toBeGreaterThan(division.faculty.length / 2);
    expect(firstNightReporterRequests).toBeLessThanOrEqual(2);
  });

  it("one PubMed search finds the night's new records and hands each to the people whose search finds it", async () => {
    const before = await stored();
    const papers = [
      newPaperOf(withOrcid.faculty_id, "39910001"),
      newPaperOf(withoutOrcid.faculty_id, "39910002"),
    ];
    await servePubmed(papers);

    const jobs = await night();

    expect(jobs.every((job) => job.status === "completed" || job.source === "orcid")).toBe(true);
    const pubmedJobs = jobs.filter((job) => job.source === "pubmed");
    expect(pubmedJobs.every((job) => job.mode === "incremental")).toBe(true);
    expect(pubmedJobs[0]!.modeReason).toMatch(/^changes since .*; searched in one request with 7 others$/);
    expect(eutils.stats().byEndpoint).toEqual({ esearch: 1, efetch: 1 });

    const after = await stored();
    for (const paper of papers) {
      const expected = await peopleWhoseSearchFinds(paper);
      // The people the paper is theirs, and no one else: not everyone in the search.
      expect(expected.length).toBeGreaterThan(0);
      expect(expected.length).toBeLessThan(division.faculty.length);
      expect(after.linkedTo(paper.pmid)).toEqual(expected);
    }
    expect(after.linkedTo(papers[0]!.pmid)).toContain(withOrcid.faculty_id);
    expect(after.linkedTo(papers[1]!.pmid)).toContain(withoutOrcid.faculty_id);
    // Nothing else stored changed.
    expect([...after.records.keys()].filter((key) => !before.records.has(key)).sort()).toEqual(
      papers.map((paper) => `pubmed:${paper.pmid}`),
    );
    for (const [key, hash] of before.records) expect(after.records.get(key), key).toBe(hash);
    for (const [key, status] of before.links) expect(after.links.get(key), key).toBe(status);
  });

  it("ORCID records that did not change are settled by one search: no record, works or fundings read", async () => {
    const jobs = await night();
    const holders = new Set(division.faculty.filter((row) => row.orcid).map((row) => row.faculty_id));
    const incremental = jobs.filter(
      (job) => job.source === "orcid" && job.mode === "incremental" && holders.has(job.facultyId),
    );
    expect(incremental.length).toBeGreaterThan(1);
    for (const job of incremental)
      expect(job.modeReason).toMatch(
        /; ORCID record unchanged since \d{4}-\d\d-\d\d \(one search for \d+ records\): works and fundings not read; nothing new or changed: settled when the run started, not queued$/,
      );
    // Settled when the run started: no job of theirs went through the queue.
    for (const job of incremental)
      expect(await env.services.queues.bySource.orcid.getJob(job.id)).toBeUndefined();
    // The search, and the records that could not be read last night asked again on their own.
    const { search, works, fundings } = orcid.stats().byEndpoint;
    expect(search).toBe(1);
    expect(works).toBeUndefined();
    expect(fundings).toBeUndefined();
  });

  it("a night with nothing new settles the jobs when the run starts and leaves the database as it was", async () => {
    const everything = () =>
      Promise.all([
        testDb.db.sourceRecord.findMany({ orderBy: [{ source: "asc" }, { sourceId: "asc" }] }),
        testDb.db.item.findMany({ orderBy: { id: "asc" } }),
        testDb.db.facultyItem.findMany({ orderBy: [{ facultyId: "asc" }, { itemId: "asc" }] }),
      ]);
    const before = await everything();
    const reconcileBefore = await env.services.queues.reconcile.getJobCountByTypes("completed", "waiting");

    const jobs = await night();
    const settled = jobs.filter((job) => job.modeReason?.endsWith(SETTLED_AT_START));
    // Everyone's PubMed and RePORTER (last night's papers, found again in the overlap days, are stored
    // as they are), and the ORCID records that did not change.
    expect(settled.length).toBeGreaterThan(division.faculty.length);
    for (const job of settled) {
      expect(job.status).toBe("completed");
      expect(job.mode).toBe("incremental");
      expect(await env.services.queues.bySource[job.source as "pubmed"].getJob(job.id)).toBeUndefined();
    }
    expect(settled.filter((job) => job.source === "pubmed" && job.recordsFetched > 0).length).toBeGreaterThan(
      0,
    );
    expect(await everything()).toEqual(before);
    // No ledger rebuilt for a settled person.
    expect(await env.services.queues.reconcile.getJobCountByTypes("completed", "waiting")).toBe(
      reconcileBefore +
        jobs.filter((job) => !settled.includes(job) && job.status === "completed" && job.recordsFetched > 0)
          .length,
    );
  });

  it("asks RePORTER beside the jobs: the other sources' jobs do not wait for it, and its people with nothing new are settled, not harvested", async () => {
    // RePORTER's answer is held until the other sources' jobs are over.
    const gate = await startRequestGate(reporter.url, {
      holds: 1,
      held: (path) => path.includes("/projects/search"),
    });
    const beside = createHarvestEnvironment(testDb, eutils.url, undefined, {
      ORCID_API_URL: orcid.url,
      REPORTER_API_URL: gate.url,
      REPORTER_BATCH_WINDOW_MS: "20",
    });
    try {
      beside.startWorkers();
      reporter.resetStats();
      const run = await startHarvestRun(
        testDb.db,
        beside.services.queues,
        { sources: [...HARVEST_SOURCE_NAMES], trigger: "schedule", retry },
        beside.services,
      );
      await gate.held();
      const unfinished = (sources: string[]) =>
        testDb.db.harvestJob.count({
          where: { runId: run.runId, source: { in: sources }, status: { in: ["queued", "active"] } },
        });
      await expect.poll(() => unfinished(["pubmed", "orcid"]), { timeout: 30_000, interval: 100 }).toBe(0);
      expect(await unfinished(["reporter"])).toBe(division.faculty.length);

      gate.release();
      await waitForRun(testDb.db, run.runId, { pollMs: 100 });
      const jobs = await testDb.db.harvestJob.findMany({ where: { runId: run.runId, source: "reporter" } });
      expect(jobs.map((job) => job.status)).toEqual(jobs.map(() => "completed"));
      const settled = jobs.filter((job) => job.modeReason?.endsWith(SETTLED_BY_PASS));
      expect(settled.length).toBeGreaterThan(division.faculty.length / 2);
      for (const job of settled) {
        expect(job.mode).toBe("incremental");
        expect(job.attempts).toBe(1);
      }
      // One request for each kind of group (profile ids, names): nobody asked on their own.
      expect(reporter.stats().requests).toBeLessThanOrEqual(2);
    } finally {
      await beside.close();
      await gate.close();
    }
  });

  it("asks RePORTER from the run's start, beside the first pass, and settles its jobs only once the first pass is over", async () => {
    // The first pass's PubMed search is held: RePORTER is asked meanwhile.
    const gate = await startRequestGate(eutils.url, { holds: 1, held: (path) => path.includes("esearch") });
    const beside = createHarvestEnvironment(testDb, gate.url, undefined, {
      ORCID_API_URL: orcid.url,
      REPORTER_API_URL: reporter.url,
      REPORTER_BATCH_WINDOW_MS: "20",
      // The held search must not time out: asked again, it would end the first pass.
      HTTP_TIMEOUT_MS: "120000",
    });
    let starting: Promise<unknown> | undefined;
    try {
      beside.startWorkers();
      reporter.resetStats();
      const started = startHarvestRun(
        testDb.db,
        beside.services.queues,
        { sources: [...HARVEST_SOURCE_NAMES], trigger: "schedule", retry },
        beside.services,
      );
      starting = started;
      await gate.held();
      const reporterAnswered = () =>
        beside.logs.some(
          (log) => log.msg === "incremental harvests asked together" && log.source === "reporter",
        );
      await expect.poll(reporterAnswered, { timeout: 30_000, interval: 100 }).toBe(true);
      expect(reporter.stats().requests).toBeGreaterThan(0);
      // Answered, but nothing is settled while the first pass may still settle its people's ORCID jobs.
      const runId = (await testDb.db.harvestRun.findFirstOrThrow({ orderBy: { startedAt: "desc" } })).id;
      expect(
        await testDb.db.harvestJob.count({ where: { runId, source: "reporter", status: "completed" } }),
      ).toBe(0);

      gate.release();
      const run = await started;
      expect(run.runId).toBe(runId);
      await waitForRun(testDb.db, run.runId, { pollMs: 100 });
      const jobs = await testDb.db.harvestJob.findMany({ where: { runId: run.runId } });
      expect(jobs.every((job) => job.status === "completed" || job.source === "orcid")).toBe(true);
      const orcidSettled = new Set(
        jobs
          .filter((job) => job.source === "orcid" && job.modeReason?.endsWith(SETTLED_AT_START))
          .map((job) => job.facultyId),
      );
      const settled = jobs.filter(
        (job) => job.source === "reporter" && job.modeReason?.endsWith(SETTLED_BY_PASS),
      );
      expect(settled.length).toBeGreaterThan(division.faculty.length / 2);
      // Only people whose profile the run cannot change: their ORCID job settled at the start.
      for (const job of settled) expect(orcidSettled.has(job.facultyId), job.facultyId).toBe(true);
      expect(reporter.stats().requests).toBeLessThanOrEqual(2);
    } finally {
      // The run's start is let go before its connections close.
      gate.release();
      await starting?.catch(() => undefined);
      await beside.close();
      await gate.close();
    }
  });

  it("a record that changed is read in full, and a renamed person's search is complete, beside the joint answers", async () => {
    const edited = division.orcidRecords[withOrcid.orcid]!;
    await serveOrcid({
      ...division.orcidRecords,
      [withOrcid.orcid]: { ...edited, lastModified: Date.now() },
    });
    const current = await testDb.db.faculty.findUniqueOrThrow({ where: { id: withoutOrcid.faculty_id } });
    await testDb.db.faculty.update({
      where: { id: withoutOrcid.faculty_id },
      data: { nameVariants: [...current.nameVariants, `${current.lastName}-Novak, ${current.firstName}`] },
    });

    const jobs = await night();
    const job = (source: string, facultyId: string) =>
      jobs.find((candidate) => candidate.source === source && candidate.facultyId === facultyId)!;
    expect(job("orcid", withOrcid.faculty_id).modeReason).toMatch(/; ORCID record changed: read in full$/);
    expect(orcid.stats().byEndpoint.works).toBe(1);
    const renamed = job("pubmed", withoutOrcid.faculty_id);
    expect(renamed.mode).toBe("complete");
    expect(renamed.modeReason).toBe(
      "names, ORCID iD, affiliation terms or years searched changed since the last harvest",
    );
    // The group's search, and the renamed person's own complete one.
    expect(eutils.stats().byEndpoint.esearch).toBe(2);
    expect(job("pubmed", withOrcid.faculty_id).modeReason).toMatch(
      /searched in one request with 6 others(; nothing new or changed: [^;]*)?$/,
    );
  });

  it("when the joint request fails, only its people's jobs fail, and tried again they ask on their own", async () => {
    const paper = newPaperOf(withOrcid.faculty_id, "39910003");
    await servePubmed([paper]);
    // PubMed cannot be reached by the first pass; the workers' own client can reach it.
    const unreachable = new PubmedClient({
      baseUrl: "http://127.0.0.1:9/entrez/eutils",
      tool: "scholartrack-test",
      timeoutMs: 1_000,
      rateLimiter: { acquire: () => Promise.resolve() },
      maxAttempts: 1,
    });
    const clients = new Map(env.services.clients).set("pubmed", unreachable);

    const jobs = await night({ ...env.services, clients });

    const pubmedJobs = jobs.filter((job) => job.source === "pubmed");
    expect(pubmedJobs.every((job) => job.status === "completed" && job.attempts === 2)).toBe(true);
    expect(jobs.filter((job) => job.source === "reporter").every((job) => job.attempts === 1)).toBe(true);
    // Each asked on its own when tried again.
    expect(eutils.stats().byEndpoint.esearch).toBe(pubmedJobs.length);
    expect((await stored()).linkedTo(paper.pmid)).toEqual(await peopleWhoseSearchFinds(paper));
  });

  it("a run an admin starts from the web app or the API asks together too; anyone else is refused", async () => {
    eutils.resetStats();
    const admin: Actor = { ...SYSTEM_ACTOR, role: "admin", userId: 1, facultyId: null };
    await expect(
      startHarvestRunAs(
        env.services,
        { ...admin, role: "mentor" },
        { sources: ["pubmed"], trigger: "manual" },
      ),
    ).rejects.toThrow();
    const run = await startHarvestRunAs(env.services, admin, { sources: ["pubmed"], trigger: "manual" });
    await waitForRun(testDb.db, run.runId, { pollMs: 100 });
    await waitForReconcileQueue(env.services.queues.reconcile, 100);
    const jobs = await testDb.db.harvestJob.findMany({ where: { runId: run.runId } });
    expect(jobs.length).toBe(division.faculty.length);
    expect(jobs.every((job) => job.status === "completed" && job.mode === "incremental")).toBe(true);
    expect(jobs[0]!.modeReason).toMatch(
      /searched in one request with \d+ others(; nothing new or changed: settled when the run started, not queued)?$/,
    );
    expect(eutils.stats().byEndpoint.esearch).toBe(1);
  });
});
