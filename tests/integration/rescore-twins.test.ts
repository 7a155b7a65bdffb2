import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Evidence } from "../../src/identity/evidence.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "../../src/services/rescore.ts";
import { recordDecisions, refreshFaculty } from "../../src/services/review.ts";
import { loadClassificationRules } from "../../src/reconcile/rules.ts";
import { storeHarvest } from "../../src/services/store.ts";
import { articlesToHarvest } from "../../src/sources/pubmed/index.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { journalArticle, medlineAuthor } from "../helpers/pubmed-record.ts";

const SETTINGS: RescoreSettings = { thresholds: { accept: 75, reject: 25 }, orcidWorksAreTheirs: true };
const HOME = "Division of General Internal Medicine, University of Northfield, Northfield, MN, USA.";
const TWIN_EMAIL = "maria.okafor2@northfield.edu";

function paper(pmid: string, affiliation = HOME): PubmedArticleRecord {
  return journalArticle({
    pmid,
    journal: "Journal of General Internal Medicine",
    publicationDate: { year: 2019 },
    authors: [
      medlineAuthor("Chen", "Wei"),
      medlineAuthor("Okafor", "Maria", { affiliations: [affiliation] }),
      medlineAuthor("Ruiz", "Marta"),
    ],
  });
}

describe("re-scoring a person who has a roster twin", () => {
  let testDb: TestDatabase;
  let jobs = 0;
  // Accepted for the twin by a person; and one with the twin's e-mail on the author.
  const twinsAccepted = paper("31000001");
  const withTwinsEmail = paper("31000002", `${HOME} ${TWIN_EMAIL}`);

  async function harvest(facultyId: string, records: PubmedArticleRecord[]): Promise<void> {
    jobs += 1;
    const runId = `run-${jobs}`;
    const jobId = `pubmed-${facultyId}-${jobs}`;
    await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: ["pubmed"] } });
    await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId, source: "pubmed" } });
    await storeHarvest(testDb.db, {
      jobId,
      runId,
      facultyId,
      fetchedAt: new Date(),
      source: "pubmed",
      records: articlesToHarvest(records),
      afterLinks: (tx) => rescoreFacultyLinks(tx, facultyId, SETTINGS),
    });
  }

  const evidenceOf = async (facultyId: string, pmid: string) => {
    const link = await testDb.db.facultyItem.findFirstOrThrow({ where: { facultyId, item: { pmid } } });
    return { status: link.status, evidence: link.evidence as unknown as Evidence[] };
  };

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    const row = {
      lastName: "Okafor",
      firstName: "Maria",
      affiliationTerms: ["University of Northfield"],
      nameVariants: [],
      division: "General Internal Medicine",
      hireDate: new Date("2014-07-01T00:00:00Z"),
    };
    await testDb.db.faculty.create({ data: { ...row, id: "F1", email: "maria.okafor@northfield.edu" } });
    await testDb.db.faculty.create({ data: { ...row, id: "F2", email: TWIN_EMAIL } });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("reads the twin's e-mail and the items a person accepted for the twin, in the harvest's transaction", async () => {
    await harvest("F2", [twinsAccepted]);
    const item = await testDb.db.item.findFirstOrThrow({ where: { pmid: twinsAccepted.pmid } });
    await recordDecisions(testDb.db, [
      { facultyId: "F2", itemId: item.id, decision: "accept", decidedBy: "alice" },
    ]);

    await harvest("F1", [twinsAccepted, withTwinsEmail]);
    const accepted = await evidenceOf("F1", twinsAccepted.pmid);
    expect(accepted.status).not.toBe("accepted");
    expect(accepted.evidence.find((piece) => piece.kind === "twin_anchor")?.reason).toContain(
      "roster colleague Maria Okafor (F2)'s own items",
    );
    const email = await evidenceOf("F1", withTwinsEmail.pmid);
    expect(email.status).toBe("rejected");
    expect(email.evidence.find((piece) => piece.kind === "twin_anchor")?.reason).toContain(TWIN_EMAIL);
  });

  it("re-scores the twin when a person's decision changes what is this person's own", async () => {
    const later = paper("31000003");
    await harvest("F1", [twinsAccepted, withTwinsEmail, later]);
    await harvest("F2", [twinsAccepted, later]);
    expect((await evidenceOf("F1", later.pmid)).evidence.map((piece) => piece.kind)).not.toContain(
      "twin_anchor",
    );
    const item = await testDb.db.item.findFirstOrThrow({ where: { pmid: later.pmid } });
    await recordDecisions(testDb.db, [
      { facultyId: "F2", itemId: item.id, decision: "accept", decidedBy: "alice" },
    ]);
    await refreshFaculty(testDb.db, "F2", SETTINGS, loadClassificationRules());
    expect((await evidenceOf("F1", later.pmid)).evidence.map((piece) => piece.kind)).toContain("twin_anchor");
  });
});
