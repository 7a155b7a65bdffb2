import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerFacultyCommands } from "../../src/cli/faculty.ts";
import { ROSTER_COLUMNS } from "../../src/roster/parse-roster.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

/** Runs `scholartrack <args>` the way main() does, with output captured. */
function run(...args: string[]) {
  return runCommand(registerFacultyCommands, args);
}

const HEADER = ROSTER_COLUMNS.join(",");
const ROSTER = [
  HEADER,
  "F1,Doe,Jane,Q,0000-0002-1825-0097,jane.doe@example.edu,Assistant Professor,,Cardiology,2012-07-01,2013-09-01,F3,2013,,",
  "F2,Roe,Rita,,,rita.roe@example.edu,Assistant Professor,,Nephrology,2011-02-01,2014-09-01,F3,2014,,",
  "F3,Senior,Sam,,0000-0002-1694-233X,,Professor,,Cardiology,1990-01-01,,,,,",
].join("\n");

describe("faculty commands", () => {
  let testDb: TestDatabase;
  let dir: string;
  const file = (name: string) => path.join(dir, name);

  beforeAll(async () => {
    testDb = await createTestDatabase();
    // CliContext reads its configuration from the environment, once per process.
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-faculty-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });
  beforeEach(async () => {
    await testDb.db.facultyItem.deleteMany();
    await testDb.db.item.deleteMany();
    await testDb.db.faculty.deleteMany();
  });

  describe("faculty import", () => {
    it("imports a roster, then reports everything unchanged the second time", async () => {
      await writeFile(file("roster.csv"), ROSTER);
      const first = await run("faculty", "import", file("roster.csv"));
      expect(first).toEqual({ code: 0, out: "created 3, updated 0, unchanged 0, skipped 0\n", err: "" });
      const second = await run("faculty", "import", file("roster.csv"));
      expect(second).toEqual({ code: 0, out: "created 0, updated 0, unchanged 3, skipped 0\n", err: "" });
    });

    it("lists every error, imports nothing and exits non-zero when a row is bad", async () => {
      const bad = `${ROSTER}\nF4,Lee,Min,,,min.lee@example,,,,2020-02-30,,,,,`;
      await writeFile(file("bad.csv"), bad);
      const result = await run("faculty", "import", file("bad.csv"));
      expect(result.code).toBe(1);
      expect(result.out).toBe("created 0, updated 0, unchanged 0, skipped 4\n");
      const name = file("bad.csv");
      expect(result.err).toBe(
        `${name} line 5: email is not an e-mail address\n` +
          `${name} line 5: hire_date "2020-02-30" is not a real date\n` +
          `Error: 2 error(s) in 1 row(s) of ${name}; nothing imported. Fix them, or use --skip-invalid to import the other 3 row(s).\n`,
      );
      expect(result.err).not.toContain("min.lee");
      expect(await testDb.db.faculty.count()).toBe(0);
    });

    it("imports the good rows with --skip-invalid, lists the bad ones and still exits non-zero", async () => {
      await writeFile(file("bad.csv"), `${ROSTER}\nF4,Lee,Min,,,,,,,,,F9,,,`);
      const result = await run("faculty", "import", file("bad.csv"), "--skip-invalid");
      expect(result.code).toBe(1);
      expect(result.out).toBe("created 3, updated 0, unchanged 0, skipped 1\n");
      expect(result.err).toBe(
        `${file("bad.csv")} line 5: mentor_id "F9" is neither in the file nor in the database\n`,
      );
      expect(await testDb.db.faculty.count()).toBe(3);
    });

    it("writes nothing on --dry-run", async () => {
      await writeFile(file("roster.csv"), ROSTER);
      const result = await run("faculty", "import", "--dry-run", file("roster.csv"));
      expect(result).toEqual({
        code: 0,
        out: "created 3, updated 0, unchanged 0, skipped 0 (dry run: nothing written)\n",
        err: "",
      });
      expect(await testDb.db.faculty.count()).toBe(0);
    });

    it("warns about unknown columns and refuses a file without the required ones", async () => {
      await writeFile(file("extra.csv"), "faculty_id,last_name,first_name,office\nF1,Doe,Jane,B12\n");
      const extra = await run("faculty", "import", file("extra.csv"));
      expect(extra.code).toBe(0);
      expect(extra.err).toBe(`warning: ${file("extra.csv")} line 1: unknown column "office" is ignored\n`);

      await writeFile(file("lacking.csv"), "faculty_id,email\nF1,jane@example.edu\n");
      const lacking = await run("faculty", "import", file("lacking.csv"));
      expect(lacking.code).toBe(1);
      expect(lacking.err).toMatch(
        /^Error: .*lacking\.csv line 1: the header lacks the required columns last_name, first_name/,
      );
    });

    it("says so when the file cannot be read", async () => {
      const result = await run("faculty", "import", file("missing.csv"));
      expect(result).toEqual({
        code: 1,
        out: "",
        err: `Error: Cannot read ${file("missing.csv")}: ENOENT\n`,
      });
    });
  });

  describe("faculty list", () => {
    beforeEach(async () => {
      await writeFile(file("roster.csv"), ROSTER);
      expect((await run("faculty", "import", file("roster.csv"))).code).toBe(0);
      const items = await Promise.all(
        [1, 2, 3].map((n) =>
          testDb.db.item.create({
            data: { kind: "publication", title: `Paper ${n}`, year: 2015, publicationTypes: [] },
          }),
        ),
      );
      const link = (facultyId: string, itemId: number, status: "accepted" | "pending" | "rejected") => ({
        facultyId,
        itemId,
        status,
        decidedBy: "test",
        decidedAt: new Date("2020-01-01T00:00:00Z"),
        evidence: {},
      });
      await testDb.db.facultyItem.createMany({
        data: [
          link("F1", items[0]!.id, "accepted"),
          link("F1", items[1]!.id, "accepted"),
          link("F1", items[2]!.id, "pending"),
          link("F2", items[0]!.id, "rejected"),
          link("F3", items[0]!.id, "pending"),
        ],
      });
    });

    it("prints a table aligned in columns, sorted by name", async () => {
      const result = await run("faculty", "list");
      expect(result.code).toBe(0);
      const lines = result.out.trimEnd().split("\n");
      expect(lines).toHaveLength(4);
      expect(lines[0]).toMatch(
        /^\s*ID\s+NAME\s+ORCID\s+RANK\s+DIVISION\s+COHORT\s+MENTOR\s+ACCEPTED\s+PENDING$/,
      );
      expect(lines[1]).toContain("Doe, Jane Q");
      expect(lines[2]).toContain("Roe, Rita");
      expect(lines[3]).toContain("Senior, Sam");
      // Every value starts under its heading.
      const orcidColumn = lines[0]!.indexOf("ORCID");
      expect(lines[1]!.indexOf("0000-0002-1825-0097")).toBe(orcidColumn);
      expect(lines[3]!.indexOf("0000-0002-1694-233X")).toBe(orcidColumn);
      const mentorColumn = lines[0]!.indexOf("MENTOR");
      expect(lines[1]!.indexOf("Senior, Sam")).toBe(mentorColumn);
      const acceptedColumn = lines[0]!.indexOf("ACCEPTED");
      expect(lines[1]!.slice(acceptedColumn).split(/\s+/)).toEqual(["2", "1"]);
      expect(lines[2]!.slice(acceptedColumn).split(/\s+/)).toEqual(["0", "0"]);
    });

    it("prints CSV with the list's fields as header", async () => {
      const result = await run("faculty", "list", "--format", "csv");
      expect(result.code).toBe(0);
      expect(parse(result.out)).toEqual([
        [
          "id",
          "name",
          "orcid",
          "rank",
          "division",
          "cohort",
          "mentorId",
          "mentorName",
          "accepted",
          "pending",
        ],
        [
          "F1",
          "Doe, Jane Q",
          "0000-0002-1825-0097",
          "Assistant Professor",
          "Cardiology",
          "2013",
          "F3",
          "Senior, Sam",
          "2",
          "1",
        ],
        ["F2", "Roe, Rita", "", "Assistant Professor", "Nephrology", "2014", "F3", "Senior, Sam", "0", "0"],
        ["F3", "Senior, Sam", "0000-0002-1694-233X", "Professor", "Cardiology", "", "", "", "0", "1"],
      ]);
    });

    it("prints JSON for one cohort", async () => {
      const result = await run("faculty", "list", "--cohort", "2013", "--format", "json");
      expect(result.code).toBe(0);
      expect(JSON.parse(result.out)).toEqual([
        {
          id: "F1",
          name: "Doe, Jane Q",
          orcid: "0000-0002-1825-0097",
          rank: "Assistant Professor",
          division: "Cardiology",
          cohort: "2013",
          mentorId: "F3",
          mentorName: "Senior, Sam",
          accepted: 2,
          pending: 1,
        },
      ]);
    });

    it("says so when a cohort has nobody in it", async () => {
      expect(await run("faculty", "list", "--cohort", "1999")).toEqual({
        code: 0,
        out: "",
        err: 'No faculty members in cohort "1999".\n',
      });
      const json = await run("faculty", "list", "--cohort", "1999", "--format", "json");
      expect(JSON.parse(json.out)).toEqual([]);
    });

    it("rejects an unknown format", async () => {
      const result = await run("faculty", "list", "--format", "xml");
      expect(result.code).toBe(1);
      expect(result.err).toContain("Allowed choices are table, csv, json");
    });
  });
});
