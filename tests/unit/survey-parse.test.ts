import { describe, expect, it } from "vitest";
import { readWholeNumber, readYesNo } from "../../src/survey/answers.ts";
import { formatSurveyProblem, readCsv } from "../../src/survey/problems.ts";
import { readItemsFile } from "../../src/survey/read-items.ts";
import { readResponsesFile } from "../../src/survey/read-responses.ts";

describe("answers", () => {
  it("reads yes/no words in any case", () => {
    for (const yes of ["yes", "Y", "TRUE", "1"]) expect(readYesNo(yes)).toBe(true);
    for (const no of ["No", "n", "false", "0"]) expect(readYesNo(no)).toBe(false);
    for (const other of ["", "maybe", "2", "yes!"]) expect(readYesNo(other)).toBeUndefined();
  });

  it("reads Likert answers as whole numbers only", () => {
    expect(readWholeNumber("4")).toBe(4);
    expect(readWholeNumber("+2")).toBe(2);
    expect(readWholeNumber("-1")).toBe(-1);
    expect(Object.is(readWholeNumber("-0"), 0)).toBe(true);
    for (const other of ["4.5", "four", "agree", "1e3", "", "4 "])
      expect(readWholeNumber(other)).toBeUndefined();
  });
});

describe("readResponsesFile", () => {
  it("reads answers by respondent, leaving empty cells out", () => {
    const file = readResponsesFile("Respondent_ID,q1,q2\nA,4,\nB,,yes\n", "pre.csv");
    expect(file.problems).toEqual([]);
    expect(file.columns).toEqual(["q1", "q2"]);
    expect(file.respondents.get("A")).toEqual({ line: 2, answers: new Map([["q1", "4"]]) });
    expect(file.respondents.get("B")).toEqual({ line: 3, answers: new Map([["q2", "yes"]]) });
  });

  it("reports rows with the wrong number of fields, and empty or repeated ids, without naming the id", () => {
    const file = readResponsesFile("respondent_id,q1\nsecret-7,4\nsecret-7,5\n,3\nX,1,2\n", "pre.csv");
    expect(file.problems).toEqual([
      { file: "pre.csv", line: 3, column: "respondent_id", message: "the same respondent as line 2" },
      { file: "pre.csv", line: 4, column: "respondent_id", message: "is empty" },
      { file: "pre.csv", line: 5, message: "has 3 fields but the header has 2" },
    ]);
    expect(JSON.stringify(file.problems)).not.toContain("secret");
  });

  it("requires one respondent_id column and distinct column names", () => {
    expect(readResponsesFile("id,q1\n1,2\n", "pre.csv").problems).toEqual([
      {
        file: "pre.csv",
        line: 1,
        message: "the header has no respondent_id column (the header is respondent_id,<item>,<item>,...)",
      },
    ]);
    expect(readResponsesFile("respondent_id,q1,q1\n1,2,3\n", "pre.csv").problems).toEqual([
      { file: "pre.csv", line: 1, column: "q1", message: "appears more than once in the header" },
    ]);
    expect(readResponsesFile("", "pre.csv").problems[0]?.message).toMatch(/the file is empty/);
  });

  it("notes a column without a name only when it holds answers", () => {
    expect(readResponsesFile("respondent_id,q1,\nA,1,\n", "pre.csv").unnamedColumns).toEqual([]);
    expect(readResponsesFile("respondent_id,,q1\nA,x,1\n", "pre.csv").unnamedColumns).toEqual([2]);
  });
});

describe("readCsv", () => {
  it("reports a broken CSV by line without quoting the cell", () => {
    const result = readCsv('respondent_id,comment\nA,my "secret" answer\n', "post.csv");
    expect(result.problem).toEqual({
      file: "post.csv",
      line: 2,
      message: "not valid CSV (invalid opening quote): check the quotes on this line",
    });
    expect(JSON.stringify(result.problem)).not.toContain("secret");
  });

  it("reports a file that is not UTF-8", () => {
    const latin1 = Buffer.concat([
      Buffer.from("respondent_id,q1\nA,"),
      Buffer.from([0xe9]),
      Buffer.from("\n"),
    ]);
    expect(readCsv(latin1, "pre.csv").problem).toEqual({
      file: "pre.csv",
      line: 2,
      message: 'the file is not UTF-8 text; save it as "CSV UTF-8"',
    });
  });
});

describe("readItemsFile", () => {
  it("reads items with their text, type and optional scale", () => {
    const { items, problems } = readItemsFile(
      "item_id,text,type,scale_min,scale_max,section\nq1,Confidence,likert,1,5,A\nq2,,YES_NO,,,B\nq3,Effort,likert,,,\n",
      "items.csv",
    );
    expect(problems).toEqual([]);
    expect(items).toEqual([
      { id: "q1", text: "Confidence", type: "likert", scale: { min: 1, max: 5 }, line: 2 },
      { id: "q2", text: null, type: "yes_no", scale: null, line: 3 },
      { id: "q3", text: "Effort", type: "likert", scale: null, line: 4 },
    ]);
  });

  it("reports every bad cell with its line and column", () => {
    const { items, problems } = readItemsFile(
      [
        "item_id,text,type,scale_min,scale_max",
        "q1,A,likert,5,1",
        "q1,B,likert,,",
        ",C,likert,,",
        "q4,D,rating,,",
        "q5,E,yes_no,0,1",
        "q6,F,likert,1,",
        "respondent_id,G,likert,,",
      ].join("\n"),
      "items.csv",
    );
    expect(items).toEqual([]);
    expect(problems.map(formatSurveyProblem)).toEqual([
      'items.csv line 2, column "scale_max": must be greater than scale_min',
      'items.csv line 3, column "item_id": the same item as line 2',
      'items.csv line 4, column "item_id": is empty',
      'items.csv line 5, column "type": must be likert or yes_no',
      'items.csv line 6, column "scale_min": a yes_no item has no scale: leave it empty',
      'items.csv line 7, column "scale_max": is empty while scale_min is given',
      'items.csv line 8, column "item_id": respondent_id is not an item',
    ]);
  });

  it("requires the header's columns", () => {
    expect(readItemsFile("item_id,type\nq1,likert\n", "items.csv").problems.map(formatSurveyProblem)).toEqual(
      [
        "items.csv line 1: the header lacks text (an items file's header is item_id,text,type, optionally with scale_min,scale_max)",
      ],
    );
  });
});
