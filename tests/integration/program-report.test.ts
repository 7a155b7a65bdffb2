import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerProgramCommands } from "../../src/cli/program.ts";
import { NotFoundError } from "../../src/errors.ts";
import { importMentoring } from "../../src/services/mentoring-import.ts";
import { programReport } from "../../src/services/program.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const run = (...args: string[]) => runCommand(registerProgramCommands, args);

const MENTORSHIPS = [
  "mentor_id,mentee_id,start_date,end_date,kind",
  "M1,A1,2012-01-01,,formal",
  "M1,A2,2013-09-01,,formal",
  "M2,A3,2013-09-01,2014-03-01,formal",
  "M2,A4,2013-07-01,,informal",
  "M2,A5,2015-01-01,,formal",
  "M1,A3,2014-03-02,,formal",
].join("\n");

const MEETINGS = [
  "mentor_id,mentee_id,date,minutes,topics",
  "M1,A1,2013-06-01,60,before the baseline",
  "M1,A1,2013-08-01,60,",
  "M1,A1,2013-11-01,60,",
  "M1,A1,2014-02-01,60,",
  "M1,A1,2014-05-01,60,",
  "M1,A2,2013-10-01,45,",
  "M1,A2,2014-04-01,45,",
  "M2,A3,2013-10-15,30,",
  "M2,A1,2014-01-10,30,no mentorship record",
].join("\n");

const PLANS = [
  "faculty_id,year,submitted_date,reviewed_with_mentor_date,goals",
  "A1,2013,2013-03-01,2013-04-01,",
  "A1,2014,2014-02-01,,",
  "A2,2014,2014-06-30,,",
  "A3,2012,2012-06-30,,",
  "A4,2014,,,",
].join("\n");

interface ProgramJson {
  n: number;
  dyads: Record<string, number>;
  meetings: { total: number; outsideDyads: number; perDyadPerYear: Record<string, number | null> };
  shares: Array<{
    measure: string;
    baseline: { yes: number; facultyIds: string[] };
    followup: { yes: number; facultyIds: string[] };
    discordant: { noToYes: number; yesToNo: number };
    statistic: number | null;
    p: number | null;
  }>;
  dyadActivity: Array<{ mentorId: string; menteeId: string; meetings: number; meetingsPerYear: number }>;
  windows: {
    pre: { from: number; to: number };
    post: { from: number; to: number };
    metrics: Array<{ metric: string; pre: { total: number }; post: { total: number } }>;
  };
  survey: { items: Array<{ item: string; n: number; pre: { yes: number }; post: { yes: number } }> } | null;
}

describe("program report", () => {
  let testDb: TestDatabase;
  let dir: string;

  async function paper(facultyId: string, year: number, title: string) {
    const { db } = testDb;
    const item = await db.item.create({ data: { kind: "publication", title, year } });
    const at = new Date("2020-01-01T00:00:00Z");
    await db.facultyItem.create({
      data: {
        facultyId,
        itemId: item.id,
        status: "accepted",
        decidedBy: "test",
        decidedAt: at,
        evidence: {},
      },
    });
    await db.ledgerEntry.create({
      data: {
        facultyId,
        itemId: item.id,
        memberItemIds: [item.id],
        kind: "publication",
        title,
        year,
        metric: "peer_reviewed_publications",
        counted: true,
        rule: "test",
        rulesVersion: "test",
        reason: "test",
        provenance: { why: [], from: {} },
        computedAt: at,
      },
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-program-"));
    const { db } = testDb;
    await db.faculty.createMany({
      data: [
        ...["M1", "M2"].map((id) => ({ id, lastName: `Mentor${id}`, firstName: "M" })),
        ...["A1", "A2", "A3", "A4", "A5"].map((id) => ({
          id,
          lastName: `Mentee${id}`,
          firstName: "A",
          cohort: "P",
        })),
      ],
    });
    for (const text of [MENTORSHIPS, MEETINGS, PLANS]) {
      const result = await importMentoring(db, text);
      expect(result.errors).toEqual([]);
    }
    await paper("A1", 2012, "A1 before");
    await paper("A1", 2014, "A1 after");
    await paper("A2", 2014, "A2 after one");
    await paper("A2", 2014, "A2 after two");
    await paper("A3", 2010, "A3 before either window");
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  it("counts dyads, meetings, formal mentoring and IDP use as worked out by hand", async () => {
    const result = await run(
      "program",
      "report",
      "--cohort",
      "P",
      "--baseline",
      "2013-07-01",
      "--followup",
      "2014-06-30",
      "--format",
      "json",
    );
    expect(result.err).toBe("");
    const report = JSON.parse(result.out) as ProgramJson;
    expect(report.n).toBe(5);
    // A5's mentorship starts after the follow-up; A4's starts on the baseline day (not after it).
    expect(report.dyads).toEqual({
      formed: 5,
      formedInPeriod: 3,
      formal: 4,
      informal: 1,
      activeAtBaseline: 2,
      activeAtFollowup: 4,
      mentors: 2,
    });
    // The meeting before the baseline is out; M2 and A1 have no mentorship record.
    expect(report.meetings.total).toBe(8);
    expect(report.meetings.outsideDyads).toBe(1);
    // Days each dyad ran in the period: 365, 303, 182, 365, 121.
    const rates = [(4 * 365.25) / 365, (2 * 365.25) / 303, 365.25 / 182, 0, 0];
    const perDyad = Object.fromEntries(
      report.dyadActivity.map((dyad) => [`${dyad.mentorId}-${dyad.menteeId}`, dyad.meetingsPerYear]),
    );
    expect(perDyad["M1-A1"]).toBeCloseTo(rates[0]!, 10);
    expect(perDyad["M1-A2"]).toBeCloseTo(rates[1]!, 10);
    expect(perDyad["M2-A3"]).toBeCloseTo(rates[2]!, 10);
    expect(perDyad["M2-A4"]).toBe(0);
    expect(perDyad["M1-A3"]).toBe(0);
    expect(report.meetings.perDyadPerYear.dyads).toBe(5);
    expect(report.meetings.perDyadPerYear.mean).toBeCloseTo(rates.reduce((a, b) => a + b) / 5, 10);
    expect(report.meetings.perDyadPerYear.median).toBeCloseTo(365.25 / 182, 10);

    const [formal, idp] = report.shares;
    expect(formal).toMatchObject({
      measure: "formal_mentor",
      baseline: { yes: 1, facultyIds: ["A1"] },
      followup: { yes: 3, facultyIds: ["A1", "A2", "A3"] },
      discordant: { noToYes: 2, yesToNo: 0 },
    });
    // McNemar with continuity correction: (|2 - 0| - 1)^2 / 2 = 0.5; R: pchisq(0.5, 1, lower = FALSE).
    expect(formal!.statistic).toBeCloseTo(0.5, 10);
    expect(formal!.p).toBeCloseTo(0.4795001, 6);
    // A3's 2012 plan was submitted more than a year before the baseline; A4's was never submitted.
    expect(idp).toMatchObject({
      measure: "idp",
      baseline: { yes: 1, facultyIds: ["A1"] },
      followup: { yes: 2, facultyIds: ["A1", "A2"] },
      discordant: { noToYes: 1, yesToNo: 0 },
      statistic: 0,
      p: 1,
    });
  });

  it("compares productivity in the default windows around the baseline year, as report windows does", async () => {
    const result = await run(
      "program",
      "report",
      "--cohort",
      "P",
      "--baseline",
      "2013-07-01",
      "--followup",
      "2014-06-30",
      "--format",
      "json",
    );
    const { windows } = JSON.parse(result.out) as ProgramJson;
    expect(windows.pre).toEqual({ from: 2011, to: 2013 });
    expect(windows.post).toEqual({ from: 2014, to: 2014 });
    const papers = windows.metrics.find((metric) => metric.metric === "peer_reviewed_publications");
    expect(papers).toMatchObject({ pre: { total: 1 }, post: { total: 3 } });
  });

  it("adds the survey tables when survey files are given, and writes a printable HTML file", async () => {
    const pre = path.join(dir, "pre.csv");
    const post = path.join(dir, "post.csv");
    await writeFile(pre, "respondent_id,formal_mentor\nr1,no\nr2,no\nr3,yes\nr4,no\n");
    await writeFile(post, "respondent_id,formal_mentor\nr1,yes\nr2,yes\nr3,yes\nr5,no\n");
    const json = await run(
      "program",
      "report",
      "--cohort",
      "P",
      "--baseline",
      "2013-07-01",
      "--followup",
      "2014-06-30",
      "--pre",
      "2011-2013",
      "--post",
      "2014-2016",
      "--survey-pre",
      pre,
      "--survey-post",
      post,
      "--format",
      "json",
    );
    const { survey, windows } = JSON.parse(json.out) as ProgramJson;
    expect(windows.post).toEqual({ from: 2014, to: 2016 });
    expect(survey!.items.map(({ item, n, pre, post }) => [item, n, pre.yes, post.yes])).toEqual([
      ["formal_mentor", 3, 1, 3],
    ]);

    const out = path.join(dir, "program.html");
    const html = await run(
      "program",
      "report",
      "--cohort",
      "P",
      "--baseline",
      "2013-07-01",
      "--followup",
      "2014-06-30",
      "--survey-pre",
      pre,
      "--survey-post",
      post,
      "--out",
      out,
    );
    expect(html.code).toBe(0);
    const page = await readFile(out, "utf8");
    expect(page).toContain("Table 1. Dyads and meetings");
    expect(page).toContain("1 of 5 (20%)");
    expect(page).toContain("3 of 5 (60%)");
    expect(page).toContain("Survey outcomes");
    expect(page).toContain("@media print");
  });

  it("refuses mismatched options as usage errors and shows the report to admins only", async () => {
    const base = [
      "program",
      "report",
      "--cohort",
      "P",
      "--baseline",
      "2014-07-01",
      "--followup",
      "2014-06-30",
    ];
    expect((await run(...base)).code).toBe(2);
    expect(
      (
        await run(
          "program",
          "report",
          "--cohort",
          "P",
          "--baseline",
          "2013-07-01",
          "--followup",
          "2014-06-30",
          "--pre",
          "2011-2013",
        )
      ).code,
    ).toBe(2);
    const survey = await run(
      "program",
      "report",
      "--cohort",
      "P",
      "--baseline",
      "2013-07-01",
      "--followup",
      "2014-06-30",
      "--survey-pre",
      "x.csv",
    );
    expect(survey.code).toBe(2);
    const mentor = { userId: 1, role: "mentor" as const, facultyId: "M1", name: "m" };
    await expect(
      programReport(testDb.db, mentor, { cohort: "P", baseline: "2013-07-01", followup: "2014-06-30" }),
    ).rejects.toThrow(NotFoundError);
  });
});
