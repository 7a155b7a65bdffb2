import pg from "pg";
import { ServiceUnavailableError } from "../errors.ts";
import { createDb, type Db } from "./client.ts";
import { ensureDatabase, redactUrl } from "./migrate.ts";

const HOW_TO_START =
  "Start it with `docker compose up -d postgres` (or `pg_ctlcluster <version> main start`), or set DATABASE_URL.";

/** Fails at once, naming the URL, when Postgres cannot be reached; creates the database if missing. */
export async function checkDatabase(databaseUrl: string): Promise<void> {
  try {
    await ensureDatabase(databaseUrl);
    const client = new pg.Client({ connectionString: databaseUrl, connectionTimeoutMillis: 5000 });
    await client.connect();
    await client.end();
  } catch (error) {
    throw new ServiceUnavailableError(
      `Cannot reach PostgreSQL at ${redactUrl(databaseUrl)} (${(error as Error).message}).\n${HOW_TO_START}`,
    );
  }
}

/** Checks the schema has been migrated, so a command fails with advice rather than a SQL error. */
export async function connectDatabase(databaseUrl: string): Promise<Db> {
  await checkDatabase(databaseUrl);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const { rows } = await client.query<{ exists: boolean }>(
      `SELECT to_regclass('"_scholartrack_migrations"') IS NOT NULL AS exists`,
    );
    if (!rows[0]?.exists) {
      throw new ServiceUnavailableError(
        `The database at ${redactUrl(databaseUrl)} has no ScholarTrack schema yet. Run \`scholartrack migrate\` first.`,
      );
    }
  } finally {
    await client.end();
  }
  return createDb(databaseUrl);
}
