import type { CandidateItem } from "../../reconcile/candidate.ts";
import { REPORTER_FIRST_FISCAL_YEAR, type ReporterClient, type ReporterCriteria } from "./client.ts";
import { collapseProjectsWithMatches, type ReporterGrantMatch, type ReporterPerson } from "./map.ts";

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
  return {
    candidates: found.map((grant) => grant.candidate),
    matches: found.map((grant) => grant.match!),
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
