import type { Prisma } from "../../generated/prisma/client.ts";
import type { PresentationScope } from "../../sources/candidate.ts";
import type { DbClient, Tx } from "../client.ts";

export type ItemKind = "publication" | "presentation" | "grant";

/** The fields an item takes from the source record that leads it. */
export interface ItemFields {
  kind: ItemKind;
  title: string;
  year: number | null;
  venue: string | null;
  publicationTypes: string[];
  sourceType: string | null;
  /** Kind-specific details (a grant's funder, number, years, amounts); undefined leaves them as they are. */
  details?: unknown;
}

export interface ItemIdentifiers {
  pmid?: string | null;
  doi?: string | null;
  pmcid?: string | null;
}

export interface ItemIdentity {
  id: number;
  pmid: string | null;
  doi: string | null;
  pmcid: string | null;
}

/** Items holding any of these identifiers. */
export async function findItemsByIdentifiers(
  db: DbClient,
  ids: { pmids: string[]; dois: string[]; pmcids: string[] },
): Promise<ItemIdentity[]> {
  if (ids.pmids.length + ids.dois.length + ids.pmcids.length === 0) return [];
  return db.item.findMany({
    where: { OR: [{ pmid: { in: ids.pmids } }, { doi: { in: ids.dois } }, { pmcid: { in: ids.pmcids } }] },
    select: { id: true, pmid: true, doi: true, pmcid: true },
  });
}

/** Items with any of these ids, PMIDs or DOIs. */
export async function findItemsByIdsOrIdentifiers(
  db: DbClient,
  refs: { ids: number[]; pmids: string[]; dois: string[] },
): Promise<Array<{ id: number; pmid: string | null; doi: string | null }>> {
  return db.item.findMany({
    where: { OR: [{ id: { in: refs.ids } }, { pmid: { in: refs.pmids } }, { doi: { in: refs.dois } }] },
    select: { id: true, pmid: true, doi: true },
  });
}

/** The items with these PMIDs: each PMID's item id, for following evidence to its papers. */
export async function itemIdsByPmid(
  db: DbClient,
  pmids: readonly string[],
): Promise<Array<{ id: number; pmid: string }>> {
  if (pmids.length === 0) return [];
  // SQL of our own: every profile page follows its pending links' evidence to their papers.
  return db.$queryRaw<Array<{ id: number; pmid: string }>>`
    SELECT "id", "pmid" FROM "Item" WHERE "pmid" = ANY(${[...pmids]}::text[])`;
}

/**
 * Locks the items' rows until the transaction ends, in id order: two jobs updating the same items
 * (found through different identifiers, so their identifier locks do not meet) wait for each other
 * instead of deadlocking. FOR NO KEY UPDATE still lets others link records and people to them.
 */
export async function lockItemRows(tx: Tx, ids: readonly number[]): Promise<void> {
  if (ids.length === 0) return;
  await tx.$queryRaw`
    SELECT id FROM "Item" WHERE id = ANY(${[...ids]}::int[]) ORDER BY id FOR NO KEY UPDATE`;
}

/** Ids from the items' sequence, taken up front so that new items can be written in one statement. */
export async function reserveItemIds(tx: Tx, count: number): Promise<number[]> {
  if (count === 0) return [];
  const rows = await tx.$queryRaw<Array<{ id: number }>>`
    SELECT nextval(pg_get_serial_sequence('"Item"', 'id'))::int AS id FROM generate_series(1, ${count})`;
  return rows.map((row) => row.id);
}

export async function createItems(
  tx: Tx,
  rows: ReadonlyArray<{ id: number } & ItemFields & Required<ItemIdentifiers>>,
): Promise<void> {
  if (rows.length === 0) return;
  await tx.item.createMany({
    data: rows.map(({ details, ...row }) => ({ ...row, ...jsonDetails(details) })),
  });
}

/** Writes the fields given; identifiers only when given (a source that lacks one never erases it). */
export async function updateItem(
  tx: Tx,
  id: number,
  fields: Partial<ItemFields> & ItemIdentifiers,
): Promise<void> {
  const { details, ...rest } = fields;
  await tx.item.update({ where: { id }, data: { ...rest, ...jsonDetails(details) } });
}

function jsonDetails(details: unknown): { details?: Prisma.InputJsonValue } {
  return details === undefined ? {} : { details: details as Prisma.InputJsonValue };
}

/** Which of these item ids exist. */
export async function existingItemIds(db: DbClient, ids: readonly number[]): Promise<Set<number>> {
  const rows = await db.item.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** The item's kind, or null when there is no such item. */
export async function findItemKind(db: DbClient, id: number): Promise<ItemKind | null> {
  const item = await db.item.findUnique({ where: { id }, select: { kind: true } });
  return item?.kind ?? null;
}

export async function setScopeOverride(
  db: DbClient,
  id: number,
  scope: PresentationScope | null,
): Promise<void> {
  await db.item.update({ where: { id }, data: { scopeOverride: scope } });
}

/** Sets each item's retracted flag: true for those in `retracted`, false for the others (one statement). */
export async function setRetracted(
  tx: Tx,
  ids: readonly number[],
  retracted: ReadonlySet<number>,
): Promise<void> {
  if (ids.length === 0) return;
  await tx.$executeRaw`
    UPDATE "Item" AS item SET "retracted" = flag.retracted, "updatedAt" = ${new Date().toISOString()}::timestamp(3)
    FROM unnest(${[...ids]}::integer[], ${ids.map((id) => retracted.has(id))}::boolean[]) AS flag(id, retracted)
    WHERE item."id" = flag.id AND item."retracted" <> flag.retracted`;
}
