import { describe, expect, it } from "vitest";
import { grantKey, isInstitutionalGrant, parseGrantNumber } from "../../src/disambiguation/grant-numbers.ts";
import { matchName, nameForms, sameFirstName } from "../../src/disambiguation/name-match.ts";
import { buildFacultyProfile } from "../../src/disambiguation/profile.ts";
import {
  BASE_SCORE,
  checkThresholds,
  decide,
  DEFAULT_THRESHOLDS,
  describeScore,
  scoreEvidence,
} from "../../src/disambiguation/score.ts";
import { distinctiveTerms, findTerm, isDistinctiveTerm } from "../../src/identity/terms.ts";
import type { Evidence } from "../../src/identity/evidence.ts";

const weight = (value: number): Evidence => ({ kind: "initials", weight: value, reason: "test" });

describe("score arithmetic", () => {
  it("adds the weights to a base of 50 and clamps to 0-100, saying so", () => {
    expect(BASE_SCORE).toBe(50);
    expect(scoreEvidence([weight(10), weight(-30)])).toEqual({
      base: 50,
      weights: -20,
      total: 30,
      score: 30,
      clamped: false,
    });
    expect(scoreEvidence([weight(100), weight(-15)])).toMatchObject({
      total: 135,
      score: 100,
      clamped: true,
    });
    expect(scoreEvidence([weight(-100), weight(20)])).toMatchObject({ total: -30, score: 0, clamped: true });
    expect(describeScore([weight(10), weight(30), weight(-30)])).toBe("50 + 10 + 30 - 30 = 60");
    expect(describeScore([weight(100), weight(10)])).toBe("50 + 100 + 10 = 160, clamped to 100");
    expect(describeScore([])).toBe("50 = 50");
  });

  it("accepts at or above the accept threshold and rejects at or below the reject threshold", () => {
    expect(DEFAULT_THRESHOLDS).toEqual({ accept: 75, reject: 25 });
    expect(decide(75)).toBe("accepted");
    expect(decide(74)).toBe("pending");
    expect(decide(26)).toBe("pending");
    expect(decide(25)).toBe("rejected");
    expect(decide(60, { accept: 60, reject: 10 })).toBe("accepted");
    expect(decide(10, { accept: 60, reject: 10 })).toBe("rejected");
  });

  it("refuses thresholds that make no sense", () => {
    expect(checkThresholds({ accept: 80, reject: 20 })).toEqual({ accept: 80, reject: 20 });
    expect(() => checkThresholds({ accept: 20, reject: 20 })).toThrow(RangeError);
    expect(() => checkThresholds({ accept: 101, reject: 20 })).toThrow(/0 <= reject < accept <= 100/);
    expect(() => checkThresholds({ accept: 80, reject: -1 })).toThrow(RangeError);
    expect(() => checkThresholds({ accept: Number.NaN, reject: 0 })).toThrow(RangeError);
  });
});

describe("grant numbers", () => {
  it("compares NIH numbers on institute and serial, however PubMed, RePORTER or a person wrote them", () => {
    for (const written of [
      "R01 HL151234",
      "R01HL151234",
      "5R01HL151234-05",
      "R01-HL-151234",
      "HL151234",
      "1R01HL151234-01A1",
    ])
      expect(grantKey(written), written).toBe("HL151234");
    expect(parseGrantNumber("5R01HL151234-05")).toEqual({
      key: "HL151234",
      display: "R01HL151234",
      activityCode: "R01",
    });
    expect(parseGrantNumber("HL-151234")).toEqual({ key: "HL151234", display: "HL151234" });
  });

  it("keeps other funders' numbers as written, and ignores what is too short to mean anything", () => {
    expect(parseGrantNumber("AHA 19CDA34660032")).toEqual({
      key: "AHA19CDA34660032",
      display: "AHA 19CDA34660032",
    });
    expect(parseGrantNumber("123")).toBeUndefined();
    expect(parseGrantNumber("none given")).toBeUndefined();
    expect(parseGrantNumber(undefined)).toBeUndefined();
  });

  it("tells an institution's centre and training grants from an investigator's", () => {
    expect(isInstitutionalGrant(parseGrantNumber("UL1 TR001860")!)).toBe(true);
    expect(isInstitutionalGrant(parseGrantNumber("P30 AG012345")!)).toBe(true);
    expect(isInstitutionalGrant(parseGrantNumber("T32 HL007180")!)).toBe(true);
    expect(isInstitutionalGrant(parseGrantNumber("K23 HL151234")!)).toBe(false);
    expect(isInstitutionalGrant(parseGrantNumber("HL151234")!)).toBe(false);
  });
});

describe("affiliation terms", () => {
  it("keeps institution names and drops terms made only of department words", () => {
    expect(isDistinctiveTerm("Northfield University")).toBe(true);
    expect(isDistinctiveTerm("Port Ellery VA Medical Center")).toBe(true);
    expect(isDistinctiveTerm("Department of Medicine")).toBe(false);
    expect(isDistinctiveTerm("Division of General Internal Medicine")).toBe(false);
    expect(isDistinctiveTerm("VA Medical Center")).toBe(false);
    expect(isDistinctiveTerm("Innere Medizin")).toBe(false);
    expect(distinctiveTerms(["Northfield University", "northfield university", "Epidemiology", " "])).toEqual(
      ["Northfield University"],
    );
  });

  it("finds a term as whole words, diacritics and case folded", () => {
    expect(findTerm("Dept. of Medicine, Universität Zürich, Zürich", ["Universitat Zurich"])).toBe(
      "Universitat Zurich",
    );
    expect(findTerm("Northfield Universityhospital", ["Northfield University"])).toBeUndefined();
  });
});

describe("names", () => {
  it("agrees on prefixes of three letters or more and common nicknames, not on short prefixes", () => {
    expect(sameFirstName("chris", "christopher")).toBe(true);
    expect(sameFirstName("jim", "james")).toBe(true);
    expect(sameFirstName("li", "lin")).toBe(false);
    expect(sameFirstName("jae", "james")).toBe(false);
  });

  it("drops variants that only shorten the roster name", () => {
    const forms = nameForms({
      lastName: "Lee",
      firstName: "James",
      middleName: "A",
      nameVariants: ["Lee, James", "J. A. Lee", "Lee-Park, James A"],
    });
    expect(forms.map((form) => `${form.last}|${form.given.join(" ")}`)).toEqual([
      "lee|james a",
      "lee park|james a",
    ]);
  });

  it("matches hyphenated and accented given names as PubMed writes them", () => {
    const forms = nameForms({ lastName: "Kim", firstName: "Soo-Jin" });
    expect(
      matchName(forms, { lastName: "Kim", foreName: "Soo Jin", initials: "SJ", display: "Kim Soo Jin" })
        ?.weight,
    ).toBeGreaterThan(0);
    const nunez = nameForms({ lastName: "Núñez", firstName: "María", middleName: "José" });
    expect(
      matchName(nunez, {
        lastName: "Nunez",
        foreName: "Maria J",
        initials: "MJ",
        display: "Nunez Maria J",
      })?.evidence.map((e) => e.kind),
    ).toEqual(["full_first_name", "middle_initial_agrees"]);
    expect(
      matchName(nunez, { lastName: "Nunez", foreName: "Pedro", display: "Nunez Pedro" }),
    ).toBeUndefined();
  });
});

describe("faculty profile", () => {
  it("gathers names, terms, e-mails, years and grants from the roster and ORCID", () => {
    const profile = buildFacultyProfile({
      id: "F001",
      lastName: " Núñez ",
      firstName: "María",
      middleName: "",
      nameVariants: ["Nunez, Maria Jose"],
      orcidNameVariants: ["Nunez, Maria Jose", "María José Núñez"],
      orcid: "https://orcid.org/0000-0002-1825-0097",
      affiliationTerms: ["Northfield University", "Department of Medicine"],
      orcidAffiliationTerms: ["Northfield University", "University of Westmark", "Epidemiology"],
      email: " Maria.Nunez@Northfield.edu ",
      hireDate: new Date(Date.UTC(2012, 6, 1)),
      grantNumbers: ["HL151234", "K23 HL151234", "not a number"],
      colleagues: [
        { id: "F001", lastName: "Núñez", firstName: "María" },
        { id: "F002", lastName: "Chen", firstName: "Wei" },
      ],
    });
    expect(profile).toMatchObject({
      lastName: "Núñez",
      middleName: null,
      nameVariants: ["Nunez, Maria Jose", "María José Núñez"],
      orcid: "0000-0002-1825-0097",
      homeTerms: ["Northfield University"],
      pastTerms: ["University of Westmark"],
      emails: ["maria.nunez@northfield.edu"],
      hireYear: 2012,
      careerStartYear: null,
      reporterProfileId: null,
      colleagues: [{ lastName: "Chen", firstName: "Wei", middleName: null }],
    });
    // The writing that names the activity code wins; text that is no grant number is left out.
    expect(profile.grants.map((grant) => grant.display)).toEqual(["K23HL151234"]);
    expect(
      buildFacultyProfile({ id: "F9", lastName: "Roe", firstName: "Ann", hireDate: "2016-07-01" }).hireYear,
    ).toBe(2016);
  });
});

describe("initials written as the fore name", () => {
  const alice = nameForms({ lastName: "Smith", firstName: "Alice", middleName: "Anne" });

  it('reads MEDLINE\'s older fore name "AA" as initials, not as a first name that conflicts', () => {
    const match = matchName(alice, {
      lastName: "Smith",
      foreName: "AA",
      initials: "AA",
      display: "Smith AA",
    });
    expect(match!.evidence.map((piece) => piece.kind)).toEqual(["initials", "middle_initial_agrees"]);
    expect(match!.weight).toBeGreaterThan(0);
  });

  it("still reads a spelled-out name that differs as another first name", () => {
    const match = matchName(alice, {
      lastName: "Smith",
      foreName: "Amy A",
      initials: "AA",
      display: "Smith Amy A",
    });
    expect(match!.evidence.map((piece) => piece.kind)).toContain("first_name_conflict");
    const other = matchName(alice, {
      lastName: "Smith",
      foreName: "AB",
      initials: "AB",
      display: "Smith AB",
    });
    expect(other!.evidence.map((piece) => piece.kind)).toEqual(["initials", "middle_initial_conflict"]);
  });
});
