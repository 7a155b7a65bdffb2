import { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from "axios";
import type { Redis } from "ioredis";
import pLimit from "p-limit";
import {
  HttpRequestError,
  requestWithRetry,
  retryPolicy,
  type ApiClientOptions,
  type RequestDescription,
  type ResponseProblem,
  type RetryOptions,
} from "../../http/retry.ts";
import { isValidOrcid, normalizeOrcid, orcidCheckCharacter } from "../../identity/orcid.ts";
import { createRedisRateLimiter, type RateLimiter } from "../../ratelimit/redis-rate-limiter.ts";
import {
  OrcidParseError,
  parseBulkWorks,
  parseEmployments,
  parseFunding,
  parseFundings,
  parsePerson,
  parseRecordLastModified,
  parseSearch,
  parseWork,
  parseWorksSummary,
  readOrcidJson,
} from "./parse.ts";
import type {
  OrcidBulkWorks,
  OrcidEmployment,
  OrcidFunding,
  OrcidFundingGroup,
  OrcidPerson,
  OrcidSearchPage,
  OrcidWork,
  OrcidWorkGroup,
} from "./types.ts";

/**
 * iDs asked about in one search. The query goes in the URL, which must stay a few kilobytes;
 * ORCID returns up to 1,000 rows a page, so every hit fits on one.
 */
export const ORCID_SEARCH_MAX_IDS = 200;

/** ORCID refuses a bulk read of more put-codes than this. */
export const ORCID_BULK_MAX = 100;
export const ORCID_MEDIA_TYPE = "application/vnd.orcid+json";

/**
 * The public API allows about 12 requests a second per client, with bursts of 40. The limit is
 * ORCID's count of all our requests, so every process shares one limiter in Redis.
 */
export const ORCID_RATE_LIMIT = { limit: 12, intervalMs: 1_000 } as const;

/** The one key every process reading ORCID shares, so that the limit is global. */
export function orcidRateLimitKey(queuePrefix: string): string {
  return `${queuePrefix}:ratelimit:orcid`;
}

export function createOrcidRateLimiter(redis: Redis, queuePrefix: string): RateLimiter {
  return createRedisRateLimiter(redis, { key: orcidRateLimitKey(queuePrefix), ...ORCID_RATE_LIMIT });
}

/** Why a record cannot be read. Each asks a person to look at the faculty member's ORCID iD. */
export type OrcidUnavailableReason =
  "invalid-id" | "not-found" | "locked" | "deactivated" | "deprecated" | "unavailable";

export interface OrcidUnavailableDetails {
  /** The iD as given (canonical when it could be read as one). */
  orcid: string;
  reason: OrcidUnavailableReason;
  /** ORCID's HTTP status; absent when the iD was refused before any request. */
  status?: number;
  /** For a deprecated (merged) record, the record it was merged into, when ORCID says. */
  primaryOrcid?: string;
}

/**
 * The record cannot be read, and asking again will not help: no such iD, a bad check character,
 * a locked, deactivated or merged record. The caller marks the faculty member's ORCID iD as
 * needing attention; the message says what to do.
 */
export class OrcidRecordUnavailableError extends Error {
  override name = "OrcidRecordUnavailableError";
  readonly transient = false;
  readonly permanent = true;
  readonly orcid: string;
  readonly reason: OrcidUnavailableReason;
  readonly status?: number;
  readonly primaryOrcid?: string;

  constructor(message: string, details: OrcidUnavailableDetails, options?: ErrorOptions) {
    super(message, options);
    this.orcid = details.orcid;
    this.reason = details.reason;
    this.status = details.status;
    this.primaryOrcid = details.primaryOrcid;
  }
}

/** Not an ORCID iD, or one whose check character is wrong: refused before any request. */
export class InvalidOrcidError extends OrcidRecordUnavailableError {
  override name = "InvalidOrcidError";
}

/** The iD in canonical form; throws InvalidOrcidError for anything that is not a valid iD. */
export function canonicalOrcid(value: string): string {
  const given = value.trim();
  const orcid = normalizeOrcid(given);
  if (orcid === undefined) {
    throw new InvalidOrcidError(
      `${JSON.stringify(given)} is not an ORCID iD (expected 16 characters like 0000-0002-1825-0097); fix the faculty member's ORCID iD`,
      { orcid: given, reason: "invalid-id" },
    );
  }
  if (!isValidOrcid(orcid)) {
    const expected = orcidCheckCharacter(orcid.replace(/-/g, "").slice(0, 15));
    throw new InvalidOrcidError(
      `${orcid} is not a valid ORCID iD: its check character should be ${expected}, not ${orcid.at(-1)}, so it was mistyped; fix the faculty member's ORCID iD`,
      { orcid, reason: "invalid-id" },
    );
  }
  return orcid;
}

export interface OrcidClientOptions extends ApiClientOptions {
  /** The API base (ORCID_API_URL), e.g. https://pub.orcid.org/v3.0, with no trailing slash. */
  baseUrl: string;
}

/** A response as ORCID sent it, with the path it came from (relative to the API base). */
export interface OrcidRawResponse {
  path: string;
  body: unknown;
}

/** Whether a 404 means the record (the iD) or only the one item asked for. */
type Scope = "record" | "item";

interface RequestSpec<T> {
  path: string;
  endpoint: string;
  scope: Scope;
  parse: (json: unknown) => T;
  params?: Record<string, string | number>;
}

/** The ORCID public API v3.0 over HTTP: rate-limited, retried, and parsed. */
export class OrcidClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryOptions;

  constructor(
    private readonly options: OrcidClientOptions,
    private readonly rawLog?: OrcidRawResponse[],
  ) {
    if (/\/$/.test(options.baseUrl))
      throw new RangeError(`baseUrl must not end in "/" (got ${options.baseUrl})`);
    this.retry = retryPolicy(options, 500);
    this.http = this.retry.http;
  }

  /** The same client, also appending every parsed response's JSON to `log` (for re-running offline). */
  recording(log: OrcidRawResponse[]): OrcidClient {
    return new OrcidClient({ ...this.options, http: this.http }, log);
  }

  /** The works, grouped by shared identifiers (summaries: no contributors). */
  works(orcid: string): Promise<OrcidWorkGroup[]> {
    return this.get(orcid, {
      path: "works",
      endpoint: "ORCID works",
      scope: "record",
      parse: parseWorksSummary,
    });
  }

  async work(orcid: string, putCode: number): Promise<OrcidWork> {
    checkPutCode(putCode);
    return await this.get(orcid, {
      path: `work/${putCode}`,
      endpoint: "ORCID work",
      scope: "item",
      parse: parseWork,
      params: { putCode },
    });
  }

  /**
   * Full works for the put-codes (each once), read 100 at a time, `concurrency` reads at once. A
   * put-code ORCID cannot return (deleted since it was listed, not public) is an error in the
   * result, not a failure.
   */
  async worksBulk(orcid: string, putCodes: readonly number[], concurrency = 1): Promise<OrcidBulkWorks> {
    const id = canonicalOrcid(orcid);
    const unique = [...new Set(putCodes)];
    unique.forEach(checkPutCode);
    const chunks: number[][] = [];
    for (let start = 0; start < unique.length; start += ORCID_BULK_MAX)
      chunks.push(unique.slice(start, start + ORCID_BULK_MAX));
    const parts = await this.requestAll(chunks, concurrency, (client, chunk) =>
      client.get(id, {
        path: `works/${chunk.join(",")}`,
        endpoint: "ORCID works (bulk)",
        scope: "record",
        parse: (json) => parseBulkWorks(json, chunk),
        params: { putCodes: describePutCodes(chunk) },
      }),
    );
    return { works: parts.flatMap((part) => part.works), errors: parts.flatMap((part) => part.errors) };
  }

  /**
   * One request per input, at most `concurrency` under way at once (the shared rate limiter still
   * spaces them). Results, and the responses this client records, come in the order of the inputs,
   * whatever order ORCID answers in. The first failure stops those not started yet.
   */
  async requestAll<I, T>(
    inputs: readonly I[],
    concurrency: number,
    request: (client: OrcidClient, input: I) => Promise<T>,
  ): Promise<T[]> {
    const logs = inputs.map((): OrcidRawResponse[] => []);
    let failed = false;
    const results = await pLimit(concurrency).map(inputs, async (input, index) => {
      if (failed) throw new Error("not started: another request failed");
      try {
        return await request(this.rawLog ? this.recording(logs[index]!) : this, input);
      } catch (error) {
        failed = true;
        throw error;
      }
    });
    this.rawLog?.push(...logs.flat());
    return results;
  }

  /** The funding items, grouped (summaries: no amount, no contributors). */
  fundings(orcid: string): Promise<OrcidFundingGroup[]> {
    return this.get(orcid, {
      path: "fundings",
      endpoint: "ORCID fundings",
      scope: "record",
      parse: parseFundings,
    });
  }

  async funding(orcid: string, putCode: number): Promise<OrcidFunding> {
    checkPutCode(putCode);
    return await this.get(orcid, {
      path: `funding/${putCode}`,
      endpoint: "ORCID funding",
      scope: "item",
      parse: parseFunding,
      params: { putCode },
    });
  }

  /** When anything on the record last changed (null when ORCID does not say): one request for the whole record. */
  recordLastModified(orcid: string): Promise<Date | null> {
    return this.get(orcid, {
      path: "record",
      endpoint: "ORCID record",
      scope: "record",
      parse: parseRecordLastModified,
    });
  }

  /**
   * Which of the records changed on or after `since`, by ORCID's search index
   * (`orcid:(A OR B ...) AND profile-last-modified-date:[<since> TO *]`): one request for up to
   * ORCID_SEARCH_MAX_IDS records instead of one each. Every iD must be valid (canonicalOrcid).
   */
  async changedSince(orcids: readonly string[], since: Date): Promise<Set<string>> {
    const ids = [...new Set(orcids.map(canonicalOrcid))];
    const changed = new Set<string>();
    for (let start = 0; start < ids.length; start += ORCID_SEARCH_MAX_IDS) {
      const chunk = ids.slice(start, start + ORCID_SEARCH_MAX_IDS);
      const query = `orcid:(${chunk.join(" OR ")}) AND profile-last-modified-date:[${since.toISOString()} TO *]`;
      for (let offset = 0; ;) {
        const page = await this.search(query, offset, ORCID_SEARCH_MAX_IDS);
        for (const orcid of page.orcids) changed.add(orcid);
        offset += page.orcids.length;
        if (page.orcids.length === 0 || offset >= page.numFound) break;
      }
    }
    return changed;
  }

  /** One page of GET /search/ (Solr query syntax). */
  async search(query: string, start: number, rows: number): Promise<OrcidSearchPage> {
    let parsed: OrcidSearchPage | undefined;
    await requestWithRetry<string>(
      {
        method: "GET",
        url: `${this.options.baseUrl}/search/`,
        params: { q: query, start, rows },
        headers: { Accept: ORCID_MEDIA_TYPE },
        responseType: "text",
        transformResponse: [(data: unknown) => data],
      },
      { method: "GET", endpoint: "ORCID search", params: { start, rows } },
      {
        ...this.retry,
        checkResponse: (response) => {
          const checked = checkBody(response, parseSearch);
          if ("problem" in checked) return checked.problem;
          parsed = checked.value;
          return undefined;
        },
      },
    );
    // checkResponse accepted the body only once it had parsed it.
    return parsed!;
  }

  person(orcid: string): Promise<OrcidPerson> {
    return this.get(orcid, { path: "person", endpoint: "ORCID person", scope: "record", parse: parsePerson });
  }

  employments(orcid: string): Promise<OrcidEmployment[]> {
    return this.get(orcid, {
      path: "employments",
      endpoint: "ORCID employments",
      scope: "record",
      parse: parseEmployments,
    });
  }

  private async get<T>(orcid: string, spec: RequestSpec<T>): Promise<T> {
    // Checked before anything else, so a mistyped iD never reaches the network.
    const id = canonicalOrcid(orcid);
    const path = `/${id}/${spec.path}`;
    let last: LastAnswer = {};
    let parsed: { value: T; json: unknown } | undefined;
    const config: AxiosRequestConfig = {
      method: "GET",
      url: `${this.options.baseUrl}${path}`,
      headers: { Accept: ORCID_MEDIA_TYPE },
      responseType: "text",
      // A merged record answers with a redirect to the record it was merged into: that is for a
      // person to see, not to follow silently under the old iD.
      maxRedirects: 0,
      // The raw text (not parsed by axios), kept with the Location header: an error status is
      // explained with ORCID's own message from it.
      transformResponse: [
        (data: unknown, headers: Record<string, unknown> | undefined) => {
          const location = headers?.location;
          last = {
            body: typeof data === "string" ? data : undefined,
            location: typeof location === "string" ? location : undefined,
          };
          return data;
        },
      ],
    };
    const description: RequestDescription = {
      method: "GET",
      endpoint: spec.endpoint,
      params: { orcid: id, ...spec.params },
    };
    try {
      await requestWithRetry<string>(config, description, {
        ...this.retry,
        checkResponse: (response) => {
          const problem = checkBody(response, spec.parse);
          if ("problem" in problem) return problem.problem;
          parsed = problem;
          return undefined;
        },
      });
    } catch (error) {
      throw explainFailure(error, id, spec.scope, last);
    }
    // checkResponse accepted the body only once it had parsed it.
    const { value, json } = parsed!;
    this.rawLog?.push({ path, body: json });
    return value;
  }
}

interface LastAnswer {
  body?: string;
  location?: string;
}

/** Parses a 2xx body; a body cut short is worth asking again for, anything else wrong is not. */
function checkBody<T>(
  response: AxiosResponse<unknown>,
  parse: (json: unknown) => T,
): { value: T; json: unknown } | { problem: ResponseProblem } {
  const body = typeof response.data === "string" ? response.data : "";
  let json: unknown;
  try {
    json = readOrcidJson(body);
  } catch (error) {
    if (!(error instanceof OrcidParseError)) throw error;
    const cutShort = /^\s*[[{]/.test(body) && error.message.startsWith("not JSON");
    return {
      problem: {
        transient: cutShort,
        message: cutShort ? `${error.message} (truncated response?)` : error.message,
      },
    };
  }
  try {
    return { value: parse(json), json };
  } catch (error) {
    if (error instanceof OrcidParseError) return { problem: { transient: false, message: error.message } };
    throw error;
  }
}

/** An error status that means the record cannot be read becomes OrcidRecordUnavailableError. */
function explainFailure(error: unknown, orcid: string, scope: Scope, last: LastAnswer): unknown {
  if (!(error instanceof HttpRequestError) || error.kind !== "status" || error.status === undefined)
    return error;
  const { status } = error;
  const orcidSaid = developerMessage(last.body);
  const said = `HTTP ${status}${orcidSaid ? `: ${orcidSaid}` : ""}`;
  const unavailable = (
    reason: OrcidUnavailableReason,
    message: string,
    primaryOrcid?: string,
  ): OrcidRecordUnavailableError =>
    new OrcidRecordUnavailableError(message, { orcid, reason, status, primaryOrcid }, { cause: error });

  if (status === 404) {
    // A 404 for one work or funding item may be that item alone; ORCID names the iD when it is the record.
    if (scope === "item" && !/orcid id\s+\S+\s+not found/i.test(orcidSaid ?? "")) return error;
    return unavailable(
      "not-found",
      `ORCID iD ${orcid} was not found at ORCID (${said}); check the faculty member's ORCID iD`,
    );
  }
  if (
    (status >= 300 && status < 400) ||
    ((status === 409 || status === 410) && /deprecat/i.test(orcidSaid ?? ""))
  ) {
    const primary = otherOrcidIn(last.location, orcid) ?? otherOrcidIn(orcidSaid, orcid);
    return unavailable(
      "deprecated",
      `ORCID record ${orcid} was merged into ${primary ?? "another record"} (${said}); update the faculty member's ORCID iD${primary ? ` to ${primary}` : ""}`,
      primary,
    );
  }
  if (status === 409 || status === 410) {
    const text = orcidSaid ?? "";
    if (/deactivat/i.test(text) || (status === 410 && !/lock/i.test(text))) {
      return unavailable(
        "deactivated",
        `ORCID record ${orcid} has been deactivated (${said}); ask the faculty member for their current ORCID iD`,
      );
    }
    if (/lock/i.test(text)) {
      return unavailable(
        "locked",
        `ORCID record ${orcid} is locked by ORCID (${said}); nothing can be read from it until ORCID unlocks it`,
      );
    }
    return unavailable(
      "unavailable",
      `ORCID record ${orcid} is locked or deactivated (${said}); check the faculty member's ORCID iD`,
    );
  }
  return error;
}

/** ORCID's developer-message (else user-message) from an error body, on one line. */
function developerMessage(body: string | undefined): string | undefined {
  if (!body) return undefined;
  try {
    const json = JSON.parse(body) as Record<string, unknown> | null;
    const message = json?.["developer-message"] ?? json?.["user-message"];
    return typeof message === "string" && message.trim() !== ""
      ? message.replace(/\s+/g, " ").trim()
      : undefined;
  } catch {
    return undefined;
  }
}

function otherOrcidIn(text: string | undefined, orcid: string): string | undefined {
  for (const match of text?.matchAll(/\d{4}-\d{4}-\d{4}-\d{3}[\dX]/gi) ?? []) {
    const found = match[0].toUpperCase();
    if (found !== orcid) return found;
  }
  return undefined;
}

function checkPutCode(putCode: number): void {
  if (!Number.isSafeInteger(putCode) || putCode < 1)
    throw new RangeError(`not an ORCID put-code: ${String(putCode)}`);
}

function describePutCodes(putCodes: readonly number[]): string {
  return putCodes.length <= 3
    ? putCodes.join(",")
    : `${putCodes.length} put-codes ${putCodes[0]}…${putCodes.at(-1)}`;
}
