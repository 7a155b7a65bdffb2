import os from "node:os";
import cliProgress from "cli-progress";
import type { Command } from "commander";
import { UserError } from "../errors.ts";
import { METRICS } from "../reconcile/classify.ts";
import { loadClassificationRules } from "../reconcile/rules.ts";
import { renderLedgerItemExplanation } from "../reports/ledger-explanation.ts";
import { importCv } from "../services/cv-import.ts";
import { facultyOrEveryone, requireFaculty } from "../services/faculty.ts";
import { explainLedgerItem, recordItemDecision, setScopeOverride } from "../services/items.ts";
import { reconcileMany, type LedgerSummary } from "../services/reconcile.ts";
import { rescoreSettingsFrom } from "../services/rescore.ts";
import { CV_COLUMNS } from "../sources/cv/index.ts";
import type { CliContext } from "./context.ts";
import { deciderName, parseItemId, readInput } from "./input.ts";
import { formatOption, TEXT_FORMATS, toJson, type TextFormat } from "./output.ts";

export function registerItemsCommands(program: Command, ctx: CliContext): void {
  program
    .command("reconcile")
    .description(
      "Rebuild ledgers from the stored records (no API is called): dedupe, link errata and retractions, " +
        "classify by the rules file",
    )
    .option("--faculty <ids...>", "only these faculty members (default: everyone)")
    .action(async (options: { faculty?: string[] }) => {
      const db = await ctx.db();
      const ids = await facultyOrEveryone(db, options.faculty);
      if (options.faculty) await requireFaculty(db, options.faculty);
      const summaries = await reconcileWithProgress(ctx, ids);
      ctx.print(formatTotals(summaries));
    });

  const items = program.command("items").description("The ledger's items: why they count, merges and splits");

  items
    .command("why")
    .description("Why an item counts (or not) for a faculty member: the rule, the rules version, its sources")
    .argument("<item>", "the item id", parseItemId)
    .requiredOption("--faculty <id>", "the faculty member")
    .addOption(formatOption(TEXT_FORMATS))
    .action(async (itemId: number, options: { faculty: string; format: TextFormat }) => {
      const explanation = await explainLedgerItem(await ctx.db(), options.faculty, itemId);
      ctx.print(
        options.format === "json" ? toJson(explanation) : renderLedgerItemExplanation(explanation).join("\n"),
      );
    });

  for (const kind of ["merge", "split"] as const) {
    const command = items
      .command(kind)
      .description(
        kind === "merge"
          ? "Make two items one, whatever dedupe says; survives every reconciliation"
          : "Keep an item apart from every other, whatever dedupe says; survives every reconciliation",
      )
      .argument("<item>", "the item id", parseItemId);
    if (kind === "merge") command.argument("<other>", "the item to merge it with", parseItemId);
    command
      .option("--note <text>", "why")
      .option("--by <name>", "who decided (default: SCHOLARTRACK_USER, else the login name)")
      .action(async (itemId: number, ...rest: unknown[]) => {
        const other = kind === "merge" ? (rest[0] as number) : undefined;
        const options = (kind === "merge" ? rest[1] : rest[0]) as { note?: string; by?: string };
        const affected = await recordItemDecision(await ctx.db(), {
          kind,
          itemId,
          ...(other !== undefined ? { otherItemId: other } : {}),
          decidedBy: deciderName(options.by, ctx.config.SCHOLARTRACK_USER, () => os.userInfo().username),
          note: options.note ?? null,
        });
        ctx.print(
          `${kind === "merge" ? `items ${itemId} and ${other} merged` : `item ${itemId} kept apart`}`,
        );
        if (affected.length > 0) ctx.print(formatTotals(await reconcileWithProgress(ctx, affected)));
      });
  }

  items
    .command("scope")
    .description(
      "Set a presentation's scope by hand (international, national, regional, local; none clears it)",
    )
    .argument("<item>", "the item id", parseItemId)
    .argument("<scope>", "international, national, regional, local or none")
    .action(async (itemId: number, scope: string) => {
      const affected = await setScopeOverride(
        await ctx.db(),
        itemId,
        scope.toLowerCase() === "none" ? null : scope.toLowerCase(),
      );
      ctx.print(`item ${itemId}: scope ${scope.toLowerCase()}`);
      if (affected.length > 0) ctx.print(formatTotals(await reconcileWithProgress(ctx, affected)));
    });

  program
    .command("import")
    .description("Import people's own records")
    .command("cv")
    .description(
      `Import CV entries as the person's own assertions (accepted), merged with harvested items.\n` +
        `Header (any order): ${CV_COLUMNS.join(",")}\n` +
        `kind is publication, presentation or grant; grants use start_year and end_year; peer_reviewed is ` +
        `yes or no; scope is international, national, regional or local; role is pi, multiple_pi, ` +
        `co_investigator or other.`,
    )
    .argument("<file>", "the CV CSV (UTF-8)")
    .option("--skip-invalid", "import the valid rows even when others have errors (exit code is still 1)")
    .action(async (file: string, options: { skipInvalid?: boolean }) => {
      const bytes = await readInput(file);
      const result = await importCv(await ctx.db(), bytes, {
        fileName: file,
        skipInvalid: options.skipInvalid,
        scoring: rescoreSettingsFrom(ctx.config),
      });
      for (const error of result.errors) ctx.warn(error);
      ctx.print(
        `rows ${result.rows}: items new ${result.itemsNew}, updated ${result.itemsUpdated}, skipped ${result.skipped}`,
      );
      if (result.blocked) {
        throw new UserError(
          `${result.errors.length} error(s) in ${file}; nothing imported. Fix them, or use --skip-invalid.`,
        );
      }
      if (result.facultyIds.length > 0)
        ctx.print(formatTotals(await reconcileWithProgress(ctx, result.facultyIds)));
      if (result.skipped > 0) ctx.exitCode = 1;
    });
}

async function reconcileWithProgress(ctx: CliContext, facultyIds: string[]): Promise<LedgerSummary[]> {
  const db = await ctx.db();
  const rules = loadClassificationRules(ctx.config.CLASSIFICATION_RULES_PATH);
  const stream = ctx.err as NodeJS.WritableStream & { isTTY?: boolean };
  const bar =
    stream.isTTY && facultyIds.length > 1
      ? new cliProgress.SingleBar(
          {
            stream,
            format: "reconcile |{bar}| {value}/{total} faculty | ETA {eta_formatted}",
            hideCursor: true,
          },
          cliProgress.Presets.shades_classic,
        )
      : undefined;
  bar?.start(facultyIds.length, 0);
  try {
    return await reconcileMany(db, facultyIds, rules, {
      concurrency: ctx.config.RECONCILE_CONCURRENCY,
      onDone: () => bar?.increment(),
    });
  } finally {
    bar?.stop();
  }
}

function formatTotals(summaries: LedgerSummary[]): string {
  const totals = Object.fromEntries(METRICS.map((metric) => [metric, 0])) as Record<string, number>;
  let entries = 0;
  let merged = 0;
  let notCounted = 0;
  for (const summary of summaries) {
    entries += summary.entries;
    merged += summary.merged;
    notCounted += summary.notCounted;
    for (const [metric, count] of Object.entries(summary.byMetric))
      totals[metric] = (totals[metric] ?? 0) + count;
  }
  return [
    `reconciled ${summaries.length} faculty member(s): ${entries} ledger line(s), ${merged} duplicate item(s) merged, ${notCounted} not counted`,
    ...METRICS.map((metric) => `  ${metric.padEnd(28)} ${totals[metric]}`),
  ].join("\n");
}
