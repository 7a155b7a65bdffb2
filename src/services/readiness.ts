import { pingDatabase } from "../db/repositories/ping.ts";
import type { Services } from "./context.ts";

/** What does not answer of Postgres and Redis, over the process's own connections; empty when both do. */
export async function checkReadiness(
  services: Pick<Services, "db" | "redis">,
  timeoutMs = 2000,
): Promise<string[]> {
  const within = <T>(promise: Promise<T>) =>
    Promise.race([
      promise,
      new Promise<never>((_resolve, reject) =>
        setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs).unref(),
      ),
    ]);
  const [database, redis] = await Promise.allSettled([
    within(pingDatabase(services.db)),
    within(services.redis.ping()),
  ]);
  return [
    ...(database.status === "rejected" ? [`Postgres: ${(database.reason as Error).message}`] : []),
    ...(redis.status === "rejected" ? [`Redis: ${(redis.reason as Error).message}`] : []),
  ];
}
