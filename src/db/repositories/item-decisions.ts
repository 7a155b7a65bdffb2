/** ItemDecision rows: people's merges and splits, which win over dedupe at every reconciliation. */
import type { ItemDecision } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type ItemDecisionRow = ItemDecision;

/** The decisions about any of these items (as the item or the other item), oldest first. */
export async function decisionsAbout(db: DbClient, itemIds: readonly number[]): Promise<ItemDecisionRow[]> {
  if (itemIds.length === 0) return [];
  // One statement of our own: every ledger rebuild reads it.
  return db.$queryRaw<ItemDecisionRow[]>`
    SELECT "id", "kind"::text AS "kind", "itemId", "otherItemId", "decidedBy", "decidedAt", "note"
    FROM "ItemDecision"
    WHERE "itemId" = ANY(${[...itemIds]}::integer[]) OR "otherItemId" = ANY(${[...itemIds]}::integer[])
    ORDER BY "id"`;
}

export async function createItemDecision(db: DbClient, decision: Omit<ItemDecisionRow, "id">): Promise<void> {
  await db.itemDecision.create({ data: decision });
}
