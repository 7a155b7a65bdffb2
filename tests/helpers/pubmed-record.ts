import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

/** An author as MEDLINE lists one: initials from the fore name, nothing else unless given. */
export function medlineAuthor(
  lastName: string,
  foreName: string,
  fields: Partial<PubmedAuthor> = {},
): PubmedAuthor {
  const initials = foreName
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join("");
  return { lastName, foreName, initials, affiliations: [], equalContribution: false, valid: true, ...fields };
}

/** A parsed English journal article with no grants, links, MeSH or keywords unless given. */
export function journalArticle(
  fields: Pick<PubmedArticleRecord, "pmid" | "authors"> & Partial<PubmedArticleRecord>,
): PubmedArticleRecord {
  return {
    kind: "article",
    title: "A study.",
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
    ...fields,
  };
}

/**
 * A builder of journal articles numbered from `firstPmid` on, each in a year and journal of its
 * own or the defaults: small handmade sets of records for the scoring tests.
 */
export function numberedArticles(
  firstPmid: number,
  defaultYear: number,
): (authors: PubmedAuthor[], year?: number, journal?: string) => PubmedArticleRecord {
  let pmid = firstPmid - 1;
  return (authors, year = defaultYear, journal = "J Gen Clin Med") => {
    pmid += 1;
    return journalArticle({
      pmid: String(pmid),
      journal,
      journalAbbreviation: journal,
      publicationDate: { year },
      authors,
    });
  };
}
