import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { storeHarvest } from "../../src/services/store.ts";
import type { CandidateItem } from "../../src/sources/candidate.ts";
import type { RecordLink } from "../../src/sources/source.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const ITEMS = 40;
const link: RecordLink = { status: "pending", evidence: [] };

/** A work on a person's ORCID record, naming its item by one identifier only. */
function work(orcid: string, index: number, by: "doi" | "pmid"): CandidateItem {
  return {
    source: "orcid",
    sourceId: `${orcid}/${index}`,
    kind: "publication",
    title: `Shared article ${index}`,
    year: 2020,
    ...(by === "doi" ? { doi: `10.1000/shared.${index}` } : { pmid: String(5000 + index) }),
    otherIds: [],
    contributors: [],
  };
}

/** Two faculty members, F1 and F2, both "Doe". */
function createNamesakes(testDb: TestDatabase) {
  return testDb.db.faculty.createMany({
    data: ["F1", "F2"].map((id) => ({
      id,
      lastName: "Doe",
      firstName: id,
      affiliationTerms: [],
      nameVariants: [],
    })),
  });
}

describe("two jobs storing the same items at once", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await createNamesakes(testDb);
    await testDb.db.item.createMany({
      data: Array.from({ length: ITEMS }, (_, index) => ({
        kind: "publication" as const,
        title: `Shared article ${index}`,
        year: 2020,
        doi: `10.1000/shared.${index}`,
        pmid: String(5000 + index),
        publicationTypes: [],
      })),
    });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("take their locks in one order: no deadlock, nothing retried, nothing stored twice", async () => {
    const retries: string[] = [];
    for (let round = 0; round < 5; round += 1) {
      const runId = `run-${round}`;
      await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: ["orcid"] } });
      // One finds the items by DOI, in one order; the other by PMID, in the opposite order: their
      // identifier locks do not overlap, and each updates every item.
      const jobs = [
        { facultyId: "F1", works: Array.from({ length: ITEMS }, (_, i) => work(`A${round}`, i, "doi")) },
        {
          facultyId: "F2",
          works: Array.from({ length: ITEMS }, (_, i) => work(`B${round}`, ITEMS - 1 - i, "pmid")),
        },
      ];
      await testDb.db.harvestJob.createMany({
        data: jobs.map((job) => ({
          id: `orcid-${job.facultyId}-${round}`,
          runId,
          facultyId: job.facultyId,
          source: "orcid",
        })),
      });
      await Promise.all(
        jobs.map((job) =>
          storeHarvest(testDb.db, {
            jobId: `orcid-${job.facultyId}-${round}`,
            runId,
            facultyId: job.facultyId,
            source: "orcid",
            fetchedAt: new Date(),
            records: job.works.map((payload) => ({ payload, link })),
            onRetry: (error) => retries.push((error as Error).message),
          }),
        ),
      );
    }
    expect(retries).toEqual([]);
    expect(await testDb.db.item.count()).toBe(ITEMS);
    expect(await testDb.db.facultyItem.count()).toBe(2 * ITEMS);
    expect(await testDb.db.sourceRecord.count()).toBe(2 * 5 * ITEMS);
  }, 120_000);
});

describe("two people storing the same new record", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await createNamesakes(testDb);
    await testDb.db.harvestRun.create({ data: { id: "run-1", trigger: "manual", sources: ["orcid"] } });
    await testDb.db.harvestJob.createMany({
      data: ["F1", "F2"].map((facultyId) => ({
        id: `job-${facultyId}`,
        runId: "run-1",
        facultyId,
        source: "orcid",
      })),
    });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("do not wait for each other's re-scoring: the item's locks are held only while it is written", async () => {
    let releaseFirst: () => void = () => undefined;
    const firstHeld = new Promise<void>((resolve) => (releaseFirst = resolve));
    let firstRescoring: () => void = () => undefined;
    const firstInRescoring = new Promise<void>((resolve) => (firstRescoring = resolve));
    const request = (facultyId: string) => ({
      jobId: `job-${facultyId}`,
      runId: "run-1",
      facultyId,
      source: "orcid",
      fetchedAt: new Date(),
      records: [
        { payload: work(facultyId, 1, "doi"), link },
        { payload: work(facultyId, 2, "pmid"), link },
      ],
    });
    // The first job is held in its re-scoring, after its items are written.
    const first = storeHarvest(testDb.db, {
      ...request("F1"),
      afterLinks: async () => {
        firstRescoring();
        await firstHeld;
      },
    });
    await firstInRescoring;
    const second = await storeHarvest(testDb.db, request("F2"));
    releaseFirst();
    const firstCounts = await first;

    expect(firstCounts.itemsNew).toBe(2);
    expect(second.itemsNew).toBe(0);
    expect(await testDb.db.item.count()).toBe(2);
    expect(await testDb.db.facultyItem.count()).toBe(4);
    const jobs = await testDb.db.harvestJob.findMany({ orderBy: { id: "asc" } });
    expect(jobs.map((job) => job.status)).toEqual(["completed", "completed"]);
  }, 30_000);
});
