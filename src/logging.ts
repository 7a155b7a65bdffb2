import { createRequire } from "node:module";
import type { Logger } from "pino";
import { isConnectionError } from "./errors.ts";

export type { Logger };

// Personal data never reaches the logs, whichever object it is nested in.
const REDACTED_PATHS = [
  "email",
  "*.email",
  "apiKey",
  "*.apiKey",
  "api_key",
  "*.api_key",
  "password",
  "*.password",
  "headers.authorization",
];

// pino is loaded by the first logger made, not with this module: most commands log nothing, and
// loading it would add to every command's start-up.
const requirePackage = createRequire(import.meta.url);

/** The root logger: JSON to stderr, so that command output on stdout stays machine-readable. */
export function createLogger(level = "info"): Logger {
  const { pino } = requirePackage("pino") as typeof import("pino");
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, pino.destination(2));
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
