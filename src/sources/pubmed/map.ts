import type { CandidateItem } from "../../reconcile/candidate.ts";
import type { PubmedArticleRecord } from "./types.ts";

/** A PubMed record as a source-neutral candidate (pure). */
export function pubmedToCandidate(record: PubmedArticleRecord): CandidateItem {
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
  };
}
