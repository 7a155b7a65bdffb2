import type { EmploymentPeriod } from "../../identity/employment.ts";
import { countingRequests } from "../../ratelimit/daily-requests.ts";
import type { CandidateItem } from "../candidate.ts";
import {
  RecordUnavailableError,
  type HarvestContext,
  type HarvestPerson,
  type HarvestResult,
  type HarvestSource,
  type TogetherAnswers,
  type TogetherEntry,
} from "../source.ts";
import {
  canonicalOrcid,
  createOrcidRateLimiter,
  OrcidClient,
  OrcidRecordUnavailableError,
  type OrcidRawResponse,
} from "./client.ts";
import {
  employmentsToAffiliationTerms,
  employmentsToPeriods,
  fundingsToCandidates,
  otherNamesToVariants,
  rankVersions,
  workGroupToCandidate,
  worksToCandidates,
} from "./map.ts";
import { orcidRecordToCandidate, orcidStoredRecords, type OrcidStoredRecord } from "./stored.ts";
import type { OrcidBulkError, OrcidFunding, OrcidWorkGroup } from "./types.ts";

export * from "./client.ts";
export * from "./map.ts";
export * from "./parse.ts";
export * from "./stored.ts";
export type * from "./types.ts";

/**
 * ORCID's public API v3.0: the works and fundings on the person's own record, linked as theirs
 * (ORCID_LINK_STATUS); their other names and employers become profile facts that widen the PubMed
 * search and its evidence. A record that cannot be read fails the job for good and is marked on
 * the person.
 */
export const orcidSource: HarvestSource<OrcidClient, "orcid"> = {
  name: "orcid",
  label: "ORCID",
  queue: "harvest-orcid",
  profile: "provides",
  precedence: {
    rank: 2,
    fields: {
      kind: 2,
      title: 1,
      year: 1,
      venue: 1,
      doi: 1,
      pmid: 1,
      pmcid: 1,
      sourceType: 0,
      firstAuthor: 1,
      grant: 1,
    },
  },
  createClient: (config, redis) =>
    new OrcidClient({
      baseUrl: config.ORCID_API_URL,
      timeoutMs: config.HTTP_TIMEOUT_MS,
      // Every read counts against the day's budget (ORCID_DAILY_BUDGET).
      rateLimiter: countingRequests(
        createOrcidRateLimiter(redis, config.QUEUE_PREFIX),
        redis,
        config.QUEUE_PREFIX,
        "orcid",
      ),
    }),
  toCandidate: orcidRecordToCandidate,
  // Source ids are `<iD>/<put-code>`: the record they are on.
  onOwnRecord: (sourceId, person) => person.orcid !== null && sourceId.startsWith(`${person.orcid}/`),
  unavailableReason: (person) => person.orcidStatus,
  harvest: harvestPersonOrcid,
  harvestTogether: unchangedOrcidRecords,
};

/**
 * Which records changed since each person's last harvest, by one ORCID search for up to 200
 * records (profile-last-modified-date, from the incremental window's start, which reaches a few
 * days back): an unchanged record is answered here, works and fundings not read; a changed one is
 * left to its job, which reads it. People whose iD is not valid, whose record could not be read
 * last time, or whose last harvest kept no last-modified date are left to their jobs too.
 */
async function unchangedOrcidRecords(
  entries: ReadonlyArray<TogetherEntry<OrcidClient>>,
): Promise<TogetherAnswers> {
  const answers: TogetherAnswers = new Map();
  const bySince = new Map<string, Array<{ id: string; orcid: string; cursor: string }>>();
  for (const { person, context } of entries) {
    const { cursor, since } = context.incremental;
    // No iD: what the person's own job finds, answered here so that nothing is queued for it.
    if (!person.orcid) {
      answers.set(person.id, { records: [], nothingToSearchBy: true });
      continue;
    }
    if (person.orcidStatus !== null || typeof cursor !== "string") continue;
    let orcid: string;
    try {
      orcid = canonicalOrcid(person.orcid);
    } catch {
      continue;
    }
    const day = since.toISOString().slice(0, 10);
    bySince.set(day, [...(bySince.get(day) ?? []), { id: person.id, orcid, cursor }]);
  }
  const client = entries[0]?.context.client;
  if (!client) return answers;
  for (const [day, people] of bySince) {
    try {
      const changed = await client.changedSince(
        people.map((person) => person.orcid),
        new Date(`${day}T00:00:00Z`),
      );
      for (const person of people) {
        if (changed.has(person.orcid)) continue;
        answers.set(person.id, {
          records: [],
          cursor: person.cursor,
          note: `ORCID record unchanged since ${day} (one search for ${people.length} records): works and fundings not read`,
        });
      }
    } catch (error) {
      for (const person of people)
        answers.set(person.id, error instanceof Error ? error : new Error(String(error)));
    }
  }
  return answers;
}

async function harvestPersonOrcid(
  person: HarvestPerson,
  context: HarvestContext<OrcidClient>,
): Promise<HarvestResult> {
  const orcid = person.orcid;
  if (!orcid) return { records: [], nothingToSearchBy: true };
  let result: OrcidHarvestResult;
  let modified: Date | null;
  try {
    // One request tells whether anything changed since the last harvest.
    modified = await context.client.recordLastModified(orcid);
    const cursor = modified?.toISOString() ?? null;
    if (context.incremental && cursor !== null && context.incremental.cursor === cursor) {
      return {
        records: [],
        cursor,
        note: `ORCID record unchanged since ${cursor.slice(0, 10)}: works and fundings not read`,
      };
    }
    result = await harvestOrcid(context.client, orcid, {
      concurrency: context.config.ORCID_FETCH_CONCURRENCY,
    });
  } catch (error) {
    if (error instanceof OrcidRecordUnavailableError) {
      throw new RecordUnavailableError(`${error.message} (the faculty member's ORCID iD needs attention)`, {
        orcidStatus: error.reason,
        orcidStatusAt: context.now,
      });
    }
    throw error;
  }
  const evidence = [
    {
      kind: "orcid_record" as const,
      weight: 100,
      reason: `listed on the person's own ORCID record (${orcid})`,
    },
  ];
  return {
    records: result.records.map((payload) => {
      const role = orcidRecordToCandidate(payload).grant?.role;
      return {
        payload,
        link: { status: context.config.ORCID_LINK_STATUS, score: 100, evidence, ...(role ? { role } : {}) },
      };
    }),
    profile: {
      orcidNameVariants: result.nameVariants,
      orcidAffiliationTerms: result.affiliationTerms,
      orcidEmployments: result.employments,
      orcidStatus: null,
      orcidStatusAt: context.now,
    },
    log: { itemErrors: result.itemErrors.length },
    cursor: modified?.toISOString() ?? null,
    ...(context.incremental ? { note: "ORCID record changed: read in full" } : {}),
  };
}

export interface OrcidHarvestOptions {
  /**
   * Which works to read in full for their contributors (hence the faculty member's author
   * position), which work summaries never carry. true: every group; false: none. Default: only
   * groups that lack a DOI or a PMID. A work with both is in PubMed, whose author list gives the
   * position, and its DOI and PMID tie the two records together surely in reconciliation; any
   * other work may never meet a PubMed record, so its position can only come from ORCID's
   * contributors. A bulk read takes 100 works, so even `true` costs one request per 100 works;
   * the default mostly spares reading long author lists twice.
   */
  fullWorks?: boolean;
  /**
   * Read each fundings group's full item (default true): the summaries have neither the amount nor
   * the contributor roles, and the role is what makes a grant count as PI or co-investigator.
   */
  fundingDetails?: boolean;
  /** Requests for full works and funding items under way at once (default 1: one after another). */
  concurrency?: number;
}

export interface OrcidHarvestResult {
  /** Works (one per group) then fundings (one per group). */
  candidates: CandidateItem[];
  /** Each candidate's record as ORCID sent it, in the same order: what is stored. */
  records: OrcidStoredRecord[];
  /** "Last, Given" forms of the record's names, for author matching. */
  nameVariants: string[];
  /** Employers and departments, for affiliation evidence. */
  affiliationTerms: string[];
  /** The employments with their years: a past employer counts for papers of its years. */
  employments: EmploymentPeriod[];
  /** Every response as ORCID sent it, in request order, so classification can be re-run offline. */
  raw: OrcidRawResponse[];
  /** Works a bulk read could not return; their candidates come from the summaries alone. */
  itemErrors: OrcidBulkError[];
}

/**
 * One person's ORCID record, read in full: works summaries, the full works needed for author
 * position, fundings with their details, names, employments. Throws OrcidRecordUnavailableError
 * (before any request for a malformed iD) when the record cannot be read.
 */
export async function harvestOrcid(
  client: OrcidClient,
  orcid: string,
  options: OrcidHarvestOptions = {},
): Promise<OrcidHarvestResult> {
  const id = canonicalOrcid(orcid);
  const raw: OrcidRawResponse[] = [];
  const recording = client.recording(raw);

  const workGroups = await recording.works(id);
  const wanted = workGroups
    .filter((group) => group.summaries.length > 0 && needsFullWork(group, id, options.fullWorks))
    .map((group) => rankVersions(group.summaries, id)[0]!.putCode);
  const concurrency = options.concurrency ?? 1;
  const bulk =
    wanted.length > 0 ? await recording.worksBulk(id, wanted, concurrency) : { works: [], errors: [] };
  const fullWorks = new Map(bulk.works.map((work) => [work.putCode, work]));

  const fundingGroups = await recording.fundings(id);
  const details = new Map<number, OrcidFunding>();
  if (options.fundingDetails !== false) {
    const preferred = fundingGroups.flatMap((group) => rankVersions(group.summaries, id).slice(0, 1));
    const fetched = await recording.requestAll(preferred, concurrency, (client, summary) =>
      client.funding(id, summary.putCode),
    );
    preferred.forEach((summary, index) => details.set(summary.putCode, fetched[index]!));
  }

  const person = await recording.person(id);
  const employments = await recording.employments(id);

  return {
    candidates: [
      ...worksToCandidates(workGroups, { orcid: id, fullWorks }),
      ...fundingsToCandidates(fundingGroups, { orcid: id, details }),
    ],
    records: orcidStoredRecords(id, raw, { works: workGroups, fundings: fundingGroups }),
    nameVariants: otherNamesToVariants(person),
    affiliationTerms: employmentsToAffiliationTerms(employments),
    employments: employmentsToPeriods(employments),
    raw,
    itemErrors: bulk.errors,
  };
}

function needsFullWork(group: OrcidWorkGroup, orcid: string, fullWorks: boolean | undefined): boolean {
  if (fullWorks !== undefined) return fullWorks;
  const candidate = workGroupToCandidate(group, { orcid });
  return candidate.doi === undefined || candidate.pmid === undefined;
}
