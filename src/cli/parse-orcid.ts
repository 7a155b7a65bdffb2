import type { Command } from "commander";
import { UserError } from "../errors.ts";
import {
  OrcidParseError,
  parseBulkWorks,
  parseFundings,
  parseWork,
  parseWorksSummary,
  readOrcidJson,
} from "../sources/orcid/parse.ts";
import type { CliContext } from "./context.ts";
import { readInput } from "./input.ts";

/** Adds the ORCID commands to the `parse` group: each prints what the parser reads from a saved response. */
export function registerOrcidParseCommands(parse: Command, ctx: CliContext): void {
  parse
    .command("orcid-works <file>")
    .description("Parse a saved ORCID v3.0 works list (GET /{orcid}/works) and print its groups as JSON")
    .action(async (file: string) => {
      const bytes = await readInput(file);
      const groups = parseOrFail(file, () => parseWorksSummary(bytes));
      ctx.print(JSON.stringify(groups, null, 2));
    });

  parse
    .command("orcid-work <file>")
    .description(
      "Parse a saved ORCID v3.0 work (GET /{orcid}/work/{put-code}) or bulk read (GET /{orcid}/works/{put-codes}) and print it as JSON",
    )
    .action(async (file: string) => {
      const bytes = await readInput(file);
      const read = parseOrFail(file, () => {
        const json = readOrcidJson(bytes);
        const bulk = typeof json === "object" && json !== null && "bulk" in json;
        return bulk ? parseBulkWorks(json) : parseWork(json);
      });
      ctx.print(JSON.stringify(read, null, 2));
    });

  parse
    .command("orcid-fundings <file>")
    .description(
      "Parse a saved ORCID v3.0 fundings list (GET /{orcid}/fundings) and print its groups as JSON",
    )
    .action(async (file: string) => {
      const bytes = await readInput(file);
      const groups = parseOrFail(file, () => parseFundings(bytes));
      ctx.print(JSON.stringify(groups, null, 2));
    });
}

function parseOrFail<T>(file: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof OrcidParseError) throw new UserError(`Cannot parse ${file}: ${error.message}`);
    throw error;
  }
}
