import { writeFile } from "node:fs/promises";
import type { CliContext } from "../../src/cli/context.ts";
import type { ServeOptions } from "../../src/cli/sandbox.ts";
import { UsageError, UserError } from "../../src/errors.ts";
import { generateDivision, rosterCsv } from "../division/index.ts";
import { startEutilsSandbox } from "../servers/eutils-server.ts";
import { startOrcidSandbox } from "../servers/orcid-server.ts";
import { startReporterSandbox } from "../servers/reporter-server.ts";

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
 * `scholartrack sandbox serve`: serves a generated division from the E-utilities, ORCID and
 * RePORTER sandboxes until SIGINT or SIGTERM, then says how many requests each answered.
 */
export async function serveSandbox(ctx: CliContext, options: ServeOptions): Promise<void> {
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
    if (error instanceof RangeError) throw new UsageError(error.message);
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
