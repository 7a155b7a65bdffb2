import { InvalidArgumentError, type Command } from "commander";
import type { CliContext } from "./context.ts";
import { importSandbox } from "./sandbox-loader.ts";

/** The seed of the generated division when none is given: the demo's and `sandbox serve`'s. */
export const DEFAULT_DIVISION_SEED = 2013;

export interface ServeOptions {
  faculty: number;
  seed: number;
  port: number;
  orcidPort: number;
  reporterPort: number;
  host: string;
  apiKey: string[];
  rosterOut?: string;
  institution?: string;
  fromYear?: number;
  toYear?: number;
  rateLimit: boolean;
}

function integer(name: string, min: number, max: number): (value: string) => number {
  return (value) => {
    const number = Number(value);
    if (!/^\d+$/.test(value.trim()) || number < min || number > max) {
      throw new InvalidArgumentError(`${name} must be a whole number from ${min} to ${max}`);
    }
    return number;
  };
}

function collect(value: string, previous: string[]): string[] {
  return [...previous, value];
}

/** What sandbox/cli/serve provides. */
interface ServeModule {
  serveSandbox(ctx: CliContext, options: ServeOptions): Promise<void>;
}

/**
 * `scholartrack sandbox serve`: local E-utilities, ORCID and RePORTER APIs over a generated
 * fictional division, for trying ScholarTrack (and benchmarking harvests) without calling them.
 * The servers are the sandbox's, loaded only when the command runs.
 */
export function registerSandboxCommands(program: Command, ctx: CliContext): void {
  const sandbox = program
    .command("sandbox")
    .description(
      "Local stand-ins for NCBI E-utilities, ORCID and NIH RePORTER over a generated fictional division",
    );
  sandbox
    .command("serve")
    .description("Serve E-utilities, ORCID and RePORTER for a generated division until interrupted (Ctrl+C)")
    .option("--faculty <n>", "faculty in the division", integer("--faculty", 1, 5000), 30)
    .option(
      "--seed <n>",
      "seed of the generated division (the same seed gives the same division)",
      integer("--seed", 0, 2 ** 31 - 1),
      DEFAULT_DIVISION_SEED,
    )
    .option("--port <port>", "E-utilities port (0 picks a free one)", integer("--port", 0, 65535), 0)
    .option(
      "--orcid-port <port>",
      "ORCID API port (0 picks a free one)",
      integer("--orcid-port", 0, 65535),
      0,
    )
    .option(
      "--reporter-port <port>",
      "RePORTER API port (0 picks a free one)",
      integer("--reporter-port", 0, 65535),
      0,
    )
    .option("--host <host>", "address to listen on", "127.0.0.1")
    .option(
      "--api-key <key>",
      "an NCBI API key the sandbox accepts (repeatable); other keys are refused",
      collect,
      [],
    )
    .option("--roster-out <file>", "write the division's roster CSV here, to import with ScholarTrack")
    .option("--institution <name>", "name of the fictional institution")
    .option("--from-year <year>", "first publication year", integer("--from-year", 1950, 2100))
    .option("--to-year <year>", "last publication year", integer("--to-year", 1950, 2100))
    .option("--no-rate-limit", "count but do not refuse requests past NCBI's, ORCID's or NIH's rate")
    .action(async (options: ServeOptions) => {
      const sandbox = await importSandbox<ServeModule>("cli/serve", ctx.config.SCHOLARTRACK_SANDBOX_DIR);
      await sandbox.serveSandbox(ctx, options);
    });
}
