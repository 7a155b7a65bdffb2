import { randomUUID } from "node:crypto";
import pg from "pg";
import { afterEach, describe, expect, it } from "vitest";
import { createDb } from "../../src/db/client.ts";
import { ensureDatabase, migrate, MigrationError } from "../../src/db/migrate.ts";
import { RECORD_SOURCES } from "../../src/sources/registry.ts";

const SERVER_URL = process.env.TEST_DATABASE_SERVER_URL ?? "postgresql://postgres@127.0.0.1:5432";
const BEFORE = "20261129120000_ledger";
const MIGRATION = "20261207000000_fixed_values_and_keys";

const databases: string[] = [];

/** A database migrated up to the migration before the one under test, with a pg client on it. */
async function databaseBefore(): Promise<{ url: string; sql: pg.Client }> {
  const name = `scholartrack_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
  databases.push(name);
  const url = `${SERVER_URL}/${name}`;
  await ensureDatabase(url);
  const result = await migrate(url, { through: BEFORE });
  expect(result.applied.at(-1)).toBe(BEFORE);
  const sql = new pg.Client({ connectionString: url });
  await sql.connect();
  return { url, sql };
}

afterEach(async () => {
  const admin = new pg.Client({ connectionString: `${SERVER_URL}/postgres` });
  await admin.connect();
  try {
    for (const name of databases.splice(0))
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await admin.end();
  }
});

/** Rows as the schema before this migration held them: free text everywhere, and no keys to refuse orphans. */
async function insertOldRows(sql: pg.Client): Promise<void> {
  await sql.query(`
    INSERT INTO "Faculty" ("id", "lastName", "firstName", "affiliationTerms", "nameVariants", "updatedAt")
    VALUES ('F1', 'Doe', 'Jane', '{}', '{}', now());
    INSERT INTO "Item" ("id", "kind", "title", "publicationTypes", "updatedAt", "scopeOverride") VALUES
      (1, 'publication', 'A paper', '{}', now(), NULL),
      (2, 'publication', 'Erratum: A paper', '{}', now(), NULL),
      (3, 'presentation', 'A talk', '{}', now(), 'national'),
      (4, 'grant', 'A grant', '{}', now(), '');
    INSERT INTO "HarvestRun" ("id", "trigger", "sources") VALUES ('run-kept', 'manual', '{pubmed,orcid}');
    INSERT INTO "HarvestJob" ("id", "runId", "facultyId", "source") VALUES ('orcid:F1:run-kept', 'run-kept', 'F1', 'orcid');
    INSERT INTO "SourceRecord" ("source", "sourceId", "itemId", "payload", "payloadHash", "fetchedAt", "harvestRunId") VALUES
      ('pubmed', '111', 1, '{}', 'h1', now(), 'run-kept'),
      ('orcid', 'w-1', 1, '{}', 'h2', now(), 'run-deleted'),
      ('scopus', 's-1', 2, '{}', 'h3', now(), NULL);
    INSERT INTO "FacultyItem" ("facultyId", "itemId", "status", "decidedBy", "decidedAt", "evidence", "authorPosition", "role", "updatedAt") VALUES
      ('F1', 1, 'accepted', 'system', now(), '[]', 'first', NULL, now()),
      ('F1', 3, 'accepted', 'system', now(), '[]', '', NULL, now()),
      ('F1', 4, 'accepted', 'system', now(), '[]', NULL, 'co_investigator', now());
    INSERT INTO "ItemRelation" ("fromItemId", "toItemId", "type") VALUES (2, 1, 'erratum_for');
    INSERT INTO "ItemDecision" ("kind", "itemId", "otherItemId", "decidedBy", "decidedAt") VALUES
      ('merge', 1, 2, 'jdoe', now()),
      ('split', 3, NULL, 'jdoe', now()),
      ('merge', 999, 1, 'jdoe', now()),
      ('merge', 1, 998, 'jdoe', now()),
      ('split', 997, NULL, 'jdoe', now());
    INSERT INTO "LedgerEntry" ("facultyId", "itemId", "memberItemIds", "kind", "title", "metric", "counted", "rule", "rulesVersion", "reason", "scope", "role", "authorPosition", "provenance", "computedAt") VALUES
      ('F1', 1, '{1}', 'publication', 'A paper', 'peer_reviewed_publications', true, 'r', 'v1', 'why', NULL, NULL, 'first', '{}', now()),
      ('F1', 2, '{2}', 'publication', 'Erratum: A paper', NULL, false, 'r', 'v1', 'a notice', NULL, NULL, NULL, '{}', now()),
      ('F1', 3, '{3}', 'presentation', 'A talk', 'national_presentations', true, 'r', 'v1', 'why', 'unknown', NULL, '', '{}', now()),
      ('F1', 4, '{4}', 'grant', 'A grant', 'grants_pi_or_coi', true, 'r', 'v1', 'why', NULL, 'co_investigator', NULL, '{}', now());
  `);
}

describe(`migration ${MIGRATION}`, () => {
  it("carries every value over as the same string, drops orphan decisions and unlinks records from runs that are gone", async () => {
    const { url, sql } = await databaseBefore();
    try {
      await insertOldRows(sql);
      const result = await migrate(url, { through: MIGRATION });
      expect(result.applied).toEqual([MIGRATION]);
    } finally {
      await sql.end();
    }

    const db = createDb(url);
    try {
      expect(
        await db.item.findMany({ select: { id: true, scopeOverride: true }, orderBy: { id: "asc" } }),
      ).toEqual([
        { id: 1, scopeOverride: null },
        { id: 2, scopeOverride: null },
        { id: 3, scopeOverride: "national" },
        { id: 4, scopeOverride: null },
      ]);
      expect(
        await db.facultyItem.findMany({
          select: { itemId: true, authorPosition: true, role: true },
          orderBy: { itemId: "asc" },
        }),
      ).toEqual([
        { itemId: 1, authorPosition: "first", role: null },
        { itemId: 3, authorPosition: null, role: null },
        { itemId: 4, authorPosition: null, role: "co_investigator" },
      ]);
      expect(await db.itemRelation.findMany()).toEqual([{ fromItemId: 2, toItemId: 1, type: "erratum_for" }]);
      expect(
        await db.ledgerEntry.findMany({
          select: { itemId: true, metric: true, scope: true, role: true, authorPosition: true },
          orderBy: { itemId: "asc" },
        }),
      ).toEqual([
        { itemId: 1, metric: "peer_reviewed_publications", scope: null, role: null, authorPosition: "first" },
        { itemId: 2, metric: null, scope: null, role: null, authorPosition: null },
        { itemId: 3, metric: "national_presentations", scope: "unknown", role: null, authorPosition: null },
        { itemId: 4, metric: "grants_pi_or_coi", scope: null, role: "co_investigator", authorPosition: null },
      ]);

      // Decisions about items that no longer exist are gone; the others are kept as they were.
      expect(
        await db.itemDecision.findMany({
          select: { kind: true, itemId: true, otherItemId: true },
          orderBy: { id: "asc" },
        }),
      ).toEqual([
        { kind: "merge", itemId: 1, otherItemId: 2 },
        { kind: "split", itemId: 3, otherItemId: null },
      ]);

      // Records stay; one whose run is gone keeps no run.
      expect(
        await db.sourceRecord.findMany({
          select: { source: true, sourceId: true, harvestRunId: true },
          orderBy: { id: "asc" },
        }),
      ).toEqual([
        { source: "pubmed", sourceId: "111", harvestRunId: "run-kept" },
        { source: "orcid", sourceId: "w-1", harvestRunId: null },
        { source: "scopus", sourceId: "s-1", harvestRunId: null },
      ]);
      expect(await db.harvestJob.findMany({ select: { id: true, source: true } })).toEqual([
        { id: "orcid:F1:run-kept", source: "orcid" },
      ]);

      // Every registry source has its row, and so does a stored name the registry no longer lists.
      const sources = (await db.source.findMany()).map((source) => source.name).sort();
      expect(sources).toEqual([...RECORD_SOURCES.map((source) => source.name), "scopus"].sort());

      // The new keys refuse what the old schema let in.
      await expect(
        db.itemDecision.create({
          data: { kind: "split", itemId: 12345, decidedBy: "jdoe", decidedAt: new Date() },
        }),
      ).rejects.toThrow();
      await expect(
        db.sourceRecord.create({
          data: {
            source: "nosuchsource",
            sourceId: "x",
            itemId: 1,
            payload: {},
            payloadHash: "h",
            fetchedAt: new Date(),
          },
        }),
      ).rejects.toThrow();
      await expect(
        db.sourceRecord.create({
          data: {
            source: "pubmed",
            sourceId: "222",
            itemId: 1,
            payload: {},
            payloadHash: "h",
            fetchedAt: new Date(),
            harvestRunId: "no-run",
          },
        }),
      ).rejects.toThrow();

      // Deleting a run leaves its records with no run; deleting an item takes its decisions along.
      // (In SQL: later migrations add run columns this database does not have yet.)
      await db.$executeRaw`DELETE FROM "HarvestRun" WHERE id = 'run-kept'`;
      expect((await db.sourceRecord.findFirst({ where: { sourceId: "111" } }))?.harvestRunId).toBeNull();
      await db.item.delete({ where: { id: 2 } });
      expect(await db.itemDecision.count({ where: { itemId: 1 } })).toBe(0);
    } finally {
      await db.$disconnect();
    }
  });

  it("stops on a value outside its set, naming the column and the value, and changes nothing", async () => {
    const { url, sql } = await databaseBefore();
    try {
      await insertOldRows(sql);
      await sql.query(`UPDATE "LedgerEntry" SET "metric" = 'invited_talks' WHERE "itemId" = 3`);
      const failure = await migrate(url).catch((error: unknown) => error);
      expect(failure).toBeInstanceOf(MigrationError);
      expect((failure as Error).message).toContain(MIGRATION);
      expect((failure as Error).message).toContain(
        `LedgerEntry.metric holds values outside Metric: 'invited_talks'`,
      );

      const recorded = await sql.query<{ name: string }>(
        `SELECT name FROM "_scholartrack_migrations" ORDER BY name`,
      );
      expect(recorded.rows.map((row) => row.name)).not.toContain(MIGRATION);
      const decisions = await sql.query(`SELECT 1 FROM "ItemDecision"`);
      expect(decisions.rowCount).toBe(5);
      const column = await sql.query<{ data_type: string }>(
        `SELECT data_type FROM information_schema.columns WHERE table_name = 'LedgerEntry' AND column_name = 'metric'`,
      );
      expect(column.rows[0]?.data_type).toBe("text");
    } finally {
      await sql.end();
    }
  });

  it("refuses to stop at a migration that does not exist", async () => {
    const { url, sql } = await databaseBefore();
    await sql.end();
    await expect(migrate(url, { through: "20200101000000_nothing" })).rejects.toThrow(
      "No migration is named 20200101000000_nothing",
    );
  });
});
