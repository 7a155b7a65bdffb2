import { mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerSurveyCommands } from "../../src/cli/survey.ts";
import { runCommand } from "../helpers/cli.ts";

function run(...args: string[]) {
  return runCommand(registerSurveyCommands, args);
}

// Ids and free-text answers that must never come out: each is distinctive enough to grep for.
const IDS = ["ZX-0001", "ZX-0002", "ZX-0003", "ZX-0004", "ZX-0005", "ZX-0006", "ZX-0007", "ZX-0008"];
const SECRET = /ZX-\d{4}|harassment|quit soon/;

const PRE = [
  "respondent_id,has_mentor,confidence,comments",
  `${IDS[0]},no,2,harassment in the lab`,
  `${IDS[1]},no,3,`,
  `${IDS[2]},yes,2,`,
  `${IDS[3]},no,1,`,
  `${IDS[4]},no,4,I may quit soon`,
  `${IDS[5]},no,,`,
  `${IDS[6]},yes,3,`,
].join("\n");
const POST = [
  "respondent_id,has_mentor,confidence,comments",
  `${IDS[0]},yes,4,`,
  `${IDS[1]},yes,4,`,
  `${IDS[2]},yes,3,`,
  `${IDS[3]},yes,3,`,
  `${IDS[4]},no,5,`,
  `${IDS[5]},yes,3,`,
  `${IDS[7]},yes,4,quit soon`,
].join("\n");
const ITEMS = [
  "item_id,text,type,scale_min,scale_max",
  "has_mentor,Has a formal mentor,yes_no,,",
  "confidence,Confidence,likert,1,5",
].join("\n");

describe("survey analyze", () => {
  let dir: string;
  const file = (name: string) => path.join(dir, name);
  const analyze = (...extra: string[]) =>
    run("survey", "analyze", "--pre", file("pre.csv"), "--post", file("post.csv"), ...extra);

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-survey-"));
    await writeFile(file("pre.csv"), PRE);
    await writeFile(file("post.csv"), POST);
    await writeFile(file("items.csv"), ITEMS);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("prints the table with the respondents left out of the paired tests", async () => {
    const result = await analyze("--items", file("items.csv"));
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    // P values: see the JSON test below (R: .134 and .005).
    const lines = result.out.split("\n");
    expect(lines[0]).toBe("ITEM                 N  BASELINE     POST         DIFFERENCE (95% CI)  P");
    expect(lines[1]).toBe("Has a formal mentor  6  1/6 (17%)    5/6 (83%)    67 pts               .134");
    expect(lines[2]).toBe("Confidence           5  2.40 (1.14)  3.80 (0.84)  1.40 (0.72 to 2.08)  .005");
    expect(result.out).toContain(
      "Respondents: 7 at baseline, 7 at follow-up, 6 in both files; 1 only at baseline and 1 only at follow-up are left out of the paired tests.",
    );
    expect(result.out).toContain("Not analyzed: comments (not listed in");
  });

  it("gives R's numbers in JSON", async () => {
    const result = await analyze("--items", file("items.csv"), "--format", "json");
    expect(result.code).toBe(0);
    const json = JSON.parse(result.out) as {
      respondents: unknown;
      items: Array<Record<string, unknown> & { item: string }>;
      notes: string[];
    };
    expect(json.respondents).toEqual({ pre: 7, post: 7, paired: 6, onlyPre: 1, onlyPost: 1 });
    const [mentor, confidence] = json.items;
    // R: mcnemar.test(matrix(c(1, 0, 4, 1), 2))   # 1 no both times, 4 no then yes, 1 yes both times
    //    McNemar's chi-squared = 2.25, p-value = 0.133614402537715
    expect(mentor).toMatchObject({ item: "has_mentor", type: "yes_no", n: 6, statistic: 2.25, df: 1 });
    expect(mentor?.p).toBeCloseTo(0.133614402537715, 12);
    // R: x <- c(2, 3, 2, 1, 4); y <- c(4, 4, 3, 3, 5); t.test(y, x, paired = TRUE)
    //    t = 5.71547606649408, df = 4, p-value = 0.00463583941790441, CI 0.719912619341744 2.08008738065826
    //    wilcox.test(y, x, paired = TRUE, exact = FALSE): V = 15, p-value = 0.0533368528291398
    expect(confidence).toMatchObject({
      item: "confidence",
      type: "likert",
      n: 5,
      df: 4,
      meanDifference: 1.4,
    });
    expect(confidence?.t).toBeCloseTo(5.71547606649408, 12);
    expect(confidence?.p).toBeCloseTo(0.00463583941790441, 14);
    expect((confidence?.ci95 as number[])[0]).toBeCloseTo(0.719912619341744, 12);
    expect((confidence?.ci95 as number[])[1]).toBeCloseTo(2.08008738065826, 12);
    expect(confidence?.wilcoxon).toEqual({
      statistic: 15,
      p: expect.closeTo(0.0533368528291398, 14) as number,
    });
    expect(json.notes[0]).toMatch(/^Respondents: 7 at baseline/);
  });

  it("writes CSV to --out, only once complete, with the notes on stderr", async () => {
    const result = await analyze(
      "--items",
      file("items.csv"),
      "--format",
      "csv",
      "--out",
      file("result.csv"),
    );
    expect(result.code).toBe(0);
    expect(result.out).toBe(`2 item(s) written to ${file("result.csv")}\n`);
    expect(result.err).toMatch(/^Respondents: 7 at baseline/);
    const written = await readFile(file("result.csv"), "utf8");
    expect(written.split("\n")[0]).toMatch(/^item,text,type,type_source,n,/);
    expect(written.trimEnd().split("\n")).toHaveLength(3);
    expect((await readdir(dir)).filter((name) => name.endsWith(".tmp"))).toEqual([]);
  });

  it("never shows a respondent id or a free-text answer, in any format or test", async () => {
    const runs = [];
    for (const format of ["table", "csv", "json"]) {
      for (const test of ["mcnemar", "prop"]) {
        runs.push(await analyze("--items", file("items.csv"), "--format", format, "--proportion-test", test));
      }
    }
    // Without items.csv the free-text column is an error; its message must not quote it either.
    runs.push(await analyze());
    for (const result of runs) {
      expect(result.out + result.err).not.toMatch(SECRET);
    }
    expect(runs.at(-1)?.code).toBe(1);
  });

  it("reports every bad cell with file, line and column, and analyzes nothing", async () => {
    await writeFile(file("bad-pre.csv"), PRE.replace(`${IDS[1]},no,3,`, `${IDS[1]},nope,3,`));
    await writeFile(
      file("bad-post.csv"),
      POST.replace(`${IDS[2]},yes,3,`, `${IDS[2]},yes,6,`).replace(`${IDS[3]},`, `${IDS[0]},`),
    );
    const result = await run(
      "survey",
      "analyze",
      "--pre",
      file("bad-pre.csv"),
      "--post",
      file("bad-post.csv"),
      "--items",
      file("items.csv"),
    );
    expect(result.code).toBe(1);
    expect(result.out).toBe("");
    expect(result.err.split("\n")).toEqual([
      `${file("bad-pre.csv")} line 3, column "has_mentor": not a yes/no answer (yes, no, y, n, true, false, 1 or 0)`,
      `${file("bad-post.csv")} line 4, column "confidence": outside the scale from 1 to 5`,
      `${file("bad-post.csv")} line 5, column "respondent_id": the same respondent as line 2`,
      "Error: 3 problem(s) in the input files; no analysis was made",
      "",
    ]);
  });

  it("says which file cannot be read", async () => {
    const result = await run("survey", "analyze", "--pre", file("missing.csv"), "--post", file("post.csv"));
    expect(result).toMatchObject({ code: 1, out: "" });
    expect(result.err).toBe(`Error: Cannot read ${file("missing.csv")}: ENOENT\n`);
  });

  it("documents the file formats in its help", async () => {
    const result = await run("survey", "analyze", "--help");
    expect(result.out).toContain("--proportion-test <test>");
    expect(result.out).toContain("item_id,text,type[,scale_min,scale_max]");
    expect(result.out).toContain("respondent_id column and one");
  });
});
