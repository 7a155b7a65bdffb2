import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { randomUUID } from "node:crypto";
import pg from "pg";
import { checkDatabase } from "../../src/db/connect.ts";
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

describe("migrate runs started together on a database that does not exist yet", () => {
  const server = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432";
  const names = Array.from(
    { length: 3 },
    () => `scholartrack_race_${randomUUID().replace(/-/g, "").slice(0, 12)}`,
  );

  afterAll(async () => {
    const admin = new pg.Client({ connectionString: `${server}/postgres` });
    await admin.connect();
    for (const name of names) await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await admin.end();
  });

  it("create it once and migrate it once, neither reporting PostgreSQL unreachable", async () => {
    for (const name of names) {
      const url = `${server}/${name}`;
      // What `scholartrack migrate` does, four times at once.
      const results = await Promise.all(
        Array.from({ length: 4 }, async () => {
          await checkDatabase(url);
          return migrate(url);
        }),
      );
      const applied = results.flatMap((result) => result.applied);
      expect(applied.sort()).toEqual(readMigrations().map((m) => m.name));
    }
  }, 60_000);
});
