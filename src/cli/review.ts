import os from "node:os";
import { Option, type Command } from "commander";
import { stringify } from "csv-stringify/sync";
import { UsageError, UserError } from "../errors.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import { loadClassificationRules } from "../reconcile/rules.ts";
import { renderExplanation } from "../reports/link-explanation.ts";
import { renderTable } from "../reports/table.ts";
import { importDecisions } from "../services/decisions-import.ts";
import { facultyOrEveryone, requireFaculty } from "../services/faculty.ts";
import { rescoreSettingsFrom, thresholdsFrom } from "../services/rescore.ts";
import {
  explainLink,
  recordDecisions,
  refreshMany,
  reviewQueue,
  type Decision,
  type DecisionOutcome,
  type ReviewQueueRow,
} from "../services/review.ts";
import type { CliContext } from "./context.ts";
import { deciderName, parseItemId, readInput } from "./input.ts";
import { formatOption, TEXT_FORMATS, toJson, type TextFormat } from "./output.ts";

const LIST_FORMATS = ["table", "csv", "json"] as const;
type ListFormat = (typeof LIST_FORMATS)[number];
const LIST_STATUSES = ["pending", "accepted", "rejected"] as const;

interface DecideOptions {
  faculty: string;
  note?: string;
  by?: string;
}

export function registerReviewCommands(program: Command, ctx: CliContext): void {
  const review = program
    .command("review")
    .description("Review who wrote what: the links awaiting a decision");

  review
    .command("list")
    .description("Links awaiting review, most uncertain first")
    .option("--faculty <id>", "only this faculty member")
    .addOption(
      new Option("--status <status>", "pending, or what was decided automatically")
        .choices(LIST_STATUSES)
        .default("pending"),
    )
    .option("--limit <n>", "at most this many", parsePositive)
    .addOption(new Option("--format <format>", "output format").choices(LIST_FORMATS).default("table"))
    .action(
      async (options: {
        faculty?: string;
        status: (typeof LIST_STATUSES)[number];
        limit?: number;
        format: ListFormat;
      }) => {
        const db = await ctx.db();
        if (options.faculty) await requireFaculty(db, options.faculty, "quoted");
        const rows = await reviewQueue(db, thresholdsFrom(ctx.config), {
          facultyId: options.faculty,
          status: options.status,
          limit: options.limit,
        });
        if (rows.length === 0 && options.format === "table") {
          ctx.warn(`No ${options.status} links${options.faculty ? ` for ${options.faculty}` : ""}.`);
          return;
        }
        ctx.print(renderQueue(rows, options.format));
      },
    );

  review
    .command("explain")
    .description("Every piece of evidence for one link, its weight, and the total")
    .argument("<item>", "the item id (as `review list` and `export items` show it)", parseItemId)
    .requiredOption("--faculty <id>", "the faculty member")
    .addOption(formatOption(TEXT_FORMATS))
    .action(async (itemId: number, options: { faculty: string; format: TextFormat }) => {
      const explanation = await explainLink(
        await ctx.db(),
        options.faculty,
        itemId,
        thresholdsFrom(ctx.config),
      );
      ctx.print(options.format === "json" ? toJson(explanation) : renderExplanation(explanation));
    });

  for (const decision of ["accept", "reject"] as const) {
    review
      .command(decision)
      .description(
        decision === "accept"
          ? "Accept an item as the faculty member's: wins over the automatic status, and survives harvests"
          : "Reject an item for the faculty member: it is never linked to them again by a harvest",
      )
      .argument("<item>", "the item id", parseItemId)
      .requiredOption("--faculty <id>", "the faculty member")
      .option("--note <text>", "why, for whoever reads the decision later")
      .option("--by <name>", "who decided (default: SCHOLARTRACK_USER, else the login name)")
      .action(async (itemId: number, options: DecideOptions) => {
        const db = await ctx.db();
        const [outcome] = await recordDecisions(db, [
          {
            facultyId: options.faculty,
            itemId,
            decision,
            note: options.note ?? null,
            decidedBy: decider(ctx, options.by),
          },
        ]);
        ctx.print(describeOutcome(outcome!, decision));
        if (outcome!.changed) await rescoreAndReport(ctx, [options.faculty]);
      });
  }

  review
    .command("import")
    .description(
      "Apply a CSV of decisions in one transaction. Header: faculty_id,decision and item_id (or pmid, " +
        "or doi); optional note,decided_by. decision is accept or reject.",
    )
    .argument("<file>", "the decisions CSV (UTF-8)")
    .option("--skip-invalid", "apply the valid rows even when others have errors (exit code is still 1)")
    .option("--by <name>", "who decided, for rows without decided_by")
    .action(async (file: string, options: { skipInvalid?: boolean; by?: string }) => {
      const bytes = await readInput(file);
      const db = await ctx.db();
      const result = await importDecisions(db, bytes, {
        fileName: file,
        decidedBy: decider(ctx, options.by),
        skipInvalid: options.skipInvalid,
      });
      for (const error of result.errors) ctx.warn(error);
      ctx.print(`changed ${result.changed}, unchanged ${result.unchanged}, skipped ${result.skipped}`);
      if (result.blocked) {
        throw new UserError(
          `${result.errors.length} error(s) in ${file}; nothing applied. Fix them, or use --skip-invalid.`,
        );
      }
      const touched = [...new Set(changedFaculty(result.outcomes))];
      if (touched.length > 0) await rescoreAndReport(ctx, touched);
      if (result.skipped > 0) ctx.exitCode = 1;
    });

  review
    .command("rescore")
    .description("Score every automatic link again from the stored records (no API is called)")
    .option("--faculty <id...>", "only these faculty members")
    .action(async (options: { faculty?: string[] }) => {
      const db = await ctx.db();
      const ids = await facultyOrEveryone(db, options.faculty);
      for (const id of options.faculty ?? []) await requireFaculty(db, id, "quoted");
      await rescoreAndReport(ctx, ids);
    });
}

function changedFaculty(outcomes: DecisionOutcome[]): string[] {
  return outcomes.filter((outcome) => outcome.changed).map((outcome) => outcome.facultyId);
}

async function rescoreAndReport(ctx: CliContext, facultyIds: string[]): Promise<void> {
  const db = await ctx.db();
  const settings = rescoreSettingsFrom(ctx.config);
  const rules = loadClassificationRules(ctx.config.CLASSIFICATION_RULES_PATH);
  const refreshed = await refreshMany(db, facultyIds, settings, rules, {
    concurrency: ctx.config.RECONCILE_CONCURRENCY,
  });
  const changed = refreshed.reduce((sum, { rescored }) => sum + rescored.changed, 0);
  ctx.print(
    `re-scored ${facultyIds.length} faculty member(s): ${changed} automatic link(s) changed; ledger(s) rebuilt`,
  );
}

function describeOutcome(outcome: DecisionOutcome, decision: Decision): string {
  const what = `${outcome.facultyId} item ${outcome.itemId}`;
  if (!outcome.changed) return `${what}: already ${outcome.status} by the same person; nothing changed`;
  const before = outcome.previous
    ? `was ${outcome.previous.status} (${outcome.previous.decidedBy === SYSTEM_DECIDER ? "automatic" : `by ${outcome.previous.decidedBy}`})`
    : "was not linked";
  const confirmed =
    outcome.confirmedReporterProfileId !== undefined
      ? `; RePORTER profile id ${outcome.confirmedReporterProfileId} confirmed for later harvests`
      : "";
  return `${what}: ${decision === "accept" ? "accepted" : "rejected"} (${before})${confirmed}`;
}

function decider(ctx: CliContext, by: string | undefined): string {
  return deciderName(by, ctx.config.SCHOLARTRACK_USER, () => os.userInfo().username);
}

function parsePositive(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1)
    throw new UsageError(`--limit: "${value}" is not a positive number`);
  return Number(value);
}

const LIST_FIELDS: ReadonlyArray<keyof ReviewQueueRow> = [
  "facultyId",
  "facultyName",
  "itemId",
  "kind",
  "status",
  "score",
  "year",
  "title",
  "venue",
  "pmid",
  "strongest",
];

function renderQueue(rows: ReviewQueueRow[], format: ListFormat): string {
  switch (format) {
    case "table":
      return renderTable(
        ["FACULTY", "ITEM", "KIND", "SCORE", "YEAR", "TITLE", "STRONGEST EVIDENCE"],
        rows.map((row) => [
          row.facultyId,
          row.itemId,
          row.kind,
          row.score === null ? "" : Math.round(row.score),
          row.year,
          truncate(row.title, 60),
          truncate(row.strongest ?? "", 70),
        ]),
      );
    case "csv":
      return stringify([
        [...LIST_FIELDS],
        ...rows.map((row) => LIST_FIELDS.map((field) => row[field] ?? "")),
      ]).replace(/\n$/, "");
    case "json":
      return JSON.stringify(rows, null, 2);
    default: {
      const unknown: never = format;
      throw new Error(`Unknown format ${String(unknown)}`);
    }
  }
}

function truncate(text: string, length: number): string {
  return text.length <= length ? text : `${text.slice(0, length - 1)}…`;
}
