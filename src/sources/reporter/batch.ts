/**
 * Many people's RePORTER searches in one request. NIH asks for one request a second, so a night of
 * one search per person costs a second each; searches that arrive together (within one window)
 * go out as one criteria set per kind (profile ids; names within organisations, with the same
 * fiscal years), and each person gets back only the projects their own criteria match.
 */
import DataLoader from "dataloader";
import { foldDiacritics } from "../../identity/names.ts";
import { parseProject, projectKey } from "./parse.ts";
import type { ReporterClient, ReporterCriteria, ReporterSearchAllResult } from "./client.ts";
import type { ReporterProject } from "./types.ts";

export interface ReporterSearch {
  criteria: ReporterCriteria;
  fiscalYears?: readonly number[];
}

export interface ReporterBatchOptions {
  /** Most people in one request (REPORTER_BATCH_SIZE). */
  maxPeople: number;
  /** How long a search waits for others to join it (REPORTER_BATCH_WINDOW_MS). */
  windowMs: number;
}

type Search = Pick<ReporterClient, "searchAll">;

/** A client whose `searchAll` joins searches arriving together into one request. */
export function batchReporterSearches(client: Search, options: ReporterBatchOptions): Search {
  const loader = new DataLoader<ReporterSearch, ReporterSearchAllResult>(
    (searches) => searchTogether(client, searches),
    {
      cache: false,
      maxBatchSize: options.maxPeople,
      batchScheduleFn: (run) => setTimeout(run, options.windowMs),
    },
  );
  return {
    searchAll: (criteria, searchOptions = {}) => {
      // Searches of other kinds (project numbers, sorting) go out as they are.
      if (!batchable(criteria) || searchOptions.sortField !== undefined)
        return client.searchAll(criteria, searchOptions);
      return loader.load({
        criteria,
        ...(searchOptions.fiscalYears ? { fiscalYears: searchOptions.fiscalYears } : {}),
      });
    },
  };
}

function batchable(criteria: ReporterCriteria): boolean {
  const keys = Object.keys(criteria).filter((key) => criteria[key] !== undefined);
  const byProfile = keys.length === 1 && keys[0] === "pi_profile_ids";
  const byName = keys.length === 2 && keys.includes("pi_names") && keys.includes("org_names");
  return byProfile || byName;
}

/** The searches grouped by kind and years, one request per group, each answered with its own projects. */
async function searchTogether(
  client: Search,
  searches: readonly ReporterSearch[],
): Promise<Array<ReporterSearchAllResult | Error>> {
  const groups = new Map<string, number[]>();
  searches.forEach((search, index) => {
    const kind = search.criteria.pi_profile_ids ? "profile" : "name";
    const key = `${kind}|${[...(search.fiscalYears ?? [])].sort((a, b) => a - b).join(",")}`;
    groups.set(key, [...(groups.get(key) ?? []), index]);
  });
  const answers: Array<ReporterSearchAllResult | Error> = new Array<ReporterSearchAllResult | Error>(
    searches.length,
  );
  for (const members of groups.values()) {
    const group = members.map((index) => searches[index]!);
    try {
      const fiscalYears = group[0]!.fiscalYears;
      const together = await client.searchAll(joined(group), fiscalYears ? { fiscalYears } : {});
      // Each raw record's key is read once for the group, not once per member.
      const raw = together.pages
        .flatMap((page) => (page as { results?: unknown[] }).results ?? [])
        .map((record) => ({ record, key: projectKey(parseProject(record)) }));
      for (const index of members) answers[index] = only(searches[index]!.criteria, together, raw);
    } catch (error) {
      for (const index of members) answers[index] = error as Error;
    }
  }
  return answers;
}

/** One criteria set asking for everyone in the group: any of their profile ids, or names within organisations. */
function joined(group: readonly ReporterSearch[]): ReporterCriteria {
  if (group[0]!.criteria.pi_profile_ids) {
    return { pi_profile_ids: [...new Set(group.flatMap((search) => search.criteria.pi_profile_ids ?? []))] };
  }
  const names = new Map<string, { first_name?: string; last_name?: string }>();
  for (const search of group)
    for (const name of search.criteria.pi_names ?? []) names.set(JSON.stringify(name), name);
  return {
    pi_names: [...names.values()],
    org_names: [...new Set(group.flatMap((search) => search.criteria.org_names ?? []))],
  };
}

/** What one person's own search would have returned, out of the group's answer. */
function only(
  criteria: ReporterCriteria,
  together: ReporterSearchAllResult,
  raw: ReadonlyArray<{ record: unknown; key: string }>,
): ReporterSearchAllResult {
  const matches = (project: ReporterProject) => matchesCriteria(criteria, project);
  const projects = together.projects.filter(matches);
  const keys = new Set(projects.map(projectKey));
  const results = raw.filter(({ key }) => keys.has(key)).map(({ record }) => record);
  return { projects, pages: [{ results }], splitByFiscalYear: together.splitByFiscalYear };
}

/** RePORTER's reading of a profile-id or name-within-organisation search, for one project. */
export function matchesCriteria(criteria: ReporterCriteria, project: ReporterProject): boolean {
  if (criteria.pi_profile_ids) {
    const wanted = new Set(criteria.pi_profile_ids);
    return project.principalInvestigators.some(
      (pi) => pi.profileId !== undefined && wanted.has(pi.profileId),
    );
  }
  const organization = fold(project.organization?.name ?? "");
  const inOrganization = (criteria.org_names ?? []).some((name) => {
    const wanted = fold(name);
    return wanted !== "" && organization.includes(wanted);
  });
  const named = (criteria.pi_names ?? []).some((name) =>
    project.principalInvestigators.some(
      (pi) =>
        (name.first_name === undefined || fold(name.first_name) === fold(pi.firstName ?? "")) &&
        (name.last_name === undefined || fold(name.last_name) === fold(pi.lastName ?? "")),
    ),
  );
  return inOrganization && named;
}

/** Case, accents and spacing folded, as RePORTER compares names. */
function fold(value: string): string {
  return foldDiacritics(value).replace(/\s+/g, " ").trim().toLowerCase();
}
