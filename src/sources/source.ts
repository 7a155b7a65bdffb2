/**
 * The contract every source keeps (docs/sources.md): a source of records maps what it stored to a
 * candidate item; a harvested source also reads one person's records from its API. Everything
 * outside src/sources takes sources from the registry (./registry.ts) and never asks which one it
 * holds.
 */
import type { Redis } from "ioredis";
import type { AppConfig } from "../config/env.ts";
import { PermanentJobError } from "../errors.ts";
import type { EmploymentPeriod } from "../identity/employment.ts";
import type { AuthorPosition, Evidence } from "../identity/evidence.ts";
import type { Logger } from "../logging.ts";
import type { CandidateItem, GrantRole } from "./candidate.ts";
import type { PubmedArticleRecord } from "./pubmed/types.ts";

/** The fields of a merged item that are taken from one source, by precedence. */
export type MergedField =
  | "kind"
  | "title"
  | "year"
  | "venue"
  | "doi"
  | "pmid"
  | "pmcid"
  | "publicationTypes"
  | "sourceType"
  | "firstAuthor"
  | "grant";

export interface SourcePrecedence {
  /**
   * The source's place when an item's records are read in order, lowest first. The lowest is the
   * reference for bibliographic facts: an item it lists is preferred as the canonical one.
   */
  rank: number;
  /**
   * For each merged field, the source's place among the sources that may give it, lowest first.
   * A field left out is never taken from this source.
   */
  fields: Partial<Record<MergedField, number>>;
}

/** Anything that stores records: it says how a stored record reads as a candidate item. */
export interface RecordSource<Name extends string = string> {
  /** As stored in SourceRecord.source and HarvestJob.source: "pubmed", "orcid", "reporter", "cv". */
  readonly name: Name;
  /** How people call it: "PubMed", "ORCID", "NIH RePORTER", "CV". */
  readonly label: string;
  readonly precedence: SourcePrecedence;
  /**
   * A stored record (SourceRecord.payload, as `harvest` returned it) as a candidate item. Pure,
   * so that dedupe, classification and scoring can be run again without calling any API.
   */
  toCandidate(payload: unknown): CandidateItem;
  /**
   * How the person's automatic links to these records are scored (src/disambiguation): by the
   * record's author list (`article` gives it), or by a grant's principal investigators. Absent:
   * the records are the person's own assertions, never scored.
   */
  readonly scoredBy?: "authors" | "investigators";
  /** The stored record as an article with its full author list, for scoring by authors. */
  article?(payload: unknown): PubmedArticleRecord;
  /**
   * For a source that keeps people's own records (ORCID): whether this record is on the person's
   * own. Their own records count as theirs in scoring; another person's say nothing of them.
   */
  onOwnRecord?(sourceId: string, person: PersonIds): boolean;
}

/** The identifiers a person has at the sources. */
export interface PersonIds {
  orcid: string | null;
  reporterProfileId: number | null;
}

/** A person as a harvest sees them: their roster row and what earlier harvests learned of them. */
export interface HarvestPerson extends PersonIds {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** The roster's other names and affiliation terms. */
  nameVariants: string[];
  affiliationTerms: string[];
  /** Other names and employers read from the person's ORCID record. */
  orcidNameVariants: string[];
  orcidAffiliationTerms: string[];
  /** Why their ORCID record could not be read at the last harvest (a profile fact); null when it could. */
  orcidStatus: string | null;
}

/**
 * What the source can say about the link between the person and one record. Scoring
 * (src/disambiguation) judges every automatic link again once the harvest is stored, in the same
 * transaction; a source that cannot judge a link leaves it pending with no score.
 */
export interface RecordLink {
  status: "accepted" | "pending";
  /** 0-100; absent when the source cannot score the link. */
  score?: number;
  evidence: Evidence[];
  authorPosition?: AuthorPosition;
  /** The person's place in the record's author list. */
  authorIndex?: number;
  equalContribution?: boolean;
  /** The person's role on a grant. */
  role?: GrantRole;
  /**
   * Set when the link is the person's own assertion (a CV row): it is recorded as decided by
   * them, so scoring never changes it. Absent for what a harvest found (decided automatically).
   */
  decidedBy?: string;
}

/** One record to store (its payload kept as the source record) and link to the person. */
export interface HarvestedRecord {
  /** The record as the source gave it: what `toCandidate` reads back. */
  payload: unknown;
  link: RecordLink;
}

/** What a harvest learned about the person, written on their roster row (never the roster's own fields). */
export interface ProfileFacts {
  /** "Last, Given" forms of the names on their ORCID record. */
  orcidNameVariants?: string[];
  /** Employers and departments on their ORCID record. */
  orcidAffiliationTerms?: string[];
  /** The employments on their ORCID record, with their years. */
  orcidEmployments?: EmploymentPeriod[];
  /** Why their ORCID record cannot be read; null once it can. */
  orcidStatus?: string | null;
  orcidStatusAt?: Date;
}

export interface HarvestResult {
  records: HarvestedRecord[];
  profile?: ProfileFacts;
  /**
   * True when the source had nothing to search by (no ORCID iD, no profile id or organisation):
   * the job completes, and nothing is stored, scored or reconciled.
   */
  nothingToSearchBy?: boolean;
  /** Counts worth a line in the debug log (records searched, skipped, ...). */
  log?: Record<string, number>;
  /** What the next incremental harvest needs to tell a change (ORCID: the record's last-modified date). */
  cursor?: unknown;
  /** What `runs show` adds to the job's mode ("ORCID record unchanged: works and fundings not read"). */
  note?: string;
}

export interface HarvestContext<Client> {
  client: Client;
  config: AppConfig;
  /** The harvest's clock: one instant for the whole job. */
  now: Date;
  /** First and last publication (or fiscal) year to search; open when absent. */
  sinceYear?: number;
  untilYear?: number;
  /** Identifiers of the items a person rejected for them: never fetched or linked again. */
  rejected: { pmids: ReadonlySet<string>; dois: ReadonlySet<string> };
  /**
   * Present when only what changed since the person's last harvest is wanted: records entered or
   * changed from `since` (which already reaches a few days back), and what the source kept at the
   * last harvest (`HarvestResult.cursor`). Absent: a complete harvest.
   */
  incremental?: { since: Date; cursor: unknown };
  logger: Logger;
}

/** One person of many harvested together: their context is incremental, the rest as `harvest` gets it. */
export interface TogetherEntry<Client> {
  person: HarvestPerson;
  context: HarvestContext<Client> & { incremental: NonNullable<HarvestContext<Client>["incremental"]> };
}

/** Each person's answer of a joint harvest, by faculty id (see HarvestSource.harvestTogether). */
export type TogetherAnswers = Map<string, HarvestResult | Error>;

/** A source with an API: it harvests one person at a time, on a queue of its own. */
export interface HarvestSource<Client = unknown, Name extends string = string> extends RecordSource<Name> {
  /** Its BullMQ queue: one per upstream API, so that a 429 pauses only the work that calls it. */
  readonly queue: string;
  /**
   * How the source takes part in the person's profile (other names, employers): it "provides" it
   * (ORCID), or its search "reads" it (PubMed, RePORTER). A run harvests a person's providers
   * before their readers, so that the first harvest searches as widely as any later one.
   */
  readonly profile?: "provides" | "reads";
  /** The API client, built once per process; rate limits are shared through Redis. */
  createClient(config: AppConfig, redis: Redis): Client;
  /**
   * How many of its jobs one worker runs at once, when not HARVEST_CONCURRENCY: a source whose
   * client joins people's searches into one request needs them waiting together.
   */
  concurrency?(config: AppConfig): number;
  /** The person's records at the source, with what the source can say about each link. */
  harvest(person: HarvestPerson, context: HarvestContext<Client>): Promise<HarvestResult>;
  /**
   * Many people's incremental harvests in a few requests (a run's first pass,
   * docs/sources.md#asking-for-many-people-at-once). Each person's answer is what their own
   * `harvest` would have returned, or the error of the request that was to answer for them;
   * someone the source cannot settle this way is left out, and their job asks on its own.
   * Absent: every person's job asks on its own.
   */
  harvestTogether?(entries: ReadonlyArray<TogetherEntry<Client>>): Promise<TogetherAnswers>;
  /**
   * Its `harvestTogether` is slow (RePORTER: one request a second), so it is asked beside the run's
   * jobs by the run's pass instead of before them: the other sources' jobs start at once, and this
   * source's jobs wait for their answers.
   */
  readonly asksTogetherBesideJobs?: boolean;
  /**
   * Many people's complete harvests in a few requests, asked alongside a run's jobs (RePORTER:
   * first nights, the monthly complete pass): each answer is what the person's own `harvest` would
   * have returned. A job takes its person's answer only when `searchedBy` says it would have asked
   * the same (a provider earlier in the run may have changed what the search reads).
   */
  harvestCompleteTogether?(
    entries: ReadonlyArray<{ person: HarvestPerson; context: HarvestContext<Client> }>,
  ): Promise<TogetherAnswers>;
  /** What the person's search asks, as a string: equal for two harvests that would ask the same. */
  searchedBy?(
    person: HarvestPerson,
    context: Pick<HarvestContext<Client>, "sinceYear" | "untilYear" | "now">,
  ): string;
  /**
   * For a source whose stored record gathers several answers (RePORTER: every fiscal year of a
   * grant): the stored payload with an incremental harvest's fresh one merged in, so that asking
   * only for recent years never shrinks what is stored. Absent: a fresh payload replaces the stored one.
   */
  mergeStored?(stored: unknown, fresh: unknown): unknown;
  /**
   * Why the person's record at this source cannot be read, as their profile says (ORCID's status
   * of their iD); null when it can. A job that failed for this reason is the person's to fix.
   */
  unavailableReason?(person: HarvestPerson): string | null;
}

/**
 * The person's record at the source cannot be read and asking again will not help (an ORCID iD
 * that is deactivated, say). The job fails for good; `profile` says so on the person's row.
 */
export class RecordUnavailableError extends PermanentJobError {
  override name = "RecordUnavailableError";
  constructor(
    message: string,
    readonly profile: ProfileFacts,
  ) {
    super(message);
  }
}
