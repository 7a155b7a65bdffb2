import type { Command } from "commander";
import { UsageError, UserError } from "../errors.ts";
import { parsePersonName } from "../identity/names.ts";
import { collapseProjectsWithMatches, type ReporterPerson } from "../sources/reporter/map.ts";
import { parseReporterDocument, ReporterParseError } from "../sources/reporter/parse.ts";
import type { CliContext } from "./context.ts";
import { readInput } from "./input.ts";

interface ReporterParseOptions {
  person?: string;
  profileId?: number;
}

/** Adds `parse reporter FILE` to the `parse` command group. */
export function registerReporterParseCommands(parse: Command, ctx: CliContext): void {
  parse
    .command("reporter <file>")
    .description(
      "Parse a saved RePORTER v2 projects/search answer (or one project, or an array of them) and print " +
        "its projects and the grants they collapse into, as JSON",
    )
    .option("--person <name>", 'show each grant\'s role and evidence for this person ("Last, First M")')
    .option(
      "--profile-id <id>",
      "the person's RePORTER profile id (with or without --person)",
      parseProfileId,
    )
    .action(async (file: string, options: ReporterParseOptions) => {
      const person = personFrom(options);
      const bytes = await readInput(file);
      const document = parseFile(file, bytes);
      const grants = collapseProjectsWithMatches(document.projects, person);
      const output = {
        ...(document.page
          ? { total: document.page.total, offset: document.page.offset, limit: document.page.limit }
          : {}),
        projects: document.projects,
        grants: grants.map((grant) => grant.candidate),
        ...(person ? { matches: grants.map((grant) => grant.match) } : {}),
      };
      ctx.print(JSON.stringify(output, null, 2));
    });
}

function parseFile(file: string, bytes: Buffer): ReturnType<typeof parseReporterDocument> {
  try {
    return parseReporterDocument(bytes);
  } catch (error) {
    if (error instanceof ReporterParseError) throw new UserError(`Cannot parse ${file}: ${error.message}`);
    throw error;
  }
}

function personFrom(options: ReporterParseOptions): ReporterPerson | undefined {
  if (options.person === undefined) {
    // A profile id alone is enough to find the person; names are then not compared.
    return options.profileId !== undefined
      ? { profileId: options.profileId, firstName: "", lastName: "" }
      : undefined;
  }
  const name = parsePersonName(options.person);
  if (!name || name.given.length === 0)
    throw new UsageError(
      `--person needs a last and a first name, as "Last, First M" (got "${options.person}")`,
    );
  const [firstName, ...middle] = name.given;
  return {
    firstName: firstName!,
    lastName: name.last,
    ...(middle.length > 0 ? { middleName: middle.join(" ") } : {}),
    ...(options.profileId !== undefined ? { profileId: options.profileId } : {}),
  };
}

function parseProfileId(value: string): number {
  const id = Number(value);
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(id) || id < 1)
    throw new UsageError(`--profile-id must be a RePORTER profile id (a whole number), not "${value}"`);
  return id;
}
