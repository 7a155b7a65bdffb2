import { once } from "node:events";
import { Option, type Command } from "commander";
import { writeFileAtomically } from "../io/write-atomically.ts";
import { EXPORT_FORMATS, type ExportFormat } from "../reports/export-items.ts";
import { writeItemsExport } from "../services/export.ts";
import { requireFaculty } from "../services/faculty.ts";
import type { CliContext } from "./context.ts";

interface ExportItemsOptions {
  format: ExportFormat;
  faculty?: string[];
  out?: string;
}

export function registerExportCommands(program: Command, ctx: CliContext): void {
  const exportCommand = program.command("export").description("Export data for reports and scripts");

  exportCommand
    .command("items")
    .description(
      "One row per faculty member and item: facultyId, itemId, status, kind, title, year, venue, doi, " +
        "pmid, pmcid, publicationTypes, authorPosition, sources",
    )
    .addOption(new Option("--format <format>", "output format").choices(EXPORT_FORMATS).default("jsonl"))
    .option("--faculty <id...>", "only these faculty members")
    .option(
      "--out <file>",
      "write to this file (replaced only once the export is complete) instead of stdout",
    )
    .action(async (options: ExportItemsOptions) => {
      const db = await ctx.db();
      if (options.faculty) await requireFaculty(db, options.faculty);
      const query = { facultyIds: options.faculty };
      if (options.out === undefined) {
        await writeItemsExport(db, options.format, (chunk) => writeToStream(ctx.out, chunk), query);
        return;
      }
      const out = options.out;
      const count = await writeFileAtomically(out, (write) =>
        writeItemsExport(db, options.format, write, query),
      );
      ctx.print(`${count} row(s) written to ${out}`);
    });
}

async function writeToStream(stream: NodeJS.WritableStream, chunk: string): Promise<void> {
  // Waiting for "drain" keeps a slow reader (a pipe, say) from making the export buffer everything.
  if (!stream.write(chunk)) await once(stream, "drain");
}
