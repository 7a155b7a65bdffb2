import { ServiceUnavailableError, UserError } from "../errors.ts";

export interface ServiceHealth {
  ok: boolean;
  /** Why it does not answer, and how to start it. */
  error?: string;
}

/** What `health --format json` prints. */
export interface HealthReport {
  ok: boolean;
  postgres: ServiceHealth;
  redis: ServiceHealth;
}

/**
 * Whether Postgres (migrated) and Redis each answer within `timeoutMs`. One plain connection
 * each, no Prisma, no ioredis: the container's healthcheck runs this often, so the probes load
 * only when it is called. A probe failing otherwise than with an unreachable service is a fault
 * of ours, thrown with its stack.
 */
export async function probeHealth(
  urls: { databaseUrl: string; redisUrl: string },
  timeoutMs: number,
): Promise<HealthReport> {
  const [{ probeDatabase }, { pingRedis }] = await Promise.all([
    import("../db/probe.ts"),
    import("../queue/ping.ts"),
  ]);
  const [postgres, redis] = await Promise.allSettled([
    probeDatabase(urls.databaseUrl, timeoutMs),
    pingRedis(urls.redisUrl, timeoutMs),
  ]);
  const health = (result: PromiseSettledResult<unknown>): ServiceHealth => {
    if (result.status === "fulfilled") return { ok: true };
    if (!(result.reason instanceof UserError)) throw result.reason;
    return { ok: false, error: result.reason.message };
  };
  const report = { postgres: health(postgres), redis: health(redis) };
  return { ok: report.postgres.ok && report.redis.ok, ...report };
}

/** The error a failed health check exits with, naming each service that does not answer. */
export function healthError(report: HealthReport): ServiceUnavailableError {
  return new ServiceUnavailableError(
    [report.postgres, report.redis].flatMap((service) => (service.error ? [service.error] : [])).join("\n"),
  );
}
