/**
 * The one harvest service (src/services/harvest.ts) for each registry source, against real
 * Postgres and Redis, with each API answered by nock from recorded fixtures.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { reconcileJobId } from "../../src/queue/definitions.ts";
import { harvestForFaculty } from "../../src/services/harvest.ts";
import { reconcileFaculty } from "../../src/services/reconcile.ts";
import { isCandidateItem } from "../../src/sources/candidate.ts";
import { orcidSource, parseWorksSummary, worksToCandidates } from "../../src/sources/orcid/index.ts";
import { pubmedSource } from "../../src/sources/pubmed/index.ts";
import { reporterSource } from "../../src/sources/reporter/index.ts";
import type { HarvestSource } from "../../src/sources/source.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const fixture = (name: string): string => readFileSync(path.join(fixtures, name), "utf8");

const EUTILS = "https://eutils.ncbi.nlm.nih.gov";
const ORCID_API = "https://pub.orcid.org";
const REPORTER_API = "https://api.reporter.nih.gov";
const OWNER = "0000-0002-5550-1238";

/** An EFetch article with the person's author entry and one co-author. */
function article(pmid: string, title: string, author: string): string {
  return `<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">${pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><PubDate><Year>2019</Year></PubDate></JournalIssue><Title>Journal of General Internal Medicine</Title></Journal><ArticleTitle>${title}</ArticleTitle><AuthorList CompleteYN="Y">${author}<Author ValidYN="Y"><LastName>Chen</LastName><ForeName>Wei</ForeName><Initials>W</Initials></Author></AuthorList><Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article></MedlineCitation></PubmedArticle>`;
}

describe("the one harvest service, for each source", () => {
  let testDb: TestDatabase;
  let env: HarvestEnvironment;
  let jobs = 0;

  beforeAll(async () => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    testDb = await createTestDatabase();
    env = createHarvestEnvironment(testDb, `${EUTILS}/entrez/eutils`);
    await testDb.db.faculty.createMany({
      data: [
        // Amara N Okafor's own ORCID record is the fixture's.
        { id: "F1", lastName: "Okafor", firstName: "Amara", middleName: "N", orcid: OWNER },
        // Maria L Okafor's confirmed RePORTER profile id is the fixture's.
        { id: "F2", lastName: "Okafor", firstName: "Maria", middleName: "L", reporterProfileId: 20123456 },
        { id: "F3", lastName: "Abara", firstName: "Ngozi", orcid: "0000-0002-1825-0097" },
        { id: "F4", lastName: "Ruiz", firstName: "Marta" },
      ].map((person) => ({ affiliationTerms: ["Northfield University"], nameVariants: [], ...person })),
    });
  });
  afterEach(() => nock.cleanAll());
  afterAll(async () => {
    nock.enableNetConnect();
    await env.close();
    await testDb.drop();
  });

  /** Runs one job of the source for the person, as its queue's worker would. */
  async function harvest(source: HarvestSource, facultyId: string) {
    jobs += 1;
    const runId = `run-${jobs}`;
    const jobId = `${source.name}-${facultyId}-${runId}`;
    await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: [source.name] } });
    await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId, source: source.name } });
    const run = () =>
      harvestForFaculty({ ...env.services, logger: env.services.logger }, source, jobId, {
        runId,
        facultyId,
      });
    return { jobId, run };
  }

  const job = (id: string) => testDb.db.harvestJob.findUniqueOrThrow({ where: { id } });
  const reconcileQueued = async (facultyId: string, jobId: string) =>
    (await env.services.queues.reconcile.getJob(reconcileJobId(facultyId, jobId))) !== undefined;

  function answerOrcid(): void {
    nock(ORCID_API)
      .get(`/v3.0/${OWNER}/record`)
      .reply(200, fixture("orcid/record-dates.json"))
      .get(`/v3.0/${OWNER}/works`)
      .reply(200, fixture("orcid/works-multi-source.json"))
      .get(new RegExp(`^/v3\\.0/${OWNER}/works/[0-9,]+$`))
      .reply(200, fixture("orcid/works-bulk.json"))
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(200, fixture("orcid/fundings.json"))
      .get(`/v3.0/${OWNER}/funding/880101`)
      .reply(200, fixture("orcid/funding-full.json"))
      .get(`/v3.0/${OWNER}/funding/880202`)
      .reply(200, fixture("orcid/funding-no-dates.json"))
      .get(`/v3.0/${OWNER}/funding/880303`)
      .reply(
        200,
        JSON.stringify({
          ...(JSON.parse(fixture("orcid/funding-no-dates.json")) as object),
          "put-code": 880303,
          path: `/${OWNER}/funding/880303`,
          type: "contract",
          contributors: { contributor: [] },
        }),
      )
      .get(`/v3.0/${OWNER}/person`)
      .reply(200, fixture("orcid/person.json"))
      .get(`/v3.0/${OWNER}/employments`)
      .reply(200, fixture("orcid/employments.json"));
  }

  it("reads a record an earlier ORCID harvest stored as a mapped candidate", async () => {
    // What harvests stored before raw records were kept: the mapped work, its put-code as its id.
    const [mapped] = worksToCandidates(parseWorksSummary(fixture("orcid/works-multi-source.json")), {
      orcid: OWNER,
    });
    const item = await testDb.db.item.create({
      data: { kind: "publication", title: mapped!.title, publicationTypes: [] },
    });
    await testDb.db.sourceRecord.create({
      data: {
        source: "orcid",
        sourceId: `${OWNER}/${mapped!.sourceId}`,
        itemId: item.id,
        payload: mapped as object,
        payloadHash: "old",
        fetchedAt: new Date("2025-01-01T00:00:00Z"),
      },
    });
    await testDb.db.facultyItem.create({
      data: {
        facultyId: "F1",
        itemId: item.id,
        status: "accepted",
        decidedBy: "system",
        decidedAt: new Date(),
        evidence: [],
      },
    });
    const summary = await reconcileFaculty(testDb.db, "F1", env.services.rules);
    expect(summary.entries).toBe(1);
    const [line] = await testDb.db.ledgerEntry.findMany({ where: { facultyId: "F1" } });
    expect(line).toMatchObject({ itemId: item.id, title: mapped!.title, kind: "publication" });
  });

  it("ORCID: keeps each work and funding as ORCID sent it, links them as the person's, and learns their names", async () => {
    answerOrcid();
    const { jobId, run } = await harvest(orcidSource, "F1");
    const counts = await run();

    expect(counts.recordsFetched).toBe(9);
    expect(await job(jobId)).toMatchObject({ status: "completed", recordsFetched: 9 });
    const records = await testDb.db.sourceRecord.findMany({
      where: { source: "orcid" },
      orderBy: { id: "asc" },
    });
    expect(records).toHaveLength(9);
    expect(records.every((record) => record.sourceId.startsWith(`${OWNER}/`))).toBe(true);
    // No record is a mapped candidate any more: the next harvest replaced the earlier one's.
    expect(records.some((record) => isCandidateItem(record.payload))).toBe(false);
    const works = JSON.parse(fixture("orcid/works-multi-source.json")) as { group: unknown[] };
    const first = records.find((record) => record.sourceId === `${OWNER}/31000505`)!;
    expect(first.payload).toMatchObject({ orcid: OWNER, workGroup: works.group[0] });
    expect(counts.itemsUpdated).toBeGreaterThanOrEqual(1);

    const links = await testDb.db.facultyItem.findMany({ where: { facultyId: "F1" } });
    expect(links.every((link) => link.status === "accepted")).toBe(true);
    expect(links.some((link) => JSON.stringify(link.evidence).includes("orcid_record"))).toBe(true);
    const person = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } });
    expect(person.orcidNameVariants).toContain("Okafor-Bell, Amara");
    expect(person.orcidAffiliationTerms[0]).toBe("Northfield University School of Medicine");
    // The employments with their years: a past employer counts for papers of those years.
    expect(person.orcidEmployments).toEqual([
      {
        organization: "Northfield University School of Medicine",
        department: "Department of Medicine, Division of Cardiology",
        startYear: 2014,
      },
      {
        organization: "Lakeshore Veterans Affairs Medical Center",
        department: "Cardiology Section",
        startYear: 2014,
      },
      {
        organization: "Northfield University School of Medicine",
        department: "Department of Medicine",
        startYear: 2011,
        endYear: 2014,
      },
    ]);
    expect(person.orcidStatus).toBeNull();
    expect(await reconcileQueued("F1", jobId)).toBe(true);

    // The record read from its raw payload is the item the ledger holds.
    const summary = await reconcileFaculty(testDb.db, "F1", env.services.rules);
    expect(summary.entries).toBeGreaterThanOrEqual(6);
    const line = await testDb.db.ledgerEntry.findFirstOrThrow({
      where: { facultyId: "F1", memberItemIds: { has: first.itemId } },
    });
    expect(line.title).toBe((await testDb.db.item.findUniqueOrThrow({ where: { id: first.itemId } })).title);
  });

  it("PubMed: keeps the parsed record, and scoring, not the harvest, decides each link", async () => {
    const xml = `<?xml version="1.0" ?>\n<PubmedArticleSet>${article(
      "31000001",
      "Team-based care in primary care",
      `<Author ValidYN="Y"><LastName>Okafor</LastName><ForeName>Amara N</ForeName><Initials>AN</Initials><Identifier Source="ORCID">${OWNER}</Identifier><AffiliationInfo><Affiliation>Northfield University, Northfield, MN.</Affiliation></AffiliationInfo></Author>`,
    )}${article(
      "31000002",
      "Knee surgery outcomes",
      `<Author ValidYN="Y"><LastName>Okafor</LastName><ForeName>Amara K</ForeName><Initials>AK</Initials><AffiliationInfo><Affiliation>Hospital General, Madrid, Spain.</Affiliation></AffiliationInfo></Author>`,
    )}</PubmedArticleSet>`;
    nock(EUTILS)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, {
        header: { type: "esearch", version: "0.3" },
        esearchresult: { count: "2", retmax: "2", retstart: "0", idlist: ["31000001", "31000002"] },
      })
      .post("/entrez/eutils/efetch.fcgi")
      .reply(200, xml);
    const { jobId, run } = await harvest(pubmedSource, "F1");
    const counts = await run();

    expect(counts).toMatchObject({ recordsFetched: 2, itemsNew: 2, linksAccepted: 1 });
    const ours = await testDb.db.item.findUniqueOrThrow({
      where: { pmid: "31000001" },
      include: { sourceRecords: true },
    });
    expect(ours.sourceRecords[0]!.payload).toMatchObject({
      pmid: "31000001",
      title: "Team-based care in primary care",
    });
    const link = (pmid: string) =>
      testDb.db.facultyItem.findFirstOrThrow({ where: { facultyId: "F1", item: { pmid } } });
    expect(await link("31000001")).toMatchObject({ status: "accepted", decidedBy: "system", authorIndex: 0 });
    expect(JSON.stringify((await link("31000001")).evidence)).toContain("orcid_match");
    const theirs = await link("31000002");
    expect(theirs.status).not.toBe("accepted");
    expect(theirs.score).not.toBeNull();
    expect(await reconcileQueued("F1", jobId)).toBe(true);
  });

  it("RePORTER: keeps the core project's records as RePORTER sent them; the person's role goes on their link", async () => {
    const results = ["page-1", "page-2"].flatMap(
      (page) =>
        (JSON.parse(fixture(`reporter/projects-search_by-profile-id_${page}.json`)) as { results: unknown[] })
          .results,
    );
    nock(REPORTER_API)
      .post("/v2/projects/search")
      .reply(200, {
        meta: {
          search_id: "s1",
          total: results.length,
          offset: 0,
          limit: 500,
          sort_field: null,
          sort_order: "ASC",
          properties: {},
        },
        results,
      });
    const { jobId, run } = await harvest(reporterSource, "F2");
    const counts = await run();

    expect(counts).toMatchObject({ recordsFetched: 2, itemsNew: 2, linksAccepted: 2 });
    const record = await testDb.db.sourceRecord.findUniqueOrThrow({
      where: { source_sourceId: { source: "reporter", sourceId: "R01HL151234" } },
    });
    const projects = record.payload as Array<{ core_project_num: string; fiscal_year: number }>;
    expect(Array.isArray(projects)).toBe(true);
    expect(projects.every((project) => project.core_project_num === "R01HL151234")).toBe(true);
    expect(projects.map((project) => project.fiscal_year)).toEqual([2019, 2020, 2021, 2021, 2022, 2024]);
    expect(reporterSource.toCandidate(record.payload).grant?.role).toBeUndefined();
    const link = await testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: "F2", itemId: record.itemId } },
    });
    expect(link).toMatchObject({ status: "accepted", role: "pi" });
    expect(await reconcileQueued("F2", jobId)).toBe(true);
  });

  it("ORCID: a deactivated record fails the job for good and says so on the person", async () => {
    nock(ORCID_API)
      .get("/v3.0/0000-0002-1825-0097/record")
      .reply(
        409,
        JSON.stringify({
          "response-code": 409,
          "developer-message": "409 Conflict: The ORCID record is deactivated.",
          "error-code": 9044,
        }),
      );
    const { run } = await harvest(orcidSource, "F3");
    await expect(run()).rejects.toThrow(
      /^faculty F3 \(Abara, Ngozi\): ORCID record 0000-0002-1825-0097 has been deactivated.*needs attention\)$/,
    );
    const person = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F3" } });
    expect(person.orcidStatus).toBe("deactivated");
    expect(person.orcidStatusAt).not.toBeNull();
  });

  it("completes a job with nothing to search by, storing, scoring and reconciling nothing", async () => {
    const { jobId, run } = await harvest(orcidSource, "F4");
    expect(await run()).toMatchObject({ recordsFetched: 0, itemsNew: 0 });
    expect(await job(jobId)).toMatchObject({ status: "completed" });
    expect(await reconcileQueued("F4", jobId)).toBe(false);
  });
});
