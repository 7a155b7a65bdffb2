/**
 * A run's first pass checks thousands of answers against what is stored (tests/integration/
 * harvest-together.test.ts runs it end to end): in a few statements for them all, not a few per
 * person, with the same verdicts as checking each person on their own.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { markJobStarted, recordJobMode } from "../../src/db/repositories/runs.ts";
import { holdsNothingNew } from "../../src/services/nothing-new.ts";
import {
  chooseSettled,
  settleJobs,
  SETTLED_BY_PASS,
  type AnsweredJob,
} from "../../src/services/settle-unchanged.ts";
import { storeHarvest } from "../../src/services/store.ts";
import { pubmedSource } from "../../src/sources/pubmed/index.ts";
import type { HarvestedRecord, RecordLink } from "../../src/sources/source.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { journalArticle, medlineAuthor } from "../helpers/pubmed-record.ts";
import { countingStatements } from "../helpers/count-statements.ts";

const PEOPLE = 30;
const link: RecordLink = {
  authorIndex: 0,
  authorPosition: "sole",
  equalContribution: false,
  status: "accepted",
  score: 100,
  evidence: [{ kind: "orcid_match", weight: 100, reason: "ORCID" }],
};

function paperOf(person: number, title = `Study number ${person}`): HarvestedRecord {
  return {
    payload: journalArticle({
      pmid: String(32_000_000 + person),
      title,
      journal: "Journal of General Internal Medicine",
      publicationDate: { year: 2020 },
      authors: [medlineAuthor(`Person${person}`, "Ada")],
    }),
    link,
  };
}

const facultyId = (person: number) => `F${person}`;

describe("checking a first pass's answers against what is stored", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    await testDb.db.harvestRun.create({ data: { id: "run-1", trigger: "manual", sources: ["pubmed"] } });
    for (let person = 1; person <= PEOPLE; person += 1) {
      await testDb.db.faculty.create({
        data: { id: facultyId(person), lastName: `Person${person}`, firstName: "Ada", affiliationTerms: [] },
      });
      await testDb.db.harvestJob.create({
        data: { id: `pubmed-${person}`, runId: "run-1", facultyId: facultyId(person), source: "pubmed" },
      });
      await storeHarvest(testDb.db, {
        jobId: `pubmed-${person}`,
        runId: "run-1",
        facultyId: facultyId(person),
        source: "pubmed",
        records: [paperOf(person)],
        fetchedAt: new Date(),
      });
    }
  }, 60_000);
  afterAll(async () => {
    await testDb?.drop();
  });

  it("settles many people's answers in a few statements, and only those holding nothing new", async () => {
    const answers: AnsweredJob[] = [];
    for (let person = 1; person <= PEOPLE; person += 1) {
      // Person 1's paper was corrected; person 2's answer holds person 3's paper (not linked to them).
      const records =
        person === 1
          ? [paperOf(1, "Study number 1, corrected")]
          : person === 2
            ? [paperOf(2), paperOf(3)]
            : [paperOf(person)];
      answers.push({
        facultyId: facultyId(person),
        source: "pubmed",
        reason: "changes since 2026-12-04",
        answer: { identity: "", since: "", askedAt: new Date().toISOString(), result: { records } },
      });
    }
    const onlyPubmed = (_: string, source: string) => source === "pubmed";

    const { result: quiet, statements } = await countingStatements(() =>
      chooseSettled(testDb.db, answers, onlyPubmed),
    );

    expect(quiet.map((job) => job.facultyId).sort()).toEqual(
      answers
        .map((job) => job.facultyId)
        .filter((id) => id !== "F1" && id !== "F2")
        .sort(),
    );
    // The stored records, the payloads whose hash differs, the links: not a few for each of 30 people.
    expect(statements).toBeLessThanOrEqual(3);
    // The same verdicts as each person checked on their own.
    for (const job of answers)
      expect(await holdsNothingNew(testDb.db, pubmedSource, job.facultyId, job.answer.result!.records)).toBe(
        quiet.includes(job),
      );
  });

  it("a job its run's pass settles just as a worker starts it keeps the reason the pass recorded", async () => {
    await testDb.db.harvestRun.create({ data: { id: "run-2", trigger: "schedule", sources: ["reporter"] } });
    const jobId = "reporter-F4-run-2";
    await testDb.db.harvestJob.create({
      data: { id: jobId, runId: "run-2", facultyId: "F4", source: "reporter" },
    });
    expect(await markJobStarted(testDb.db, jobId, new Date())).toEqual({ started: true });
    const answered: AnsweredJob = {
      facultyId: "F4",
      source: "reporter",
      reason: "changes since 2026-12-04",
      answer: { identity: "", since: "", askedAt: new Date().toISOString(), result: { records: [] } },
    };
    const settled = await settleJobs(testDb.db, "run-2", [answered], new Date(), { onlyWaiting: true });
    expect(settled).toEqual(new Set([jobId]));

    // The worker, which started the job before the pass settled it, records its plan afterwards.
    await recordJobMode(testDb.db, jobId, "incremental", "changes since 2026-12-04");

    const job = await testDb.db.harvestJob.findUniqueOrThrow({ where: { id: jobId } });
    expect(job.status).toBe("completed");
    expect(job.modeReason).toBe(`changes since 2026-12-04; ${SETTLED_BY_PASS}`);
  });
});
