import type { CandidateItem } from "../candidate.ts";
import type { PubmedArticleRecord } from "./types.ts";

/**
 * A PubMed record as a source-neutral candidate (pure). A stored record is read as it was stored,
 * so a list it lacks reads as empty.
 */
export function pubmedToCandidate(stored: PubmedArticleRecord): CandidateItem {
  const record: PubmedArticleRecord = {
    ...stored,
    publicationTypes: stored.publicationTypes ?? [],
    authors: stored.authors ?? [],
    commentsCorrections: stored.commentsCorrections ?? [],
  };
  const date = record.publicationDate ?? record.electronicDate;
  return {
    source: "pubmed",
    sourceId: record.pmid,
    kind: "publication",
    title: record.title,
    ...(date?.year !== undefined ? { year: date.year } : {}),
    ...(date?.month !== undefined ? { month: date.month } : {}),
    ...(date?.day !== undefined ? { day: date.day } : {}),
    ...(record.journal ? { venue: record.journal } : {}),
    ...(record.journalAbbreviation ? { venueAbbreviation: record.journalAbbreviation } : {}),
    ...(record.volume ? { volume: record.volume } : {}),
    ...(record.issue ? { issue: record.issue } : {}),
    ...(record.pages ? { pages: record.pages } : {}),
    pmid: record.pmid,
    ...(record.doi ? { doi: record.doi.toLowerCase() } : {}),
    ...(record.pmcid ? { pmcid: record.pmcid } : {}),
    publicationTypes: record.publicationTypes,
    otherIds: [],
    contributors: record.authors.map((author) => ({
      name: author.collectiveName ?? [author.lastName, author.initials].filter(Boolean).join(" "),
      ...(author.orcid ? { orcid: author.orcid } : {}),
      role: "author",
    })),
    ...(record.journalAbbreviation ? { venueAliases: [record.journalAbbreviation] } : {}),
    ...(record.electronicDate?.year !== undefined ? { electronicYear: record.electronicDate.year } : {}),
    ...(record.commentsCorrections.length > 0
      ? {
          commentsCorrections: record.commentsCorrections.map(({ refType, pmid }) => ({
            refType,
            ...(pmid !== undefined ? { pmid } : {}),
          })),
        }
      : {}),
  };
}
