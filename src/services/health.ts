import { ServiceUnavailableError, UserError } from "../errors.ts";

/**
 * Postgres (migrated) and Redis both answer within `timeoutMs`; throws a ServiceUnavailableError
 * naming each that does not. One plain connection each, no Prisma, no ioredis: the container's
 * healthcheck runs this often, so the probes load only when it is called.
 */
export async function checkHealth(
  urls: { databaseUrl: string; redisUrl: string },
  timeoutMs: number,
): Promise<void> {
  const [{ probeDatabase }, { pingRedis }] = await Promise.all([
    import("../db/probe.ts"),
    import("../queue/ping.ts"),
  ]);
  const results = await Promise.allSettled([
    probeDatabase(urls.databaseUrl, timeoutMs),
    pingRedis(urls.redisUrl, timeoutMs),
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
}
