import type { Command } from "commander";
import { UserError } from "../errors.ts";
import type { CliContext } from "./context.ts";
import { startMetricsListener } from "./metrics-listener.ts";

interface WebOptions {
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
    .action(async (options: WebOptions) => {
      const [{ buildWebApp }, services] = await Promise.all([import("../web/app.ts"), ctx.services()]);
      const app = await buildWebApp(services);
      const host = options.host ?? ctx.config.WEB_HOST;
      const port = options.port ?? ctx.config.WEB_PORT;
      const address = await app.listen({ host, port });
      const metricsServer = await startMetricsListener(ctx, app.metricsRegistry);
      ctx.warn(
        `ScholarTrack web listening on ${address}${ctx.config.PUBLIC_URL ? ` (${ctx.config.PUBLIC_URL})` : ""}`,
      );
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
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
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
    });
}

function parsePort(value: string): number {
  if (!/^\d{1,5}$/.test(value) || Number(value) > 65_535) {
    throw new UserError(`"${value}" is not a port (0-65535)`, 2);
  }
  return Number(value);
}
