import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.ts";
import { UserError } from "../errors.ts";
import { CliContext } from "./context.ts";

type Register = (program: Command, ctx: CliContext) => void;

/**
 * Command modules by the top-level command names they register. Only the module a command line
 * needs is loaded (the queue and database libraries take a while to load); help loads them all.
 */
const COMMAND_MODULES: Array<{ names: string[]; load: () => Promise<Register> }> = [
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
  { names: ["sandbox"], load: async () => (await import("./sandbox.ts")).registerSandboxCommands },
  { names: ["demo"], load: async () => (await import("./demo.ts")).registerDemoCommand },
  { names: ["health"], load: async () => (await import("./health.ts")).registerHealthCommand },
];

async function buildProgram(argv: string[], ctx: CliContext): Promise<Command> {
  const program = new Command("scholartrack")
    .description("Track the scholarly productivity of faculty: harvest, reconcile, report.")
    .showHelpAfterError()
    .exitOverride();
  const requested = argv[2];
  const needed = COMMAND_MODULES.filter(
    (module) => requested !== undefined && module.names.includes(requested),
  );
  for (const module of needed.length > 0 ? needed : COMMAND_MODULES) (await module.load())(program, ctx);
  return program;
}

/** Runs one command line and returns the process exit code. */
export async function main(argv: string[], ctx = new CliContext()): Promise<number> {
  try {
    const program = await buildProgram(argv, ctx);
    await program.parseAsync(argv);
    return ctx.exitCode;
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode;
    if (error instanceof UserError) {
      ctx.warn(`Error: ${error.message}`);
      return error.exitCode;
    }
    if (error instanceof ConfigError) {
      ctx.warn(error.message);
      return 2;
    }
    ctx.warn(`Unexpected error: ${(error as Error).stack ?? String(error)}`);
    return 1;
  } finally {
    await ctx.close();
  }
}
