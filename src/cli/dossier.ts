import { InvalidArgumentError, Option, type Command } from "commander";
import { loadBenchmarkCriteria } from "../benchmarks/criteria.ts";
import { isIsoDate } from "../csv/iso-date.ts";
import { UsageError } from "../errors.ts";
import { printPdf } from "../io/print-pdf.ts";
import { writeTextAtomically } from "../io/write-atomically.ts";
import { DOSSIER_FORMATS, renderDossierHtml, type DossierFormat } from "../mentoring/dossier.ts";
import { buildDossier } from "../services/dossier.ts";
import type { CliContext } from "./context.ts";

const HELP = `
Examples:
  scholartrack dossier F001 --out F001.html
  scholartrack dossier F001 --format pdf --out F001.pdf

The profile, the benchmark check (config/benchmarks.json or BENCHMARKS_PATH), and the ledger's
publications (cited in NLM/Vancouver style), presentations and grants, each marked with how it was
verified. PDF is printed by headless Chromium (/usr/bin/chromium) when it is installed.`;

export function registerDossierCommand(program: Command, ctx: CliContext): void {
  program
    .command("dossier")
    .description(
      "A candidate's dossier for the promotion committee: profile, benchmark check, cited items and how each was verified",
    )
    .argument("<id>", "the faculty id")
    .addOption(new Option("--format <format>", "output format").choices(DOSSIER_FORMATS).default("html"))
    .option("--as-of <date>", "the benchmark check's date, YYYY-MM-DD (default: today)", dateArgument)
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (id: string, options: { format: DossierFormat; asOf?: string; out?: string }) => {
      if (options.format === "pdf" && options.out === undefined) {
        throw new UsageError("--format pdf needs --out FILE");
      }
      const criteria = loadBenchmarkCriteria(ctx.config.BENCHMARKS_PATH);
      const built = await buildDossier(
        await ctx.db(),
        criteria,
        id,
        options.asOf ? { asOf: options.asOf } : {},
      );
      const html = renderDossierHtml(built);
      if (options.out === undefined) {
        ctx.print(html);
        return;
      }
      if (options.format === "pdf") await printPdf(html, options.out);
      else await writeTextAtomically(options.out, `${html}\n`);
      ctx.print(`dossier of ${id} written to ${options.out}`);
    });
}

function dateArgument(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError("give a date such as 2026-06-30");
  return value;
}
