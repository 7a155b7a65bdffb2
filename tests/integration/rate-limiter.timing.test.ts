import { randomUUID } from "node:crypto";
import { performance } from "node:perf_hooks";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createRedisRateLimiter,
  pubmedRateLimit,
  pubmedRateLimitKey,
  type RateLimiter,
} from "../../src/ratelimit/redis-rate-limiter.ts";

const REDIS_URL = process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379";
const prefix = `test-${randomUUID()}`;
let redis: Redis;
let other: Redis;

beforeAll(async () => {
  redis = new Redis(REDIS_URL, { lazyConnect: true });
  other = new Redis(REDIS_URL, { lazyConnect: true });
  await Promise.all([redis.connect(), other.connect()]);
});

afterAll(async () => {
  const keys = await redis.keys(`${prefix}:*`);
  if (keys.length > 0) await redis.del(...keys);
  await Promise.all([redis.quit(), other.quit()]);
});

/** When each of `count` concurrent acquires was granted, in ms from the start, sorted. */
async function grantTimes(
  limiters: RateLimiter[],
  count: number,
): Promise<{ times: number[]; wallMs: number }> {
  const start = performance.now();
  const times = await Promise.all(
    Array.from({ length: count }, async (_, index) => {
      await limiters[index % limiters.length]!.acquire();
      return performance.now() - start;
    }),
  );
  return { times: times.sort((a, b) => a - b), wallMs: performance.now() - start };
}

/** The most grants inside any window [t, t + intervalMs) that starts at a grant. */
function busiestWindow(times: number[], intervalMs: number): number {
  let most = 0;
  for (let first = 0, last = 0; first < times.length; first += 1) {
    while (last < times.length && times[last]! < times[first]! + intervalMs) last += 1;
    most = Math.max(most, last - first);
  }
  return most;
}

describe("createRedisRateLimiter", () => {
  it("records grants on the Redis clock with never more than the limit in any window", async () => {
    const key = `${prefix}:log`;
    const limiter = createRedisRateLimiter(redis, { key, limit: 5, intervalMs: 300 });

    await grantTimes([limiter], 40);

    // Every grant was reserved at once, so the log still holds all 40 (in microseconds).
    const log = await redis.zrange(key, 0, "-1", "WITHSCORES");
    const grants = log.filter((_, index) => index % 2 === 1).map(Number);
    expect(grants).toHaveLength(40);
    expect(busiestWindow(grants, 300_000)).toBe(5);
  });

  it("never lets many concurrent acquirers in one process exceed the limit in any window", async () => {
    // The margin absorbs timers that fire late on a busy machine, as it does for requests in production.
    const limiter = createRedisRateLimiter(redis, {
      key: `${prefix}:burst`,
      limit: 5,
      intervalMs: 400,
      marginMs: 60,
    });

    const { times } = await grantTimes([limiter], 30);

    expect(times).toHaveLength(30);
    expect(busiestWindow(times, 400)).toBe(5);
  });

  it("keeps throughput within 15% of the limit", async () => {
    const limit = 5;
    const intervalMs = 200;
    const requests = 60;
    const limiter = createRedisRateLimiter(redis, { key: `${prefix}:throughput`, limit, intervalMs });

    const { times, wallMs } = await grantTimes([limiter], requests);

    // The first `limit` go at once; each later group of `limit` one interval after the one before.
    const ideal = (Math.ceil(requests / limit) - 1) * intervalMs;
    expect(times.at(-1)).toBeGreaterThanOrEqual(ideal - 5);
    expect(wallMs).toBeLessThan(ideal * 1.15);
  });

  it("shares one limit between limiters on different connections that use the same key", async () => {
    const options = { key: `${prefix}:shared`, limit: 4, intervalMs: 250, marginMs: 50 };
    const limiters = [createRedisRateLimiter(redis, options), createRedisRateLimiter(other, options)];

    const { times } = await grantTimes(limiters, 24);

    expect(busiestWindow(times, 250)).toBe(4);
  });

  it("keeps separate limits for separate keys", async () => {
    const first = createRedisRateLimiter(redis, { key: `${prefix}:first`, limit: 3, intervalMs: 60_000 });
    const second = createRedisRateLimiter(redis, { key: `${prefix}:second`, limit: 3, intervalMs: 60_000 });

    // Six grants within one long window: possible only if neither key spends the other's budget.
    const { wallMs } = await grantTimes([first, second], 6);

    expect(wallMs).toBeLessThan(10_000);
  });

  it("spaces grants evenly when asked to spread them", async () => {
    const limiter = createRedisRateLimiter(redis, {
      key: `${prefix}:spread`,
      limit: 5,
      intervalMs: 500,
      spread: true,
    });
    const { times } = await grantTimes([limiter], 8);
    const gaps = times.slice(1).map((time, index) => time - times[index]!);
    // 500 ms / 5 = 100 ms apart (timers may fire a few ms early or late).
    expect(Math.min(...gaps)).toBeGreaterThanOrEqual(90);
  });

  it("gives back a slot its caller woke up too late for, and takes a fresh one", async () => {
    const key = `${prefix}:late`;
    const limiter = createRedisRateLimiter(redis, { key, limit: 5, intervalMs: 1000, marginMs: 100 });
    await limiter.acquire();
    const [seconds, micros] = await redis.time();
    const before = Number(seconds) * 1_000_000 + Number(micros);
    const pending = limiter.acquire();
    // Let the request go out, then block this process's event loop while the reply waits unread.
    await new Promise((resolve) => setImmediate(resolve));
    const until = performance.now() + 120;
    while (performance.now() < until) {
      // busy: the caller will see its reply only after its slot has passed by more than the tolerance
    }
    await pending;
    // The late grant was given back, so the log holds just the fresh one, taken after the stall.
    const log = await redis.zrange(key, "0", "-1", "WITHSCORES");
    expect(log).toHaveLength(4);
    expect(Number(log[3]) - before).toBeGreaterThanOrEqual(100_000);
  });

  it("lets its key expire once every grant is older than the interval", async () => {
    const key = `${prefix}:expiry`;
    const limiter = createRedisRateLimiter(redis, { key, limit: 2, intervalMs: 500 });

    await limiter.acquire();
    await limiter.acquire();
    await limiter.acquire(); // reserved one interval after the first

    const ttl = await redis.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(500 + 1_000 + 500);
    expect(await redis.zcard(key)).toBe(3);
  });

  it("refuses a limit or interval that is not a positive integer", () => {
    expect(() =>
      createRedisRateLimiter(redis, { key: `${prefix}:bad`, limit: 0, intervalMs: 1_000 }),
    ).toThrow(RangeError);
    expect(() => createRedisRateLimiter(redis, { key: `${prefix}:bad`, limit: 3, intervalMs: 0.5 })).toThrow(
      RangeError,
    );
    expect(() =>
      createRedisRateLimiter(redis, { key: `${prefix}:bad`, limit: 3, intervalMs: 10, marginMs: -1 }),
    ).toThrow(RangeError);
  });
});

describe("PubMed's limit", () => {
  it("is 3 a second without an API key and 10 with one, under one key per deployment", () => {
    expect(pubmedRateLimit(false)).toEqual({ limit: 3, intervalMs: 1_000, marginMs: 100, spread: true });
    expect(pubmedRateLimit(true)).toEqual({ limit: 10, intervalMs: 1_000, marginMs: 100, spread: true });
    expect(pubmedRateLimitKey("scholartrack")).toBe("scholartrack:ratelimit:eutils");
  });
});
