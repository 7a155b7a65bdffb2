import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import pg from "pg";
import { UserError } from "../errors.ts";
import { projectPath } from "../paths.ts";

export const MIGRATIONS_DIR = projectPath("prisma", "migrations");

// Any constant works; it only has to be the same for every process running migrations.
const MIGRATION_LOCK_ID = 724_061_311;

export interface Migration {
  name: string;
  sql: string;
  checksum: string;
}

export interface MigrationResult {
  applied: string[];
  alreadyApplied: string[];
}

export interface MigrateOptions {
  /** Where the migrations are; the project's own by default. */
  dir?: string;
  /** Apply the migrations up to this one and no further (to test a migration against older data). */
  through?: string;
}

/** Printed as it is, without a stack: the message says which migration and why. */
export class MigrationError extends UserError {
  override name = "MigrationError";
}

export function readMigrations(dir = MIGRATIONS_DIR): Migration[] {
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(path.join(dir, entry.name, "migration.sql")))
    .map((entry) => entry.name)
    .sort()
    .map((name) => {
      const sql = readFileSync(path.join(dir, name, "migration.sql"), "utf8");
      return { name, sql, checksum: createHash("sha256").update(sql).digest("hex") };
    });
}

/**
 * Applies every migration not yet recorded, each in its own transaction, under an advisory
 * lock so that concurrent starts cannot apply one twice. Prisma's own `migrate deploy` needs a
 * native engine, so the SQL written by `prisma migrate diff` is applied here instead. Then adds
 * the registry's sources to the Source table, so that a new source needs no migration of its own.
 */
export async function migrate(databaseUrl: string, options: MigrateOptions = {}): Promise<MigrationResult> {
  const migrations = migrationsThrough(readMigrations(options.dir), options.through);
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query("SELECT pg_advisory_lock($1)", [MIGRATION_LOCK_ID]);
    await client.query(`CREATE TABLE IF NOT EXISTS "_scholartrack_migrations" (
      name TEXT PRIMARY KEY,
      checksum TEXT NOT NULL,
      applied_at TIMESTAMPTZ NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ name: string; checksum: string }>(
      `SELECT name, checksum FROM "_scholartrack_migrations"`,
    );
    const recorded = new Map(rows.map((row) => [row.name, row.checksum]));
    const result: MigrationResult = { applied: [], alreadyApplied: [] };
    for (const migration of migrations) {
      const checksum = recorded.get(migration.name);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) {
          throw new MigrationError(
            `Migration ${migration.name} was changed after it was applied; write a new migration instead.`,
          );
        }
        result.alreadyApplied.push(migration.name);
        continue;
      }
      try {
        await client.query("BEGIN");
        await client.query(migration.sql);
        await client.query(`INSERT INTO "_scholartrack_migrations" (name, checksum) VALUES ($1, $2)`, [
          migration.name,
          migration.checksum,
        ]);
        await client.query("COMMIT");
      } catch (error) {
        await client.query("ROLLBACK");
        throw new MigrationError(
          `Migration ${migration.name} failed and was rolled back: ${(error as Error).message}`,
        );
      }
      result.applied.push(migration.name);
    }
    await addRegistrySources(client);
    return result;
  } finally {
    await client.query("SELECT pg_advisory_unlock($1)", [MIGRATION_LOCK_ID]).catch(() => undefined);
    await client.end();
  }
}

function migrationsThrough(migrations: Migration[], through: string | undefined): Migration[] {
  if (through === undefined) return migrations;
  const last = migrations.findIndex((migration) => migration.name === through);
  if (last < 0) throw new MigrationError(`No migration is named ${through}`);
  return migrations.slice(0, last + 1);
}

/** Every registry source gets its row; rows are never removed here, as records and jobs keep them. */
async function addRegistrySources(client: pg.Client): Promise<void> {
  const { rows } = await client.query<{ exists: boolean }>(
    `SELECT to_regclass('"Source"') IS NOT NULL AS "exists"`,
  );
  if (!rows[0]?.exists) return; // a database migrated only part of the way, in tests
  // Loaded here only: the registry brings every source's client, which the health probe
  // (importing this module for redactUrl) must not load.
  const { RECORD_SOURCES } = await import("../sources/registry.ts");
  await client.query(`INSERT INTO "Source" ("name") SELECT unnest($1::text[]) ON CONFLICT DO NOTHING`, [
    RECORD_SOURCES.map((source) => source.name),
  ]);
}

/** Creates the database named in the URL when it does not exist yet (connecting to `postgres`). */
export async function ensureDatabase(databaseUrl: string): Promise<boolean> {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, ""));
  if (!name) throw new MigrationError(`DATABASE_URL ${redactUrl(databaseUrl)} names no database`);
  const adminUrl = new URL(databaseUrl);
  adminUrl.pathname = "/postgres";
  const client = new pg.Client({ connectionString: adminUrl.toString() });
  await client.connect();
  try {
    // Processes starting together (two `migrate` runs, workers and the CLI) check and create one
    // at a time; without the lock both see no database and the second CREATE fails.
    await client.query("SELECT pg_advisory_lock($1, hashtext($2))", [CREATE_DATABASE_LOCK_ID, name]);
    const { rowCount } = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (rowCount) return false;
    await client.query(`CREATE DATABASE "${name.replace(/"/g, '""')}"`);
    return true;
  } catch (error) {
    // A process without the lock (an older version) may have created it between our check and our CREATE.
    if (isDuplicateDatabase(error)) return false;
    throw error;
  } finally {
    await client.end();
  }
}

// The lock's first key, for the admin database; the second is the created database's name.
const CREATE_DATABASE_LOCK_ID = 724_061_320;

/** duplicate_database, or the catalogue's unique index when two CREATEs race. */
function isDuplicateDatabase(error: unknown): boolean {
  const { code, constraint } = error as { code?: string; constraint?: string };
  return code === "42P04" || (code === "23505" && constraint === "pg_database_datname_index");
}

/** The URL without its password, safe to print. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(unparseable URL)";
  }
}
