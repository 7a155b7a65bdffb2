import pg from "pg";
import { ServiceUnavailableError } from "../errors.ts";
import { redactUrl } from "./migrate.ts";

const HOW_TO_START =
  "Start it with `docker compose up -d postgres` (or `pg_ctlcluster <version> main start`), or set DATABASE_URL.";

/** Postgres could not be reached: which URL (without its password), why, and how to start it. */
export function postgresUnreachable(databaseUrl: string, cause: Error): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `Cannot reach PostgreSQL at ${redactUrl(databaseUrl)} (${cause.message}).\n${HOW_TO_START}`,
  );
}

/** Postgres answers, but refuses what the command needs (to connect as this user, to create the database). */
export function postgresRefused(databaseUrl: string, cause: Error): ServiceUnavailableError {
  return new ServiceUnavailableError(`PostgreSQL at ${redactUrl(databaseUrl)} refused: ${cause.message}`);
}

/** Postgres answers, but the database has not been migrated. */
export function schemaMissing(databaseUrl: string): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `The database at ${redactUrl(databaseUrl)} has no ScholarTrack schema yet. Run \`scholartrack migrate\` first.`,
  );
}

/** Whether the migration runner has run on the database `client` is connected to. */
export async function isMigrated(client: pg.Client): Promise<boolean> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('"_scholartrack_migrations"') IS NOT NULL AS exists`,
  );
  return rows[0]?.exists === true;
}

/**
 * Checks that Postgres answers within `timeoutMs` and holds the schema, over one plain connection
 * (no pool, no Prisma: this is what health checks run, often).
 */
export async function probeDatabase(databaseUrl: string, timeoutMs: number): Promise<void> {
  const client = new pg.Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  let migrated: boolean;
  try {
    await client.connect();
    migrated = await isMigrated(client);
  } catch (error) {
    throw postgresUnreachable(databaseUrl, error as Error);
  } finally {
    await client.end().catch(() => undefined);
  }
  if (!migrated) throw schemaMissing(databaseUrl);
}
