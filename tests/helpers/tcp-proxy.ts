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
  targetHost = "127.0.0.1",
): Promise<PausableProxy> {
  let paused = false;
  const open = new Set<net.Socket>();
  const server = net.createServer((client) => {
    if (paused) {
      client.destroy();
      return;
    }
    const upstream = net.connect(targetPort, targetHost);
    for (const socket of [client, upstream]) {
      open.add(socket);
      socket.on("close", () => open.delete(socket));
      socket.on("error", () => undefined);
    }
    client.on("close", () => upstream.destroy());
    upstream.on("close", () => client.destroy());
    client.pipe(upstream);
    upstream.pipe(client);
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
