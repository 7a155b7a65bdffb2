import pino, { type Logger } from "pino";

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

/** The root logger: JSON to stderr, so that command output on stdout stays machine-readable. */
export function createLogger(level = "info"): Logger {
  return pino({ level, redact: { paths: REDACTED_PATHS, censor: "[redacted]" } }, pino.destination(2));
}
