/**
 * An incremental harvest whose answer only repeats what is stored (RePORTER's open fiscal years)
 * records that it had nothing to do and leaves the database as it was: no record, item or link
 * written, nothing re-scored, no ledger rebuild asked. A person with one new record is still stored
 * and scored. Real Postgres and Redis; the APIs served by our sandboxes over a generated division.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { startReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import { reconcileJobId } from "../../src/queue/definitions.ts";
import { NOTHING_NEW } from "../../src/services/harvest.ts";
import { importRoster } from "../../src/services/roster.ts";
import { orcidSource } from "../../src/sources/orcid/index.ts";
import { pubmedSource } from "../../src/sources/pubmed/index.ts";
import { reporterSource } from "../../src/sources/reporter/index.ts";
import type { HarvestSource } from "../../src/sources/source.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { harvestInRunOfItsOwn } from "../helpers/harvest-alone.ts";
import { newPaperOf } from "../helpers/new-paper.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

const division = generateDivision({ facultyCount: 6, seed: 21 });
const SOURCES: HarvestSource[] = [orcidSource, pubmedSource, reporterSource];
// In the division's last fiscal year, so that RePORTER's open years hold projects already stored.
const FIRST_NIGHT = new Date("2020-06-01T03:00:00Z");
const SECOND_NIGHT = new Date(FIRST_NIGHT.getTime() + 86_400_000);

describe("an incremental harvest with nothing new", () => {
  let testDb: TestDatabase;
  let env: HarvestEnvironment;
  let clients = new Map<string, unknown>();
  const sandboxes: Array<{ close(): Promise<void> }> = [];
  let secondEutils: EutilsSandbox;
  let jobs = 0;

  async function harvest(source: HarvestSource, facultyId: string, now: Date) {
    jobs += 1;
    const done = await harvestInRunOfItsOwn(testDb, env, clients, { source, facultyId, runId: `run-${jobs}`, now });
    const reconcile = await env.services.queues.reconcile.getJob(reconcileJobId(facultyId, done.jobId));
    return { ...done, reconcileQueued: reconcile !== undefined };
  }

  /** Every stored row a harvest can write, as it stands. */
  async function database() {
    const [records, items, links, states] = await Promise.all([
      testDb.db.sourceRecord.findMany({ orderBy: [{ source: "asc" }, { sourceId: "asc" }] }),
      testDb.db.item.findMany({ orderBy: { id: "asc" } }),
      testDb.db.facultyItem.findMany({ orderBy: [{ facultyId: "asc" }, { itemId: "asc" }] }),
      testDb.db.harvestState.findMany({ orderBy: [{ facultyId: "asc" }, { source: "asc" }] }),
    ]);
    return { records, items, links, states };
  }

  const withPapers = division.faculty.find((row) =>
    division.truth.some((entry) => entry.facultyId === row.faculty_id),
  )!;
  const paper = newPaperOf(division, withPapers.faculty_id, "39900101");

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const day = {
      year: SECOND_NIGHT.getUTCFullYear(),
      month: SECOND_NIGHT.getUTCMonth() + 1,
      day: SECOND_NIGHT.getUTCDate(),
    };
    // PubMed the first night, and the second night with the person's new paper entered that day.
    const firstEutils = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      enforceRateLimit: false,
    });
    secondEutils = await startEutilsSandbox({
      articles: [...division.articles, paper],
      abstracts: division.abstracts,
      entryDates: { [paper.pmid]: day },
      enforceRateLimit: false,
    });
    sandboxes.push(firstEutils, secondEutils);
    const orcid = await startOrcidSandbox({ records: division.orcidRecords, enforceRateLimit: false });
    const reporter = await startReporterSandbox({
      projects: division.reporterProjects,
      enforceRateLimit: false,
    });
    sandboxes.push(orcid, reporter);
    env = createHarvestEnvironment(testDb, firstEutils.url, undefined, {
      ORCID_API_URL: orcid.url,
      REPORTER_API_URL: reporter.url,
    });
    clients = new Map(env.services.clients);
    const imported = await importRoster(testDb.db, rosterCsv(division));
    expect(imported.blocked).toBe(false);
    for (const [facultyId, profileId] of Object.entries(division.reporterProfileIds))
      await testDb.db.faculty.update({ where: { id: facultyId }, data: { reporterProfileId: profileId } });
  }, 60_000);
  afterAll(async () => {
    await env?.close();
    for (const sandbox of sandboxes) await sandbox.close();
    await testDb?.drop();
  });

  it("records that it had nothing to do and changes nothing; a person with a new record is stored", async () => {
    for (const row of division.faculty)
      for (const source of SOURCES) await harvest(source, row.faculty_id, FIRST_NIGHT);
    const before = await database();

    const second = [];
    for (const row of division.faculty)
      second.push(await harvest(reporterSource, row.faculty_id, SECOND_NIGHT));
    // RePORTER answers with the open fiscal years' projects again: stored already, as they were.
    const repeated = second.filter((job) => job.recordsFetched > 0);
    expect(repeated.length).toBeGreaterThan(0);
    for (const job of repeated) {
      expect(job.failure).toBeNull();
      expect(job.mode).toBe("incremental");
      expect(job.modeReason).toContain(NOTHING_NEW);
      expect(job.status).toBe("completed");
      expect(job.reconcileQueued).toBe(false);
    }
    const after = await database();
    expect(after.records).toEqual(before.records);
    expect(after.items).toEqual(before.items);
    expect(after.links).toEqual(before.links);
    // What the next harvest starts from moves on, as for any harvest.
    const movedOn = after.states.filter(
      (state) => state.source === "reporter" && repeated.some((job) => job.facultyId === state.facultyId),
    );
    expect(movedOn.map((state) => state.lastHarvestAt.getTime())).toEqual(
      movedOn.map(() => SECOND_NIGHT.getTime()),
    );
  }, 120_000);

  it("a person whose answer holds one new record is stored and scored as before", async () => {
    env.config.PUBMED_EUTILS_URL = secondEutils.url;
    clients.set("pubmed", pubmedSource.createClient(env.config, env.services.redis));
    const before = await database();
    const job = await harvest(pubmedSource, withPapers.faculty_id, SECOND_NIGHT);
    expect(job.failure).toBeNull();
    expect(job.mode).toBe("incremental");
    expect(job.modeReason).not.toContain(NOTHING_NEW);
    expect(job.reconcileQueued).toBe(true);
    const after = await database();
    const added = after.records.filter(
      (record) =>
        !before.records.some((old) => old.source === record.source && old.sourceId === record.sourceId),
    );
    expect(added.map((record) => `${record.source}:${record.sourceId}`)).toEqual([`pubmed:${paper.pmid}`]);
    const link = after.links.find(
      (row) => row.facultyId === withPapers.faculty_id && row.itemId === added[0]!.itemId,
    );
    expect(link?.score).not.toBeNull();
  });
});
