import type { Command } from "commander";
import { checkDatabase } from "../db/connect.ts";
import { migrate, redactUrl } from "../db/migrate.ts";
import type { CliContext } from "./context.ts";

export function registerMigrateCommand(program: Command, ctx: CliContext): void {
  program
    .command("migrate")
    .description("Create the database if needed and apply every pending schema migration")
    .action(async () => {
      const url = ctx.config.DATABASE_URL;
      await checkDatabase(url);
      const result = await migrate(url);
      for (const name of result.applied) ctx.print(`applied ${name}`);
      ctx.print(
        `${redactUrl(url)}: ${result.applied.length} migration(s) applied, ${result.alreadyApplied.length} already applied`,
      );
    });
}
