import axios from "axios";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { HttpRequestError } from "../../src/http/retry.ts";
import { orcidCheckCharacter } from "../../src/identity/orcid.ts";
import { generateDivision, type SandboxOrcidRecord } from "../../sandbox/division/index.ts";
import { startOrcidSandbox, type OrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import {
  createOrcidRateLimiter,
  harvestOrcid,
  OrcidClient,
  OrcidRecordUnavailableError,
  parseEmployments,
  parseFunding,
  parseFundings,
  parsePerson,
  parseWork,
  parseWorksSummary,
} from "../../src/sources/orcid/index.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-${randomUUID()}`;
const division = generateDivision({ facultyCount: 30, seed: 41 });
const http = axios.create({
  validateStatus: () => true,
  responseType: "text",
  transformResponse: [(data: unknown) => data],
});

const readable = Object.entries(division.orcidRecords).filter(([, record]) => record.status === undefined);
const [deactivatedId] = Object.entries(division.orcidRecords).find(
  ([, record]) => record.status === "deactivated",
)!;
/** A well-formed iD that no record has. */
const unknownId = (() => {
  for (let n = 1; ; n++) {
    const digits = `0009${String(n).padStart(11, "0")}`;
    const id = `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12)}${orcidCheckCharacter(digits)}`;
    if (!(id in division.orcidRecords)) return id;
  }
})();

let redis: Redis;
let sandbox: OrcidSandbox;
let client: OrcidClient;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  // ORCID's limit is enforced here: our limiter must keep the client inside it.
  sandbox = await startOrcidSandbox({ records: division.orcidRecords });
  client = new OrcidClient({
    baseUrl: sandbox.url,
    timeoutMs: 5_000,
    rateLimiter: createOrcidRateLimiter(redis, prefix),
    retryBaseMs: 50,
  });
});

afterAll(async () => {
  await sandbox.close();
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

function ownerOf(orcid: string): string {
  return division.faculty.find((row) => row.orcid === orcid)!.faculty_id;
}

describe("ORCID sandbox read with OrcidClient", () => {
  it("serves ORCID JSON under a base URL ending in /v3.0", async () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\.0$/);
    const [orcid, record] = readable[0]!;
    const response = await http.get<string>(`${sandbox.url}/${orcid}/works`, {
      headers: { Accept: "application/vnd.orcid+json" },
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/vnd\.orcid\+json/);
    expect(JSON.parse(response.data)).toEqual(record.works);
  });

  it("reads back each section and single items as the parsers read the records", async () => {
    for (const [orcid, record] of readable.slice(0, 3)) {
      expect(await client.works(orcid)).toEqual(parseWorksSummary(record.works));
      expect(await client.fundings(orcid)).toEqual(parseFundings(record.fundings));
      expect(await client.person(orcid)).toEqual(parsePerson(record.person));
      expect(await client.employments(orcid)).toEqual(parseEmployments(record.employments));
      const [workCode, work] = Object.entries(record.workDetails)[0]!;
      expect(await client.work(orcid, Number(workCode))).toEqual(parseWork(work));
      const funding = Object.entries(record.fundingDetails)[0];
      if (funding) expect(await client.funding(orcid, Number(funding[0]))).toEqual(parseFunding(funding[1]));
    }
  });

  it("harvests whole records: a candidate per group, the presentations in the truth, names and employers", async () => {
    const chosen = readable.filter(([orcid]) =>
      division.presentationTruth.some((e) => e.facultyId === ownerOf(orcid)),
    );
    for (const [orcid, record] of chosen.slice(0, 4)) {
      const facultyId = ownerOf(orcid);
      const row = division.faculty.find((r) => r.faculty_id === facultyId)!;
      const result = await harvestOrcid(client, orcid);
      expect(result.candidates).toHaveLength(record.works.group.length + record.fundings.group.length);
      expect(result.itemErrors).toEqual([]);
      const presentations = result.candidates.filter((candidate) => candidate.kind === "presentation");
      expect(presentations.map((candidate) => Number(candidate.sourceId)).sort()).toEqual(
        division.presentationTruth
          .filter((entry) => entry.facultyId === facultyId)
          .map((entry) => entry.putCode)
          .sort(),
      );
      // Works without both a DOI and a PMID were read in full, so the owner's place among the authors is known.
      for (const presentation of presentations)
        expect(presentation.contributors.some((contributor) => contributor.orcid === orcid)).toBe(true);
      expect(result.nameVariants[0]!.startsWith(`${row.last_name}, `)).toBe(true);
      expect(result.affiliationTerms).toContain(division.institution);
      expect(result.raw.map((response) => response.path)).toEqual(
        expect.arrayContaining([
          `/${orcid}/works`,
          `/${orcid}/fundings`,
          `/${orcid}/person`,
          `/${orcid}/employments`,
        ]),
      );
    }
    expect(sandbox.stats().rateLimited).toBe(0);
  });

  it("reads more than 100 put-codes 100 at a time, and refuses 101 in one request with ORCID's 400", async () => {
    const [orcid, record] = readable.reduce((a, b) =>
      Object.keys(b[1].workDetails).length > Object.keys(a[1].workDetails).length ? b : a,
    );
    const known = Object.keys(record.workDetails).map(Number);
    const unknown = Array.from({ length: 150 - Math.min(known.length, 100) }, (_, i) => 1 + i);
    const asked = [...known.slice(0, 100), ...unknown];
    const before = sandbox.stats().byEndpoint["works-bulk"] ?? 0;
    const result = await client.worksBulk(orcid, asked);
    expect(sandbox.stats().byEndpoint["works-bulk"]).toBe(before + 2);
    expect(result.works.map((work) => work.putCode).sort()).toEqual(known.slice(0, 100).sort());
    expect(result.errors.map((error) => error.putCode).sort()).toEqual([...unknown].sort());
    expect(result.errors.every((error) => error.status === 400 && error.errorCode === 9034)).toBe(true);

    const tooMany = await http.get<string>(`${sandbox.url}/${orcid}/works/${asked.slice(0, 101).join(",")}`);
    expect(tooMany.status).toBe(400);
    expect(JSON.parse(tooMany.data)).toMatchObject({
      "response-code": 400,
      "error-code": 9042,
      "user-message": "Too many put codes supplied",
    });
  });

  it("answers an unknown iD with 404 and a deactivated record with 409, each an OrcidRecordUnavailableError", async () => {
    const notFound = await client.person(unknownId).catch((error: unknown) => error);
    expect(notFound).toBeInstanceOf(OrcidRecordUnavailableError);
    expect(notFound).toMatchObject({ reason: "not-found", status: 404, orcid: unknownId });

    const raw = await http.get<string>(`${sandbox.url}/${unknownId}/person`);
    expect(JSON.parse(raw.data)).toEqual({
      "response-code": 404,
      "developer-message": `404 Not Found: The resource was not found. Full validation error: ORCID iD ${unknownId} not found`,
      "user-message": "The resource was not found.",
      "error-code": 9016,
      "more-info": "https://members.orcid.org/api/resources/troubleshooting",
    });

    const deactivated = await harvestOrcid(client, deactivatedId).catch((error: unknown) => error);
    expect(deactivated).toBeInstanceOf(OrcidRecordUnavailableError);
    expect(deactivated).toMatchObject({ reason: "deactivated", status: 409, orcid: deactivatedId });
    expect((deactivated as Error).message).toContain("ask the faculty member for their current ORCID iD");
  });

  it("answers a put-code the record does not hold with a 404 about that item, not the record", async () => {
    const [orcid] = readable[0]!;
    const error = await client.work(orcid, 1).catch((failure: unknown) => failure);
    expect(error).toBeInstanceOf(HttpRequestError);
    expect(error).not.toBeInstanceOf(OrcidRecordUnavailableError);
    expect((error as HttpRequestError).status).toBe(404);
  });

  it("reports its counts by endpoint and status at /sandbox/stats, which is not itself counted", async () => {
    const [orcid] = readable[0]!;
    sandbox.resetStats();
    await client.works(orcid);
    await client.person(unknownId).catch(() => undefined);
    await http.get(`${sandbox.url}/${orcid}/peer-reviews`);
    const response = await http.get<string>(`${new URL(sandbox.url).origin}/sandbox/stats`);
    expect(JSON.parse(response.data)).toEqual({
      requests: 3,
      byEndpoint: { works: 1, person: 1, other: 1 },
      byStatus: { "404": 2 },
      rateLimited: 0,
      maxRequestsInAnySecond: expect.any(Number) as number,
    });
    expect(sandbox.stats().requests).toBe(3);
  });
});

describe("ORCID sandbox refusals", () => {
  it("answers a locked record with 409, an OrcidRecordUnavailableError for a person to look at", async () => {
    const [orcid, record] = readable[0]!;
    const locked: SandboxOrcidRecord = { ...record, status: "locked" };
    const server = await startOrcidSandbox({ records: { [orcid]: locked } });
    try {
      const local = new OrcidClient({
        baseUrl: server.url,
        timeoutMs: 5_000,
        rateLimiter: createOrcidRateLimiter(redis, prefix),
      });
      const error = await local.works(orcid).catch((failure: unknown) => failure);
      expect(error).toBeInstanceOf(OrcidRecordUnavailableError);
      expect(error).toMatchObject({ reason: "locked", status: 409 });
    } finally {
      await server.close();
    }
  });

  it("allows a burst of 40, refuses the rest with 429 and Retry-After: 1, then 12 a second", async () => {
    const server = await startOrcidSandbox({ records: division.orcidRecords });
    try {
      const [orcid] = readable[0]!;
      const burst = await Promise.all(
        Array.from({ length: 55 }, () => http.get<string>(`${server.url}/${orcid}/person`)),
      );
      const refused = burst.filter((response) => response.status === 429);
      const accepted = burst.length - refused.length;
      expect(accepted).toBeGreaterThanOrEqual(40);
      expect(accepted).toBeLessThanOrEqual(42);
      expect(refused.every((response) => response.headers["retry-after"] === "1")).toBe(true);
      expect(JSON.parse(refused[0]!.data)).toMatchObject({ "response-code": 429 });
      expect(server.stats().rateLimited).toBe(refused.length);

      await sleep(1_000);
      const next = await Promise.all(
        Array.from({ length: 20 }, () => http.get<string>(`${server.url}/${orcid}/person`)),
      );
      const admitted = next.filter((response) => response.status === 200).length;
      expect(admitted).toBeGreaterThanOrEqual(11);
      expect(admitted).toBeLessThanOrEqual(14);
    } finally {
      await server.close();
    }
  });

  it("keeps a client that uses the shared limiter inside the limit however many it sends at once", async () => {
    const server = await startOrcidSandbox({ records: division.orcidRecords });
    try {
      const local = new OrcidClient({
        baseUrl: server.url,
        timeoutMs: 5_000,
        rateLimiter: createOrcidRateLimiter(redis, `${prefix}:burst`),
      });
      const [orcid] = readable[1]!;
      const started = performance.now();
      const people = await Promise.all(Array.from({ length: 60 }, () => local.person(orcid)));
      expect(people).toHaveLength(60);
      expect(server.stats()).toMatchObject({ requests: 60, rateLimited: 0 });
      // Twelve a second: the sixtieth cannot be sent before the fourth second has passed.
      expect(performance.now() - started).toBeGreaterThan(3_900);
    } finally {
      await server.close();
    }
  });

  it("counts but does not refuse when rate limiting is off", async () => {
    const server = await startOrcidSandbox({ records: division.orcidRecords, enforceRateLimit: false });
    try {
      const [orcid] = readable[0]!;
      const burst = await Promise.all(
        Array.from({ length: 60 }, () => http.get<string>(`${server.url}/${orcid}/works`)),
      );
      expect(burst.every((response) => response.status === 200)).toBe(true);
      expect(server.stats()).toMatchObject({ requests: 60, rateLimited: 0 });
      expect(server.stats().maxRequestsInAnySecond).toBe(60);
    } finally {
      await server.close();
    }
  });
});
