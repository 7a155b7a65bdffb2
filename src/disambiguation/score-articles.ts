import { authorPosition, type AuthorPosition, type Evidence } from "../identity/evidence.ts";
import { normalizeDoi } from "../sources/candidate.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { colleagueEvidence, ColleagueIndex } from "./coauthors.ts";
import { AnchorSet, RejectedSet, type ContextRecord } from "./context.ts";
import { careerEvidence, ownGrantEvidence, publicationYear } from "./evidence.ts";
import { chooseAuthor } from "./find-author.ts";
import type { FacultyProfile } from "./profile.ts";
import { decide, DEFAULT_THRESHOLDS, scoreEvidence, type LinkStatus, type Thresholds } from "./score.ts";
import { WEIGHTS } from "./weights.ts";

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
}

/**
 * Scores each candidate link between the person and a PubMed record, in two steps so that no link
 * lifts itself or a cluster of namesake papers lifts itself by turns:
 *
 * 1. Evidence on the matched author alone (ORCID, name, affiliation, e-mail, roster colleagues,
 *    their grants, year). Links whose score passes the accept threshold on this alone, the items a
 *    person accepted and the works on their ORCID record are the anchors.
 * 2. One pass adding what the anchors (other than the link's own item) say: shared co-authors,
 *    journals, subjects and grants; and co-authors shared with items a person rejected.
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

  const anchors = new AnchorSet(
    [
      ...knownRecords(profile, context.accepted, colleagues),
      ...scored
        .filter((link) => link.authorIndex !== undefined && link.score >= thresholds.accept)
        .map((link) => ({
          key: link.candidate.record.pmid,
          record: link.candidate.record,
          authorIndex: link.authorIndex,
        })),
    ],
    new Set(profile.grants.map((grant) => grant.key)),
  );
  const rejectedSet = new RejectedSet(knownRecords(profile, context.rejected, colleagues));

  return scored.map((link) => {
    const { record } = link.candidate;
    const index = link.authorIndex;
    const evidence =
      index === undefined || link.decisive
        ? link.intrinsic
        : [
            ...link.intrinsic,
            ...anchors.evidence(record.pmid, record, index),
            ...rejectedSet.evidence(record.pmid, record, index, anchors),
          ];
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
  return {
    candidate,
    known,
    authorIndex: choice.index,
    intrinsic,
    decisive: intrinsic.some((item) => Math.abs(item.weight) >= 100),
    score: scoreEvidence(intrinsic).score,
  };
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
