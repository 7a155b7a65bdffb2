import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import {
  collapseProjects,
  collapseProjectsWithMatches,
  matchPrincipalInvestigator,
  type ReporterPerson,
} from "../../src/sources/reporter/map.ts";
import { parseProject, parseProjectsSearch } from "../../src/sources/reporter/parse.ts";
import type { ReporterProject } from "../../src/sources/reporter/types.ts";

const FIXTURES = path.resolve(import.meta.dirname, "../fixtures/reporter");
const pageProjects = (name: string): ReporterProject[] =>
  parseProjectsSearch(readFileSync(path.join(FIXTURES, name), "utf8")).projects;
const projects = [
  ...pageProjects("projects-search_by-profile-id_page-1.json"),
  ...pageProjects("projects-search_by-profile-id_page-2.json"),
];
const byNumber = (number: string): ReporterProject =>
  projects.find((project) => project.projectNum === number)!;

const okafor: ReporterPerson = {
  profileId: 20123456,
  firstName: "Maria",
  middleName: "Lynn",
  lastName: "Okafor",
};
const okaforByName: ReporterPerson = { firstName: "Maria", lastName: "Okafor" };

/** A minimal v2 record, varied per test. */
function record(fields: Record<string, unknown>): ReporterProject {
  return parseProject({
    fiscal_year: 2020,
    project_num: "5R01HL151234-02",
    project_title: "A project",
    principal_investigators: [
      {
        profile_id: 20123456,
        first_name: "MARIA",
        middle_name: "L",
        last_name: "OKAFOR",
        is_contact_pi: true,
      },
    ],
    ...fields,
  });
}

describe("collapseProjects", () => {
  it("folds every fiscal year, the renewal and the supplement of one core project into one grant", () => {
    const [r01] = collapseProjects(projects, okafor);
    expect(r01).toEqual({
      source: "reporter",
      sourceId: "R01HL151234",
      kind: "grant",
      sourceType: "R01",
      // The latest record of the award itself speaks for it: the renewal's title.
      title: "Mitochondrial stress signaling and cardiac remodeling in heart failure",
      year: 2019,
      venue: "National Heart, Lung, and Blood Institute",
      otherIds: [
        { type: "grant_number", value: "R01HL151234" },
        ...["10011001", "10022002", "10033104", "10033003", "10044005", "10077008"].map((value) => ({
          type: "reporter_appl_id",
          value,
        })),
      ],
      contributors: [
        { name: "MARIA L OKAFOR", role: "contact-principal-investigator" },
        { name: "DAVID CHEN", role: "principal-investigator" },
      ],
      grant: {
        funder: "NIH",
        grantNumber: "2R01HL151234-05",
        coreProjectNumber: "R01HL151234",
        activityCode: "R01",
        agency: "NHLBI",
        institution: "UNIVERSITY OF NORTHFIELD MEDICAL CENTER",
        startYear: 2019,
        endYear: 2024,
        // 2021 adds the S1 supplement to the year's award; 2023 had no record.
        amountsByYear: { "2019": 512000, "2020": 480000, "2021": 555500, "2022": 450000, "2024": 565000 },
        totalAmount: 2562500,
        currency: "USD",
        role: "pi",
        relatedNumbers: [
          "1R01HL151234-01",
          "5R01HL151234-02",
          "3R01HL151234-03S1",
          "5R01HL151234-03",
          "5R01HL151234-04",
        ],
      },
      url: "https://reporter.nih.gov/project-details/10077008",
    });
  });

  it("makes one grant per core project number, by first fiscal year, keyed on the core number", () => {
    const grants = collapseProjects(projects);
    expect(grants.map((grant) => [grant.sourceId, grant.grant?.startYear, grant.grant?.endYear])).toEqual([
      ["R01HL151234", 2019, 2024],
      ["U01DK130987", 2022, 2023],
    ]);
    expect(grants[1]!.grant).toMatchObject({
      grantNumber: "5U01DK130987-02",
      agency: "NIDDK",
      amountsByYear: { "2022": 610000, "2023": 598000 },
      totalAmount: 1208000,
      relatedNumbers: ["1U01DK130987-01"],
    });
  });

  it("gives no role when no person is asked about", () => {
    for (const grant of collapseProjects(projects)) expect(grant.grant).not.toHaveProperty("role");
  });

  it("calls the contact PI pi, and a PI who is listed but not contact multiple_pi", () => {
    const grants = collapseProjectsWithMatches(projects, okafor);
    expect(
      grants.map((grant) => [grant.candidate.sourceId, grant.candidate.grant?.role, grant.match?.role]),
    ).toEqual([
      ["R01HL151234", "pi", "pi"],
      ["U01DK130987", "multiple_pi", "multiple_pi"],
    ]);
    // The contact PI of the U01 comes first whatever order RePORTER lists them in.
    expect(grants[1]!.candidate.contributors).toEqual([
      { name: "ANJALI R PATEL", role: "contact-principal-investigator" },
      { name: "MARIA L OKAFOR", role: "principal-investigator" },
    ]);
  });

  it("keeps a supplement with its parent grant whatever order the records come in", () => {
    const shuffled = [...projects].reverse();
    const grants = collapseProjects(shuffled);
    expect(grants.map((grant) => grant.sourceId)).toEqual(["R01HL151234", "U01DK130987"]);
    expect(grants[0]!.grant?.relatedNumbers).toContain("3R01HL151234-03S1");
    expect(grants[0]!.grant?.grantNumber).toBe("2R01HL151234-05");
  });

  it("makes a grant of a supplement found on its own, under its parent's core number", () => {
    const [grant] = collapseProjects([byNumber("3R01HL151234-03S1")]);
    expect(grant).toMatchObject({
      sourceId: "R01HL151234",
      title: "Supplement: Mitochondrial stress signaling in heart failure with preserved ejection fraction",
      grant: { grantNumber: "3R01HL151234-03S1", coreProjectNumber: "R01HL151234", totalAmount: 75500 },
    });
    expect(grant!.grant).not.toHaveProperty("relatedNumbers");
  });

  it("counts a record listed twice (pages that shifted, pages saved twice) once", () => {
    const [once] = collapseProjects(projects);
    const [twice] = collapseProjects([...projects, ...projects]);
    expect(twice).toEqual(once);
  });

  it("leaves amounts out when RePORTER gives none, and a year without an amount out of the sums", () => {
    const [none] = collapseProjects([record({ award_amount: null })]);
    expect(none!.grant).not.toHaveProperty("amountsByYear");
    expect(none!.grant).not.toHaveProperty("totalAmount");
    expect(none!.grant).not.toHaveProperty("currency");
    const [some] = collapseProjects([
      record({ appl_id: 1, award_amount: 100 }),
      record({ appl_id: 2, fiscal_year: 2021, project_num: "5R01HL151234-03", award_amount: null }),
    ]);
    expect(some!.grant).toMatchObject({ amountsByYear: { "2020": 100 }, totalAmount: 100, endYear: 2021 });
  });

  it("does not add a multi-project award's component amounts to the parent's, which include them", () => {
    const parent = record({
      appl_id: 1,
      project_num: "5P01HL160001-02",
      award_amount: 1_500_000,
      principal_investigators: [
        { profile_id: 1, first_name: "ANJALI", last_name: "PATEL", is_contact_pi: true },
      ],
    });
    const component = record({
      appl_id: 2,
      subproject_id: "7002",
      project_num: "5P01HL160001-02",
      project_title: "Project 2: Mitochondrial signaling",
      award_amount: 400_000,
    });
    const [grant] = collapseProjectsWithMatches([component, parent], okafor);
    expect(grant!.candidate.grant).toMatchObject({
      amountsByYear: { "2020": 1_500_000 },
      totalAmount: 1_500_000,
    });
    // The parent's title, and the person leads a component, not the award.
    expect(grant!.candidate.title).toBe("A project");
    expect(grant!.candidate.grant?.role).toBe("other");
    expect(grant!.candidate.contributors).toEqual([
      { name: "ANJALI PATEL", role: "contact-principal-investigator" },
      { name: "MARIA L OKAFOR", role: "project-leader" },
    ]);
    // Components alone (the parent not returned) are all there is to count.
    const [alone] = collapseProjects([component]);
    expect(alone!.grant?.totalAmount).toBe(400_000);
  });

  it("falls back to the core number for a title when no record has one", () => {
    const [grant] = collapseProjects([record({ project_title: null })]);
    expect(grant!.title).toBe("R01HL151234");
  });

  it("says where the person is found, record by record, and the strongest evidence", () => {
    const [r01] = collapseProjectsWithMatches(projects, okafor);
    expect(r01!.match!.evidence).toEqual({
      kind: "profile_id",
      strength: "strong",
      reason: "RePORTER profile id 20123456 on 1R01HL151234-01",
      profileId: 20123456,
    });
    expect(
      r01!.match!.records.map((found) => [found.projectNum, found.fiscalYear, found.isContactPi]),
    ).toEqual([
      ["1R01HL151234-01", 2019, true],
      ["5R01HL151234-02", 2020, true],
      ["3R01HL151234-03S1", 2021, true],
      ["5R01HL151234-03", 2021, true],
      ["5R01HL151234-04", 2022, true],
      ["2R01HL151234-05", 2024, true],
    ]);
    const [byName] = collapseProjectsWithMatches(projects, okaforByName);
    expect(byName!.match!.evidence).toMatchObject({ kind: "name", strength: "weak" });
  });

  it("leaves role and evidence out of a grant that does not name the person", () => {
    const [grant] = collapseProjectsWithMatches(projects, { firstName: "Wei", lastName: "Zhang" });
    expect(grant!.match).toEqual({ sourceId: "R01HL151234", records: [] });
    expect(grant!.candidate.grant).not.toHaveProperty("role");
  });
});

describe("matchPrincipalInvestigator", () => {
  const u01 = byNumber("1U01DK130987-01");

  it("finds the person by profile id: strong evidence", () => {
    expect(matchPrincipalInvestigator(u01, okafor)).toEqual({
      index: 1,
      investigator: u01.principalInvestigators[1],
      isContactPi: false,
      evidence: {
        kind: "profile_id",
        strength: "strong",
        reason: "RePORTER profile id 20123456 on 1U01DK130987-01",
        profileId: 20123456,
      },
    });
  });

  it("finds the person by name when no profile id is known: weak evidence", () => {
    expect(matchPrincipalInvestigator(u01, okaforByName)).toMatchObject({
      index: 1,
      isContactPi: false,
      evidence: {
        kind: "name",
        strength: "weak",
        // The matched PI's profile id is named, so that staff can confirm it.
        reason:
          'PI name "MARIA L OKAFOR" agrees with first and last name on 1U01DK130987-01 (RePORTER profile id 20123456)',
        profileId: 20123456,
      },
    });
    expect(matchPrincipalInvestigator(u01, { firstName: "Anjali", lastName: "Patel" })).toMatchObject({
      index: 0,
      isContactPi: true,
    });
  });

  it("accepts an initial for a first name, and folds case and diacritics", () => {
    const initialOnly = record({
      principal_investigators: [{ first_name: "M", last_name: "OKAFOR", is_contact_pi: true }],
    });
    expect(matchPrincipalInvestigator(initialOnly, okaforByName)?.evidence.reason).toBe(
      'PI name "M OKAFOR" agrees with last name and first initial on 5R01HL151234-02',
    );
    const accented = record({
      principal_investigators: [{ first_name: "JOSE", last_name: "NUNEZ-GARCIA", is_contact_pi: true }],
    });
    expect(matchPrincipalInvestigator(accented, { firstName: "José", lastName: "Núñez" })).toBeDefined();
  });

  it("does not take a namesake: another first name, another middle initial, another profile id", () => {
    const namesake = (pi: Record<string, unknown>): ReporterProject =>
      record({ principal_investigators: [{ last_name: "OKAFOR", is_contact_pi: true, ...pi }] });
    expect(matchPrincipalInvestigator(namesake({ first_name: "MICHAEL" }), okaforByName)).toBeUndefined();
    expect(
      matchPrincipalInvestigator(namesake({ first_name: "MARIA", middle_name: "K" }), {
        ...okaforByName,
        middleName: "L",
      }),
    ).toBeUndefined();
    expect(
      matchPrincipalInvestigator(namesake({ first_name: "MARIA", profile_id: 555 }), {
        ...okaforByName,
        profileId: 20123456,
      }),
    ).toBeUndefined();
    expect(
      matchPrincipalInvestigator(namesake({ first_name: "MARIA" }), {
        firstName: "Maria",
        lastName: "Okoye",
      }),
    ).toBeUndefined();
  });

  it("reads the contact PI name of a trimmed record that lists no PIs", () => {
    const trimmed = record({ principal_investigators: undefined, contact_pi_name: "OKAFOR, MARIA L" });
    const match = matchPrincipalInvestigator(trimmed, okafor);
    expect(match).toEqual({
      investigator: {
        firstName: "MARIA",
        middleName: "L",
        lastName: "OKAFOR",
        fullName: "MARIA L OKAFOR",
        isContactPi: true,
      },
      isContactPi: true,
      evidence: {
        kind: "name",
        strength: "weak",
        reason: 'PI name "MARIA L OKAFOR" agrees with first and last name on 5R01HL151234-02',
      },
    });
    expect(match).not.toHaveProperty("index");
  });
});
