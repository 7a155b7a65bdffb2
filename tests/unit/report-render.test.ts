import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import type { Metric } from "../../src/reconcile/classify.ts";
import { renderWindows, WINDOWS_CSV_COLUMNS, windowsJson } from "../../src/reports/render-windows.ts";
import {
  assembleWindowsReport,
  type LedgerLineView,
  type WindowsRequest,
} from "../../src/reports/windows-report.ts";
import type { CohortMember } from "../../src/reports/windows.ts";

const NOW = new Date("2026-06-01T00:00:00Z");
const FIXED: WindowsRequest = {
  cohort: "2013",
  spec: { kind: "fixed", pre: { from: 2011, to: 2013 }, post: { from: 2014, to: 2016 } },
  date: "publication",
  now: NOW,
};

let nextItemId = 1;

/** `count` ledger lines of one metric for one person, all in one year. */
function lines(facultyId: string, metric: Metric, year: number, count: number): LedgerLineView[] {
  return Array.from({ length: count }, () => ({
    facultyId,
    itemId: nextItemId++,
    memberItemIds: [],
    kind: metric.startsWith("grants")
      ? "grant"
      : metric.endsWith("presentations")
        ? "presentation"
        : "publication",
    metric,
    title: "t",
    venue: null,
    year,
    role: null,
    authorPosition: null,
    years: { from: year, to: year },
    datedBy: "publication year",
  }));
}

function members(count: number, fields: Partial<CohortMember> = {}): CohortMember[] {
  return Array.from({ length: count }, (_, index) => ({
    facultyId: `F${String(index + 1).padStart(2, "0")}`,
    hireDate: "2005-07-01",
    programStart: "2013-09-01",
    ...fields,
  }));
}

function ledger(lineList: LedgerLineView[]) {
  return { lines: lineList, notAccepted: [], unreconciled: new Map<string, number>() };
}

// The reference evaluation's shape: 29 people, peer-reviewed publications totalling 38 before and 104 after.
// R: pre  <- c(0,0,0,0,0,0,0,0,0,0,0,0,0,1,1,1,1,1,1,2,2,2,2,3,3,4,5,9,0)
//    post <- c(0,0,0,0,2,1,0,3,0,0,2,1,2,4,1,3,2,5,3,4,6,2,8,7,5,4,12,24,3)
//    c(sum(pre), mean(pre), sd(pre), sum(post), mean(post), sd(post))  # 38 1.310345 2.001846 104 3.586207 4.829354
//    t.test(post, pre, paired = TRUE)  # t = 3.977883851714, df = 28, p-value = 0.000445864481835,
//                                      # 95% CI 1.10390926953897 3.44781486839206, mean difference 2.27586206896552
//    wilcox.test(post, pre, paired = TRUE, exact = FALSE)  # V = 190, p-value = 0.000128490914876
//    d <- post - pre; mean(d) / sd(d)  # 0.738674487073066
const REFERENCE_PRE = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 4, 5, 9, 0];
const REFERENCE_POST = [
  0, 0, 0, 0, 2, 1, 0, 3, 0, 0, 2, 1, 2, 4, 1, 3, 2, 5, 3, 4, 6, 2, 8, 7, 5, 4, 12, 24, 3,
];

function referenceReport() {
  const cohort = members(29);
  const lineList = cohort.flatMap((member, index) => [
    ...lines(member.facultyId, "peer_reviewed_publications", 2012, REFERENCE_PRE[index]!),
    ...lines(member.facultyId, "peer_reviewed_publications", 2015, REFERENCE_POST[index]!),
  ]);
  return assembleWindowsReport(FIXED, cohort, ledger(lineList));
}

describe("windows table", () => {
  it("has the reference table's columns and reproduces its layout for 29 people, 38 and 104", () => {
    const text = renderWindows(referenceReport(), "table");
    const [title, blank, head, first, second, third] = text.split("\n");
    expect(title).toBe("Cohort 2013: pre 2011-2013, post 2014-2016; n = 29, compared in pairs (per person)");
    expect(blank).toBe("");
    expect(head!.split(/ {2,}/)).toEqual([
      "METRIC",
      "PRE TOTAL",
      "PRE MEAN (SD)",
      "POST TOTAL",
      "POST MEAN (SD)",
      "PAIRED T",
      "P",
    ]);
    expect(first!.split(/ {2,}/)).toEqual([
      "peer-reviewed publications",
      "38",
      "1.3 (2.0)",
      "104",
      "3.6 (4.8)",
      "3.978",
      "<.001",
    ]);
    // The three headline metrics first, in the reference table's order.
    expect(second).toMatch(/^national presentations +0 +0\.0 \(0\.0\) +0 +0\.0 \(0\.0\) +n\/a +n\/a$/);
    expect(third).toMatch(/^PI or co-investigator on a grant /);
    expect(text).toContain("national presentations: every difference is 0");
  });
});

describe("windows json", () => {
  it("has exactly the documented shape, R's statistics and every metric for every person", () => {
    const json = JSON.parse(renderWindows(referenceReport(), "json")) as ReturnType<typeof windowsJson>;
    expect(Object.keys(json).slice(0, 5)).toEqual(["cohort", "pre", "post", "metrics", "faculty"]);
    expect(json.cohort).toBe("2013");
    expect(json.pre).toEqual({ from: 2011, to: 2013 });
    expect(json.post).toEqual({ from: 2014, to: 2016 });
    expect(json.metrics.map((metric) => metric.metric)).toEqual([
      "peer_reviewed_publications",
      "national_presentations",
      "grants_pi_or_coi",
      "other_publications",
      "other_presentations",
      "grants_other",
    ]);
    const [papers] = json.metrics;
    expect(Object.keys(papers!)).toEqual(
      expect.arrayContaining([
        "metric",
        "n",
        "pre",
        "post",
        "meanDifference",
        "ci95",
        "t",
        "df",
        "p",
        "wilcoxon",
        "effectSize",
      ]),
    );
    expect(papers!.n).toBe(29);
    expect(Object.keys(papers!.pre)).toEqual(["total", "mean", "sd"]);
    expect(papers!.pre.total).toBe(38);
    expect(papers!.pre.mean).toBeCloseTo(1.310345, 6);
    expect(papers!.pre.sd).toBeCloseTo(2.001846, 6);
    expect(papers!.post.total).toBe(104);
    expect(papers!.post.sd).toBeCloseTo(4.829354, 6);
    expect(papers!.meanDifference).toBeCloseTo(2.27586206896552, 12);
    expect(papers!.ci95![0]).toBeCloseTo(1.10390926953897, 10);
    expect(papers!.ci95![1]).toBeCloseTo(3.44781486839206, 10);
    expect(papers!.t).toBeCloseTo(3.977883851714, 10);
    expect(papers!.df).toBe(28);
    expect(papers!.p).toBeCloseTo(0.000445864481835, 12);
    expect(papers!.wilcoxon.statistic).toBe(190);
    expect(papers!.wilcoxon.p).toBeCloseTo(0.000128490914876, 12);
    expect(papers!.effectSize).toBeCloseTo(0.738674487073066, 10);

    expect(json.faculty).toHaveLength(29);
    const person = json.faculty[27]!;
    expect(person.facultyId).toBe("F28");
    expect(Object.keys(person.counts)).toEqual(json.metrics.map((metric) => metric.metric));
    expect(person.counts.peer_reviewed_publications).toEqual({ pre: 9, post: 24 });
    expect(person.counts.grants_other).toEqual({ pre: 0, post: 0 });
  });

  it("says relative, with the years counted, and lists who was left out", () => {
    const cohort = [...members(2), { facultyId: "F03", hireDate: null, programStart: null }];
    const report = assembleWindowsReport(
      { ...FIXED, spec: { kind: "relative", preYears: 3, postYears: 2 } },
      cohort,
      ledger(lines("F01", "national_presentations", 2013, 2)),
    );
    const json = windowsJson(report);
    expect(json.pre).toEqual({ relative: "program_start", years: 3, from: -3, to: -1 });
    expect(json.post).toEqual({ relative: "program_start", years: 2, from: 0, to: 1 });
    expect(json.faculty.map((person) => person.facultyId)).toEqual(["F01", "F02"]);
    expect(json.faculty[0]!.pre).toMatchObject({ from: 2010, to: 2012 });
    expect(json.faculty[0]!.counts.national_presentations).toEqual({ pre: 0, post: 2 });
    expect(json.leftOut).toEqual([{ facultyId: "F03", reason: "no program_start on the roster" }]);
    expect(json.notes).toContain("Left out: F03 (no program_start on the roster).");
  });
});

describe("windows csv", () => {
  it("has the header and one row per person and metric", () => {
    const cohort = members(3);
    cohort[1]!.hireDate = "2012-07-01";
    const report = assembleWindowsReport(
      FIXED,
      cohort,
      ledger([
        ...lines("F01", "grants_pi_or_coi", 2014, 1),
        ...lines("F02", "peer_reviewed_publications", 2013, 3),
      ]),
    );
    const text = renderWindows(report, "csv");
    const rows = parse<Record<string, string>>(text, { columns: true });
    expect(text.split("\n")[0]).toBe(WINDOWS_CSV_COLUMNS.join(","));
    expect(rows).toHaveLength(3 * 6);
    expect(rows.map((row) => `${row.faculty_id}:${row.metric}`).slice(0, 7)).toEqual([
      "F01:peer_reviewed_publications",
      "F01:national_presentations",
      "F01:grants_pi_or_coi",
      "F01:other_publications",
      "F01:other_presentations",
      "F01:grants_other",
      "F02:peer_reviewed_publications",
    ]);
    expect(rows[2]).toMatchObject({ pre_count: "0", post_count: "1", pre_partial: "false" });
    const hired = rows[6]!;
    expect(hired).toMatchObject({
      cohort: "2013",
      pre_from: "2011",
      pre_to: "2013",
      pre_count: "3",
      post_count: "0",
      pre_partial: "true",
      post_partial: "false",
      post_years_on_faculty: "3",
    });
    expect(Number(hired.pre_years_on_faculty)).toBeCloseTo(1 + 184 / 366, 12);
    expect(Number(hired.pre_rate_per_year)).toBeCloseTo(3 / (1 + 184 / 366), 12);
  });
});

describe("windows html", () => {
  it("is a standalone page with the table, the charts and escaped text", () => {
    const report = referenceReport();
    report.cohort = "<2013 & co>";
    const html = renderWindows(report, "html");
    expect(html.startsWith("<!doctype html>")).toBe(true);
    expect(html).toContain("cohort &lt;2013 &amp; co&gt;");
    expect(html).not.toContain("<2013");
    expect(html).not.toMatch(/<script|<link|src=/);
    expect(html).toContain("@media print");
    // The bar chart of means and one paired plot per metric.
    expect(html.match(/<svg /g)).toHaveLength(1 + 6);
    expect(html).toContain("<td>3.978</td>");
    expect(html).toContain("F28: 9 → 24");
  });
});
