/**
 * Nightly harvests after the first: each source asked only for what changed (PubMed by entry date
 * with a few days' overlap, ORCID by the record's last change, RePORTER by the fiscal years still
 * open), complete again on the slower cycle, after a change to what the search reads, or when asked.
 * Real Postgres and Redis; the three APIs served by our sandboxes over a small generated division.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import type { Day } from "../../sandbox/servers/entry-date.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { startOrcidSandbox, type OrcidSandbox } from "../../sandbox/servers/orcid-server.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
import { importRoster } from "../../src/services/roster.ts";
import { orcidSource } from "../../src/sources/orcid/index.ts";
import { pubmedSource } from "../../src/sources/pubmed/index.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { reporterSource } from "../../src/sources/reporter/index.ts";
import type { HarvestSource } from "../../src/sources/source.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";
import { harvestInRunOfItsOwn } from "../helpers/harvest-alone.ts";
import { newPaperOf } from "../helpers/new-paper.ts";

const division = generateDivision({ facultyCount: 4, seed: 13 });
const SOURCES: HarvestSource[] = [orcidSource, pubmedSource, reporterSource];
const DAY_MS = 86_400_000;
const FIRST_NIGHT = new Date("2026-11-02T03:00:00Z");
const night = (n: number): Date => new Date(FIRST_NIGHT.getTime() + (n - 1) * DAY_MS);
const dayOf = (date: Date): Day => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
});

/** Someone with an ORCID iD and papers of their own: the person whose record changes. */
const person = division.faculty.find(
  (row) => row.orcid && division.truth.filter((entry) => entry.facultyId === row.faculty_id).length >= 2,
)!;

describe("incremental nightly harvests", () => {
  let testDb: TestDatabase;
  let env: HarvestEnvironment;
  let eutils: EutilsSandbox;
  let orcid: OrcidSandbox;
  let reporter: ReporterSandbox;
  let jobs = 0;
  /** Each source's client, made again when a sandbox is restarted with the night's records. */
  let clients = new Map<string, unknown>();
  const sandboxes: Array<{ close(): Promise<void> }> = [];

  /** PubMed as it stands on a night: the division's records plus the ones added, with their entry days. */
  async function servePubmed(extra: PubmedArticleRecord[] = [], entryDates: Record<string, Day> = {}) {
    eutils = await startEutilsSandbox({
      articles: [...division.articles, ...extra],
      abstracts: division.abstracts,
      entryDates,
      enforceRateLimit: false,
    });
    sandboxes.push(eutils);
    env.config.PUBMED_EUTILS_URL = eutils.url;
    clients.set("pubmed", pubmedSource.createClient(env.config, env.services.redis));
  }

  /** One source's job for one person in a run of its own, as its worker would run it. */
  async function harvest(source: HarvestSource, facultyId: string, now: Date, full = false) {
    jobs += 1;
    // The division holds deactivated ORCID iDs on purpose: their jobs fail, as in a real night.
    return harvestInRunOfItsOwn(testDb, env, clients, { source, facultyId, runId: `run-${jobs}`, now, full });
  }

  /** Everyone, every source, in the order a run takes them (ORCID before the searches that read it). */
  async function harvestNight(now: Date) {
    const done = [];
    for (const row of division.faculty)
      for (const source of SOURCES) done.push(await harvest(source, row.faculty_id, now));
    return done;
  }

  /** What is stored, record by record: a night that found nothing new must leave it all as it was. */
  async function storedRecords(): Promise<Map<string, string>> {
    const rows = await testDb.db.sourceRecord.findMany({
      select: { source: true, sourceId: true, payloadHash: true },
    });
    return new Map(rows.map((row) => [`${row.source}:${row.sourceId}`, row.payloadHash]));
  }

  async function links(): Promise<Map<string, string>> {
    const rows = await testDb.db.facultyItem.findMany({
      select: { facultyId: true, itemId: true, status: true },
    });
    return new Map(rows.map((row) => [`${row.facultyId}:${row.itemId}`, row.status]));
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    orcid = await startOrcidSandbox({ records: division.orcidRecords, enforceRateLimit: false });
    reporter = await startReporterSandbox({ projects: division.reporterProjects, enforceRateLimit: false });
    sandboxes.push(orcid, reporter);
    env = createHarvestEnvironment(testDb, "http://127.0.0.1:9/entrez/eutils", undefined, {
      ORCID_API_URL: orcid.url,
      REPORTER_API_URL: reporter.url,
    });
    clients = new Map(env.services.clients);
    await servePubmed();
    const imported = await importRoster(testDb.db, rosterCsv(division));
    expect(imported.blocked).toBe(false);
    for (const [facultyId, profileId] of Object.entries(division.reporterProfileIds))
      await testDb.db.faculty.update({ where: { id: facultyId }, data: { reporterProfileId: profileId } });
  }, 60_000);
  afterEach(() => {
    eutils.resetStats();
    orcid.resetStats();
    reporter.resetStats();
  });
  afterAll(async () => {
    await env?.close();
    for (const sandbox of sandboxes) await sandbox.close();
    await testDb?.drop();
  });

  it("the first night harvests everyone completely", async () => {
    const done = await harvestNight(night(1));
    const failed = done.filter((job) => job.failure !== null);
    expect(failed.every((job) => job.source === "orcid" && /deactivated|locked/.test(job.failure!))).toBe(
      true,
    );
    expect(done.filter((job) => job.failure === null).every((job) => job.status === "completed")).toBe(true);
    // People without an ORCID iD (or anything to search RePORTER by) have nothing to plan.
    const planned = done.filter((job) => job.mode !== null);
    expect(planned.length).toBeGreaterThan(division.faculty.length);
    expect(planned.every((job) => job.mode === "complete")).toBe(true);
    expect(planned[0]!.modeReason).toBe("first harvest of this person here");
    expect(eutils.stats().byEndpoint.efetch).toBeGreaterThan(0);
    expect(orcid.stats().byEndpoint.works).toBeGreaterThan(0);
  });

  it("the next night asks only for what changed, finds the new records and changes nothing else", async () => {
    const recordsBefore = await storedRecords();
    const linksBefore = await links();
    // Tonight's paper, and one that entered PubMed two days before the first night but was not
    // searchable then (indexing lag): the overlap must find it.
    const tonight = newPaperOf(division, person.faculty_id, "39900001");
    const late = newPaperOf(division, person.faculty_id, "39900002");
    await servePubmed([tonight, late], {
      [tonight.pmid]: dayOf(night(2)),
      [late.pmid]: dayOf(new Date(night(1).getTime() - 2 * DAY_MS)),
    });

    const done = await harvestNight(night(2));
    // Everyone harvested last night is harvested incrementally (a deactivated ORCID iD fails again in full).
    expect(
      done
        .filter((job) => job.mode === "complete" && job.failure === null)
        .map((job) => `${job.source} ${job.modeReason} ${job.failure}`),
    ).toEqual([]);
    const pubmedJob = done.find((job) => job.source === "pubmed" && job.facultyId === person.faculty_id)!;
    expect(pubmedJob.modeReason).toBe("changes since 2026-10-30 (last harvest 2026-11-02, 3 days' overlap)");
    // ORCID: one request per record, none for works or fundings, as nothing on them changed.
    const orcidPeople = division.faculty.filter((row) => row.orcid).length;
    expect(orcid.stats().byEndpoint).toEqual({ record: orcidPeople });
    expect(
      done.find((job) => job.source === "orcid" && job.facultyId === person.faculty_id)!.modeReason,
    ).toMatch(/; ORCID record unchanged since \d{4}-\d\d-\d\d: works and fundings not read$/);
    // PubMed: one search each; only the person with new records is fetched.
    expect(eutils.stats().byEndpoint.esearch).toBe(division.faculty.length);
    expect(eutils.stats().byEndpoint.efetch).toBe(1);

    const recordsAfter = await storedRecords();
    expect([...recordsAfter.keys()].filter((key) => !recordsBefore.has(key)).sort()).toEqual([
      `pubmed:${tonight.pmid}`,
      `pubmed:${late.pmid}`,
    ]);
    for (const [key, hash] of recordsBefore) expect(recordsAfter.get(key), key).toBe(hash);
    const linksAfter = await links();
    for (const [key, status] of linksBefore) expect(linksAfter.get(key), key).toBe(status);
  });

  it("an ORCID record that changed is read in full", async () => {
    const record = division.orcidRecords[person.orcid]!;
    orcid = await startOrcidSandbox({
      records: { ...division.orcidRecords, [person.orcid]: { ...record, lastModified: night(3).getTime() } },
      enforceRateLimit: false,
    });
    sandboxes.push(orcid);
    env.config.ORCID_API_URL = orcid.url;
    clients.set("orcid", orcidSource.createClient(env.config, env.services.redis));

    const job = await harvest(orcidSource, person.faculty_id, night(3));
    expect(job.mode).toBe("incremental");
    expect(job.modeReason).toMatch(/; ORCID record changed: read in full$/);
    expect(orcid.stats().byEndpoint.works).toBe(1);
  });

  it("a change to the person's names makes their next harvest complete", async () => {
    const current = await testDb.db.faculty.findUniqueOrThrow({ where: { id: person.faculty_id } });
    await testDb.db.faculty.update({
      where: { id: person.faculty_id },
      data: { nameVariants: [...current.nameVariants, `${current.lastName}-Novak, ${current.firstName}`] },
    });
    const job = await harvest(pubmedSource, person.faculty_id, night(3));
    expect(job.mode).toBe("complete");
    expect(job.modeReason).toBe(
      "names, ORCID iD, affiliation terms or years searched changed since the last harvest",
    );
    // The night after, the new name is the one compared with: incremental again.
    expect((await harvest(pubmedSource, person.faculty_id, night(4))).mode).toBe("incremental");
  });

  it("a month after the last complete harvest, and when asked with --full, the harvest is complete", async () => {
    const other = division.faculty.find((row) => row.faculty_id !== person.faculty_id)!;
    const monthly = await harvest(pubmedSource, other.faculty_id, night(32));
    expect(monthly.mode).toBe("complete");
    expect(monthly.modeReason).toBe("complete pass every 30 days (last complete 2026-11-02)");
    expect((await harvest(pubmedSource, other.faculty_id, night(33))).mode).toBe("incremental");

    const full = await harvest(pubmedSource, other.faculty_id, night(34), true);
    expect(full.mode).toBe("complete");
    expect(full.modeReason).toBe("complete harvest asked for (--full)");
  });
});
