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

describe("two jobs storing the same items at once", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.faculty.createMany({
      data: ["F1", "F2"].map((id) => ({
        id,
        lastName: "Doe",
        firstName: id,
        affiliationTerms: [],
        nameVariants: [],
      })),
    });
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
