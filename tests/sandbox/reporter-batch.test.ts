/**
 * Many people's RePORTER searches joined into one request: each person gets exactly what their own
 * search returns, in far fewer requests. Against the RePORTER sandbox over a generated division.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDivision } from "../../sandbox/division/index.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import { batchReporterSearches } from "../../src/sources/reporter/batch.ts";
import { ReporterClient, type ReporterCriteria } from "../../src/sources/reporter/client.ts";
import { projectKey } from "../../src/sources/reporter/parse.ts";
import { projectsOfProlificInvestigator } from "../helpers/reporter-projects.ts";

const division = generateDivision({ facultyCount: 40, seed: 5 });
const unlimited = { acquire: () => Promise.resolve() };

/** Everyone with a profile id searched by it; the rest by name within the institution. */
const searches: ReporterCriteria[] = division.faculty.map((row) => {
  const profileId = division.reporterProfileIds[row.faculty_id];
  return profileId !== undefined
    ? { pi_profile_ids: [profileId] }
    : {
        pi_names: [{ first_name: row.first_name, last_name: row.last_name }],
        org_names: [division.institution],
      };
});

describe("RePORTER searches joined into one request", () => {
  let sandbox: ReporterSandbox;
  let client: ReporterClient;

  beforeAll(async () => {
    sandbox = await startReporterSandbox({ projects: division.reporterProjects, enforceRateLimit: false });
    client = new ReporterClient({ baseUrl: sandbox.url, timeoutMs: 5_000, rateLimiter: unlimited });
  });
  beforeEach(() => sandbox.resetStats());
  afterAll(async () => {
    await sandbox.close();
  });

  const keysOf = (result: { projects: Parameters<typeof projectKey>[0][] }) =>
    result.projects.map(projectKey).sort();

  it("answers each person as their own search does, one request per kind of search", async () => {
    const alone = await Promise.all(searches.map((criteria) => client.searchAll(criteria)));
    expect(sandbox.stats().requests).toBe(searches.length);
    expect(alone.some((result) => result.projects.length > 0)).toBe(true);
    sandbox.resetStats();

    const batched = batchReporterSearches(client, { maxPeople: 100, windowMs: 20 });
    const together = await Promise.all(searches.map((criteria) => batched.searchAll(criteria)));
    const kinds = new Set(searches.map((criteria) => (criteria.pi_profile_ids ? "profile" : "name")));
    expect(sandbox.stats().requests).toBe(kinds.size);
    together.forEach((result, index) => {
      expect(keysOf(result), JSON.stringify(searches[index])).toEqual(keysOf(alone[index]!));
      // What is kept of the raw answer is the person's own projects, nobody else's.
      const raw = result.pages.flatMap((page) => (page as { results: unknown[] }).results);
      expect(raw).toHaveLength(result.projects.length);
    });
  });

  it("splits a crowd into requests of at most the batch size, and keeps searches of different years apart", async () => {
    const byProfile = searches.filter((criteria) => criteria.pi_profile_ids);
    expect(byProfile.length).toBeGreaterThan(4);
    const batched = batchReporterSearches(client, { maxPeople: 3, windowMs: 20 });
    await Promise.all(byProfile.map((criteria) => batched.searchAll(criteria)));
    expect(sandbox.stats().requests).toBe(Math.ceil(byProfile.length / 3));

    sandbox.resetStats();
    const wide = batchReporterSearches(client, { maxPeople: 100, windowMs: 20 });
    const [recent, older] = await Promise.all([
      wide.searchAll(byProfile[0]!, { fiscalYears: [2026, 2027] }),
      wide.searchAll(byProfile[1]!, { fiscalYears: [2015] }),
    ]);
    expect(sandbox.stats().requests).toBe(2);
    expect(recent.projects.every((project) => project.fiscalYear >= 2026)).toBe(true);
    expect(older.projects.every((project) => project.fiscalYear === 2015)).toBe(true);
  });

  it("pages through an answer longer than RePORTER's 500-project page", async () => {
    // One PI with 1,200 fiscal-year records and another with a few: the joined answer needs three pages.
    const many = projectsOfProlificInvestigator(division, 99_000_001, 1200);
    const few = many.slice(0, 3).map((project, index) => ({
      ...project,
      appl_id: 91_000_000 + index,
      core_project_num: `R21HL${String(800000 + index)}`,
      project_num: `1R21HL${String(800000 + index)}-01`,
      principal_investigators: [{ ...project.principal_investigators[0]!, profile_id: 99_000_002 }],
    }));
    const crowded = await startReporterSandbox({ projects: [...many, ...few], enforceRateLimit: false });
    try {
      const crowdedClient = new ReporterClient({
        baseUrl: crowded.url,
        timeoutMs: 5_000,
        rateLimiter: unlimited,
      });
      const batched = batchReporterSearches(crowdedClient, { maxPeople: 10, windowMs: 20 });
      const [first, second] = await Promise.all([
        batched.searchAll({ pi_profile_ids: [99_000_001] }),
        batched.searchAll({ pi_profile_ids: [99_000_002] }),
      ]);
      expect(first.projects).toHaveLength(1200);
      expect(second.projects).toHaveLength(3);
      expect(crowded.stats().requests).toBe(3);
    } finally {
      await crowded.close();
    }
  });
});
