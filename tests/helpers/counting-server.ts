import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { performance } from "node:perf_hooks";

export interface RecordedRequest {
  /** performance.now() in the server's process when the request's headers arrived. */
  arrivedAt: number;
  method: string;
  /** The E-utility, e.g. "esearch.fcgi". */
  utility: string;
  /** Query string and form body parameters together. */
  params: Record<string, string>;
  /** Set once the whole response has been handed to the connection. */
  answered: boolean;
}

export interface CountingServer {
  /** E-utilities base URL: http://127.0.0.1:<port>/entrez/eutils */
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const BASE_PATH = "/entrez/eutils/";

/**
 * A local stand-in for E-utilities that records when each request arrives. It answers every
 * ESearch with one hit and every EFetch with a PubmedArticleSet holding the requested PMIDs.
 */
export async function startCountingServer(): Promise<CountingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((request, response) => {
    const arrivedAt = performance.now();
    void handle(request, response, arrivedAt, requests);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/entrez/eutils`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

async function handle(
  request: IncomingMessage,
  response: ServerResponse,
  arrivedAt: number,
  requests: RecordedRequest[],
): Promise<void> {
  const url = new URL(request.url ?? "/", "http://127.0.0.1");
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const params = Object.fromEntries([
    ...url.searchParams,
    ...new URLSearchParams(Buffer.concat(chunks).toString("utf8")),
  ]);
  const recorded: RecordedRequest = {
    arrivedAt,
    method: request.method ?? "GET",
    utility: url.pathname.startsWith(BASE_PATH) ? url.pathname.slice(BASE_PATH.length) : url.pathname,
    params,
    answered: false,
  };
  requests.push(recorded);
  response.on("finish", () => {
    recorded.answered = true;
  });

  if (recorded.utility === "esearch.fcgi") {
    const body = {
      header: { type: "esearch", version: "0.3" },
      esearchresult: { count: "1", retmax: "1", retstart: "0", idlist: ["31978945"] },
    };
    response.writeHead(200, { "content-type": "application/json; charset=UTF-8" }).end(JSON.stringify(body));
  } else if (recorded.utility === "efetch.fcgi" && request.method === "POST") {
    const articles = (params.id ?? "")
      .split(",")
      .filter((id) => id !== "")
      .map(
        (id) =>
          `<PubmedArticle><MedlineCitation><PMID Version="1">${id}</PMID></MedlineCitation></PubmedArticle>`,
      );
    const xml = `<?xml version="1.0" ?>\n<PubmedArticleSet>\n${articles.join("\n")}\n</PubmedArticleSet>\n`;
    response.writeHead(200, { "content-type": "text/xml; charset=UTF-8" }).end(xml);
  } else {
    response.writeHead(404, { "content-type": "text/plain" }).end(`no such E-utility: ${url.pathname}`);
  }
}
