import axios from "axios";
import { Command } from "commander";
import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { PassThrough } from "node:stream";
import { setTimeout as sleep } from "node:timers/promises";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CliContext } from "../../src/cli/context.ts";
import { registerSandboxCommands } from "../../src/cli/sandbox.ts";
import { generateDivision } from "../../sandbox/division/index.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import type { RateLimiter } from "../../src/ratelimit/redis-rate-limiter.ts";
import { createReporterRateLimiter, ReporterClient } from "../../src/sources/reporter/client.ts";
import { harvestReporter } from "../../src/sources/reporter/index.ts";
import type { ReporterProjectJson } from "../../src/sources/reporter/types.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-${randomUUID()}`;
const division = generateDivision({ facultyCount: 200, seed: 99 });
const home = division.institution.toUpperCase();
const http = axios.create({ validateStatus: () => true });

let redis: Redis;
let sandbox: ReporterSandbox;
/** For checking search semantics with raw requests: no rate limit, so no waiting. */
let open: ReporterSandbox;
let client: ReporterClient;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  // NIH's one a second is enforced: our limiter must keep the client inside it.
  sandbox = await startReporterSandbox({ projects: division.reporterProjects });
  open = await startReporterSandbox({ projects: division.reporterProjects, enforceRateLimit: false });
  client = new ReporterClient({
    baseUrl: sandbox.url,
    timeoutMs: 5_000,
    rateLimiter: createReporterRateLimiter(redis, prefix),
    retryBaseMs: 50,
  });
});

afterAll(async () => {
  await Promise.all([sandbox.close(), open.close()]);
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await redis.quit();
});

const search = (body: unknown, server: ReporterSandbox = open) =>
  http.post<{ meta: Record<string, unknown>; results: ReporterProjectJson[] }>(
    `${server.url}/projects/search`,
    body,
  );

function truthOf(facultyId: string): Array<{ coreProjectNum: string; role: string }> {
  return division.grantTruth
    .filter((entry) => entry.facultyId === facultyId)
    .map(({ coreProjectNum, role }) => ({ coreProjectNum, role }));
}

function coreOrganizations(core: string): Set<string> {
  return new Set(
    division.reporterProjects.filter((p) => p.core_project_num === core).map((p) => p.organization.org_name),
  );
}

describe("RePORTER sandbox searched with ReporterClient and harvestReporter", () => {
  it("serves under a base URL ending in /v2", () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);
  });

  it("finds a faculty member's awards by profile id, with the roles in the grant truth", async () => {
    const multiple = division.grantTruth.find((entry) => entry.role === "multiple_pi")!.facultyId;
    const sole = division.grantTruth.find(
      (entry) => entry.role === "pi" && entry.facultyId !== multiple,
    )!.facultyId;
    for (const facultyId of [multiple, sole]) {
      const row = division.faculty.find((r) => r.faculty_id === facultyId)!;
      const harvest = await harvestReporter(client, {
        profileId: division.reporterProfileIds[facultyId],
        firstName: row.first_name,
        lastName: row.last_name,
        organizationNames: [],
      });
      expect(
        harvest.matches
          .map((match) => ({ coreProjectNum: match.sourceId, role: match.role }))
          .sort((a, b) => a.coreProjectNum.localeCompare(b.coreProjectNum)),
      ).toEqual(truthOf(facultyId));
      expect(harvest.unmatched).toEqual([]);
      expect(harvest.matches.every((match) => match.evidence!.kind === "profile_id")).toBe(true);
    }
    expect(sandbox.stats().rateLimited).toBe(0);
  });

  it("finds them by name within the organisation, leaving out namesakes elsewhere", async () => {
    const profileIds = new Set(Object.values(division.reporterProfileIds));
    // A faculty PI who shares their name with a PI at another organisation.
    const row = division.faculty.find(
      (r) =>
        division.reporterProfileIds[r.faculty_id] !== undefined &&
        truthOf(r.faculty_id).some(({ coreProjectNum }) => coreOrganizations(coreProjectNum).has(home)) &&
        division.reporterProjects.some((p) =>
          p.principal_investigators.some(
            (pi) =>
              !profileIds.has(pi.profile_id) &&
              pi.last_name.toUpperCase() ===
                r.last_name.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase() &&
              pi.first_name.toUpperCase() ===
                r.first_name.normalize("NFD").replace(/\p{M}/gu, "").toUpperCase(),
          ),
        ),
    )!;
    expect(row).toBeDefined();
    const person = { firstName: row.first_name, lastName: row.last_name };
    const atHome = truthOf(row.faculty_id).filter(({ coreProjectNum }) =>
      coreOrganizations(coreProjectNum).has(home),
    );

    const withinOrganisation = await harvestReporter(client, {
      ...person,
      organizationNames: [division.institution],
    });
    expect(withinOrganisation.criteria).toEqual({
      pi_names: [{ first_name: row.first_name, last_name: row.last_name }],
      org_names: [division.institution],
    });
    expect(
      withinOrganisation.matches
        .map((match) => ({ coreProjectNum: match.sourceId, role: match.role }))
        .sort((a, b) => a.coreProjectNum.localeCompare(b.coreProjectNum)),
    ).toEqual(atHome);
    expect(withinOrganisation.matches.every((match) => match.evidence!.kind === "name")).toBe(true);
    expect(atHome.length).toBeGreaterThan(0);

    // The same name anywhere also finds the namesake's awards: that is what the organisation is for.
    const anywhere = await client.searchAll({
      pi_names: [{ first_name: row.first_name, last_name: row.last_name }],
    });
    const foreign = anywhere.projects.filter((project) => project.organization?.name !== home);
    expect(foreign.length).toBeGreaterThan(0);
    expect(
      foreign.some((project) =>
        project.principalInvestigators.every(
          (pi) => pi.profileId !== division.reporterProfileIds[row.faculty_id],
        ),
      ),
    ).toBe(true);
  });

  it("pages through more than 500 results 500 at a time", async () => {
    const before = sandbox.stats().byEndpoint["projects/search"] ?? 0;
    expect(division.reporterProjects.length).toBeGreaterThan(500);
    const result = await client.searchAll({});
    expect(result.projects.map((project) => project.applId)).toEqual(
      division.reporterProjects.map((project) => project.appl_id),
    );
    expect(result.splitByFiscalYear).toBe(false);
    expect(
      result.pages.map((page) => {
        const { meta } = page as { meta: { offset: number; limit: number; total: number } };
        return [meta.offset, meta.limit, meta.total];
      }),
    ).toEqual([
      [0, 500, division.reporterProjects.length],
      [500, 500, division.reporterProjects.length],
    ]);
    expect(sandbox.stats().byEndpoint["projects/search"]).toBe(before + 2);
    // Every request so far waited its turn with the shared limiter: none came within a second of another.
    expect(sandbox.stats()).toMatchObject({ rateLimited: 0, maxRequestsInAnySecond: 1 });
  });
});

describe("RePORTER sandbox search semantics", () => {
  it("answers in RePORTER's envelope, 50 a page unless asked", async () => {
    const response = await search({ criteria: {} });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    expect(response.data.meta).toMatchObject({
      total: division.reporterProjects.length,
      offset: 0,
      limit: 50,
      sort_order: "ASC",
      sorted_by_relevance: true,
    });
    expect(response.data.meta.search_id).toEqual(expect.any(String));
    expect(response.data.results).toEqual(division.reporterProjects.slice(0, 50));
  });

  it("combines criteria: fiscal years, project numbers with wildcards, any_name, case and accents aside", async () => {
    const award = division.reporterProjects.find((p) => p.award_type === "2")!;
    const byNumber = await search({ criteria: { project_nums: [award.core_project_num] }, limit: 500 });
    expect(byNumber.data.results.length).toBe(
      division.reporterProjects.filter((p) => p.core_project_num === award.core_project_num).length,
    );
    expect(byNumber.data.results.every((p) => p.core_project_num === award.core_project_num)).toBe(true);
    const wildcard = await search({
      criteria: { project_nums: [`5${award.core_project_num}-*`] },
      limit: 500,
    });
    expect(wildcard.data.results.every((p) => p.project_num.startsWith(`5${award.core_project_num}-`))).toBe(
      true,
    );
    expect(wildcard.data.meta.total).toBeGreaterThan(0);

    const years = await search({
      criteria: { fiscal_years: [2015, 2016], org_names: ["  northbridge", home.toLowerCase()] },
      limit: 500,
    });
    expect(
      years.data.results.every(
        (p) => (p.fiscal_year === 2015 || p.fiscal_year === 2016) && p.organization.org_name === home,
      ),
    ).toBe(true);
    expect(years.data.meta.total).toBe(
      division.reporterProjects.filter(
        (p) => [2015, 2016].includes(p.fiscal_year) && p.organization.org_name === home,
      ).length,
    );

    const pi = award.principal_investigators[0]!;
    const anyName = await search({
      criteria: { pi_names: [{ any_name: pi.last_name.toLowerCase() }] },
      limit: 500,
    });
    expect(anyName.data.results.some((p) => p.core_project_num === award.core_project_num)).toBe(true);
    expect(
      anyName.data.results.every((p) =>
        p.principal_investigators.some(
          (other) => other.last_name.toLowerCase() === pi.last_name.toLowerCase(),
        ),
      ),
    ).toBe(true);
    // RePORTER writes "NUNEZ, MARIA"; the roster has "Núñez, María".
    const accented = division.faculty.find((row) => row.last_name === "Núñez")!;
    const written = await search({
      criteria: { pi_names: [{ first_name: accented.first_name, last_name: accented.last_name }] },
    });
    const expected = division.reporterProjects.filter((p) =>
      p.principal_investigators.some((other) => other.last_name === "NUNEZ" && other.first_name === "MARIA"),
    );
    expect(expected.length).toBeGreaterThan(0);
    expect(written.data.meta.total).toBe(expected.length);
  });

  it("sorts when asked", async () => {
    const response = await search({
      criteria: {},
      sort_field: "award_amount",
      sort_order: "desc",
      limit: 20,
    });
    const amounts = response.data.results.map((p) => p.award_amount);
    expect(amounts).toEqual([...amounts].sort((a, b) => b - a));
    expect(response.data.meta).toMatchObject({
      sort_field: "award_amount",
      sort_order: "DESC",
      sorted_by_relevance: false,
    });
  });

  it("refuses a page past the 10,000th result and a limit over 500 with a 400 and its messages", async () => {
    const past = await search({ criteria: {}, offset: 9_600, limit: 500 });
    expect(past.status).toBe(400);
    expect(past.data).toEqual([expect.stringMatching(/^Offset plus limit must not exceed 10000/)]);
    const wide = await search({ criteria: {}, limit: 501 });
    expect(wide.status).toBe(400);
    expect(wide.data).toEqual(["Limit must be between 1 and 500."]);
    const atEdge = await search({ criteria: {}, offset: 9_500, limit: 500 });
    expect(atEdge.status).toBe(200);
    expect(atEdge.data.results).toEqual([]);
    const notJson = await http.post(`${open.url}/projects/search`, "{criteria", {
      headers: { "Content-Type": "application/json" },
      transformRequest: [(data: unknown) => data],
    });
    expect(notJson.status).toBe(400);
    expect(notJson.data).toEqual(["The request body is not valid JSON."]);
    const notObject = await search(["criteria"]);
    expect(notObject.status).toBe(400);
  });
});

describe("RePORTER sandbox rate limit", () => {
  it("refuses a second request within the second with 429 and Retry-After: 1, counts it, and admits the next", async () => {
    const server = await startReporterSandbox({ projects: division.reporterProjects });
    try {
      const first = await search({ criteria: {} }, server);
      const second = await search({ criteria: {} }, server);
      expect(first.status).toBe(200);
      expect(second.status).toBe(429);
      expect(second.headers["retry-after"]).toBe("1");
      await sleep(1_050);
      expect((await search({ criteria: {} }, server)).status).toBe(200);
      const stats = (
        await http.get<ReturnType<ReporterSandbox["stats"]>>(`${new URL(server.url).origin}/sandbox/stats`)
      ).data;
      expect(stats).toMatchObject({ requests: 3, rateLimited: 1, byStatus: { "429": 1 } });
      expect(stats.byEndpoint).toEqual({ "projects/search": 3 });
    } finally {
      await server.close();
    }
  });
});

describe("RePORTER sandbox rate limit, met by the client", () => {
  it("answers a burst of searches from two workers, one held up after each grant, with no 429", async () => {
    const server = await startReporterSandbox({ projects: division.reporterProjects });
    const connections = [0, 1].map(() => new Redis(REDIS_URL, { lazyConnect: true }));
    try {
      await Promise.all(connections.map((connection) => connection.connect()));
      const burstPrefix = `${prefix}:burst`;
      // Two workers with limiters of their own; one keeps its event loop busy between each grant
      // and its request, as a loaded host does.
      const limiters = connections.map((connection) => createReporterRateLimiter(connection, burstPrefix));
      const heldUp: RateLimiter = {
        async acquire() {
          const slot = await limiters[0]!.acquire();
          const until = performance.now() + 120;
          while (performance.now() < until) {
            // busy
          }
          return slot;
        },
      };
      const workers = [heldUp, limiters[1]!].map(
        (rateLimiter) =>
          new ReporterClient({ baseUrl: server.url, timeoutMs: 5_000, rateLimiter, retryBaseMs: 50 }),
      );
      await Promise.all(
        Array.from({ length: 8 }, (_, index) =>
          workers[index % 2]!.searchProjects({ fiscal_years: [2015 + index] }, { limit: 10 }),
        ),
      );
      expect(server.stats()).toMatchObject({ requests: 8, rateLimited: 0 });
    } finally {
      await Promise.all(connections.map((connection) => connection.quit()));
      await server.close();
    }
  }, 30_000);
});

describe("scholartrack sandbox serve", () => {
  it("serves ORCID and RePORTER beside E-utilities and prints their URLs", async () => {
    const out = new PassThrough();
    let text = "";
    out.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const ctx = new CliContext(out, new PassThrough());
    const program = new Command("scholartrack").exitOverride();
    registerSandboxCommands(program, ctx);
    const running = program.parseAsync(["sandbox", "serve", "--faculty", "6", "--seed", "3"], {
      from: "user",
    });
    for (let waited = 0; !text.includes("Press Ctrl+C") && waited < 10_000; waited += 20) await sleep(20);

    const eutils = /^Listening at (\S+)$/m.exec(text)![1]!;
    expect(text).toContain(`  export PUBMED_EUTILS_URL=${eutils}`);
    const orcidUrl = /^ {2}export ORCID_API_URL=(\S+)$/m.exec(text)![1]!;
    const reporterUrl = /^ {2}export REPORTER_API_URL=(\S+)$/m.exec(text)![1]!;
    expect(orcidUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v3\.0$/);
    expect(reporterUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/v2$/);

    const small = generateDivision({ facultyCount: 6, seed: 3 });
    const [orcid, record] = Object.entries(small.orcidRecords).find(([, r]) => r.status === undefined)!;
    expect((await http.get(`${orcidUrl}/${orcid}/works`)).data).toEqual(record.works);
    const found = await http.post<{ meta: { total: number } }>(`${reporterUrl}/projects/search`, {
      criteria: {},
    });
    expect(found.data.meta.total).toBe(small.reporterProjects.length);

    process.emit("SIGINT");
    await running;
    expect(text).toMatch(/^ORCID: 1 request \(0 refused for rate/m);
    expect(text).toMatch(/^RePORTER: 1 request \(0 refused for rate/m);
    await ctx.close();
  });
});
