import pg from "pg";
import { createDb, type Db } from "./client.ts";
import { ensureDatabase } from "./migrate.ts";
import { isMigrated, postgresRefused, postgresUnreachable, schemaMissing } from "./probe.ts";

/** Fails at once, naming the URL, when Postgres cannot be reached; creates the database if missing. */
export async function checkDatabase(databaseUrl: string): Promise<void> {
  try {
    await ensureDatabase(databaseUrl);
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    await client.end();
  } catch (error) {
    if (answeredWithError(error)) throw postgresRefused(databaseUrl, error as Error);
    throw postgresUnreachable(databaseUrl, error as Error);
  }
}

/**
 * Postgres answered but refused (no right to create the database, say): a SQL error, not one of
 * connection (08), resources (53) or an administrator's shutdown (57P).
 */
function answeredWithError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === "string" && /^[0-9A-Z]{5}$/.test(code) && !/^(08|53|57P)/.test(code);
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
