import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpRequestError, type RetryEvent } from "../../src/http/retry.ts";
import type { RateLimiter } from "../../src/ratelimit/redis-rate-limiter.ts";
import {
  createOrcidRateLimiter,
  InvalidOrcidError,
  ORCID_RATE_LIMIT,
  OrcidClient,
  OrcidRecordUnavailableError,
  orcidRateLimitKey,
  type OrcidClientOptions,
} from "../../src/sources/orcid/client.ts";
import { harvestOrcid } from "../../src/sources/orcid/index.ts";

const ORIGIN = "https://pub.orcid.org";
const BASE = `${ORIGIN}/v3.0`;
const OWNER = "0000-0002-5550-1238";
const MERGED_INTO = "0000-0003-1234-5674";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/orcid");
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), "utf8");

/** Counts grants so a test can see every attempt went through the limiter (and none was made). */
function countingLimiter(): RateLimiter & { grants: number } {
  const limiter = {
    grants: 0,
    acquire() {
      limiter.grants += 1;
      return Promise.resolve();
    },
  };
  return limiter;
}

function client(overrides: Partial<OrcidClientOptions> = {}): OrcidClient {
  return new OrcidClient({
    baseUrl: BASE,
    timeoutMs: 2_000,
    rateLimiter: countingLimiter(),
    retryBaseMs: 1,
    ...overrides,
  });
}

function orcidError(status: number, errorCode: number, developerMessage: string): string {
  return JSON.stringify({
    "response-code": status,
    "developer-message": developerMessage,
    "user-message": "The resource was not found.",
    "error-code": errorCode,
    "more-info": "https://members.orcid.org/api/resources/troubleshooting",
  });
}

/** A bulk read answer with one minimal work per put-code asked for. */
function bulkAnswer(putCodes: number[]): string {
  return JSON.stringify({
    bulk: putCodes.map((putCode) => ({
      work: {
        "put-code": putCode,
        path: null,
        source: null,
        title: { title: { value: `Work ${putCode}` }, subtitle: null, "translated-title": null },
        "journal-title": null,
        type: "journal-article",
        "publication-date": null,
        "external-ids": { "external-id": [] },
        url: null,
        contributors: { contributor: [] },
        visibility: "public",
      },
    })),
  });
}

async function failure<T extends Error>(
  promise: Promise<unknown>,
  type: new (...args: never[]) => T,
): Promise<T> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(type);
  return error as T;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("OrcidClient requests", () => {
  it("asks for ORCID JSON by its media type and returns the parsed works", async () => {
    let accept: string | null = null;
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(200, (request: Request) => {
        accept = request.headers.get("accept");
        return fixture("works-multi-source.json");
      });

    const groups = await client().works(OWNER);

    expect(accept).toBe("application/vnd.orcid+json");
    expect(groups).toHaveLength(6);
    expect(groups.at(-1)!.summaries.map((summary) => summary.putCode)).toEqual([
      31000101, 29800555, 30500777,
    ]);
  });

  it("reads each section from its own path", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(200, fixture("fundings.json"))
      .get(`/v3.0/${OWNER}/funding/880101`)
      .reply(200, fixture("funding-full.json"))
      .get(`/v3.0/${OWNER}/work/31000101`)
      .reply(200, fixture("work-single.json"))
      .get(`/v3.0/${OWNER}/person`)
      .reply(200, fixture("person.json"))
      .get(`/v3.0/${OWNER}/employments`)
      .reply(200, fixture("employments.json"));
    const orcid = client();

    expect((await orcid.fundings(OWNER)).map((group) => group.summaries.length)).toEqual([2, 1, 1]);
    expect((await orcid.funding(OWNER, 880101)).amount).toEqual({ value: "745000", currencyCode: "USD" });
    expect((await orcid.work(OWNER, 31000101)).contributors).toHaveLength(4);
    expect((await orcid.person(OWNER)).creditName).toBe("Amara N. Okafor");
    expect((await orcid.employments(OWNER)).map((employment) => employment.putCode)).toEqual([
      62001, 62002, 61003,
    ]);
    expect(nock.isDone()).toBe(true);
  });

  it("reads an iD written as a URL as the canonical iD", async () => {
    nock(ORIGIN).get(`/v3.0/${OWNER}/works`).reply(200, fixture("works-empty.json"));
    await expect(client().works(`https://orcid.org/${OWNER}`)).resolves.toEqual([]);
  });

  it("reads 250 put-codes as bulk reads of 100, 100 and 50, each put-code once", async () => {
    const putCodes = Array.from({ length: 250 }, (_, index) => 40_000_000 + index);
    const asked: number[][] = [];
    nock(ORIGIN)
      .get((uri) => uri.startsWith(`/v3.0/${OWNER}/works/`))
      .times(3)
      .reply(200, (request: Request) => {
        const codes = new URL(request.url).pathname.split("/").at(-1)!.split(",").map(Number);
        asked.push(codes);
        return bulkAnswer(codes);
      });

    const result = await client().worksBulk(OWNER, [...putCodes, putCodes[0]!, putCodes[120]!]);

    expect(asked.map((codes) => codes.length)).toEqual([100, 100, 50]);
    expect(asked.flat()).toEqual(putCodes);
    expect(result.works.map((work) => work.putCode)).toEqual(putCodes);
    expect(result.errors).toEqual([]);
  });

  it("returns the put-codes a bulk read could not read as errors, not as a failure", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works/31000202,31000303,31000999,31000404`)
      .reply(200, fixture("works-bulk.json"));

    const result = await client().worksBulk(OWNER, [31000202, 31000303, 31000999, 31000404]);

    expect(result.works.map((work) => work.putCode)).toEqual([31000202, 31000303]);
    expect(result.errors.map((error) => [error.putCode, error.errorCode])).toEqual([
      [31000999, 9034],
      [31000404, 9039],
    ]);
  });

  it("sends nothing for no put-codes and refuses a put-code that is not one", async () => {
    const limiter = countingLimiter();
    await expect(client({ rateLimiter: limiter }).worksBulk(OWNER, [])).resolves.toEqual({
      works: [],
      errors: [],
    });
    await expect(client().worksBulk(OWNER, [12, 0])).rejects.toThrow(RangeError);
    await expect(client().funding(OWNER, 1.5)).rejects.toThrow(RangeError);
    expect(limiter.grants).toBe(0);
  });

  it("refuses a base URL that ends in a slash", () => {
    expect(() => client({ baseUrl: `${BASE}/` })).toThrow(RangeError);
  });

  it("keeps every parsed response with its path when recording", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/person`)
      .reply(200, fixture("person.json"))
      .get(`/v3.0/${OWNER}/employments`)
      .reply(200, fixture("employments.json"));
    const raw: { path: string; body: unknown }[] = [];
    const orcid = client().recording(raw);

    await orcid.person(OWNER);
    await orcid.employments(OWNER);

    expect(raw.map((response) => response.path)).toEqual([`/${OWNER}/person`, `/${OWNER}/employments`]);
    expect(raw[0]!.body).toEqual(JSON.parse(fixture("person.json")));
  });
});

describe("OrcidClient retries", () => {
  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    const retries: RetryEvent[] = [];
    const limiter = countingLimiter();
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(429, '{"error":"rate limit exceeded"}', { "Retry-After": "1" })
      .get(`/v3.0/${OWNER}/works`)
      .reply(200, fixture("works-empty.json"));

    const started = performance.now();
    const groups = await client({ rateLimiter: limiter, onRetry: (event) => retries.push(event) }).works(
      OWNER,
    );

    expect(groups).toEqual([]);
    expect(retries.map((event) => event.delayMs)).toEqual([1_000]);
    expect(retries[0]!.reason).toContain("HTTP 429");
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(limiter.grants).toBe(2);
  });

  it("retries a 503 and then succeeds, each attempt through the rate limiter", async () => {
    const limiter = countingLimiter();
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(503, "<html><head><title>503 Service Temporarily Unavailable</title></head></html>")
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(200, fixture("fundings.json"));

    const groups = await client({ rateLimiter: limiter }).fundings(OWNER);

    expect(groups).toHaveLength(3);
    expect(limiter.grants).toBe(2);
    expect(nock.isDone()).toBe(true);
  });

  it("gives up on a request that does not answer in time and succeeds on the next attempt", async () => {
    const retries: RetryEvent[] = [];
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/person`)
      .delay(1_000)
      .reply(200, fixture("person.json"))
      .get(`/v3.0/${OWNER}/person`)
      .reply(200, fixture("person.json"));

    const person = await client({ timeoutMs: 100, onRetry: (event) => retries.push(event) }).person(OWNER);

    expect(person.familyName).toBe("Okafor");
    expect(retries.map((event) => event.reason)).toEqual(["timed out after 100 ms"]);
  });

  it("asks again when the JSON was cut short on the way", async () => {
    const body = fixture("employments.json");
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/employments`)
      .reply(200, body.slice(0, 300))
      .get(`/v3.0/${OWNER}/employments`)
      .reply(200, body);

    await expect(client().employments(OWNER)).resolves.toHaveLength(3);
  });

  it("does not ask again for XML: the answer is wrong, not late", async () => {
    const limiter = countingLimiter();
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .times(2)
      .reply(200, '<?xml version="1.0"?><activities:works path="/x/works"/>');

    const error = await failure(client({ rateLimiter: limiter }).works(OWNER), HttpRequestError);

    expect(error).toMatchObject({ transient: false, kind: "body", attempts: 1 });
    expect(error.message).toContain("unsupported: XML (<activities:works>)");
    expect(limiter.grants).toBe(1);
  });

  it("passes on a 429 whose Retry-After is too long, with the wait, for the queue to pause", async () => {
    nock(ORIGIN).get(`/v3.0/${OWNER}/works`).reply(429, "", { "Retry-After": "600" });
    const error = await failure(client().works(OWNER), HttpRequestError);
    expect(error).toMatchObject({ transient: true, status: 429, retryAfterMs: 600_000 });
  });
});

describe("records that cannot be read", () => {
  it("reports an iD ORCID does not know, at once, as a record needing attention", async () => {
    const limiter = countingLimiter();
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(
        404,
        orcidError(
          404,
          9016,
          `404 Not Found: The resource was not found. Full validation error: ORCID iD ${OWNER} not found`,
        ),
      );

    const error = await failure(client({ rateLimiter: limiter }).works(OWNER), OrcidRecordUnavailableError);

    expect(error).toMatchObject({
      orcid: OWNER,
      reason: "not-found",
      status: 404,
      transient: false,
      permanent: true,
    });
    expect(error.message).toBe(
      `ORCID iD ${OWNER} was not found at ORCID (HTTP 404: 404 Not Found: The resource was not found. Full validation error: ORCID iD ${OWNER} not found); check the faculty member's ORCID iD`,
    );
    expect(error.cause).toBeInstanceOf(HttpRequestError);
    expect(limiter.grants).toBe(1);
  });

  it("reports a locked record (409)", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/person`)
      .reply(
        409,
        orcidError(
          409,
          9018,
          `409 Conflict: The ORCID record is locked and cannot be edited. ORCID ${OWNER}`,
        ),
      );

    const error = await failure(client().person(OWNER), OrcidRecordUnavailableError);

    expect(error).toMatchObject({ orcid: OWNER, reason: "locked", status: 409 });
    expect(error.message).toMatch(
      new RegExp(
        `^ORCID record ${OWNER} is locked by ORCID \\(HTTP 409: 409 Conflict: The ORCID record is locked`,
      ),
    );
  });

  it("reports a deactivated record (409 or 410)", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(409, orcidError(409, 9044, "409 Conflict: The ORCID record is deactivated."))
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(410, "");

    const conflict = await failure(client().works(OWNER), OrcidRecordUnavailableError);
    const gone = await failure(client().fundings(OWNER), OrcidRecordUnavailableError);

    expect(conflict).toMatchObject({ reason: "deactivated", status: 409 });
    expect(gone).toMatchObject({ reason: "deactivated", status: 410 });
    expect(gone.message).toBe(
      `ORCID record ${OWNER} has been deactivated (HTTP 410); ask the faculty member for their current ORCID iD`,
    );
  });

  it("says a 409 that does not say why is locked or deactivated", async () => {
    nock(ORIGIN).get(`/v3.0/${OWNER}/works`).reply(409, "");
    const error = await failure(client().works(OWNER), OrcidRecordUnavailableError);
    expect(error).toMatchObject({ reason: "unavailable", status: 409 });
  });

  it("does not follow a merged record's redirect, and names the record it was merged into", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(301, orcidError(301, 9007, "301 Moved Permanently: The record is deprecated."), {
        Location: `${BASE}/${MERGED_INTO}/works`,
      });

    const error = await failure(client().works(OWNER), OrcidRecordUnavailableError);

    expect(error).toMatchObject({ reason: "deprecated", status: 301, primaryOrcid: MERGED_INTO });
    expect(error.message).toContain(`update the faculty member's ORCID iD to ${MERGED_INTO}`);
  });

  it("keeps a 404 for one funding item as that item's failure, unless ORCID says the iD is unknown", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/funding/880999`)
      .reply(404, orcidError(404, 9016, "404 Not Found: The resource was not found."))
      .get(`/v3.0/${OWNER}/funding/880101`)
      .reply(
        404,
        orcidError(
          404,
          9016,
          `404 Not Found: The resource was not found. Full validation error: ORCID iD ${OWNER} not found`,
        ),
      );

    const item = await failure(client().funding(OWNER, 880999), HttpRequestError);
    expect(item).toMatchObject({ status: 404, transient: false });
    expect(item).not.toBeInstanceOf(OrcidRecordUnavailableError);
    await failure(client().funding(OWNER, 880101), OrcidRecordUnavailableError);
  });

  it.each([
    [
      "a wrong check character",
      "0000-0002-5550-1239",
      /^0000-0002-5550-1239 is not a valid ORCID iD: its check character should be 8, not 9/,
    ],
    ["no iD at all", "Okafor", /^"Okafor" is not an ORCID iD/],
  ])("refuses %s before any request", async (_what, orcid, message) => {
    const limiter = countingLimiter();
    const scope = nock(ORIGIN).get(/.*/).reply(200, fixture("works-empty.json"));
    const orcidClient = client({ rateLimiter: limiter });

    for (const call of [
      () => orcidClient.works(orcid),
      () => orcidClient.worksBulk(orcid, [1]),
      () => orcidClient.funding(orcid, 1),
      () => orcidClient.person(orcid),
      () => harvestOrcid(orcidClient, orcid),
    ]) {
      const error = await failure(call(), InvalidOrcidError);
      expect(error).toBeInstanceOf(OrcidRecordUnavailableError);
      expect(error).toMatchObject({ reason: "invalid-id", transient: false });
      expect(error.status).toBeUndefined();
      expect(error.message).toMatch(message);
    }
    expect(limiter.grants).toBe(0);
    expect(scope.isDone()).toBe(false);
  });
});

describe("harvestOrcid", () => {
  const pilotDetail = JSON.stringify({
    ...JSON.parse(fixture("funding-no-dates.json")),
    "put-code": 880303,
    path: `/${OWNER}/funding/880303`,
    type: "contract",
    contributors: { contributor: [] },
  });

  function record(bulkPath: string | null): nock.Scope {
    const scope = nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(200, fixture("works-multi-source.json"))
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(200, fixture("fundings.json"))
      .get(`/v3.0/${OWNER}/funding/880101`)
      .reply(200, fixture("funding-full.json"))
      .get(`/v3.0/${OWNER}/funding/880202`)
      .reply(200, fixture("funding-no-dates.json"))
      .get(`/v3.0/${OWNER}/funding/880303`)
      .reply(200, pilotDetail)
      .get(`/v3.0/${OWNER}/person`)
      .reply(200, fixture("person.json"))
      .get(`/v3.0/${OWNER}/employments`)
      .reply(200, fixture("employments.json"));
    if (bulkPath !== null) scope.get(bulkPath).reply(200, fixture("works-bulk.json"));
    return scope;
  }

  it("reads the whole record: works, the full works needed for author position, fundings with details, names, employers", async () => {
    // Every group but the one with both a DOI and a PMID (its preferred version is Europe PMC's 30500777).
    const scope = record(`/v3.0/${OWNER}/works/31000505,31000303,31000202,31000404,29100606`);

    const result = await harvestOrcid(client(), OWNER);

    expect(scope.isDone()).toBe(true);
    expect(result.candidates.map((candidate) => [candidate.kind, candidate.sourceId])).toEqual([
      ["publication", "31000505"],
      ["publication", "31000303"],
      ["presentation", "31000202"],
      ["publication", "31000404"],
      ["presentation", "29100606"],
      ["publication", "29800555"],
      ["grant", "870055"],
      ["grant", "880202"],
      ["grant", "880303"],
    ]);
    const poster = result.candidates[2]!;
    expect(poster.contributors[0]).toMatchObject({ orcid: OWNER, sequence: "first" });
    expect(result.candidates[6]!.grant).toMatchObject({ role: "pi", totalAmount: 745000 });
    expect(result.candidates[7]!.grant?.role).toBe("co_investigator");
    expect(result.nameVariants).toEqual([
      "Okafor, Amara",
      "Okafor, Amara N.",
      "Okafor, Amara Nkechi",
      "Okafor, A. N.",
      "Okafor-Bell, Amara",
    ]);
    expect(result.affiliationTerms[0]).toBe("Northfield University School of Medicine");
    expect(result.raw.map((response) => response.path)).toEqual([
      `/${OWNER}/works`,
      `/${OWNER}/works/31000505,31000303,31000202,31000404,29100606`,
      `/${OWNER}/fundings`,
      `/${OWNER}/funding/880101`,
      `/${OWNER}/funding/880202`,
      `/${OWNER}/funding/880303`,
      `/${OWNER}/person`,
      `/${OWNER}/employments`,
    ]);
    expect(result.raw[0]!.body).toEqual(JSON.parse(fixture("works-multi-source.json")));
    expect(result.itemErrors.map((error) => error.errorCode)).toEqual([9034, 9039]);
  });

  it("reads every group's full work with fullWorks: true, and none with false", async () => {
    const all = record(`/v3.0/${OWNER}/works/31000505,31000303,31000202,31000404,29100606,30500777`);
    await harvestOrcid(client(), OWNER, { fullWorks: true });
    expect(all.isDone()).toBe(true);

    const none = record(null);
    const result = await harvestOrcid(client(), OWNER, { fullWorks: false });
    expect(none.isDone()).toBe(true);
    expect(result.raw.some((response) => response.path.includes("/works/"))).toBe(false);
  });

  it("reads no funding item in full with fundingDetails: false", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(200, fixture("works-empty.json"))
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(200, fixture("fundings.json"))
      .get(`/v3.0/${OWNER}/person`)
      .reply(200, fixture("person.json"))
      .get(`/v3.0/${OWNER}/employments`)
      .reply(200, fixture("employments.json"));

    const result = await harvestOrcid(client(), OWNER, { fundingDetails: false });

    expect(result.candidates.map((candidate) => candidate.kind)).toEqual(["grant", "grant", "grant"]);
    expect(result.candidates.every((candidate) => candidate.grant?.role === undefined)).toBe(true);
    expect(nock.isDone()).toBe(true);
  });

  it("stops at the first section ORCID refuses, with the record error", async () => {
    nock(ORIGIN)
      .get(`/v3.0/${OWNER}/works`)
      .reply(409, orcidError(409, 9044, "409 Conflict: The ORCID record is deactivated."));
    const error = await failure(harvestOrcid(client(), OWNER), OrcidRecordUnavailableError);
    expect(error.reason).toBe("deactivated");
  });
});

describe("the ORCID rate limit is shared through Redis", () => {
  const prefix = `test-${randomUUID()}`;
  let first: Redis;
  let second: Redis;

  beforeAll(async () => {
    first = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true });
    second = new Redis(process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379", { lazyConnect: true });
    await Promise.all([first.connect(), second.connect()]);
  });

  afterAll(async () => {
    const keys = await first.keys(`${prefix}:*`);
    if (keys.length > 0) await first.del(...keys);
    await Promise.all([first.quit(), second.quit()]);
  });

  it("counts two processes' requests against one limit of 12 a second", async () => {
    // Two limiters on two connections stand for two worker processes.
    const limiters = [createOrcidRateLimiter(first, prefix), createOrcidRateLimiter(second, prefix)];
    const started = performance.now();
    const granted = await Promise.all(
      Array.from({ length: ORCID_RATE_LIMIT.limit + 1 }, async (_, index) => {
        await limiters[index % 2]!.acquire();
        return performance.now() - started;
      }),
    );
    granted.sort((a, b) => a - b);

    // The 13th grant shares no one-second window with the first: never 13 requests in a second.
    expect(granted[ORCID_RATE_LIMIT.limit]! - granted[0]!).toBeGreaterThanOrEqual(
      ORCID_RATE_LIMIT.intervalMs - 15,
    );
    expect(granted[ORCID_RATE_LIMIT.limit]!).toBeLessThan(ORCID_RATE_LIMIT.intervalMs + 500);
    expect(await first.exists(orcidRateLimitKey(prefix))).toBe(1);
    expect(orcidRateLimitKey(prefix)).toBe(`${prefix}:ratelimit:orcid`);
  });
});
