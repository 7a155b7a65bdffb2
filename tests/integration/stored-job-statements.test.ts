/**
 * What one stored PubMed job with new records costs the database (docs/performance.md, nightly
 * harvests): every statement is a round trip and, under the ORM, a few milliseconds of the
 * worker's CPU, and a night stores hundreds of these jobs. Starting the job, storing its records,
 * re-scoring the person's links and rebuilding their ledger are counted together.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findHarvestState } from "../../src/db/repositories/harvest-state.ts";
import { identifiersRejectedByPeople } from "../../src/db/repositories/links.ts";
import { markJobStarted, recordJobMode } from "../../src/db/repositories/runs.ts";
import { loadClassificationRules } from "../../src/reconcile/rules.ts";
import { reconcileFaculty } from "../../src/services/reconcile.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "../../src/services/rescore.ts";
import { RosterCache } from "../../src/services/roster-colleagues.ts";
import { storeHarvest } from "../../src/services/store.ts";
import { articlesToHarvest } from "../../src/sources/pubmed/index.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { journalArticle, medlineAuthor } from "../helpers/pubmed-record.ts";
import { countingStatements } from "../helpers/count-statements.ts";

const home = "Division of General Internal Medicine, University of Northfield, Northfield, MN, USA.";
const okafor = medlineAuthor("Okafor", "Maria L", { affiliations: [home] });
const coauthor = (index: number): PubmedAuthor => medlineAuthor(`Coauthor${index}`, "Ada");

function paper(pmid: number): PubmedArticleRecord {
  return journalArticle({
    pmid: String(pmid),
    title: `Study ${pmid}`,
    journal: "Journal of General Internal Medicine",
    publicationDate: { year: 2015 + (pmid % 10) },
    authors: [coauthor(pmid % 4), okafor, coauthor((pmid + 1) % 4)],
    meshHeadings: ["Humans", "Hypertension"],
  });
}

describe("a stored job with new records", () => {
  let testDb: TestDatabase;
  const settings: RescoreSettings = {
    thresholds: { accept: 75, reject: 25 },
    orcidWorksAreTheirs: true,
    roster: new RosterCache(),
  };
  const rules = loadClassificationRules();

  async function storedJob(runId: string, pmids: number[]) {
    const jobId = `pubmed-F1-${runId}`;
    await testDb.db.harvestRun.create({ data: { id: runId, trigger: "schedule", sources: ["pubmed"] } });
    await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId: "F1", source: "pubmed" } });
    return countingStatements(async () => {
      await markJobStarted(testDb.db, jobId, new Date());
      await identifiersRejectedByPeople(testDb.db, "F1");
      await findHarvestState(testDb.db, "F1", "pubmed");
      await recordJobMode(testDb.db, jobId, "incremental", "changes since yesterday");
      const counts = await storeHarvest(testDb.db, {
        jobId,
        runId,
        facultyId: "F1",
        fetchedAt: new Date(),
        source: "pubmed",
        records: articlesToHarvest(pmids.map(paper)),
        afterLinks: (tx) => rescoreFacultyLinks(tx, "F1", settings),
      });
      await reconcileFaculty(testDb.db, "F1", rules);
      return counts;
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.faculty.create({
      data: {
        id: "F1",
        lastName: "Okafor",
        firstName: "Maria",
        middleName: "L",
        affiliationTerms: ["University of Northfield"],
        nameVariants: [],
      },
    });
    await storedJob(
      "night-1",
      Array.from({ length: 20 }, (_, index) => 33_000_000 + index),
    );
  });
  afterAll(async () => {
    await testDb?.drop();
  });

  it("is started, stored, re-scored and reconciled in a fixed number of statements", async () => {
    const { result, statements } = await storedJob("night-2", [34_000_001, 34_000_002, 34_000_003]);
    expect(result.itemsNew).toBe(3);
    expect(result.linksAccepted + result.linksPending).toBe(3);
    // 46 when the ORM read the person's links and the ledger's links in three statements each (links,
    // items, records), wrapped each update of the job in a transaction of its own, and read rejected
    // identifiers in two. This job also closes its run (four statements).
    expect(statements).toBeLessThanOrEqual(37);
    const ledger = await testDb.db.ledgerEntry.count({ where: { facultyId: "F1" } });
    expect(ledger).toBeGreaterThan(0);
  });
});
