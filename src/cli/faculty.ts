import { readFile } from "node:fs/promises";
import { Option, type Command } from "commander";
import { stringify } from "csv-stringify/sync";
import { UsageError, UserError } from "../errors.ts";
import { loadClassificationRules } from "../reconcile/rules.ts";
import { renderTable } from "../reports/table.ts";
import { EXTRA_ROSTER_COLUMNS, ROSTER_COLUMNS } from "../roster/parse-roster.ts";
import { listFaculty, setReporterProfileId, type FacultyListRow } from "../services/faculty.ts";
import { rescoreSettingsFrom } from "../services/rescore.ts";
import { refreshFaculty } from "../services/review.ts";
import { importRoster, type RosterImportResult } from "../services/roster.ts";
import type { CliContext } from "./context.ts";

const LIST_FORMATS = ["table", "csv", "json"] as const;
type ListFormat = (typeof LIST_FORMATS)[number];

const LIST_FIELDS: ReadonlyArray<keyof FacultyListRow> = [
  "id",
  "name",
  "orcid",
  "rank",
  "division",
  "cohort",
  "mentorId",
  "mentorName",
  "accepted",
  "pending",
];

export function registerFacultyCommands(program: Command, ctx: CliContext): void {
  const faculty = program.command("faculty").description("Keep the faculty roster");

  faculty
    .command("import")
    .description(
      `Add or update faculty from a roster CSV, matched on faculty_id, all in one transaction.\n` +
        `Header (any order): ${ROSTER_COLUMNS.join(",")}\n` +
        `Optional extra column: ${EXTRA_ROSTER_COLUMNS.join(",")} (a confirmed NIH RePORTER PI profile id).\n` +
        `faculty_id, last_name and first_name are required; a column left out of the file leaves that ` +
        `field as it is, an empty cell clears it. affiliation_terms and name_variants are ;-separated.`,
    )
    .argument("<file>", "the roster CSV (UTF-8)")
    .option("--skip-invalid", "import the valid rows even when others have errors (exit code is still 1)")
    .option("--dry-run", "check the file and report what would change, writing nothing")
    .action(async (file: string, options: { skipInvalid?: boolean; dryRun?: boolean }) => {
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new UserError(`Cannot read ${file}: ${error.code ?? error.message}`);
      });
      const result = await importRoster(await ctx.db(), bytes, {
        fileName: file,
        skipInvalid: options.skipInvalid,
        dryRun: options.dryRun,
      });
      for (const warning of result.warnings) ctx.warn(`warning: ${warning}`);
      for (const error of result.errors) ctx.warn(error);
      ctx.print(summarizeImport(result));
      if (result.blocked) {
        const valid = result.rows - result.invalid;
        throw new UserError(
          `${result.errors.length} error(s) in ${result.invalid} row(s) of ${file}; nothing imported. ` +
            `Fix them, or use --skip-invalid to import the other ${valid} row(s).`,
        );
      }
      if (result.skipped > 0) ctx.exitCode = 1;
    });

  faculty
    .command("list")
    .description("List faculty members with their mentor and counts of accepted and pending items")
    .option("--cohort <name>", "only this cohort")
    .addOption(new Option("--format <format>", "output format").choices(LIST_FORMATS).default("table"))
    .action(async (options: { cohort?: string; format: ListFormat }) => {
      const rows = await listFaculty(await ctx.db(), options.cohort);
      const text = renderFacultyList(rows, options.format);
      if (text === "") {
        ctx.warn(
          options.cohort === undefined
            ? "No faculty members."
            : `No faculty members in cohort "${options.cohort}".`,
        );
      } else {
        ctx.print(text);
      }
    });

  faculty
    .command("set")
    .description("Change what the roster does not hold for one faculty member")
    .argument("<faculty-id>", "the faculty member")
    .requiredOption(
      "--reporter-profile-id <id>",
      "their confirmed NIH RePORTER PI profile id (or none to forget it): RePORTER harvests then " +
        "search by it, and the grants found are accepted",
      readProfileIdOption,
    )
    .action(async (facultyId: string, options: { reporterProfileId: number | "none" }) => {
      const profileId = options.reporterProfileId === "none" ? null : options.reporterProfileId;
      const change = await setReporterProfileId(await ctx.db(), facultyId, profileId);
      const shown = (id: number | null) => (id === null ? "none" : String(id));
      if (change.previous === change.current) {
        ctx.print(`${facultyId}: RePORTER profile id already ${shown(change.current)}`);
        return;
      }
      // Grants already found by name under that profile id are theirs now: score them again.
      const { rescored } = await refreshFaculty(
        await ctx.db(),
        facultyId,
        rescoreSettingsFrom(ctx.config),
        loadClassificationRules(ctx.config.CLASSIFICATION_RULES_PATH),
      );
      ctx.print(
        `${facultyId}: RePORTER profile id ${shown(change.previous)} -> ${shown(change.current)}; ` +
          `${rescored.changed} link(s) re-scored; the next RePORTER harvest searches by it`,
      );
    });
}

/** Checked as the command line is read, before any connection; "none" forgets the id. */
function readProfileIdOption(value: string): number | "none" {
  // Not null: commander would take a null for a missing value.
  if (value.toLowerCase() === "none") return "none";
  if (!/^\d{1,10}$/.test(value)) {
    throw new UsageError(
      `--reporter-profile-id: "${value}" is not a RePORTER profile id (a number, or none)`,
    );
  }
  return Number(value);
}

function summarizeImport(result: RosterImportResult): string {
  const counts = `created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, skipped ${result.skipped}`;
  return result.dryRun ? `${counts} (dry run: nothing written)` : counts;
}

/** The list as text; "" for an empty table, so the caller can say so instead. */
export function renderFacultyList(rows: FacultyListRow[], format: ListFormat): string {
  switch (format) {
    case "table":
      if (rows.length === 0) return "";
      return renderTable(
        ["ID", "NAME", "ORCID", "RANK", "DIVISION", "COHORT", "MENTOR", "ACCEPTED", "PENDING"],
        rows.map((row) => [
          row.id,
          row.name,
          row.orcid,
          row.rank,
          row.division,
          row.cohort,
          row.mentorName ?? row.mentorId,
          row.accepted,
          row.pending,
        ]),
      );
    case "csv":
      return stringify([
        [...LIST_FIELDS],
        ...rows.map((row) => LIST_FIELDS.map((field) => row[field] ?? "")),
      ]).replace(/\n$/, "");
    case "json":
      return JSON.stringify(
        rows.map((row) => Object.fromEntries(LIST_FIELDS.map((field) => [field, row[field]]))),
        null,
        2,
      );
    default: {
      const unknown: never = format;
      throw new Error(`Unknown list format ${String(unknown)}`);
    }
  }
}
