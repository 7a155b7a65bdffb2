import { readFileSync } from "node:fs";
import { Command, CommanderError, Help } from "commander";
import { ConfigError, UserError } from "../errors.ts";
import { projectPath } from "../paths.ts";
import { COMMAND_LIST } from "./command-list.ts";
import type { CliContext } from "./context.ts";

type Register = (program: Command, ctx: CliContext) => void;

/** The exit codes, as the README documents them. */
export const EXIT_CODES = { ok: 0, failure: 1, usage: 2 } as const;

/**
 * Command modules by the top-level command names they register. Only the module a command line
 * needs is loaded (the queue and database libraries take a while to load); the top-level help
 * loads none (see command-list.ts).
 */
export const COMMAND_MODULES: Array<{ names: string[]; load: () => Promise<Register> }> = [
  { names: ["migrate"], load: async () => (await import("./migrate.ts")).registerMigrateCommand },
  { names: ["faculty"], load: async () => (await import("./faculty.ts")).registerFacultyCommands },
  { names: ["parse"], load: async () => (await import("./parse.ts")).registerParseCommands },
  {
    names: ["harvest", "worker", "schedule", "runs"],
    load: async () => (await import("./harvest.ts")).registerHarvestCommands,
  },
  {
    names: ["reconcile", "items", "import"],
    load: async () => (await import("./items.ts")).registerItemsCommands,
  },
  { names: ["review"], load: async () => (await import("./review.ts")).registerReviewCommands },
  { names: ["export"], load: async () => (await import("./export.ts")).registerExportCommands },
  { names: ["survey"], load: async () => (await import("./survey.ts")).registerSurveyCommands },
  { names: ["report"], load: async () => (await import("./report.ts")).registerReportCommands },
  {
    names: ["benchmarks"],
    load: async () => (await import("./benchmarks.ts")).registerBenchmarkCommands,
  },
  { names: ["mentoring"], load: async () => (await import("./mentoring.ts")).registerMentoringCommands },
  { names: ["digest"], load: async () => (await import("./digest.ts")).registerDigestCommand },
  { names: ["program"], load: async () => (await import("./program.ts")).registerProgramCommands },
  { names: ["dossier"], load: async () => (await import("./dossier.ts")).registerDossierCommand },
  { names: ["sandbox"], load: async () => (await import("./sandbox.ts")).registerSandboxCommands },
  { names: ["demo"], load: async () => (await import("./demo.ts")).registerDemoCommand },
  { names: ["health"], load: async () => (await import("./health.ts")).registerHealthCommand },
  { names: ["users"], load: async () => (await import("./users.ts")).registerUsersCommands },
  { names: ["committees"], load: async () => (await import("./committees.ts")).registerCommitteesCommands },
  { names: ["audit"], load: async () => (await import("./audit.ts")).registerAuditCommands },
  { names: ["web"], load: async () => (await import("./web.ts")).registerWebCommand },
];

function packageVersion(): string {
  return (JSON.parse(readFileSync(projectPath("package.json"), "utf8")) as { version: string }).version;
}

/** The program before any command is registered. */
export function newProgram(): Command {
  return (
    new Command("scholartrack")
      .description("Track the scholarly productivity of faculty: harvest, reconcile, report.")
      .version(packageVersion())
      // A subcommand's options are its own even where its parent has one of the same name
      // (`runs --format json` and `runs show RUN --format json`).
      .enablePositionalOptions()
      .showHelpAfterError()
      .exitOverride()
  );
}

/** The module a command line needs: the one registering its command, or the command `help` is asked about. */
function moduleFor(args: string[]): (typeof COMMAND_MODULES)[number] | undefined {
  const words = args.filter((arg) => !arg.startsWith("-"));
  const command = words[0] === "help" ? words[1] : words[0];
  return COMMAND_MODULES.find((module) => command !== undefined && module.names.includes(command));
}

/**
 * Names every command, with the summary the top-level help shows, without loading any of them:
 * enough for `--help`, `--version` and a misspelt command, which then start in a fraction of the time.
 */
export function listCommands(program: Command): Command {
  const terms = new Map(COMMAND_LIST.map(({ term }) => [term.split(" ")[0], term]));
  const defaultHelp = new Help();
  program.configureHelp({
    subcommandTerm: (command) => terms.get(command.name()) ?? defaultHelp.subcommandTerm(command),
  });
  for (const { term, description } of COMMAND_LIST)
    program.command(term.split(" ")[0]!).description(description);
  return program;
}

/** Prints what went wrong (commander has printed its own) and returns the exit code. */
export function reportError(error: unknown, err: NodeJS.WritableStream): number {
  if (error instanceof CommanderError) return error.exitCode === 0 ? EXIT_CODES.ok : EXIT_CODES.usage;
  if (error instanceof UserError) {
    err.write(`Error: ${error.message}\n`);
    return error.exitCode;
  }
  if (error instanceof ConfigError) {
    err.write(`${error.message}\n`);
    return EXIT_CODES.usage;
  }
  err.write(`Unexpected error: ${(error as Error).stack ?? String(error)}\n`);
  return EXIT_CODES.failure;
}

/** Runs one command line and returns the process exit code. */
export async function main(argv: string[], ctx?: CliContext): Promise<number> {
  let context = ctx;
  try {
    const program = newProgram();
    const module = moduleFor(argv.slice(2));
    if (module) {
      context ??= new (await import("./context.ts")).CliContext();
      (await module.load())(program, context);
    } else {
      listCommands(program);
    }
    await program.parseAsync(argv);
    return context?.exitCode ?? EXIT_CODES.ok;
  } catch (error) {
    return reportError(error, context?.err ?? process.stderr);
  } finally {
    await context?.close();
  }
}

/** How long a finished command waits for its last handles to close before it exits regardless. */
export const EXIT_GRACE_MS = 5_000;

/** The process's entry (bin/scholartrack.js): sets the exit code, and ends quietly on a closed pipe. */
export async function run(): Promise<void> {
  for (const stream of [process.stdout, process.stderr]) stream.on("error", endOnClosedPipe);
  const code = await main(process.argv);
  process.exitCode = code;
  // Every connection has been asked to close. One that will not (a socket stuck mid-outage) must
  // not keep a cron job alive until the next night: the command exits with its own code regardless.
  setTimeout(() => {
    process.stderr.write(
      `scholartrack: connections still open ${EXIT_GRACE_MS / 1000} s after the command ended; exiting\n`,
    );
    process.exit(code);
  }, EXIT_GRACE_MS).unref();
}

function endOnClosedPipe(error: NodeJS.ErrnoException): void {
  // The reader stopped reading (`| head -1`): the rest of the output has nowhere to go, and a
  // stack trace would only repeat that. Stop as quietly as a command interrupted by SIGPIPE.
  if (error.code === "EPIPE") process.exit(EXIT_CODES.ok);
  throw error;
}
