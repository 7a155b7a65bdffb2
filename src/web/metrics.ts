import type { FastifyInstance } from "fastify";
import type { Registry } from "prom-client";
import type { Services } from "../services/context.ts";
import { createAppMetrics } from "../services/metrics.ts";
import { requestActor } from "./request-actor.ts";

/**
 * `/metrics` for admins' API tokens only (a session is not enough: scrapers hold tokens, browsers
 * do not need metrics); anyone else gets 404, as if it did not exist. Every response is timed.
 */
export function registerMetrics(app: FastifyInstance, services: Services): Registry {
  const { registry, httpDuration } = createAppMetrics(services);
  app.addHook("onResponse", (request, reply, done) => {
    // The route pattern, not the URL: one series per route, whatever the ids in it.
    const route = request.routeOptions.url ?? "unmatched";
    httpDuration.observe(
      { method: request.method, route, status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    done();
  });
  app.get("/metrics", { schema: { hide: true } }, async (request, reply) => {
    const bearer = request.headers.authorization !== undefined;
    const actor = bearer ? await requestActor(services.db, request) : null;
    if (actor?.role !== "admin") return reply.status(404).send({ error: "Not found" });
    return reply.type(registry.contentType).send(await registry.metrics());
  });
  return registry;
}
