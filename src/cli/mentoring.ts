import { readFile } from "node:fs/promises";
import type { Command } from "commander";
import { UserError } from "../errors.ts";
import { importMentoring, MENTORING_FILES } from "../services/mentoring-import.ts";
import type { CliContext } from "./context.ts";

const IMPORT_HELP = `
The file's kind is recognised by its header (columns in any order):
  mentorships: ${MENTORING_FILES.mentorships.join(",")}   (kind: formal or informal; end_date empty while it goes on)
  meetings:    ${MENTORING_FILES.meetings.join(",")}   (minutes and topics may be empty)
  idp:         ${MENTORING_FILES.idp.join(",")}   (dates may be empty)
Dates are YYYY-MM-DD. A record is known by mentor, mentee and start date (mentorships), mentor,
mentee and date (meetings), or person and year (IDPs): importing it again updates it in place.
The roster's mentor_id stays the current formal mentor.

Examples:
  scholartrack mentoring import mentorships.csv
  scholartrack mentoring import meetings.csv --skip-invalid`;

export function registerMentoringCommands(program: Command, ctx: CliContext): void {
  const mentoring = program
    .command("mentoring")
    .description("The mentoring program's records: mentorships, meetings, individual development plans");

  mentoring
    .command("import")
    .description("Import mentorships, meetings or IDPs from a CSV, all in one transaction")
    .argument("<file>", "the CSV (UTF-8)")
    .option("--skip-invalid", "import the valid rows even when others have errors (exit code is still 1)")
    .addHelpText("after", IMPORT_HELP)
    .action(async (file: string, options: { skipInvalid?: boolean }) => {
      const bytes = await readFile(file).catch((error: NodeJS.ErrnoException) => {
        throw new UserError(`Cannot read ${file}: ${error.code ?? error.message}`);
      });
      const result = await importMentoring(await ctx.db(), bytes, {
        fileName: file,
        skipInvalid: options.skipInvalid,
      });
      for (const error of result.errors) ctx.warn(error);
      ctx.print(
        `${result.kind}: created ${result.created}, updated ${result.updated}, unchanged ${result.unchanged}, skipped ${result.skipped}`,
      );
      if (result.blocked) {
        throw new UserError(
          `${result.errors.length} error(s) in ${file}; nothing imported. ` +
            `Fix them, or use --skip-invalid to import the other rows.`,
        );
      }
      if (result.skipped > 0) ctx.exitCode = 1;
    });
}
