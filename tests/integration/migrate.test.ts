import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { migrate, readMigrations } from "../../src/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

describe("migration runner", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("records what ran and applies nothing twice", async () => {
    const again = await migrate(testDb.url);
    expect(again.applied).toEqual([]);
    expect(again.alreadyApplied).toEqual(readMigrations().map((m) => m.name));
  });

  it("leaves a schema the Prisma client can use", async () => {
    await testDb.db.faculty.create({
      data: { id: "F1", lastName: "Doe", firstName: "Jane", affiliationTerms: [], nameVariants: [] },
    });
    expect(await testDb.db.faculty.count()).toBe(1);
  });
});
