import { Redis } from "ioredis";
import { redisUnreachable } from "./ping.ts";

/** A Redis connection as BullMQ needs it (blocking commands must not give up after N retries). */
export function createRedis(url: string): Redis {
  return new Redis(url, { maxRetriesPerRequest: null, enableReadyCheck: true, lazyConnect: true });
}

/** Connects and pings, or fails at once with a message saying which URL and how to start Redis. */
export async function connectRedis(url: string): Promise<Redis> {
  // A probe that does not retry, so an unreachable Redis is reported at once rather than retried forever.
  const probe = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null });
  let lastError: Error | undefined;
  probe.on("error", (error: Error) => (lastError = error));
  try {
    await probe.connect();
    await probe.ping();
  } catch (error) {
    throw redisUnreachable(url, lastError ?? (error as Error));
  } finally {
    probe.disconnect();
  }
  const redis = createRedis(url);
  await redis.connect();
  return redis;
}
