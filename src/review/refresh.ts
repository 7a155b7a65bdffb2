import type { Db } from "../db/client.ts";
import { reconcileFaculty, type LedgerSummary } from "../reconcile/reconcile-faculty.ts";
import type { ClassificationRules } from "../reconcile/rules.ts";
import { rescoreFaculty, type RescoreResult, type RescoreSettings } from "./rescore.ts";

/**
 * After a person's decision (or a confirmed profile id) changes the evidence: re-score their
 * automatic links, then rebuild their ledger from what is now accepted.
 */
export async function refreshFaculty(
  db: Db,
  facultyId: string,
  settings: RescoreSettings,
  rules: ClassificationRules,
): Promise<{ rescored: RescoreResult; ledger: LedgerSummary }> {
  const rescored = await rescoreFaculty(db, facultyId, settings);
  const ledger = await reconcileFaculty(db, facultyId, rules);
  return { rescored, ledger };
}
