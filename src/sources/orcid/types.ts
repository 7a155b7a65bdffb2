/**
 * ORCID public API v3.0 records as the parser reads them from JSON: typed, flattened, faithful to
 * what ORCID said. Fields ORCID leaves null or empty are left out.
 */

/** A date as ORCID gives it: any part may be missing (a year alone, a year and a month). */
export interface OrcidDate {
  year?: number;
  /** 1-12. */
  month?: number;
  /** 1-31. */
  day?: number;
}

export interface OrcidExternalId {
  /** As ORCID names it, lower case: doi, pmid, pmc, eid, isbn, issn, grant_number, other-id, ... */
  type: string;
  /** As the source wrote it, e.g. "https://doi.org/10.5555/ABC" or "PMC4812132". */
  value: string;
  /** ORCID's own normalised form, when it could make one. */
  normalized?: string;
  /** Why ORCID could not normalise the value, e.g. "Cannot normalize identifier value doi:123". */
  normalizationError?: string;
  url?: string;
  /**
   * self: the item's own id. part-of: an id of what contains it (a journal's ISSN, a book's
   * ISBN, a parent award). version-of: another version (a preprint's DOI). funded-by: a grant.
   */
  relationship?: string;
}

/** Who put the item on the record. */
export interface OrcidSource {
  name?: string;
  /** Set when a person added the item: usually the record's owner, sometimes a delegate. */
  orcid?: string;
  /** Set when a member application (Crossref, Europe PMC, Scopus, a university) added the item. */
  clientId?: string;
  /** The person a member application asserted the item for. */
  assertionOriginOrcid?: string;
}

export interface OrcidWorkSummary {
  putCode: number;
  /** ORCID work type: journal-article, book-chapter, preprint, conference-poster, ... */
  type: string;
  title?: string;
  subtitle?: string;
  translatedTitle?: string;
  /** The journal, or for conference output the conference, as the source wrote it. */
  journalTitle?: string;
  publicationDate?: OrcidDate;
  externalIds: OrcidExternalId[];
  url?: string;
  source: OrcidSource;
  visibility?: string;
  /** e.g. "/0000-0002-5550-1238/work/4562455"; null in a bulk read. */
  path?: string;
  /** ORCID ranks the versions of a grouped item by it: the highest is the one the person prefers. */
  displayIndex?: number;
  /** Milliseconds since 1970. */
  lastModified?: number;
}

/** One work as ORCID groups it: the versions that share an identifier, one per source. */
export interface OrcidWorkGroup {
  /** The identifiers the group is keyed on. */
  externalIds: OrcidExternalId[];
  summaries: OrcidWorkSummary[];
}

export interface OrcidContributor {
  /** The credit name as the source wrote it. */
  name?: string;
  orcid?: string;
  /** author, editor, principal-investigator, a CRediT role URL, ... as written. */
  role?: string;
  sequence?: "first" | "additional";
}

export interface OrcidCitation {
  /** bibtex, formatted-apa, formatted-unspecified, ... */
  type: string;
  value: string;
}

/** A full work (GET /{orcid}/work/{put-code}, or one element of a bulk read). */
export interface OrcidWork extends OrcidWorkSummary {
  /** In the order the source gave them, which for most sources is the author order. */
  contributors: OrcidContributor[];
  citation?: OrcidCitation;
  shortDescription?: string;
  languageCode?: string;
  country?: string;
}

/** An element of a bulk read that is an error instead of a work. */
export interface OrcidBulkError {
  /** The put-code it is about, when the message names it or the request makes it certain. */
  putCode?: number;
  /** ORCID's response-code, e.g. 400 for an unknown put-code, 403 for a work that is not public. */
  status?: number;
  /** ORCID's error-code, e.g. 9034 (not a valid put-code), 9039 (not public). */
  errorCode?: number;
  message: string;
}

export interface OrcidBulkWorks {
  works: OrcidWork[];
  errors: OrcidBulkError[];
}

/** One page of GET /search/. */
export interface OrcidSearchPage {
  /** Records matching the query in all (ORCID's num-found). */
  numFound: number;
  /** The iDs on this page, upper case. */
  orcids: string[];
}

export interface OrcidOrganization {
  name: string;
  city?: string;
  region?: string;
  /** ISO 3166 alpha-2 code. */
  country?: string;
  /** e.g. a ROR URL, a Funder Registry DOI, a Ringgold number. */
  disambiguatedId?: string;
  /** ROR, FUNDREF, RINGGOLD, GRID, LEI. */
  disambiguationSource?: string;
}

export interface OrcidFundingSummary {
  putCode: number;
  /** grant, contract, award, salary-award. */
  type: string;
  title?: string;
  translatedTitle?: string;
  /** The funder. */
  organization?: OrcidOrganization;
  /** grant_number ids, the award's own (self) and its parent's (part-of). */
  externalIds: OrcidExternalId[];
  startDate?: OrcidDate;
  endDate?: OrcidDate;
  url?: string;
  source: OrcidSource;
  visibility?: string;
  path?: string;
  displayIndex?: number;
  lastModified?: number;
}

export interface OrcidFundingGroup {
  externalIds: OrcidExternalId[];
  summaries: OrcidFundingSummary[];
}

export interface OrcidFundingContributor {
  name?: string;
  orcid?: string;
  /** lead, co-lead, supported-by, other-contribution, or a CRediT role URL, as written. */
  role?: string;
}

export interface OrcidAmount {
  /** As written, e.g. "1250000" or "1000.0". */
  value: string;
  /** ISO 4217 code. */
  currencyCode?: string;
}

/** A full funding item (GET /{orcid}/funding/{put-code}). */
export interface OrcidFunding extends OrcidFundingSummary {
  /** The funder's own name for the kind of award, e.g. "Research Project Grant (R01)". */
  organizationDefinedType?: string;
  shortDescription?: string;
  amount?: OrcidAmount;
  contributors: OrcidFundingContributor[];
}

/** The names on a record (GET /{orcid}/person); the rest of the section is not read. */
export interface OrcidPerson {
  /** The record's iD, when the document says it. */
  orcid?: string;
  givenNames?: string;
  familyName?: string;
  /** The name the person publishes under, e.g. "Amara N. Okafor". */
  creditName?: string;
  /** Also-known-as names, as written. */
  otherNames: string[];
}

/** One employment (GET /{orcid}/employments, an affiliation group's employment-summary). */
export interface OrcidEmployment {
  putCode: number;
  /** ORCID requires one; left out only if a record somehow has none. */
  organization?: OrcidOrganization;
  department?: string;
  /** The job title, e.g. "Assistant Professor of Medicine". */
  role?: string;
  startDate?: OrcidDate;
  /** Absent for a current position. */
  endDate?: OrcidDate;
  source: OrcidSource;
  visibility?: string;
  path?: string;
}

// ---------------------------------------------------------------------------------------------
// The wire format: ORCID API v3.0 documents as pub.orcid.org writes them in JSON (the fields
// ORCID always sends, null where it has nothing). The parser reads them into the records above,
// accepting any of these fields missing or null; the sandbox serves them.

export interface OrcidValue<T = string> {
  value: T;
}

export interface OrcidIdentifierJson {
  uri: string;
  path: string;
  host: string;
}

export interface OrcidSourceJson {
  "source-orcid": OrcidIdentifierJson | null;
  "source-client-id": OrcidIdentifierJson | null;
  "source-name": OrcidValue | null;
  "assertion-origin-orcid": OrcidIdentifierJson | null;
  "assertion-origin-client-id": OrcidIdentifierJson | null;
  "assertion-origin-name": OrcidValue | null;
}

export interface OrcidDateJson {
  year: OrcidValue | null;
  month: OrcidValue | null;
  day: OrcidValue | null;
}

export interface OrcidExternalIdJson {
  "external-id-type": string;
  "external-id-value": string;
  "external-id-normalized": { value: string; transient: boolean } | null;
  "external-id-normalized-error": null;
  "external-id-url": OrcidValue | null;
  "external-id-relationship": "self" | "part-of" | "version-of" | "funded-by";
}

export interface OrcidExternalIdsJson {
  "external-id": OrcidExternalIdJson[];
}

export interface OrcidWorkSummaryJson {
  "put-code": number;
  "created-date": OrcidValue<number>;
  "last-modified-date": OrcidValue<number>;
  source: OrcidSourceJson;
  title: { title: OrcidValue; subtitle: OrcidValue | null; "translated-title": null };
  "external-ids": OrcidExternalIdsJson;
  url: OrcidValue | null;
  type: string;
  "publication-date": OrcidDateJson | null;
  "journal-title": OrcidValue | null;
  visibility: "public";
  /** e.g. "/0000-0002-1825-0097/work/733535"; null in a bulk read. */
  path: string | null;
  "display-index": string;
}

export interface OrcidWorkContributorJson {
  "contributor-orcid": OrcidIdentifierJson | null;
  "credit-name": OrcidValue | null;
  "contributor-email": null;
  "contributor-attributes": {
    "contributor-sequence": "first" | "additional" | null;
    "contributor-role": string;
  };
}

/** GET /{orcid}/work/{put-code}. */
export interface OrcidWorkJson extends Omit<OrcidWorkSummaryJson, "display-index"> {
  "short-description": string | null;
  citation: { "citation-type": string; "citation-value": string } | null;
  contributors: { contributor: OrcidWorkContributorJson[] };
  "language-code": string | null;
  country: OrcidValue | null;
}

/** GET /{orcid}/works: one group per work, holding each source's version. */
export interface OrcidWorksJson {
  "last-modified-date": OrcidValue<number> | null;
  group: Array<{
    "last-modified-date": OrcidValue<number>;
    "external-ids": OrcidExternalIdsJson;
    "work-summary": OrcidWorkSummaryJson[];
  }>;
  path: string;
}

export interface OrcidOrganizationJson {
  name: string;
  address: { city: string; region: string | null; country: string };
  "disambiguated-organization": {
    "disambiguated-organization-identifier": string;
    "disambiguation-source": string;
  } | null;
}

export interface OrcidFundingSummaryJson {
  "put-code": number;
  "created-date": OrcidValue<number>;
  "last-modified-date": OrcidValue<number>;
  source: OrcidSourceJson;
  title: { title: OrcidValue; "translated-title": null };
  "external-ids": OrcidExternalIdsJson;
  url: OrcidValue | null;
  type: "grant" | "contract" | "award" | "salary-award";
  "start-date": OrcidDateJson | null;
  "end-date": OrcidDateJson | null;
  organization: OrcidOrganizationJson;
  visibility: "public";
  path: string;
  "display-index": string;
}

export interface OrcidFundingContributorJson {
  "contributor-orcid": OrcidIdentifierJson | null;
  "credit-name": OrcidValue | null;
  "contributor-email": null;
  "contributor-attributes": { "contributor-role": string };
}

/** GET /{orcid}/funding/{put-code}. */
export interface OrcidFundingJson extends Omit<OrcidFundingSummaryJson, "display-index"> {
  "organization-defined-type": OrcidValue | null;
  "short-description": string | null;
  amount: { value: string; "currency-code": string } | null;
  contributors: { contributor: OrcidFundingContributorJson[] };
}

/** GET /{orcid}/fundings. */
export interface OrcidFundingsJson {
  "last-modified-date": OrcidValue<number> | null;
  group: Array<{
    "last-modified-date": OrcidValue<number>;
    "external-ids": OrcidExternalIdsJson;
    "funding-summary": OrcidFundingSummaryJson[];
  }>;
  path: string;
}

export interface OrcidPersonItemJson {
  "created-date": OrcidValue<number>;
  "last-modified-date": OrcidValue<number>;
  source: OrcidSourceJson;
  content: string;
  visibility: "public";
  path: string;
  "put-code": number;
  "display-index": number;
}

export interface OrcidEmptyListJson {
  "last-modified-date": null;
  path: string;
  [items: string]: never[] | null | string;
}

/** GET /{orcid}/person: names; the other parts are empty. */
export interface OrcidPersonJson {
  "last-modified-date": OrcidValue<number> | null;
  name: {
    "created-date": OrcidValue<number>;
    "last-modified-date": OrcidValue<number>;
    "given-names": OrcidValue;
    "family-name": OrcidValue;
    "credit-name": OrcidValue | null;
    source: null;
    visibility: "public";
    path: string;
  };
  "other-names": {
    "last-modified-date": OrcidValue<number> | null;
    "other-name": OrcidPersonItemJson[];
    path: string;
  };
  biography: null;
  "researcher-urls": OrcidEmptyListJson;
  emails: OrcidEmptyListJson;
  addresses: OrcidEmptyListJson;
  keywords: OrcidEmptyListJson;
  "external-identifiers": OrcidEmptyListJson;
  path: string;
}

export interface OrcidEmploymentSummaryJson {
  "created-date": OrcidValue<number>;
  "last-modified-date": OrcidValue<number>;
  source: OrcidSourceJson;
  "put-code": number;
  "department-name": string | null;
  "role-title": string | null;
  "start-date": OrcidDateJson | null;
  "end-date": OrcidDateJson | null;
  organization: OrcidOrganizationJson;
  url: null;
  "external-ids": null;
  "display-index": string;
  visibility: "public";
  path: string;
}

/** GET /{orcid}/employments, most recent first. */
export interface OrcidEmploymentsJson {
  "last-modified-date": OrcidValue<number> | null;
  "affiliation-group": Array<{
    "last-modified-date": OrcidValue<number>;
    "external-ids": { "external-id": never[] };
    summaries: Array<{ "employment-summary": OrcidEmploymentSummaryJson }>;
  }>;
  path: string;
}

/** An error body, e.g. of a 404 or 409, or an element of a bulk read that is not a work. */
export interface OrcidErrorJson {
  "response-code": number;
  "developer-message": string;
  "user-message": string;
  /** ORCID's own code (9016 a deactivated record, 9034 not a valid put-code, ...), when it has one. */
  "error-code"?: number;
  "more-info": string;
}

/** GET /{orcid}/works/{put-code,...}: each put-code's work (its path left out) or an error. */
export interface OrcidBulkWorksJson {
  bulk: Array<{ work: OrcidWorkJson } | { error: OrcidErrorJson }>;
}
