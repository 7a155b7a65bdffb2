import { readFileSync } from "node:fs";
import path from "node:path";
import nock from "nock";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startHarvestRun, waitForRun } from "../../src/services/runs.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const fixtures = path.resolve(import.meta.dirname, "../fixtures");
const fixture = (name: string): unknown => JSON.parse(readFileSync(path.join(fixtures, name), "utf8"));
const ORCID = "0000-0002-5550-1238";
const LOCKED_ORCID = "0000-0002-1825-0097";
const ORCID_ORIGIN = "https://orcid.test";
const REPORTER_ORIGIN = "https://reporter.test";

/** Answers ORCID's public API for one record from our fixtures; another iD is deactivated. */
function mockOrcid(): void {
  const json = { "content-type": "application/vnd.orcid+json" };
  nock(ORCID_ORIGIN)
    .persist()
    .get(`/v3.0/${ORCID}/record`)
    .reply(200, fixture("orcid/record-dates.json"), json)
    .get(`/v3.0/${ORCID}/works`)
    .reply(200, fixture("orcid/works-multi-source.json"), json)
    .get(new RegExp(`^/v3.0/${ORCID}/works/[0-9,]+$`))
    .reply(200, fixture("orcid/works-bulk.json"), json)
    .get(`/v3.0/${ORCID}/fundings`)
    .reply(200, fixture("orcid/fundings.json"), json)
    .get(`/v3.0/${ORCID}/funding/880202`)
    .reply(200, fixture("orcid/funding-no-dates.json"), json)
    .get(new RegExp(`^/v3.0/${ORCID}/funding/\\d+$`))
    .reply(200, fixture("orcid/funding-full.json"), json)
    .get(`/v3.0/${ORCID}/person`)
    .reply(200, fixture("orcid/person.json"), json)
    .get(`/v3.0/${ORCID}/employments`)
    .reply(200, fixture("orcid/employments.json"), json)
    .get(new RegExp(`^/v3.0/${LOCKED_ORCID}/`))
    .reply(
      409,
      {
        "response-code": 409,
        "developer-message": `409 Conflict: The ORCID record is deactivated and cannot be edited. ORCID ${LOCKED_ORCID}`,
        "user-message": "The ORCID record is deactivated.",
        "error-code": 9044,
      },
      json,
    );
}

/** Answers RePORTER's search from our two recorded pages, sliced as the request pages them. */
function mockReporter(): void {
  type Page = { meta: Record<string, unknown>; results: unknown[] };
  const pages = ["1", "2"].map(
    (n) => fixture(`reporter/projects-search_by-profile-id_page-${n}.json`) as Page,
  );
  const all = pages.flatMap((page) => page.results);
  nock(REPORTER_ORIGIN)
    .persist()
    .post("/v2/projects/search")
    .reply(200, async (request: Request) => {
      const { offset = 0, limit = 50 } = (await request.json()) as { offset?: number; limit?: number };
      return {
        meta: { ...pages[0]!.meta, total: all.length, offset, limit },
        results: all.slice(offset, offset + limit),
      };
    });
}

describe("harvesting ORCID and RePORTER through the queues", () => {
  let testDb: TestDatabase;
  let env: HarvestEnvironment;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    env = createHarvestEnvironment(testDb, "https://eutils.test/entrez/eutils", undefined, {
      ORCID_API_URL: `${ORCID_ORIGIN}/v3.0`,
      REPORTER_API_URL: `${REPORTER_ORIGIN}/v2`,
    });
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    mockOrcid();
    mockReporter();
    await testDb.db.faculty.createMany({
      data: [
        {
          id: "F1",
          lastName: "Okafor",
          firstName: "Maria",
          orcid: ORCID,
          reporterProfileId: 20123456,
          affiliationTerms: ["University of Northfield"],
          nameVariants: [],
        },
        {
          id: "F2",
          lastName: "Carberry",
          firstName: "Josiah",
          orcid: LOCKED_ORCID,
          affiliationTerms: [],
          nameVariants: [],
        },
        { id: "F3", lastName: "Nobody", firstName: "Noel", affiliationTerms: [], nameVariants: [] },
        // A co-PI on one of F1's grants: both harvest the same grant item.
        {
          id: "F4",
          lastName: "Patel",
          firstName: "Anjali",
          reporterProfileId: 9876501,
          affiliationTerms: [],
          nameVariants: [],
        },
      ],
    });
    env.startWorkers();
  });

  afterAll(async () => {
    nock.cleanAll();
    nock.enableNetConnect();
    await env.close();
    await testDb.drop();
  });

  async function harvest() {
    const run = await startHarvestRun(testDb.db, env.services.queues, {
      sources: ["orcid", "reporter"],
      trigger: "manual",
    });
    return waitForRun(testDb.db, run.runId, { pollMs: 100 });
  }

  it("links works, presentations and fundings from the person's ORCID record, and their NIH grants by profile id", async () => {
    const progress = await harvest();
    // F2's record is deactivated: that one job fails for good; everything else completes.
    expect(progress).toMatchObject({ total: 8, completed: 7, failed: 1 });

    const links = await testDb.db.facultyItem.findMany({
      where: { facultyId: "F1" },
      include: { item: true },
    });
    const kinds = links.map((link) => link.item.kind);
    expect(kinds).toContain("publication");
    expect(kinds).toContain("presentation");
    expect(kinds).toContain("grant");
    expect(links.every((link) => link.status === "accepted")).toBe(true);

    const nihGrants = links.filter(
      (link) => link.item.sourceType !== null && /^[A-Z]\d\d$/.test(link.item.sourceType),
    );
    expect(nihGrants.length).toBeGreaterThan(0);
    expect(nihGrants.some((link) => link.role === "pi")).toBe(true);

    const poster = links.find((link) => link.item.sourceType === "conference-poster");
    expect(poster?.item.kind).toBe("presentation");

    const f1 = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } });
    expect(f1.orcidStatus).toBeNull();
    expect(f1.orcidAffiliationTerms.length).toBeGreaterThan(0);

    const f2 = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F2" } });
    expect(f2.orcidStatus).toBe("deactivated");
    const failed = await testDb.db.harvestJob.findFirstOrThrow({
      where: { facultyId: "F2", source: "orcid" },
    });
    expect(failed).toMatchObject({ status: "failed", attempts: 1 });
    expect(failed.error).toMatch(/needs attention/);

    // No ORCID iD and no affiliation terms: nothing to search by, nothing linked.
    expect(await testDb.db.facultyItem.count({ where: { facultyId: "F3" } })).toBe(0);
  });

  it("shares one grant item between its PIs, each link with that PI's role", async () => {
    const shared = await testDb.db.item.findMany({
      where: { kind: "grant", links: { some: { facultyId: "F4" } } },
      include: { links: true },
    });
    expect(shared.length).toBeGreaterThan(0);
    for (const grant of shared) expect(grant.links.map((link) => link.facultyId).sort()).toContain("F4");
    expect(shared.some((grant) => grant.links.some((link) => link.facultyId === "F1"))).toBe(true);
  });

  it("creates nothing twice on a second harvest", async () => {
    const items = await testDb.db.item.count();
    const links = await testDb.db.facultyItem.count();
    const sources = await testDb.db.sourceRecord.count();
    const progress = await harvest();
    expect(progress).toMatchObject({ itemsNew: 0, itemsUpdated: 0 });
    expect(await testDb.db.item.count()).toBe(items);
    expect(await testDb.db.facultyItem.count()).toBe(links);
    expect(await testDb.db.sourceRecord.count()).toBe(sources);
  });
});
