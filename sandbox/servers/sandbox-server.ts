import type { FastifyInstance } from "fastify";
import type { AddressInfo } from "node:net";
import { SlidingWindow } from "./sliding-window.ts";

/** What every sandbox counts; the API-specific parts (what an endpoint is, the rate rule) stay in each server. */
export interface SandboxRequestStats {
  /** Every request to the API's path, refused ones included. */
  requests: number;
  /** Requests by endpoint, named by the server. */
  byEndpoint: Record<string, number>;
  /** Answers that were not 200, by status ("404", "429", ...), for servers that count them. */
  byStatus: Record<string, number>;
  /** Requests refused with 429. */
  rateLimited: number;
  /** The most requests (all clients, refused ones included) that arrived within any 1-second window. */
  maxRequestsInAnySecond: number;
}

/** A sandbox's counters, with the busiest second measured over every arrival. */
export class RequestCounter {
  private stats = emptyStats();
  private arrivals = new SlidingWindow();

  /** One request arrived at `now` (performance.now()) for `endpoint`. */
  arrive(endpoint: string, now: number): void {
    this.stats.requests++;
    this.stats.byEndpoint[endpoint] = (this.stats.byEndpoint[endpoint] ?? 0) + 1;
    this.stats.maxRequestsInAnySecond = Math.max(
      this.stats.maxRequestsInAnySecond,
      this.arrivals.record(now),
    );
  }

  /** One answer with this status; 200 is not counted. */
  answered(status: number): void {
    if (status !== 200) this.stats.byStatus[String(status)] = (this.stats.byStatus[String(status)] ?? 0) + 1;
  }

  rateLimited(): void {
    this.stats.rateLimited++;
  }

  snapshot(): SandboxRequestStats {
    return { ...this.stats, byEndpoint: { ...this.stats.byEndpoint }, byStatus: { ...this.stats.byStatus } };
  }

  reset(): void {
    this.stats = emptyStats();
    this.arrivals = new SlidingWindow();
  }
}

function emptyStats(): SandboxRequestStats {
  // No prototype, so that an endpoint or status named "constructor" is just another count.
  return {
    requests: 0,
    byEndpoint: Object.create(null) as Record<string, number>,
    byStatus: Object.create(null) as Record<string, number>,
    rateLimited: 0,
    maxRequestsInAnySecond: 0,
  };
}

/**
 * GET /sandbox/stats and POST /sandbox/stats/reset, outside every API's path, so that reading
 * them is never counted as a request.
 */
export function serveStats(app: FastifyInstance, stats: () => object, reset: () => void): void {
  app.get("/sandbox/stats", (_request, reply) => reply.send(stats()));
  app.post("/sandbox/stats/reset", (_request, reply) => {
    reset();
    return reply.send({ reset: true });
  });
}

/** Listens (port 0 picks a free one) and returns the API's URL at `basePath` and an idempotent close. */
export async function listenSandbox(
  app: FastifyInstance,
  options: { port?: number; host?: string },
  basePath: string,
): Promise<{ url: string; close: () => Promise<void> }> {
  await app.listen({ port: options.port ?? 0, host: options.host ?? "127.0.0.1" });
  const address = app.server.address() as AddressInfo;
  const urlHost =
    address.family === "IPv6" || address.address.includes(":") ? `[${address.address}]` : address.address;
  let closing: Promise<void> | undefined;
  return {
    url: `http://${urlHost}:${address.port}${basePath}`,
    close: () => (closing ??= app.close()),
  };
}
