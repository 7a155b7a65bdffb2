import { type AxiosInstance, type AxiosResponse } from "axios";
import type { Redis } from "ioredis";
import {
  requestWithRetry,
  retryPolicy,
  type ApiClientOptions,
  type RequestDescription,
  type ResponseProblem,
  type RetryOptions,
} from "../../http/retry.ts";
import type { RateLimiter } from "../../ratelimit/redis-rate-limiter.ts";
import { createSendAnchoredLimiter } from "../../ratelimit/send-anchored-limiter.ts";
import { parseProjectsSearch, projectKey, ReporterParseError } from "./parse.ts";
import type { ReporterProject, ReporterSearchPage } from "./types.ts";

/** Most projects RePORTER returns on one page. */
export const REPORTER_MAX_LIMIT = 500;
/** RePORTER refuses offsets past about 10,000; offset + limit within this is safe. */
export const REPORTER_MAX_RESULTS = 10_000;
/** RePORTER's records start with this fiscal year. */
export const REPORTER_FIRST_FISCAL_YEAR = 1985;

/** Search criteria as RePORTER v2 names them; only the ones ScholarTrack uses are spelled out. */
export interface ReporterCriteria {
  pi_profile_ids?: number[];
  pi_names?: Array<{ first_name?: string; last_name?: string; any_name?: string }>;
  org_names?: string[];
  org_names_exact_match?: string[];
  fiscal_years?: number[];
  project_nums?: string[];
  include_active_projects?: boolean;
  exclude_subprojects?: boolean;
  [criterion: string]: unknown;
}

export interface ReporterPageRequest {
  offset?: number;
  limit?: number;
  sortField?: string;
  sortOrder?: "asc" | "desc";
}

export interface ReporterClientOptions extends ApiClientOptions {
  /** RePORTER API base, e.g. https://api.reporter.nih.gov/v2, with no trailing slash. */
  baseUrl: string;
  /** The clock, for the latest fiscal year to split over (default: now). */
  now?: () => Date;
}

export interface ReporterPageResult extends ReporterSearchPage {
  /** The answer's JSON as received, to keep for re-running the mapping offline. */
  raw: unknown;
}

export interface ReporterSearchAllResult {
  /** Projects found, each application once. */
  projects: ReporterProject[];
  /** Every page whose projects are in `projects`, as received. */
  pages: unknown[];
  /** Whether the search had to be split by fiscal year to get past RePORTER's 10,000 limit. */
  splitByFiscalYear: boolean;
}

/** A search that matches more projects than RePORTER can page through even within one fiscal year. */
export class ReporterSearchTooBroadError extends Error {
  override name = "ReporterSearchTooBroadError";
  readonly transient = false;
}

/**
 * The limit NIH asks for: one request a second. Requests are spaced from when the previous one
 * was sent, so a sender held up on its way only widens the gap; the margin covers the rest, the
 * difference between two requests' trips to the server (docs/performance.md, "Spacing RePORTER
 * requests from their sends").
 */
export function reporterRateLimit(): { limit: number; intervalMs: number; marginMs: number } {
  return { limit: 1, intervalMs: 1000, marginMs: 15 };
}

/** The one key every process calling RePORTER shares, so that the limit is global. */
export function reporterRateLimitKey(queuePrefix: string): string {
  return `${queuePrefix}:ratelimit:reporter`;
}

export function createReporterRateLimiter(redis: Redis, queuePrefix: string): RateLimiter {
  return createSendAnchoredLimiter(redis, { key: reporterRateLimitKey(queuePrefix), ...reporterRateLimit() });
}

/** RePORTER v2 project search over HTTP, rate-limited and retried; answers come back parsed. */
export class ReporterClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryOptions;

  constructor(private readonly options: ReporterClientOptions) {
    if (/\/$/.test(options.baseUrl))
      throw new RangeError(`baseUrl must not end in "/" (got ${options.baseUrl})`);
    this.retry = retryPolicy(options, 1000);
    this.http = this.retry.http;
  }

  /** One page of projects matching the criteria, with the total they number in all. */
  async searchProjects(
    criteria: ReporterCriteria,
    page: ReporterPageRequest = {},
  ): Promise<ReporterPageResult> {
    const offset = page.offset ?? 0;
    const limit = page.limit ?? REPORTER_MAX_LIMIT;
    if (
      !Number.isInteger(offset) ||
      offset < 0 ||
      !Number.isInteger(limit) ||
      limit < 1 ||
      limit > REPORTER_MAX_LIMIT
    ) {
      throw new RangeError(
        `RePORTER pages are 1 to ${REPORTER_MAX_LIMIT} projects from offset 0 or more (asked offset=${offset} limit=${limit})`,
      );
    }
    if (offset + limit > REPORTER_MAX_RESULTS) {
      throw new RangeError(
        `RePORTER serves results 0 to ${REPORTER_MAX_RESULTS} only (asked offset=${offset} limit=${limit}); split the search`,
      );
    }
    const body = {
      criteria,
      offset,
      limit,
      ...(page.sortField !== undefined
        ? { sort_field: page.sortField, sort_order: page.sortOrder ?? "asc" }
        : {}),
    };
    const description: RequestDescription = {
      method: "POST",
      endpoint: "RePORTER projects/search",
      params: { criteria: shorten(JSON.stringify(criteria)), offset, limit },
    };
    let read: { page: ReporterSearchPage; json: unknown } | undefined;
    await requestWithRetry<string>(
      {
        method: "POST",
        url: `${this.options.baseUrl}/projects/search`,
        data: JSON.stringify(body),
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        // The raw body, so that an HTML page or a truncated document can be recognised and reported.
        responseType: "text",
        transformResponse: [(data: unknown) => data],
      },
      description,
      {
        ...this.retry,
        checkResponse: (received) => {
          const checked = checkSearch(received);
          if ("problem" in checked) return checked.problem;
          read = checked;
          return undefined;
        },
      },
    );
    // A response is returned only once checkResponse has read it, so the body is parsed just once.
    const { page: parsed, json } = read!;
    return { ...parsed, raw: json };
  }

  /**
   * Every project matching the criteria, paging 500 at a time. When there are more than RePORTER
   * pages through (10,000), the search is made once per fiscal year: `fiscalYears`, else the
   * criteria's own, else every year RePORTER holds. `fiscalYears`, when given, also limits the search.
   */
  async searchAll(
    criteria: ReporterCriteria,
    options: { fiscalYears?: readonly number[]; sortField?: string; sortOrder?: "asc" | "desc" } = {},
  ): Promise<ReporterSearchAllResult> {
    const years = options.fiscalYears ?? criteria.fiscal_years;
    if (years !== undefined && years.length === 0)
      throw new RangeError("fiscalYears is empty: nothing to search");
    const searched = options.fiscalYears ? { ...criteria, fiscal_years: [...options.fiscalYears] } : criteria;
    const sort = { sortField: options.sortField, sortOrder: options.sortOrder };
    const first = await this.searchProjects(searched, { ...sort, offset: 0, limit: REPORTER_MAX_LIMIT });
    if (first.total <= REPORTER_MAX_RESULTS) {
      const pages = await this.remainingPages(searched, first, sort);
      return { ...collect(pages), splitByFiscalYear: false };
    }
    const splitYears = [...new Set(years ?? this.allFiscalYears())].sort((a, b) => a - b);
    const pages: ReporterPageResult[] = [];
    for (const year of splitYears) {
      const yearCriteria = { ...criteria, fiscal_years: [year] };
      // A search already limited to this one year was the first request: no need to ask again.
      const yearFirst =
        splitYears.length === 1 && years !== undefined
          ? first
          : await this.searchProjects(yearCriteria, { ...sort, offset: 0, limit: REPORTER_MAX_LIMIT });
      if (yearFirst.total > REPORTER_MAX_RESULTS) {
        throw new ReporterSearchTooBroadError(
          `RePORTER search matches ${yearFirst.total} projects in fiscal year ${year} alone, more than the ` +
            `${REPORTER_MAX_RESULTS} it can page through; narrow the criteria (${shorten(JSON.stringify(criteria))})`,
        );
      }
      pages.push(...(await this.remainingPages(yearCriteria, yearFirst, sort)));
    }
    return { ...collect(pages), splitByFiscalYear: true };
  }

  /** The first page and the rest, at offsets 500, 1000, ... up to the total it gave. */
  private async remainingPages(
    criteria: ReporterCriteria,
    first: ReporterPageResult,
    sort: Pick<ReporterPageRequest, "sortField" | "sortOrder">,
  ): Promise<ReporterPageResult[]> {
    const pages = [first];
    for (let offset = REPORTER_MAX_LIMIT; offset < first.total; offset += REPORTER_MAX_LIMIT) {
      const page = await this.searchProjects(criteria, { ...sort, offset, limit: REPORTER_MAX_LIMIT });
      pages.push(page);
      // Records withdrawn while paging leave the last pages empty.
      if (page.projects.length === 0) break;
    }
    return pages;
  }

  private allFiscalYears(): number[] {
    // NIH's fiscal year starts on October 1, so next year's awards appear before the calendar turns.
    const last = (this.options.now?.() ?? new Date()).getUTCFullYear() + 1;
    return Array.from(
      { length: last - REPORTER_FIRST_FISCAL_YEAR + 1 },
      (_, index) => REPORTER_FIRST_FISCAL_YEAR + index,
    );
  }
}

function collect(pages: readonly ReporterPageResult[]): Omit<ReporterSearchAllResult, "splitByFiscalYear"> {
  const seen = new Set<string>();
  const projects: ReporterProject[] = [];
  for (const page of pages) {
    for (const project of page.projects) {
      // Records shift between pages when RePORTER's data changes mid-search; each counts once.
      const key = projectKey(project);
      if (seen.has(key)) continue;
      seen.add(key);
      projects.push(project);
    }
  }
  return { projects, pages: pages.map((page) => page.raw) };
}

type SearchCheck = { page: ReporterSearchPage; json: unknown } | { problem: ResponseProblem };

function checkSearch(response: AxiosResponse<unknown>): SearchCheck {
  const body = typeof response.data === "string" ? response.data : "";
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    // JSON that starts right but does not end was cut short on the way: asking again should help.
    const truncated = /^\s*[[{]/.test(body);
    return {
      problem: {
        transient: truncated,
        message: truncated ? "RePORTER JSON ends early (truncated response)" : parseProblem(body),
      },
    };
  }
  try {
    return { page: parseProjectsSearch(json), json };
  } catch (error) {
    if (error instanceof ReporterParseError) return { problem: { transient: false, message: error.message } };
    throw error;
  }
}

function parseProblem(body: string): string {
  try {
    parseProjectsSearch(body);
  } catch (error) {
    if (error instanceof ReporterParseError) return error.message;
    throw error;
  }
  return "unexpected response";
}

function shorten(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
