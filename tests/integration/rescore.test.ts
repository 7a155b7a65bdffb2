import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerReviewCommands } from "../../src/cli/review.ts";
import { type Evidence } from "../../src/identity/evidence.ts";
import { rescoreFaculty, rescoreFacultyLinks, type RescoreSettings } from "../../src/services/rescore.ts";
import { recordDecisions } from "../../src/services/review.ts";
import { storeHarvest } from "../../src/services/store.ts";
import { articlesToHarvest } from "../../src/sources/pubmed/index.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const SETTINGS: RescoreSettings = { thresholds: { accept: 75, reject: 25 }, orcidWorksAreTheirs: true };

function author(last: string, fore: string, affiliation?: string): PubmedAuthor {
  return {
    lastName: last,
    foreName: fore,
    initials: fore
      .split(/\s+/)
      .map((part) => part[0])
      .join(""),
    affiliations: affiliation ? [affiliation] : [],
    equalContribution: false,
    valid: true,
  };
}

/** Maria L Okafor as the second of three authors, with the two collaborators given. */
function paper(pmid: string, year: number, others: [PubmedAuthor, PubmedAuthor], affiliation?: string) {
  const record: PubmedArticleRecord = {
    kind: "article",
    pmid,
    title: `Study ${pmid}`,
    journal: "Journal of General Internal Medicine",
    publicationDate: { year },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors: [others[0], author("Okafor", "Maria L", affiliation), others[1]],
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
  };
  return record;
}

describe("re-scoring a person's links when the evidence changes", () => {
  let testDb: TestDatabase;
  let jobs = 0;
  const chen = author("Chen", "Wei");
  const ruiz = author("Ruiz", "Marta");
  // Two papers a person will accept, one that shares their co-authors, one that shares none.
  const first = paper("30000001", 2017, [chen, ruiz]);
  const second = paper("30000002", 2018, [ruiz, chen]);
  const sharing = paper("30000003", 2019, [chen, ruiz]);
  const unrelated = {
    ...paper("30000004", 2019, [author("Nowak", "Ola"), author("Berg", "Ida")]),
    journal: "Knee Surgery, Sports Traumatology, Arthroscopy",
  };
  // Her home institution on the author: accepted on the harvest itself.
  const atHome = paper(
    "30000005",
    2020,
    [author("Nowak", "Ola"), author("Kim", "Ana")],
    "Division of General Internal Medicine, University of Northfield, Northfield, MN, USA.",
  );
  const records = [first, second, sharing, unrelated, atHome];

  async function harvest() {
    jobs += 1;
    const runId = `run-${jobs}`;
    const jobId = `pubmed-F1-${jobs}`;
    await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: ["pubmed"] } });
    await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId: "F1", source: "pubmed" } });
    // As the PubMed harvest stores them: every link left to scoring, in the same transaction.
    return storeHarvest(testDb.db, {
      jobId,
      runId,
      facultyId: "F1",
      fetchedAt: new Date(),
      source: "pubmed",
      records: articlesToHarvest(records),
      afterLinks: (tx) => rescoreFacultyLinks(tx, "F1", SETTINGS),
    });
  }

  const linkOf = async (pmid: string) =>
    testDb.db.facultyItem.findFirstOrThrow({ where: { facultyId: "F1", item: { pmid } } });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    await testDb.db.faculty.create({
      data: {
        id: "F1",
        lastName: "Okafor",
        firstName: "Maria",
        middleName: "L",
        affiliationTerms: ["University of Northfield"],
        nameVariants: [],
        hireDate: new Date("2014-07-01T00:00:00Z"),
      },
    });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("scores every link on a harvest, then lifts a link when a person accepts papers it shares co-authors with", async () => {
    const counts = await harvest();
    expect(counts).toMatchObject({ linksPending: 4, linksAccepted: 1 });
    expect(await linkOf(atHome.pmid)).toMatchObject({ status: "accepted", decidedBy: "system", score: 100 });
    const before = await linkOf(sharing.pmid);
    expect(before.score).toBe(70); // 50 + 10 full first name + 10 middle initial, and no affiliation
    expect(before.evidence as unknown as Evidence[]).not.toContainEqual(
      expect.objectContaining({ kind: "coauthors_shared" }),
    );

    const items = await testDb.db.item.findMany({ where: { pmid: { in: [first.pmid, second.pmid] } } });
    await recordDecisions(
      testDb.db,
      items.map((item) => ({
        facultyId: "F1",
        itemId: item.id,
        decision: "accept" as const,
        decidedBy: "alice",
      })),
    );
    const result = await rescoreFaculty(testDb.db, "F1", SETTINGS);
    expect(result.changed).toBeGreaterThanOrEqual(1);

    const after = await linkOf(sharing.pmid);
    expect(after.score!).toBeGreaterThan(before.score!);
    expect(after.status).toBe("accepted");
    expect(after.decidedBy).toBe("system");
    const shared = (after.evidence as unknown as Evidence[]).find(
      (piece) => piece.kind === "coauthors_shared",
    );
    expect(shared?.reason).toMatch(/Chen W.*Ruiz M|Ruiz M.*Chen W/);
    // Nothing in common with the accepted papers (one co-author of one of them is not a collaborator): unchanged.
    expect((await linkOf(unrelated.pmid)).score).toBe(70);
  });

  it("keeps a person's rejection through a re-harvest and a re-score, and never re-decides it", async () => {
    const item = await testDb.db.item.findFirstOrThrow({ where: { pmid: unrelated.pmid } });
    await recordDecisions(testDb.db, [
      { facultyId: "F1", itemId: item.id, decision: "reject", decidedBy: "bob", note: "a namesake" },
    ]);
    await harvest();
    await rescoreFaculty(testDb.db, "F1", SETTINGS);
    expect(await linkOf(unrelated.pmid)).toMatchObject({
      status: "rejected",
      decidedBy: "bob",
      note: "a namesake",
    });
    expect(await linkOf(first.pmid)).toMatchObject({ status: "accepted", decidedBy: "alice" });
  });

  it("explains a link: every piece of evidence, its weight, and the total", async () => {
    const item = await testDb.db.item.findFirstOrThrow({ where: { pmid: sharing.pmid } });
    const explained = await runCommand(registerReviewCommands, [
      "review",
      "explain",
      String(item.id),
      "--faculty",
      "F1",
    ]);
    expect(explained.code).toBe(0);
    const link = await linkOf(sharing.pmid);
    const evidence = link.evidence as unknown as Evidence[];
    for (const piece of evidence) expect(explained.out).toContain(piece.reason);
    expect(explained.out).toContain(`= ${link.score}`);
    expect(explained.out).toContain("+10  first name");
    // The co-author evidence is an anchor, and names the accepted items it comes from.
    const accepted = await testDb.db.item.findMany({ where: { pmid: { in: [first.pmid, second.pmid] } } });
    expect(explained.out).toMatch(/shares co-authors .* \(anchor\)/);
    for (const source of accepted) expect(explained.out).toContain(`${source.id} (PMID ${source.pmid})`);
    expect(explained.out).toContain("Status: accepted (automatic");
    expect(explained.out).toContain("matched author: number 2 (middle)");

    const missing = await runCommand(registerReviewCommands, [
      "review",
      "explain",
      String(item.id),
      "--faculty",
      "F9",
    ]);
    expect(missing.err).toBe('Error: No faculty member with id "F9"\n');
  });

  it("rebuilds the person's ledger after a decision made with `review`, so reports count what is accepted now", async () => {
    const item = await testDb.db.item.findFirstOrThrow({ where: { pmid: atHome.pmid } });
    const review = (...args: string[]) => runCommand(registerReviewCommands, ["review", ...args]);
    const inLedger = async () =>
      (await testDb.db.ledgerEntry.findMany({ where: { facultyId: "F1" } })).some((line) =>
        line.memberItemIds.includes(item.id),
      );
    const rejected = await review("reject", String(item.id), "--faculty", "F1", "--by", "carol");
    expect(rejected.out).toContain("ledger(s) rebuilt");
    expect(await inLedger()).toBe(false);
    await review("accept", String(item.id), "--faculty", "F1", "--by", "carol");
    expect(await inLedger()).toBe(true);
  });
});
