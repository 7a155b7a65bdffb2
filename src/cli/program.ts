import { readFile } from "node:fs/promises";
import { InvalidArgumentError, Option, type Command } from "commander";
import { isIsoDate } from "../csv/iso-date.ts";
import { UsageError, UserError } from "../errors.ts";
import { writeTextAtomically } from "../io/write-atomically.ts";
import { PROGRAM_FORMATS, renderProgramReport, type ProgramFormat } from "../mentoring/program-render.ts";
import { parseYearSpan, type YearSpan } from "../reports/windows.ts";
import { buildProgramReport } from "../services/program.ts";
import type { SurveyFileInput } from "../survey/analyze.ts";
import type { CliContext } from "./context.ts";

interface ReportOptions {
  cohort: string;
  baseline: string;
  followup: string;
  pre?: YearSpan;
  post?: YearSpan;
  surveyPre?: string;
  surveyPost?: string;
  surveyItems?: string;
  format: ProgramFormat;
  out?: string;
}

const HELP = `
Examples:
  scholartrack program report --cohort 2013 --baseline 2013-07-01 --followup 2016-06-30 --out program.html
  scholartrack program report --cohort 2013 --baseline 2013-07-01 --followup 2014-06-30 \\
      --pre 2011-2013 --post 2014-2016 --survey-pre pre.csv --survey-post post.csv --survey-items items.csv

From the mentoring records (\`scholartrack mentoring import\`): dyads formed and active, meetings
per dyad per year, the share of the cohort with a formal mentor and using an IDP at baseline and at
follow-up (the same people: McNemar's test). Then the productivity windows compared in pairs, as
\`report windows\` (default: the three years up to the baseline year against the years after it up
to the follow-up year), and, with survey files, the tables of \`survey analyze\`.`;

export function registerProgramCommands(program: Command, ctx: CliContext): void {
  const group = program.command("program").description("The mentoring program's own evaluation");

  group
    .command("report")
    .description(
      "One document: dyads and meetings, formal mentoring and IDP use at baseline and follow-up, productivity before and after, survey outcomes",
    )
    .requiredOption("--cohort <name>", "the cohort (the roster's cohort column)")
    .requiredOption("--baseline <date>", "the baseline date, YYYY-MM-DD", dateArgument)
    .requiredOption("--followup <date>", "the follow-up date, YYYY-MM-DD", dateArgument)
    .option("--pre <years>", "the pre window, e.g. 2011-2013", yearSpanArgument)
    .option("--post <years>", "the post window, e.g. 2014-2016", yearSpanArgument)
    .option("--survey-pre <file>", "the baseline survey CSV (as `survey analyze --pre`)")
    .option("--survey-post <file>", "the follow-up survey CSV (as `survey analyze --post`)")
    .option("--survey-items <file>", "the survey items CSV (as `survey analyze --items`)")
    .addOption(new Option("--format <format>", "output format").choices(PROGRAM_FORMATS).default("html"))
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (options: ReportOptions) => {
      if ((options.surveyPre === undefined) !== (options.surveyPost === undefined)) {
        throw new UsageError("give both --survey-pre and --survey-post, or neither");
      }
      if (options.surveyItems !== undefined && options.surveyPre === undefined) {
        throw new UsageError("--survey-items goes with --survey-pre and --survey-post");
      }
      const survey =
        options.surveyPre !== undefined && options.surveyPost !== undefined
          ? {
              pre: await readInput(options.surveyPre),
              post: await readInput(options.surveyPost),
              ...(options.surveyItems !== undefined ? { items: await readInput(options.surveyItems) } : {}),
            }
          : undefined;
      const report = await buildProgramReport(await ctx.db(), {
        cohort: options.cohort,
        baseline: options.baseline,
        followup: options.followup,
        ...(options.pre !== undefined ? { pre: options.pre } : {}),
        ...(options.post !== undefined ? { post: options.post } : {}),
        ...(survey ? { survey } : {}),
      });
      const text = renderProgramReport(report, options.format);
      if (options.out === undefined) {
        ctx.print(text);
        return;
      }
      await writeTextAtomically(options.out, `${text}\n`);
      ctx.print(
        `program report of cohort ${report.cohort} (${report.activity.n} mentees) written to ${options.out}`,
      );
    });
}

async function readInput(file: string): Promise<SurveyFileInput> {
  const content = await readFile(file).catch((error: NodeJS.ErrnoException) => {
    throw new UserError(`Cannot read ${file}: ${error.code ?? error.message}`);
  });
  return { name: file, content };
}

function dateArgument(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError("give a date such as 2016-06-30");
  return value;
}

function yearSpanArgument(value: string): YearSpan {
  try {
    return parseYearSpan(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}
