import { InvalidArgumentError, type Command } from "commander";
import { writeFile } from "node:fs/promises";
import { UserError } from "../errors.ts";
import { DEFAULT_SEED, generateDivision, rosterCsv } from "../sandbox/division.ts";
import { startEutilsSandbox } from "../sandbox/eutils-server.ts";
import { startOrcidSandbox } from "../sandbox/orcid-server.ts";
import { startReporterSandbox } from "../sandbox/reporter-server.ts";
import type { CliContext } from "./context.ts";

interface ServeOptions {
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

/** Starts a server, turning a port that cannot be had into a message that says which option to change. */
async function listening<T>(start: () => Promise<T>, host: string, port: number, option: string): Promise<T> {
  try {
    return await start();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "EADDRINUSE" || code === "EACCES" || code === "EADDRNOTAVAIL") {
      throw new UserError(`Cannot listen on ${host}:${port} (${code}); choose another ${option} or --host`);
    }
    throw error;
  }
}

/**
 * `scholartrack sandbox serve`: local E-utilities, ORCID and RePORTER APIs over a generated
 * fictional division, for trying ScholarTrack (and benchmarking harvests) without calling them.
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
      DEFAULT_SEED,
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
      let division;
      try {
        division = generateDivision({
          facultyCount: options.faculty,
          seed: options.seed,
          institution: options.institution,
          fromYear: options.fromYear,
          toYear: options.toYear,
        });
      } catch (error) {
        if (error instanceof RangeError) throw new UserError(error.message, 2);
        throw error;
      }
      if (options.rosterOut) {
        try {
          await writeFile(options.rosterOut, rosterCsv(division));
        } catch (error) {
          throw new UserError(`Cannot write the roster to ${options.rosterOut}: ${(error as Error).message}`);
        }
      }
      const server = await listening(
        () =>
          startEutilsSandbox({
            articles: division.articles,
            abstracts: division.abstracts,
            port: options.port,
            host: options.host,
            apiKeys: options.apiKey,
            enforceRateLimit: options.rateLimit,
          }),
        options.host,
        options.port,
        "--port",
      );
      ctx.onClose(() => server.close());
      const orcid = await listening(
        () =>
          startOrcidSandbox({
            records: division.orcidRecords,
            port: options.orcidPort,
            host: options.host,
            enforceRateLimit: options.rateLimit,
          }),
        options.host,
        options.orcidPort,
        "--orcid-port",
      );
      ctx.onClose(() => orcid.close());
      const reporter = await listening(
        () =>
          startReporterSandbox({
            projects: division.reporterProjects,
            port: options.reporterPort,
            host: options.host,
            enforceRateLimit: options.rateLimit,
          }),
        options.host,
        options.reporterPort,
        "--reporter-port",
      );
      ctx.onClose(() => reporter.close());

      ctx.print(
        `E-utilities sandbox for ${division.institution}: ${division.faculty.length} faculty, ` +
          `${division.articles.length} articles including namesakes (seed ${options.seed})`,
      );
      ctx.print(`Listening at ${server.url}`);
      const records = Object.values(division.orcidRecords);
      const deactivated = records.filter((record) => record.status === "deactivated").length;
      ctx.print(
        `ORCID sandbox at ${orcid.url}: ${records.length} records (${deactivated} deactivated); ` +
          `RePORTER sandbox at ${reporter.url}: ${division.reporterProjects.length} project records`,
      );
      if (options.rosterOut) ctx.print(`Roster written to ${options.rosterOut}`);
      ctx.print("Point ScholarTrack at it with:");
      const key = options.apiKey[0];
      ctx.print(`  export PUBMED_EUTILS_URL=${server.url}`);
      ctx.print(`  export ORCID_API_URL=${orcid.url}`);
      ctx.print(`  export REPORTER_API_URL=${reporter.url}`);
      if (key !== undefined) ctx.print(`  export NCBI_API_KEY=${key}`);
      else ctx.print("  (no API key accepted: requests are limited to 3 a second; add --api-key KEY for 10)");
      ctx.print("Press Ctrl+C to stop.");

      await untilSignal();
      const stats = server.stats();
      ctx.print(
        `Stopped after ${stats.requests} request${stats.requests === 1 ? "" : "s"} ` +
          `(${stats.rateLimited} refused for rate, at most ${stats.maxRequestsInAnySecond} in one second).`,
      );
      for (const [name, other] of [
        ["ORCID", orcid.stats()],
        ["RePORTER", reporter.stats()],
      ] as const) {
        ctx.print(
          `${name}: ${other.requests} request${other.requests === 1 ? "" : "s"} ` +
            `(${other.rateLimited} refused for rate, at most ${other.maxRequestsInAnySecond} in one second).`,
        );
      }
    });
}

function untilSignal(): Promise<NodeJS.Signals> {
  return new Promise((resolve) => {
    const stop = (signal: NodeJS.Signals): void => {
      process.off("SIGINT", stop);
      process.off("SIGTERM", stop);
      resolve(signal);
    };
    process.on("SIGINT", stop);
    process.on("SIGTERM", stop);
  });
}
