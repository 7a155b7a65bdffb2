import { storedCandidate } from "../sources/registry.ts";
import type { CandidateItem, CandidateKind } from "../sources/candidate.ts";
import type { GrantRole, PresentationScope } from "../sources/candidate.ts";
import {
  classifyItem,
  type AuthorPosition,
  type ClassifiableItem,
  type ClassifiedScope,
  type Metric,
} from "./classify.ts";
import {
  reconcileItems,
  type ReconcileInput,
  type ReconciledGroup,
  type RelationType,
  type SourceInput,
} from "./dedupe.ts";
import type { ClassificationRules } from "./rules.ts";
import { isPresentationScope } from "./scope.ts";

export interface LedgerSummary {
  facultyId: string;
  /** Lines in the ledger (one per item as counted, duplicates merged). */
  entries: number;
  /** Items merged into another line. */
  merged: number;
  /** Lines counted, by metric. */
  byMetric: Partial<Record<Metric, number>>;
  notCounted: number;
}

/** A person's accepted link, with what the ledger reads of its item. */
export interface LedgerLink {
  itemId: number;
  authorPosition: AuthorPosition | null;
  equalContribution: boolean;
  role: GrantRole | null;
  /** A person's choice of the item's scope (a presentation's), over the venue rules. */
  scopeOverride: PresentationScope | null;
  /** The item's stored source records, oldest first. */
  records: ReadonlyArray<{ source: string; sourceId: string; payload: unknown }>;
}

/** A person's merge or split of items. */
export interface LedgerDecision {
  kind: "merge" | "split";
  itemId: number;
  otherItemId: number | null;
}

/** One line of the ledger, as stored. */
export interface LedgerLine {
  facultyId: string;
  itemId: number;
  memberItemIds: number[];
  kind: CandidateKind;
  title: string;
  year: number | null;
  venue: string | null;
  metric: Metric | null;
  counted: boolean;
  rule: string;
  rulesVersion: string;
  reason: string;
  scope: ClassifiedScope | null;
  role: GrantRole | null;
  authorPosition: AuthorPosition | null;
  equalContribution: boolean;
  provenance: {
    why: string[];
    from: ReconciledGroup["view"]["from"];
    sources: ReconciledGroup["view"]["sources"];
  };
  computedAt: Date;
}

/** How one item refers to another, as stored. */
export interface LedgerRelation {
  fromItemId: number;
  toItemId: number;
  type: RelationType;
}

export interface LedgerBuild {
  lines: LedgerLine[];
  /** How items refer to one another (errata, retractions, comments, abstracts), from their records. */
  relations: LedgerRelation[];
  /** The items a retraction retracts. */
  retracted: Set<number>;
  summary: LedgerSummary;
}

/**
 * One person's ledger from their accepted links and the stored source records (pure): dedupe
 * (people's merges and splits win), relations and retractions, then classification by the rules,
 * each line recording the rule and rules version that decided.
 */
export function buildLedger(
  facultyId: string,
  links: readonly LedgerLink[],
  decisions: readonly LedgerDecision[],
  rules: ClassificationRules,
  now: Date,
): LedgerBuild {
  // Every harvested or imported item has its source records; one without (made by hand) says nothing to classify.
  const inputs: ReconcileInput[] = links
    .filter((link) => link.records.length > 0)
    .map((link) => ({ id: link.itemId, records: link.records.map(sourceInput) }));
  const result = reconcileItems(inputs, {
    merges: decisions
      .filter((decision) => decision.kind === "merge" && decision.otherItemId !== null)
      .map((decision) => [decision.itemId, decision.otherItemId!] as const),
    splits: decisions.filter((decision) => decision.kind === "split").map((decision) => decision.itemId),
  });

  const linkByItem = new Map(links.map((link) => [link.itemId, link]));
  const inputById = new Map(inputs.map((input) => [input.id, input]));
  const retracted = new Set(
    result.groups
      .filter((group) => result.retractedIds.includes(group.canonicalId))
      .flatMap((group) => group.memberIds),
  );
  const summary: LedgerSummary = { facultyId, entries: 0, merged: 0, byMetric: {}, notCounted: 0 };
  const lines: LedgerLine[] = [];
  for (const group of result.groups) {
    const members = group.memberIds.map((id) => linkByItem.get(id)!);
    const stated = personStatement(inputById, group.memberIds);
    const override = members.map((member) => member.scopeOverride).find((scope) => scope !== null);
    const item = classifiable(group, stated, override ?? undefined);
    const link = personLink(group, members);
    const classification = classifyItem(item, link, rules);
    summary.entries += 1;
    summary.merged += group.memberIds.length - 1;
    if (classification.metric && classification.counted) {
      summary.byMetric[classification.metric] = (summary.byMetric[classification.metric] ?? 0) + 1;
    } else summary.notCounted += 1;
    lines.push({
      facultyId,
      itemId: group.canonicalId,
      memberItemIds: group.memberIds,
      kind: group.view.kind,
      title: group.view.title,
      year: group.view.year ?? null,
      venue: group.view.venue ?? null,
      metric: classification.metric,
      counted: classification.counted,
      rule: classification.rule,
      rulesVersion: classification.rulesVersion,
      reason: classification.reason,
      scope: classification.scope ?? null,
      role: link.role ?? null,
      authorPosition: classification.authorPosition ?? null,
      equalContribution: classification.equalContribution ?? false,
      provenance: { why: group.why, from: group.view.from, sources: group.view.sources },
      computedAt: now,
    });
  }
  return {
    lines,
    relations: result.relations.map((relation) => ({
      fromItemId: relation.fromId,
      toItemId: relation.toId,
      type: relation.type,
    })),
    retracted,
    summary,
  };
}

function sourceInput(record: { source: string; sourceId: string; payload: unknown }): SourceInput {
  return {
    source: record.source,
    sourceId: record.sourceId,
    candidate: storedCandidate(record.source, record.payload),
  };
}

/** What the person states of an item (a CV row): the first member record that states anything. */
function personStatement(
  inputs: ReadonlyMap<number, ReconcileInput>,
  memberIds: readonly number[],
): Pick<CandidateItem, "peerReviewed" | "scope"> | undefined {
  return memberIds
    .flatMap((id) => inputs.get(id)?.records ?? [])
    .map((record) => record.candidate)
    .find((candidate) => candidate.peerReviewed !== undefined || candidate.scope !== undefined);
}

function classifiable(
  group: ReconciledGroup,
  stated: Pick<CandidateItem, "peerReviewed" | "scope"> | undefined,
  scopeOverride: string | undefined,
): ClassifiableItem {
  const { view } = group;
  const scope = scopeOverride && isPresentationScope(scopeOverride) ? scopeOverride : stated?.scope;
  return {
    kind: view.kind,
    title: view.title,
    ...(view.year !== undefined ? { year: view.year } : {}),
    ...(view.venue !== undefined ? { venue: view.venue } : {}),
    publicationTypes: view.publicationTypes,
    sourceTypes: view.sourceTypes,
    sources: [...new Set(view.sources.map((source) => source.source))],
    ...(stated?.peerReviewed !== undefined ? { peerReviewed: stated.peerReviewed } : {}),
    ...(scope ? { scope } : {}),
    ...(view.grant?.role ? { role: view.grant.role } : {}),
    retracted: view.retracted,
    isNotice: view.notice !== undefined,
    preprint: view.preprint,
    conferenceAbstract: view.conference === "abstract",
  };
}

/** The person's place on the item: the canonical member's author position first, any member's role. */
function personLink(group: ReconciledGroup, members: readonly LedgerLink[]) {
  const ordered = [...members].sort(
    (a, b) => Number(b.itemId === group.canonicalId) - Number(a.itemId === group.canonicalId),
  );
  const position = ordered.find((member) => member.authorPosition !== null)?.authorPosition;
  const role = ordered.find((member) => member.role !== null)?.role;
  return {
    ...(position ? { authorPosition: position } : {}),
    equalContribution: ordered.some((member) => member.equalContribution),
    ...(role ? { role } : {}),
  };
}
