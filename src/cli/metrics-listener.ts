import type { Server } from "node:http";
import type { Registry } from "prom-client";
import { listenForMetrics } from "../metrics/listener.ts";
import type { CliContext } from "./context.ts";

/** The internal /metrics listener when METRICS_PORT is set; nothing otherwise. */
export async function startMetricsListener(ctx: CliContext, registry: Registry): Promise<Server | undefined> {
  const port = ctx.config.METRICS_PORT;
  if (port === undefined) return undefined;
  const server = await listenForMetrics(registry, ctx.config.METRICS_HOST, port);
  const address = server.address();
  const bound = address !== null && typeof address === "object" ? address.port : port;
  ctx.warn(`metrics on http://${ctx.config.METRICS_HOST}:${bound}/metrics (no sign-in: keep it internal)`);
  return server;
}
