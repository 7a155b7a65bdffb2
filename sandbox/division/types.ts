import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import type {
  OrcidEmploymentsJson,
  OrcidFundingJson,
  OrcidFundingsJson,
  OrcidPersonJson,
  OrcidWorkJson,
  OrcidWorksJson,
} from "../../src/sources/orcid/types.ts";
import type { ReporterProjectJson } from "../../src/sources/reporter/types.ts";
import { EXTRA_ROSTER_COLUMNS, ROSTER_COLUMNS } from "../../src/roster/parse-roster.ts";
import type { SandboxAbstract } from "../servers/pubmed-xml.ts";

/** The roster CSV columns, as faculty affairs write them. */
export const ROSTER_HEADER = [...ROSTER_COLUMNS, ...EXTRA_ROSTER_COLUMNS] as const;

/** One roster CSV row, every column a string ("" when empty); the list columns are `;`-separated. */
export type RosterRow = Record<(typeof ROSTER_HEADER)[number], string>;

/** Faculty member `facultyId` is author `authorIndex` (0-based) of article `pmid`. */
export interface TruthEntry {
  facultyId: string;
  pmid: string;
  authorIndex: number;
}

/**
 * Author `authorIndex` of article `pmid` is a namesake of faculty member `facultyId`: someone else
 * whose name a search for theirs finds, at another institution or at the same one.
 */
export interface NamesakeEntry {
  facultyId: string;
  pmid: string;
  authorIndex: number;
  institution: "same" | "other";
}

/** Faculty member `facultyId` is a principal investigator of the NIH award `coreProjectNum`. */
export interface GrantTruthEntry {
  facultyId: string;
  /** e.g. "R01HL012345": every fiscal year, renewal and supplement of the award. */
  coreProjectNum: string;
  /** pi: the contact PI; multiple_pi: one of several PIs, never the contact. */
  role: "pi" | "multiple_pi";
}

/** Where a presentation was given, as a faculty-affairs office would count it. */
export type PresentationScope = "international" | "national" | "regional" | "local";

/** Work `putCode` on faculty member `facultyId`'s ORCID record is a presentation of theirs. */
export interface PresentationTruthEntry {
  facultyId: string;
  putCode: number;
  scope: PresentationScope;
}

export interface FictionalDivision {
  institution: string;
  faculty: RosterRow[];
  /** Faculty members' articles and their namesakes', in PMID order. */
  articles: PubmedArticleRecord[];
  truth: TruthEntry[];
  /** The namesakes' authorships on their own articles (never the faculty's): the hard cases of a name search. */
  namesakes: NamesakeEntry[];
  /** Abstract text by PMID, for the EFetch XML (letters, editorials and errata have none). */
  abstracts: Record<string, SandboxAbstract>;
  /** What the ORCID public API v3.0 holds for each faculty member with an ORCID iD, by iD. */
  orcidRecords: Record<string, SandboxOrcidRecord>;
  /** RePORTER v2 project records (one per fiscal year of an award): the faculty's and namesakes'. */
  reporterProjects: ReporterProjectJson[];
  /**
   * RePORTER profile id by faculty id, for the faculty who are PIs in RePORTER (kept out of the
   * roster CSV, whose columns are fixed).
   */
  reporterProfileIds: Record<string, number>;
  grantTruth: GrantTruthEntry[];
  presentationTruth: PresentationTruthEntry[];
}

/**
 * One ORCID record: each section's document as the API serves it, and the full items behind the
 * summaries (by put-code) for the single-item and bulk reads.
 */
export interface SandboxOrcidRecord {
  /** ok (the default) is readable; ORCID answers 409 for a deactivated or locked record. */
  status?: "ok" | "deactivated" | "locked";
  works: OrcidWorksJson;
  workDetails: Record<string, OrcidWorkJson>;
  fundings: OrcidFundingsJson;
  fundingDetails: Record<string, OrcidFundingJson>;
  person: OrcidPersonJson;
  employments: OrcidEmploymentsJson;
  /**
   * When the record last changed (ms since 1970), as GET /{orcid}/record says. Absent: a date
   * that follows from the record's content, so that any edit changes it, as ORCID's does.
   */
  lastModified?: number;
}

export interface DivisionOptions {
  facultyCount?: number;
  seed?: number;
  /** First and last publication year of the articles generated. */
  fromYear?: number;
  toYear?: number;
  institution?: string;
  /**
   * The hard cases of real MEDLINE data (see realism.ts): twins on the roster, namesakes with the
   * same first name and middle initial in the same journals, elsewhere and in another department
   * at home, more papers from a former employer (named on some roster rows), collaborators a
   * namesake shares by chance. Off by default, so that a seed's division stays what it was.
   */
  realistic?: boolean;
}

/** The part of a division the PubMed generator makes, before ORCID and RePORTER. */
export type PubmedPart = Pick<
  FictionalDivision,
  "institution" | "faculty" | "articles" | "truth" | "namesakes" | "abstracts"
>;
