import type { Command } from "commander";
import { UsageError, UserError } from "../errors.ts";
import { parsePubmedXmlParallel, PubmedParseError } from "../sources/pubmed/parse.ts";
import type { CliContext } from "./context.ts";
import { readInput } from "./input.ts";
import { registerOrcidParseCommands } from "./parse-orcid.ts";
import { registerReporterParseCommands } from "./parse-reporter.ts";

export function registerParseCommands(program: Command, ctx: CliContext): void {
  const parse = program.command("parse").description("Print what a parser reads from a saved API response");
  parse
    .command("pubmed <file>")
    .description(
      "Parse an EFetch (db=pubmed, retmode=xml) PubmedArticleSet file and print its records as a JSON array",
    )
    .option("--threads <n>", "worker threads for large files (default: every core)", parseThreads)
    .action(async (file: string, options: { threads?: number }) => {
      const bytes = await readInput(file);
      try {
        // Large files are spread over worker threads; small ones are parsed here.
        const records = await parsePubmedXmlParallel(bytes, { threads: options.threads });
        ctx.print(JSON.stringify(records, null, 2));
      } catch (error) {
        if (error instanceof PubmedParseError) throw new UserError(`Cannot parse ${file}: ${error.message}`);
        throw error;
      }
    });
  registerOrcidParseCommands(parse, ctx);
  registerReporterParseCommands(parse, ctx);
}

function parseThreads(value: string): number {
  const threads = Number(value);
  if (!Number.isInteger(threads) || threads < 1)
    throw new UsageError(`--threads must be a whole number of at least 1, not "${value}"`);
  return threads;
}
