/**
 * A re-scored link is written by SQL of our own (src/db/repositories/links.ts: updateAutomaticLink):
 * each field as given, texts made storable, the row's clock moved on, and only while the link is
 * still decided automatically. Real Postgres.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { updateAutomaticLink } from "../../src/db/repositories/links.ts";
import { inTransaction } from "../../src/db/repositories/transaction.ts";
import { SYSTEM_DECIDER } from "../../src/identity/evidence.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

describe("writing a re-scored link", () => {
  let testDb: TestDatabase;
  let itemId = 0;
  const decidedAt = new Date("2026-12-07T23:30:15.123Z");

  async function link(decidedBy: string) {
    return testDb.db.facultyItem.create({
      data: {
        facultyId: "F1",
        itemId,
        status: "pending",
        decidedBy,
        decidedAt: new Date("2026-01-01T00:00:00Z"),
        score: 40,
        evidence: [{ kind: "old" }],
        authorPosition: "middle",
        authorIndex: 3,
      },
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.faculty.create({ data: { id: "F1", lastName: "Okafor", firstName: "Ada" } });
    itemId = (await testDb.db.item.create({ data: { kind: "grant", title: "A grant", year: 2026 } })).id;
  }, 60_000);
  afterAll(async () => {
    await testDb?.drop();
  });

  it("writes every field as given, the evidence's texts made storable, and moves the row's clock", async () => {
    const before = await link(SYSTEM_DECIDER);
    await inTransaction(testDb.db, (tx) =>
      updateAutomaticLink(
        tx,
        { facultyId: "F1", itemId },
        {
          status: "accepted",
          score: 87.5,
          evidence: [{ kind: "coauthor", weight: 12, reason: "shares co\u0000-authors" }],
          authorPosition: "first",
          authorIndex: 0,
          equalContribution: true,
          role: "multiple_pi",
          decidedAt,
          note: "lifted by co-authors",
        },
      ),
    );
    const after = await testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: "F1", itemId } },
    });
    expect(after).toMatchObject({
      status: "accepted",
      score: 87.5,
      evidence: [{ kind: "coauthor", weight: 12, reason: "shares co-authors" }],
      authorPosition: "first",
      authorIndex: 0,
      equalContribution: true,
      role: "multiple_pi",
      decidedBy: SYSTEM_DECIDER,
      decidedByUserId: null,
      decidedAt,
      note: "lifted by co-authors",
    });
    // In UTC, as Prisma writes it: within a minute of now, and after the row's creation.
    expect(Math.abs(after.updatedAt.getTime() - Date.now())).toBeLessThan(60_000);
    expect(after.updatedAt.getTime()).toBeGreaterThanOrEqual(before.updatedAt.getTime());

    // A null empties the field; what the change leaves out stays.
    await inTransaction(testDb.db, (tx) =>
      updateAutomaticLink(tx, { facultyId: "F1", itemId }, { score: null, authorPosition: null }),
    );
    expect(
      await testDb.db.facultyItem.findUniqueOrThrow({
        where: { facultyId_itemId: { facultyId: "F1", itemId } },
      }),
    ).toMatchObject({ score: null, authorPosition: null, authorIndex: 0, status: "accepted" });
    await testDb.db.facultyItem.deleteMany({});
  });

  it("leaves a link a person decided as they decided it", async () => {
    const decided = await link("a reviewer");
    await inTransaction(testDb.db, (tx) =>
      updateAutomaticLink(tx, { facultyId: "F1", itemId }, { status: "rejected", score: 1 }),
    );
    expect(
      await testDb.db.facultyItem.findUniqueOrThrow({
        where: { facultyId_itemId: { facultyId: "F1", itemId } },
      }),
    ).toEqual(decided);
  });
});
