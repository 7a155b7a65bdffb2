import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerReportCommands } from "../../src/cli/report.ts";
import type { CvRow } from "../../src/sources/cv/parse.ts";
import type { ItemKind, Prisma } from "../../src/generated/prisma/client.ts";
import type { CandidateItem, GrantRole } from "../../src/sources/candidate.ts";
import type { Metric } from "../../src/reconcile/classify.ts";
import type { windowsJson } from "../../src/reports/render-windows.ts";
import type { FacultyReport } from "../../src/reports/faculty-report.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

function run(...args: string[]) {
  return runCommand(registerReportCommands, args);
}

type WindowsJson = ReturnType<typeof windowsJson>;

/** Agreement with R's printed value (15 significant digits) to `digits` significant digits. */
function expectR(actual: number | null | undefined, expected: number, digits = 9): void {
  expect(actual).toBeTypeOf("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 10 ** -digits);
}

interface LineSpec {
  kind: ItemKind;
  metric: Metric | null;
  year: number | null;
  title: string;
  /** The link's status now; the ledger was built when it was accepted. */
  status?: "accepted" | "rejected";
  record?: { source: string; sourceId: string; payload: unknown };
  role?: GrantRole;
}

describe("report commands", () => {
  let testDb: TestDatabase;
  let dir: string;
  const itemIds = new Map<string, number>();

  async function addLine(facultyId: string, spec: LineSpec): Promise<void> {
    const { db } = testDb;
    const item = await db.item.create({ data: { kind: spec.kind, title: spec.title, year: spec.year } });
    itemIds.set(spec.title, item.id);
    const decidedAt = new Date("2024-01-01T00:00:00Z");
    await db.facultyItem.create({
      data: {
        facultyId,
        itemId: item.id,
        status: spec.status ?? "accepted",
        decidedBy: "test",
        decidedAt,
        evidence: {},
        role: spec.role ?? null,
      },
    });
    const name = spec.record ? `${spec.record.source}:${spec.record.sourceId}` : `cv:${spec.title}`;
    if (spec.record) {
      await db.sourceRecord.create({
        data: {
          source: spec.record.source,
          sourceId: spec.record.sourceId,
          itemId: item.id,
          payload: spec.record.payload as Prisma.InputJsonValue,
          payloadHash: spec.title,
          fetchedAt: decidedAt,
        },
      });
    }
    await db.ledgerEntry.create({
      data: {
        facultyId,
        itemId: item.id,
        memberItemIds: [item.id],
        kind: spec.kind,
        title: spec.title,
        year: spec.year,
        metric: spec.metric,
        counted: spec.metric !== null,
        rule: "test",
        rulesVersion: "test",
        reason: "test",
        role: spec.role ?? null,
        provenance: { why: [], from: { year: name, ...(spec.kind === "grant" ? { grant: name } : {}) } },
        computedAt: decidedAt,
      },
    });
  }

  const paper = (year: number, title: string, status?: "accepted" | "rejected"): LineSpec => ({
    kind: "publication",
    metric: "peer_reviewed_publications",
    year,
    title,
    ...(status ? { status } : {}),
  });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-report-"));
    const { db } = testDb;
    const person = (id: string, hireDate: string, programStart: string | null, cohort = "2013") => ({
      id,
      lastName: `Last${id}`,
      firstName: "First",
      email: `${id.toLowerCase()}@example.edu`,
      rank: "Assistant Professor",
      cohort,
      hireDate: new Date(hireDate),
      programStart: programStart === null ? null : new Date(programStart),
    });
    await db.faculty.createMany({
      data: [
        person("F1", "2005-08-01", "2013-09-01"),
        person("F2", "2012-07-01", "2014-01-15"),
        person("F3", "2010-01-01", null), // no output at all, no program start
        person("F4", "2001-09-01", "2013-09-01"),
        person("F5", "2008-09-01", "2013-09-01"),
        person("F9", "2008-09-01", "2014-09-01", "2014"),
      ],
    });

    const reporterGrant: CandidateItem = {
      source: "reporter",
      sourceId: "R01AI000001",
      kind: "grant",
      title: "F1 trial",
      year: 2012,
      otherIds: [],
      contributors: [],
      grant: { coreProjectNumber: "R01AI000001", startYear: 2012, endYear: 2015, role: "pi" },
    };
    const article = {
      kind: "article",
      pmid: "30000001",
      title: "F1 e-published in 2013",
      publicationDate: { year: 2014, month: 2 },
      electronicDate: { year: 2013, month: 11, day: 20 },
      languages: ["eng"],
      publicationTypes: ["Journal Article"],
      authors: [],
      grants: [],
      commentsCorrections: [],
      meshHeadings: [],
      keywords: [],
    } satisfies PubmedArticleRecord;
    const cvGrant: CvRow = {
      facultyId: "F2",
      kind: "grant",
      title: "F2 K award",
      year: 2014,
      role: "co_investigator",
      startYear: 2014,
      endYear: 2016,
    };
    const lines: Array<[string, LineSpec]> = [
      ["F1", paper(2012, "F1 paper 2012")],
      [
        "F1",
        {
          ...paper(2014, "F1 e-published in 2013"),
          record: { source: "pubmed", sourceId: "30000001", payload: article },
        },
      ],
      ["F1", paper(2015, "F1 paper 2015")],
      ["F1", paper(2016, "F1 paper 2016")],
      ["F1", { kind: "presentation", metric: "national_presentations", year: 2013, title: "F1 SGIM talk" }],
      [
        "F1",
        {
          kind: "grant",
          metric: "grants_pi_or_coi",
          year: 2012,
          title: "F1 trial",
          role: "pi",
          record: { source: "reporter", sourceId: "R01AI000001", payload: reporterGrant },
        },
      ],
      ["F1", { kind: "publication", metric: null, year: 2015, title: "F1 letter (not counted)" }],
      ["F2", paper(2013, "F2 paper 2013")],
      [
        "F2",
        {
          kind: "grant",
          metric: "grants_pi_or_coi",
          year: 2014,
          title: "F2 K award",
          role: "co_investigator",
          record: { source: "cv", sourceId: "F2/0123456789abcdef", payload: cvGrant },
        },
      ],
      ["F2", { kind: "presentation", metric: "other_presentations", year: 2015, title: "F2 grand rounds" }],
      ["F4", paper(2011, "F4 paper 2011a")],
      ["F4", paper(2011, "F4 paper 2011b")],
      ["F4", paper(2014, "F4 paper 2014")],
      ["F4", paper(2015, "F4 paper rejected since", "rejected")],
      ["F5", paper(2014, "F5 paper 2014")],
      ["F5", paper(2016, "F5 paper 2016")],
      ["F9", paper(2015, "F9 paper, another cohort")],
    ];
    for (const [facultyId, spec] of lines) await addLine(facultyId, spec);
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  const windows = (...extra: string[]) =>
    run("report", "windows", "--cohort", "2013", "--pre", "2011-2013", "--post", "2014-2016", ...extra);

  describe("report windows", () => {
    it("counts everyone in the cohort, a grant in both windows, and gives R's statistics in json", async () => {
      const result = await windows("--format", "json");
      expect(result.err).toBe("");
      expect(result.code).toBe(0);
      const json = JSON.parse(result.out) as WindowsJson;
      expect(json.cohort).toBe("2013");
      expect(json.pre).toEqual({ from: 2011, to: 2013 });
      expect(json.post).toEqual({ from: 2014, to: 2016 });
      expect(json.faculty.map((person) => person.facultyId)).toEqual(["F1", "F2", "F3", "F4", "F5"]);
      const counts = (metric: Metric) => json.faculty.map((person) => person.counts[metric]);
      // F4's paper whose link was rejected after the last reconcile is left out.
      expect(counts("peer_reviewed_publications")).toEqual([
        { pre: 1, post: 3 },
        { pre: 1, post: 0 },
        { pre: 0, post: 0 },
        { pre: 2, post: 1 },
        { pre: 0, post: 2 },
      ]);
      // F1's RePORTER grant, 2012-2015, counts in both windows; F2's CV grant, 2014-2016, after.
      expect(counts("grants_pi_or_coi")).toEqual([
        { pre: 1, post: 1 },
        { pre: 0, post: 1 },
        { pre: 0, post: 0 },
        { pre: 0, post: 0 },
        { pre: 0, post: 0 },
      ]);
      expect(json.faculty[2]!.counts).toEqual({
        peer_reviewed_publications: { pre: 0, post: 0 },
        national_presentations: { pre: 0, post: 0 },
        grants_pi_or_coi: { pre: 0, post: 0 },
        other_publications: { pre: 0, post: 0 },
        other_presentations: { pre: 0, post: 0 },
        grants_other: { pre: 0, post: 0 },
      });

      // R: pre <- c(1, 1, 0, 2, 0); post <- c(3, 0, 0, 1, 2)
      //    c(mean(pre), sd(pre), mean(post), sd(post))  # 0.8 0.836660026534076 1.2 1.30384048104053
      //    t.test(post, pre, paired = TRUE)  # t = 0.5897678246196, df = 4, p-value = 0.587049639787
      //                                      # 95% CI -1.48307668834844 2.28307668834844; mean difference 0.4
      //    wilcox.test(post, pre, paired = TRUE, exact = FALSE)  # V = 7, p-value = 0.577468662427
      //    d <- post - pre; mean(d) / sd(d)  # 0.263752189358315
      const papers = json.metrics[0]!;
      expect(papers.metric).toBe("peer_reviewed_publications");
      expect(papers.n).toBe(5);
      expect(papers.pre).toMatchObject({ total: 4, mean: 0.8 });
      expectR(papers.pre.sd, 0.836660026534076);
      expect(papers.post).toMatchObject({ total: 6, mean: 1.2 });
      expectR(papers.post.sd, 1.30384048104053);
      expectR(papers.meanDifference, 0.4);
      expectR(papers.ci95?.[0], -1.48307668834844);
      expectR(papers.ci95?.[1], 2.28307668834844);
      expectR(papers.t, 0.5897678246196);
      expect(papers.df).toBe(4);
      expectR(papers.p, 0.587049639787);
      expect(papers.wilcoxon.statistic).toBe(7);
      expectR(papers.wilcoxon.p, 0.577468662427);
      expectR(papers.effectSize, 0.263752189358315);

      // R: t.test(c(1, 1, 0, 0, 0), c(1, 0, 0, 0, 0), paired = TRUE)
      //    # t = 1, df = 4, p-value = 0.3739009663; 95% CI -0.355289021039559 0.755289021039559
      const grants = json.metrics[2]!;
      expect(grants.metric).toBe("grants_pi_or_coi");
      expect(grants.pre.total).toBe(1);
      expect(grants.post.total).toBe(2);
      expectR(grants.t, 1);
      expectR(grants.p, 0.3739009663);
      expectR(grants.ci95?.[0], -0.355289021039559);

      // F2 was hired 1 July 2012: on faculty for 1 + 184/366 years of the pre window.
      const f2 = json.faculty[1]!;
      expect(f2.pre.partial).toBe(true);
      expect(f2.pre.yearsOnFaculty).toBeCloseTo(1 + 184 / 366, 12);
      expect(f2.ratesPerYear.peer_reviewed_publications.pre).toBeCloseTo(1 / (1 + 184 / 366), 12);
      expect(json.notes.join("\n")).toContain("F2 (pre 1.50 of 3 years)");
      expect(json.notes.join("\n")).toMatch(/1 ledger line\(s\) rest on links no longer accepted .*F4 item/);
      expect(result.out).not.toContain("@example.edu");
    });

    it("prints the reference table's layout", async () => {
      const result = await windows();
      expect(result.code).toBe(0);
      const lines = result.out.split("\n");
      expect(lines[0]).toBe(
        "Cohort 2013: pre 2011-2013, post 2014-2016; n = 5, compared in pairs (per person)",
      );
      expect(lines[2]).toBe(
        "METRIC                            PRE TOTAL  PRE MEAN (SD)  POST TOTAL  POST MEAN (SD)  PAIRED T  P",
      );
      expect(lines[3]).toBe(
        "peer-reviewed publications        4          0.8 (0.8)      6           1.2 (1.3)       0.590     .587",
      );
      expect(lines[4]).toMatch(
        /^national presentations +1 +0\.2 \(0\.4\) +0 +0\.0 \(0\.0\) +-1\.000 +\.374$/,
      );
      expect(lines[5]).toMatch(
        /^PI or co-investigator on a grant +1 +0\.2 \(0\.4\) +2 +0\.4 \(0\.5\) +1\.000 +\.374$/,
      );
    });

    it("dates publications by their PubMed electronic date when asked", async () => {
      const result = await windows("--format", "json", "--date", "electronic");
      const json = JSON.parse(result.out) as WindowsJson;
      // F1's paper e-published in November 2013 (in print 2014) moves to the pre window.
      expect(json.faculty[0]!.counts.peer_reviewed_publications).toEqual({ pre: 2, post: 2 });
      // R: t.test(c(2, 0, 0, 1, 2), c(2, 1, 0, 2, 0), paired = TRUE)  # t = 0, df = 4, p-value = 1
      expect(json.metrics[0]!.t).toBe(0);
      expectR(json.metrics[0]!.p, 1);
      expect(json.notes.join("\n")).toContain(
        "Publications are dated by their PubMed electronic date; 9 without one by their publication year.",
      );
    });

    it("writes one csv row per person and metric, the notes beside it", async () => {
      const result = await windows("--format", "csv");
      expect(result.code).toBe(0);
      const rows = parse<Record<string, string>>(result.out, { columns: true });
      expect(rows).toHaveLength(5 * 6);
      expect(rows[0]).toMatchObject({
        faculty_id: "F1",
        metric: "peer_reviewed_publications",
        pre_count: "1",
      });
      expect(result.err).not.toContain("Left out");
      expect(result.err).toContain("F2 (pre 1.50 of 3 years)");
    });

    it("writes a standalone html page with --out", async () => {
      const out = path.join(dir, "windows.html");
      const result = await windows("--format", "html", "--out", out);
      expect(result).toEqual({ code: 0, out: `report of 5 person(s) written to ${out}\n`, err: "" });
      const html = await readFile(out, "utf8");
      expect(html.startsWith("<!doctype html>")).toBe(true);
      expect(html).toContain("<td>peer-reviewed publications</td>");
      expect(html.match(/<svg /g)).toHaveLength(7);
      expect(html).not.toContain("@example.edu");
    });

    it("compares windows relative to each program start, leaving out who has none", async () => {
      const result = await run(
        "report",
        "windows",
        "--cohort",
        "2013",
        "--relative",
        "--pre-years",
        "3",
        "--post-years",
        "3",
        "--format",
        "json",
      );
      expect(result.code).toBe(0);
      const json = JSON.parse(result.out) as WindowsJson;
      expect(json.pre).toEqual({ relative: "program_start", years: 3, from: -3, to: -1 });
      expect(json.post).toEqual({ relative: "program_start", years: 3, from: 0, to: 2 });
      expect(json.leftOut).toEqual([{ facultyId: "F3", reason: "no program_start on the roster" }]);
      expect(json.faculty.map((person) => [person.facultyId, person.pre.from, person.post.from])).toEqual([
        ["F1", 2010, 2013],
        ["F2", 2011, 2014],
        ["F4", 2010, 2013],
        ["F5", 2010, 2013],
      ]);
      // R: t.test(c(2, 0, 1, 1), c(1, 1, 2, 0), paired = TRUE)  # t = 0, df = 3, p-value = 1
      //    95% CI -1.83738623103708 1.83738623103708
      const papers = json.metrics[0]!;
      expect(json.faculty.map((person) => person.counts.peer_reviewed_publications)).toEqual([
        { pre: 1, post: 2 },
        { pre: 1, post: 0 },
        { pre: 2, post: 1 },
        { pre: 0, post: 1 },
      ]);
      expectR(papers.ci95?.[1], 1.83738623103708);
      expect(papers.df).toBe(3);
    });

    it("says which cohorts exist when the cohort has nobody, and refuses overlapping windows", async () => {
      const unknown = await run(
        "report",
        "windows",
        "--cohort",
        "1999",
        "--pre",
        "2011-2013",
        "--post",
        "2014",
      );
      expect(unknown.code).toBe(1);
      expect(unknown.err).toBe('Error: No faculty members in cohort "1999" (cohorts: 2013, 2014)\n');
      const overlapping = await run(
        "report",
        "windows",
        "--cohort",
        "2013",
        "--pre",
        "2011-2014",
        "--post",
        "2014-2016",
      );
      expect(overlapping.code).toBe(1);
      expect(overlapping.err).toContain("share years");
      const bad = await run("report", "windows", "--cohort", "2013", "--pre", "2011-13", "--post", "2014");
      expect(bad.code).toBe(1);
      expect(bad.err).toContain('"2011-13" is not a span of years');
    });
  });

  describe("report faculty", () => {
    it("lists a person's counts by year and metric with the items behind them", async () => {
      const result = await run("report", "faculty", "F1");
      expect(result.code).toBe(0);
      const lines = result.out.split("\n");
      expect(lines[0]).toBe(
        "F1 LastF1, First (Assistant Professor; cohort 2013; hired 2005-08-01; program start 2013-09-01)",
      );
      expect(lines[3]).toBe(
        "YEAR  PEER-REVIEWED PUBS  NATIONAL PRES  GRANTS PI/CO-I  OTHER PUBS  OTHER PRES  GRANTS OTHER",
      );
      expect(lines.slice(4, 9).map((line) => line.split(/ +/))).toEqual([
        ["2012", "1", "0", "1", "0", "0", "0"],
        ["2013", "0", "1", "1", "0", "0", "0"],
        ["2014", "1", "0", "1", "0", "0", "0"],
        ["2015", "1", "0", "1", "0", "0", "0"],
        ["2016", "1", "0", "0", "0", "0", "0"],
      ]);
      expect(result.out).toContain(`    item ${itemIds.get("F1 trial")}  F1 trial (2012-2015; pi)`);
      expect(result.out).not.toContain("letter");
      expect(result.out).not.toContain("@example.edu");
    });

    it("gives the same in json, with --from and --to", async () => {
      const result = await run(
        "report",
        "faculty",
        "F1",
        "--format",
        "json",
        "--from",
        "2013",
        "--to",
        "2014",
      );
      const json = JSON.parse(result.out) as FacultyReport;
      expect(json.years).toEqual({ from: 2013, to: 2014 });
      expect(json.byYear.map((year) => year.year)).toEqual([2013, 2014]);
      expect(json.byYear[1]!.items.grants_pi_or_coi).toEqual([itemIds.get("F1 trial")]);
      expect(json.items.find((item) => item.title === "F1 trial")).toMatchObject({
        years: { from: 2012, to: 2015 },
        datedBy: "active years from reporter:R01AI000001",
      });
      expect(json.items.map((item) => item.title)).not.toContain("F1 paper 2012");
    });

    it("says when a person has no counted output, and refuses an unknown id", async () => {
      const empty = await run("report", "faculty", "F3", "--format", "csv");
      expect(empty.code).toBe(0);
      expect(empty.out.trim()).toBe(
        "faculty_id,year,metric,item_id,kind,title,venue,active_from,active_to,role,author_position,dated_by",
      );
      const table = await run("report", "faculty", "F3");
      expect(table.out).toContain("No counted items in the ledger.");
      const unknown = await run("report", "faculty", "F404");
      expect(unknown).toEqual({ code: 1, out: "", err: "Error: No faculty member with id F404\n" });
    });
  });
});
