import type { Db } from "../db/client.ts";
import {
  buildFacultyProfile,
  scoreFacultyArticles,
  scoreGrantLink,
  type ArticleCandidate,
  type ColleagueName,
  type GrantLinkCandidate,
  type KnownItem,
  type RejectedItem,
  type Thresholds,
} from "../disambiguation/index.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import { storedEvidence, type Evidence } from "../identity/evidence.ts";
import type { CandidateItem } from "../sources/candidate.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";

type Tx = Prisma.TransactionClient;

export interface RescoreSettings {
  thresholds: Thresholds;
  /** Whether works on the person's own ORCID record count as theirs (ORCID_LINK_STATUS=accepted). */
  orcidWorksAreTheirs: boolean;
}

export interface RescoreResult {
  /** Automatic links scored. */
  scored: number;
  /** Automatic links whose status, score or evidence changed. */
  changed: number;
}

// Two-key advisory lock namespace: one person's links are re-scored by one transaction at a time.
const RESCORE_LOCK_NAMESPACE = 724_061_313;

/** Re-scores one faculty member's automatic links in a transaction of its own. */
export async function rescoreFaculty(
  db: Db,
  facultyId: string,
  settings: RescoreSettings,
): Promise<RescoreResult> {
  return db.$transaction((tx) => rescoreFacultyLinks(tx, facultyId, settings), {
    timeout: 120_000,
    maxWait: 30_000,
  });
}

/**
 * Scores every automatic link of the person again from the stored source records (no API is
 * called) and writes what changed: after a harvest brings new records, and after a person accepts
 * or rejects items (which changes the co-author, journal and subject evidence of the others).
 * People's decisions are never touched.
 */
export async function rescoreFacultyLinks(
  tx: Tx,
  facultyId: string,
  settings: RescoreSettings,
): Promise<RescoreResult> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RESCORE_LOCK_NAMESPACE}, hashtext(${facultyId}))`;
  const faculty = await tx.faculty.findUnique({ where: { id: facultyId } });
  if (!faculty) return { scored: 0, changed: 0 };
  const [links, colleagues] = await Promise.all([
    tx.facultyItem.findMany({
      where: { facultyId },
      orderBy: { itemId: "asc" },
      include: {
        item: {
          select: {
            kind: true,
            pmid: true,
            doi: true,
            sourceRecords: { select: { source: true, sourceId: true, payload: true } },
          },
        },
      },
    }),
    tx.faculty.findMany({
      where: { id: { not: facultyId } },
      select: { lastName: true, firstName: true, middleName: true },
    }),
  ]);

  const views = links.map((link) => linkView(link, faculty.orcid));
  const known: KnownItem[] = [];
  const rejected: RejectedItem[] = [];
  const grantNumbers: string[] = [];
  for (const view of views) {
    const { link } = view;
    const byPerson = link.decidedBy !== SYSTEM_DECIDER;
    const ids = {
      ...(link.item.pmid ? { pmid: link.item.pmid } : {}),
      ...(link.item.doi ? { doi: link.item.doi } : {}),
    };
    const record = view.pubmed ? { record: view.pubmed } : {};
    const authorIndex = link.authorIndex !== null ? { authorIndex: link.authorIndex } : {};
    if (byPerson && link.status === "rejected") {
      rejected.push({ ...ids, ...record, ...authorIndex });
      continue;
    }
    const theirs =
      (byPerson && link.status === "accepted") ||
      (settings.orcidWorksAreTheirs && view.onOrcidRecord && !(byPerson && link.status !== "accepted"));
    if (theirs && link.item.kind !== "grant") {
      known.push({ ...ids, ...record, ...authorIndex, via: byPerson ? "person" : "orcid" });
    }
    if (theirs && link.item.kind === "grant") grantNumbers.push(...view.grantNumbers);
    // An award found by their confirmed profile id is theirs for the other links' evidence.
    if (
      link.item.kind === "grant" &&
      matchOf(link.evidence, faculty.reporterProfileId)?.kind === "profile_id"
    ) {
      grantNumbers.push(...view.grantNumbers);
    }
  }

  const profile = buildFacultyProfile({
    ...faculty,
    grantNumbers,
    colleagues: colleagues satisfies ColleagueName[],
  });
  const context = { accepted: known, rejected };
  const automatic = views.filter((view) => view.link.decidedBy === SYSTEM_DECIDER);

  const updates: Array<{
    itemId: number;
    data: Prisma.FacultyItemUpdateManyMutationInput;
    statusChanged: boolean;
  }> = [];
  const articleViews = automatic.filter(
    (view) => view.pubmed !== undefined && view.link.item.kind !== "grant",
  );
  const articleCandidates: ArticleCandidate[] = articleViews.map((view) => ({
    record: view.pubmed!,
    ...(view.link.authorIndex !== null ? { authorIndex: view.link.authorIndex } : {}),
  }));
  const articleScores = new Map(
    scoreFacultyArticles(profile, articleCandidates, context, settings.thresholds).map((score) => [
      score.pmid,
      score,
    ]),
  );
  for (const view of articleViews) {
    const result = articleScores.get(view.pubmed!.pmid);
    if (!result) continue;
    updates.push(
      changes(view.link, {
        status: result.status,
        score: result.score,
        evidence: result.evidence,
        authorIndex: result.authorIndex ?? null,
        authorPosition: result.authorPosition ?? null,
        equalContribution: result.equalContribution,
      }),
    );
  }

  for (const view of automatic) {
    if (!view.reporter || view.link.item.kind !== "grant") continue;
    const match = matchOf(view.link.evidence, faculty.reporterProfileId);
    const candidate: GrantLinkCandidate = {
      candidate: view.reporter,
      ...(match ? { match } : {}),
      ...(view.reporter.grant?.institution ? { organization: view.reporter.grant.institution } : {}),
    };
    const result = scoreGrantLink(profile, candidate, context, settings.thresholds);
    updates.push(
      changes(view.link, {
        status: result.status,
        score: result.score,
        evidence: result.evidence,
        authorIndex: view.link.authorIndex,
        authorPosition: view.link.authorPosition,
        equalContribution: view.link.equalContribution,
      }),
    );
  }

  const now = new Date();
  let changed = 0;
  for (const update of updates) {
    if (Object.keys(update.data).length === 0) continue;
    changed += 1;
    // The decidedBy condition keeps a decision a person made meanwhile.
    await tx.facultyItem.updateMany({
      where: { facultyId, itemId: update.itemId, decidedBy: SYSTEM_DECIDER },
      data: { ...update.data, ...(update.statusChanged ? { decidedAt: now } : {}) },
    });
  }
  return { scored: updates.length, changed };
}

type LoadedLink = Prisma.FacultyItemGetPayload<{
  include: {
    item: {
      select: {
        kind: true;
        pmid: true;
        doi: true;
        sourceRecords: { select: { source: true; sourceId: true; payload: true } };
      };
    };
  };
}>;

interface LinkView {
  link: LoadedLink;
  pubmed?: PubmedArticleRecord;
  reporter?: CandidateItem;
  /** The item is on the person's own ORCID record. */
  onOrcidRecord: boolean;
  /** Grant numbers the item's sources give, for a grant. */
  grantNumbers: string[];
}

function linkView(link: LoadedLink, orcid: string | null): LinkView {
  const records = link.item.sourceRecords;
  const pubmed = records.find((record) => record.source === "pubmed")?.payload as
    PubmedArticleRecord | undefined;
  const reporter = records.find((record) => record.source === "reporter")?.payload as
    CandidateItem | undefined;
  const own = orcid
    ? records.filter((record) => record.source === "orcid" && record.sourceId.startsWith(`${orcid}/`))
    : [];
  const grantNumbers = [reporter, ...own.map((record) => record.payload as unknown as CandidateItem)].flatMap(
    (candidate) =>
      [candidate?.grant?.coreProjectNumber, candidate?.grant?.grantNumber].filter(
        (number): number is string => typeof number === "string" && number !== "",
      ),
  );
  return {
    link,
    ...(pubmed ? { pubmed } : {}),
    ...(reporter ? { reporter } : {}),
    onOrcidRecord: own.length > 0,
    grantNumbers,
  };
}

/**
 * How the RePORTER harvest matched the person on a grant, read back from the link's evidence. A
 * name match on a PI whose profile id the person has since confirmed counts as a profile-id match.
 */
function matchOf(
  evidence: Prisma.JsonValue,
  confirmedProfileId: number | null,
): GrantLinkCandidate["match"] | undefined {
  const pieces = storedEvidence(evidence);
  const byProfile = pieces.find((piece) => piece.kind === "reporter_profile_id");
  if (byProfile) {
    return {
      kind: "profile_id",
      reason: byProfile.reason,
      ...(byProfile.reporterProfileId !== undefined ? { profileId: byProfile.reporterProfileId } : {}),
    };
  }
  const byName = pieces.find((piece) => piece.kind === "reporter_name");
  if (!byName) return undefined;
  if (confirmedProfileId !== null && byName.reporterProfileId === confirmedProfileId) {
    return {
      kind: "profile_id",
      reason: `${byName.reason}, their confirmed RePORTER profile id`,
      profileId: confirmedProfileId,
    };
  }
  return {
    kind: "name",
    reason: byName.reason,
    ...(byName.reporterProfileId !== undefined ? { profileId: byName.reporterProfileId } : {}),
  };
}

interface Scored {
  status: "accepted" | "pending" | "rejected";
  score: number;
  evidence: Evidence[];
  authorIndex: number | null;
  authorPosition: string | null;
  equalContribution: boolean;
}

/** The fields that differ between the stored link and its new score; nothing when nothing does. */
function changes(
  link: LoadedLink,
  next: Scored,
): { itemId: number; data: Prisma.FacultyItemUpdateManyMutationInput; statusChanged: boolean } {
  const data: Prisma.FacultyItemUpdateManyMutationInput = {};
  if (link.status !== next.status) data.status = next.status;
  if (link.score !== next.score) data.score = next.score;
  if (JSON.stringify(link.evidence) !== JSON.stringify(next.evidence)) {
    data.evidence = next.evidence as unknown as Prisma.InputJsonValue;
  }
  if (link.authorIndex !== next.authorIndex) data.authorIndex = next.authorIndex;
  if (link.authorPosition !== next.authorPosition) data.authorPosition = next.authorPosition;
  if (link.equalContribution !== next.equalContribution) data.equalContribution = next.equalContribution;
  return { itemId: link.itemId, data, statusChanged: link.status !== next.status };
}
