import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { setReporterProfileId } from "../../src/db/repositories/faculty.ts";
import { recordIncrementalHarvests } from "../../src/db/repositories/harvest-state.ts";
import { updateAutomaticLinks } from "../../src/db/repositories/links.ts";
import { completeJobsUnqueued } from "../../src/db/repositories/runs.ts";
import { inTransaction } from "../../src/db/repositories/transaction.ts";
import { rescoreFaculty, rescoreFacultyLinks, type RescoreSettings } from "../../src/services/rescore.ts";
import { RosterCache } from "../../src/services/roster-colleagues.ts";
import { storeHarvest } from "../../src/services/store.ts";
import { articlesToHarvest } from "../../src/sources/pubmed/index.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { journalArticle, medlineAuthor } from "../helpers/pubmed-record.ts";

function author(last: string, fore: string, affiliation?: string): PubmedAuthor {
  return medlineAuthor(last, fore, affiliation ? { affiliations: [affiliation] } : {});
}

function paper(pmid: string, year: number, authors: PubmedAuthor[]): PubmedArticleRecord {
  return journalArticle({
    pmid,
    title: `Study ${pmid}`,
    journal: "Journal of General Internal Medicine",
    publicationDate: { year },
    authors,
    meshHeadings: ["Humans", "Hypertension"],
  });
}

const okafor = author("Okafor", "Maria L");
const home = "Division of General Internal Medicine, University of Northfield, Northfield, MN, USA.";
const records = [
  paper("31000001", 2017, [author("Chen", "Wei"), okafor, author("Ruiz", "Marta")]),
  paper("31000002", 2018, [author("Ruiz", "Marta"), author("Okafor", "Maria L", home)]),
  paper("31000003", 2019, [author("Nowak", "Ola"), okafor]),
];

describe("a quiet night's writes: only what changed, many rows a statement", () => {
  let testDb: TestDatabase;
  const settings = (): RescoreSettings => ({
    thresholds: { accept: 75, reject: 25 },
    orcidWorksAreTheirs: true,
    roster: new RosterCache(),
  });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.faculty.createMany({
      data: [
        {
          id: "F1",
          lastName: "Okafor",
          firstName: "Maria",
          middleName: "L",
          affiliationTerms: ["University of Northfield"],
          nameVariants: [],
        },
        {
          id: "F2",
          lastName: "Berg",
          firstName: "Ida",
          affiliationTerms: ["Northfield Memorial Hospital"],
          nameVariants: [],
        },
      ],
    });
    await testDb.db.harvestRun.create({ data: { id: "run-1", trigger: "manual", sources: ["pubmed"] } });
    await testDb.db.harvestJob.create({
      data: { id: "pubmed-F1", runId: "run-1", facultyId: "F1", source: "pubmed" },
    });
    await storeHarvest(testDb.db, {
      jobId: "pubmed-F1",
      runId: "run-1",
      facultyId: "F1",
      fetchedAt: new Date(),
      source: "pubmed",
      records: articlesToHarvest(records),
      afterLinks: (tx) => rescoreFacultyLinks(tx, "F1", settings()),
    });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  const links = () =>
    testDb.db.facultyItem.findMany({ where: { facultyId: "F1" }, orderBy: { itemId: "asc" } });

  it("re-scoring the same records writes no link: evidence read back from jsonb is the same content", async () => {
    const before = await links();
    expect(before.length).toBe(3);
    const result = await rescoreFaculty(testDb.db, "F1", settings());
    expect(result).toEqual({ scored: 3, changed: 0 });
    const after = await links();
    expect(after.map((link) => link.updatedAt.getTime())).toEqual(
      before.map((link) => link.updatedAt.getTime()),
    );
  });

  it("writes every changed link in one statement, dates only a changed status, and leaves a person's decision", async () => {
    const [first, second, third] = await links();
    await testDb.db.facultyItem.update({
      where: { facultyId_itemId: { facultyId: "F1", itemId: third!.itemId } },
      data: { status: "rejected", decidedBy: "alice" },
    });
    const now = new Date("2026-12-07T03:00:00.123Z");
    await inTransaction(testDb.db, (tx) =>
      updateAutomaticLinks(
        tx,
        "F1",
        [
          {
            itemId: first!.itemId,
            status: first!.status === "accepted" ? "pending" : "accepted",
            score: 61.25,
            evidence: [{ kind: "name", weight: 50, reason: "a\u0000name" }],
            authorIndex: null,
            authorPosition: null,
            equalContribution: true,
            statusChanged: true,
          },
          {
            itemId: second!.itemId,
            status: second!.status,
            score: 12,
            evidence: [],
            authorIndex: 1,
            authorPosition: "last",
            equalContribution: false,
            statusChanged: false,
          },
          {
            itemId: third!.itemId,
            status: "accepted",
            score: 99,
            evidence: [],
            authorIndex: 0,
            authorPosition: "first",
            equalContribution: false,
            statusChanged: true,
          },
        ],
        now,
      ),
    );
    const [one, two, three] = await links();
    expect(one).toMatchObject({
      status: first!.status === "accepted" ? "pending" : "accepted",
      score: 61.25,
      // Made storable as every other write is: the NUL character is dropped.
      evidence: [{ kind: "name", weight: 50, reason: "aname" }],
      authorIndex: null,
      authorPosition: null,
      equalContribution: true,
      decidedAt: now,
      updatedAt: now,
    });
    expect(two).toMatchObject({ status: second!.status, score: 12, authorIndex: 1, authorPosition: "last" });
    expect(two!.decidedAt).toEqual(second!.decidedAt);
    expect(three).toMatchObject({ status: "rejected", decidedBy: "alice", score: third!.score });

    // Re-scored from the records, the automatic links are what scoring says again; the decision stands.
    const result = await rescoreFaculty(testDb.db, "F1", settings());
    expect(result.changed).toBe(2);
    const [again, twoAgain, threeAgain] = await links();
    expect([again!.score, twoAgain!.score]).toEqual([first!.score, second!.score]);
    expect(again!.evidence).toEqual(first!.evidence);
    expect(threeAgain).toMatchObject({ status: "rejected", decidedBy: "alice" });
  });

  it("keeps the roster read once while it is unchanged, and reads it again once a colleague changes", async () => {
    const cache = new RosterCache();
    const first = await cache.read(testDb.db);
    expect(first.colleagues.map((row) => row.id).sort()).toEqual(["F1", "F2"]);
    expect(first.institutionTerms).toEqual(
      expect.arrayContaining(["University of Northfield", "Northfield Memorial Hospital"]),
    );
    expect(await cache.read(testDb.db)).toBe(first);

    await testDb.db.faculty.update({
      where: { id: "F2" },
      data: { affiliationTerms: ["Northfield Memorial Hospital", "Lakeside Clinic"] },
    });
    const second = await cache.read(testDb.db);
    expect(second).not.toBe(first);
    expect(second.institutionTerms).toContain("Lakeside Clinic");

    // A change that the cached fields do not hold (an ORCID fact) does not read the roster again.
    await testDb.db.faculty.update({ where: { id: "F2" }, data: { orcidNameVariants: ["Berg, I."] } });
    expect(await cache.read(testDb.db)).toBe(second);
    // Nor does a profile id a RePORTER harvest confirms: each night confirms many of them.
    await setReporterProfileId(testDb.db, "F2", 7654321);
    expect(await cache.read(testDb.db)).toBe(second);
  });

  it("records settled jobs and their people's incremental harvests many a statement, as one by one", async () => {
    await testDb.db.harvestRun.create({ data: { id: "run-2", trigger: "schedule", sources: ["orcid"] } });
    await testDb.db.harvestJob.createMany({
      data: [
        { id: "orcid-F1", runId: "run-2", facultyId: "F1", source: "orcid" },
        { id: "orcid-F2", runId: "run-2", facultyId: "F2", source: "orcid" },
      ],
    });
    const complete = new Date("2026-11-01T02:00:00.000Z");
    await testDb.db.harvestState.create({
      data: {
        facultyId: "F1",
        source: "orcid",
        lastHarvestAt: complete,
        lastCompleteAt: complete,
        identity: "old",
        cursor: { lastModified: 1 },
      },
    });
    const asked = new Date("2026-12-07T02:00:00.500Z");
    const now = new Date("2026-12-07T02:05:00.000Z");
    const counts = { recordsFetched: 2, itemsNew: 0, itemsUpdated: 0, linksAccepted: 0, linksPending: 0 };
    await inTransaction(testDb.db, async (tx) => {
      await completeJobsUnqueued(
        tx,
        [
          { jobId: "orcid-F1", mode: "incremental", reason: "nothing new", counts },
          { jobId: "orcid-F2", mode: "incremental", reason: "nothing new either", counts },
        ],
        now,
      );
      await recordIncrementalHarvests(tx, [
        { facultyId: "F1", source: "orcid", harvestedAt: asked, identity: "new" },
        {
          facultyId: "F2",
          source: "orcid",
          harvestedAt: asked,
          identity: "id-2",
          cursor: { lastModified: 7 },
        },
      ]);
    });
    const jobs = await testDb.db.harvestJob.findMany({ where: { runId: "run-2" }, orderBy: { id: "asc" } });
    expect(
      jobs.map((job) => [job.id, job.status, job.attempts, job.mode, job.modeReason, job.recordsFetched]),
    ).toEqual([
      ["orcid-F1", "completed", 1, "incremental", "nothing new", 2],
      ["orcid-F2", "completed", 1, "incremental", "nothing new either", 2],
    ]);
    expect(jobs[0]).toMatchObject({ startedAt: now, finishedAt: now, error: null });
    const states = await testDb.db.harvestState.findMany({
      where: { source: "orcid" },
      orderBy: { facultyId: "asc" },
    });
    // An incremental harvest keeps the last complete one's date and, without a cursor, the cursor.
    expect(states[0]).toMatchObject({
      lastHarvestAt: asked,
      lastCompleteAt: complete,
      identity: "new",
      cursor: { lastModified: 1 },
    });
    // A person's first state takes the harvest's date as its complete one.
    expect(states[1]).toMatchObject({
      lastHarvestAt: asked,
      lastCompleteAt: asked,
      identity: "id-2",
      cursor: { lastModified: 7 },
    });

    await expect(
      inTransaction(testDb.db, (tx) =>
        completeJobsUnqueued(tx, [{ jobId: "orcid-F3", mode: "incremental", reason: "-", counts }], now),
      ),
    ).rejects.toThrow(/1 of 1 jobs to complete are not recorded/);
  });
});
