import type { Db, Tx } from "../db/client.ts";
import { findFaculty, reporterProfileHolder, setReporterProfileId } from "../db/repositories/faculty.ts";
import { existingItemIds, itemIdsByPmid } from "../db/repositories/items.ts";
import {
  countReviewLinks,
  findLink,
  findLinkForExplanation,
  findLinksForExplanation,
  linksForReview,
  linksNearestScore,
  upsertLink,
  type LinkForExplanation,
  type ReviewLinkQuery,
} from "../db/repositories/links.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { decide, describeScore, scoreEvidence, type Thresholds } from "../disambiguation/index.ts";
import { UsageError, UserError } from "../errors.ts";
import { storedEvidence, SYSTEM_DECIDER, type Evidence } from "../identity/evidence.ts";
import type { LinkExplanation } from "../reports/link-explanation.ts";
import type { ClassificationRules } from "../reconcile/rules.ts";
import { getFaculty, missingFaculty } from "./faculty.ts";
import { forEachPerson, type ManyPeopleOptions } from "./many-people.ts";
import { reconcileFaculty, type LedgerSummary } from "./reconcile.ts";
import { rescoreFaculty, type RescoreResult, type RescoreSettings } from "./rescore.ts";
import { rosterColleagues, rosterTwins } from "./roster-colleagues.ts";

export type { LinkExplanation } from "../reports/link-explanation.ts";

export type Decision = "accept" | "reject";

export interface DecisionRequest {
  facultyId: string;
  itemId: number;
  decision: Decision;
  note?: string | null;
  /** Who decided: a person, never the automatic decider. */
  decidedBy: string;
  /** The signed-in user who decided; absent for the CLI and imports, which have no user. */
  decidedByUserId?: number | null;
}

export interface DecisionOutcome {
  facultyId: string;
  itemId: number;
  status: "accepted" | "rejected";
  /** The link before, or null when the person linked an item no harvest had linked to them. */
  previous: { status: string; decidedBy: string } | null;
  /** False when the same person had already made the same decision with the same note. */
  changed: boolean;
  /** Set when accepting a RePORTER grant matched by name confirmed the PI's profile id. */
  confirmedReporterProfileId?: number;
}

const STATUS: Record<Decision, "accepted" | "rejected"> = { accept: "accepted", reject: "rejected" };

export function checkDecider(decidedBy: string): string {
  const name = decidedBy.trim();
  if (name === "") throw new UsageError("a decision needs the name of whoever made it (--by)");
  if (name === SYSTEM_DECIDER) {
    throw new UsageError(`"${SYSTEM_DECIDER}" is the automatic decider; give a person's name (--by)`);
  }
  return name;
}

/**
 * Records people's accept/reject decisions in one transaction. A person's decision wins over the
 * automatic status, survives later harvests and re-scoring, and records who decided and when.
 * Deciding on an item that is not yet linked to the person links it.
 */
export async function recordDecisions(
  db: Db,
  requests: readonly DecisionRequest[],
  now = new Date(),
): Promise<DecisionOutcome[]> {
  return inTransaction(db, (tx) => applyDecisions(tx, requests, now));
}

export async function applyDecisions(
  tx: Tx,
  requests: readonly DecisionRequest[],
  now: Date,
): Promise<DecisionOutcome[]> {
  // A wrong name is a mistake on the command line: said before anything about the data.
  const deciders = requests.map((request) => checkDecider(request.decidedBy));
  await checkTargetsExist(tx, requests);
  const outcomes: DecisionOutcome[] = [];
  for (const [index, request] of requests.entries()) {
    const decidedBy = deciders[index]!;
    const status = STATUS[request.decision];
    const note = request.note?.trim() ? request.note.trim() : null;
    const key = { facultyId: request.facultyId, itemId: request.itemId };
    const existing = await findLink(tx, key);
    const outcome: DecisionOutcome = {
      ...key,
      status,
      previous: existing ? { status: existing.status, decidedBy: existing.decidedBy } : null,
      changed: false,
    };
    const decidedByUserId = request.decidedByUserId ?? null;
    const same =
      existing !== null &&
      existing.status === status &&
      existing.decidedBy === decidedBy &&
      existing.decidedByUserId === decidedByUserId &&
      existing.note === note;
    if (!same) {
      outcome.changed = true;
      const decision = { status, decidedBy, decidedByUserId, decidedAt: now, note };
      // A new link has no evidence; an existing one keeps its evidence beside the person's decision.
      await upsertLink(tx, { ...key, ...decision, evidence: [] }, decision);
    }
    if (status === "accepted" && existing) {
      const confirmed = await confirmReporterProfile(tx, request.facultyId, existing.evidence);
      if (confirmed !== undefined) outcome.confirmedReporterProfileId = confirmed;
    }
    outcomes.push(outcome);
  }
  return outcomes;
}

async function checkTargetsExist(tx: Tx, requests: readonly DecisionRequest[]): Promise<void> {
  const itemIds = [...new Set(requests.map((request) => request.itemId))];
  // One after the other: a transaction's statements share one connection.
  const unknownFaculty = await missingFaculty(
    tx,
    requests.map((request) => request.facultyId),
  );
  const knownItems = await existingItemIds(tx, itemIds);
  const missingItems = itemIds.filter((id) => !knownItems.has(id));
  const problems = [
    ...(unknownFaculty.length > 0 ? [`no faculty member with id ${unknownFaculty.join(", ")}`] : []),
    ...(missingItems.length > 0 ? [`no item with id ${missingItems.join(", ")}`] : []),
  ];
  if (problems.length > 0) throw new UserError(`Nothing decided: ${problems.join("; ")}`);
}

/**
 * Accepting a grant that RePORTER matched by name confirms the matched PI's profile id, unless the
 * person already has one or someone else holds it: later harvests then search by it.
 */
async function confirmReporterProfile(
  tx: Tx,
  facultyId: string,
  evidence: unknown,
): Promise<number | undefined> {
  const profileId = storedEvidence(evidence).find(
    (piece) => piece.kind === "reporter_name" && typeof piece.reporterProfileId === "number",
  )?.reporterProfileId;
  if (profileId === undefined) return undefined;
  const person = await findFaculty(tx, facultyId);
  if (person?.reporterProfileId !== null) return undefined;
  if ((await reporterProfileHolder(tx, profileId)) !== null) return undefined;
  await setReporterProfileId(tx, facultyId, profileId);
  return profileId;
}

export interface ReviewQueueRow {
  facultyId: string;
  facultyName: string;
  itemId: number;
  kind: string;
  title: string;
  year: number | null;
  venue: string | null;
  pmid: string | null;
  status: string;
  score: number | null;
  /** The piece of evidence that weighs most, either way. */
  strongest: string | null;
  /**
   * The roster colleague this link's author could be just as well ("Alda Lockman-Leffler (F064)"):
   * the two are indistinguishable by name, and only ORCID, e-mail or their own co-authors decide.
   */
  indistinguishableFrom: string | null;
}

export interface ReviewQueueQuery {
  facultyId?: string;
  /** Only these people (an actor's scope); everyone when absent. */
  facultyIds?: readonly string[];
  /** pending by default; rejected shows what was set aside automatically. */
  status?: "pending" | "accepted" | "rejected";
  limit?: number;
}

/**
 * Links awaiting a person's decision, most uncertain first: the nearer a score is to the middle of
 * the review band, the less the evidence says either way. Links with no score come first.
 */
export async function reviewQueue(
  db: Db,
  thresholds: Thresholds,
  query: ReviewQueueQuery = {},
): Promise<ReviewQueueRow[]> {
  const linkQuery = reviewLinkQuery(query);
  const middle = (thresholds.accept + thresholds.reject) / 2;
  // With a limit, only the links nearest the middle are read, not every pending link there is.
  const links =
    query.limit === undefined
      ? await linksForReview(db, linkQuery)
      : await linksNearestScore(db, linkQuery, middle, query.limit);
  const uncertainty = (score: number | null) => (score === null ? -1 : Math.abs(score - middle));
  const rows = links
    .map((link): ReviewQueueRow => ({
      facultyId: link.facultyId,
      facultyName: `${link.faculty.lastName}, ${link.faculty.firstName}`,
      itemId: link.itemId,
      kind: link.item.kind,
      title: link.item.title,
      year: link.item.year,
      venue: link.item.venue,
      pmid: link.item.pmid,
      status: link.status,
      score: link.score,
      strongest: strongestReason(link.evidence),
      indistinguishableFrom:
        storedEvidence(link.evidence).find((piece) => piece.indistinguishableFrom)?.indistinguishableFrom ??
        null,
    }))
    .sort(
      (a, b) =>
        uncertainty(a.score) - uncertainty(b.score) ||
        a.facultyId.localeCompare(b.facultyId) ||
        a.itemId - b.itemId,
    );
  return query.limit === undefined ? rows : rows.slice(0, query.limit);
}

function reviewLinkQuery(query: ReviewQueueQuery): ReviewLinkQuery {
  const status = query.status ?? "pending";
  return {
    status,
    ...(query.facultyId ? { facultyId: query.facultyId } : {}),
    ...(query.facultyIds ? { facultyIds: query.facultyIds } : {}),
    automaticOnly: status !== "pending",
  };
}

/** How many links the review queue holds in all, whatever its limit: counted, not read. */
export function countReviewQueue(db: Db, query: Omit<ReviewQueueQuery, "limit"> = {}): Promise<number> {
  return countReviewLinks(db, reviewLinkQuery(query));
}

function strongestReason(evidence: unknown): string | null {
  let best: Evidence | undefined;
  for (const piece of storedEvidence(evidence))
    if (!best || Math.abs(piece.weight) > Math.abs(best.weight)) best = piece;
  return best ? `${best.weight > 0 ? "+" : ""}${best.weight} ${best.reason}` : null;
}

/** Everything behind one link: each piece of evidence with its weight, the total, and who decided. */
export async function explainLink(
  db: Db,
  facultyId: string,
  itemId: number,
  thresholds: Thresholds,
): Promise<LinkExplanation> {
  const link = await findLinkForExplanation(db, { facultyId, itemId });
  if (!link) {
    await getFaculty(db, facultyId, "quoted");
    if (!(await existingItemIds(db, [itemId])).has(itemId)) throw new UserError(`No item with id ${itemId}`);
    throw new UserError(`Item ${itemId} is not linked to ${facultyId}`);
  }
  const [evidence] = await withItemIds(db, [storedEvidence(link.evidence)]);
  return explanationOf(link, evidence!, thresholds);
}

/**
 * explainLink for several of one person's links, in item id order, in two queries whatever their
 * number (a profile lists dozens); ids that are not linked to the person are left out.
 */
export async function explainLinks(
  db: Db,
  facultyId: string,
  itemIds: readonly number[],
  thresholds: Thresholds,
): Promise<LinkExplanation[]> {
  if (itemIds.length === 0) return [];
  const links = await findLinksForExplanation(db, facultyId, itemIds);
  const evidence = await withItemIds(
    db,
    links.map((link) => storedEvidence(link.evidence)),
  );
  return links.map((link, index) => explanationOf(link, evidence[index]!, thresholds));
}

function explanationOf(
  link: LinkForExplanation,
  evidence: Evidence[],
  thresholds: Thresholds,
): LinkExplanation {
  const { score } = scoreEvidence(evidence);
  return {
    facultyId: link.facultyId,
    facultyName: `${link.faculty.lastName}, ${link.faculty.firstName}`,
    itemId: link.itemId,
    kind: link.item.kind,
    title: link.item.title,
    year: link.item.year,
    venue: link.item.venue,
    pmid: link.item.pmid,
    doi: link.item.doi,
    sources: [...new Set(link.item.sourceRecords.map((record) => record.source))],
    status: link.status,
    decidedBy: link.decidedBy,
    decidedAt: link.decidedAt,
    note: link.note,
    authorIndex: link.authorIndex,
    authorPosition: link.authorPosition,
    evidence,
    arithmetic: describeScore(evidence),
    score,
    automaticStatus: decide(score, thresholds),
    thresholds,
  };
}

/**
 * Each evidence line's source items (PMIDs) with their item ids, so a reviewer can follow the
 * chain: for several links' evidence at once, in one query.
 */
async function withItemIds(db: Db, evidences: Evidence[][]): Promise<Evidence[][]> {
  const pmids = [...new Set(evidences.flat().flatMap((piece) => piece.items ?? []))];
  if (pmids.length === 0) return evidences;
  const found = await itemIdsByPmid(db, pmids);
  const idByPmid = new Map(found.map((item) => [item.pmid, item.id] as const));
  return evidences.map((evidence) =>
    evidence.map((piece) =>
      piece.items
        ? {
            ...piece,
            itemIds: piece.items.flatMap((pmid) => (idByPmid.has(pmid) ? [idByPmid.get(pmid)!] : [])),
          }
        : piece,
    ),
  );
}

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
  // A roster twin's scoring reads this person's own items: what is theirs may change with them.
  for (const twinId of await twinIdsOf(db, facultyId, settings)) {
    await rescoreFaculty(db, twinId, settings);
    await reconcileFaculty(db, twinId, rules);
  }
  return { rescored, ledger };
}

async function twinIdsOf(db: Db, facultyId: string, settings: RescoreSettings): Promise<string[]> {
  const person = await findFaculty(db, facultyId);
  if (!person) return [];
  return rosterTwins(await rosterColleagues(db, settings.roster), person).map((twin) => twin.id);
}

/** Re-scores and rebuilds the ledgers of these people, a few at once (see refreshFaculty). */
export function refreshMany(
  db: Db,
  facultyIds: readonly string[],
  settings: RescoreSettings,
  rules: ClassificationRules,
  options: ManyPeopleOptions,
): Promise<Array<{ rescored: RescoreResult; ledger: LedgerSummary }>> {
  return forEachPerson(facultyIds, options, (facultyId) => refreshFaculty(db, facultyId, settings, rules));
}
