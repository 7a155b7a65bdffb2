import type { AppConfig } from "../config/env.ts";
import type { Db, Tx } from "../db/client.ts";
import { findFaculty } from "../db/repositories/faculty.ts";
import {
  linksWithRecords,
  updateAutomaticLinks,
  type RescoredLink,
  type LinkWithRecords,
} from "../db/repositories/links.ts";
import { inTransaction, lockKey } from "../db/repositories/transaction.ts";
import {
  buildFacultyProfile,
  scoreFacultyArticles,
  scoreGrantLink,
  type ArticleCandidate,
  type ColleagueInput,
  type GrantLinkCandidate,
  type KnownItem,
  type RejectedItem,
  type Thresholds,
} from "../disambiguation/index.ts";
import { employmentPeriods } from "../identity/employment.ts";
import { storedEvidence, SYSTEM_DECIDER, type AuthorPosition, type Evidence } from "../identity/evidence.ts";
import type { CandidateItem } from "../sources/candidate.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { recordSource } from "../sources/registry.ts";
import type { PersonIds } from "../sources/source.ts";
import { canonical } from "./canonical-json.ts";
import { RosterCache, rosterColleagues, rosterTwins } from "./roster-colleagues.ts";

export type { Thresholds } from "../disambiguation/index.ts";

export interface RescoreSettings {
  thresholds: Thresholds;
  /** Whether works on the person's own ORCID record count as theirs (ORCID_LINK_STATUS=accepted). */
  orcidWorksAreTheirs: boolean;
  /** The roster as last read, kept while it is unchanged (one per process and database). */
  roster?: RosterCache;
}

export interface RescoreResult {
  /** Automatic links scored. */
  scored: number;
  /** Automatic links whose status, score or evidence changed. */
  changed: number;
}

export function thresholdsFrom(
  config: Pick<AppConfig, "SCORE_ACCEPT_THRESHOLD" | "SCORE_REJECT_THRESHOLD">,
): Thresholds {
  return { accept: config.SCORE_ACCEPT_THRESHOLD, reject: config.SCORE_REJECT_THRESHOLD };
}

/** What re-scoring needs from the configuration. */
export function rescoreSettingsFrom(
  config: Pick<AppConfig, "SCORE_ACCEPT_THRESHOLD" | "SCORE_REJECT_THRESHOLD" | "ORCID_LINK_STATUS">,
): RescoreSettings {
  return {
    thresholds: thresholdsFrom(config),
    orcidWorksAreTheirs: config.ORCID_LINK_STATUS === "accepted",
    roster: new RosterCache(),
  };
}

// Two-key advisory lock namespace: one person's links are re-scored by one transaction at a time.
const RESCORE_LOCK_NAMESPACE = 724_061_313;

/** Re-scores one faculty member's automatic links in a transaction of its own. */
export async function rescoreFaculty(
  db: Db,
  facultyId: string,
  settings: RescoreSettings,
): Promise<RescoreResult> {
  return inTransaction(db, (tx) => rescoreFacultyLinks(tx, facultyId, settings));
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
  await lockKey(tx, RESCORE_LOCK_NAMESPACE, facultyId);
  const faculty = await findFaculty(tx, facultyId);
  if (!faculty) return { scored: 0, changed: 0 };
  // One after the other: a transaction's statements share one connection.
  const links = await linksWithRecords(tx, facultyId);
  const roster = await rosterColleagues(tx, settings.roster);

  const views = links.map((link) => linkView(link, faculty));
  const { known, rejected, grantNumbers } = whatIsTheirs(views, faculty, settings);
  // A roster twin's own items and grants tell the two apart (twins.ts): read for twins only.
  const twinIdentities = new Map<string, Pick<ColleagueInput, "grantNumbers" | "ownItems">>();
  for (const { id: twinId } of rosterTwins(roster, faculty)) {
    // Their row, not the roster's: the profile id a harvest confirmed is not in the roster's
    // digest, which would otherwise change with every RePORTER harvest and empty the cache.
    const twin = await findFaculty(tx, twinId);
    if (!twin) continue;
    const theirs = whatIsTheirs(
      (await linksWithRecords(tx, twin.id)).map((link) => linkView(link, twin)),
      twin,
      settings,
    );
    twinIdentities.set(twin.id, {
      grantNumbers: theirs.grantNumbers,
      ownItems: theirs.known.map((item) => ({
        ...(item.pmid ? { pmid: item.pmid } : {}),
        ...(item.doi ? { doi: item.doi } : {}),
        ...(item.authorIndex !== undefined ? { authorIndex: item.authorIndex } : {}),
      })),
    });
  }

  const profile = buildFacultyProfile({
    ...faculty,
    employments: employmentPeriods(faculty.orcidEmployments),
    grantNumbers,
    institutionTerms: roster.institutionTerms,
    colleagues: roster.colleagues.map((colleague): ColleagueInput => ({
      ...colleague,
      ...twinIdentities.get(colleague.id),
    })),
  });
  const context = { accepted: known, rejected };
  const automatic = views.filter((view) => view.link.decidedBy === SYSTEM_DECIDER);

  const updates: Array<RescoredLink | undefined> = [];
  const articleViews = automatic.filter(
    (view) => view.article !== undefined && view.link.item.kind !== "grant",
  );
  const articleCandidates: ArticleCandidate[] = articleViews.map((view) => ({
    record: view.article!,
    ...(view.link.authorIndex !== null ? { authorIndex: view.link.authorIndex } : {}),
  }));
  const articleScores = new Map(
    scoreFacultyArticles(profile, articleCandidates, context, settings.thresholds).map((score) => [
      score.pmid,
      score,
    ]),
  );
  for (const view of articleViews) {
    const result = articleScores.get(view.article!.pmid);
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
    if (!view.grant || view.link.item.kind !== "grant") continue;
    const match = matchOf(view.link.evidence, faculty.reporterProfileId);
    const candidate: GrantLinkCandidate = {
      candidate: view.grant,
      ...(match ? { match } : {}),
      ...(view.grant.grant?.institution ? { organization: view.grant.grant.institution } : {}),
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

  const changed = updates.filter((update): update is RescoredLink => update !== undefined);
  // Only while still automatic: a decision a person made meanwhile stands.
  await updateAutomaticLinks(tx, facultyId, changed, new Date());
  return { scored: updates.length, changed: changed.length };
}

/**
 * The person's items for sure (accepted by a person, or on their own ORCID record when those count
 * as theirs), the items a person rejected for them, and the grant numbers of their awards.
 */
function whatIsTheirs(
  views: readonly LinkView[],
  person: PersonIds,
  settings: RescoreSettings,
): { known: KnownItem[]; rejected: RejectedItem[]; grantNumbers: string[] } {
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
    const record = view.article ? { record: view.article } : {};
    const authorIndex = link.authorIndex !== null ? { authorIndex: link.authorIndex } : {};
    if (byPerson && link.status === "rejected") {
      rejected.push({ ...ids, ...record, ...authorIndex });
      continue;
    }
    const theirs =
      (byPerson && link.status === "accepted") ||
      (settings.orcidWorksAreTheirs && view.onOwnRecord && !(byPerson && link.status !== "accepted"));
    if (theirs && link.item.kind !== "grant") {
      known.push({ ...ids, ...record, ...authorIndex, via: byPerson ? "person" : "orcid" });
    }
    if (theirs && link.item.kind === "grant") grantNumbers.push(...view.grantNumbers);
    // An award found by their confirmed profile id is theirs for the other links' evidence.
    if (
      link.item.kind === "grant" &&
      matchOf(link.evidence, person.reporterProfileId)?.kind === "profile_id"
    ) {
      grantNumbers.push(...view.grantNumbers);
    }
  }
  return { known, rejected, grantNumbers };
}

interface LinkView {
  link: LinkWithRecords;
  /** The record scored by its author list (PubMed's), when the item has one. */
  article?: PubmedArticleRecord;
  /** The grant scored by its principal investigators (RePORTER's), when the item has one. */
  grant?: CandidateItem;
  /** The item is on the person's own record at a source that keeps people's records (ORCID). */
  onOwnRecord: boolean;
  /** Grant numbers the item's sources give, for a grant (none for other items). */
  grantNumbers: string[];
}

/** What each of the item's stored records says, by what its source is (src/sources/registry.ts). */
function linkView(link: LinkWithRecords, person: PersonIds): LinkView {
  const records = link.item.sourceRecords.map((record) => ({
    ...record,
    source: recordSource(record.source),
  }));
  const articleRecord = records.find((record) => record.source.scoredBy === "authors");
  const grantRecord = records.find((record) => record.source.scoredBy === "investigators");
  const ownership = (record: (typeof records)[number]) =>
    record.source.onOwnRecord?.(record.sourceId, person);
  const own = records.filter((record) => ownership(record) === true);
  // Another person's own record (a co-author's ORCID works) says nothing about this one's grants.
  const telling = records.filter((record) => ownership(record) !== false);
  const grant = grantRecord ? grantRecord.source.toCandidate(grantRecord.payload) : undefined;
  const grantNumbers = (link.item.kind === "grant" ? telling : [])
    .map((record) => (record === grantRecord ? grant! : record.source.toCandidate(record.payload)))
    .flatMap((candidate) =>
      [candidate.grant?.coreProjectNumber, candidate.grant?.grantNumber].filter(
        (number): number is string => typeof number === "string" && number !== "",
      ),
    );
  const article = articleRecord?.source.article?.(articleRecord.payload);
  return {
    link,
    ...(article ? { article } : {}),
    ...(grant ? { grant } : {}),
    onOwnRecord: own.length > 0,
    grantNumbers,
  };
}

/**
 * How the RePORTER harvest matched the person on a grant, read back from the link's evidence. A
 * name match on a PI whose profile id the person has since confirmed counts as a profile-id match.
 */
function matchOf(
  evidence: unknown,
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
  authorPosition: AuthorPosition | null;
  equalContribution: boolean;
}

/** The link as scored again, when any of its scored fields differs from the stored one. */
function changes(link: LinkWithRecords, next: Scored): RescoredLink | undefined {
  const same =
    link.status === next.status &&
    link.score === next.score &&
    // Stored evidence comes back from jsonb with its keys reordered: only a change of content is one.
    canonical(link.evidence) === canonical(next.evidence) &&
    link.authorIndex === next.authorIndex &&
    link.authorPosition === next.authorPosition &&
    link.equalContribution === next.equalContribution;
  return same ? undefined : { itemId: link.itemId, ...next, statusChanged: link.status !== next.status };
}
