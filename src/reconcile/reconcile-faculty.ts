import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { storedCandidate } from "../sources/registry.ts";
import type { CandidateItem } from "../sources/candidate.ts";
import { classifyItem, type AuthorPosition, type ClassifiableItem, type Metric } from "./classify.ts";
import { reconcileItems, type ReconcileInput, type ReconciledGroup, type SourceInput } from "./dedupe.ts";
import type { ClassificationRules } from "./rules.ts";
import { isPresentationScope } from "./scope.ts";

type Tx = Prisma.TransactionClient;

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

// Two-key advisory lock namespace: one person's ledger is rebuilt by one transaction at a time.
const LEDGER_LOCK_NAMESPACE = 724_061_314;

/**
 * Rebuilds one person's ledger from their accepted links and the stored source records, without
 * calling any API: dedupe (people's merges and splits win), relations and retractions, then
 * classification by the rules, each line recording the rule and rules version that decided.
 * One transaction: the ledger is replaced whole or not at all.
 */
export async function reconcileFaculty(
  db: Db,
  facultyId: string,
  rules: ClassificationRules,
  now = new Date(),
): Promise<LedgerSummary> {
  return db.$transaction((tx) => reconcileInTransaction(tx, facultyId, rules, now), {
    timeout: 120_000,
    maxWait: 30_000,
  });
}

async function reconcileInTransaction(
  tx: Tx,
  facultyId: string,
  rules: ClassificationRules,
  now: Date,
): Promise<LedgerSummary> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${LEDGER_LOCK_NAMESPACE}, hashtext(${facultyId}))`;
  const links = await tx.facultyItem.findMany({
    where: { facultyId, status: "accepted" },
    orderBy: { itemId: "asc" },
    include: {
      item: {
        select: {
          id: true,
          scopeOverride: true,
          sourceRecords: { select: { source: true, sourceId: true, payload: true }, orderBy: { id: "asc" } },
        },
      },
    },
  });
  const itemIds = links.map((link) => link.itemId);
  const decisions = await tx.itemDecision.findMany({
    where: { OR: [{ itemId: { in: itemIds } }, { otherItemId: { in: itemIds } }] },
    orderBy: { id: "asc" },
  });
  // Every harvested or imported item has its source records; one without (made by hand) says nothing to classify.
  const inputs: ReconcileInput[] = links
    .filter((link) => link.item.sourceRecords.length > 0)
    .map((link) => ({ id: link.itemId, records: link.item.sourceRecords.map(sourceInput) }));
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
  const entries: Prisma.LedgerEntryCreateManyInput[] = [];
  for (const group of result.groups) {
    const members = group.memberIds.map((id) => linkByItem.get(id)!);
    const stated = personStatement(inputById, group.memberIds);
    const override = members.map((member) => member.item.scopeOverride).find((scope) => scope !== null);
    const item = classifiable(group, stated, override ?? undefined);
    const link = personLink(group, members);
    const classification = classifyItem(item, link, rules);
    summary.entries += 1;
    summary.merged += group.memberIds.length - 1;
    if (classification.metric && classification.counted) {
      summary.byMetric[classification.metric] = (summary.byMetric[classification.metric] ?? 0) + 1;
    } else summary.notCounted += 1;
    entries.push({
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
      provenance: {
        why: group.why,
        from: group.view.from,
        sources: group.view.sources,
      } as unknown as Prisma.InputJsonValue,
      computedAt: now,
    });
  }

  await tx.ledgerEntry.deleteMany({ where: { facultyId } });
  if (entries.length > 0) await tx.ledgerEntry.createMany({ data: entries });
  // Relations and retraction are facts about the items, derived from their records.
  await tx.itemRelation.deleteMany({ where: { fromItemId: { in: itemIds } } });
  if (result.relations.length > 0) {
    await tx.itemRelation.createMany({
      data: result.relations.map((relation) => ({
        fromItemId: relation.fromId,
        toItemId: relation.toId,
        type: relation.type,
      })),
      skipDuplicates: true,
    });
  }
  const nowRetracted = itemIds.filter((id) => retracted.has(id));
  if (nowRetracted.length > 0) {
    await tx.item.updateMany({
      where: { id: { in: nowRetracted }, retracted: false },
      data: { retracted: true },
    });
  }
  const notRetracted = itemIds.filter((id) => !retracted.has(id));
  if (notRetracted.length > 0) {
    await tx.item.updateMany({
      where: { id: { in: notRetracted }, retracted: true },
      data: { retracted: false },
    });
  }
  return summary;
}

function sourceInput(record: { source: string; sourceId: string; payload: Prisma.JsonValue }): SourceInput {
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

type LoadedLink = {
  authorPosition: string | null;
  equalContribution: boolean;
  role: string | null;
  itemId: number;
};

/** The person's place on the item: the canonical member's author position first, any member's role. */
function personLink(group: ReconciledGroup, members: LoadedLink[]) {
  const ordered = [...members].sort(
    (a, b) => Number(b.itemId === group.canonicalId) - Number(a.itemId === group.canonicalId),
  );
  const position = ordered.find((member) => member.authorPosition !== null)?.authorPosition;
  const role = ordered.find((member) => member.role !== null)?.role;
  return {
    ...(position ? { authorPosition: position as AuthorPosition } : {}),
    equalContribution: ordered.some((member) => member.equalContribution),
    ...(role ? { role } : {}),
  };
}
