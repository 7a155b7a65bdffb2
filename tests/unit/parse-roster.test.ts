import { describe, expect, it } from "vitest";
import {
  formatRosterProblem,
  parseRoster,
  resolveRoster,
  ROSTER_COLUMNS,
  RosterFormatError,
  type ParsedRoster,
} from "../../src/roster/parse-roster.ts";

const HEADER = ROSTER_COLUMNS.join(",");

/** A data line in header order from the few fields a test cares about. */
function row(fields: Partial<Record<(typeof ROSTER_COLUMNS)[number], string>>): string {
  const base: Partial<Record<string, string>> = {
    faculty_id: "F1",
    last_name: "Doe",
    first_name: "Jane",
    ...fields,
  };
  return ROSTER_COLUMNS.map((column) => base[column] ?? "").join(",");
}

function messages(parsed: ParsedRoster | { problems: ParsedRoster["problems"] }): string[] {
  return parsed.problems.map((problem) => formatRosterProblem("roster.csv", problem));
}

const NO_DATABASE = { existingIds: new Set<string>(), orcidOwners: new Map<string, string>() };

describe("parseRoster", () => {
  it("reads every column of a clean row", () => {
    const csv = [
      HEADER,
      "F1,Doe,Jane,Q,https://orcid.org/0000-0002-1825-0097,jane.doe@example.edu,Assistant Professor,Clinician Educator,Cardiology,2012-07-01,2013-09-01,,2013,Example University; Example Hospital ;,Doe J; Doe JQ",
    ].join("\n");
    const parsed = parseRoster(csv);
    expect(parsed.problems).toEqual([]);
    expect(parsed.warnings).toEqual([]);
    expect(parsed.rowCount).toBe(1);
    expect(parsed.columns.size).toBe(ROSTER_COLUMNS.length);
    expect(parsed.entries).toEqual([
      {
        line: 2,
        facultyId: "F1",
        lastName: "Doe",
        firstName: "Jane",
        middleName: "Q",
        orcid: "0000-0002-1825-0097",
        email: "jane.doe@example.edu",
        rank: "Assistant Professor",
        track: "Clinician Educator",
        division: "Cardiology",
        hireDate: "2012-07-01",
        programStart: "2013-09-01",
        mentorId: null,
        cohort: "2013",
        affiliationTerms: ["Example University", "Example Hospital"],
        nameVariants: ["Doe J", "Doe JQ"],
        reporterProfileId: null,
        previousAffiliations: [],
      },
    ]);
  });

  it("accepts a UTF-8 byte order mark, CRLF line ends and non-ASCII names", () => {
    const csv = `\uFEFF${HEADER}\r\n${row({ faculty_id: "F1", last_name: "Müller", first_name: "Zoë" })}\r\n${row({ faculty_id: "F2", email: "nope" })}\r\n`;
    const parsed = parseRoster(Buffer.from(csv, "utf8"));
    expect(parsed.entries.map((entry) => [entry.facultyId, entry.lastName, entry.firstName])).toEqual([
      ["F1", "Müller", "Zoë"],
    ]);
    expect(messages(parsed)).toEqual(["roster.csv line 3: email is not an e-mail address"]);
  });

  it("counts the lines of a quoted multi-line field, and blank lines, in later line numbers", () => {
    const csv = [
      HEADER,
      row({
        faculty_id: "F1",
        affiliation_terms: '"Example University;\nExample Hospital;\r\nExample Institute"',
      }),
      "",
      row({ faculty_id: "F2", hire_date: "2020-13-01" }),
    ].join("\n");
    const parsed = parseRoster(csv);
    expect(parsed.entries[0]!.affiliationTerms).toEqual([
      "Example University",
      "Example Hospital",
      "Example Institute",
    ]);
    // Header 1, the quoted field spans 2-4, blank line 5.
    expect(messages(parsed)).toEqual(['roster.csv line 6: hire_date "2020-13-01" is not a real date']);
  });

  it("gives a row with a multi-line field the line it starts on", () => {
    const csv = [
      HEADER,
      row({ faculty_id: "F1" }),
      row({ faculty_id: "F2", email: "broken", name_variants: '"Doe J;\nDoe JQ"' }),
      row({ faculty_id: "F3", email: "broken" }),
    ].join("\r\n");
    expect(messages(parseRoster(csv))).toEqual([
      "roster.csv line 3: email is not an e-mail address",
      "roster.csv line 5: email is not an e-mail address",
    ]);
  });

  it("takes the columns in any order and fills the absent ones with nothing", () => {
    const csv = "cohort,first_name,faculty_id,last_name\n2014,Jane,F1,Doe\n";
    const parsed = parseRoster(csv);
    expect(parsed.problems).toEqual([]);
    expect([...parsed.columns].sort()).toEqual(["cohort", "faculty_id", "first_name", "last_name"]);
    expect(parsed.entries[0]).toMatchObject({
      facultyId: "F1",
      lastName: "Doe",
      firstName: "Jane",
      cohort: "2014",
      orcid: null,
    });
  });

  it("stops with one error naming every missing required column", () => {
    expect(() => parseRoster("faculty_id,orcid\nF1,\n")).toThrowError(
      /roster\.csv line 1: the header lacks the required columns last_name, first_name/,
    );
    expect(() => parseRoster("faculty_id,orcid\nF1,\n")).toThrowError(RosterFormatError);
  });

  it("warns about an unknown column and imports the rest", () => {
    const parsed = parseRoster("faculty_id,last_name,first_name,favourite_colour\nF1,Doe,Jane,blue\n");
    expect(parsed.warnings).toEqual(['roster.csv line 1: unknown column "favourite_colour" is ignored']);
    expect(parsed.entries).toHaveLength(1);
    const unnamed = parseRoster("faculty_id,last_name,first_name,,\nF1,Doe,Jane,,\n");
    expect(unnamed.warnings).toEqual([
      "roster.csv line 1: column 4 has no name; its values are ignored",
      "roster.csv line 1: column 5 has no name; its values are ignored",
    ]);
    expect(unnamed.entries).toHaveLength(1);
  });

  it("refuses a header that names a column twice", () => {
    expect(() => parseRoster("faculty_id,last_name,first_name,ORCID,orcid\n")).toThrowError(
      'roster.csv line 1: column "orcid" appears more than once in the header',
    );
  });

  it("refuses an empty file and one that is not UTF-8", () => {
    expect(() => parseRoster("")).toThrowError(/roster\.csv is empty/);
    const latin1 = Buffer.concat([Buffer.from(`${HEADER}\n`), Buffer.from("F1,M\xfcller,Jane\n", "latin1")]);
    expect(() => parseRoster(latin1)).toThrowError(/roster\.csv line 2: the file is not UTF-8 text/);
  });

  it("reports CSV it cannot read, such as an unclosed quote", () => {
    expect(() => parseRoster(`${HEADER}\n${row({ last_name: '"Doe' })}\n`)).toThrowError(
      /roster\.csv is not valid CSV: Quote Not Closed/,
    );
  });

  it("requires faculty_id, last_name and first_name, each reported on its own", () => {
    const parsed = parseRoster(
      [HEADER, row({ faculty_id: "" }), row({ faculty_id: "F2", last_name: "", first_name: " " })].join("\n"),
    );
    expect(messages(parsed)).toEqual([
      "roster.csv line 2: faculty_id is required",
      "roster.csv line 3: last_name is required",
      "roster.csv line 3: first_name is required",
    ]);
    expect(parsed.entries).toEqual([]);
  });

  it("reports a row with the wrong number of fields", () => {
    const parsed = parseRoster(`${HEADER}\nF1,Doe,Jane\n`);
    expect(messages(parsed)).toEqual([
      `roster.csv line 2: has 3 fields but the header has ${ROSTER_COLUMNS.length}`,
    ]);
  });

  it("normalises ORCID iDs from every usual form", () => {
    const forms = [
      "0000-0002-1825-0097",
      "0000000218250097",
      "https://orcid.org/0000-0002-1825-0097",
      "http://www.orcid.org/0000-0002-1825-0097/",
      "orcid.org/0000-0002-1825-0097",
      "0000 0002 1825 0097",
    ];
    const csv = [HEADER, ...forms.map((orcid, i) => row({ faculty_id: `F${i}`, orcid }))].join("\n");
    const parsed = parseRoster(csv);
    // Every form is the same iD, so after normalising they clash with one another.
    expect(
      parsed.problems.every(
        (problem) =>
          problem.column === "orcid" && problem.message.startsWith('"0000-0002-1825-0097" is also on lines'),
      ),
    ).toBe(true);
    expect(parsed.problems).toHaveLength(forms.length);
  });

  it("accepts an X check digit and rejects a wrong check digit", () => {
    const csv = [
      HEADER,
      row({ faculty_id: "F1", orcid: "0000-0002-1694-233x" }),
      row({ faculty_id: "F2", orcid: "0000-0002-1825-0097" }),
      row({ faculty_id: "F3", orcid: "0000-0002-1825-0098" }),
      row({ faculty_id: "F4", orcid: "0000-0002-1825" }),
      row({ faculty_id: "F5", orcid: "see https://orcid.org/0000-0002-1825-0097 maybe" }),
    ].join("\n");
    const parsed = parseRoster(csv);
    expect(parsed.entries.map((entry) => entry.orcid)).toEqual([
      "0000-0002-1694-233X",
      "0000-0002-1825-0097",
    ]);
    expect(messages(parsed)).toEqual([
      "roster.csv line 4: orcid 0000-0002-1825-0098 has a wrong check digit (the first 15 digits give 7); check for a typing error",
      'roster.csv line 5: orcid "0000-0002-1825" is not an ORCID iD (expected 0000-0000-0000-0000)',
      'roster.csv line 6: orcid "see https://orcid.org/0000-0002-1825-0097 maybe" is not an ORCID iD (expected 0000-0000-0000-0000)',
    ]);
  });

  it("checks the shape of an e-mail address without repeating it", () => {
    const csv = [
      HEADER,
      row({ faculty_id: "F1", email: "jane@example" }),
      row({ faculty_id: "F2", email: "a b@example.edu" }),
    ].join("\n");
    expect(messages(parseRoster(csv))).toEqual([
      "roster.csv line 2: email is not an e-mail address",
      "roster.csv line 3: email is not an e-mail address",
    ]);
  });

  it("wants dates as real YYYY-MM-DD dates", () => {
    const csv = [
      HEADER,
      row({ faculty_id: "F1", hire_date: "2021-02-30" }),
      row({ faculty_id: "F2", program_start: "03/04/2021" }),
      row({ faculty_id: "F3", hire_date: "2020-02-29", program_start: "2021-2-3" }),
    ].join("\n");
    expect(messages(parseRoster(csv))).toEqual([
      'roster.csv line 2: hire_date "2021-02-30" is not a real date',
      'roster.csv line 3: program_start "03/04/2021" is not a date in YYYY-MM-DD form',
      'roster.csv line 4: program_start "2021-2-3" is not a date in YYYY-MM-DD form',
    ]);
  });

  it("reports every copy of a duplicate faculty_id or ORCID iD, even when a copy has other errors", () => {
    const csv = [
      HEADER,
      row({ faculty_id: "F1", orcid: "0000-0002-1825-0097" }),
      row({ faculty_id: "F2", orcid: "https://orcid.org/0000-0002-1825-0097" }),
      row({ faculty_id: "F1", email: "broken" }),
      row({ faculty_id: "F3" }),
    ].join("\n");
    const parsed = parseRoster(csv);
    expect(messages(parsed)).toEqual([
      'roster.csv line 2: faculty_id "F1" is also on line 4',
      'roster.csv line 2: orcid "0000-0002-1825-0097" is also on line 3',
      'roster.csv line 3: orcid "0000-0002-1825-0097" is also on line 2',
      "roster.csv line 4: email is not an e-mail address",
      'roster.csv line 4: faculty_id "F1" is also on line 2',
    ]);
    expect(parsed.entries.map((entry) => entry.facultyId)).toEqual(["F3"]);
  });

  it("does not let a faculty member mentor themself", () => {
    const parsed = parseRoster([HEADER, row({ faculty_id: "F1", mentor_id: "F1" })].join("\n"));
    expect(messages(parsed)).toEqual(["roster.csv line 2: mentor_id names the faculty member themself"]);
  });

  it("drops list entries that are empty after trimming", () => {
    const parsed = parseRoster([HEADER, row({ name_variants: " ; Doe J ;;  Doe JQ; " })].join("\n"));
    expect(parsed.entries[0]!.nameVariants).toEqual(["Doe J", "Doe JQ"]);
    expect(parsed.entries[0]!.affiliationTerms).toEqual([]);
  });

  it("skips rows of bare commas that spreadsheets leave behind", () => {
    const parsed = parseRoster(
      [HEADER, row({}), ",,,,,,,,,,,,,,", row({ faculty_id: "F2", hire_date: "x" })].join("\n"),
    );
    expect(parsed.rowCount).toBe(2);
    expect(messages(parsed)).toEqual(['roster.csv line 4: hire_date "x" is not a date in YYYY-MM-DD form']);
  });
});

describe("resolveRoster", () => {
  it("accepts a mentor in the file or already in the database", () => {
    const parsed = parseRoster(
      [HEADER, row({ faculty_id: "F1", mentor_id: "F2" }), row({ faculty_id: "F2", mentor_id: "OLD" })].join(
        "\n",
      ),
    );
    const resolved = resolveRoster(parsed, { existingIds: new Set(["OLD"]), orcidOwners: new Map() });
    expect(resolved.problems).toEqual([]);
    expect(resolved.entries).toHaveLength(2);
  });

  it("rejects a mentor found nowhere, and mentees of a row that cannot be imported", () => {
    const parsed = parseRoster(
      [
        HEADER,
        row({ faculty_id: "F1", mentor_id: "NOBODY" }),
        row({ faculty_id: "F2", email: "broken" }),
        row({ faculty_id: "F3", mentor_id: "F2" }),
        row({ faculty_id: "F4", mentor_id: "F3" }),
        row({ faculty_id: "F5", mentor_id: "F4" }),
      ].join("\n"),
    );
    const resolved = resolveRoster(parsed, { existingIds: new Set(["F4"]), orcidOwners: new Map() });
    expect(messages(resolved)).toEqual([
      'roster.csv line 2: mentor_id "NOBODY" is neither in the file nor in the database',
      "roster.csv line 3: email is not an e-mail address",
      'roster.csv line 4: mentor_id "F2" is on line 3, which cannot be imported',
      // F4 exists in the database already, so F5 can still point to it.
      'roster.csv line 5: mentor_id "F3" is on line 4, which cannot be imported',
    ]);
    expect(resolved.entries.map((entry) => entry.facultyId)).toEqual(["F5"]);
  });

  it("lists the database problems of a row that already has errors of its own", () => {
    const parsed = parseRoster(
      [
        HEADER,
        row({ faculty_id: "F1", email: "broken", mentor_id: "NOBODY", orcid: "0000-0002-1825-0097" }),
      ].join("\n"),
    );
    const resolved = resolveRoster(parsed, {
      existingIds: new Set(),
      orcidOwners: new Map([["0000-0002-1825-0097", "F9"]]),
    });
    expect(messages(resolved)).toEqual([
      "roster.csv line 2: email is not an e-mail address",
      'roster.csv line 2: mentor_id "NOBODY" is neither in the file nor in the database',
      "roster.csv line 2: orcid 0000-0002-1825-0097 already belongs to faculty member F9 in the database",
    ]);
  });

  it("rejects an ORCID iD someone else holds, unless that person gives it up in the same file", () => {
    const parsed = parseRoster(
      [
        HEADER,
        row({ faculty_id: "F1", orcid: "0000-0002-1825-0097" }),
        row({ faculty_id: "F2", orcid: "0000-0002-1694-233X" }),
        row({ faculty_id: "F3", orcid: "" }),
      ].join("\n"),
    );
    const resolved = resolveRoster(parsed, {
      existingIds: new Set(),
      orcidOwners: new Map([
        ["0000-0002-1825-0097", "F9"],
        ["0000-0002-1694-233X", "F3"],
      ]),
    });
    expect(messages(resolved)).toEqual([
      "roster.csv line 2: orcid 0000-0002-1825-0097 already belongs to faculty member F9 in the database",
    ]);
    expect(resolved.entries.map((entry) => entry.facultyId)).toEqual(["F2", "F3"]);
  });

  it("has nothing to check when the file has no mentor or ORCID column", () => {
    const parsed = parseRoster("faculty_id,last_name,first_name\nF1,Doe,Jane\n");
    expect(resolveRoster(parsed, NO_DATABASE).entries).toHaveLength(1);
  });
});

describe("the optional reporter_profile_id column", () => {
  it("reads a confirmed RePORTER profile id, and none where the cell is empty", () => {
    const parsed = parseRoster(
      "faculty_id,last_name,first_name,reporter_profile_id\nF1,Doe,Jane,9876501\nF2,Roe,Rita,\n",
    );
    expect(parsed.problems).toEqual([]);
    expect(parsed.columns.has("reporter_profile_id")).toBe(true);
    expect(parsed.entries.map((entry) => entry.reporterProfileId)).toEqual([9876501, null]);
  });

  it("reports every value that is not a positive whole number, with its line", () => {
    const parsed = parseRoster(
      "faculty_id,last_name,first_name,reporter_profile_id\nF1,Doe,Jane,abc\nF2,Roe,Rita,0\nF3,Lee,Min,1.5\nF4,Kim,Ana,99999999999\n",
    );
    expect(messages(parsed)).toEqual([
      'roster.csv line 2: reporter_profile_id "abc" is not a RePORTER profile id (a positive whole number)',
      'roster.csv line 3: reporter_profile_id "0" is not a RePORTER profile id (a positive whole number)',
      'roster.csv line 4: reporter_profile_id "1.5" is not a RePORTER profile id (a positive whole number)',
      'roster.csv line 5: reporter_profile_id "99999999999" is not a RePORTER profile id (a positive whole number)',
    ]);
    expect(parsed.entries).toEqual([]);
  });

  it("refuses one profile id on two people, in the file or already in the database", () => {
    const twice = parseRoster(
      "faculty_id,last_name,first_name,reporter_profile_id\nF1,Doe,Jane,77\nF2,Roe,Rita,77\n",
    );
    expect(messages(twice)).toEqual([
      'roster.csv line 2: reporter_profile_id "77" is also on line 3',
      'roster.csv line 3: reporter_profile_id "77" is also on line 2',
    ]);
    const held = parseRoster("faculty_id,last_name,first_name,reporter_profile_id\nF1,Doe,Jane,77\n");
    const resolved = resolveRoster(held, { ...NO_DATABASE, profileOwners: new Map([[77, "X9"]]) });
    expect(messages(resolved)).toEqual([
      "roster.csv line 2: reporter_profile_id 77 already belongs to faculty member X9 in the database",
    ]);
    // Its holder being in the same file gives it up.
    const moved = parseRoster(
      "faculty_id,last_name,first_name,reporter_profile_id\nF1,Doe,Jane,77\nX9,Other,Olive,\n",
    );
    expect(resolveRoster(moved, { ...NO_DATABASE, profileOwners: new Map([[77, "X9"]]) }).problems).toEqual(
      [],
    );
  });
});

describe("parseRoster: previous_affiliations", () => {
  const header = `${HEADER},previous_affiliations`;

  it("reads the institutions a person worked at before, ;-separated", () => {
    const csv = [header, `${row({ faculty_id: "F1" })},Mayo Clinic; University of Iowa ;`].join("\n");
    const parsed = parseRoster(csv, "faculty.csv");
    expect(parsed.problems).toEqual([]);
    expect(parsed.columns.has("previous_affiliations")).toBe(true);
    expect(parsed.entries[0]!.previousAffiliations).toEqual(["Mayo Clinic", "University of Iowa"]);
  });

  it("is optional: a roster without the column gives no previous affiliations", () => {
    const parsed = parseRoster([HEADER, row({ faculty_id: "F1" })].join("\n"));
    expect(parsed.columns.has("previous_affiliations")).toBe(false);
    expect(parsed.entries[0]!.previousAffiliations).toEqual([]);
  });

  it("reports a value that names no institution with its file and line, never echoing an address", () => {
    const csv = [
      header,
      `${row({ faculty_id: "F1" })},Mayo Clinic`,
      `${row({ faculty_id: "F2" })},Mayo Clinic;12`,
      `${row({ faculty_id: "F3" })},jane.doe@example.edu`,
    ].join("\n");
    const parsed = parseRoster(csv, "faculty.csv");
    expect(parsed.entries.map((entry) => entry.facultyId)).toEqual(["F1"]);
    const lines = parsed.problems.map((problem) => formatRosterProblem("faculty.csv", problem));
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^faculty\.csv line 3: previous_affiliations "12" is not an institution's name/);
    expect(lines[1]).toBe(
      "faculty.csv line 4: previous_affiliations holds an e-mail address, not an institution's name",
    );
    expect(lines.join("\n")).not.toContain("jane.doe");
  });
});
