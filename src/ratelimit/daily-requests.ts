/** Each source's requests counted by UTC day in Redis, for its daily budget (src/services/budget.ts). */
import type { Redis } from "ioredis";
import type { RateLimiter } from "./redis-rate-limiter.ts";

/** The Redis key counting a source's requests on the UTC day of `now`. */
export function dailyRequestsKey(queuePrefix: string, source: string, now: Date): string {
  return `${queuePrefix}:requests:${source}:${now.toISOString().slice(0, 10)}`;
}

/** The limiter, counting each request it lets through against the day's budget. */
export function countingRequests(
  limiter: RateLimiter,
  redis: Redis,
  queuePrefix: string,
  source: string,
): RateLimiter {
  return {
    async acquire() {
      const slot = await limiter.acquire();
      const key = dailyRequestsKey(queuePrefix, source, new Date());
      // Two days: the count outlives the night it belongs to, then goes.
      await redis
        .multi()
        .incr(key)
        .expire(key, 2 * 86_400)
        .exec();
      return slot;
    },
  };
}

/** Requests the source has made today (UTC). */
export async function requestsToday(
  redis: Redis,
  queuePrefix: string,
  source: string,
  now: Date,
): Promise<number> {
  return Number((await redis.get(dailyRequestsKey(queuePrefix, source, now))) ?? 0);
}
