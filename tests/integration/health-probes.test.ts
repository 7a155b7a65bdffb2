import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import net from "node:net";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probeDatabase } from "../../src/db/probe.ts";
import { ServiceUnavailableError } from "../../src/errors.ts";
import { connectRedis } from "../../src/queue/connection.ts";
import { pingRedis } from "../../src/queue/ping.ts";
import { runBuiltCli as runCli } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { freePort } from "../helpers/redis-server.ts";

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

// Compose runs Redis with a password (`requirepass`), given to the app in REDIS_URL.
describe("a Redis that asks for a password (redis-server --requirepass)", () => {
  const password = randomBytes(12).toString("hex");
  let redis: ChildProcess;
  let port: number;
  let testDb: TestDatabase;
  const url = (auth: string) => `redis://${auth}127.0.0.1:${port}`;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    port = await freePort();
    redis = spawn(
      "redis-server",
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--requirepass",
        password,
        "--save",
        "",
        "--appendonly",
        "no",
      ],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    await new Promise<void>((resolve, reject) => {
      redis.once("error", reject);
      redis.once("exit", (code) => reject(new Error(`redis-server exited (${code}): ${output}`)));
      redis.stdout!.on("data", (chunk: Buffer) => {
        output += chunk.toString();
        if (output.includes("Ready to accept connections")) resolve();
      });
    });
  });

  afterAll(async () => {
    redis?.kill();
    await testDb?.drop();
  });

  it("answers the health check's PING when the URL carries the password", async () => {
    await expect(pingRedis(url(`:${password}@`), 3000)).resolves.toBeUndefined();
    // Redis 6's ACL form, the default user named.
    await expect(pingRedis(url(`default:${password}@`), 3000)).resolves.toBeUndefined();
  });

  it("refuses the health check without the password, or with a wrong one, and never shows it", async () => {
    await expect(pingRedis(url(""), 3000)).rejects.toThrow("NOAUTH");
    const wrong = pingRedis(url(":not-the-password@"), 3000);
    await expect(wrong).rejects.toBeInstanceOf(ServiceUnavailableError);
    await expect(wrong).rejects.toThrow(/WRONGPASS/);
    await expect(wrong).rejects.not.toThrow("not-the-password");
  });

  it("lets the queues' connection (ioredis) in with the URL's password", async () => {
    const connection = await connectRedis(url(`:${password}@`));
    try {
      expect(await connection.ping()).toBe("PONG");
    } finally {
      connection.disconnect();
    }
    await expect(connectRedis(url(""))).rejects.toThrow("NOAUTH");
  });

  it("passes `scholartrack health` with the password in REDIS_URL, and fails it without", async () => {
    const ok = await runCli(["health"], { DATABASE_URL: testDb.url, REDIS_URL: url(`:${password}@`) });
    expect(ok).toMatchObject({ code: 0, stdout: "ok: postgres and redis answer\n" });
    const refused = await runCli(["health"], {
      DATABASE_URL: testDb.url,
      REDIS_URL: url(":not-the-password@"),
    });
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain(`Cannot reach Redis at ${url(":***@")} (WRONGPASS`);
    expect(refused.stderr).not.toContain("not-the-password");
  });
});
