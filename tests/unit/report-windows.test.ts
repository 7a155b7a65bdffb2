import { describe, expect, it } from "vitest";
import { METRICS } from "../../src/reconcile/classify.ts";
import {
  countInWindow,
  countWindows,
  fixedWindows,
  parseYearSpan,
  relativeWindows,
  yearsOnFaculty,
  type CohortMember,
  type DatedLine,
  type WindowSpec,
} from "../../src/reports/windows.ts";

const PRE = { from: 2011, to: 2013 };
const POST = { from: 2014, to: 2016 };
const FIXED: WindowSpec = { kind: "fixed", pre: PRE, post: POST };

function line(
  facultyId: string,
  itemId: number,
  metric: DatedLine["metric"],
  from: number,
  to = from,
): DatedLine {
  return { facultyId, itemId, metric, years: { from, to } };
}

function member(facultyId: string, fields: Partial<CohortMember> = {}): CohortMember {
  return { facultyId, hireDate: "2005-08-15", programStart: "2013-09-01", ...fields };
}

describe("parseYearSpan", () => {
  it("reads a span of years and a single year", () => {
    expect(parseYearSpan("2011-2013")).toEqual({ from: 2011, to: 2013 });
    expect(parseYearSpan(" 2014 ")).toEqual({ from: 2014, to: 2014 });
  });

  it("refuses what is not a span, and a span that ends before it starts", () => {
    expect(() => parseYearSpan("2011-13")).toThrow(/not a span of years/);
    expect(() => parseYearSpan("2013-2011")).toThrow(/ends before it starts/);
  });

  it("refuses fixed windows that share a year", () => {
    expect(() => fixedWindows({ from: 2011, to: 2014 }, POST)).toThrow(/share years/);
    expect(fixedWindows(PRE, POST)).toEqual(FIXED);
  });
});

describe("countInWindow", () => {
  it("counts a publication in the window of its year only", () => {
    const lines = [line("F1", 1, "peer_reviewed_publications", 2013)];
    expect(countInWindow(lines, PRE).peer_reviewed_publications).toBe(1);
    expect(countInWindow(lines, POST).peer_reviewed_publications).toBe(0);
    expect(
      countInWindow([line("F1", 2, "peer_reviewed_publications", 2017)], POST).peer_reviewed_publications,
    ).toBe(0);
  });

  it("counts a grant active in both windows in both", () => {
    const grant = [line("F1", 3, "grants_pi_or_coi", 2012, 2015)];
    expect(countInWindow(grant, PRE).grants_pi_or_coi).toBe(1);
    expect(countInWindow(grant, POST).grants_pi_or_coi).toBe(1);
  });

  it("counts a grant that ended before the window in neither", () => {
    expect(countInWindow([line("F1", 4, "grants_other", 2005, 2010)], PRE).grants_other).toBe(0);
  });
});

describe("countWindows", () => {
  it("gives a person with no output a zero in every metric and window", () => {
    const { people, leftOut } = countWindows(
      [member("F1"), member("F2")],
      [line("F1", 1, "national_presentations", 2015)],
      FIXED,
    );
    expect(leftOut).toEqual([]);
    expect(people.map((person) => person.facultyId)).toEqual(["F1", "F2"]);
    expect(people[0]!.counts.national_presentations).toEqual({ pre: 0, post: 1 });
    for (const metric of METRICS) expect(people[1]!.counts[metric]).toEqual({ pre: 0, post: 0 });
  });

  it("puts relative windows before and from each person's program-start year", () => {
    expect(relativeWindows(2013, 3, 2)).toEqual({
      pre: { from: 2010, to: 2012 },
      post: { from: 2013, to: 2014 },
    });
    const lines = [
      line("F1", 1, "peer_reviewed_publications", 2012),
      line("F1", 2, "peer_reviewed_publications", 2013),
      line("F2", 3, "peer_reviewed_publications", 2012),
    ];
    const { people, leftOut } = countWindows(
      [member("F1"), member("F2", { programStart: "2015-01-01" }), member("F3", { programStart: null })],
      lines,
      { kind: "relative", preYears: 3, postYears: 3 },
    );
    expect(people).toHaveLength(2);
    expect(people[0]).toMatchObject({
      pre: { from: 2010, to: 2012 },
      post: { from: 2013, to: 2015 },
      counts: { peer_reviewed_publications: { pre: 1, post: 1 } },
    });
    expect(people[1]).toMatchObject({
      pre: { from: 2012, to: 2014 },
      post: { from: 2015, to: 2017 },
      counts: { peer_reviewed_publications: { pre: 1, post: 0 } },
    });
    expect(leftOut).toEqual([{ facultyId: "F3", reason: "no program_start on the roster" }]);
  });

  it("flags a person hired mid-window and gives their rate per year on faculty", () => {
    const lines = [
      line("F1", 1, "peer_reviewed_publications", 2011), // before the hire year: not on faculty
      line("F1", 2, "peer_reviewed_publications", 2012),
      line("F1", 3, "peer_reviewed_publications", 2013),
      line("F1", 4, "peer_reviewed_publications", 2013),
      line("F1", 5, "peer_reviewed_publications", 2015),
    ];
    const { people } = countWindows([member("F1", { hireDate: "2012-07-01" })], lines, FIXED);
    const [person] = people;
    // 2012 is a leap year: 1 July leaves 184 of its 366 days.
    const years = 1 + 184 / 366;
    expect(person!.pre).toMatchObject({ from: 2011, to: 2013, partial: true });
    expect(person!.pre.yearsOnFaculty).toBeCloseTo(years, 12);
    expect(person!.post).toEqual({ from: 2014, to: 2016, yearsOnFaculty: 3, partial: false });
    // The paired comparison uses the whole window's count; the rate only what was on faculty.
    expect(person!.counts.peer_reviewed_publications).toEqual({ pre: 4, post: 1 });
    expect(person!.ratesPerYear.peer_reviewed_publications.pre).toBeCloseTo(3 / years, 12);
    expect(person!.ratesPerYear.peer_reviewed_publications.post).toBeCloseTo(1 / 3, 12);
  });

  it("gives no rate for a window before the hire date, and takes a missing hire date as on faculty", () => {
    const { people } = countWindows(
      [member("F1", { hireDate: "2014-01-01" }), member("F2", { hireDate: null })],
      [line("F1", 1, "grants_pi_or_coi", 2013, 2014)],
      FIXED,
    );
    expect(people[0]!.pre).toMatchObject({ yearsOnFaculty: 0, partial: true });
    expect(people[0]!.ratesPerYear.grants_pi_or_coi).toEqual({ pre: null, post: 1 / 3 });
    expect(people[0]!.post.partial).toBe(false);
    expect(people[1]!.pre).toMatchObject({ yearsOnFaculty: 3, partial: false });
  });

  it("counts the years on faculty from the hire date", () => {
    expect(yearsOnFaculty("2011-01-01", PRE)).toBe(3);
    expect(yearsOnFaculty("2010-12-31", PRE)).toBe(3);
    expect(yearsOnFaculty("2013-12-31", PRE)).toBeCloseTo(1 / 365, 12);
    expect(yearsOnFaculty("2017-03-01", POST)).toBe(0);
    expect(yearsOnFaculty(null, POST)).toBe(3);
  });
});
