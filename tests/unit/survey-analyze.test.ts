import { describe, expect, it } from "vitest";
import {
  analyzeSurvey,
  type LikertItemResult,
  type SurveyAnalysis,
  type SurveyInput,
  type YesNoItemResult,
} from "../../src/survey/analyze.ts";
import { formatSurveyProblem } from "../../src/survey/problems.ts";
import { renderSurvey, SURVEY_FORMATS } from "../../src/survey/render.ts";

/** Agreement with R's printed value to `digits` significant digits (R printed 15). */
function expectR(actual: number | null | undefined, expected: number, digits = 9): void {
  expect(actual).toBeTypeOf("number");
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(Math.abs(expected) * 10 ** -digits);
}

// R-1099 answered only at baseline, R-2000 only at follow-up; R-1003 skipped satisfaction at baseline.
const PRE = `respondent_id,formal_mentor,idp,confidence,satisfaction,comments
R-1001,no,no,2,3,I want more time
R-1002,yes,no,3,4,
R-1003,no,no,2,,nothing to say
R-1004,no,yes,1,2,
R-1005,yes,no,4,4,ok
R-1006,no,no,3,3,
R-1007,no,no,2,2,
R-1099,no,no,5,5,left the program
`;
const POST = `respondent_id,formal_mentor,idp,confidence,satisfaction,comments
R-1001,yes,yes,4,4,much better
R-1002,Yes,Y,4,5,
R-1003,yes,no,3,4,
R-1004,yes,yes,3,2,
R-1005,yes,yes,5,4,
R-1006,yes,no,3,4,
R-1007,yes,yes,4,3,
R-2000,yes,yes,4,4,new person
`;
const ITEMS = `item_id,text,type,scale_min,scale_max
formal_mentor,Has a formal mentor,yes_no,,
idp,Uses an individual development plan,yes_no,,
confidence,Confidence in writing grants,likert,1,5
satisfaction,Satisfaction with mentoring,likert,1,5
`;

/** The survey files, with items.csv unless `items` is null. */
function input(pre = PRE, post = POST, items: string | null = ITEMS): SurveyInput {
  return {
    pre: { name: "pre.csv", content: pre },
    post: { name: "post.csv", content: post },
    ...(items === null ? {} : { items: { name: "items.csv", content: items } }),
  };
}

function analysis(...args: Parameters<typeof analyzeSurvey>): SurveyAnalysis {
  const outcome = analyzeSurvey(...args);
  if (!outcome.ok) throw new Error(outcome.problems.map(formatSurveyProblem).join("\n"));
  return outcome.analysis;
}

function item<T extends "likert" | "yes_no">(result: SurveyAnalysis, id: string, type: T) {
  const found = result.items.find((candidate) => candidate.item === id);
  expect(found?.type).toBe(type);
  return found as T extends "likert" ? LikertItemResult : YesNoItemResult;
}

function problems(outcome: ReturnType<typeof analyzeSurvey>): string[] {
  return outcome.ok ? [] : outcome.problems.map(formatSurveyProblem);
}

describe("analyzeSurvey", () => {
  it("pairs respondents by id and counts those in only one file", () => {
    expect(analysis(input()).respondents).toEqual({ pre: 8, post: 8, paired: 7, onlyPre: 1, onlyPost: 1 });
  });

  it("compares a Likert item as R's paired t test and Wilcoxon test", () => {
    // R: x <- c(2, 3, 2, 1, 4, 3, 2); y <- c(4, 4, 3, 3, 5, 3, 4)   # the 7 pairs of "confidence"
    //    t.test(y, x, paired = TRUE); wilcox.test(y, x, paired = TRUE, exact = FALSE); d <- y - x; mean(d) / sd(d)
    const confidence = item(analysis(input()), "confidence", "likert");
    expect(confidence).toMatchObject({ n: 7, text: "Confidence in writing grants", typeSource: "items" });
    expectR(confidence.pre.mean, 2.42857142857143);
    expectR(confidence.pre.sd, 0.975900072948533);
    expectR(confidence.post.mean, 3.71428571428571);
    expectR(confidence.post.sd, 0.755928946018454);
    expectR(confidence.ci95?.[0], 0.586596613958581);
    expectR(confidence.ci95?.[1], 1.98483195746999);
    expectR(confidence.t, 4.5);
    expectR(confidence.p, 0.00410393372003156);
    expect(confidence.wilcoxon.statistic).toBe(21);
    expectR(confidence.wilcoxon.p, 0.0320148572831348);
    expectR(confidence.effectSize, 1.70084012854152);
  });

  it("leaves a pair out of an item when either answer is empty", () => {
    // R: x <- c(3, 4, 2, 4, 3, 2); y <- c(4, 5, 2, 4, 4, 3)   # R-1003 did not answer at baseline
    //    t.test(y, x, paired = TRUE)
    const satisfaction = item(analysis(input()), "satisfaction", "likert");
    expect(satisfaction.n).toBe(6);
    expectR(satisfaction.t, 3.16227766016838);
    expectR(satisfaction.p, 0.025031015818453);
    expectR(satisfaction.ci95?.[0], 0.124740432502177);
  });

  it("tests yes/no items with McNemar's test on the paired answers", () => {
    // R: mcnemar.test(matrix(c(0, 0, 5, 2), 2))   # formal_mentor: 5 no then yes, 2 yes both times
    //    mcnemar.test(matrix(c(2, 0, 4, 1), 2))   # idp: 2 no both times, 4 no then yes, 1 yes both times
    const result = analysis(input());
    const mentor = item(result, "formal_mentor", "yes_no");
    expect(mentor).toMatchObject({
      n: 7,
      pre: { n: 7, yes: 2 },
      post: { n: 7, yes: 7, proportion: 1 },
      test: "mcnemar",
      ci95: null,
      discordant: { noToYes: 5, yesToNo: 0 },
      note: null,
    });
    expectR(mentor.difference, 5 / 7);
    expectR(mentor.statistic, 3.2);
    expectR(mentor.p, 0.0736382701203028);
    const idp = item(result, "idp", "yes_no");
    expectR(idp.statistic, 2.25);
    expectR(idp.p, 0.133614402537715);
  });

  it("tests yes/no items with R's prop.test on every answer in each file when asked", () => {
    // R: prop.test(c(2, 8), c(8, 8))   # formal_mentor: every answer, R-1099 and R-2000 included
    //    X-squared = 6.66666666666667, p-value = 0.00982327450751926, CI of p1 - p2: -1 -0.324943020227793
    const mentor = item(analysis(input(), { proportionTest: "prop" }), "formal_mentor", "yes_no");
    expect(mentor).toMatchObject({ n: 7, pre: { n: 8, yes: 2 }, post: { n: 8, yes: 8 }, test: "prop" });
    expectR(mentor.statistic, 6.66666666666667);
    expectR(mentor.p, 0.00982327450751926);
    expectR(mentor.ci95?.[0], 0.324943020227793);
    expect(mentor.ci95?.[1]).toBe(1);
    expect(mentor.discordant).toBeNull();
    expect(mentor.note).toMatch(/expected count is below 5/);
  });

  it("lists the columns items.csv leaves out as not analyzed", () => {
    expect(analysis(input()).notAnalyzed).toEqual([
      { column: "comments", reason: "not listed in items.csv" },
    ]);
  });

  it("infers item types from the answers without items.csv, and says so", () => {
    const pre = "respondent_id,mentor,rating,flag\na,yes,4,1\nb,no,2,0\n";
    const post = "respondent_id,mentor,rating,flag,extra\na,y,5,1,3\nb,TRUE,3,1,\n";
    const result = analysis(input(pre, post, null));
    expect(result.itemTypes).toBe("inferred");
    expect(result.items.map((found) => [found.item, found.type, found.typeSource])).toEqual([
      ["mentor", "yes_no", "inferred"],
      ["rating", "likert", "inferred"],
      // Only 1 and 0: read as yes/no, which is why the output says the types were inferred.
      ["flag", "yes_no", "inferred"],
    ]);
    expect(result.notAnalyzed).toEqual([{ column: "extra", reason: "only in post.csv" }]);
    expect(renderSurvey(result, "table")).toContain(
      "Item types were inferred from the answers (Likert: rating; yes/no: mentor, flag); give --items to set them.",
    );
  });

  it("cannot infer a free-text column, and says where without quoting it", () => {
    const outcome = analyzeSurvey(input(PRE, POST, null));
    expect(problems(outcome)).toEqual([
      'pre.csv line 2, column "comments": neither a whole number nor yes/no (so are lines 4, 6, 9), so the ' +
        "column's item type cannot be inferred; list the items to analyze with --items (columns it does not list are ignored)",
      'post.csv line 2, column "comments": neither a whole number nor yes/no (so is line 9), so the ' +
        "column's item type cannot be inferred; list the items to analyze with --items (columns it does not list are ignored)",
    ]);
    expect(problems(outcome).join("\n")).not.toMatch(/time|nothing|left|better|new person/);
  });

  it("points at the odd answers of a column that is nearly all one type", () => {
    const pre = "respondent_id,q1,q2\na,4,yes\nb,4.5,no\nc,3,maybe\n";
    const post = "respondent_id,q1,q2\na,5,yes\nb,2,no\nc,x,yes\n";
    expect(problems(analyzeSurvey(input(pre, post, null)))).toEqual([
      'pre.csv line 3, column "q1": not a whole number, unlike the column\'s other answers, so its item type ' +
        "cannot be inferred; fix the answers, or set the type with --items",
      'pre.csv line 4, column "q2": not a yes/no answer, unlike the column\'s other answers, so its item type ' +
        "cannot be inferred; fix the answers, or set the type with --items",
      'post.csv line 4, column "q1": not a whole number, unlike the column\'s other answers, so its item type ' +
        "cannot be inferred; fix the answers, or set the type with --items",
    ]);
  });

  it("reports every bad cell of every file, and gives no analysis", () => {
    const pre = PRE.replace("R-1002,yes,no,3,4,", "R-1002,maybe,no,3.5,4,").replace(
      "R-1004,no,yes,1,2,",
      "R-1004,no,yes,7,2,",
    );
    const post = POST.replace("R-1006,yes,no,3,4,", "R-1006,yes,no,3,four,");
    const outcome = analyzeSurvey(input(pre, post));
    expect(outcome.ok).toBe(false);
    expect(problems(outcome)).toEqual([
      'pre.csv line 3, column "formal_mentor": not a yes/no answer (yes, no, y, n, true, false, 1 or 0)',
      'pre.csv line 3, column "confidence": not a whole number (Likert answers are whole numbers from 1 to 5)',
      'pre.csv line 5, column "confidence": outside the scale from 1 to 5',
      'post.csv line 7, column "satisfaction": not a whole number (Likert answers are whole numbers from 1 to 5)',
    ]);
  });

  it("reports an item of items.csv that a survey file lacks", () => {
    const withoutIdp = POST.replace("formal_mentor,idp,", "formal_mentor,idp_renamed,");
    expect(problems(analyzeSurvey(input(PRE, withoutIdp)))).toEqual([
      'items.csv line 3, column "item_id": post.csv has no column "idp"',
    ]);
  });

  it("gives null tests, with a reason, for an item no one changed", () => {
    const pre = "respondent_id,q\na,yes\nb,no\n";
    const result = analysis(input(pre, pre, "item_id,text,type\nq,Q,yes_no\n"));
    expect(item(result, "q", "yes_no")).toMatchObject({ statistic: null, p: null, difference: 0 });
    expect(renderSurvey(result, "table")).toContain("Q: no one changed answer: McNemar's test is undefined.");
    expect(renderSurvey(result, "json")).not.toMatch(/NaN/);
  });

  it("handles an item no one answered in both files", () => {
    const pre = "respondent_id,q\na,4\nb,\n";
    const post = "respondent_id,q\na,\nb,3\n";
    const likert = item(analysis(input(pre, post, "item_id,text,type\nq,,likert\n")), "q", "likert");
    expect(likert).toMatchObject({
      n: 0,
      meanDifference: null,
      p: null,
      note: "no pairs: nothing to compare",
    });
  });
});

describe("renderSurvey", () => {
  const result = analysis(input());

  it("prints the reference table's columns, with notes on who was left out and which tests ran", () => {
    expect(renderSurvey(result, "table")).toBe(
      [
        "ITEM                                 N  BASELINE     POST         DIFFERENCE (95% CI)  P",
        "Has a formal mentor                  7  2/7 (29%)    7/7 (100%)   71 pts               .074",
        "Uses an individual development plan  7  1/7 (14%)    5/7 (71%)    57 pts               .134",
        "Confidence in writing grants         7  2.43 (0.98)  3.71 (0.76)  1.29 (0.59 to 1.98)  .004",
        "Satisfaction with mentoring          6  3.00 (0.89)  3.67 (1.03)  0.67 (0.12 to 1.21)  .025",
        "",
        "Respondents: 8 at baseline, 8 at follow-up, 7 in both files; 1 only at baseline and 1 only at follow-up are left out of the paired tests.",
        "Likert items: mean (SD) of the respondents who answered in both files, mean difference (95% CI), paired t test P.",
        "Yes/no items: yes/answers (%) of the respondents who answered in both files, difference in percentage points, P of McNemar's test with continuity correction.",
        "Not analyzed: comments (not listed in items.csv).",
      ].join("\n"),
    );
  });

  it("prints one CSV row per item with unrounded numbers", () => {
    const [header, ...rows] = renderSurvey(result, "csv").split("\n");
    expect(header).toMatch(/^item,text,type,type_source,n,pre_n,pre_mean,pre_sd,/);
    expect(rows).toHaveLength(4);
    expect(rows[2]).toMatch(
      /^confidence,Confidence in writing grants,likert,items,7,7,2\.428571428571428\d,/,
    );
  });

  it("never prints a respondent id or a free-text answer, in any format", () => {
    for (const format of SURVEY_FORMATS) {
      for (const proportionTest of ["mcnemar", "prop"] as const) {
        const text = renderSurvey(analysis(input(), { proportionTest }), format);
        expect(text).not.toMatch(/R-\d{4}|time|nothing|left the|better|new person/);
      }
    }
  });
});
