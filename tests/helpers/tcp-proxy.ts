import net from "node:net";
import type { AddressInfo } from "node:net";

export interface PausableProxy {
  port: number;
  /** The target's URL with host and port replaced by the proxy's. */
  urlFor(targetUrl: string): string;
  /** An outage: open connections are cut, and new ones are closed as soon as they are made. */
  pause(): void;
  /** The end of the outage: connections are forwarded again. */
  resume(): void;
  close(): Promise<void>;
}

/**
 * A TCP proxy in front of a service (Postgres, say) that can be paused to stage an outage: clients
 * see their connections drop and their reconnections fail, as when the server restarts.
 */
export async function startPausableProxy(
  targetPort: number,
  options: { targetHost?: string; connectDelayMs?: number } = {},
): Promise<PausableProxy> {
  const targetHost = options.targetHost ?? "127.0.0.1";
  let paused = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (paused) {
      client.destroy();
      return;
    }
    open.add(client);
    client.on("close", () => open.delete(client));
    client.on("error", () => undefined);
    client.pause();
    const forward = () => {
      if (client.destroyed) return;
      const upstream = net.connect(targetPort, targetHost);
      open.add(upstream);
      upstream.on("close", () => open.delete(upstream));
      upstream.on("error", () => undefined);
      client.on("close", () => upstream.destroy());
      upstream.on("close", () => client.destroy());
      client.pipe(upstream);
      upstream.pipe(client);
      client.resume();
    };
    // A slow network: the connection is forwarded only after a while.
    if (options.connectDelayMs) setTimeout(forward, options.connectDelayMs);
    else forward();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port,
    urlFor(targetUrl) {
      const url = new URL(targetUrl);
      url.hostname = "127.0.0.1";
      url.port = String(port);
      return url.toString();
    },
    pause() {
      paused = true;
      for (const socket of open) socket.destroy();
    },
    resume() {
      paused = false;
    },
    async close() {
      for (const socket of open) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
