import type { Queue } from "bullmq";
import type { Db } from "../db/client.ts";
import { setRetracted } from "../db/repositories/items.ts";
import { decisionsAbout } from "../db/repositories/item-decisions.ts";
import { lockLedger, replaceLedger, replaceRelationsFrom } from "../db/repositories/ledger.ts";
import { acceptedLinksForLedger } from "../db/repositories/links.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { HARVEST_JOB_OPTIONS, reconcileJobId, type ReconcileJobData } from "../queue/definitions.ts";
import { buildLedger, type LedgerSummary } from "../reconcile/ledger.ts";
import type { ClassificationRules } from "../reconcile/rules.ts";
import { forEachPerson, type ManyPeopleOptions } from "./many-people.ts";

export type { LedgerSummary } from "../reconcile/ledger.ts";
export type { ManyPeopleOptions } from "./many-people.ts";

/**
 * Rebuilds one person's ledger from their accepted links and the stored source records, without
 * calling any API (src/reconcile/ledger.ts). One transaction: the ledger, the relations between
 * its items and their retracted flags are replaced whole or not at all.
 */
export async function reconcileFaculty(
  db: Db,
  facultyId: string,
  rules: ClassificationRules,
  now = new Date(),
): Promise<LedgerSummary> {
  return inTransaction(db, async (tx) => {
    await lockLedger(tx, facultyId);
    const links = await acceptedLinksForLedger(tx, facultyId);
    const itemIds = links.map((link) => link.itemId);
    const decisions = await decisionsAbout(tx, itemIds);
    const built = buildLedger(facultyId, links, decisions, rules, now);
    await replaceLedger(tx, facultyId, built.lines);
    // Relations and retraction are facts about the items, derived from their records.
    await replaceRelationsFrom(tx, itemIds, built.relations);
    await setRetracted(tx, itemIds, built.retracted);
    return built.summary;
  });
}

/** Rebuilds these people's ledgers, a few at once (see reconcileFaculty). */
export function reconcileMany(
  db: Db,
  facultyIds: readonly string[],
  rules: ClassificationRules,
  options: ManyPeopleOptions,
): Promise<LedgerSummary[]> {
  return forEachPerson(facultyIds, options, (facultyId) => reconcileFaculty(db, facultyId, rules));
}

/** Asks for the person's ledger to be rebuilt once a harvest job of theirs has stored its records. */
export async function queueReconcile(queue: Queue, facultyId: string, afterJobId: string): Promise<void> {
  const data: ReconcileJobData = { facultyId, after: afterJobId };
  await queue.add("reconcile", data, {
    ...HARVEST_JOB_OPTIONS,
    jobId: reconcileJobId(facultyId, afterJobId),
  });
}

/** Waits until the reconcile queue has nothing waiting or running (for `harvest --wait` and the demo). */
export async function waitForReconcileQueue(queue: Queue, pollMs = 250, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.getJobCounts(
      "waiting",
      "active",
      "delayed",
      "prioritized",
      "waiting-children",
    );
    if (Object.values(counts).every((count) => count === 0)) return;
    if (Date.now() > deadline) throw new Error(`reconciliation still running after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
