import pg from "pg";
import { createDb, type Db } from "./client.ts";
import { ensureDatabase } from "./migrate.ts";
import { isMigrated, postgresUnreachable, schemaMissing } from "./probe.ts";

/** Fails at once, naming the URL, when Postgres cannot be reached; creates the database if missing. */
export async function checkDatabase(databaseUrl: string): Promise<void> {
  try {
    await ensureDatabase(databaseUrl);
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    await client.end();
  } catch (error) {
    throw postgresUnreachable(databaseUrl, error as Error);
  }
}

/** Checks the schema has been migrated, so a command fails with advice rather than a SQL error. */
export async function connectDatabase(databaseUrl: string): Promise<Db> {
  await checkDatabase(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    if (!(await isMigrated(client))) throw schemaMissing(databaseUrl);
  } finally {
    await client.end();
  }
  return createDb(databaseUrl);
}
