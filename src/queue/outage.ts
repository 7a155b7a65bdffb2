import type { Redis } from "ioredis";
import type { Logger } from "../logging.ts";

/** Errors that say the connection is down (Redis or Postgres), not that a command was wrong. */
export function isConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  // Prisma's pg adapter wraps a lost connection in an error of its own.
  const kind = (error as { cause?: { kind?: unknown } }).cause?.kind;
  if (kind === "DatabaseNotReachable" || kind === "ConnectionClosed" || kind === "SocketTimeout") return true;
  const code = (error as { code?: unknown }).code;
  // Prisma's own codes for a server it cannot reach, or that closed the connection.
  if (typeof code === "string" && /^P10(01|02|08|17)$/.test(code)) return true;
  if (
    typeof code === "string" &&
    /^(ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH)$/.test(code)
  )
    return true;
  return /Connection is closed|connect ECONNREFUSED|Connection terminated|Stream isn't writeable|read ECONNRESET|write EPIPE|ended by the other party/i.test(
    error.message,
  );
}

/**
 * Logs an outage once, when it starts, and once when it ends, however many connections and
 * workers see it fail (a five-second Redis outage used to leave some sixty error lines).
 */
export class OutageLog {
  private downSince: number | undefined;

  constructor(
    private readonly logger: Logger,
    private readonly service: string,
  ) {}

  get down(): boolean {
    return this.downSince !== undefined;
  }

  /** Takes a connection error (true); anything else is left to the caller (false). */
  failed(error: unknown): boolean {
    if (!isConnectionError(error)) return false;
    if (this.downSince === undefined) {
      this.downSince = Date.now();
      this.logger.error({ err: (error as Error).message }, `${this.service} is unreachable; waiting for it`);
    }
    return true;
  }

  recovered(): void {
    if (this.downSince === undefined) return;
    this.logger.warn({ downMs: Date.now() - this.downSince }, `${this.service} is reachable again`);
    this.downSince = undefined;
  }
}

const redisOutages = new WeakMap<Redis, OutageLog>();

/** The one outage log of a Redis connection, shared by every queue and worker that uses it. */
export function redisOutageLog(redis: Redis, logger: Logger): OutageLog {
  let outage = redisOutages.get(redis);
  if (!outage) {
    const created = new OutageLog(logger, "Redis");
    redis.on("ready", () => created.recovered());
    redisOutages.set(redis, created);
    outage = created;
  }
  return outage;
}
