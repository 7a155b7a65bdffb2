import type { FastifyReply, FastifyRequest } from "fastify";

/** What `createRateLimit` gives back: a check of one request against one limit. */
type RateLimitCheck = (
  request: FastifyRequest,
) => Promise<{ isAllowed: boolean; isExceeded: boolean; ttl: number } | { isAllowed: true; key: string }>;

/** A hook that holds a sign-in attempt back (429) when any of the limits is exceeded. */
export function signInLimitHook(limiters: RateLimitCheck[]) {
  return async (request: FastifyRequest, reply: FastifyReply) => {
    for (const limiter of limiters) {
      const limit = await limiter(request);
      if (!limit.isAllowed && "isExceeded" in limit && limit.isExceeded) {
        return reply
          .status(429)
          .header("retry-after", Math.ceil(limit.ttl / 1000))
          .send({ error: "Too many sign-in attempts; wait a few minutes and try again" });
      }
    }
  };
}
