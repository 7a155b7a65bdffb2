import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { clientOf } from "../../src/services/context.ts";
import { startHarvestRun, waitForRun } from "../../src/services/runs.ts";
import { pubmedSource } from "../../src/sources/pubmed/index.ts";
import { buildAuthorQuery } from "../../src/sources/pubmed/query.ts";
import { importRoster } from "../../src/services/roster.ts";
import { generateDivision, rosterCsv, type FictionalDivision } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const API_KEY = "test-key";

describe("harvesting PubMed through the queues", () => {
  let testDb: TestDatabase;
  let sandbox: EutilsSandbox;
  let env: HarvestEnvironment;
  let division: FictionalDivision;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    division = generateDivision({ facultyCount: 6, seed: 7 });
    sandbox = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      apiKeys: [API_KEY],
    });
    env = createHarvestEnvironment(testDb, sandbox.url, API_KEY);
    const imported = await importRoster(testDb.db, rosterCsv(division));
    expect(imported.errors).toEqual([]);
    env.startWorkers();
  });

  afterAll(async () => {
    await env.close();
    await sandbox.close();
    await testDb.drop();
  });

  async function harvestAll() {
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "manual",
    });
    const progress = await waitForRun(testDb.db, run.runId, { pollMs: 50 });
    return { run, progress };
  }

  it("links each person to every record their PubMed search finds, scoring each and accepting only true authorships", async () => {
    const { run, progress } = await harvestAll();
    expect(progress).toMatchObject({ total: 6, completed: 6, failed: 0 });
    expect(progress.itemsNew).toBeGreaterThan(0);

    const links = await testDb.db.facultyItem.findMany({ include: { item: true } });
    for (const member of await testDb.db.faculty.findMany()) {
      const found = await clientOf(env.services, pubmedSource).searchAllIds(buildAuthorQuery(member), {
        from: { year: 1900 },
        to: { year: new Date().getUTCFullYear() + 1 },
      });
      const linked = links.filter((link) => link.facultyId === member.id).map((link) => link.item.pmid);
      expect(linked.sort()).toEqual([...found].sort());
    }
    // Most true authorships carry an institution affiliation or the ORCID iD, so the search finds them.
    const linkKeys = new Set(links.map((link) => `${link.facultyId}/${link.item.pmid}`));
    const foundTrue = division.truth.filter((entry) => linkKeys.has(`${entry.facultyId}/${entry.pmid}`));
    expect(foundTrue.length / division.truth.length).toBeGreaterThan(0.8);

    // Each link is scored and decided by the configured thresholds; the person's ORCID iD on the
    // matched author settles it; and every link accepted automatically is a true authorship.
    const faculty = new Map((await testDb.db.faculty.findMany()).map((member) => [member.id, member]));
    const articles = new Map(division.articles.map((article) => [article.pmid, article]));
    const truth = new Set(division.truth.map((entry) => `${entry.facultyId}/${entry.pmid}`));
    for (const link of links) {
      const score = link.score!;
      expect(score).toBeGreaterThanOrEqual(0);
      expect(score).toBeLessThanOrEqual(100);
      expect(link.status).toBe(score >= 75 ? "accepted" : score <= 25 ? "rejected" : "pending");
      const orcid = faculty.get(link.facultyId)!.orcid;
      const article = articles.get(link.item.pmid!)!;
      if (orcid && link.authorIndex !== null && article.authors[link.authorIndex]!.orcid === orcid) {
        expect(link.status).toBe("accepted");
      }
    }
    const accepted = links.filter((link) => link.status === "accepted");
    const wrong = accepted.filter((link) => !truth.has(`${link.facultyId}/${link.item.pmid}`));
    expect(accepted.length).toBeGreaterThan(links.length / 3);
    expect(wrong.length / accepted.length).toBeLessThanOrEqual(0.02);
    const runRow = await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: run.runId } });
    expect(runRow.status).toBe("completed");
    expect(runRow.finishedAt).not.toBeNull();
  });

  it("creates no duplicates and changes no decision when harvested again", async () => {
    const itemsBefore = await testDb.db.item.count();
    const linksBefore = await testDb.db.facultyItem.findMany({
      orderBy: [{ facultyId: "asc" }, { itemId: "asc" }],
    });
    const someLink = linksBefore.find((link) => link.status === "pending")!;
    await testDb.db.facultyItem.update({
      where: { facultyId_itemId: { facultyId: someLink.facultyId, itemId: someLink.itemId } },
      data: { status: "rejected", decidedBy: "reviewer", decidedAt: new Date() },
    });

    const { progress } = await harvestAll();
    expect(progress).toMatchObject({ completed: 6, failed: 0, itemsNew: 0, itemsUpdated: 0 });
    expect(await testDb.db.item.count()).toBe(itemsBefore);
    expect(await testDb.db.sourceRecord.count()).toBe(itemsBefore);
    const linksAfter = await testDb.db.facultyItem.findMany({
      orderBy: [{ facultyId: "asc" }, { itemId: "asc" }],
    });
    expect(linksAfter.length).toBe(linksBefore.length);
    const rejected = linksAfter.find(
      (link) => link.facultyId === someLink.facultyId && link.itemId === someLink.itemId,
    )!;
    expect(rejected).toMatchObject({ status: "rejected", decidedBy: "reviewer" });
  });

  it("queues nothing twice for the same run", async () => {
    const first = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "schedule",
      runId: "run-repeated-tick",
    });
    const again = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["pubmed"],
      trigger: "schedule",
      runId: "run-repeated-tick",
    });
    expect(again.created).toBe(false);
    expect(again.jobIds).toEqual(first.jobIds);
    await waitForRun(testDb.db, "run-repeated-tick", { pollMs: 50 });
    expect(await testDb.db.harvestJob.count({ where: { runId: "run-repeated-tick" } })).toBe(6);
    // The database row completes inside the job; BullMQ marks the job done a moment later.
    const queue = env.services.queues.bySource.pubmed;
    await expect
      .poll(
        async () =>
          Promise.all(first.jobIds.map(async (id) => (await queue.getJob(id))?.finishedOn !== undefined)),
        {
          timeout: 5000,
        },
      )
      .toEqual(first.jobIds.map(() => true));
    const counts = await queue.getJobCounts("waiting", "active", "delayed");
    expect((counts.waiting ?? 0) + (counts.active ?? 0) + (counts.delayed ?? 0)).toBe(0);
  });
});
