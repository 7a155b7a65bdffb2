import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { performance } from "node:perf_hooks";
import type { OrcidBulkWorksJson, OrcidErrorJson } from "../../src/sources/orcid/types.ts";
import { createHash } from "node:crypto";
import type { SandboxOrcidRecord } from "../division/index.ts";
import { matchesSearch, parseSearch, SearchSyntaxError } from "./orcid-search.ts";
import { listenSandbox, RequestCounter, serveStats, type SandboxRequestStats } from "./sandbox-server.ts";

/**
 * A local stand-in for the ORCID public API v3.0 (the sections ScholarTrack reads, and the search
 * by iD and last-modified date, ./orcid-search.ts) over given records, with ORCID's answers for what goes wrong: 404 for an unknown iD, 409 for a deactivated
 * or locked record, 400 for a bulk read of more than 100 put-codes, and 429 past 12 requests a
 * second (bursts of 40). Used by the demo and the harvest benchmark.
 */

export interface OrcidSandboxOptions {
  /** Records by ORCID iD. */
  records: Readonly<Record<string, SandboxOrcidRecord>>;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** Refuse requests past ORCID's rate with 429 (default true); they are counted either way. */
  enforceRateLimit?: boolean;
}

/**
 * Requests under /v3.0/ by endpoint (record, search, works, works-bulk, work, fundings, funding,
 * person, employments, other) and answers other than 200 by status.
 */
export type OrcidSandboxStats = SandboxRequestStats;

export interface OrcidSandbox {
  /** Base URL ending in /v3.0, to use as ORCID_API_URL. */
  url: string;
  stats(): OrcidSandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

/** ORCID's public API: about 12 requests a second per client, with bursts of up to 40. */
export const ORCID_REQUESTS_PER_SECOND = 12;
export const ORCID_BURST = 40;
export const ORCID_BULK_LIMIT = 100;
/** Rows one search page may ask for. */
export const ORCID_SEARCH_MAX_ROWS = 1000;

const ORCID_JSON = "application/vnd.orcid+json;charset=UTF-8";
const MORE_INFO = "https://members.orcid.org/api/resources/troubleshooting";

type Endpoint =
  | "search"
  | "record"
  | "works"
  | "works-bulk"
  | "work"
  | "fundings"
  | "funding"
  | "person"
  | "employments"
  | "other";

/** An ORCID v3.0 error body; the texts are ORCID's own. */
function orcidError(
  status: number,
  code: number | undefined,
  developer: string,
  user: string,
): OrcidErrorJson {
  return {
    "response-code": status,
    "developer-message": developer,
    "user-message": user,
    ...(code === undefined ? {} : { "error-code": code }),
    "more-info": MORE_INFO,
  };
}

const ERRORS = {
  unknownRecord: (orcid: string) =>
    orcidError(
      404,
      9016,
      `404 Not Found: The resource was not found. Full validation error: ORCID iD ${orcid} not found`,
      "The resource was not found.",
    ),
  unknownItem: () =>
    orcidError(404, 9016, "404 Not Found: The resource was not found.", "The resource was not found."),
  unrouted: () =>
    orcidError(
      404,
      9001,
      "400 Bad Request: There is an issue with your data or the API endpoint. Full validation error: HTTP 404 Not Found",
      "ORCID could not process the data, because they were invalid.",
    ),
  deactivated: (orcid: string) =>
    orcidError(
      409,
      9044,
      `409 Conflict: The ORCID record is deactivated and cannot be edited. Full validation error: ${orcid} is deactivated`,
      "The ORCID record is deactivated.",
    ),
  locked: (orcid: string) =>
    orcidError(
      409,
      9018,
      `409 Conflict: The ORCID record is locked and cannot be edited. ORCID ${orcid} Full validation error: ${orcid} is locked`,
      "The ORCID record is locked.",
    ),
  badSearch: (message: string) =>
    orcidError(
      400,
      9005,
      `400 Bad Request: Invalid search query. Full validation error: ${message}`,
      "The search query could not be read.",
    ),
  tooManyRows: (rows: number) =>
    orcidError(
      400,
      9005,
      `400 Bad Request: Invalid search query. Full validation error: rows ${rows} is more than the maximum of ${ORCID_SEARCH_MAX_ROWS}`,
      "The search query could not be read.",
    ),
  tooManyPutCodes: () =>
    orcidError(
      400,
      9042,
      "org.orcid.core.exception.ExceedMaxNumberOfPutCodesException Full validation error: Too many put codes specified: maximum is 100",
      "Too many put codes supplied",
    ),
  badPutCode: (raw: string) =>
    orcidError(
      400,
      9006,
      `The client application sent a bad request to ORCID. Full validation error: For input string: "${raw}"`,
      "The client application sent a bad request to ORCID.",
    ),
  invalidPutCode: (putCode: string) =>
    orcidError(
      400,
      9034,
      `400 Bad Request: The put code provided is not valid. Full validation error: '${putCode}' is not a valid put code`,
      "There was an error when updating the record. Please try again.",
    ),
  // ORCID documents no error code of its own for this one.
  tooManyRequests: () =>
    orcidError(
      429,
      undefined,
      `429 Too Many Requests: the public API allows ${ORCID_REQUESTS_PER_SECOND} requests a second with bursts of ${ORCID_BURST}.`,
      "Too many requests. Please slow down and try again.",
    ),
};

/**
 * Refills at `perMs` tokens a millisecond up to `capacity`; a request takes one. This is how ORCID
 * describes its limit: a steady rate, and a burst allowance that an idle client earns back.
 */
class TokenBucket {
  private tokens: number;

  constructor(
    private readonly perMs: number,
    private readonly capacity: number,
    private at: number,
  ) {
    this.tokens = capacity;
  }

  take(now: number): boolean {
    this.tokens = Math.min(this.capacity, this.tokens + (now - this.at) * this.perMs);
    this.at = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export async function startOrcidSandbox(options: OrcidSandboxOptions): Promise<OrcidSandbox> {
  const records = new Map(Object.entries(options.records));
  const enforce = options.enforceRateLimit ?? true;
  const buckets = new Map<string, TokenBucket>();
  const counter = new RequestCounter();

  const app = Fastify({ logger: false, forceCloseConnections: true });
  serveStats(
    app,
    () => counter.snapshot(),
    () => counter.reset(),
  );

  /** Counts the request, answers 429 past the rate; otherwise `answer` does. */
  const serve = (
    request: FastifyRequest,
    reply: FastifyReply,
    endpoint: Endpoint,
    answer: (send: Send) => FastifyReply,
  ): FastifyReply => {
    const now = performance.now();
    counter.arrive(endpoint, now);
    const send = (status: number, body: unknown): FastifyReply => {
      counter.answered(status);
      return reply.code(status).type(ORCID_JSON).send(JSON.stringify(body));
    };
    let bucket = buckets.get(request.ip);
    if (!bucket) {
      bucket = new TokenBucket(ORCID_REQUESTS_PER_SECOND / 1_000, ORCID_BURST, now);
      buckets.set(request.ip, bucket);
    }
    if (!bucket.take(now) && enforce) {
      counter.rateLimited();
      reply.header("Retry-After", "1");
      return send(429, ERRORS.tooManyRequests());
    }
    return answer(send);
  };

  const searchRoute = (
    request: FastifyRequest<{ Querystring: Record<string, string | undefined> }>,
    reply: FastifyReply,
  ) => serve(request, reply, "search", (send) => search(records, request.query, send));
  app.get("/v3.0/search", searchRoute);
  app.get("/v3.0/search/", searchRoute);

  app.get("/v3.0/*", (request: FastifyRequest<{ Params: { "*": string } }>, reply: FastifyReply) => {
    const parts = request.params["*"].split("/").filter((part) => part !== "");
    const [orcid = "", section = "", item, ...rest] = parts;
    const endpoint = endpointOf(section, item, rest.length);
    return serve(request, reply, endpoint, (send) => readRecord(orcid, item, endpoint, send));
  });

  function readRecord(orcid: string, item: string | undefined, endpoint: Endpoint, send: Send): FastifyReply {
    if (endpoint === "other") return send(404, ERRORS.unrouted());
    const record = records.get(orcid.toUpperCase());
    if (!record) return send(404, ERRORS.unknownRecord(orcid));
    if (record.status === "deactivated") return send(409, ERRORS.deactivated(orcid.toUpperCase()));
    if (record.status === "locked") return send(409, ERRORS.locked(orcid.toUpperCase()));

    switch (endpoint) {
      case "record":
        return send(200, wholeRecord(orcid.toUpperCase(), record));
      case "works":
        return send(200, record.works);
      case "works-bulk":
        return bulk(record, item!, send);
      case "work":
        return single(record.workDetails, item!, send);
      case "fundings":
        return send(200, record.fundings);
      case "funding":
        return single(record.fundingDetails, item!, send);
      case "person":
        return send(200, record.person);
      case "employments":
        return send(200, record.employments);
      case "search":
        return send(404, ERRORS.unrouted());
    }
  }

  return {
    ...(await listenSandbox(app, options, "/v3.0")),
    stats: () => counter.snapshot(),
    resetStats: () => counter.reset(),
  };
}

function endpointOf(section: string, item: string | undefined, extra: number): Endpoint {
  if (extra > 0) return "other";
  switch (section) {
    case "works":
      return item === undefined ? "works" : "works-bulk";
    case "work":
    case "funding":
      return item === undefined ? "other" : section;
    case "record":
    case "fundings":
    case "person":
    case "employments":
      return item === undefined ? section : "other";
    default:
      return "other";
  }
}

type Send = (status: number, body: unknown) => FastifyReply;

/**
 * GET /{orcid}/record: the sections ScholarTrack reads, under ORCID's envelope, with the history's
 * last-modified date (given, or one that follows from the content, so that any edit changes it).
 */
function wholeRecord(orcid: string, record: SandboxOrcidRecord): unknown {
  const lastModified = record.lastModified ?? contentStamp(record);
  return {
    "orcid-identifier": { uri: `https://orcid.org/${orcid}`, path: orcid, host: "orcid.org" },
    history: { "last-modified-date": { value: lastModified }, claimed: true },
    person: record.person,
    "activities-summary": {
      "last-modified-date": { value: lastModified },
      employments: record.employments,
      fundings: record.fundings,
      works: record.works,
      path: `/${orcid}/activities`,
    },
    path: `/${orcid}`,
  };
}

/**
 * GET /search/?q=&start=&rows=: the iDs of the records the query matches, in iD order, as ORCID
 * answers (`"result": null` when none). Deactivated and locked records are not in the index.
 */
function search(
  records: ReadonlyMap<string, SandboxOrcidRecord>,
  params: Record<string, string | undefined>,
  send: Send,
): FastifyReply {
  const start = Number(params.start ?? 0);
  const rows = Number(params.rows ?? 100);
  if (!Number.isInteger(start) || start < 0 || !Number.isInteger(rows) || rows < 0)
    return send(400, ERRORS.badSearch("start and rows are whole numbers"));
  if (rows > ORCID_SEARCH_MAX_ROWS) return send(400, ERRORS.tooManyRows(rows));
  let query: ReturnType<typeof parseSearch>;
  try {
    query = parseSearch(params.q ?? "");
  } catch (error) {
    if (error instanceof SearchSyntaxError) return send(400, ERRORS.badSearch(error.message));
    throw error;
  }
  const found = [...records]
    .filter(([, record]) => record.status !== "deactivated" && record.status !== "locked")
    .filter(([orcid, record]) =>
      matchesSearch(query, { orcid, lastModified: record.lastModified ?? contentStamp(record) }),
    )
    .map(([orcid]) => orcid)
    .sort();
  const page = found.slice(start, start + rows);
  return send(200, {
    result:
      page.length === 0
        ? null
        : page.map((orcid) => ({
            "orcid-identifier": { uri: `https://orcid.org/${orcid}`, path: orcid, host: "orcid.org" },
          })),
    "num-found": found.length,
  });
}

/** A time in 2020-2026 that follows from the record's content. */
function contentStamp(record: SandboxOrcidRecord): number {
  const digest = createHash("sha256").update(JSON.stringify(record)).digest();
  return Date.UTC(2020, 0, 1) + (digest.readUInt32BE(0) % (6 * 365 * 86_400)) * 1000;
}

/** One work or funding item; a put-code that is not the record's is a 404 about the item alone. */
function single(items: Readonly<Record<string, unknown>>, raw: string, send: Send): FastifyReply {
  if (!/^\d+$/.test(raw)) return send(404, ERRORS.unrouted());
  const found = Object.prototype.hasOwnProperty.call(items, String(Number(raw)))
    ? items[String(Number(raw))]
    : undefined;
  return found === undefined ? send(404, ERRORS.unknownItem()) : send(200, found);
}

/** Up to 100 works at once; a put-code the record does not hold is an error element, not a failure. */
function bulk(record: SandboxOrcidRecord, list: string, send: Send): FastifyReply {
  const raw = list.split(",");
  if (raw.length > ORCID_BULK_LIMIT) return send(400, ERRORS.tooManyPutCodes());
  const bad = raw.find((code) => !/^\d+$/.test(code.trim()));
  if (bad !== undefined) return send(400, ERRORS.badPutCode(bad));
  const elements = raw.map((code): OrcidBulkWorksJson["bulk"][number] => {
    const putCode = String(Number(code.trim()));
    const work = Object.prototype.hasOwnProperty.call(record.workDetails, putCode)
      ? record.workDetails[putCode]
      : undefined;
    // A bulk read leaves each work's path out.
    return work === undefined
      ? { error: ERRORS.invalidPutCode(code.trim()) }
      : { work: { ...work, path: null } };
  });
  const body: OrcidBulkWorksJson = { bulk: elements };
  return send(200, body);
}
