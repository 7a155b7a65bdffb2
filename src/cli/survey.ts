import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { UserError } from "../errors.ts";
import { writeTextAtomically } from "../io/write-atomically.ts";
import {
  analyzeSurvey,
  PROPORTION_TESTS,
  type ProportionTest,
  type SurveyFileInput,
} from "../survey/analyze.ts";
import { YES_NO_ANSWERS } from "../survey/answers.ts";
import { formatSurveyProblem } from "../survey/problems.ts";
import { ITEM_COLUMNS, OPTIONAL_ITEM_COLUMNS } from "../survey/read-items.ts";
import { RESPONDENT_ID } from "../survey/read-responses.ts";
import { renderSurvey, SURVEY_FORMATS, surveyNotes, type SurveyFormat } from "../survey/render.ts";
import type { CliContext } from "./context.ts";

interface AnalyzeOptions {
  pre: string;
  post: string;
  items?: string;
  format: SurveyFormat;
  proportionTest: ProportionTest;
  out?: string;
}

const FILE_FORMATS = `
Survey files (--pre, --post): UTF-8 CSV, one row per respondent, a ${RESPONDENT_ID} column and one
column per item, e.g.
  ${RESPONDENT_ID},formal_mentor,confidence
  r01,no,3
Rows are paired by ${RESPONDENT_ID}; respondents in only one file are counted, and left out of the
paired tests. An empty cell is no answer: that respondent is left out of that item only.
Likert answers are whole numbers (4, not "agree").
Yes/no answers are ${YES_NO_ANSWERS}, in any letter case.

Items file (--items, optional): ${ITEM_COLUMNS.join(",")}[,${OPTIONAL_ITEM_COLUMNS.join(",")}], e.g.
  item_id,text,type,scale_min,scale_max
  formal_mentor,Has a formal mentor,yes_no,,
  confidence,Confidence in writing grants,likert,1,5
type is likert or yes_no; scale_min and scale_max (Likert, optional) make answers outside the
scale errors. Only the items listed are analyzed: other columns (free text, say) are ignored.
Without it, every column but ${RESPONDENT_ID} is an item, yes/no when all its answers are yes/no
words (or only 1 and 0), Likert when they are whole numbers; the output says the types were inferred.

Every bad cell is reported with its file, line and column, and a file with any gives no analysis.
No output or message shows a respondent id or anyone's answer: only counts and statistics per item.`;

export function registerSurveyCommands(program: Command, ctx: CliContext): void {
  const survey = program
    .command("survey")
    .description("Compare survey answers before and after a program, per respondent");

  survey
    .command("analyze")
    .description(
      "Compare each item's answers at baseline (--pre) and follow-up (--post), paired by respondent: " +
        "Likert items with the paired t test (and Wilcoxon signed-rank test, effect size d_z in csv and " +
        "json), yes/no items with McNemar's test (or R's prop.test with --proportion-test prop)",
    )
    .requiredOption("--pre <file>", "the baseline survey CSV")
    .requiredOption("--post <file>", "the follow-up survey CSV")
    .option("--items <file>", "the items CSV: which columns are items, their type, text and scale")
    .addOption(new Option("--format <format>", "output format").choices(SURVEY_FORMATS).default("table"))
    .addOption(
      new Option(
        "--proportion-test <test>",
        "yes/no items: mcnemar (paired answers, continuity-corrected) or prop (two-sample test of every " +
          "answer in each file, continuity-corrected, as R's prop.test)",
      )
        .choices(PROPORTION_TESTS)
        .default("mcnemar"),
    )
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout")
    .addHelpText("after", FILE_FORMATS)
    .action(async (options: AnalyzeOptions) => {
      const [pre, post, items] = await Promise.all([
        readInput(options.pre),
        readInput(options.post),
        options.items === undefined ? undefined : readInput(options.items),
      ]);
      const outcome = analyzeSurvey({ pre, post, items }, { proportionTest: options.proportionTest });
      if (!outcome.ok) {
        for (const problem of outcome.problems) ctx.warn(formatSurveyProblem(problem));
        throw new UserError(`${outcome.problems.length} problem(s) in the input files; no analysis was made`);
      }
      const text = renderSurvey(outcome.analysis, options.format);
      // CSV holds only the table; the notes (left-out respondents, inferred types) go beside it.
      if (options.format === "csv") for (const note of surveyNotes(outcome.analysis)) ctx.warn(note);
      if (options.out === undefined) {
        ctx.print(text);
        return;
      }
      await writeTextAtomically(options.out, `${text}\n`);
      ctx.print(`${outcome.analysis.items.length} item(s) written to ${options.out}`);
    });
}

async function readInput(file: string): Promise<SurveyFileInput> {
  const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${file}: ${error.code ?? error.message}`);
  });
  return { name: file, content };
}
