/**
 * RePORTER's complete harvests asked for many people at once (a first night, the monthly pass):
 * each person gets exactly the records and links their own complete harvest gets, in about one
 * request per REPORTER_BATCH_SIZE people, paging through answers longer than one page.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDivision } from "../../sandbox/division/index.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import { loadConfig } from "../../src/config/env.ts";
import { createLogger } from "../../src/logging.ts";
import { batchReporterSearches } from "../../src/sources/reporter/batch.ts";
import { ReporterClient } from "../../src/sources/reporter/client.ts";
import { reporterSource } from "../../src/sources/reporter/index.ts";
import type { HarvestContext, HarvestPerson, HarvestResult } from "../../src/sources/source.ts";
import { projectsOfProlificInvestigator } from "../helpers/reporter-projects.ts";

const division = generateDivision({ facultyCount: 60, seed: 5 });
const unlimited = { acquire: () => Promise.resolve() };
const config = loadConfig({ DATABASE_URL: "postgresql://unused@127.0.0.1:1/unused", LOG_LEVEL: "silent" });
const now = new Date("2026-12-07T03:00:00Z");

/** The PI every extra project is given to: their answer alone is three pages. */
const PROLIFIC_PROFILE_ID = 99_000_001;

function personOf(row: (typeof division.faculty)[number], index: number): HarvestPerson {
  const profileId = division.reporterProfileIds[row.faculty_id];
  return {
    id: row.faculty_id,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: null,
    orcid: null,
    // Every other person with a profile id searched by it; the rest by name within the institution.
    reporterProfileId:
      index === 0 ? PROLIFIC_PROFILE_ID : profileId !== undefined && index % 2 === 0 ? profileId : null,
    nameVariants: [],
    affiliationTerms: [division.institution],
    orcidNameVariants: [],
    orcidAffiliationTerms: [],
    orcidStatus: null,
  };
}
const people = division.faculty.map(personOf);

/** What a harvest keeps: its records and links, without the note saying how it was asked. */
const kept = (result: HarvestResult | Error | undefined) => {
  if (!result || result instanceof Error) throw result ?? new Error("no answer");
  return { records: result.records, nothingToSearchBy: result.nothingToSearchBy };
};

describe("RePORTER's complete harvests asked for many people at once", () => {
  let sandbox: ReporterSandbox;
  let client: ReporterClient;

  beforeAll(async () => {
    const many = projectsOfProlificInvestigator(division, PROLIFIC_PROFILE_ID, 1200);
    sandbox = await startReporterSandbox({
      projects: [...division.reporterProjects, ...many],
      enforceRateLimit: false,
    });
    client = new ReporterClient({ baseUrl: sandbox.url, timeoutMs: 5_000, rateLimiter: unlimited });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const contextOf = (searchClient: unknown): HarvestContext<never> => ({
    client: searchClient as never,
    config,
    now,
    rejected: { pmids: new Set(), dois: new Set() },
    logger: createLogger("silent"),
  });

  it("gives each person what their own complete harvest gets, one request per group of 50 and kind", async () => {
    const alone = new Map<string, HarvestResult>();
    for (const person of people)
      alone.set(person.id, await reporterSource.harvest(person, contextOf(client)));
    const aloneRequests = sandbox.stats().requests;
    expect(aloneRequests).toBeGreaterThanOrEqual(people.length);
    expect([...alone.values()].filter((result) => result.records.length > 0).length).toBeGreaterThan(3);
    expect(alone.get(people[0]!.id)!.records.length).toBeGreaterThanOrEqual(1200);
    sandbox.resetStats();

    const batched = batchReporterSearches(client, { maxPeople: 50, windowMs: 20 });
    const together = await reporterSource.harvestCompleteTogether!(
      people.map((person) => ({ person, context: contextOf(batched) })),
    );
    for (const person of people)
      expect(kept(together.get(person.id)), person.id).toEqual(kept(alone.get(person.id)));
    expect(
      [...together.values()].every(
        (result) => !(result instanceof Error) && result.note === "asked together with others",
      ),
    ).toBe(true);
    // Profile ids first, then names, in groups of 50: a group holds one kind, or two where the kinds
    // meet. The profile-id request's answer holds the prolific PI's 1,200 records and the others':
    // two more pages of 500.
    const kinds = people.map((person) => (person.reporterProfileId !== null ? 0 : 1)).sort((a, b) => a - b);
    let requests = 0;
    for (let start = 0; start < kinds.length; start += 50)
      requests += new Set(kinds.slice(start, start + 50)).size;
    expect(requests).toBeLessThanOrEqual(Math.ceil(people.length / 50) + 1);
    expect(sandbox.stats().requests).toBe(requests + 2);
  });

  it("says what a person's search asks, so that a job can tell whether an answer asked earlier fits", () => {
    const person = people.find((candidate) => candidate.reporterProfileId === null)!;
    const asked = reporterSource.searchedBy!(person, { now });
    expect(reporterSource.searchedBy!({ ...person, nameVariants: ["Someone, Else"] }, { now })).toBe(asked);
    expect(
      reporterSource.searchedBy!({ ...person, orcidAffiliationTerms: ["Elsewhere University"] }, { now }),
    ).not.toBe(asked);
    expect(reporterSource.searchedBy!(person, { now, sinceYear: 2020 })).not.toBe(asked);
  });
});
