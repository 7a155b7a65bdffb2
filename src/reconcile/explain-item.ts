import type { Db } from "../db/client.ts";
import { UserError } from "../errors.ts";
import { describeClassification, type Classification } from "./classify.ts";

/**
 * Why an item counts (or not) for one faculty member, as `items why` prints it: the ledger line
 * that holds it (its own, or the one it is merged into), the rule and rules version that decided,
 * its sources, and why its members are one item.
 */
export async function explainLedgerItem(db: Db, facultyId: string, itemId: number): Promise<string[]> {
  const entry = await db.ledgerEntry.findFirst({
    where: { facultyId, OR: [{ itemId }, { memberItemIds: { has: itemId } }] },
  });
  if (!entry) {
    const person = await db.faculty.findUnique({ where: { id: facultyId }, select: { id: true } });
    if (!person) throw new UserError(`No faculty member with id ${facultyId}`);
    throw new UserError(
      `Item ${itemId} is not in ${facultyId}'s ledger: it is not linked to them, not accepted yet, ` +
        `or not reconciled (run \`scholartrack reconcile --faculty ${facultyId}\`)`,
    );
  }
  const provenance = entry.provenance as {
    why?: string[];
    sources?: Array<{ itemId: number; source: string; sourceId: string }>;
  };
  const classification: Classification = {
    metric: entry.metric as Classification["metric"],
    counted: entry.counted,
    rule: entry.rule,
    rulesVersion: entry.rulesVersion,
    reason: entry.reason,
    ...(entry.scope ? { scope: entry.scope as Classification["scope"] } : {}),
    ...(entry.authorPosition
      ? { authorPosition: entry.authorPosition as Classification["authorPosition"] }
      : {}),
    ...(entry.kind !== "grant" ? { equalContribution: entry.equalContribution } : {}),
  };
  return [
    `${facultyId}, item ${entry.itemId}: "${entry.title}"${entry.year ? ` (${entry.year})` : ""}${entry.venue ? `, ${entry.venue}` : ""}`,
    ...describeClassification(classification).map((line) => `  ${line}`),
    ...(entry.role ? [`  role: ${entry.role}`] : []),
    `  items: ${entry.memberItemIds.join(", ")}${entry.itemId !== itemId ? ` (item ${itemId} is merged into ${entry.itemId})` : ""}`,
    `  sources: ${(provenance.sources ?? []).map((source) => `${source.source} ${source.sourceId} (item ${source.itemId})`).join("; ")}`,
    ...(provenance.why ?? []).map((reason) => `  merged: ${reason}`),
    `  reconciled: ${entry.computedAt.toISOString()}`,
  ];
}
