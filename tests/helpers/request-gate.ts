import http from "node:http";
import type { AddressInfo } from "node:net";

export interface RequestGate {
  /** The target's base URL, served through the gate (PUBMED_EUTILS_URL, REPORTER_API_URL). */
  url: string;
  /** Resolves when the `n`-th request held (1-based) is being held. */
  held(n?: number): Promise<void>;
  /** Forwards every request held so far (and lets the rest through). */
  release(): void;
  close(): Promise<void>;
}

export type EfetchGate = RequestGate;

/**
 * Forwards to an E-utilities sandbox, but holds the first `holds` EFetch requests until released
 * (or forever): a test can kill a worker, or stage an outage, while a job waits for its records.
 */
export function startEfetchGate(target: string, holds = 1): Promise<EfetchGate> {
  return startRequestGate(target, { holds, held: (path) => path.includes("efetch") });
}

/**
 * Forwards to a sandbox, but holds the first `holds` requests whose path `held` picks until
 * released (or forever): a test sees what goes on while an API has not answered.
 */
export async function startRequestGate(
  target: string,
  options: { holds: number; held: (path: string) => boolean },
): Promise<RequestGate> {
  const { holds } = options;
  const targetUrl = new URL(target);
  let heldCount = 0;
  let released = false;
  const waiting: Array<() => void> = [];
  const signals = new Map<number, () => void>();
  const heldPromises = new Map<number, Promise<void>>();
  const heldPromise = (n: number): Promise<void> => {
    if (!heldPromises.has(n)) heldPromises.set(n, new Promise<void>((resolve) => signals.set(n, resolve)));
    return heldPromises.get(n)!;
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const forward = () => {
        const url = targetUrl.origin + req.url!;
        void fetch(url, {
          method: req.method!,
          headers: { "content-type": req.headers["content-type"] ?? "application/x-www-form-urlencoded" },
          ...(req.method === "POST" ? { body: Buffer.concat(chunks) } : {}),
        }).then(
          async (upstream) => {
            res.writeHead(upstream.status, {
              "content-type": upstream.headers.get("content-type") ?? "text/plain",
            });
            res.end(Buffer.from(await upstream.arrayBuffer()));
          },
          () => res.destroy(),
        );
      };
      if (options.held(req.url ?? "") && !released && heldCount < holds) {
        heldCount += 1;
        void heldPromise(heldCount);
        signals.get(heldCount)!();
        waiting.push(forward);
        return;
      }
      forward();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}${targetUrl.pathname.replace(/\/$/, "")}`,
    held: (n = 1) => heldPromise(n),
    release() {
      released = true;
      for (const forward of waiting.splice(0)) forward();
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
