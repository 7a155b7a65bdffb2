import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { visibleFaculty } from "../../src/access/access.ts";
import { registerMentoringCommands } from "../../src/cli/mentoring.ts";
import { importMentoring } from "../../src/services/mentoring-import.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const run = (...args: string[]) => runCommand(registerMentoringCommands, args);

describe("mentoring import", () => {
  let testDb: TestDatabase;
  let dir: string;

  async function file(name: string, text: string): Promise<string> {
    const target = path.join(dir, name);
    await writeFile(target, text);
    return target;
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-mentoring-"));
    await testDb.db.faculty.createMany({
      data: ["M1", "M2", "F1", "F2", "F3"].map((id) => ({ id, lastName: `Last${id}`, firstName: "First" })),
    });
    // The roster names M2 as F3's current formal mentor.
    await testDb.db.faculty.update({ where: { id: "F3" }, data: { mentorId: "M2" } });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  it("lists every bad row of a mentorships file by file and line, and imports nothing", async () => {
    const csv = await file(
      "bad-mentorships.csv",
      [
        "mentor_id,mentee_id,start_date,end_date,kind",
        "M1,F1,2013-07-01,,formal",
        "M1,F9,2013-07-01,,formal",
        "M1,F2,2013-02-30,,formal",
        "M1,F2,2014-01-01,2013-01-01,casual",
        "M1,F1,2013-07-01,2014-06-30,formal",
      ].join("\n"),
    );
    const result = await run("mentoring", "import", csv);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${csv} line 3: mentee_id "F9" is not in the roster`);
    expect(result.err).toContain(`${csv} line 4: start_date "2013-02-30" is not a date such as 2014-07-01`);
    expect(result.err).toContain(`${csv} line 5: end_date 2013-01-01 is before start_date 2014-01-01`);
    expect(result.err).toContain(`${csv} line 5: kind "casual" is not one of formal, informal`);
    expect(result.err).toContain(`${csv} line 6: repeats the record of line 2`);
    expect(result.err).toContain("nothing imported");
    expect(await testDb.db.mentorship.count()).toBe(0);
  });

  it("imports the valid rows with --skip-invalid, and exits 1 for the others", async () => {
    const csv = await file(
      "some-bad.csv",
      ["kind,mentee_id,mentor_id,start_date,end_date", "formal,F1,M1,2013-07-01,", "informal,F1,M1,,"].join(
        "\n",
      ),
    );
    const result = await run("mentoring", "import", csv, "--skip-invalid");
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${csv} line 3: start_date is required`);
    expect(result.out).toContain("mentorships: created 1, updated 0, unchanged 0, skipped 1");
    expect(await testDb.db.mentorship.count()).toBe(1);
  });

  it("changes nothing when the same file is imported twice, and updates a record whose values changed", async () => {
    const rows = [
      "mentor_id,mentee_id,start_date,end_date,kind",
      "M1,F2,2013-07-01,,formal",
      "M2,F1,2012-01-01,2013-06-30,informal",
    ];
    const csv = await file("mentorships.csv", rows.join("\n"));
    expect((await run("mentoring", "import", csv)).out).toContain("created 2, updated 0, unchanged 0");
    const again = await run("mentoring", "import", csv);
    expect(again.code).toBe(0);
    expect(again.out).toContain("created 0, updated 0, unchanged 2, skipped 0");
    const ended = await file("ended.csv", [rows[0], "M1,F2,2013-07-01,2016-06-30,formal"].join("\n"));
    expect((await run("mentoring", "import", ended)).out).toContain("created 0, updated 1, unchanged 0");
    const record = await testDb.db.mentorship.findFirstOrThrow({ where: { menteeId: "F2" } });
    expect(record.endDate?.toISOString().slice(0, 10)).toBe("2016-06-30");
    // The roster's current formal mentor is not touched by the records.
    expect((await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F2" } })).mentorId).toBeNull();
  });

  it("recognises a meetings file by its header, and checks minutes", async () => {
    const text = [
      "mentor_id,mentee_id,date,minutes,topics",
      "M1,F1,2014-01-15,60,IDP; first R01 aims",
      "M1,F1,2014-03-15,,",
      "M1,F1,2014-05-15,an hour,",
    ].join("\n");
    const blocked = await importMentoring(testDb.db, text, { fileName: "meetings.csv" });
    expect(blocked).toMatchObject({ kind: "meetings", blocked: true, created: 0, skipped: 3 });
    expect(blocked.errors).toEqual([
      'meetings.csv line 4: minutes "an hour" is not a whole number of minutes above 0',
    ]);
    const imported = await importMentoring(testDb.db, text, { fileName: "meetings.csv", skipInvalid: true });
    expect(imported).toMatchObject({ kind: "meetings", created: 2, skipped: 1 });
    const again = await importMentoring(testDb.db, text, { fileName: "meetings.csv", skipInvalid: true });
    expect(again).toMatchObject({ created: 0, unchanged: 2, updated: 0 });
    const first = await testDb.db.mentoringMeeting.findFirstOrThrow({ orderBy: { date: "asc" } });
    expect(first).toMatchObject({ minutes: 60, topics: "IDP; first R01 aims" });
  });

  it("recognises an IDP file by its header, and refuses a review before the plan was submitted", async () => {
    const text = [
      "faculty_id,year,submitted_date,reviewed_with_mentor_date,goals",
      "F1,2014,2014-02-01,2014-03-01,Submit a K award",
      "F2,2014,,,",
      "F2,2015,2015-03-01,2015-02-01,",
      "F3,14,,,",
    ].join("\n");
    const result = await importMentoring(testDb.db, text, { fileName: "idp.csv" });
    expect(result.kind).toBe("idp");
    expect(result.errors).toEqual([
      "idp.csv line 4: reviewed_with_mentor_date 2015-02-01 is before submitted_date 2015-03-01",
      'idp.csv line 5: year "14" is not a four-digit year',
    ]);
    expect(await testDb.db.developmentPlan.count()).toBe(0);
  });

  it("refuses a header that is none of the three files', naming them", async () => {
    const csv = await file("other.csv", "faculty_id,rank,date\nF1,Professor,2020-01-01\n");
    const result = await run("mentoring", "import", csv);
    expect(result.code).toBe(1);
    expect(result.err).toContain(`${csv} line 1: the header is not a mentoring file's`);
    expect(result.err).toContain("mentor_id,mentee_id,start_date,end_date,kind");
  });

  it("lets a mentor see the mentees of their running mentorship records as well as the roster's", async () => {
    const mentor = (facultyId: string) => ({
      userId: null,
      role: "mentor" as const,
      facultyId,
      name: "mentor",
    });
    // M1: F1 by a record with no end; F2's record ended in 2016. M2: F3 by the roster; their
    // record with F1 ended in 2013.
    expect([...(await visibleFaculty(testDb.db, mentor("M1")))]).toEqual(["F1"]);
    await importMentoring(
      testDb.db,
      "mentor_id,mentee_id,start_date,end_date,kind\nM2,F2,2020-01-01,,informal\n",
    );
    expect([...(await visibleFaculty(testDb.db, mentor("M2")))].sort()).toEqual(["F2", "F3"]);
  });
});
