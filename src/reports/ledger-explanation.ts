import {
  describeClassification,
  type AuthorPosition,
  type Classification,
  type ClassifiedScope,
  type Metric,
} from "../reconcile/classify.ts";
import type { CandidateKind, GrantRole } from "../sources/candidate.ts";

/** Why an item counts (or not) for one faculty member: what `items why` prints, and its JSON. */
export interface LedgerItemExplanation {
  facultyId: string;
  /** The item asked about. */
  itemId: number;
  /** The ledger line's item: the asked one, or the one it is merged into. */
  ledgerItemId: number;
  /** Every item merged into the line, the line's own included. */
  memberItemIds: number[];
  kind: CandidateKind;
  title: string;
  year: number | null;
  venue: string | null;
  counted: boolean;
  metric: Metric | null;
  rule: string;
  rulesVersion: string;
  reason: string;
  scope: ClassifiedScope | null;
  authorPosition: AuthorPosition | null;
  /** Null for a grant, where it does not apply. */
  equalContribution: boolean | null;
  role: GrantRole | null;
  /** Each member's stored records. */
  sources: Array<{ itemId: number; source: string; sourceId: string }>;
  /** Why the members are one item. */
  merged: string[];
  reconciledAt: Date;
}

/** The lines `items why` prints. */
export function renderLedgerItemExplanation(e: LedgerItemExplanation): string[] {
  const classification: Classification = {
    metric: e.metric,
    counted: e.counted,
    rule: e.rule,
    rulesVersion: e.rulesVersion,
    reason: e.reason,
    ...(e.scope ? { scope: e.scope } : {}),
    ...(e.authorPosition ? { authorPosition: e.authorPosition } : {}),
    ...(e.equalContribution !== null ? { equalContribution: e.equalContribution } : {}),
  };
  return [
    `${e.facultyId}, item ${e.ledgerItemId}: "${e.title}"${e.year ? ` (${e.year})` : ""}${e.venue ? `, ${e.venue}` : ""}`,
    ...describeClassification(classification).map((line) => `  ${line}`),
    ...(e.role ? [`  role: ${e.role}`] : []),
    `  items: ${e.memberItemIds.join(", ")}${e.ledgerItemId !== e.itemId ? ` (item ${e.itemId} is merged into ${e.ledgerItemId})` : ""}`,
    `  sources: ${e.sources.map((source) => `${source.source} ${source.sourceId} (item ${source.itemId})`).join("; ")}`,
    ...e.merged.map((reason) => `  merged: ${reason}`),
    `  reconciled: ${e.reconciledAt.toISOString()}`,
  ];
}
