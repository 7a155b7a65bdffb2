import { createRequire } from "node:module";
import type { Logger } from "pino";

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
