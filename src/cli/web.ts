import { getHeapStatistics } from "node:v8";
import type { Command } from "commander";
import { UserError } from "../errors.ts";
import type { CliContext } from "./context.ts";
import { startMetricsListener } from "./metrics-listener.ts";

export interface WebOptions {
  host?: string;
  port?: number;
}

/** How long requests in flight get to finish after SIGTERM before the process stops anyway. */
const DRAIN_TIMEOUT_MS = 10_000;

export function registerWebCommand(program: Command, ctx: CliContext): void {
  program
    .command("web")
    .description("Serve the web app and the JSON API until SIGTERM or SIGINT")
    .option("--host <host>", "address to listen on (default: WEB_HOST, else 127.0.0.1)")
    .option("--port <port>", "port to listen on (default: WEB_PORT, else 3000)", parsePort)
    .action((options: WebOptions) => serveWeb(ctx, options));
}

/**
 * Serves the web app with the context's services until SIGTERM or SIGINT, then drains requests in
 * flight. `onListening` is told the address once it listens (the demo prints its sign-ins there).
 */
export async function serveWeb(
  ctx: CliContext,
  options: WebOptions,
  onListening?: (address: string) => void,
): Promise<void> {
  const [{ buildWebApp }, services] = await Promise.all([import("../web/app.ts"), ctx.services()]);
  const app = await buildWebApp(services);
  const host = options.host ?? ctx.config.WEB_HOST;
  const port = options.port ?? ctx.config.WEB_PORT;
  const address = await app.listen({ host, port });
  const metricsServer = await startMetricsListener(ctx, app.metricsRegistry);
  // The heap limit shows whether the deployment's cap (NODE_OPTIONS=--max-old-space-size) took.
  const heapLimitMb = Math.round(getHeapStatistics().heap_size_limit / 2 ** 20);
  ctx.warn(
    `ScholarTrack web listening on ${address}${ctx.config.PUBLIC_URL ? ` (${ctx.config.PUBLIC_URL})` : ""}` +
      ` (heap limit ${heapLimitMb} MB)`,
  );
  onListening?.(address);
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      process.off("SIGTERM", onTerm);
      process.off("SIGINT", onInt);
      ctx.warn(`${signal}: finishing requests in flight, then stopping`);
      const forced = setTimeout(() => {
        ctx.warn("requests still running after the drain timeout; stopping anyway");
        app.server.closeAllConnections();
        resolve();
      }, DRAIN_TIMEOUT_MS);
      forced.unref();
      metricsServer?.close();
      void app.close().finally(() => {
        clearTimeout(forced);
        resolve();
      });
    };
    const onTerm = () => stop("SIGTERM");
    const onInt = () => stop("SIGINT");
    process.once("SIGTERM", onTerm);
    process.once("SIGINT", onInt);
  });
}

export function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new UserError(`"${value}" is not a port (0-65535)`, 2);
  }
  return Number(value);
}
