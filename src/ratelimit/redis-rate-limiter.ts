import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";

/** Hands out permission to make one request; resolves when the request may be sent. */
export interface RateLimiter {
  /** A limiter that spaces requests from their sends returns a slot whose `sent()` must be called. */
  acquire(): Promise<RequestSlot | void>;
}

/** A granted request, to say once it has been sent (or has failed). */
export interface RequestSlot {
  sent(): Promise<void>;
}

export interface RedisRateLimiterOptions {
  /** The sorted set holding the log of grants; every process sharing a limit uses the same key. */
  key: string;
  /** Most grants allowed in any window of `intervalMs`. */
  limit: number;
  intervalMs: number;
  /**
   * Extra spacing added to the interval (default 0). Grants are exact on the Redis clock, but a
   * request reaches the server some time after its grant, and not always the same time after:
   * a margin keeps the limit true where the server counts, for delays that differ by up to this.
   */
  marginMs?: number;
  /**
   * Space grants at least interval/limit apart instead of allowing bursts. Arrivals at the server
   * then stay within its window even when a request is delayed on its way (default false).
   */
  spread?: boolean;
}

/**
 * Sliding log with reservations. Each call records one grant at the earliest time T (on the Redis
 * clock, in microseconds) such that the window (T - interval, T] holds at most `limit` grants, and
 * returns how long the caller must wait until T. Grant times only ever increase, so every window
 * of `interval` holds at most `limit` of them.
 *
 * Reserving a slot (rather than answering "try again later") means each acquire is one round trip
 * whatever the contention, and waiters never race one another for a freed slot.
 *
 * KEYS[1] the log; ARGV limit, the window in ms (interval plus margin), a unique member, spread (1 to space grants evenly).
 * Returns the wait in microseconds.
 */
const ACQUIRE_SCRIPT = `
local key = KEYS[1]
local limit = tonumber(ARGV[1])
local interval = tonumber(ARGV[2]) * 1000
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
-- A grant at or before now - interval can share no window with a grant at now or later.
redis.call('ZREMRANGEBYSCORE', key, '-inf', now - interval)
local count = redis.call('ZCARD', key)
local at = now
if count >= limit then
  local oldest = redis.call('ZRANGE', key, count - limit, count - limit, 'WITHSCORES')
  at = math.max(now, tonumber(oldest[2]) + interval)
end
-- When asked (ARGV[4] = 1), spread grants evenly, so that one late request meets no burst behind it.
local latest = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
if ARGV[4] == '1' and latest[2] then
  at = math.max(at, tonumber(latest[2]) + math.ceil(interval / limit))
end
redis.call('ZADD', key, at, ARGV[3])
-- Once every grant is older than one interval the log says nothing, so it may go.
redis.call('PEXPIRE', key, math.ceil((at - now + interval) / 1000) + 1000)
return at - now
`;

const ACQUIRE_SHA = createHash("sha1").update(ACQUIRE_SCRIPT).digest("hex");

/** A limit's options are whole numbers: a positive limit and interval, a margin of zero or more. */
export function checkLimiterOptions(limit: number, intervalMs: number, marginMs: number): void {
  if (!Number.isInteger(limit) || limit < 1)
    throw new RangeError(`limit must be a positive integer (got ${limit})`);
  if (!Number.isInteger(intervalMs) || intervalMs < 1) {
    throw new RangeError(`intervalMs must be a positive integer (got ${intervalMs})`);
  }
  if (!Number.isInteger(marginMs) || marginMs < 0) {
    throw new RangeError(`marginMs must be a non-negative integer (got ${marginMs})`);
  }
}

/**
 * A limiter shared by every process that uses the same Redis and key: at most `limit` grants in
 * any window of `intervalMs`, measured by the Redis server's clock so that machines' clocks do
 * not matter. A caller that must wait sleeps until its reserved slot.
 *
 * There is no jitter: each waiter owns a distinct slot, so there is no herd to spread out, and
 * jitter added after the reservation would only let two requests reach the server closer together
 * than the slots they were given.
 */
export function createRedisRateLimiter(redis: Redis, options: RedisRateLimiterOptions): RateLimiter {
  const { key, limit, intervalMs, marginMs = 0, spread = false } = options;
  checkLimiterOptions(limit, intervalMs, marginMs);
  // Loaded once up front so that the first burst of callers all take one round trip each; a
  // caller that took two would reach the server late and crowd the next window.
  let loaded: Promise<unknown> | undefined;

  async function reserve(member: string): Promise<number> {
    loaded ??= redis.script("LOAD", ACQUIRE_SCRIPT).catch((error: unknown) => {
      loaded = undefined;
      throw error;
    });
    await loaded;
    const args = [key, limit, intervalMs + marginMs, member, spread ? 1 : 0] as const;
    try {
      return Number(await redis.evalsha(ACQUIRE_SHA, 1, ...args));
    } catch (error) {
      // Redis restarted or its scripts were flushed since: EVAL loads the script again.
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return Number(await redis.eval(ACQUIRE_SCRIPT, 1, ...args));
    }
  }

  // A caller that wakes up well after its slot (a busy event loop, a slow reply from Redis) would
  // send close behind requests granted after it and crowd the server's window: it gives the slot
  // back and takes a new one. Within the tolerance, sends in any window of `intervalMs` come from
  // grants in a window of `intervalMs + tolerance`, which stays under the limit while the
  // tolerance is below the margin. A quarter of the margin leaves the rest for what happens
  // between waking and the request reaching the server (a busy process, the network), which
  // measured on a loaded two-core host at up to about 70 ms.
  const toleranceMs = Math.floor(marginMs / 4);
  const maxRetakes = 3;

  return {
    async acquire() {
      for (let retake = 0; ; retake += 1) {
        const member = randomUUID();
        const asked = performance.now();
        const waitMicros = await reserve(member);
        // +1 ms because Node timers may fire up to a millisecond early, which would be before the slot.
        if (waitMicros > 0) await sleep(Math.ceil(waitMicros / 1000) + 1);
        const lateMs = performance.now() - (asked + waitMicros / 1000);
        if (marginMs === 0 || lateMs <= toleranceMs || retake >= maxRetakes) return;
        await redis.zrem(key, member);
      }
    },
  };
}

/**
 * NCBI E-utilities allow 3 requests a second without an API key and 10 with one. NCBI counts
 * arrivals, and a request can take longer from grant to NCBI than the one after it (a process's
 * first request, a timer firing late on a busy host: tens of ms), so a 100 ms margin keeps the
 * count true at NCBI's end, at about 9% of throughput.
 */
export function pubmedRateLimit(hasApiKey: boolean): {
  limit: number;
  intervalMs: number;
  marginMs: number;
  spread: boolean;
} {
  return { limit: hasApiKey ? 10 : 3, intervalMs: 1000, marginMs: 100, spread: true };
}

/** The one key every process harvesting PubMed shares, so that the limit is global. */
export function pubmedRateLimitKey(queuePrefix: string): string {
  return `${queuePrefix}:ratelimit:eutils`;
}
