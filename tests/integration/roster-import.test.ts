import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { importRoster } from "../../src/services/roster.ts";
import { ROSTER_COLUMNS } from "../../src/roster/parse-roster.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const HEADER = ROSTER_COLUMNS.join(",");

const ROSTER = [
  HEADER,
  // The mentee comes before her mentor: mentors are set once everyone exists.
  "F1,Doe,Jane,Q,https://orcid.org/0000-0002-1825-0097,jane.doe@example.edu,Assistant Professor,Clinician Educator,Cardiology,2012-07-01,2013-09-01,F2,2013,Example University;Example Hospital,Doe J;Doe JQ",
  "F2,Roe,Richard,,000000021694233x,,Professor,Tenure,Cardiology,1999-01-15,,,,,",
  'F3,Smith,Ann,,,,"Associate Professor",,Nephrology,2010-03-01,2013-09-01,F2,2013,"Example University",',
].join("\r\n");

describe("roster import", () => {
  let testDb: TestDatabase;
  beforeAll(async () => {
    testDb = await createTestDatabase();
  });
  afterAll(async () => {
    await testDb.drop();
  });
  beforeEach(async () => {
    await testDb.db.faculty.deleteMany();
  });

  it("creates every row with normalised values and sets mentors", async () => {
    const result = await importRoster(testDb.db, ROSTER);
    expect(result).toMatchObject({
      created: 3,
      updated: 0,
      unchanged: 0,
      skipped: 0,
      errors: [],
      blocked: false,
    });
    const jane = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } });
    expect(jane).toMatchObject({
      lastName: "Doe",
      firstName: "Jane",
      middleName: "Q",
      orcid: "0000-0002-1825-0097",
      email: "jane.doe@example.edu",
      rank: "Assistant Professor",
      track: "Clinician Educator",
      division: "Cardiology",
      cohort: "2013",
      mentorId: "F2",
      affiliationTerms: ["Example University", "Example Hospital"],
      nameVariants: ["Doe J", "Doe JQ"],
    });
    expect(jane.hireDate?.toISOString()).toBe("2012-07-01T00:00:00.000Z");
    expect(jane.programStart?.toISOString()).toBe("2013-09-01T00:00:00.000Z");
    const richard = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F2" } });
    expect(richard).toMatchObject({
      orcid: "0000-0002-1694-233X",
      middleName: null,
      programStart: null,
      mentorId: null,
      affiliationTerms: [],
    });
    expect((await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F3" } })).mentorId).toBe("F2");
  });

  it("changes nothing when the same file is imported again", async () => {
    await importRoster(testDb.db, ROSTER);
    const before = await testDb.db.faculty.findMany({ orderBy: { id: "asc" } });
    const again = await importRoster(testDb.db, ROSTER);
    expect(again).toMatchObject({ created: 0, updated: 0, unchanged: 3, skipped: 0 });
    expect(await testDb.db.faculty.findMany({ orderBy: { id: "asc" } })).toEqual(before);
  });

  it("updates only the row that changed", async () => {
    await importRoster(testDb.db, ROSTER);
    const before = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } });
    const changed = ROSTER.replace(
      "Assistant Professor,Clinician Educator",
      "Associate Professor,Clinician Educator",
    ).replace("Doe J;Doe JQ", "Doe J");
    const result = await importRoster(testDb.db, changed);
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 2, skipped: 0 });
    const after = await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } });
    expect(after).toMatchObject({ rank: "Associate Professor", nameVariants: ["Doe J"], mentorId: "F2" });
    expect(after.updatedAt.getTime()).toBeGreaterThan(before.updatedAt.getTime());
  });

  it("counts a changed mentor as an update and clears fields whose cells are emptied", async () => {
    await importRoster(testDb.db, ROSTER);
    const changed = ROSTER.replace(
      "2012-07-01,2013-09-01,F2,2013,Example University;Example Hospital",
      "2012-07-01,,F3,2013,",
    );
    const result = await importRoster(testDb.db, changed);
    expect(result).toMatchObject({ updated: 1, unchanged: 2 });
    expect(await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } })).toMatchObject({
      mentorId: "F3",
      programStart: null,
      affiliationTerms: [],
    });
  });

  it("leaves the fields of columns a file leaves out as they are", async () => {
    await importRoster(testDb.db, ROSTER);
    const result = await importRoster(
      testDb.db,
      "faculty_id,last_name,first_name,cohort\nF1,Doe,Jane,2014\n",
    );
    expect(result).toMatchObject({ created: 0, updated: 1, unchanged: 0 });
    expect(await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } })).toMatchObject({
      cohort: "2014",
      orcid: "0000-0002-1825-0097",
      mentorId: "F2",
      email: "jane.doe@example.edu",
    });
  });

  it("imports nothing from a file with one bad row, and lists the error", async () => {
    const bad = `${ROSTER}\r\nF4,Lee,Min,,0000-0002-1825-0098,,,,,,,,,,`;
    const result = await importRoster(testDb.db, bad, { fileName: "roster.csv" });
    expect(result).toMatchObject({
      created: 0,
      updated: 0,
      unchanged: 0,
      skipped: 4,
      rows: 4,
      invalid: 1,
      blocked: true,
    });
    expect(result.errors).toEqual([
      "roster.csv line 5: orcid 0000-0002-1825-0098 has a wrong check digit (the first 15 digits give 7); check for a typing error",
    ]);
    expect(await testDb.db.faculty.count()).toBe(0);
  });

  it("imports the valid rows with skipInvalid and still lists the bad ones", async () => {
    const bad = `${ROSTER}\r\nF4,Lee,Min,,,min.lee@,,,,,,,,,\r\nF5,Kim,Sun,,,,,,,,,F4,,,`;
    const result = await importRoster(testDb.db, bad, { skipInvalid: true });
    expect(result).toMatchObject({ created: 3, skipped: 2, blocked: false });
    expect(result.errors).toEqual([
      "roster.csv line 5: email is not an e-mail address",
      'roster.csv line 6: mentor_id "F4" is on line 5, which cannot be imported',
    ]);
    expect(
      (await testDb.db.faculty.findMany({ select: { id: true }, orderBy: { id: "asc" } })).map((f) => f.id),
    ).toEqual(["F1", "F2", "F3"]);
  });

  it("accepts a mentor already in the database and rejects one found nowhere", async () => {
    await testDb.db.faculty.create({
      data: { id: "M1", lastName: "Senior", firstName: "Sam", affiliationTerms: [], nameVariants: [] },
    });
    const roster = ["faculty_id,last_name,first_name,mentor_id", "F1,Doe,Jane,M1", "F2,Roe,Rita,M9"].join(
      "\n",
    );
    const blocked = await importRoster(testDb.db, roster);
    expect(blocked.errors).toEqual([
      'roster.csv line 3: mentor_id "M9" is neither in the file nor in the database',
    ]);
    const result = await importRoster(testDb.db, roster, { skipInvalid: true });
    expect(result).toMatchObject({ created: 1, skipped: 1 });
    expect((await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } })).mentorId).toBe("M1");
  });

  it("refuses an ORCID iD held by someone else, and lets iDs move between people in one file", async () => {
    await testDb.db.faculty.create({
      data: {
        id: "X1",
        lastName: "Other",
        firstName: "Olive",
        orcid: "0000-0002-1825-0097",
        affiliationTerms: [],
        nameVariants: [],
      },
    });
    const clash = await importRoster(
      testDb.db,
      "faculty_id,last_name,first_name,orcid\nF1,Doe,Jane,0000-0002-1825-0097\n",
    );
    expect(clash.errors).toEqual([
      "roster.csv line 2: orcid 0000-0002-1825-0097 already belongs to faculty member X1 in the database",
    ]);
    expect(await testDb.db.faculty.count()).toBe(1);

    // A correction: the iD was recorded on the wrong person, and the file moves it.
    const moved = await importRoster(
      testDb.db,
      "faculty_id,last_name,first_name,orcid\nX1,Other,Olive,0000-0002-1694-233X\nF1,Doe,Jane,0000-0002-1825-0097\n",
    );
    expect(moved).toMatchObject({ created: 1, updated: 1, errors: [] });
    expect((await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } })).orcid).toBe(
      "0000-0002-1825-0097",
    );
    expect((await testDb.db.faculty.findUniqueOrThrow({ where: { id: "X1" } })).orcid).toBe(
      "0000-0002-1694-233X",
    );
  });

  it("stores a confirmed RePORTER profile id, leaves it when the column is absent, and moves it in one file", async () => {
    const header = "faculty_id,last_name,first_name,reporter_profile_id";
    await importRoster(testDb.db, `${header}\nF1,Doe,Jane,9876501\nX1,Other,Olive,\n`);
    const profileOf = async (id: string) =>
      (await testDb.db.faculty.findUniqueOrThrow({ where: { id } })).reporterProfileId;
    expect(await profileOf("F1")).toBe(9876501);
    expect(await profileOf("X1")).toBeNull();

    const without = await importRoster(testDb.db, "faculty_id,last_name,first_name\nF1,Doe,Jane\n");
    expect(without).toMatchObject({ unchanged: 1, errors: [] });
    expect(await profileOf("F1")).toBe(9876501);

    const clash = await importRoster(testDb.db, `${header}\nX1,Other,Olive,9876501\n`);
    expect(clash.errors).toEqual([
      "roster.csv line 2: reporter_profile_id 9876501 already belongs to faculty member F1 in the database",
    ]);
    expect(await profileOf("X1")).toBeNull();

    const moved = await importRoster(testDb.db, `${header}\nX1,Other,Olive,9876501\nF1,Doe,Jane,\n`);
    expect(moved).toMatchObject({ updated: 2, errors: [] });
    expect([await profileOf("X1"), await profileOf("F1")]).toEqual([9876501, null]);
  });

  it("stores previous affiliations, leaves them when the column is absent, and refuses a bad one with its line", async () => {
    const header = "faculty_id,last_name,first_name,previous_affiliations";
    const previousOf = async (id: string) =>
      (await testDb.db.faculty.findUniqueOrThrow({ where: { id } })).previousAffiliations;
    await importRoster(testDb.db, `${header}\nF1,Doe,Jane,Mayo Clinic;University of Iowa\n`);
    expect(await previousOf("F1")).toEqual(["Mayo Clinic", "University of Iowa"]);

    const without = await importRoster(testDb.db, "faculty_id,last_name,first_name\nF1,Doe,Jane\n");
    expect(without).toMatchObject({ unchanged: 1, errors: [] });
    expect(await previousOf("F1")).toEqual(["Mayo Clinic", "University of Iowa"]);

    const bad = await importRoster(testDb.db, `${header}\nF1,Doe,Jane,Mayo Clinic;42\n`, {
      fileName: "faculty.csv",
    });
    expect(bad.blocked).toBe(true);
    expect(bad.errors).toEqual([
      'faculty.csv line 2: previous_affiliations "42" is not an institution\'s name (names are separated by ";", e.g. "Mayo Clinic;University of Iowa")',
    ]);
    expect(await previousOf("F1")).toEqual(["Mayo Clinic", "University of Iowa"]);
  });

  it("reports what would change on a dry run and writes nothing", async () => {
    await importRoster(testDb.db, ROSTER);
    const changed = ROSTER.replace("Nephrology", "Transplant") + "\r\nF4,Lee,Min,,,,,,,,,,,,";
    const result = await importRoster(testDb.db, changed, { dryRun: true });
    expect(result).toMatchObject({ created: 1, updated: 1, unchanged: 2, dryRun: true });
    expect(await testDb.db.faculty.count()).toBe(3);
    expect((await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F3" } })).division).toBe("Nephrology");
  });

  it("imports and re-imports a roster of thousands of rows", async () => {
    const size = 3000;
    const lines = [HEADER];
    for (let i = 0; i < size; i++) {
      const mentor = i % 100 === 0 ? "" : `P${String(i - (i % 100)).padStart(5, "0")}`;
      lines.push(
        `P${String(i).padStart(5, "0")},Last${i},First${i},,,,Assistant Professor,,Medicine,2015-01-01,,${mentor},2015,Example University,`,
      );
    }
    const roster = lines.join("\n");
    const first = await importRoster(testDb.db, roster);
    expect(first).toMatchObject({ created: size, errors: [] });
    expect(await testDb.db.faculty.count({ where: { mentorId: { not: null } } })).toBe(size - size / 100);
    const again = await importRoster(
      testDb.db,
      roster.replaceAll("Assistant Professor", "Associate Professor"),
    );
    expect(again).toMatchObject({ created: 0, updated: size, unchanged: 0 });
    expect(await testDb.db.faculty.count({ where: { rank: "Associate Professor" } })).toBe(size);
  });
});
