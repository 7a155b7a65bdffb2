/**
 * One sending process for the send-anchored limiter test. Once connected it prints "ready" and
 * waits for a line on stdin, so that every process starts at once; then it sends `requests` POSTs
 * at once through requestWithRetry and its own Redis connection, sharing the limiter key. With
 * `stallMs`, its event loop is kept busy that long between each grant and its request (a loaded
 * host), and the request says so in an `x-stalled` header. Prints "done" and exits.
 *
 *   node --import tsx tests/helpers/stalled-sender-child.ts <json options>
 */
import axios from "axios";
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createRedis } from "../../src/queue/connection.ts";
import { requestWithRetry } from "../../src/http/retry.ts";
import { createRedisRateLimiter, type RateLimiter } from "../../src/ratelimit/redis-rate-limiter.ts";
import { createSendAnchoredLimiter } from "../../src/ratelimit/send-anchored-limiter.ts";

interface ChildOptions {
  url: string;
  redisUrl: string;
  key: string;
  requests: number;
  stallMs: number;
  marginMs: number;
  /** "anchored" spaces requests from their sends; "log" is the sliding log spaced from grants. */
  limiter: "anchored" | "log";
}

const options = JSON.parse(process.argv[2] ?? "{}") as ChildOptions;
const redis = createRedis(options.redisUrl);
await redis.connect();
try {
  const shared = { key: options.key, limit: 1, intervalMs: 1_000, marginMs: options.marginMs };
  const limiter =
    options.limiter === "anchored"
      ? createSendAnchoredLimiter(redis, shared)
      : createRedisRateLimiter(redis, shared);
  const stalling: RateLimiter = {
    async acquire() {
      const slot = await limiter.acquire();
      const until = performance.now() + options.stallMs;
      while (performance.now() < until) {
        // busy: the event loop is held between the grant and the request
      }
      return slot;
    },
  };
  const http = axios.create();
  const input = createInterface({ input: process.stdin });
  process.stdout.write("ready\n");
  await once(input, "line");
  input.close();
  await Promise.all(
    Array.from({ length: options.requests }, () =>
      requestWithRetry(
        {
          method: "POST",
          url: options.url,
          data: "{}",
          headers: { "Content-Type": "application/json", "x-stalled": options.stallMs > 0 ? "1" : "0" },
        },
        { method: "POST", endpoint: "test search" },
        { http, rateLimiter: stalling, maxAttempts: 1, baseDelayMs: 1, timeoutMs: 30_000 },
      ),
    ),
  );
  process.stdout.write("done\n");
} finally {
  await redis.quit();
}
