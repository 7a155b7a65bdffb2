import { InvalidArgumentError, Option, type Command } from "commander";
import { loadBenchmarkCriteria } from "../benchmarks/criteria.ts";
import {
  CHECK_FORMATS,
  NORM_FORMATS,
  renderCheck,
  renderNorms,
  type CheckFormat,
  type NormFormat,
} from "../benchmarks/render.ts";
import { UsageError } from "../errors.ts";
import { writeTextAtomically } from "../io/write-atomically.ts";
import { benchmarkNorms, checkBenchmarks, type CheckSelection } from "../services/benchmarks.ts";
import { isIsoDate } from "../services/promotions-import.ts";
import type { CliContext } from "./context.ts";

interface CheckOptions {
  faculty?: string[];
  cohort?: string;
  all?: boolean;
  asOf?: string;
  format: CheckFormat;
  out?: string;
}

const CHECK_HELP = `
Examples:
  scholartrack benchmarks check --faculty F001 F002
  scholartrack benchmarks check --cohort 2013 --as-of 2016-12-31 --format html --out check.html

The criteria come from config/benchmarks.json (or BENCHMARKS_PATH). Each person is checked
against the criteria for the rank after their roster rank on their roster track. The look-back
window is calendar years ending with the --as-of year (default: today); only accepted items in
the ledger count (run \`scholartrack reconcile\` first). Percentiles place each count among the
people promoted to that rank on that track (\`faculty promotions import\`, \`benchmarks norms\`).`;

export function registerBenchmarkCommands(program: Command, ctx: CliContext): void {
  const benchmarks = program
    .command("benchmarks")
    .description(
      "Promotion benchmarks: each person against the next rank's criteria, and the institution's norms",
    );

  benchmarks
    .command("check")
    .description(
      "Check people against the criteria for their next rank: each requirement's count, met or not, the gap, and the items counted",
    )
    .option("--faculty <id...>", "these faculty members")
    .option("--cohort <name>", "everyone in this cohort")
    .option("--all", "everyone on the roster")
    .option("--as-of <date>", "the date to check at, YYYY-MM-DD (default: today)", dateArgument)
    .addOption(new Option("--format <format>", "output format").choices(CHECK_FORMATS).default("table"))
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout")
    .addHelpText("after", CHECK_HELP)
    .action(async (options: CheckOptions) => {
      const selection = selectionOf(options);
      const criteria = loadBenchmarkCriteria(ctx.config.BENCHMARKS_PATH);
      const asOf = options.asOf ?? new Date().toISOString().slice(0, 10);
      const people = await checkBenchmarks(await ctx.db(), criteria, selection, asOf);
      const text = renderCheck(people, options.format);
      if (options.out === undefined) {
        ctx.print(text);
        return;
      }
      await writeTextAtomically(options.out, `${text}\n`);
      ctx.print(`benchmark check of ${people.length} person(s) written to ${options.out}`);
    });

  benchmarks
    .command("norms")
    .description(
      "What faculty promoted to a rank had in the look-back window when they were promoted: n, median and quartiles per requirement",
    )
    .option("--track <track>", "only this track")
    .option("--rank <rank>", "only promotions to this rank")
    .addOption(new Option("--format <format>", "output format").choices(NORM_FORMATS).default("table"))
    .action(async (options: { track?: string; rank?: string; format: NormFormat }) => {
      const criteria = loadBenchmarkCriteria(ctx.config.BENCHMARKS_PATH);
      const groups = await benchmarkNorms(await ctx.db(), criteria, options);
      ctx.print(renderNorms(groups, options.format));
    });
}

function selectionOf(options: CheckOptions): CheckSelection {
  const given = [options.faculty !== undefined, options.cohort !== undefined, options.all === true].filter(
    Boolean,
  );
  if (given.length !== 1) throw new UsageError("give exactly one of --faculty ID..., --cohort C or --all");
  if (options.faculty !== undefined) return { ids: options.faculty };
  if (options.cohort !== undefined) return { cohort: options.cohort };
  return { all: true };
}

function dateArgument(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError("give a date such as 2026-06-30");
  return value;
}
