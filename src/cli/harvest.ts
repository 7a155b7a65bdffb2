import { Option, type Command } from "commander";
import { UsageError } from "../errors.ts";
import { OutageLog } from "../logging.ts";
import { renderTable } from "../reports/table.ts";
import { waitForReconcileQueue } from "../services/reconcile.ts";
import {
  closeRunByHand,
  formatRunFailure,
  listFacultyHarvestStatus,
  listRunFailures,
  listRuns,
  showRun,
  startConfiguredRun,
  waitForRun,
  type HarvestRequest,
  type RunListing,
  type RunProgress,
} from "../services/runs.ts";
import {
  listHarvestSchedules,
  removeDigestSchedule,
  removeHarvestSchedule,
  setDigestSchedule,
  setHarvestSchedule,
} from "../services/schedule.ts";
import { createAppMetrics } from "../services/metrics.ts";
import { startAllWorkers } from "../services/workers.ts";
import type { Services } from "../services/context.ts";
import { startMetricsListener } from "./metrics-listener.ts";
import { HARVEST_SOURCE_NAMES, isHarvestSourceName, type HarvestSourceName } from "../sources/registry.ts";
import type { CliContext } from "./context.ts";
import { formatOption, TABLE_FORMATS, toJson, type TableFormat } from "./output.ts";
import { formatDuration } from "./duration.ts";
import { createProgressReporter } from "./progress.ts";

function parseYear(flag: string) {
  return (value: string): number => {
    if (!/^\d{4}$/.test(value)) throw new UsageError(`${flag} must be a four-digit year, got "${value}"`);
    return Number(value);
  };
}

function parseSources(value: string): HarvestSourceName[] {
  const sources = value
    .split(",")
    .map((source) => source.trim())
    .filter(Boolean);
  const unknown = sources.filter((source) => !isHarvestSourceName(source));
  if (unknown.length > 0 || sources.length === 0) {
    throw new UsageError(
      `--sources takes a comma-separated list of: ${HARVEST_SOURCE_NAMES.join(", ")} (got "${value}")`,
    );
  }
  return [...new Set(sources)].filter(isHarvestSourceName);
}

export function formatRunSummary(runId: string, progress: RunProgress): string[] {
  return [
    `Run ${runId}`,
    `  faculty jobs done: ${progress.completed} of ${progress.total}`,
    `  records fetched:   ${progress.recordsFetched}`,
    `  items new:         ${progress.itemsNew}`,
    `  items updated:     ${progress.itemsUpdated}`,
    `  links accepted:    ${progress.linksAccepted}`,
    `  links pending:     ${progress.linksPending}`,
    `  failures:          ${progress.failed}`,
  ];
}

interface HarvestOptions {
  all?: boolean;
  faculty?: string[];
  sources: HarvestSourceName[];
  since?: number;
  until?: number;
  full?: boolean;
  wait?: boolean;
}

function harvestRequest(options: HarvestOptions): HarvestRequest {
  return {
    ...(options.all ? {} : { facultyIds: options.faculty ?? [] }),
    sources: options.sources,
    ...(options.since ? { sinceYear: options.since } : {}),
    ...(options.until ? { untilYear: options.until } : {}),
    ...(options.full ? { full: true } : {}),
    trigger: "manual",
  };
}

/** Starts the run as the nightly schedule does (./services/runs.ts: startConfiguredRun). */
async function startRun(services: Services, options: HarvestOptions) {
  return startConfiguredRun(services, harvestRequest(options));
}

/** Runs a harvest to its end with workers in this process, reporting progress; returns the exit code. */
export async function harvestAndWait(
  ctx: CliContext,
  options: HarvestOptions,
): Promise<{ runId: string; progress: RunProgress }> {
  const services = await ctx.services();
  const running = startAllWorkers(services);
  ctx.onClose(() => running.close());
  const run = await startRun(services, options);
  ctx.warn(
    run.joined
      ? `Run ${run.runId} is already harvesting the same faculty and sources; waiting for it`
      : `Harvesting ${run.facultyCount} faculty from ${options.sources.join(", ")} (run ${run.runId})`,
  );
  for (const entry of run.deferred) ctx.warn(entry.reason);
  const reporter = createProgressReporter(ctx.err);
  const progress = await waitForRun(services.db, run.runId, {
    onProgress: (p) => reporter.update(p),
    outage: new OutageLog(ctx.logger, "PostgreSQL"),
  });
  reporter.stop();
  // Each harvested person's ledger is rebuilt by the reconcile queue; the summary waits for it.
  await waitForReconcileQueue(services.queues.reconcile);
  await running.close();
  return { runId: run.runId, progress };
}

export function registerHarvestCommands(program: Command, ctx: CliContext): void {
  program
    .command("harvest")
    .description("Harvest publications, presentations and grants for the roster through the queues")
    .option("--all", "every faculty member on the roster")
    .option("--faculty <ids...>", "only these faculty ids")
    .addOption(
      new Option("--sources <list>", `comma-separated: ${HARVEST_SOURCE_NAMES.join(",")}`)
        .argParser(parseSources)
        .default([...HARVEST_SOURCE_NAMES], HARVEST_SOURCE_NAMES.join(",")),
    )
    .option("--since <year>", "first publication year to search", parseYear("--since"))
    .option("--until <year>", "last publication year to search", parseYear("--until"))
    .option("--full", "complete harvests, not only what changed since each person's last harvest")
    .option("--wait", "process the run here with in-process workers and print a summary")
    .action(async (options: HarvestOptions) => {
      if (!options.all && !options.faculty?.length) {
        throw new UsageError("Say whom to harvest: --all, or --faculty ID [ID...]");
      }
      if (options.all && options.faculty?.length) throw new UsageError("Use --all or --faculty, not both");
      if (options.wait) {
        const { runId, progress } = await harvestAndWait(ctx, options);
        for (const line of formatRunSummary(runId, progress)) ctx.print(line);
        if (progress.failed > 0) {
          ctx.print("Failures:");
          for (const failure of await listRunFailures(await ctx.db(), runId))
            ctx.print(formatRunFailure(failure));
          ctx.exitCode = 1;
        }
        return;
      }
      const services = await ctx.services();
      const run = await startRun(services, options);
      if (run.joined) {
        ctx.print(
          `Run ${run.runId} is already running for the same ${run.facultyCount} faculty and sources; nothing new was queued.`,
        );
        return;
      }
      ctx.print(`Queued run ${run.runId}: ${run.jobIds.length} job(s) for ${run.facultyCount} faculty.`);
      for (const entry of run.deferred) ctx.print(entry.reason);
      ctx.print(
        "`scholartrack worker` processes it (start one if none is running); follow it with `scholartrack runs`.",
      );
    });

  program
    .command("worker")
    .description("Run workers for every queue until SIGTERM or SIGINT, then close cleanly")
    .action(async () => {
      const services = await ctx.services();
      const running = startAllWorkers(services);
      ctx.logger.info({ queues: running.workers.map((worker) => worker.name) }, "workers started");
      const metricsServer = await startMetricsListener(ctx, createAppMetrics(services).registry);
      await new Promise<void>((resolve) => {
        const stop = (signal: string) => {
          ctx.logger.info({ signal }, "closing workers: finishing active jobs");
          // A job that will not finish in time is picked up again by another worker after its lock expires.
          const forced = setTimeout(() => {
            ctx.logger.error("active jobs did not finish in 30 s; exiting without them");
            process.exit(1);
          }, 30_000);
          forced.unref();
          // Once the workers have closed, the rest (queues, connections) has the CLI's own exit grace.
          void running
            .close()
            .finally(() => clearTimeout(forced))
            .then(resolve, (error: unknown) => {
              ctx.logger.error({ err: (error as Error).message }, "closing the workers failed");
              resolve();
            });
        };
        process.once("SIGTERM", () => stop("SIGTERM"));
        process.once("SIGINT", () => stop("SIGINT"));
      });
      metricsServer?.close();
      ctx.logger.info("workers closed");
    });

  program
    .command("schedule")
    .description("Set, list or remove the nightly harvest (or, with --digest, the weekly mentor digest)")
    .option("--cron <pattern>", 'cron pattern, e.g. "0 2 * * *"')
    .option("--tz <zone>", "IANA time zone for the pattern, e.g. America/New_York")
    .addOption(
      new Option("--sources <list>", "sources the scheduled run harvests")
        .argParser(parseSources)
        .default([...HARVEST_SOURCE_NAMES], HARVEST_SOURCE_NAMES.join(",")),
    )
    .option("--list", "show the schedule")
    .option("--remove", "remove the schedule")
    .option(
      "--digest",
      'with --cron or --remove: the weekly mentor digest (`digest --all --send`), e.g. --cron "0 7 * * 1"',
    )
    .action(
      async (options: {
        cron?: string;
        tz?: string;
        sources: HarvestSourceName[];
        list?: boolean;
        remove?: boolean;
        digest?: boolean;
      }) => {
        const chosen = [options.cron !== undefined, options.list, options.remove].filter(Boolean).length;
        if (chosen !== 1) throw new UsageError("Give exactly one of --cron PATTERN, --list, --remove");
        const { queues } = await ctx.services();
        if (options.digest && options.remove) {
          const removed = await removeDigestSchedule(queues.schedule);
          ctx.print(removed ? "Weekly digest removed." : "There was no weekly digest to remove.");
          return;
        }
        if (options.digest && options.cron !== undefined) {
          const summary = await setDigestSchedule(queues.schedule, options.cron, options.tz);
          ctx.print(
            `Weekly digest set: "${summary.pattern}"${summary.tz ? ` (${summary.tz})` : ""}, next at ${summary.next?.toISOString() ?? "?"}.`,
          );
          ctx.print(
            "It is mailed (SMTP_URL, MAIL_FROM of the workers) while at least one `scholartrack worker` is up.",
          );
          return;
        }
        if (options.remove) {
          const removed = await removeHarvestSchedule(queues.schedule);
          ctx.print(removed ? "Nightly harvest removed." : "There was no nightly harvest to remove.");
          return;
        }
        if (options.cron !== undefined) {
          const summary = await setHarvestSchedule(queues.schedule, options.cron, options.tz, {
            sources: options.sources,
          });
          ctx.print(
            `Nightly harvest set: "${summary.pattern}"${summary.tz ? ` (${summary.tz})` : ""}, next at ${summary.next?.toISOString() ?? "?"}.`,
          );
          ctx.print("It runs while at least one `scholartrack worker` is up.");
          return;
        }
        const schedules = await listHarvestSchedules(queues.schedule);
        if (schedules.length === 0) ctx.print("No harvest is scheduled.");
        else {
          ctx.print(
            renderTable(
              ["id", "cron", "time zone", "sources", "next run"],
              schedules.map((s) => [
                s.id,
                s.pattern,
                s.tz ?? "UTC",
                s.sources?.join(","),
                s.next?.toISOString(),
              ]),
            ),
          );
        }
      },
    );

  const runs = program
    .command("runs")
    .description("List harvest runs, and each faculty member's last success and last error")
    .enablePositionalOptions() // the options after `show` are its own
    .option(
      "--last <n>",
      "how many runs",
      (value) => {
        if (!/^\d+$/.test(value) || Number(value) < 1)
          throw new UsageError(`--last must be a positive number, got "${value}"`);
        return Number(value);
      },
      10,
    )
    .addOption(formatOption(TABLE_FORMATS))
    .action(async (options: { last: number; format: TableFormat }) => {
      const db = await ctx.db();
      const listed = await listRuns(db, options.last);
      const faculty = await listFacultyHarvestStatus(db);
      if (options.format === "json") {
        ctx.print(toJson({ runs: listed, faculty }));
        return;
      }
      if (listed.length === 0) {
        ctx.print("No harvest has run yet.");
        return;
      }
      ctx.print(renderRunsTable(listed));
      for (const run of listed) for (const entry of run.deferred) ctx.print(`${run.id}: ${entry.reason}`);
      ctx.print("");
      ctx.print(
        renderTable(
          ["faculty", "source", "last success", "last error at", "last error"],
          faculty.map((row) => [
            row.facultyId,
            row.source,
            row.lastSuccessAt?.toISOString(),
            row.lastErrorAt?.toISOString(),
            row.lastError ? truncate(row.lastError, 100) : "",
          ]),
        ),
      );
    });

  registerRunsClose(runs, ctx);

  runs
    .command("show")
    .description("One run: what it asked for, its totals, and each job's state, counts and last error")
    .argument("<run>", "the run id (as `scholartrack runs` lists it)")
    .addOption(formatOption(TABLE_FORMATS))
    .action(async (runId: string, options: { format: TableFormat }) => {
      const run = await showRun(await ctx.db(), runId);
      if (options.format === "json") {
        ctx.print(toJson(run));
        return;
      }
      ctx.print(renderRunsTable([run]));
      ctx.print(
        `sources: ${run.sources.join(", ")}; years: ${run.sinceYear ?? "any"} to ${run.untilYear ?? "any"}` +
          (run.full ? "; complete harvests asked for (--full)" : ""),
      );
      for (const entry of run.deferred) ctx.print(entry.reason);
      ctx.print("");
      ctx.print(
        run.jobs.length === 0
          ? "The run has no jobs."
          : renderTable(
              [
                "faculty",
                "source",
                "status",
                "mode",
                "attempts",
                "records",
                "new",
                "updated",
                "accepted",
                "pending",
                "error",
              ],
              run.jobs.map((job) => [
                job.facultyId,
                job.source,
                job.status,
                job.mode ? `${job.mode}: ${truncate(job.modeReason ?? "", 80)}` : "",
                job.attempts,
                job.recordsFetched,
                job.itemsNew,
                job.itemsUpdated,
                job.linksAccepted,
                job.linksPending,
                job.error ? truncate(job.error, 100) : "",
              ]),
            ),
      );
    });
}

function renderRunsTable(runs: readonly RunListing[]): string {
  return renderTable(
    [
      "run",
      "trigger",
      "status",
      "started",
      "finished",
      "jobs",
      "done",
      "failed",
      "records",
      "new",
      "updated",
      "pending",
      "time left",
    ],
    runs.map((run) => [
      run.id,
      run.trigger,
      run.status,
      run.startedAt.toISOString(),
      run.finishedAt?.toISOString(),
      run.progress.total,
      run.progress.completed,
      run.progress.failed,
      run.progress.recordsFetched,
      run.progress.itemsNew,
      run.progress.itemsUpdated,
      run.progress.linksPending,
      run.etaSeconds === null ? "" : `about ${formatDuration(run.etaSeconds)}`,
    ]),
  );
}

function registerRunsClose(runs: Command, ctx: CliContext): void {
  runs
    .command("close <run>")
    .description("Close a run the workers cannot finish: its unfinished jobs fail with the reason given")
    .requiredOption("--reason <text>", "why the run is closed (kept as each unfinished job's error)")
    .action(async (runId: string, options: { reason: string }) => {
      const services = await ctx.services();
      const closed = await closeRunByHand(services.db, services.queues.bySource, runId, options.reason);
      ctx.print(
        `Run ${closed.runId} closed (${closed.status}): ${closed.jobsClosed} unfinished job(s) failed.`,
      );
    });
}

function truncate(text: string, length: number): string {
  const oneLine = text.replace(/\s+/g, " ");
  return oneLine.length > length ? `${oneLine.slice(0, length - 1)}…` : oneLine;
}
