import { authorPosition, type AuthorPosition, type Evidence } from "../identity/evidence.ts";
import { normalizeDoi } from "../sources/candidate.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { ambiguityEvidence, estimateNameAmbiguity } from "./ambiguity.ts";
import {
  anchoredElsewhere,
  holdUnanchored,
  markAnchors,
  STRONG_KINDS,
  weakenNameAgreement,
} from "./anchors.ts";
import { Clusters, institutionAway } from "./clusters.ts";
import { colleagueEvidence, ColleagueIndex, coauthorsOf } from "./coauthors.ts";
import { AnchorSet, fewItems, RejectedSet, type CoauthorsFor, type ContextRecord } from "./context.ts";
import { careerEvidence, findPast, ownGrantEvidence, publicationYear } from "./evidence.ts";
import { chooseAuthor } from "./find-author.ts";
import { NameHabit } from "./name-habit.ts";
import { writtenName } from "./name-match.ts";
import { OtherHomeTeams } from "./home-teams.ts";
import { OwnPlaces } from "./own-places.ts";
import { twinAnchorEvidence, twinSeparation } from "./twins.ts";
import { UnclaimedRecords } from "./unclaimed.ts";
import {
  applySharedPlaces,
  findSharedOwnPlaces,
  findSharedPlaces,
  institutionOf,
  sharedPlaceCount,
  type SharedPlaces,
} from "./shared-places.ts";
import type { FacultyProfile } from "./profile.ts";
import { decide, DEFAULT_THRESHOLDS, scoreEvidence, type LinkStatus, type Thresholds } from "./score.ts";
import { TWIN_OWN_RECORDS, UNCLAIMED_MAX_OTHER_AUTHORS, WEIGHTS } from "./weights.ts";

/** A PubMed record that may be the person's, with their author position when something already says it. */
export interface ArticleCandidate {
  record: PubmedArticleRecord;
  authorIndex?: number;
}

/** An item that is the person's for sure. */
export interface KnownItem {
  pmid?: string;
  doi?: string;
  /** The PubMed record, when the item has one: what co-author, journal and subject evidence is read from. */
  record?: PubmedArticleRecord;
  authorIndex?: number;
  /** person: a person accepted the link; orcid: the work is on their own ORCID record. */
  via: "person" | "orcid";
}

/** An item a person rejected for this faculty member: never linked again, and its co-authors count against. */
export interface RejectedItem {
  pmid?: string;
  doi?: string;
  record?: PubmedArticleRecord;
  authorIndex?: number;
}

export interface ScoringContext {
  accepted: readonly KnownItem[];
  rejected: readonly RejectedItem[];
}

export interface ArticleScore {
  pmid: string;
  /** The author taken to be the person; undefined when none could be. */
  authorIndex?: number;
  authorPosition?: AuthorPosition;
  equalContribution: boolean;
  /** 0-100: 50 plus the evidence weights, clamped. */
  score: number;
  status: LinkStatus;
  evidence: Evidence[];
  /** True when the link was sure enough on its own to count as evidence for the others. */
  anchor: boolean;
}

interface Scored {
  candidate: ArticleCandidate;
  known: KnownItem | undefined;
  authorIndex: number | undefined;
  intrinsic: Evidence[];
  decisive: boolean;
  score: number;
  /** A roster colleague's name fits the author as well as theirs. */
  twin: boolean;
  /** Only separating evidence anchors it: a twin's, or a name written unlike theirs (name-habit.ts). */
  separateOnly: boolean;
}

/**
 * Scores each candidate link between the person and a PubMed record. Evidence is anchored: name
 * agreement and corroboration (journals, subjects, roster colleagues) never accept a link alone;
 * it needs an anchor (ANCHOR_KINDS in weights.ts). In order:
 *
 * 1. Evidence on the matched author alone (ORCID, name, affiliation in its years, e-mail, roster
 *    colleagues, their grants, year). Links anchored by it and sure enough on it alone, the items
 *    a person accepted and the works on their ORCID record are the anchored items: only they feed
 *    the profile (co-authors, journals, subjects, grants), so no link lifts itself and no cluster
 *    of namesake papers lifts itself by turns. Links anchored elsewhere (another ORCID iD, another
 *    institution after their hire, another department at home) are the namesakes' known items.
 * 2. The records are clustered (shared co-authors, ORCID iDs, institutions); the name's ambiguity
 *    is estimated from the results and weakens name agreement.
 * 3. One pass adding what the anchored items, the namesakes' items, the person's rejections and
 *    the clusters say; then a link without an anchor is held below the accept threshold.
 *
 * Items a person accepted or rejected are not re-decided: they get no result. Results follow the
 * candidates' order; the same input always gives the same output.
 */
export function scoreFacultyArticles(
  profile: FacultyProfile,
  candidates: readonly ArticleCandidate[],
  context: ScoringContext,
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): ArticleScore[] {
  const accepted = new ItemLookup(context.accepted);
  const rejected = new ItemLookup(context.rejected);
  const colleagues = new ColleagueIndex(profile.colleagues);
  // Roster colleagues write with everyone in the division, and with both twins: clusters and the
  // namesakes' co-authors leave them out, and a twin's co-author evidence too. Recurring on a
  // person's anchored items, they are that person's collaborators like anyone else.
  const withoutColleagues: CoauthorsFor = (record, index) =>
    coauthorsOf(record, index, (author) => colleagues.find(author) !== undefined);

  const scored: Scored[] = [];
  const seen = new Set<string>();
  for (const candidate of candidates) {
    const { record } = candidate;
    if (seen.has(record.pmid)) continue;
    seen.add(record.pmid);
    const known = accepted.find(record);
    if (known?.via === "person" || rejected.find(record)) continue;
    scored.push(intrinsicScore(profile, colleagues, candidate, known));
  }

  // A name written otherwise than their own records always write it may be another author's.
  const ownRecords = new Map(
    [
      ...knownRecords(profile, context.accepted, colleagues),
      ...scored
        .filter((link) => link.intrinsic.some((piece) => OWN_NAME_KINDS.has(piece.kind) && piece.weight > 0))
        .map((link) => ({
          key: link.candidate.record.pmid,
          record: link.candidate.record,
          authorIndex: link.authorIndex,
        })),
    ].map((item) => [item.key, item]),
  );
  const habit = new NameHabit(
    [...ownRecords.values()].flatMap(({ record, authorIndex }) => {
      const author = authorIndex === undefined ? undefined : record.authors[authorIndex];
      return author ? [author] : [];
    }),
  );
  for (const link of scored) {
    if (link.authorIndex === undefined || link.decisive) continue;
    const author = link.candidate.record.authors[link.authorIndex]!;
    const unlike = habit.evidence(author, writtenName(author).display);
    if (!unlike) continue;
    link.intrinsic.push(unlike);
    link.separateOnly = true;
    link.score = scoreEvidence(link.intrinsic).score;
  }

  // Where another author of the name works too, the institution anchors nothing (shared-places.ts).
  const places = findSharedPlaces(
    profile,
    scored.map((link) => ({
      key: link.candidate.record.pmid,
      record: link.candidate.record,
      authorIndex: link.authorIndex,
      intrinsic: link.intrinsic,
    })),
  );
  for (const link of scored) {
    link.intrinsic = applySharedPlaces(
      profile,
      {
        key: link.candidate.record.pmid,
        ...link.candidate,
        authorIndex: link.authorIndex,
        intrinsic: link.intrinsic,
      },
      places,
    );
    if (link.twin && link.authorIndex !== undefined)
      link.intrinsic.push(...separateTwin(profile, colleagues, link));
    link.score = scoreEvidence(link.intrinsic).score;
  }
  // With a namesake at home, roster colleagues (who write with everyone there) tell the two apart
  // no more than for twins: only the person's other recurring co-authors anchor.
  const sharedHome = places.home !== undefined;

  const toRecord = (link: Scored): ContextRecord => ({
    key: link.candidate.record.pmid,
    record: link.candidate.record,
    authorIndex: link.authorIndex,
  });
  const knownItems = knownRecords(profile, context.accepted, colleagues);
  // Places their own records show them at before their hire anchor records there in nearby years.
  const ownPlaces = new OwnPlaces(
    [
      ...knownItems,
      ...scored
        .filter((link) => link.intrinsic.some((piece) => STRONG_KINDS.has(piece.kind) && piece.weight > 0))
        .map(toRecord),
    ],
    profile.homeTerms,
  );
  // ... unless the results show another author of the name there too, as for a past employer. (The
  // name's ambiguity already counts such a place among the other institutions.)
  const sharedOwnPlaces = findSharedOwnPlaces(
    profile,
    scored.map((link) => ({ ...toRecord(link), intrinsic: link.intrinsic })),
    ownPlaces.names(),
    ownPlaces.sources,
  );
  for (const link of scored) {
    const at = link.intrinsic.findIndex(
      (piece) => piece.kind === "affiliation_elsewhere" && piece.weight === WEIGHTS.elsewhereBeforeHire,
    );
    if (at < 0 || link.decisive) continue;
    const own = ownPlaces.evidence(toRecord(link), link.intrinsic[at]!, sharedOwnPlaces);
    if (!own) continue;
    link.intrinsic = link.intrinsic.map((piece, index) => (index === at ? own : piece));
    link.score = scoreEvidence(link.intrinsic).score;
  }
  const nameFits = scored.filter((link) => link.authorIndex !== undefined && nameFitsWithoutConflict(link));
  const sharedAway = sharedInstitutions(profile, scored.map(toRecord), places, sharedOwnPlaces);
  const clusters = new Clusters(
    [...knownItems, ...nameFits.map(toRecord)],
    withoutColleagues,
    profile.homeTerms,
    sharedAway,
  );
  // Another author of the name at home, seen by a team of home records none of their own
  // records' co-authors writes with (home-teams.ts): there the home affiliation anchors nothing.
  const otherHomeTeams = new OtherHomeTeams(
    scored.map((link) => ({ ...toRecord(link), intrinsic: link.intrinsic })),
    [
      ...knownItems,
      ...scored
        .filter((link) => link.intrinsic.some((piece) => STRONG_KINDS.has(piece.kind) && piece.weight > 0))
        .map(toRecord),
    ],
    clusters,
    withoutColleagues,
  );
  for (const link of scored) {
    if (link.decisive) continue;
    link.intrinsic = otherHomeTeams.apply(link.candidate.record.pmid, link.intrinsic);
    link.score = scoreEvidence(link.intrinsic).score;
  }
  const selfAnchored = scored.filter(
    (link) =>
      link.authorIndex !== undefined &&
      link.score >= thresholds.accept &&
      markAnchors(
        link.intrinsic.map((piece) => ({ ...piece })),
        link.separateOnly,
      ).some((piece) => piece.anchor),
  );
  const selfAnchoredSet = new Set(selfAnchored);
  // Records at a place away from home where another author of the name works: that author meets
  // the person's collaborators there, and pairs of them join the two authors' records into one
  // cluster, which then tells nothing apart.
  const atSharedAway = new Set(
    scored
      .map(toRecord)
      .filter((item) => {
        const place = institutionAway(item, profile.homeTerms);
        return place !== undefined && sharedAway.has(place);
      })
      .map((item) => item.key),
  );
  const undated = new Set(scored.filter((link) => anchoredByUndatedPastOnly(profile, link)));
  // Records of the name a co-author could tie a record without affiliation to (unclaimed.ts).
  const unclaimed = new UnclaimedRecords(
    [...scored.map(toRecord), ...knownRecords(profile, context.rejected, colleagues)],
    withoutColleagues,
  );
  const scoreRound = (allAnchored: readonly Scored[]): ArticleScore[] => {
    // A past employer of unknown years anchors its own link, but feeds the profile only from a
    // cluster that also holds an item anchored otherwise: a namesake there in the same years
    // would otherwise lend the person their collaborators.
    const bridges = new Set([
      ...knownItems.map((item) => item.key),
      ...allAnchored.filter((link) => !undated.has(link)).map((link) => link.candidate.record.pmid),
    ]);
    const anchoredLinks = allAnchored.filter(
      (link) =>
        !undated.has(link) ||
        clusters
          .clusterOf(link.candidate.record.pmid)
          .some((member) => member !== link.candidate.record.pmid && bridges.has(member)),
    );
    const anchoredKeys = new Set([...knownItems, ...anchoredLinks.map(toRecord)].map((item) => item.key));
    // Items anchored in an earlier round by what others say of them (their cluster, their
    // co-authors): that is still what anchors them now, so it is said again.
    const liftedKeys = new Set(
      anchoredLinks.filter((link) => !selfAnchoredSet.has(link)).map((link) => link.candidate.record.pmid),
    );
    const elsewhere = scored.filter(
      (link) =>
        link.authorIndex !== undefined &&
        !anchoredKeys.has(link.candidate.record.pmid) &&
        anchoredElsewhere(link.intrinsic),
    );
    const elsewhereKeys = new Set(elsewhere.map((link) => link.candidate.record.pmid));
    const strongKeys = new Set([
      ...knownItems.map((item) => item.key),
      ...anchoredLinks
        .filter((link) => link.intrinsic.some((piece) => STRONG_KINDS.has(piece.kind) && piece.weight > 0))
        .map((link) => link.candidate.record.pmid),
    ]);

    const ambiguity = estimateNameAmbiguity(
      profile,
      nameFits.map(toRecord),
      clusters,
      anchoredKeys,
      sharedPlaceCount(places),
    );

    const anchors = new AnchorSet(
      [...knownItems, ...anchoredLinks.map(toRecord)],
      new Set(profile.grants.map((grant) => grant.key)),
    );
    anchors.coauthorsToAnchor = ambiguity.otherAuthors >= AMBIGUOUS_NAME_AUTHORS ? 2 : 1;
    const rejectedSet = new RejectedSet(knownRecords(profile, context.rejected, colleagues));
    const elsewhereSet = new RejectedSet(elsewhere.map(toRecord), withoutColleagues, {
      kind: "coauthors_elsewhere",
      what: "by another author of this name (another ORCID iD, institution or department)",
      each: WEIGHTS.elsewhereCoauthor,
      cap: WEIGHTS.elsewhereCoauthorCap,
    });

    return scored.map((link) => {
      const { record } = link.candidate;
      const index = link.authorIndex;
      const key = record.pmid;
      let evidence: Evidence[];
      if (index === undefined || link.decisive) evidence = link.intrinsic.map((piece) => ({ ...piece }));
      else {
        evidence = [
          ...weakenNameAgreement(link.intrinsic, ambiguity),
          ...anchors.evidence(key, record, index, {
            elsewhere: elsewhereSet,
            // Anchored elsewhere itself: one shared co-author is not enough to make it theirs.
            ...(elsewhereKeys.has(key) ? { coauthorsToAnchor: 2 } : {}),
            ...(link.separateOnly || sharedHome
              ? { candidateCoauthors: withoutColleagues(record, index) }
              : {}),
          }),
          ...rejectedSet.evidence(key, record, index, anchors),
          ...(elsewhereKeys.has(key) ? [] : elsewhereSet.evidence(key, record, index, anchors)),
          // Where a namesake works at home, or the name may be a roster colleague's or another
          // author's, a roster colleague on the record tells nothing apart.
          // With several other authors of the name in the results, some have a record or two of
          // their own only: nothing ties such a record to them, and it is no more the person's.
          ...(link.separateOnly ||
          sharedHome ||
          elsewhereKeys.has(key) ||
          !nameFitsWithoutConflict(link) ||
          ambiguity.otherAuthors > UNCLAIMED_MAX_OTHER_AUTHORS
            ? []
            : unclaimed.evidence(toRecord(link), link.intrinsic, anchoredKeys)),
        ];
        evidence.push(
          ...clusterEvidence(key, record, evidence, {
            clusters,
            anchoredKeys,
            liftedKeys,
            strongKeys,
            elsewhereKeys,
            elsewhere,
            anchors,
            atSharedAway,
            twin: link.twin,
          }),
          ...ambiguityEvidence(ambiguity),
        );
      }
      markAnchors(evidence, link.separateOnly);
      if (!link.decisive) evidence.push(...holdUnanchored(evidence, link.separateOnly, thresholds));
      const { score } = scoreEvidence(evidence);
      const author = index === undefined ? undefined : record.authors[index];
      return {
        pmid: record.pmid,
        ...(index !== undefined
          ? { authorIndex: index, authorPosition: positionAmongPeople(record, index) }
          : {}),
        equalContribution: author?.equalContribution ?? false,
        score,
        status: decide(score, thresholds),
        evidence,
        anchor: anchors.has(record.pmid),
      };
    });
  };

  // Items anchored by their co-authors become anchored items in turn, for a second round: their
  // own co-authors then reach further. Only anchored items feed it, so corroboration never does.
  // Records only the person can be the author of (ORCID, e-mail, their grant, ORCID works).
  const ownRecordCount =
    knownItems.length +
    scored.filter(
      (link) =>
        !link.known && link.intrinsic.some((piece) => STRONG_KINDS.has(piece.kind) && piece.weight > 0),
    ).length;
  let anchoredLinks = selfAnchored;
  let results = scoreRound(anchoredLinks);
  for (let round = 1; round < ANCHOR_ROUNDS; round++) {
    const known = new Set(anchoredLinks);
    const lifted = scored.filter(
      (link, at) =>
        !known.has(link) &&
        link.authorIndex !== undefined &&
        // A twin's record lifted by co-authors or its cluster stays accepted, but lends a person
        // whose own records are many (TWIN_OWN_RECORDS) none of its collaborators: theirs are
        // known from those, both twins may write with the ones that lifted it, and its others
        // would then lift the twin's records in turn (main 15151: 29 of one twin's records
        // accepted for the other in the second round, from 8 so lifted in the first).
        !(link.twin && ownRecordCount >= TWIN_OWN_RECORDS) &&
        results[at]!.status === "accepted" &&
        results[at]!.evidence.some((piece) => piece.anchor),
    );
    if (lifted.length === 0) break;
    anchoredLinks = [...anchoredLinks, ...lifted];
    results = scoreRound(anchoredLinks);
  }
  return results;
}

/**
 * The institutions, folded as clusters compare them, where the results show another author of the
 * name: their own places with one (by name already), and every name the records give a past
 * employer with one.
 */
function sharedInstitutions(
  profile: FacultyProfile,
  records: readonly ContextRecord[],
  places: SharedPlaces,
  ownPlaces: ReadonlyMap<string, unknown>,
): Set<string> {
  const shared = new Set(ownPlaces.keys());
  if (places.past.size === 0) return shared;
  for (const item of records) {
    const place = institutionAway(item, profile.homeTerms);
    if (place === undefined || item.authorIndex === undefined) continue;
    const found = findPast(item.record.authors[item.authorIndex]!.affiliations, profile.pastPositions);
    if (found && places.past.has(institutionOf(profile, found.position.term))) shared.add(place);
  }
  return shared;
}

/** Whether the link's only anchor is a past employer whose years nobody gave (roster, undated ORCID). */
function anchoredByUndatedPastOnly(profile: FacultyProfile, link: Scored): boolean {
  if (link.authorIndex === undefined) return false;
  const anchoring = markAnchors(
    link.intrinsic.map((piece) => ({ ...piece })),
    link.separateOnly,
  ).filter((piece) => piece.anchor);
  if (anchoring.length === 0 || anchoring.some((piece) => piece.kind !== "affiliation_past")) return false;
  const found = findPast(
    link.candidate.record.authors[link.authorIndex]!.affiliations,
    profile.pastPositions,
  );
  return (
    found !== undefined && found.position.startYear === undefined && found.position.endYear === undefined
  );
}

/** Rounds of anchoring: the first from the items' own evidence, the next from co-authors of anchored items. */
const ANCHOR_ROUNDS = 2;

/** Estimated other authors of the name from which one shared co-author no longer anchors. */
const AMBIGUOUS_NAME_AUTHORS = 3;

/** Evidence on a record that only the person can be its author: what their name habit is read from. */
const OWN_NAME_KINDS: ReadonlySet<string> = new Set(["orcid_match", "orcid_record", "email_match"]);

const NAME_CONFLICTS: ReadonlySet<string> = new Set([
  "first_name_conflict",
  "middle_initial_conflict",
  "no_author_matched",
]);

function nameFitsWithoutConflict(link: Scored): boolean {
  return !link.intrinsic.some(
    (piece) =>
      NAME_CONFLICTS.has(piece.kind) ||
      (piece.kind === "colleague_namesake" && piece.weight === WEIGHTS.colleagueFitsBetter),
  );
}

/**
 * What the record's cluster says: carried from anchored items in it when it holds one only the
 * person can have (ORCID, e-mail, their grant, an item a person accepted) or several anchored by
 * affiliation; against it when its items are anchored elsewhere and none is theirs.
 */
function clusterEvidence(
  key: string,
  record: PubmedArticleRecord,
  evidence: readonly Evidence[],
  sets: {
    clusters: Clusters;
    anchoredKeys: ReadonlySet<string>;
    /** Anchored items anchored by an earlier round's evidence, not their own: their cluster still speaks. */
    liftedKeys: ReadonlySet<string>;
    strongKeys: ReadonlySet<string>;
    elsewhereKeys: ReadonlySet<string>;
    elsewhere: readonly Scored[];
    anchors: AnchorSet;
    /** Records at a place away from home where another author of the name works too. */
    atSharedAway: ReadonlySet<string>;
    /** The link's name fits a roster twin as well. */
    twin: boolean;
  },
): Evidence[] {
  const exclude = sets.anchors.exclusions(key, record);
  const members = sets.clusters.clusterOf(key).filter((member) => !exclude.has(member));
  if (members.length === 0) return [];
  const anchored = members.filter((member) => sets.anchoredKeys.has(member));
  const away = members.filter((member) => sets.elsewhereKeys.has(member));
  const otherOrcid = sets.elsewhere.some(
    (link) =>
      away.includes(link.candidate.record.pmid) &&
      link.intrinsic.some((piece) => piece.kind === "orcid_conflict"),
  );
  // For twins, a cluster that also holds the other twin's own records (their ORCID iD, e-mail,
  // items) was joined through collaborators of both: it does not tell them apart.
  const twinsRecords = sets.twin
    ? sets.elsewhere
        .filter(
          (link) =>
            away.includes(link.candidate.record.pmid) &&
            link.intrinsic.some((piece) => piece.kind === "twin_anchor"),
        )
        .map((link) => link.candidate.record.pmid)
    : [];
  if ((sets.anchoredKeys.has(key) && !sets.liftedKeys.has(key)) || sets.elsewhereKeys.has(key)) return [];
  const strong = anchored.filter((member) => sets.strongKeys.has(member));
  const coauthorAnchor = evidence.some((piece) => piece.kind === "coauthors_shared" && piece.anchor);
  if (
    (strong.length > 0 || anchored.length >= 2) &&
    !otherOrcid &&
    !coauthorAnchor &&
    twinsRecords.length > 0
  )
    return [
      {
        kind: "cluster_anchored",
        weight: WEIGHTS.clusterNotSeparating,
        reason: `in a cluster of ${members.length + 1} records with ${anchored.length} anchored ${anchored.length > 1 ? "items" : "item"}, but also ${twinsRecords.length} of the roster colleague's of the same name (their ORCID iD, e-mail or own items): it does not tell the two apart, no anchor`,
        items: fewItems([...anchored.slice(0, 3), ...twinsRecords.slice(0, 2)]),
      },
    ];
  if ((strong.length > 0 || anchored.length >= 2) && !otherOrcid && !coauthorAnchor) {
    // Where another author of the name works too, or through collaborators who write with another
    // author of the name too, pairs of shared collaborators join that author's records to the
    // person's cluster: it corroborates, but anchors nothing.
    const sharedPlace = evidence.some(
      (piece) => piece.kind === "affiliation_shared" || piece.kind === "affiliation_other_team",
    );
    // A cluster holding records at a place away from home where another author of the name works
    // may hold that author's records too: it anchors none of its members.
    const sharedAwayMembers = members.filter((member) => sets.atSharedAway.has(member));
    if (sharedPlace || sharedAwayMembers.length > 0 || sets.anchors.sharesOnlyNamesakesCollaborators(record))
      return [
        {
          kind: "cluster_anchored",
          weight: WEIGHTS.clusterNotSeparating,
          reason: `in a cluster of ${members.length + 1} records with ${anchored.length} anchored ${anchored.length > 1 ? "items" : "item"}, but ${sharedPlace ? "at a place where another author of this name works too" : sharedAwayMembers.length > 0 ? `holding ${sharedAwayMembers.length} ${sharedAwayMembers.length > 1 ? "records" : "record"} at a place away from home where another author of this name works too, whose records it may have joined` : "joined through co-authors who write with another author of this name too"}: no anchor`,
          items: fewItems(anchored),
        },
      ];
    return [
      {
        kind: "cluster_anchored",
        weight: WEIGHTS.clusterAnchored,
        reason: `in a cluster of ${members.length + 1} records (shared co-authors, ORCID iD, institution) with ${anchored.length} anchored ${anchored.length > 1 ? "items" : "item"}`,
        items: fewItems(anchored),
      },
    ];
  }
  if (anchored.length === 0 && away.length > 0) {
    return [
      {
        kind: "cluster_elsewhere",
        weight: WEIGHTS.clusterElsewhere,
        reason: `in a cluster of ${members.length + 1} records by an author anchored elsewhere (${otherOrcid ? "another ORCID iD" : "another institution or department"}), none of them theirs`,
        items: fewItems(away),
      },
    ];
  }
  return [];
}

function intrinsicScore(
  profile: FacultyProfile,
  colleagues: ColleagueIndex,
  candidate: ArticleCandidate,
  known: KnownItem | undefined,
): Scored {
  const { record } = candidate;
  const year = publicationYear(record);
  const choice = chooseAuthor(profile, record, year, {
    knownIndex: candidate.authorIndex ?? known?.authorIndex,
    colleagues,
  });
  const intrinsic: Evidence[] = [];
  if (known) {
    intrinsic.push({
      kind: "orcid_record",
      weight: WEIGHTS.orcidRecord,
      reason: "the work is on their own ORCID record",
    });
  }
  intrinsic.push(...choice.evidence);
  if (choice.index !== undefined) intrinsic.push(...colleagueEvidence(colleagues, record, choice.index));
  intrinsic.push(...ownGrantEvidence(profile, record), ...careerEvidence(profile, year));
  const twin = intrinsic.some((item) => item.indistinguishableFrom !== undefined);
  if (twin && choice.index !== undefined) {
    const colleague = colleagues.bestMatch(record.authors[choice.index]!);
    if (colleague)
      intrinsic.push(
        ...twinAnchorEvidence(profile, colleague.colleague, colleague.display, record, choice.index),
      );
  }
  return {
    candidate,
    known,
    authorIndex: choice.index,
    intrinsic,
    decisive: intrinsic.some((item) => Math.abs(item.weight) >= 100),
    score: scoreEvidence(intrinsic).score,
    twin,
    separateOnly: twin,
  };
}

/** What tells the matched author apart from the roster colleague whose name fits as well (twins.ts). */
function separateTwin(profile: FacultyProfile, colleagues: ColleagueIndex, link: Scored): Evidence[] {
  const { record } = link.candidate;
  const author = record.authors[link.authorIndex!]!;
  const twin = colleagues.bestMatch(author);
  if (!twin) return [];
  return twinSeparation(
    profile,
    twin.colleague,
    twin.display,
    author,
    publicationYear(record),
    link.intrinsic,
  );
}

/** Known items with PubMed records, the person's author found on each when not given. */
function knownRecords(
  profile: FacultyProfile,
  items: ReadonlyArray<{ record?: PubmedArticleRecord; authorIndex?: number }>,
  colleagues: ColleagueIndex,
): ContextRecord[] {
  return items.flatMap(({ record, authorIndex }) => {
    if (!record) return [];
    const index = authorIndex ?? chooseAuthor(profile, record, publicationYear(record), { colleagues }).index;
    return [{ key: record.pmid, record, authorIndex: index }];
  });
}

/** Positions count people only: a group author at the end does not make the last person "middle". */
function positionAmongPeople(record: PubmedArticleRecord, index: number): AuthorPosition {
  const isPerson = (author: PubmedArticleRecord["authors"][number]): boolean => author.lastName !== undefined;
  const people = record.authors.filter(isPerson).length;
  const before = record.authors.slice(0, index).filter(isPerson).length;
  return authorPosition(before, Math.max(people, before + 1));
}

/** Items found by PMID or DOI. */
class ItemLookup<T extends { pmid?: string; doi?: string; record?: PubmedArticleRecord }> {
  private readonly byPmid = new Map<string, T>();
  private readonly byDoi = new Map<string, T>();

  constructor(items: readonly T[]) {
    for (const item of items) {
      const pmid = item.pmid ?? item.record?.pmid;
      const doi = normalizeDoi(item.doi ?? item.record?.doi);
      if (pmid && !this.byPmid.has(pmid)) this.byPmid.set(pmid, item);
      if (doi && !this.byDoi.has(doi)) this.byDoi.set(doi, item);
    }
  }

  find(record: PubmedArticleRecord): T | undefined {
    const doi = normalizeDoi(record.doi);
    return this.byPmid.get(record.pmid) ?? (doi ? this.byDoi.get(doi) : undefined);
  }
}
