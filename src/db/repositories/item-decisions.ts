/** ItemDecision rows: people's merges and splits, which win over dedupe at every reconciliation. */
import type { ItemDecision } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type ItemDecisionRow = ItemDecision;

/** The decisions about any of these items (as the item or the other item), oldest first. */
export async function decisionsAbout(db: DbClient, itemIds: readonly number[]): Promise<ItemDecisionRow[]> {
  return db.itemDecision.findMany({
    where: { OR: [{ itemId: { in: [...itemIds] } }, { otherItemId: { in: [...itemIds] } }] },
    orderBy: { id: "asc" },
  });
}

export async function createItemDecision(db: DbClient, decision: Omit<ItemDecisionRow, "id">): Promise<void> {
  await db.itemDecision.create({ data: decision });
}
