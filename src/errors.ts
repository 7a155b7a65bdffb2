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

/** A service the command needs (Postgres, Redis) cannot be reached. */
export class ServiceUnavailableError extends UserError {
  override name = "ServiceUnavailableError";
}

/** The environment holds a setting that is missing or malformed (exit code 2, like a usage error). */
export class ConfigError extends Error {
  override name = "ConfigError";
}
