/** A PubMed record as the parser reads it from EFetch XML: typed, flattened, source-faithful. */

export interface PartialDate {
  year: number;
  /** 1-12 when known. A season or a MedlineDate range gives the first month it covers. */
  month?: number;
  day?: number;
  /** The date as written when it was not plain Year/Month/Day, e.g. "2019 Oct-Dec" or "2012 Spring". */
  text?: string;
}

export interface PubmedAuthor {
  /** Present for a person; absent for a collective (group) author. */
  lastName?: string;
  foreName?: string;
  initials?: string;
  suffix?: string;
  collectiveName?: string;
  /** Normalised to 0000-0000-0000-000X whatever prefix (https://orcid.org/, http://...) it came with. */
  orcid?: string;
  affiliations: string[];
  equalContribution: boolean;
  /** Authors marked ValidYN="N" are kept but flagged. */
  valid: boolean;
}

export interface PubmedGrant {
  grantId?: string;
  acronym?: string;
  agency?: string;
  country?: string;
}

export interface PubmedCommentCorrection {
  /** RefType as written: ErratumFor, ErratumIn, RetractionOf, RetractionIn, CommentOn, CommentIn, UpdateOf, ... */
  refType: string;
  pmid?: string;
  refSource?: string;
}

export interface PubmedArticleRecord {
  kind: "article" | "book-article";
  pmid: string;
  doi?: string;
  pmcid?: string;
  /** Inline markup (<i>, <sup>, MathML) flattened to text. */
  title: string;
  vernacularTitle?: string;
  /** Journal title (or book title for a book article). */
  journal?: string;
  journalAbbreviation?: string;
  issn?: string;
  volume?: string;
  issue?: string;
  pages?: string;
  publicationDate?: PartialDate;
  electronicDate?: PartialDate;
  languages: string[];
  publicationTypes: string[];
  authors: PubmedAuthor[];
  grants: PubmedGrant[];
  commentsCorrections: PubmedCommentCorrection[];
  meshHeadings: string[];
  keywords: string[];
  /** MEDLINE citation status, e.g. MEDLINE, PubMed-not-MEDLINE, In-Data-Review, Publisher. */
  citationStatus?: string;
  /** Publication status from PubmedData, e.g. ppublish, epublish, aheadofprint. */
  publicationStatus?: string;
}
