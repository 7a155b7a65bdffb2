import type { Evidence } from "../identity/evidence.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { affiliationEvidence, orcidEvidence } from "./evidence.ts";
import { colleagueNamesakeEvidence, type ColleagueIndex } from "./coauthors.ts";
import { matchName, writtenName } from "./name-match.ts";
import type { FacultyProfile } from "./profile.ts";
import { WEIGHTS } from "./weights.ts";

/** Which author of a record is taken to be the person, with the evidence about that author alone. */
export interface AuthorChoice {
  /** Undefined when no author could be the person. */
  index: number | undefined;
  /** ORCID, name and affiliation evidence on that author (or why none could be chosen). */
  evidence: Evidence[];
}

/**
 * The author carrying the person's ORCID iD; else the author at `knownIndex` when the caller knows
 * it (a person's confirmation, ORCID contributors); else, among the authors whose surname and first
 * initial fit, the one whose own name, ORCID and affiliation say most for the person.
 */
export function chooseAuthor(
  profile: FacultyProfile,
  record: PubmedArticleRecord,
  year: number | undefined,
  options: { knownIndex?: number | undefined; colleagues?: ColleagueIndex } = {},
): AuthorChoice {
  const { knownIndex, colleagues } = options;
  const authors = record.authors;
  const byOrcid = profile.orcid ? authors.findIndex((author) => author.orcid === profile.orcid) : -1;
  const chosen =
    byOrcid >= 0 ? byOrcid : knownIndex !== undefined && authors[knownIndex] ? knownIndex : undefined;
  const indexes = chosen !== undefined ? [chosen] : authors.map((_, index) => index);

  let best: { index: number; evidence: Evidence[]; weight: number } | undefined;
  for (const index of indexes) {
    const author = authors[index]!;
    if (!author.lastName) continue;
    const name = matchName(profile.forms, writtenName(author));
    // A chosen index (ORCID, the caller's) stands even when the name does not fit: a new surname, say.
    if (!name && chosen === undefined) continue;
    const evidence = [
      ...orcidEvidence(profile, author),
      ...(name?.evidence ?? []),
      ...(name && colleagues ? colleagueNamesakeEvidence(colleagues, author, name) : []),
      ...affiliationEvidence(profile, author, year),
    ];
    const weight = evidence.reduce((sum, item) => sum + item.weight, 0);
    if (!best || weight > best.weight) best = { index, evidence, weight };
  }
  if (!best) {
    return {
      index: undefined,
      evidence: [
        {
          kind: "no_author_matched",
          weight: WEIGHTS.noAuthorMatched,
          reason: "no author on the record has a name that fits theirs",
        },
      ],
    };
  }
  return { index: best.index, evidence: best.evidence };
}
