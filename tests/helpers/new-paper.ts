import type { FictionalDivision } from "../../sandbox/division/types.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

/** A new paper of a faculty member's, copied from one they have, under a PMID and title of its own. */
export function newPaperOf(division: FictionalDivision, facultyId: string, pmid: string): PubmedArticleRecord {
  const theirs = division.truth.find((entry) => entry.facultyId === facultyId)!;
  const original = division.articles.find((article) => article.pmid === theirs.pmid)!;
  return {
    ...structuredClone(original),
    pmid,
    doi: `10.5555/new.${pmid}`,
    title: `A new paper of theirs, number ${pmid}`,
    commentsCorrections: [],
  };
}
