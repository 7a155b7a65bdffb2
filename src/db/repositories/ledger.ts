/** LedgerEntry and ItemRelation rows: each person's ledger, and how items refer to one another. */
import { Prisma, type LedgerEntry } from "../../generated/prisma/client.ts";
import type { LedgerLine, LedgerRelation } from "../../reconcile/ledger.ts";
import type { DbClient, Tx } from "../client.ts";
import { lockKey } from "./transaction.ts";

export type LedgerEntryRow = LedgerEntry;

// Two-key advisory lock namespace: one person's ledger is rebuilt by one transaction at a time.
const LEDGER_LOCK_NAMESPACE = 724_061_314;

/** The person's ledger is theirs to rebuild until the transaction ends. */
export function lockLedger(tx: Tx, facultyId: string): Promise<void> {
  return lockKey(tx, LEDGER_LOCK_NAMESPACE, facultyId);
}

/** Replaces the person's whole ledger with these lines. */
export async function replaceLedger(
  tx: Tx,
  facultyId: string,
  entries: readonly LedgerLine[],
): Promise<void> {
  await tx.$executeRaw`DELETE FROM "LedgerEntry" WHERE "facultyId" = ${facultyId}`;
  if (entries.length === 0) return;
  await tx.ledgerEntry.createMany({
    data: entries.map((entry) => ({
      ...entry,
      provenance: entry.provenance as unknown as Prisma.InputJsonValue,
    })),
  });
}

/** Replaces the relations from these items. */
export async function replaceRelationsFrom(
  tx: Tx,
  itemIds: readonly number[],
  relations: readonly LedgerRelation[],
): Promise<void> {
  if (itemIds.length > 0)
    await tx.$executeRaw`DELETE FROM "ItemRelation" WHERE "fromItemId" = ANY(${[...itemIds]}::integer[])`;
  if (relations.length === 0) return;
  await tx.itemRelation.createMany({ data: [...relations], skipDuplicates: true });
}

export type LedgerLineRow = Pick<
  LedgerEntryRow,
  | "facultyId"
  | "itemId"
  | "memberItemIds"
  | "kind"
  | "metric"
  | "counted"
  | "title"
  | "venue"
  | "year"
  | "role"
  | "authorPosition"
  | "provenance"
>;

/** These people's ledger lines, by person and item. */
export async function ledgerLines(db: DbClient, facultyIds: readonly string[]): Promise<LedgerLineRow[]> {
  // SQL of our own: every profile page and report reads it, and an ORM read costs several times more.
  return db.$queryRaw<LedgerLineRow[]>`
    SELECT "facultyId", "itemId", "memberItemIds", "kind"::text AS "kind", "metric"::text AS "metric",
           "counted", "title", "venue", "year", "role"::text AS "role",
           "authorPosition"::text AS "authorPosition", "provenance"
    FROM "LedgerEntry" WHERE "facultyId" = ANY(${[...facultyIds]}::text[])
    ORDER BY "facultyId", "itemId"`;
}

/** The person's ledger line holding the item (its own, or the one it is merged into). */
export async function ledgerEntryHolding(
  db: DbClient,
  facultyId: string,
  itemId: number,
): Promise<LedgerEntryRow | null> {
  return db.ledgerEntry.findFirst({
    where: { facultyId, OR: [{ itemId }, { memberItemIds: { has: itemId } }] },
  });
}

/** How many counted ledger lines each person has per metric (everyone's, or these people's). */
export async function countedByMetric(
  db: DbClient,
  facultyIds?: readonly string[],
): Promise<Array<{ facultyId: string; metric: string; count: number }>> {
  // Counted in SQL of our own: the web app's lists ask on every request.
  return db.$queryRaw<Array<{ facultyId: string; metric: string; count: number }>>`
    SELECT "facultyId", "metric"::text AS "metric", count(*)::int AS "count" FROM "LedgerEntry"
    WHERE "counted" AND "metric" IS NOT NULL
      ${facultyIds ? Prisma.sql`AND "facultyId" = ANY(${[...facultyIds]}::text[])` : Prisma.empty}
    GROUP BY "facultyId", "metric"`;
}

/** One person's whole ledger, every field, newest year first. */
export async function ledgerEntriesOf(db: DbClient, facultyId: string): Promise<LedgerEntryRow[]> {
  return db.$queryRaw<LedgerEntryRow[]>`
    SELECT "facultyId", "itemId", "memberItemIds", "kind"::text AS "kind", "title", "year", "venue",
           "metric"::text AS "metric", "counted", "rule", "rulesVersion", "reason", "scope"::text AS "scope",
           "role"::text AS "role", "authorPosition"::text AS "authorPosition", "equalContribution",
           "provenance", "computedAt"
    FROM "LedgerEntry" WHERE "facultyId" = ${facultyId}
    ORDER BY "year" DESC NULLS LAST, "itemId"`;
}
