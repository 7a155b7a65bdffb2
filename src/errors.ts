/** An error whose message tells a person what is wrong and what to do; printed without a stack. */
export class UserError extends Error {
  override name = "UserError";
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}

/**
 * The command line asks for something it cannot mean: an option or argument of the wrong form, or
 * options that do not go together. Exit code 2, like the usage errors commander finds itself.
 */
export class UsageError extends UserError {
  override name = "UsageError";
  constructor(message: string) {
    super(message, 2);
  }
}

/** A service the command needs (Postgres, Redis) cannot be reached. */
export class ServiceUnavailableError extends UserError {
  override name = "ServiceUnavailableError";
}

/** The environment holds a setting that is missing or malformed (exit code 2, like a usage error). */
export class ConfigError extends Error {
  override name = "ConfigError";
}

/** A job failure that retrying cannot fix (bad ORCID iD, malformed record, unknown faculty member). */
export class PermanentJobError extends Error {
  override name = "PermanentJobError";
}

/** True for errors the HTTP layer marks as permanent (`permanent: true` or `transient: false`). */
export function isPermanent(error: unknown): boolean {
  if (error instanceof PermanentJobError) return true;
  if (typeof error !== "object" || error === null) return false;
  const flags = error as { permanent?: unknown; transient?: unknown };
  return flags.permanent === true || flags.transient === false;
}

/** When the upstream API said "too many requests", how long it asked us to wait (ms), else undefined. */
export function rateLimitDelay(error: unknown): number | undefined {
  if (typeof error !== "object" || error === null) return undefined;
  const details = error as { status?: unknown; retryAfterMs?: unknown };
  if (details.status !== 429) return undefined;
  return typeof details.retryAfterMs === "number" && details.retryAfterMs > 0 ? details.retryAfterMs : 1000;
}

/**
 * What was asked for does not exist, or is outside the asker's scope: the two answer alike, so
 * that nobody learns of a record they may not see.
 */
export class NotFoundError extends UserError {
  override name = "NotFoundError";
}

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
