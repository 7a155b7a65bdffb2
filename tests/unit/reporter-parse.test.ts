import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { CliContext } from "../../src/cli/context.ts";
import { registerReporterParseCommands } from "../../src/cli/parse-reporter.ts";
import { UserError } from "../../src/errors.ts";
import {
  parseProject,
  parseProjectsSearch,
  parseReporterDocument,
  ReporterParseError,
  splitProjectNumber,
} from "../../src/sources/reporter/parse.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/reporter");
const fixture = (name: string): string => readFileSync(path.join(FIXTURES, name), "utf8");
const page1 = fixture("projects-search_by-profile-id_page-1.json");
const page2 = fixture("projects-search_by-profile-id_page-2.json");
const v1Page = fixture("projects-search_v1-legacy.json");

/** The first result of page 1 as parsed JSON, to vary one field at a time. */
function firstResult(): Record<string, unknown> {
  const json = JSON.parse(page1) as { results: Array<Record<string, unknown>> };
  return json.results[0]!;
}

function parseError(run: () => unknown): ReporterParseError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(ReporterParseError);
    return error as ReporterParseError;
  }
  throw new Error("expected a ReporterParseError");
}

describe("parseProjectsSearch", () => {
  it("reads the page's meta and every project of a v2 search answer", () => {
    const page = parseProjectsSearch(page1);
    expect(page.total).toBe(8);
    expect(page.offset).toBe(0);
    expect(page.limit).toBe(5);
    expect(page.projects.map((project) => project.projectNum)).toEqual([
      "1R01HL151234-01",
      "5R01HL151234-02",
      "5R01HL151234-03",
      "3R01HL151234-03S1",
      "5R01HL151234-04",
    ]);
    const second = parseProjectsSearch(page2);
    expect(second.offset).toBe(5);
    expect(second.projects.map((project) => project.projectNum)).toEqual([
      "1U01DK130987-01",
      "5U01DK130987-02",
      "2R01HL151234-05",
    ]);
  });

  it("types a full record: camelCase fields, numbers for amounts, calendar days for dates", () => {
    const [project] = parseProjectsSearch(page1).projects;
    expect(project).toEqual({
      applId: 10011001,
      projectNum: "1R01HL151234-01",
      coreProjectNum: "R01HL151234",
      projectSerialNum: "HL151234",
      applicationType: "1",
      activityCode: "R01",
      icCode: "HL",
      supportYear: "01",
      isSupplement: false,
      fiscalYear: 2019,
      awardAmount: 512000,
      directCostAmt: 350000,
      indirectCostAmt: 162000,
      agencyCode: "NIH",
      agencyIcAdmin: { code: "HL", abbreviation: "NHLBI", name: "National Heart, Lung, and Blood Institute" },
      agencyIcFundings: [
        {
          fiscalYear: 2019,
          code: "HL",
          abbreviation: "NHLBI",
          name: "National Heart, Lung, and Blood Institute",
          totalCost: 512000,
          directCost: 350000,
          indirectCost: 162000,
        },
      ],
      organization: {
        name: "UNIVERSITY OF NORTHFIELD MEDICAL CENTER",
        city: "NORTHFIELD",
        state: "MN",
        country: "UNITED STATES",
        deptType: "INTERNAL MEDICINE/MEDICINE",
        ueis: ["NFMC1234ABCD"],
        externalOrgId: 612345,
      },
      principalInvestigators: [
        {
          profileId: 20123456,
          firstName: "MARIA",
          middleName: "L",
          lastName: "OKAFOR",
          fullName: "MARIA L OKAFOR",
          isContactPi: true,
          title: "ASSOCIATE PROFESSOR",
        },
      ],
      contactPiName: "OKAFOR, MARIA L",
      projectTitle: "Mitochondrial stress signaling in heart failure with preserved ejection fraction",
      projectStartDate: "2019-04-01",
      projectEndDate: "2023-03-31",
      budgetStart: "2019-04-01",
      budgetEnd: "2020-03-31",
      awardNoticeDate: "2019-04-01",
      awardType: "1",
      isActive: false,
      isNew: true,
      projectDetailUrl: "https://reporter.nih.gov/project-details/10011001",
    });
  });

  it("marks a supplement and keeps it on its parent's core project number", () => {
    const supplement = parseProjectsSearch(page1).projects[3]!;
    expect(supplement).toMatchObject({
      projectNum: "3R01HL151234-03S1",
      coreProjectNum: "R01HL151234",
      applicationType: "3",
      supportYear: "03",
      suffix: "S1",
      isSupplement: true,
      fiscalYear: 2021,
      awardAmount: 75500,
    });
  });

  it("reads multiple PIs with which one is the contact, blank middle names left out and spaces collapsed", () => {
    const renewal = parseProjectsSearch(page2).projects[2]!;
    expect(renewal.applicationType).toBe("2");
    expect(renewal.principalInvestigators).toEqual([
      expect.objectContaining({ profileId: 20123456, lastName: "OKAFOR", isContactPi: true }),
      {
        profileId: 11987654,
        firstName: "DAVID",
        lastName: "CHEN",
        fullName: "DAVID CHEN",
        isContactPi: false,
        title: "PROFESSOR",
      },
    ]);
    const u01 = parseProjectsSearch(page2).projects[0]!;
    expect(u01.principalInvestigators.map((pi) => [pi.lastName, pi.isContactPi])).toEqual([
      ["PATEL", true],
      ["OKAFOR", false],
    ]);
    // "ANJALI R PATEL" has an empty title: absent, not "".
    expect(u01.principalInvestigators[0]).not.toHaveProperty("title");
  });

  it("derives the core number from the project number when a trimmed record has none", () => {
    const trimmed = {
      fiscal_year: 2013,
      project_num: "1F32GM103062-01A1",
      activity_code: "F32",
      award_amount: 49214,
      contact_pi_name: "SGRO, ALLYSON E",
      project_title: "Single-cell dynamics",
    };
    const page = parseProjectsSearch({ meta: { total: 1, offset: 0, limit: 25 }, results: [trimmed] });
    expect(page.projects[0]).toEqual({
      projectNum: "1F32GM103062-01A1",
      coreProjectNum: "F32GM103062",
      applicationType: "1",
      activityCode: "F32",
      icCode: "GM",
      supportYear: "01",
      suffix: "A1",
      isSupplement: false,
      fiscalYear: 2013,
      awardAmount: 49214,
      agencyIcFundings: [],
      principalInvestigators: [],
      contactPiName: "SGRO, ALLYSON E",
      projectTitle: "Single-cell dynamics",
    });
  });

  it("lets a number of another form (a contract) stand as its own core number", () => {
    const project = parseProject({ fiscal_year: 2015, project_num: "HHSN268201500003C" });
    expect(project.coreProjectNum).toBe("HHSN268201500003C");
    expect(project.isSupplement).toBe(false);
    expect(project).not.toHaveProperty("activityCode");
  });

  it("reads text, bytes (with a byte-order mark) and parsed JSON alike", () => {
    const fromText = parseProjectsSearch(page1);
    expect(parseProjectsSearch(new TextEncoder().encode(`\uFEFF${page1}`))).toEqual(fromText);
    expect(parseProjectsSearch(JSON.parse(page1))).toEqual(fromText);
  });

  it("reads an empty page", () => {
    expect(parseProjectsSearch({ meta: { total: 0, offset: 0, limit: 500 }, results: [] })).toEqual({
      total: 0,
      offset: 0,
      limit: 500,
      projects: [],
    });
  });
});

describe("parseProjectsSearch refuses what it cannot read correctly", () => {
  it("says a v1 answer is unsupported, naming what gave it away", () => {
    const error = parseError(() => parseProjectsSearch(v1Page));
    expect(error.message).toMatch(/^unsupported RePORTER v1 response/);
    expect(error.message).toContain('"org_name" at the top of the record');
    expect(error.message).toContain('project_start_date "2019-04-01T04:00:00Z" with a time zone');
  });

  it("says a v1 record is unsupported by either sign alone", () => {
    const flat = { fiscal_year: 2020, project_num: "5R01HL151234-02", org_name: "UNIVERSITY" };
    expect(parseError(() => parseProject(flat)).message).toMatch(/unsupported RePORTER v1 response/);
    const zoned = {
      fiscal_year: 2020,
      project_num: "5R01HL151234-02",
      project_end_date: "2023-03-31T04:00:00Z",
    };
    expect(parseError(() => parseProject(zoned)).message).toMatch(/unsupported RePORTER v1 response/);
  });

  it("says what came instead of JSON", () => {
    expect(parseError(() => parseProjectsSearch("")).message).toBe(
      "expected RePORTER JSON, got an empty body",
    );
    expect(
      parseError(() =>
        parseProjectsSearch("<html><head><title>503 Service Unavailable</title></head></html>"),
      ).message,
    ).toBe('expected RePORTER JSON, got an HTML page "503 Service Unavailable"');
    expect(parseError(() => parseProjectsSearch(page1.slice(0, 200))).message).toMatch(
      /^expected RePORTER JSON/,
    );
  });

  it("gives an error body's message", () => {
    expect(parseError(() => parseProjectsSearch({ error: "Invalid criteria" })).message).toBe(
      "RePORTER answered with an error: Invalid criteria",
    );
    expect(
      parseError(() =>
        parseProjectsSearch({
          title: "One or more validation errors occurred.",
          errors: { limit: ["too large"] },
        }),
      ).message,
    ).toBe(
      'RePORTER answered with an error: One or more validation errors occurred.: {"limit":["too large"]}',
    );
    expect(parseError(() => parseProjectsSearch(["Offset is out of range"])).message).toBe(
      "RePORTER answered with an error: Offset is out of range",
    );
  });

  it("refuses JSON of another shape", () => {
    expect(parseError(() => parseProjectsSearch({ projects: [] })).message).toBe(
      "not a RePORTER v2 projects/search answer: a JSON object without results",
    );
    expect(parseError(() => parseProjectsSearch({ results: [] })).message).toMatch(
      /^projects\/search answer\.meta/,
    );
  });

  it("names the record and field that is wrong rather than return a project without it", () => {
    const json = JSON.parse(page1) as { results: Array<Record<string, unknown>> };
    delete json.results[1]!.fiscal_year;
    expect(parseError(() => parseProjectsSearch(json)).message).toMatch(
      /^results\[1\]\.fiscal_year is not as RePORTER v2 writes it/,
    );
    expect(parseError(() => parseProject({ ...firstResult(), award_amount: "512000" })).message).toMatch(
      /^project\.award_amount is not as RePORTER v2 writes it/,
    );
    expect(
      parseError(() => parseProject({ ...firstResult(), project_end_date: "03/31/2023" })).message,
    ).toMatch(/^project\.project_end_date .*expected a date like 2018-05-02T00:00:00/);
    expect(parseError(() => parseProject({ ...firstResult(), project_num: "" })).message).toMatch(
      /^project\.project_num/,
    );
  });
});

describe("parseReporterDocument", () => {
  it("reads a search page with its meta, one project object, or an array of projects", () => {
    const page = parseReporterDocument(page2);
    expect(page.page?.total).toBe(8);
    expect(page.projects).toHaveLength(3);
    const single = parseReporterDocument(JSON.stringify(firstResult()));
    expect(single.page).toBeUndefined();
    expect(single.projects.map((project) => project.projectNum)).toEqual(["1R01HL151234-01"]);
    const array = parseReporterDocument((JSON.parse(page2) as { results: unknown[] }).results);
    expect(array.projects.map((project) => project.projectNum)).toEqual(
      page.projects.map((p) => p.projectNum),
    );
  });

  it("refuses a v1 page and anything else", () => {
    expect(parseError(() => parseReporterDocument(v1Page)).message).toMatch(
      /unsupported RePORTER v1 response/,
    );
    expect(parseError(() => parseReporterDocument("42")).message).toBe(
      "not a RePORTER v2 projects/search answer: JSON number",
    );
  });
});

describe("splitProjectNumber", () => {
  it("splits type, activity, IC, serial, support year and suffix", () => {
    expect(splitProjectNumber("3R01CA276279-02S1")).toEqual({
      applicationType: "3",
      activityCode: "R01",
      icCode: "CA",
      serial: "276279",
      supportYear: "02",
      suffix: "S1",
    });
    expect(splitProjectNumber("R01AI139180")).toEqual({
      activityCode: "R01",
      icCode: "AI",
      serial: "139180",
    });
    expect(splitProjectNumber("1ZIAAI000480-22")?.activityCode).toBe("ZIA");
    expect(splitProjectNumber("HHSN268201500003C")).toBeUndefined();
  });
});

describe("scholartrack parse reporter", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "parse-reporter-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  async function run(args: string[]): Promise<string> {
    let text = "";
    const out = new PassThrough();
    out.on("data", (chunk: Buffer) => (text += chunk.toString()));
    const ctx = new CliContext(out, new PassThrough());
    const program = new Command("scholartrack").exitOverride();
    registerReporterParseCommands(program.command("parse"), ctx);
    await program.parseAsync(["parse", "reporter", ...args], { from: "user" });
    return text;
  }

  it("prints the page, its projects and the grants they collapse into as JSON", async () => {
    const output = JSON.parse(
      await run([path.join(FIXTURES, "projects-search_by-profile-id_page-1.json")]),
    ) as {
      total: number;
      projects: Array<{ projectNum: string }>;
      grants: Array<{ sourceId: string; grant: { relatedNumbers: string[] } }>;
      matches?: unknown;
    };
    expect(output.total).toBe(8);
    expect(output.projects).toHaveLength(5);
    expect(output.grants.map((grant) => grant.sourceId)).toEqual(["R01HL151234"]);
    expect(output.grants[0]!.grant.relatedNumbers).toContain("3R01HL151234-03S1");
    expect(output).not.toHaveProperty("matches");
  });

  it("shows the role and evidence for a person when asked", async () => {
    const output = JSON.parse(
      await run([
        path.join(FIXTURES, "projects-search_by-profile-id_page-2.json"),
        "--person",
        "Okafor, Maria",
      ]),
    ) as { matches: Array<{ sourceId: string; role: string; evidence: { kind: string } }> };
    expect(output.matches.map((match) => [match.sourceId, match.role, match.evidence.kind])).toEqual([
      ["U01DK130987", "multiple_pi", "name"],
      ["R01HL151234", "pi", "name"],
    ]);
  });

  it("names the file it cannot read or cannot parse", async () => {
    const missing = path.join(dir, "missing.json");
    await expect(run([missing])).rejects.toThrow(new UserError(`Cannot read ${missing}: no such file`));
    const v1 = path.join(FIXTURES, "projects-search_v1-legacy.json");
    await expect(run([v1])).rejects.toThrow(UserError);
    await expect(run([v1])).rejects.toThrow(`Cannot parse ${v1}: unsupported RePORTER v1 response`);
    const html = path.join(dir, "page.html");
    writeFileSync(html, "<html><title>Maintenance</title></html>");
    await expect(run([html])).rejects.toThrow(
      `Cannot parse ${html}: expected RePORTER JSON, got an HTML page`,
    );
  });
});
