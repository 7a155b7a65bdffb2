import { Command, CommanderError } from "commander";
import { ConfigError } from "../config/env.ts";
import { UserError } from "../errors.ts";
import { CliContext } from "./context.ts";
import { registerDemoCommand } from "./demo.ts";
import { registerExportCommands } from "./export.ts";
import { registerFacultyCommands } from "./faculty.ts";
import { registerHarvestCommands } from "./harvest.ts";
import { registerHealthCommand } from "./health.ts";
import { registerMigrateCommand } from "./migrate.ts";
import { registerParseCommands } from "./parse.ts";
import { registerSandboxCommands } from "./sandbox.ts";

/** Runs one command line and returns the process exit code. */
export async function main(argv: string[], ctx = new CliContext()): Promise<number> {
  const program = new Command("scholartrack")
    .description("Track the scholarly productivity of faculty: harvest, reconcile, report.")
    .showHelpAfterError()
    .exitOverride();
  registerMigrateCommand(program, ctx);
  registerFacultyCommands(program, ctx);
  registerParseCommands(program, ctx);
  registerHarvestCommands(program, ctx);
  registerExportCommands(program, ctx);
  registerSandboxCommands(program, ctx);
  registerDemoCommand(program, ctx);
  registerHealthCommand(program, ctx);
  try {
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
