import { createHash, randomUUID } from "node:crypto";
import { setTimeout as sleep } from "node:timers/promises";
import type { Redis } from "ioredis";
import { checkLimiterOptions, type RateLimiter, type RequestSlot } from "./redis-rate-limiter.ts";

export interface SendAnchoredLimiterOptions {
  /** The prefix of the limiter's keys; every process sharing a limit uses the same one. */
  key: string;
  /** Most requests in any window of `intervalMs`: each is sent interval/limit after the previous one. */
  limit: number;
  intervalMs: number;
  /**
   * Extra spacing after the previous request's recorded send. Lateness between a grant and its send
   * only widens gaps here, so the margin covers just the variance of the way to the server.
   */
  marginMs?: number;
  /**
   * How long a grant that stops asking, or whose send is never recorded (its process died), holds
   * back the ones behind it (default 15 s). A request held up longer than this between its grant
   * and its send may crowd the next.
   */
  sendLeaseMs?: number;
}

/** Its grants are slots whose `sent()` must be called once the request is written. */
export interface SendAnchoredLimiter extends RateLimiter {
  acquire(): Promise<RequestSlot>;
}

/*
 * State under `key`: `:queue`, a sorted set of the grants not yet sent, scored by their slot (Redis
 * clock, microseconds); `:alive`, the same grants scored by when each said it would ask again; and
 * `:sent`, when the latest request was recorded as sent. A slot is an estimate; a grant may send
 * only when every grant before it has recorded its send and the spacing has passed since the
 * latest send. Every script first drops the grants that are more than the lease late to ask
 * again: their process died. (The lease counts from a grant's last word, not from its slot, which
 * the ones ahead of it may have pushed back by far more than the lease.)
 *
 * ARGV[1] the spacing in microseconds, ARGV[2] the member, ARGV[3] the lease in microseconds.
 */
const PRELUDE = `
local queue = KEYS[1]
local sentKey = KEYS[2]
local alive = KEYS[3]
local spacing = tonumber(ARGV[1])
local lease = tonumber(ARGV[3])
local time = redis.call('TIME')
local now = tonumber(time[1]) * 1000000 + tonumber(time[2])
local dead = redis.call('ZRANGEBYSCORE', alive, '-inf', now - lease)
if #dead > 0 then
  redis.call('ZREM', queue, unpack(dead))
  redis.call('ZREM', alive, unpack(dead))
end
local sent = tonumber(redis.call('GET', sentKey))
local function expect(member, at)
  redis.call('ZADD', alive, at, member)
  local ttl = math.ceil((at - now + lease) / 1000) + 1000
  redis.call('PEXPIRE', queue, ttl)
  redis.call('PEXPIRE', alive, ttl)
end
`;

/** Reserves the next slot after the last one given and the last send; returns the wait in microseconds. */
const RESERVE_SCRIPT = `${PRELUDE}
local at = now
local last = redis.call('ZRANGE', queue, -1, -1, 'WITHSCORES')
if last[2] then at = math.max(at, tonumber(last[2]) + spacing) end
if sent then at = math.max(at, sent + spacing) end
redis.call('ZADD', queue, at, ARGV[2])
expect(ARGV[2], at)
return at - now
`;

/**
 * 0 when the grant may send now; otherwise how long to wait before asking again (microseconds),
 * or -1 when the grant was dropped (past its lease) and a new one must be reserved.
 */
const CHECK_SCRIPT = `${PRELUDE}
local mine = redis.call('ZSCORE', queue, ARGV[2])
if not mine then return -1 end
local at = now
local ahead = redis.call('ZCOUNT', queue, '-inf', '(' .. mine)
if ahead > 0 then
  -- Each grant ahead is sent no earlier than its slot, then one spacing apart.
  local first = redis.call('ZRANGE', queue, 0, 0, 'WITHSCORES')
  at = math.max(tonumber(first[2]), now) + ahead * spacing
elseif sent then
  at = math.max(now, sent + spacing)
end
expect(ARGV[2], at)
return at - now
`;

/** Records the grant's request as sent now (never moving the last send back) and retires the grant. */
const SENT_SCRIPT = `${PRELUDE}
if not sent or now > sent then
  redis.call('SET', sentKey, now, 'PX', math.ceil(spacing / 1000) + 1000)
end
redis.call('ZREM', queue, ARGV[2])
redis.call('ZREM', alive, ARGV[2])
return 1
`;

const scripts = {
  reserve: RESERVE_SCRIPT,
  check: CHECK_SCRIPT,
  sent: SENT_SCRIPT,
} as const;
type ScriptName = keyof typeof scripts;
const shas = Object.fromEntries(
  Object.entries(scripts).map(([name, body]) => [name, createHash("sha1").update(body).digest("hex")]),
) as Record<ScriptName, string>;

/**
 * A limiter shared by every process using the same Redis and key that spaces requests from when
 * the previous one was actually sent, not from when it was granted: a sender held up between its
 * grant and its send (a timer firing late, a busy event loop) delays the ones behind it instead of
 * arriving close behind the one before. The caller must call the slot's `sent()` once its request
 * has been handed to the operating system (or has failed): see src/http/send-transport.ts.
 */
export function createSendAnchoredLimiter(
  redis: Redis,
  options: SendAnchoredLimiterOptions,
): SendAnchoredLimiter {
  const { key, limit, intervalMs, marginMs = 0, sendLeaseMs = 15_000 } = options;
  checkLimiterOptions(limit, intervalMs, marginMs);
  const spacingMicros = Math.ceil((intervalMs * 1000) / limit) + marginMs * 1000;
  const keys = [`${key}:queue`, `${key}:sent`, `${key}:alive`] as const;

  async function run(name: ScriptName, member: string): Promise<number> {
    const args = [...keys, spacingMicros, member, sendLeaseMs * 1000] as const;
    try {
      return Number(await redis.evalsha(shas[name], 3, ...args));
    } catch (error) {
      // Not loaded yet, or Redis restarted since: EVAL loads the script.
      if (!(error instanceof Error) || !error.message.startsWith("NOSCRIPT")) throw error;
      return Number(await redis.eval(scripts[name], 3, ...args));
    }
  }

  // +1 ms because Node timers may fire up to a millisecond early, which would be before the slot.
  const wait = async (micros: number) => {
    if (micros > 0) await sleep(Math.ceil(micros / 1000) + 1);
  };

  return {
    async acquire(): Promise<RequestSlot> {
      for (;;) {
        const member = randomUUID();
        await wait(await run("reserve", member));
        // Waking late costs nothing here: the check is against the sends recorded so far.
        let verdict = await run("check", member);
        while (verdict > 0) {
          await wait(verdict);
          verdict = await run("check", member);
        }
        if (verdict === 0) return { sent: async () => void (await run("sent", member)) };
      }
    },
  };
}
