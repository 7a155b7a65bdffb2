import { InvalidArgumentError, Option, type Command } from "commander";
import { UsageError, UserError } from "../errors.ts";
import { writeTextAtomically } from "../io/write-atomically.ts";
import { renderFacultyReport } from "../reports/faculty-report.ts";
import { REPORT_FORMATS, renderWindows, windowsNotes, type ReportFormat } from "../reports/render-windows.ts";
import { DATE_SETTINGS, type DateSetting } from "../reports/windows-report.ts";
import { buildFacultyReport, buildWindowsReport } from "../services/reports.ts";
import { fixedWindows, parseYearSpan, type WindowSpec, type YearSpan } from "../reports/windows.ts";
import type { CliContext } from "./context.ts";

interface WindowsOptions {
  cohort: string;
  pre?: YearSpan;
  post?: YearSpan;
  relative?: boolean;
  preYears?: number;
  postYears?: number;
  date: DateSetting;
  format: ReportFormat;
  out?: string;
}

interface FacultyOptions {
  from?: number;
  to?: number;
  date: DateSetting;
  format: ReportFormat;
  out?: string;
}

const DEFAULT_RELATIVE_YEARS = 3;

const WINDOWS_HELP = `
Examples:
  scholartrack report windows --cohort 2013 --pre 2011-2013 --post 2014-2016
  scholartrack report windows --cohort 2013 --relative --pre-years 3 --post-years 3 --format html --out windows.html

Windows are calendar years, inclusive. Only accepted items in the ledger count (run \`scholartrack
reconcile\` first); a publication counts in the window of its year, a grant in every window its
active years overlap. Everyone in the cohort is compared, with zeros where they had no output.
--relative: pre is the --pre-years calendar years before each person's program-start year, post the
--post-years years starting with it; people without a program_start are left out and listed.
People hired after a window began are flagged, with their rate per year on faculty (csv, json, html).`;

export function registerReportCommands(program: Command, ctx: CliContext): void {
  const report = program
    .command("report")
    .description("Reports for evaluators and faculty affairs: productivity windows, a person's output");

  report
    .command("windows")
    .description(
      "Count each cohort member's output in a pre and a post window and compare them in pairs, metric by " +
        "metric: totals, mean (SD), paired t test, Wilcoxon signed-rank test, effect size d_z",
    )
    .requiredOption("--cohort <name>", "the cohort (the roster's cohort column)")
    .option("--pre <years>", "the pre window, e.g. 2011-2013", yearSpanArgument)
    .option("--post <years>", "the post window, e.g. 2014-2016", yearSpanArgument)
    .option("--relative", "windows relative to each person's program start instead of --pre/--post")
    .option(
      "--pre-years <n>",
      `with --relative: years before the program-start year (default ${DEFAULT_RELATIVE_YEARS})`,
      yearsArgument,
    )
    .option(
      "--post-years <n>",
      `with --relative: years from the program-start year on (default ${DEFAULT_RELATIVE_YEARS})`,
      yearsArgument,
    )
    .addOption(dateOption())
    .addOption(formatOption())
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout")
    .addHelpText("after", WINDOWS_HELP)
    .action(async (options: WindowsOptions) => {
      const spec = windowSpec(options);
      const built = await buildWindowsReport(await ctx.db(), {
        cohort: options.cohort,
        spec,
        date: options.date,
      });
      const text = renderWindows(built, options.format);
      // CSV holds only the rows; the notes (who was left out or flagged) go beside it.
      if (options.format === "csv") for (const note of windowsNotes(built)) ctx.warn(note);
      await emit(ctx, text, options.out, `${built.people.length} person(s)`);
    });

  report
    .command("faculty")
    .description("A person's counted output by year and metric, with the items behind each count")
    .argument("<id>", "the faculty id")
    .option("--from <year>", "first year shown (default: the first year with output)", yearArgument)
    .option("--to <year>", "last year shown (default: the last year with output)", yearArgument)
    .addOption(dateOption())
    .addOption(formatOption())
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout")
    .action(async (id: string, options: FacultyOptions) => {
      if (options.from !== undefined && options.to !== undefined && options.to < options.from) {
        throw new UsageError(`--to ${options.to} is before --from ${options.from}`);
      }
      const built = await buildFacultyReport(await ctx.db(), {
        facultyId: id,
        date: options.date,
        ...(options.from !== undefined ? { from: options.from } : {}),
        ...(options.to !== undefined ? { to: options.to } : {}),
      });
      await emit(
        ctx,
        renderFacultyReport(built, options.format),
        options.out,
        `${built.items.length} item(s)`,
      );
    });
}

function windowSpec(options: WindowsOptions): WindowSpec {
  const yearCounts = options.preYears !== undefined || options.postYears !== undefined;
  if (options.relative) {
    if (options.pre !== undefined || options.post !== undefined) {
      throw new UsageError("--relative takes --pre-years and --post-years, not --pre and --post");
    }
    return {
      kind: "relative",
      preYears: options.preYears ?? DEFAULT_RELATIVE_YEARS,
      postYears: options.postYears ?? DEFAULT_RELATIVE_YEARS,
    };
  }
  if (yearCounts) throw new UsageError("--pre-years and --post-years go with --relative");
  if (options.pre === undefined || options.post === undefined) {
    throw new UsageError("give both --pre and --post (e.g. --pre 2011-2013 --post 2014-2016), or --relative");
  }
  try {
    return fixedWindows(options.pre, options.post);
  } catch (error) {
    // Exit code 1, as the report tests have it, though this too is a mistake on the command line.
    throw new UserError(`${(error as Error).message}; give windows that do not overlap`);
  }
}

async function emit(ctx: CliContext, text: string, out: string | undefined, what: string): Promise<void> {
  if (out === undefined) {
    ctx.print(text);
    return;
  }
  await writeTextAtomically(out, `${text}\n`);
  ctx.print(`report of ${what} written to ${out}`);
}

function dateOption(): Option {
  return new Option(
    "--date <date>",
    "what dates a publication: its publication year (the ledger's) or its PubMed electronic date",
  )
    .choices(DATE_SETTINGS)
    .default("publication");
}

function formatOption(): Option {
  return new Option("--format <format>", "output format").choices(REPORT_FORMATS).default("table");
}

function yearSpanArgument(value: string): YearSpan {
  try {
    return parseYearSpan(value);
  } catch (error) {
    throw new InvalidArgumentError((error as Error).message);
  }
}

function yearsArgument(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || Number(value) > 50) {
    throw new InvalidArgumentError("give a whole number of years from 1 to 50");
  }
  return Number(value);
}

function yearArgument(value: string): number {
  if (!/^\d{4}$/.test(value)) throw new InvalidArgumentError("give a year such as 2014");
  return Number(value);
}
