import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.ts";
import { loadClassificationRules } from "../../src/reconcile/rules.ts";
import { importCv } from "../../src/services/cv-import.ts";
import { reconcileMany } from "../../src/services/reconcile.ts";
import { refreshMany } from "../../src/services/review.ts";
import { rescoreSettingsFrom } from "../../src/services/rescore.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

describe("reconciling and re-scoring many people at once", () => {
  let testDb: TestDatabase;
  const people = Array.from({ length: 8 }, (_, index) => `F${index + 1}`);
  const rules = loadClassificationRules();
  const settings = rescoreSettingsFrom(loadConfig({}));

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.faculty.createMany({
      data: people.map((id) => ({
        id,
        lastName: `Name${id}`,
        firstName: "Pat",
        affiliationTerms: [],
        nameVariants: [],
      })),
    });
    // Each person's own paper and talk, and one paper every person lists (one item, many ledgers).
    const rows = people.flatMap((id, index) => [
      `${id},publication,Paper of ${id},${2015 + index},J Gen Intern Med,10.1000/own.${index},,yes,,,,`,
      `${id},presentation,Talk of ${id},2020,SGIM Annual Meeting,,,,,,,`,
      `${id},publication,The consortium paper,2019,Lancet,10.1000/shared,,yes,,,,`,
    ]);
    const result = await importCv(
      testDb.db,
      [
        "faculty_id,kind,title,year,venue,doi,pmid,peer_reviewed,scope,role,start_year,end_year",
        ...rows,
      ].join("\n"),
      { scoring: settings },
    );
    expect(result.errors).toEqual([]);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  async function ledgers() {
    const lines = await testDb.db.ledgerEntry.findMany({
      select: { facultyId: true, itemId: true, memberItemIds: true, metric: true, counted: true, rule: true },
      orderBy: [{ facultyId: "asc" }, { itemId: "asc" }],
    });
    return lines;
  }

  it("builds the same ledgers a few people at a time as one after another, answering in the order asked", async () => {
    const oneByOne = await reconcileMany(testDb.db, people, rules, { concurrency: 1 });
    const sequential = await ledgers();
    expect(sequential).toHaveLength(people.length * 3);

    await testDb.db.ledgerEntry.deleteMany();
    const done: string[] = [];
    const together = await reconcileMany(testDb.db, people, rules, {
      concurrency: 4,
      onDone: (id) => done.push(id),
    });
    expect(together.map((summary) => summary.facultyId)).toEqual(people);
    expect(together).toEqual(oneByOne);
    expect(done.sort()).toEqual([...people].sort());
    expect(await ledgers()).toEqual(sequential);
  });

  it("re-scores and rebuilds many people at once, each once", async () => {
    const before = await ledgers();
    const refreshed = await refreshMany(testDb.db, people, settings, rules, { concurrency: 3 });
    expect(refreshed.map(({ ledger }) => ledger.facultyId)).toEqual(people);
    expect(refreshed.every(({ rescored }) => rescored.changed === 0)).toBe(true);
    expect(await ledgers()).toEqual(before);
  });
});
