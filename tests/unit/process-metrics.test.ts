import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { requestWithRetry, retryPolicy } from "../../src/http/retry.ts";
import { apiRequests, processRegistry } from "../../src/metrics/process-metrics.ts";

/** The current value of one series of a counter. */
async function countOf(labels: { source: string; status: string }): Promise<number> {
  const { values } = await apiRequests.get();
  return (
    values.find((value) => value.labels.source === labels.source && value.labels.status === labels.status)
      ?.value ?? 0
  );
}

describe("the process's own metrics", () => {
  let server: Server;
  let base: string;
  let answers: number[] = [];

  beforeAll(async () => {
    server = createServer((_request, response) => {
      response.writeHead(answers.shift() ?? 200, { "content-type": "application/json" }).end("{}");
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it("counts every upstream request attempt by source and status", async () => {
    const before503 = await countOf({ source: "testapi", status: "503" });
    const before200 = await countOf({ source: "testapi", status: "200" });
    answers = [503, 200];
    const policy = retryPolicy(
      { timeoutMs: 2_000, rateLimiter: { acquire: () => Promise.resolve() }, retryBaseMs: 1 },
      1,
    );
    const response = await requestWithRetry(
      { url: `${base}/search` },
      { method: "GET", endpoint: "TestApi search" },
      policy,
    );
    expect(response.status).toBe(200);
    expect(await countOf({ source: "testapi", status: "503" })).toBe(before503 + 1);
    expect(await countOf({ source: "testapi", status: "200" })).toBe(before200 + 1);
    expect(await processRegistry.metrics()).toContain(
      'scholartrack_api_requests_total{source="testapi",status="200"}',
    );
  });
});
