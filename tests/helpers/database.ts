import { randomUUID } from "node:crypto";
import pg from "pg";
import { createDb, type Db } from "../../src/db/client.ts";
import { ensureDatabase, migrate } from "../../src/db/migrate.ts";

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432";

export interface TestDatabase {
  url: string;
  db: Db;
  drop(): Promise<void>;
}

/** A freshly migrated database of its own for one test file; `drop()` removes it. */
export async function createTestDatabase(): Promise<TestDatabase> {
  const name = `scholartrack_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  const url = `${SERVER_URL}/${name}`;
  await ensureDatabase(url);
  await migrate(url);
  const db = createDb(url);
  return {
    url,
    db,
    async drop() {
      await db.$disconnect();
      const admin = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
      await admin.connect();
      try {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      } finally {
        await admin.end();
      }
    },
  };
}
