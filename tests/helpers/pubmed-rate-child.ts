/**
 * One harvesting process for the cross-process rate test. Once connected it prints "ready" and
 * waits for a line on stdin, so that every process starts at once rather than as each finishes
 * booting; then it makes `requests` E-utilities requests at once through its own PubmedClient and
 * Redis connection, sharing the limiter key, prints `{"answered": n}` and exits.
 *
 *   node --import tsx tests/helpers/pubmed-rate-child.ts <json options>
 */
import { once } from "node:events";
import { createInterface } from "node:readline";
import { createRedis } from "../../src/queue/connection.ts";
import { createRedisRateLimiter, pubmedRateLimit } from "../../src/ratelimit/redis-rate-limiter.ts";
import { PubmedClient } from "../../src/sources/pubmed/client.ts";

interface ChildOptions {
  id: number;
  baseUrl: string;
  redisUrl: string;
  key: string;
  requests: number;
  /** Replaces pubmedRateLimit's margin (see the test for why). */
  marginMs: number;
}

const options = JSON.parse(process.argv[2] ?? "{}") as ChildOptions;
const redis = createRedis(options.redisUrl);
await redis.connect();
try {
  const pubmed = new PubmedClient({
    baseUrl: options.baseUrl,
    apiKey: "test-api-key",
    email: `harvester-${options.id}@example.edu`,
    tool: "scholartrack",
    timeoutMs: 5_000,
    maxAttempts: 1,
    rateLimiter: createRedisRateLimiter(redis, {
      key: options.key,
      ...pubmedRateLimit(true),
      marginMs: options.marginMs,
    }),
  });
  const input = createInterface({ input: process.stdin });
  process.stdout.write("ready\n");
  await once(input, "line");
  input.close();
  const answers = await Promise.all(
    Array.from({ length: options.requests }, async (_, index) => {
      // Every third request an EFetch, so both kinds of request share the budget.
      if (index % 3 === 2) {
        let batches = 0;
        for await (const batch of pubmed.efetch([`${options.id}00${index}`])) batches += batch.pmids.length;
        return batches;
      }
      const result = await pubmed.esearch(`"Harvester${options.id} R${index}"[au]`, { retmax: 20 });
      return result.ids.length;
    }),
  );
  process.stdout.write(`${JSON.stringify({ answered: answers.filter((count) => count === 1).length })}\n`);
} finally {
  await redis.quit();
}
