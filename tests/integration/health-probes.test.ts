import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeDatabase } from "../../src/db/probe.ts";
import { ServiceUnavailableError } from "../../src/errors.ts";
import { pingRedis } from "../../src/queue/ping.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const REDIS_URL = process.env.REDIS_URL ?? "redis://127.0.0.1:6379";

/** A stand-in for Redis that answers each command it receives with the next of `replies`. */
async function fakeRedis(
  replies: string[],
): Promise<{ url: (auth?: string) => string; received: () => string; close: () => void }> {
  let received = "";
  const server = net.createServer((socket) => {
    const queue = [...replies];
    socket.on("data", (chunk: Buffer) => {
      received += chunk.toString();
      const commands = chunk.toString().match(/^\*\d+\r\n/gm) ?? [];
      for (let i = 0; i < commands.length; i += 1) socket.write(`${queue.shift() ?? "-ERR no more"}\r\n`);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: (auth = "") => `redis://${auth}127.0.0.1:${port}`,
    received: () => received,
    close: () => server.close(),
  };
}

describe("the health probes", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
  });

  afterAll(async () => {
    await testDb?.drop();
  });

  it("find a migrated database", async () => {
    await expect(probeDatabase(testDb.url, 3000)).resolves.toBeUndefined();
  });

  it("find Redis, with or without a password it does not ask for", async () => {
    await expect(pingRedis(REDIS_URL, 3000)).resolves.toBeUndefined();
    const withPassword = new URL(REDIS_URL);
    withPassword.password = "not-asked-for";
    await expect(pingRedis(withPassword.toString(), 3000)).resolves.toBeUndefined();
  });

  it("authenticate with the URL's user and password", async () => {
    const redis = await fakeRedis(["+OK", "+PONG"]);
    try {
      await expect(pingRedis(redis.url("reader:s%3Acret@"), 3000)).resolves.toBeUndefined();
      expect(redis.received()).toBe(
        "*3\r\n$4\r\nAUTH\r\n$6\r\nreader\r\n$6\r\ns:cret\r\n*1\r\n$4\r\nPING\r\n",
      );
    } finally {
      redis.close();
    }
  });

  it("report a refused password without showing it", async () => {
    const redis = await fakeRedis([
      "-WRONGPASS invalid username-password pair or user is disabled.",
      "-NOAUTH Authentication required.",
    ]);
    try {
      const refused = pingRedis(redis.url(":s3cret@"), 3000);
      await expect(refused).rejects.toBeInstanceOf(ServiceUnavailableError);
      await expect(refused).rejects.toThrow(
        `Cannot reach Redis at ${redis.url(":***@")} (WRONGPASS invalid username-password pair or user is disabled.)`,
      );
    } finally {
      redis.close();
    }
  });

  it("report a Redis that wants a password when none is given", async () => {
    const redis = await fakeRedis(["-NOAUTH Authentication required."]);
    try {
      await expect(pingRedis(redis.url(), 3000)).rejects.toThrow("(NOAUTH Authentication required.)");
    } finally {
      redis.close();
    }
  });

  it("report a server that closes the connection without answering", async () => {
    const server = net.createServer((socket) => socket.end());
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    try {
      const url = `redis://127.0.0.1:${(server.address() as AddressInfo).port}`;
      await expect(pingRedis(url, 3000)).rejects.toThrow("(the connection closed before Redis answered)");
    } finally {
      server.close();
    }
  });
});
