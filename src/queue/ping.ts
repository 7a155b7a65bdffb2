import net from "node:net";
import { redactUrl } from "../db/migrate.ts";
import { ServiceUnavailableError } from "../errors.ts";

/** Redis could not be reached: which URL (without its password), why, and how to start it. */
export function redisUnreachable(url: string, cause: Error): ServiceUnavailableError {
  return new ServiceUnavailableError(
    `Cannot reach Redis at ${redactUrl(url)} (${cause.message}).\n` +
      `Start it with \`docker compose up -d redis\` (or \`redis-server --daemonize yes\`), or set REDIS_URL.`,
  );
}

/** A command in Redis's wire format (RESP): an array of bulk strings. */
function encodeCommand(words: string[]): string {
  return `*${words.length}\r\n${words.map((word) => `$${Buffer.byteLength(word)}\r\n${word}\r\n`).join("")}`;
}

/**
 * What went wrong, from the replies to AUTH (if sent) and PING; undefined when PING answered PONG.
 * A password Redis does not ask for is no failure (ioredis only warns), so the PING decides; when
 * it is refused, an AUTH refusal (a wrong password) says more.
 */
function refusal(replies: string[]): string | undefined {
  if (replies.at(-1) === "+PONG") return undefined;
  return (replies.find((reply) => reply.startsWith("-")) ?? replies.at(-1) ?? "").replace(/^-/, "");
}

/**
 * Authenticates when the URL holds a password, sends PING and waits for PONG, within `timeoutMs`.
 * Written on a bare socket rather than with ioredis: health checks run it often, and loading
 * ioredis takes several times longer than the check itself.
 */
export async function pingRedis(url: string, timeoutMs: number): Promise<void> {
  const target = new URL(url);
  const commands: string[][] = [];
  if (target.password) {
    const password = decodeURIComponent(target.password);
    commands.push(
      target.username ? ["AUTH", decodeURIComponent(target.username), password] : ["AUTH", password],
    );
  }
  commands.push(["PING"]);
  const options = {
    host: target.hostname.replace(/^\[|\]$/g, "") || "127.0.0.1",
    port: Number(target.port || 6379),
  };
  const secure = target.protocol === "rediss:";
  // node:tls is loaded for a TLS URL only, to keep the plain check quick to start.
  const socket = secure
    ? (await import("node:tls")).connect({ ...options, servername: options.host })
    : net.connect(options);
  try {
    await new Promise<void>((resolve, reject) => {
      socket.setTimeout(timeoutMs, () => socket.destroy(new Error(`no answer within ${timeoutMs} ms`)));
      socket.once(secure ? "secureConnect" : "connect", () =>
        socket.write(commands.map(encodeCommand).join("")),
      );
      let received = "";
      socket.on("data", (chunk: Buffer) => {
        received += chunk.toString("utf8");
        // Each reply is one line: +OK or +PONG, or -ERROR text.
        const replies = received.split("\r\n").slice(0, -1);
        if (replies.length < commands.length) return;
        socket.end();
        const refused = refusal(replies.slice(0, commands.length));
        if (refused === undefined) resolve();
        else reject(new Error(refused));
      });
      socket.on("error", reject);
      socket.on("close", () => reject(new Error("the connection closed before Redis answered")));
    });
  } catch (error) {
    throw redisUnreachable(url, error as Error);
  }
}
