import type { Db } from "../db/client.ts";
import { UserError } from "../errors.ts";
import { checkDecider } from "../review/decide.ts";
import { isPresentationScope, PRESENTATION_SCOPES } from "./scope.ts";

export interface ItemDecisionRequest {
  kind: "merge" | "split";
  itemId: number;
  /** The item to merge with (merge only). */
  otherItemId?: number;
  decidedBy: string;
  note?: string | null;
}

/**
 * Records a person's merge of two items, or split of one from whatever it was merged with. It wins
 * over the automatic dedupe at every later reconciliation. Returns the faculty members linked to
 * the items, whose ledgers need rebuilding.
 */
export async function recordItemDecision(db: Db, request: ItemDecisionRequest): Promise<string[]> {
  const decidedBy = checkDecider(request.decidedBy);
  const ids = [request.itemId, ...(request.otherItemId !== undefined ? [request.otherItemId] : [])];
  if (
    request.kind === "merge" &&
    (request.otherItemId === undefined || request.otherItemId === request.itemId)
  ) {
    throw new UserError("a merge needs two different items");
  }
  const found = await db.item.findMany({ where: { id: { in: ids } }, select: { id: true } });
  const missing = ids.filter((id) => !found.some((item) => item.id === id));
  if (missing.length > 0) throw new UserError(`No item with id ${missing.join(", ")}`);
  await db.itemDecision.create({
    data: {
      kind: request.kind,
      itemId: request.itemId,
      otherItemId: request.otherItemId ?? null,
      decidedBy,
      decidedAt: new Date(),
      note: request.note?.trim() || null,
    },
  });
  return linkedFaculty(db, ids);
}

/** Sets (or with null, clears) a person's choice of a presentation's scope, over the venue rules. */
export async function setScopeOverride(db: Db, itemId: number, scope: string | null): Promise<string[]> {
  if (scope !== null && !isPresentationScope(scope)) {
    throw new UserError(`"${scope}" is not a scope: ${PRESENTATION_SCOPES.join(", ")} (or none)`);
  }
  const item = await db.item.findUnique({ where: { id: itemId }, select: { kind: true } });
  if (!item) throw new UserError(`No item with id ${itemId}`);
  if (item.kind !== "presentation")
    throw new UserError(`Item ${itemId} is a ${item.kind}; only presentations have a scope`);
  await db.item.update({ where: { id: itemId }, data: { scopeOverride: scope } });
  return linkedFaculty(db, [itemId]);
}

async function linkedFaculty(db: Db, itemIds: number[]): Promise<string[]> {
  const links = await db.facultyItem.findMany({
    where: { itemId: { in: itemIds } },
    select: { facultyId: true },
    distinct: ["facultyId"],
    orderBy: { facultyId: "asc" },
  });
  return links.map((link) => link.facultyId);
}
