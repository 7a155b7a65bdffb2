/**
 * Formatted citations in a standard style (NLM/Vancouver by default) through citation-js and its
 * CSL plugin, from the bibliographic facts the sources gave. Pure.
 */
import { Cite } from "@citation-js/core";
import "@citation-js/plugin-csl";

export const CITATION_STYLES = ["vancouver", "apa", "harvard1"] as const;
export type CitationStyle = (typeof CITATION_STYLES)[number];

export interface CitableWork {
  id: number;
  kind: "journal-article" | "book-chapter" | "book" | "other";
  title: string;
  /** As the sources give them: "Smith AB" (PubMed) or "Alex B. Smith" (ORCID). */
  authors: string[];
  /** The journal, or for a chapter the book. */
  container: string | null;
  containerShort: string | null;
  year: number | null;
  volume: string | null;
  issue: string | null;
  pages: string | null;
  doi: string | null;
  pmid: string | null;
}

const CSL_TYPES: Record<CitableWork["kind"], string> = {
  "journal-article": "article-journal",
  "book-chapter": "chapter",
  book: "book",
  other: "article",
};

function cslOf(work: CitableWork): Record<string, unknown> {
  return {
    id: String(work.id),
    type: CSL_TYPES[work.kind],
    title: work.title,
    // Names as the sources wrote them: PubMed's "Smith AB" is already Vancouver's form.
    author: work.authors.map((literal) => ({ literal })),
    ...(work.container ? { "container-title": work.container } : {}),
    ...(work.containerShort
      ? { "container-title-short": work.containerShort, journalAbbreviation: work.containerShort }
      : {}),
    ...(work.year !== null ? { issued: { "date-parts": [[work.year]] } } : {}),
    ...(work.volume ? { volume: work.volume } : {}),
    ...(work.issue ? { issue: work.issue } : {}),
    ...(work.pages ? { page: work.pages } : {}),
    ...(work.doi ? { DOI: work.doi } : {}),
    ...(work.pmid ? { PMID: work.pmid } : {}),
  };
}

/**
 * One citation per work, in the order given, as plain text. The style's own numbering is left
 * out (lists number their items), and the DOI and PMID follow, as NLM's style gives them.
 */
export function formatCitations(works: readonly CitableWork[], style: CitationStyle = "vancouver"): string[] {
  return works.map((work) => {
    const text = new Cite([cslOf(work)])
      .format("bibliography", { format: "text", template: style, lang: "en-US" })
      .trim()
      .replace(/^1\.\s+/, "");
    const ids = [work.doi ? `doi:${work.doi}` : null, work.pmid ? `PMID: ${work.pmid}` : null].filter(
      Boolean,
    );
    return ids.length === 0 ? text : `${text} ${ids.join(". ")}.`;
  });
}
