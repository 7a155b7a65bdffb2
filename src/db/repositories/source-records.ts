import { Prisma } from "../../generated/prisma/client.ts";
import type { DbClient, Tx } from "../client.ts";

export interface StoredRecordKey {
  source: string;
  sourceId: string;
}

export interface StoredRecordState extends StoredRecordKey {
  itemId: number;
  payloadHash: string;
}

/** One source record as stored: which item it is, and what the source said. */
export interface StoredRecord extends StoredRecordKey {
  itemId: number;
  payload: unknown;
}

export interface SourceRecordWrite {
  itemId: number;
  payload: unknown;
  payloadHash: string;
  fetchedAt: Date;
  harvestRunId: string | null;
}

/** The stored records with these keys: their item and the hash of what they said. */
export async function findRecordStates(
  db: DbClient,
  keys: readonly StoredRecordKey[],
): Promise<StoredRecordState[]> {
  if (keys.length === 0) return [];
  const bySource = new Map<string, string[]>();
  for (const key of keys) bySource.set(key.source, [...(bySource.get(key.source) ?? []), key.sourceId]);
  return db.sourceRecord.findMany({
    where: { OR: [...bySource].map(([source, ids]) => ({ source, sourceId: { in: ids } })) },
    select: { source: true, sourceId: true, itemId: true, payloadHash: true },
  });
}

/** Which sources each of these items has records from. */
export async function sourcesOfItems(
  db: DbClient,
  itemIds: readonly number[],
): Promise<Array<{ itemId: number; source: string }>> {
  if (itemIds.length === 0) return [];
  return db.sourceRecord.findMany({
    where: { itemId: { in: [...itemIds] } },
    select: { itemId: true, source: true },
  });
}

/** The records of these items (from these sources only, when given), oldest first. */
export async function recordsOfItems(
  db: DbClient,
  itemIds: readonly number[],
  sources?: readonly string[],
): Promise<StoredRecord[]> {
  if (itemIds.length === 0) return [];
  // SQL of our own: every profile page dates its grants from these.
  return db.$queryRaw<StoredRecord[]>`
    SELECT "itemId", "source", "sourceId", "payload" FROM "SourceRecord"
    WHERE "itemId" = ANY(${[...itemIds]}::int[])
      ${sources ? Prisma.sql`AND "source" = ANY(${[...sources]}::text[])` : Prisma.empty}
    ORDER BY "id"`;
}

export async function createRecords(
  tx: Tx,
  rows: ReadonlyArray<StoredRecordKey & SourceRecordWrite>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.sourceRecord.createMany({
    data: rows.map((row) => ({ ...row, payload: row.payload as Prisma.InputJsonValue })),
  });
}

export async function updateRecord(tx: Tx, key: StoredRecordKey, row: SourceRecordWrite): Promise<void> {
  await tx.sourceRecord.update({
    where: { source_sourceId: key },
    data: { ...row, payload: row.payload as Prisma.InputJsonValue },
  });
}

/** What is stored for these records of one source, by source id. */
export async function findRecordPayloads(
  db: DbClient,
  source: string,
  sourceIds: readonly string[],
): Promise<Map<string, unknown>> {
  if (sourceIds.length === 0) return new Map();
  const rows = await db.sourceRecord.findMany({
    where: { source, sourceId: { in: [...sourceIds] } },
    select: { sourceId: true, payload: true },
  });
  return new Map(rows.map((row) => [row.sourceId, row.payload]));
}

/** Stored payloads of records of any sources, keyed by source and source id (joined by U+0000). */
export async function findStoredPayloads(
  db: DbClient,
  keys: readonly StoredRecordKey[],
): Promise<Map<string, unknown>> {
  if (keys.length === 0) return new Map();
  const bySource = new Map<string, string[]>();
  for (const key of keys) bySource.set(key.source, [...(bySource.get(key.source) ?? []), key.sourceId]);
  const rows = await db.sourceRecord.findMany({
    where: { OR: [...bySource].map(([source, ids]) => ({ source, sourceId: { in: ids } })) },
    select: { source: true, sourceId: true, payload: true },
  });
  return new Map(rows.map((row) => [`${row.source}\u0000${row.sourceId}`, row.payload]));
}
