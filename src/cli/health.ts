import type { Command } from "commander";
import { checkHealth } from "../services/health.ts";
import type { CliContext } from "./context.ts";

export function registerHealthCommand(program: Command, ctx: CliContext): void {
  program
    .command("health")
    .description("Check that Postgres (migrated) and Redis answer; exit 0 when both do")
    .action(async () => {
      await checkHealth(await ctx.db(), await ctx.redis());
      ctx.print("ok: postgres and redis answer");
    });
}
