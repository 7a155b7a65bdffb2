import type { Command } from "commander";
import type { CliContext } from "./context.ts";

export function registerHealthCommand(program: Command, ctx: CliContext): void {
  program
    .command("health")
    .description("Check that Postgres (migrated) and Redis answer; exit 0 when both do")
    .action(async () => {
      const db = await ctx.db();
      await db.$queryRaw`SELECT 1`;
      const redis = await ctx.redis();
      await redis.ping();
      ctx.print("ok: postgres and redis answer");
    });
}
