import { randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpRequestError, type RetryEvent } from "../../src/http/retry.ts";
import type { RateLimiter } from "../../src/ratelimit/redis-rate-limiter.ts";
import {
  REPORTER_FIRST_FISCAL_YEAR,
  ReporterClient,
  createReporterRateLimiter,
  reporterRateLimitKey,
  ReporterSearchTooBroadError,
  type ReporterClientOptions,
  type ReporterCriteria,
} from "../../src/sources/reporter/client.ts";
import { harvestReporter } from "../../src/sources/reporter/index.ts";

const ORIGIN = "https://api.reporter.nih.gov";
const BASE = `${ORIGIN}/v2`;
const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/reporter");

interface SearchBody {
  criteria: ReporterCriteria;
  offset: number;
  limit: number;
  sort_field?: string;
  sort_order?: string;
}

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

function client(overrides: Partial<ReporterClientOptions> = {}): ReporterClient {
  return new ReporterClient({
    baseUrl: BASE,
    timeoutMs: 2_000,
    rateLimiter: countingLimiter(),
    retryBaseMs: 1,
    ...overrides,
  });
}

/** A minimal v2 record; `serial` makes the core number. */
function project(applId: number, fiscalYear: number, serial = applId): Record<string, unknown> {
  const core = `R01HL${String(serial).padStart(6, "0")}`;
  return {
    appl_id: applId,
    fiscal_year: fiscalYear,
    project_num: `5${core}-02`,
    core_project_num: core,
    award_amount: 100_000,
    project_title: `Project ${applId}`,
    principal_investigators: [
      {
        profile_id: 20123456,
        first_name: "MARIA",
        middle_name: "L",
        last_name: "OKAFOR",
        is_contact_pi: true,
      },
    ],
  };
}

function page(total: number, offset: number, limit: number, results: unknown[]): string {
  return JSON.stringify({
    meta: { search_id: "s1", total, offset, limit, sort_field: null, sort_order: "ASC", properties: {} },
    results,
  });
}

/**
 * A RePORTER stand-in holding `perYear` projects in each fiscal year: it answers any search by
 * fiscal years with the right total and slice, and records every body it was sent.
 */
function fakeReporter(perYear: Record<number, number>): { bodies: SearchBody[] } {
  const all = Object.entries(perYear).flatMap(([year, count]) =>
    Array.from({ length: count }, (_, index) => ({
      year: Number(year),
      applId: Number(year) * 100_000 + index,
    })),
  );
  const bodies: SearchBody[] = [];
  nock(ORIGIN)
    .persist()
    .post("/v2/projects/search")
    .reply(200, async (request: Request) => {
      const body = (await request.json()) as SearchBody;
      bodies.push(body);
      const years = body.criteria.fiscal_years;
      const matching = all.filter((entry) => !years || years.includes(entry.year));
      const slice = matching.slice(body.offset, body.offset + body.limit);
      return page(
        matching.length,
        body.offset,
        body.limit,
        slice.map((entry) => project(entry.applId, entry.year)),
      );
    });
  return { bodies };
}

async function failure(promise: Promise<unknown>): Promise<HttpRequestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpRequestError);
  return error as HttpRequestError;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("ReporterClient.searchProjects", () => {
  it("POSTs the criteria, offset and limit as JSON and returns the parsed page with its raw JSON", async () => {
    let body: unknown;
    let contentType: string | null = null;
    const answer = page(1, 0, 500, [project(10011001, 2019, 151234)]);
    nock(ORIGIN)
      .post("/v2/projects/search")
      .reply(200, async (request: Request) => {
        contentType = request.headers.get("content-type");
        body = await request.json();
        return answer;
      });

    const result = await client().searchProjects(
      { pi_profile_ids: [20123456], fiscal_years: [2019, 2020] },
      { offset: 0, limit: 500 },
    );

    expect(contentType).toMatch(/^application\/json/);
    expect(body).toEqual({
      criteria: { pi_profile_ids: [20123456], fiscal_years: [2019, 2020] },
      offset: 0,
      limit: 500,
    });
    expect(result.total).toBe(1);
    expect(
      result.projects.map((found) => [found.projectNum, found.coreProjectNum, found.fiscalYear]),
    ).toEqual([["5R01HL151234-02", "R01HL151234", 2019]]);
    expect(result.raw).toEqual(JSON.parse(answer));
  });

  it("sends a sort when asked", async () => {
    let body: SearchBody | undefined;
    nock(ORIGIN)
      .post("/v2/projects/search")
      .reply(200, async (request: Request) => {
        body = (await request.json()) as SearchBody;
        return page(0, 0, 10, []);
      });
    await client().searchProjects(
      { pi_profile_ids: [1] },
      { limit: 10, sortField: "fiscal_year", sortOrder: "desc" },
    );
    expect(body).toMatchObject({ sort_field: "fiscal_year", sort_order: "desc", limit: 10, offset: 0 });
  });

  it("refuses pages RePORTER would not serve: more than 500, or past 10,000 results", async () => {
    await expect(client().searchProjects({}, { limit: 501 })).rejects.toThrow(RangeError);
    await expect(client().searchProjects({}, { offset: 9_600, limit: 500 })).rejects.toThrow(
      /split the search/,
    );
    expect(nock.pendingMocks()).toEqual([]);
  });
});

describe("ReporterClient.searchAll", () => {
  it("pages 1,234 results 500 at a time: offsets 0, 500 and 1000", async () => {
    const server = fakeReporter({ 2021: 1_234 });

    const result = await client().searchAll({ pi_profile_ids: [20123456] });

    expect(server.bodies.map((body) => [body.offset, body.limit])).toEqual([
      [0, 500],
      [500, 500],
      [1000, 500],
    ]);
    for (const body of server.bodies) expect(body.criteria).toEqual({ pi_profile_ids: [20123456] });
    expect(result.projects).toHaveLength(1_234);
    expect(new Set(result.projects.map((found) => found.applId)).size).toBe(1_234);
    expect(result.pages).toHaveLength(3);
    expect(result.splitByFiscalYear).toBe(false);
  });

  it("searches only the fiscal years given", async () => {
    const server = fakeReporter({ 2019: 3, 2020: 4, 2021: 5 });
    const result = await client().searchAll({ pi_profile_ids: [20123456] }, { fiscalYears: [2019, 2021] });
    expect(server.bodies.map((body) => body.criteria.fiscal_years)).toEqual([[2019, 2021]]);
    expect(result.projects).toHaveLength(8);
  });

  it("splits by fiscal year when the total passes 10,000, never asking past offset + limit = 10,000", async () => {
    const server = fakeReporter({ 2020: 5_200, 2021: 5_100 });

    const result = await client().searchAll(
      { org_names: ["UNIVERSITY OF NORTHFIELD"] },
      { fiscalYears: [2020, 2021] },
    );

    expect(result.splitByFiscalYear).toBe(true);
    expect(result.projects).toHaveLength(10_300);
    expect(new Set(result.projects.map((found) => found.applId)).size).toBe(10_300);
    // The first search (both years) gave the total; then each year alone, paged.
    expect(server.bodies[0]!.criteria.fiscal_years).toEqual([2020, 2021]);
    const perYear = server.bodies.slice(1);
    expect(perYear.filter((body) => body.criteria.fiscal_years?.[0] === 2020)).toHaveLength(11);
    expect(perYear.filter((body) => body.criteria.fiscal_years?.[0] === 2021)).toHaveLength(11);
    for (const body of server.bodies) expect(body.offset + body.limit).toBeLessThanOrEqual(10_000);
    for (const body of perYear) {
      expect(body.criteria.fiscal_years).toHaveLength(1);
      expect(body.criteria.org_names).toEqual(["UNIVERSITY OF NORTHFIELD"]);
    }
    // The pages kept are the ones the projects came from, not the discarded first one.
    expect(result.pages).toHaveLength(22);
  });

  it("splits over every fiscal year RePORTER holds when the search names none", async () => {
    const server = fakeReporter({ 2001: 6_000, 2002: 4_500 });

    const result = await client({ now: () => new Date("2025-11-03T00:00:00Z") }).searchAll({
      pi_names: [{ last_name: "SMITH" }],
    });

    const years = server.bodies.slice(1).map((body) => body.criteria.fiscal_years?.[0]);
    expect(new Set(years)).toEqual(
      new Set(
        Array.from(
          { length: 2026 - REPORTER_FIRST_FISCAL_YEAR + 1 },
          (_, index) => REPORTER_FIRST_FISCAL_YEAR + index,
        ),
      ),
    );
    expect(result.projects).toHaveLength(10_500);
  });

  it("says clearly when one fiscal year alone has more than 10,000 projects", async () => {
    fakeReporter({ 2020: 3_000, 2021: 10_001 });

    const error = await client()
      .searchAll({ org_names: ["UNIVERSITY"] }, { fiscalYears: [2020, 2021] })
      .catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(ReporterSearchTooBroadError);
    expect((error as Error).message).toMatch(
      /^RePORTER search matches 10001 projects in fiscal year 2021 alone, more than the 10000 it can page through; narrow the criteria/,
    );
  });

  it("does not ask twice when the search was already one fiscal year", async () => {
    const server = fakeReporter({ 2021: 10_001 });
    await expect(client().searchAll({ fiscal_years: [2021] })).rejects.toThrow(/fiscal year 2021 alone/);
    expect(server.bodies).toHaveLength(1);
  });
});

describe("ReporterClient retries", () => {
  const criteria = { pi_profile_ids: [20123456] };
  const ok = page(1, 0, 500, [project(1, 2020)]);

  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    const retries: RetryEvent[] = [];
    const limiter = countingLimiter();
    nock(ORIGIN)
      .post("/v2/projects/search")
      .reply(429, "Too Many Requests", { "Retry-After": "1" })
      .post("/v2/projects/search")
      .reply(200, ok);

    const result = await client({
      rateLimiter: limiter,
      onRetry: (event) => retries.push(event),
    }).searchProjects(criteria);

    expect(result.projects).toHaveLength(1);
    expect(retries.map((event) => [event.delayMs, event.reason])).toEqual([
      [1_000, "HTTP 429: Too Many Requests"],
    ]);
    expect(limiter.grants).toBe(2);
  });

  it("retries a 500 and then succeeds, each attempt through the rate limiter", async () => {
    const limiter = countingLimiter();
    nock(ORIGIN)
      .post("/v2/projects/search")
      .reply(500, '{"message":"An error has occurred."}')
      .post("/v2/projects/search")
      .reply(200, ok);

    const result = await client({ rateLimiter: limiter }).searchProjects(criteria);

    expect(result.projects).toHaveLength(1);
    expect(limiter.grants).toBe(2);
    expect(nock.isDone()).toBe(true);
  });

  it("gives up on a request that does not answer in time and succeeds on the next attempt", async () => {
    const retries: RetryEvent[] = [];
    nock(ORIGIN)
      .post("/v2/projects/search")
      .delay(1_000)
      .reply(200, page(9, 0, 500, []))
      .post("/v2/projects/search")
      .reply(200, ok);

    const result = await client({ timeoutMs: 100, onRetry: (event) => retries.push(event) }).searchProjects(
      criteria,
    );

    expect(result.total).toBe(1);
    expect(retries.map((event) => event.reason)).toEqual(["timed out after 100 ms"]);
  });

  it("does not retry a 400: the request itself is wrong", async () => {
    const limiter = countingLimiter();
    nock(ORIGIN).post("/v2/projects/search").reply(400, '["Offset must be between 0 and 10000"]');

    const error = await failure(client({ rateLimiter: limiter }).searchProjects(criteria));

    expect(error.transient).toBe(false);
    expect(error.status).toBe(400);
    expect(error.attempts).toBe(1);
    expect(error.message).toBe(
      'POST RePORTER projects/search criteria="{\\"pi_profile_ids\\":[20123456]}" offset=0 limit=500 failed: ' +
        'HTTP 400: ["Offset must be between 0 and 10000"] (1 attempt)',
    );
    expect(limiter.grants).toBe(1);
  });

  it("does not retry a v1 answer and says it is unsupported", async () => {
    nock(ORIGIN)
      .post("/v2/projects/search")
      .reply(200, readFileSync(path.join(FIXTURES, "projects-search_v1-legacy.json"), "utf8"));

    const error = await failure(client().searchProjects(criteria));

    expect(error.transient).toBe(false);
    expect(error.kind).toBe("body");
    expect(error.attempts).toBe(1);
    expect(error.message).toContain("unsupported RePORTER v1 response");
  });

  it("retries a body cut short, and does not retry an HTML page", async () => {
    nock(ORIGIN)
      .post("/v2/projects/search")
      .reply(200, ok.slice(0, 60))
      .post("/v2/projects/search")
      .reply(200, ok);
    await expect(client().searchProjects(criteria)).resolves.toMatchObject({ total: 1 });

    nock(ORIGIN).post("/v2/projects/search").reply(200, "<html><title>Scheduled maintenance</title></html>");
    const error = await failure(client().searchProjects(criteria));
    expect(error.transient).toBe(false);
    expect(error.message).toContain('expected RePORTER JSON, got an HTML page "Scheduled maintenance"');
  });

  it("stops after maxAttempts with a transient error", async () => {
    nock(ORIGIN).post("/v2/projects/search").times(3).reply(503, "Service Unavailable");
    const error = await failure(client({ maxAttempts: 3 }).searchProjects(criteria));
    expect(error.transient).toBe(true);
    expect(error.attempts).toBe(3);
  });
});

describe("RePORTER rate limit through Redis", () => {
  const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
  const prefix = `test-${randomUUID()}`;
  let redis: Redis;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true });
    await redis.connect();
  });

  afterAll(async () => {
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("is one request a second under the shared key, across clients", async () => {
    expect(reporterRateLimitKey(prefix)).toBe(`${prefix}:ratelimit:reporter`);
    // Two clients with limiters of their own, as two worker processes would have.
    const clients = [0, 1].map(() => client({ rateLimiter: createReporterRateLimiter(redis, prefix) }));
    const arrivals: number[] = [];
    nock(ORIGIN)
      .persist()
      .post("/v2/projects/search")
      .reply(200, () => {
        arrivals.push(performance.now());
        return page(0, 0, 500, []);
      });

    await Promise.all(
      [0, 1, 2].map((index) => clients[index % 2]!.searchProjects({ fiscal_years: [2020 + index] })),
    );

    arrivals.sort((a, b) => a - b);
    expect(arrivals).toHaveLength(3);
    expect(arrivals[1]! - arrivals[0]!).toBeGreaterThanOrEqual(1_000);
    expect(arrivals[2]! - arrivals[1]!).toBeGreaterThanOrEqual(1_000);
  });
});

describe("harvestReporter", () => {
  /** Both fixture pages as one 500-project page, the way the client asks for them. */
  function fixtureResults(): Array<Record<string, unknown>> {
    return ["projects-search_by-profile-id_page-1.json", "projects-search_by-profile-id_page-2.json"].flatMap(
      (name) =>
        (
          JSON.parse(readFileSync(path.join(FIXTURES, name), "utf8")) as {
            results: Array<Record<string, unknown>>;
          }
        ).results,
    );
  }

  function serve(results: unknown[]): { bodies: SearchBody[] } {
    const bodies: SearchBody[] = [];
    nock(ORIGIN)
      .post("/v2/projects/search")
      .reply(200, async (request: Request) => {
        const body = (await request.json()) as SearchBody;
        bodies.push(body);
        return page(results.length, 0, 500, results);
      });
    return { bodies };
  }

  const person = {
    firstName: "Maria",
    middleName: "L",
    lastName: "Okafor",
    organizationNames: ["UNIVERSITY OF NORTHFIELD MEDICAL CENTER"],
  };

  it("searches by profile id when known, over the fiscal years asked, with strong evidence", async () => {
    const server = serve(fixtureResults());

    const harvest = await harvestReporter(
      client(),
      { ...person, profileId: 20123456 },
      { fromYear: 2019, toYear: 2024 },
    );

    expect(server.bodies[0]!.criteria).toEqual({
      pi_profile_ids: [20123456],
      fiscal_years: [2019, 2020, 2021, 2022, 2023, 2024],
    });
    expect(harvest.candidates.map((candidate) => [candidate.sourceId, candidate.grant?.role])).toEqual([
      ["R01HL151234", "pi"],
      ["U01DK130987", "multiple_pi"],
    ]);
    expect(
      harvest.matches.map((match) => [match.sourceId, match.evidence?.kind, match.evidence?.strength]),
    ).toEqual([
      ["R01HL151234", "profile_id", "strong"],
      ["U01DK130987", "profile_id", "strong"],
    ]);
    expect(harvest.unmatched).toEqual([]);
    expect(harvest.raw).toHaveLength(1);
    expect((harvest.raw[0] as { results: unknown[] }).results).toHaveLength(8);
  });

  it("searches by name within the organisations otherwise, and leaves namesakes out", async () => {
    const namesake = {
      ...project(10099009, 2021, 199999),
      principal_investigators: [
        { profile_id: 777, first_name: "MARIA", middle_name: "K", last_name: "OKAFOR", is_contact_pi: true },
      ],
    };
    const server = serve([...fixtureResults(), namesake]);

    const harvest = await harvestReporter(client(), person, {
      fromYear: 2023,
      now: () => new Date("2025-03-01T00:00:00Z"),
    });

    expect(server.bodies[0]!.criteria).toEqual({
      pi_names: [{ first_name: "Maria", last_name: "Okafor" }],
      org_names: ["UNIVERSITY OF NORTHFIELD MEDICAL CENTER"],
      fiscal_years: [2023, 2024, 2025, 2026],
    });
    expect(harvest.candidates.map((candidate) => candidate.sourceId)).toEqual(["R01HL151234", "U01DK130987"]);
    expect(harvest.matches.map((match) => match.evidence?.strength)).toEqual(["weak", "weak"]);
    expect(harvest.unmatched).toEqual(["R01HL199999"]);
  });

  it("searches every year when none is given", async () => {
    const server = serve([]);
    const harvest = await harvestReporter(client(), { ...person, profileId: 20123456 });
    expect(server.bodies[0]!.criteria).toEqual({ pi_profile_ids: [20123456] });
    expect(harvest.candidates).toEqual([]);
  });

  it("refuses a name search with no organisation, and years that run backwards", async () => {
    await expect(harvestReporter(client(), { ...person, organizationNames: [" "] })).rejects.toThrow(
      /no profile id and no organisation names/,
    );
    await expect(harvestReporter(client(), person, { fromYear: 2020, toYear: 2019 })).rejects.toThrow(
      RangeError,
    );
    expect(nock.pendingMocks()).toEqual([]);
  });
});
