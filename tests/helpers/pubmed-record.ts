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
