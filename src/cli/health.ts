import { InvalidArgumentError, type Command } from "commander";
import type { CliContext } from "./context.ts";
import { formatOption, TEXT_FORMATS, toJson, type TextFormat } from "./output.ts";

const DEFAULT_TIMEOUT_MS = 3000;

export function registerHealthCommand(program: Command, ctx: CliContext): void {
  program
    .command("health")
    .description("Check that Postgres (migrated) and Redis answer; exit 0 when both do")
    .option("--timeout <ms>", "how long to wait for each service", parseTimeout, DEFAULT_TIMEOUT_MS)
    .addOption(formatOption(TEXT_FORMATS))
    .action(async (options: { timeout: number; format: TextFormat }) => {
      const { healthError, probeHealth } = await import("../services/health.ts");
      const report = await probeHealth(
        { databaseUrl: ctx.config.DATABASE_URL, redisUrl: ctx.config.REDIS_URL },
        options.timeout,
      );
      if (options.format === "json") {
        ctx.print(toJson(report));
        if (!report.ok) ctx.exitCode = healthError(report).exitCode;
        return;
      }
      if (!report.ok) throw healthError(report);
      ctx.print("ok: postgres and redis answer");
    });
}

function parseTimeout(value: string): number {
  const ms = Number(value);
  if (!Number.isInteger(ms) || ms <= 0) {
    throw new InvalidArgumentError("must be a positive number of milliseconds");
  }
  return ms;
}
