import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { collapseProjects, collapseProjectsWithMatches } from "../../src/sources/reporter/map.ts";
import {
  parseProject,
  parseProjectsSearch,
  parseReporterDocument,
  ReporterParseError,
} from "../../src/sources/reporter/parse.ts";

// Real recorded RePORTER answers, kept beside the repository and never copied into it.
const SHARED = path.resolve(import.meta.dirname, "../../../shared/fixtures/reporter");
const present = existsSync(SHARED);
const NOTE = `RePORTER conformance skipped: ${SHARED} not found`;
if (!present) console.warn(NOTE);

const files = (dir: string): string[] =>
  existsSync(path.join(SHARED, dir))
    ? readdirSync(path.join(SHARED, dir))
        .filter((name) => name.endsWith(".json"))
        .map((name) => path.join(SHARED, dir, name))
    : [];

function read(dir: string, containing: string): string {
  const file = files(dir).find((name) => path.basename(name).includes(containing));
  expect(file, `a fixture in ${dir} named with ${containing}`).toBeDefined();
  return readFileSync(file!, "utf8");
}

describe.skipIf(!present)("RePORTER conformance over recorded answers", () => {
  it("reads every v2 file", () => {
    const v2 = files("v2");
    expect(v2.length).toBeGreaterThan(0);
    for (const file of v2) {
      const document = parseReporterDocument(readFileSync(file, "utf8"));
      expect(document.projects.length, file).toBeGreaterThan(0);
    }
  });

  it("reads a full non-competing R01 record as RePORTER gave it", () => {
    const page = parseProjectsSearch(read("v2", "5R01AI139180-05"));
    expect(page).toMatchObject({ total: 1, offset: 0, limit: 1 });
    const [project] = page.projects;
    expect(project).toMatchObject({
      applId: 10392335,
      projectNum: "5R01AI139180-05",
      coreProjectNum: "R01AI139180",
      projectSerialNum: "AI139180",
      applicationType: "5",
      activityCode: "R01",
      icCode: "AI",
      supportYear: "05",
      isSupplement: false,
      fiscalYear: 2022,
      awardAmount: 355828,
      directCostAmt: 236500,
      indirectCostAmt: 119328,
      agencyCode: "NIH",
      agencyIcAdmin: { code: "AI", abbreviation: "NIAID" },
      organization: { name: "UNIVERSITY OF WISCONSIN-MADISON", city: "MADISON", state: "WI" },
      principalInvestigators: [
        {
          profileId: 1892691,
          firstName: "ROBERT",
          middleName: "F",
          lastName: "KALEJTA",
          fullName: "ROBERT F KALEJTA",
          isContactPi: true,
          title: "PROFESSOR",
        },
      ],
      contactPiName: "KALEJTA, ROBERT F",
      projectTitle: "Evading innate immunity during human cytomegalovirus latency",
      projectStartDate: "2018-05-02",
      projectEndDate: "2024-04-30",
      budgetStart: "2022-05-01",
      budgetEnd: "2024-04-30",
      isActive: false,
    });
    expect(project!.agencyIcFundings).toEqual([
      expect.objectContaining({
        fiscalYear: 2022,
        totalCost: 355828,
        directCost: 236500,
        indirectCost: 119328,
      }),
    ]);
    expect(project).not.toHaveProperty("subprojectId");
  });

  it("reads a competing renewal and gives the same PI two grants, one per core project, by profile id", () => {
    const renewal = parseProjectsSearch(read("v2", "2R01AI130089-06")).projects[0]!;
    expect(renewal).toMatchObject({
      projectNum: "2R01AI130089-06",
      coreProjectNum: "R01AI130089",
      applicationType: "2",
      fiscalYear: 2024,
      awardAmount: 453180,
      isActive: true,
    });
    const continuation = parseProjectsSearch(read("v2", "5R01AI139180-05")).projects[0]!;
    const grants = collapseProjectsWithMatches([renewal, continuation], {
      profileId: 1892691,
      firstName: "Robert",
      lastName: "Kalejta",
    });
    expect(
      grants.map(({ candidate, match }) => [
        candidate.sourceId,
        candidate.grant?.startYear,
        candidate.grant?.totalAmount,
        candidate.grant?.role,
        match?.evidence?.kind,
      ]),
    ).toEqual([
      ["R01AI139180", 2022, 355828, "pi", "profile_id"],
      ["R01AI130089", 2024, 453180, "pi", "profile_id"],
    ]);
  });

  it("reads an administrative supplement on its own and keeps it under its parent's core number", () => {
    const project = parseProject(read("v2", "3R01CA276279-02S1"));
    expect(project).toMatchObject({
      applId: 11128875,
      projectNum: "3R01CA276279-02S1",
      coreProjectNum: "R01CA276279",
      applicationType: "3",
      suffix: "S1",
      isSupplement: true,
      fiscalYear: 2024,
      awardAmount: 215041,
      contactPiName: "CASCIO, SANDRA",
      projectStartDate: "2025-04-01",
    });
    // RePORTER's "Sandra  Cascio" with two spaces, and its blank middle name and title.
    expect(project.principalInvestigators).toEqual([
      {
        profileId: 10814385,
        firstName: "Sandra",
        lastName: "Cascio",
        fullName: "Sandra Cascio",
        isContactPi: true,
      },
    ]);
    expect(collapseProjects([project])[0]).toMatchObject({
      sourceId: "R01CA276279",
      grant: { grantNumber: "3R01CA276279-02S1", coreProjectNumber: "R01CA276279", agency: "NCI" },
    });
  });

  it("collapses a PI's trimmed search page into one grant per award, supplements attached", () => {
    const page = parseProjectsSearch(read("v2", "sgro"));
    expect(page).toMatchObject({ total: 7, offset: 0, limit: 25 });
    expect(page.projects).toHaveLength(7);
    const grants = collapseProjectsWithMatches(page.projects, { firstName: "Allyson", lastName: "Sgro" });
    expect(grants.map(({ candidate }) => candidate.sourceId)).toEqual(["F32GM103062", "R35GM133616"]);
    const [f32, r35] = grants;
    expect(f32!.candidate.grant).toMatchObject({
      startYear: 2013,
      endYear: 2014,
      amountsByYear: { "2013": 49214, "2014": 53282 },
      totalAmount: 102496,
      relatedNumbers: ["1F32GM103062-01A1"],
      role: "pi",
    });
    expect(r35!.candidate.grant).toMatchObject({
      grantNumber: "5R35GM133616-03",
      agency: "NIGMS",
      startYear: 2019,
      endYear: 2021,
      amountsByYear: { "2019": 412500, "2020": 412500, "2021": 412500 + 59087 + 150000 },
      totalAmount: 412500 * 3 + 59087 + 150000,
      role: "pi",
    });
    expect(r35!.candidate.grant?.relatedNumbers).toEqual(
      expect.arrayContaining([
        "3R35GM133616-03S1",
        "3R35GM133616-03S2",
        "1R35GM133616-01",
        "5R35GM133616-02",
      ]),
    );
    // Only the contact PI's name is in a trimmed record: evidence to confirm, not a fact.
    expect(r35!.match?.evidence).toMatchObject({ kind: "name", strength: "weak" });
  });

  it("refuses every v1 answer as unsupported rather than read it wrongly", () => {
    const v1 = files("v1-legacy");
    expect(v1.length).toBeGreaterThan(0);
    for (const file of v1) {
      const text = readFileSync(file, "utf8");
      expect(() => parseProjectsSearch(text), file).toThrow(ReporterParseError);
      expect(() => parseProjectsSearch(text), file).toThrow(/^unsupported RePORTER v1 response/);
    }
  });
});
