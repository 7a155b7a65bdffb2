import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import {
  scoreFacultyArticles,
  type ArticleScore,
  type KnownItem,
} from "../../src/disambiguation/score-articles.ts";
import { DEFAULT_THRESHOLDS, type Thresholds } from "../../src/disambiguation/score.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

/** The person's candidate records scored as re-scoring scores them, with the items they accepted. */
export function scoreRecords(
  input: FacultyProfileInput,
  records: readonly PubmedArticleRecord[],
  accepted: KnownItem[] = [],
  thresholds: Thresholds = DEFAULT_THRESHOLDS,
): ArticleScore[] {
  return scoreFacultyArticles(
    buildFacultyProfile(input),
    records.map((record) => ({ record })),
    { accepted, rejected: [] },
    thresholds,
  );
}

/** The kinds of evidence a link was scored on, in order. */
export const evidenceKinds = (link: ArticleScore): string[] => link.evidence.map((piece) => piece.kind);
