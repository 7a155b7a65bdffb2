import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { storeHarvest } from "../../src/services/store.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import type { RecordLink } from "../../src/sources/source.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

function record(pmid: string, overrides: Partial<PubmedArticleRecord> = {}): PubmedArticleRecord {
  return {
    kind: "article",
    pmid,
    doi: `10.1000/J.${pmid}`,
    title: `Article ${pmid}`,
    journal: "Journal of General Internal Medicine",
    publicationDate: { year: 2015, month: 3 },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors: [
      {
        lastName: "Doe",
        foreName: "Jane",
        initials: "J",
        affiliations: [],
        equalContribution: false,
        valid: true,
      },
    ],
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
    ...overrides,
  };
}

/** A parsed PubMed record, and what is said about the link to it. */
interface MatchedRecord {
  record: PubmedArticleRecord;
  match: RecordLink;
}

/** Stores PubMed records as the harvest does: the parsed record is what is kept of each article. */
function storePubmedHarvest(
  db: TestDatabase["db"],
  request: { jobId: string; runId: string; facultyId: string; records: MatchedRecord[]; fetchedAt: Date },
) {
  const { records, ...rest } = request;
  return storeHarvest(db, {
    ...rest,
    source: "pubmed",
    records: records.map(({ record, match }) => ({ payload: record, link: match })),
  });
}

const accepted: RecordLink = {
  authorIndex: 0,
  authorPosition: "sole",
  equalContribution: false,
  status: "accepted",
  score: 100,
  evidence: [{ kind: "orcid_match", weight: 100, reason: "ORCID" }],
};
const pending: RecordLink = { ...accepted, status: "pending", score: 55, evidence: [] };

describe("storing a PubMed harvest", () => {
  let testDb: TestDatabase;
  let jobCounter = 0;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.faculty.createMany({
      data: ["F1", "F2"].map((id) => ({
        id,
        lastName: "Doe",
        firstName: "Jane",
        affiliationTerms: [],
        nameVariants: [],
      })),
    });
  });
  afterAll(async () => {
    await testDb.drop();
  });
  beforeEach(async () => {
    await testDb.db.item.deleteMany();
  });

  async function store(facultyId: string, records: MatchedRecord[]) {
    jobCounter += 1;
    const jobId = `pubmed-${facultyId}-${jobCounter}`;
    const runId = `run-${jobCounter}`;
    await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: ["pubmed"] } });
    await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId, source: "pubmed" } });
    return storePubmedHarvest(testDb.db, { jobId, runId, facultyId, records, fetchedAt: new Date() });
  }

  it("creates nothing twice when the same records are stored again", async () => {
    const records = [
      { record: record("100"), match: accepted },
      { record: record("101"), match: pending },
    ];
    const first = await store("F1", records);
    const second = await store("F1", records);
    expect(first).toMatchObject({ itemsNew: 2, itemsUpdated: 0, linksAccepted: 1, linksPending: 1 });
    expect(second).toMatchObject({ itemsNew: 0, itemsUpdated: 0, linksAccepted: 1, linksPending: 1 });
    expect(await testDb.db.item.count()).toBe(2);
    expect(await testDb.db.sourceRecord.count()).toBe(2);
    expect(await testDb.db.facultyItem.count({ where: { facultyId: "F1" } })).toBe(2);
  });

  it("stores DOIs lower-cased and keeps the parsed record as the source payload", async () => {
    await store("F1", [{ record: record("102"), match: accepted }]);
    const item = await testDb.db.item.findUniqueOrThrow({
      where: { pmid: "102" },
      include: { sourceRecords: true },
    });
    expect(item.doi).toBe("10.1000/j.102");
    expect(item.sourceRecords[0]!.payload).toMatchObject({ pmid: "102", title: "Article 102" });
  });

  it("links one item to two faculty members who co-authored it", async () => {
    await store("F1", [{ record: record("103"), match: accepted }]);
    await store("F2", [{ record: record("103"), match: pending }]);
    expect(await testDb.db.item.count()).toBe(1);
    expect(await testDb.db.facultyItem.count()).toBe(2);
  });

  it("updates an item whose PubMed record changed", async () => {
    await store("F1", [{ record: record("104"), match: pending }]);
    const counts = await store("F1", [
      { record: record("104", { title: "Corrected title" }), match: pending },
    ]);
    expect(counts).toMatchObject({ itemsNew: 0, itemsUpdated: 1 });
    expect((await testDb.db.item.findUniqueOrThrow({ where: { pmid: "104" } })).title).toBe(
      "Corrected title",
    );
  });

  it("never changes a person's decision", async () => {
    await store("F1", [{ record: record("105"), match: pending }]);
    const item = await testDb.db.item.findUniqueOrThrow({ where: { pmid: "105" } });
    await testDb.db.facultyItem.update({
      where: { facultyId_itemId: { facultyId: "F1", itemId: item.id } },
      data: { status: "rejected", decidedBy: "reviewer@faculty-affairs", decidedAt: new Date() },
    });
    await store("F1", [{ record: record("105"), match: accepted }]);
    const link = await testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: "F1", itemId: item.id } },
    });
    expect(link.status).toBe("rejected");
    expect(link.decidedBy).toBe("reviewer@faculty-affairs");
  });

  it("follows new evidence for an automatic decision", async () => {
    await store("F1", [{ record: record("106"), match: pending }]);
    await store("F1", [{ record: record("106"), match: accepted }]);
    const link = await testDb.db.facultyItem.findFirstOrThrow({
      where: { facultyId: "F1", item: { pmid: "106" } },
    });
    expect(link.status).toBe("accepted");
  });

  it("marks the job completed with its counts in the same transaction", async () => {
    await store("F1", [{ record: record("107"), match: accepted }]);
    const job = await testDb.db.harvestJob.findFirstOrThrow({ where: { id: `pubmed-F1-${jobCounter}` } });
    expect(job).toMatchObject({ status: "completed", recordsFetched: 1, itemsNew: 1, linksAccepted: 1 });
  });

  it("runs what follows the commit before the run can close, so work queued then is seen with the run", async () => {
    jobCounter += 1;
    const jobId = `pubmed-F1-${jobCounter}`;
    const runId = `run-${jobCounter}`;
    await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: ["pubmed"] } });
    await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId: "F1", source: "pubmed" } });
    const seenAfterCommit: Array<{ job: string; run: string }> = [];
    await storeHarvest(testDb.db, {
      jobId,
      runId,
      facultyId: "F1",
      source: "pubmed",
      records: [{ payload: record("109"), link: accepted }],
      fetchedAt: new Date(),
      afterCommit: async () => {
        const job = await testDb.db.harvestJob.findUniqueOrThrow({ where: { id: jobId } });
        const run = await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: runId } });
        seenAfterCommit.push({ job: job.status, run: run.status });
      },
    });
    expect(seenAfterCommit).toEqual([{ job: "completed", run: "running" }]);
    const run = await testDb.db.harvestRun.findUniqueOrThrow({ where: { id: runId } });
    expect(run.status).toBe("completed");
  });

  it("writes no link and no job completion when linking fails, and a retry links the items stored", async () => {
    await testDb.db.harvestRun.create({ data: { id: "run-108", trigger: "manual", sources: ["pubmed"] } });
    const request = {
      runId: "run-108",
      facultyId: "F1",
      records: [{ record: record("108"), match: accepted }],
      fetchedAt: new Date(),
    };
    // The job row does not exist, so completing it, in the links' transaction, fails.
    await expect(storePubmedHarvest(testDb.db, { ...request, jobId: "no-such-job" })).rejects.toThrow();
    // The item and its source record stand on their own; nothing links anyone to them yet.
    const item = await testDb.db.item.findUniqueOrThrow({ where: { pmid: "108" } });
    expect(await testDb.db.facultyItem.count({ where: { itemId: item.id } })).toBe(0);

    await testDb.db.harvestJob.create({
      data: { id: "job-108", runId: "run-108", facultyId: "F1", source: "pubmed" },
    });
    await storePubmedHarvest(testDb.db, { ...request, jobId: "job-108" });
    expect(await testDb.db.item.count({ where: { pmid: "108" } })).toBe(1);
    expect(await testDb.db.sourceRecord.count({ where: { itemId: item.id } })).toBe(1);
    expect(await testDb.db.facultyItem.findMany({ where: { itemId: item.id } })).toMatchObject([
      { facultyId: "F1", status: "accepted" },
    ]);
    const job = await testDb.db.harvestJob.findUniqueOrThrow({ where: { id: "job-108" } });
    expect(job.status).toBe("completed");
  });
});
