import type { Evidence } from "../../identity/evidence.ts";
import { isCandidateItem, type CandidateItem } from "../candidate.ts";
import type {
  HarvestContext,
  HarvestPerson,
  HarvestResult,
  HarvestSource,
  TogetherAnswers,
  TogetherEntry,
} from "../source.ts";
import {
  createReporterRateLimiter,
  REPORTER_FIRST_FISCAL_YEAR,
  ReporterClient,
  type ReporterCriteria,
} from "./client.ts";
import {
  collapseProjects,
  collapseProjectsWithMatches,
  type ReporterGrantMatch,
  type ReporterPerson,
} from "./map.ts";
import { batchReporterSearches } from "./batch.ts";
import { parseProject, projectKey } from "./parse.ts";
import type { ReporterProject } from "./types.ts";

/**
 * NIH RePORTER v2: the person's grants, found by their confirmed PI profile id (accepted) or else by
 * name within their organisations (pending, scored). What is stored of a grant is its core
 * project's records as RePORTER sent them; the person's role goes on their link, not on the grant.
 */
export const reporterSource: HarvestSource<ReporterSearch, "reporter"> = {
  name: "reporter",
  label: "NIH RePORTER",
  queue: "harvest-reporter",
  profile: "reads",
  precedence: {
    rank: 1,
    fields: {
      kind: 1,
      title: 2,
      year: 2,
      venue: 2,
      doi: 2,
      pmid: 2,
      pmcid: 2,
      sourceType: 2,
      firstAuthor: 2,
      grant: 0,
    },
  },
  createClient: (config, redis) =>
    batchReporterSearches(
      new ReporterClient({
        baseUrl: config.REPORTER_API_URL,
        timeoutMs: config.HTTP_TIMEOUT_MS,
        rateLimiter: createReporterRateLimiter(redis, config.QUEUE_PREFIX),
      }),
      { maxPeople: config.REPORTER_BATCH_SIZE, windowMs: config.REPORTER_BATCH_WINDOW_MS },
    ),
  concurrency: (config) => config.REPORTER_BATCH_SIZE,
  toCandidate: reporterRecordToCandidate,
  scoredBy: "investigators",
  harvest: harvestPersonReporter,
  harvestTogether: harvestReporterTogether,
  asksTogetherBesideJobs: true,
  harvestCompleteTogether: harvestReporterTogether,
  searchedBy: reporterSearchOf,
  mergeStored: mergeCoreProjectRecords,
};

/** NIH's fiscal year of a day: it starts on October 1 of the year before. */
export function fiscalYearOf(date: Date): number {
  return date.getUTCMonth() >= 9 ? date.getUTCFullYear() + 1 : date.getUTCFullYear();
}

/**
 * A grant's stored records with an incremental harvest's merged in (each application once, the
 * fresh copy winning), in the order a complete harvest stores them.
 */
export function mergeCoreProjectRecords(stored: unknown, fresh: unknown): unknown {
  // A grant stored before raw records were kept is replaced by what RePORTER sends now.
  if (!Array.isArray(stored) || !Array.isArray(fresh)) return fresh;
  const results: unknown[] = [...(fresh as unknown[]), ...(stored as unknown[])];
  const merged = rawRecordsByCoreProject([{ results }]);
  return [...merged.values()].flat();
}

/** The grant a stored RePORTER record (its core project's records, as RePORTER sent them) makes. */
export function reporterRecordToCandidate(payload: unknown): CandidateItem {
  // Harvests before raw records were kept stored the mapped grant: read until the next harvest
  // of the person replaces it.
  if (isCandidateItem(payload)) return payload;
  if (!Array.isArray(payload)) throw new RangeError("a stored RePORTER record is a list of projects");
  const [grant, ...others] = collapseProjects(payload.map((project) => parseProject(project)));
  if (grant === undefined || others.length > 0)
    throw new RangeError("a stored RePORTER record holds the records of one core project");
  return grant;
}

/** What a harvest asks of RePORTER: searches, joined with other people's by the batching client. */
type ReporterSearch = Pick<ReporterClient, "searchAll">;

/** The criteria and fiscal years the person's search asks (see HarvestSource.searchedBy). */
function reporterSearchOf(
  person: HarvestPerson,
  context: Pick<HarvestContext<ReporterSearch>, "sinceYear" | "untilYear" | "now"> & {
    incremental?: { since: Date };
  },
): string {
  const organizationNames = [...new Set([...person.affiliationTerms, ...person.orcidAffiliationTerms])];
  if (person.reporterProfileId === null && organizationNames.length === 0) return "nothing to search by";
  const fromYear = context.incremental
    ? Math.max(context.sinceYear ?? 0, fiscalYearOf(context.incremental.since))
    : context.sinceYear;
  const criteria = criteriaFor({
    firstName: person.firstName,
    lastName: person.lastName,
    ...(person.reporterProfileId !== null ? { profileId: person.reporterProfileId } : {}),
    organizationNames,
  });
  const years = fiscalYearRange({
    ...(fromYear ? { fromYear } : {}),
    ...(context.untilYear ? { toYear: context.untilYear } : {}),
    now: () => context.now,
  });
  // The middle name too: the answer's projects are matched to the person by their whole name.
  return JSON.stringify({
    criteria,
    middleName: person.middleName ?? null,
    years: years ? [years[0], years.at(-1)] : null,
  });
}

async function harvestPersonReporter(
  person: HarvestPerson,
  context: HarvestContext<ReporterSearch>,
): Promise<HarvestResult> {
  const organizationNames = [...new Set([...person.affiliationTerms, ...person.orcidAffiliationTerms])];
  // A name alone would bring in every namesake NIH ever funded.
  if (person.reporterProfileId === null && organizationNames.length === 0) {
    context.logger.info("no RePORTER profile id and no affiliation terms: nothing to search by");
    return { records: [], nothingToSearchBy: true };
  }
  // After a complete harvest, only the fiscal years that were not over at the last one.
  const fromYear = context.incremental
    ? Math.max(context.sinceYear ?? 0, fiscalYearOf(context.incremental.since))
    : context.sinceYear;
  const result = await harvestReporter(
    context.client,
    {
      firstName: person.firstName,
      lastName: person.lastName,
      ...(person.middleName ? { middleName: person.middleName } : {}),
      ...(person.reporterProfileId !== null ? { profileId: person.reporterProfileId } : {}),
      organizationNames,
    },
    {
      ...(fromYear ? { fromYear } : {}),
      ...(context.untilYear ? { toYear: context.untilYear } : {}),
      now: () => context.now,
    },
  );
  return {
    records: result.candidates.map((_, index) => {
      const match = result.matches[index]!;
      const byProfile = match.evidence?.kind === "profile_id";
      const evidence: Evidence[] = match.evidence
        ? [
            {
              kind: byProfile ? "reporter_profile_id" : "reporter_name",
              weight: byProfile ? 100 : 40,
              reason: match.evidence.reason,
              ...(match.evidence.profileId === undefined
                ? {}
                : { reporterProfileId: match.evidence.profileId }),
            },
          ]
        : [];
      return {
        payload: result.records[index],
        link: {
          status: byProfile ? "accepted" : "pending",
          score: byProfile ? 100 : 40,
          evidence,
          ...(match.role ? { role: match.role } : {}),
        },
      };
    }),
    ...(context.incremental && fromYear ? { note: `fiscal years ${fromYear} on` } : {}),
  };
}

/**
 * Everyone's searches started at once, so that the batching client (./batch.ts) joins them into
 * one request per REPORTER_BATCH_SIZE people and kind, and hands each their own projects.
 */
async function harvestReporterTogether(
  entries: ReadonlyArray<
    Pick<TogetherEntry<ReporterSearch>, "person"> & { context: HarvestContext<ReporterSearch> }
  >,
): Promise<TogetherAnswers> {
  // Profile-id searches first, then names: the batching client's groups of REPORTER_BATCH_SIZE
  // then hold one kind each, one request per group rather than one per kind and group.
  const ordered = [...entries].sort(
    (a, b) => Number(a.person.reporterProfileId === null) - Number(b.person.reporterProfileId === null),
  );
  const settled = await Promise.allSettled(
    ordered.map(({ person, context }) => harvestPersonReporter(person, context)),
  );
  return new Map(
    settled.map((outcome, index) => [
      ordered[index]!.person.id,
      outcome.status === "fulfilled"
        ? {
            ...outcome.value,
            note: outcome.value.note
              ? `${outcome.value.note}, asked together with others`
              : "asked together with others",
          }
        : outcome.reason instanceof Error
          ? outcome.reason
          : new Error(String(outcome.reason)),
    ]),
  );
}

export interface ReporterHarvestPerson extends ReporterPerson {
  /** Organisations as RePORTER names them ("UNIVERSITY OF WISCONSIN-MADISON"); used when there is no profile id. */
  organizationNames: string[];
}

export interface ReporterHarvestOptions {
  /** First and last fiscal year to search, inclusive; either may be left open. */
  fromYear?: number;
  toYear?: number;
  /** The clock, for an open toYear (default: now). */
  now?: () => Date;
}

export interface ReporterHarvest {
  /** One grant per core project number on which the person is a PI. */
  candidates: CandidateItem[];
  /** For each candidate, in the same order: the person's role and the evidence for it. */
  matches: ReporterGrantMatch[];
  /** For each candidate, in the same order: its core project's records as RePORTER sent them (stored). */
  records: unknown[][];
  /** Core numbers the search returned but where no PI could be the person (a namesake, say). */
  unmatched: string[];
  /** The criteria searched, for the harvest's record. */
  criteria: ReporterCriteria;
  /** Every answer page as received, so the mapping can be re-run without calling RePORTER. */
  raw: unknown[];
}

/**
 * The person's NIH grants: searched by RePORTER profile id when known (every hit is theirs), else
 * by name within their organisations (every hit is a candidate to confirm).
 */
export async function harvestReporter(
  client: Pick<ReporterClient, "searchAll">,
  person: ReporterHarvestPerson,
  options: ReporterHarvestOptions = {},
): Promise<ReporterHarvest> {
  const criteria = criteriaFor(person);
  const fiscalYears = fiscalYearRange(options);
  const result = await client.searchAll(criteria, fiscalYears ? { fiscalYears } : {});
  const grants = collapseProjectsWithMatches(result.projects, person);
  const found = grants.filter((grant) => grant.match?.evidence !== undefined);
  const byCore = rawRecordsByCoreProject(result.pages);
  return {
    candidates: found.map((grant) => grant.candidate),
    matches: found.map((grant) => grant.match!),
    records: found.map((grant) => byCore.get(grant.candidate.sourceId) ?? []),
    unmatched: grants
      .filter((grant) => grant.match?.evidence === undefined)
      .map((grant) => grant.candidate.sourceId),
    criteria: fiscalYears ? { ...criteria, fiscal_years: fiscalYears } : criteria,
    raw: result.pages,
  };
}

/** The search for one person: their profile id, or their name within their organisations. */
export function criteriaFor(person: ReporterHarvestPerson): ReporterCriteria {
  if (person.profileId !== undefined) {
    if (!Number.isInteger(person.profileId) || person.profileId < 1)
      throw new RangeError(`not a RePORTER profile id: ${person.profileId}`);
    return { pi_profile_ids: [person.profileId] };
  }
  const organizations = person.organizationNames.map((name) => name.trim()).filter(Boolean);
  // A name alone finds every namesake NIH ever funded: too many to put before a person to confirm.
  if (organizations.length === 0) {
    throw new RangeError(
      `cannot search RePORTER for ${person.firstName} ${person.lastName}: no profile id and no organisation names`,
    );
  }
  if (!person.firstName.trim() || !person.lastName.trim())
    throw new RangeError("a RePORTER name search needs a first and a last name");
  return {
    pi_names: [{ first_name: person.firstName.trim(), last_name: person.lastName.trim() }],
    org_names: organizations,
  };
}

function fiscalYearRange(options: ReporterHarvestOptions): number[] | undefined {
  const { fromYear, toYear } = options;
  if (fromYear === undefined && toYear === undefined) return undefined;
  // NIH's fiscal year starts on October 1, so next year's awards appear before the calendar turns.
  const first = fromYear ?? REPORTER_FIRST_FISCAL_YEAR;
  const last = toYear ?? (options.now?.() ?? new Date()).getUTCFullYear() + 1;
  if (!Number.isInteger(first) || !Number.isInteger(last) || first > last) {
    throw new RangeError(`fiscal years must run forwards (got ${fromYear ?? "…"} to ${toYear ?? "…"})`);
  }
  return Array.from({ length: last - first + 1 }, (_, index) => first + index);
}

/**
 * Each core project's records as RePORTER sent them, each application once, in fiscal-year order
 * (so that the same records stored again are the same payload, whatever order the pages came in).
 */
function rawRecordsByCoreProject(pages: readonly unknown[]): Map<string, unknown[]> {
  const seen = new Set<string>();
  const byCore = new Map<string, Array<{ raw: unknown; project: ReporterProject }>>();
  for (const page of pages) {
    for (const raw of (page as { results?: unknown[] }).results ?? []) {
      const project = parseProject(raw);
      const key = projectKey(project);
      if (seen.has(key)) continue;
      seen.add(key);
      byCore.set(project.coreProjectNum, [...(byCore.get(project.coreProjectNum) ?? []), { raw, project }]);
    }
  }
  return new Map(
    [...byCore].map(([core, entries]) => [
      core,
      entries
        .sort(
          (a, b) =>
            a.project.fiscalYear - b.project.fiscalYear ||
            a.project.projectNum.localeCompare(b.project.projectNum) ||
            (a.project.applId ?? 0) - (b.project.applId ?? 0) ||
            (a.project.subprojectId ?? "").localeCompare(b.project.subprojectId ?? ""),
        )
        .map((entry) => entry.raw),
    ]),
  );
}
