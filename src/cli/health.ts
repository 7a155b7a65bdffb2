import { InvalidArgumentError, type Command } from "commander";
import { ServiceUnavailableError, UserError } from "../errors.ts";
import type { CliContext } from "./context.ts";

const DEFAULT_TIMEOUT_MS = 3000;

export function registerHealthCommand(program: Command, ctx: CliContext): void {
  program
    .command("health")
    .description("Check that Postgres (migrated) and Redis answer; exit 0 when both do")
    .option("--timeout <ms>", "how long to wait for each service", parseTimeout, DEFAULT_TIMEOUT_MS)
    .action(async (options: { timeout: number }) => {
      const { DATABASE_URL, REDIS_URL } = ctx.config;
      // One plain connection each, no Prisma, no ioredis: the container's healthcheck runs this often.
      const [{ probeDatabase }, { pingRedis }] = await Promise.all([
        import("../db/probe.ts"),
        import("../queue/ping.ts"),
      ]);
      const results = await Promise.allSettled([
        probeDatabase(DATABASE_URL, options.timeout),
        pingRedis(REDIS_URL, options.timeout),
      ]);
      const failures = results.flatMap((result) =>
        result.status === "rejected" ? [result.reason as Error] : [],
      );
      // A probe failing otherwise than with an unreachable service is a fault of ours: keep its stack.
      const fault = failures.find((failure) => !(failure instanceof UserError));
      if (fault) throw fault;
      if (failures.length > 0) {
        throw new ServiceUnavailableError(failures.map((failure) => failure.message).join("\n"));
      }
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
