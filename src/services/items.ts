import type { Db } from "../db/client.ts";
import { createItemDecision } from "../db/repositories/item-decisions.ts";
import {
  existingItemIds,
  findItemKind,
  setScopeOverride as writeScopeOverride,
} from "../db/repositories/items.ts";
import { ledgerEntryHolding, type LedgerEntryRow } from "../db/repositories/ledger.ts";
import { facultyLinkedTo } from "../db/repositories/links.ts";
import { UsageError, UserError } from "../errors.ts";
import { isPresentationScope, PRESENTATION_SCOPES } from "../reconcile/scope.ts";
import type { LedgerItemExplanation } from "../reports/ledger-explanation.ts";
import { requireFaculty } from "./faculty.ts";
import { checkDecider } from "./review.ts";

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
    throw new UsageError("a merge needs two different items");
  }
  const found = await existingItemIds(db, ids);
  const missing = ids.filter((id) => !found.has(id));
  if (missing.length > 0) throw new UserError(`No item with id ${missing.join(", ")}`);
  await createItemDecision(db, {
    kind: request.kind,
    itemId: request.itemId,
    otherItemId: request.otherItemId ?? null,
    decidedBy,
    decidedAt: new Date(),
    note: request.note?.trim() || null,
  });
  return facultyLinkedTo(db, ids);
}

/** Sets (or with null, clears) a person's choice of a presentation's scope, over the venue rules. */
export async function setScopeOverride(db: Db, itemId: number, scope: string | null): Promise<string[]> {
  if (scope !== null && !isPresentationScope(scope)) {
    throw new UsageError(`"${scope}" is not a scope: ${PRESENTATION_SCOPES.join(", ")} (or none)`);
  }
  const kind = await findItemKind(db, itemId);
  if (kind === null) throw new UserError(`No item with id ${itemId}`);
  if (kind !== "presentation")
    throw new UserError(`Item ${itemId} is a ${kind}; only presentations have a scope`);
  await writeScopeOverride(db, itemId, scope);
  return facultyLinkedTo(db, [itemId]);
}

/**
 * Why an item counts (or not) for one faculty member, as `items why` shows it: the ledger line
 * that holds it (its own, or the one it is merged into), the rule and rules version that decided,
 * its sources, and why its members are one item.
 */
export async function explainLedgerItem(
  db: Db,
  facultyId: string,
  itemId: number,
): Promise<LedgerItemExplanation> {
  const entry = await ledgerEntryHolding(db, facultyId, itemId);
  if (!entry) {
    await requireFaculty(db, facultyId);
    throw new UserError(
      `Item ${itemId} is not in ${facultyId}'s ledger: it is not linked to them, not accepted yet, ` +
        `or not reconciled (run \`scholartrack reconcile --faculty ${facultyId}\`)`,
    );
  }
  return ledgerExplanation(entry, facultyId, itemId);
}

/** A ledger line as `items why` explains it, for the item asked about (its own, or a member of it). */
export function ledgerExplanation(
  entry: LedgerEntryRow,
  facultyId: string,
  itemId: number,
): LedgerItemExplanation {
  const provenance = entry.provenance as {
    why?: string[];
    sources?: Array<{ itemId: number; source: string; sourceId: string }>;
  };
  return {
    facultyId,
    itemId,
    ledgerItemId: entry.itemId,
    memberItemIds: entry.memberItemIds,
    kind: entry.kind,
    title: entry.title,
    year: entry.year,
    venue: entry.venue,
    counted: entry.counted,
    metric: entry.metric,
    rule: entry.rule,
    rulesVersion: entry.rulesVersion,
    reason: entry.reason,
    scope: entry.scope,
    authorPosition: entry.authorPosition,
    equalContribution: entry.kind === "grant" ? null : entry.equalContribution,
    role: entry.role,
    sources: (provenance.sources ?? []).map(({ itemId: member, source, sourceId }) => ({
      itemId: member,
      source,
      sourceId,
    })),
    merged: provenance.why ?? [],
    reconciledAt: entry.computedAt,
  };
}
