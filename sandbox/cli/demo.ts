import { randomBytes } from "node:crypto";
import { mkdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import type { CliContext } from "../../src/cli/context.ts";
import type { DemoOptions } from "../../src/cli/demo.ts";
import { formatRunSummary, harvestAndWait } from "../../src/cli/harvest.ts";
import { serveWeb } from "../../src/cli/web.ts";
import type { Db } from "../../src/db/client.ts";
import { checkDatabase } from "../../src/db/connect.ts";
import { ensureDatabase, migrate, redactUrl } from "../../src/db/migrate.ts";
import { UserError } from "../../src/errors.ts";
import { firstCohort } from "../../src/services/overview.ts";
import { formatRunFailure, listRunFailures } from "../../src/services/runs.ts";
import { connectRedis } from "../../src/queue/connection.ts";
import { renderTable } from "../../src/reports/table.ts";
import { importRoster } from "../../src/services/roster.ts";
import { HARVEST_SOURCE_NAMES } from "../../src/sources/registry.ts";
import { ensureDemoAccounts } from "../demo/demo-accounts.ts";
import { divisionLabel, dropDemoDatabaseOfOtherDivision, labelDemoDatabase } from "../demo/demo-database.ts";
import { checkAgainstTruth, countLinksByPerson } from "../demo/demo-report.ts";
import { generateDivision, rosterCsv } from "../division/index.ts";
import { startEutilsSandbox } from "../servers/eutils-server.ts";
import { startOrcidSandbox } from "../servers/orcid-server.ts";
import { startReporterSandbox } from "../servers/reporter-server.ts";

const DEMO_API_KEY = "scholartrack-demo-key";

/** The demo's own database beside the configured one, so it never mixes with real data. */
export function demoDatabaseUrl(databaseUrl: string): string {
  const url = new URL(databaseUrl);
  const name = decodeURIComponent(url.pathname.replace(/^\//, "")) || "scholartrack";
  url.pathname = `/${name.endsWith("_demo") ? name : `${name}_demo`}`;
  return url.toString();
}

function percent(part: number, whole: number): string {
  return whole === 0 ? "n/a" : `${((100 * part) / whole).toFixed(1)}%`;
}

/**
 * `scholartrack demo`: generates a fictional division, serves it from the three API sandboxes,
 * harvests it into a database of its own through the real queues, and prints what came of it.
 */
export async function runDemo(ctx: CliContext, options: DemoOptions): Promise<void> {
  const databaseUrl = demoDatabaseUrl(ctx.config.DATABASE_URL);
  await checkDatabase(databaseUrl);
  const redisProbe = await connectRedis(ctx.config.REDIS_URL);
  redisProbe.disconnect();
  const division = generateDivision({ facultyCount: options.faculty, seed: options.seed });
  const label = divisionLabel(options);
  if (await dropDemoDatabaseOfOtherDivision(databaseUrl, label))
    ctx.print(`Demo database held another division: starting it afresh`);
  await ensureDatabase(databaseUrl);
  await migrate(databaseUrl);
  await labelDemoDatabase(databaseUrl, label);
  ctx.print(`Demo database: ${redactUrl(databaseUrl)} (migrated)`);

  const sandbox = await startEutilsSandbox({
    articles: division.articles,
    abstracts: division.abstracts,
    apiKeys: [DEMO_API_KEY],
  });
  ctx.onClose(() => sandbox.close());
  const orcidSandbox = await startOrcidSandbox({ records: division.orcidRecords });
  ctx.onClose(() => orcidSandbox.close());
  const reporterSandbox = await startReporterSandbox({ projects: division.reporterProjects });
  ctx.onClose(() => reporterSandbox.close());
  ctx.print(
    `E-utilities sandbox: ${sandbox.url} (${division.institution}: ${division.faculty.length} faculty, ${division.articles.length} articles, namesakes' included)`,
  );

  const demo = ctx.withConfig({
    DATABASE_URL: databaseUrl,
    PUBMED_EUTILS_URL: sandbox.url,
    NCBI_API_KEY: DEMO_API_KEY,
    ORCID_API_URL: orcidSandbox.url,
    REPORTER_API_URL: reporterSandbox.url,
    QUEUE_PREFIX: `${ctx.config.QUEUE_PREFIX}-demo`,
    // Sessions of the demo's web app; a fresh secret each run unless one is configured.
    SESSION_SECRET: ctx.config.SESSION_SECRET ?? randomBytes(32).toString("base64url"),
  });
  ctx.onClose(() => demo.close());

  const rosterDir = path.join(os.tmpdir(), "scholartrack-demo");
  mkdirSync(rosterDir, { recursive: true });
  const rosterPath = path.join(rosterDir, "roster.csv");
  const csv = rosterCsv(division);
  writeFileSync(rosterPath, csv);
  const db = await demo.db();
  const imported = await importRoster(db, csv, { fileName: rosterPath });
  if (imported.blocked)
    throw new UserError(`The generated roster did not import:\n${imported.errors.join("\n")}`);
  ctx.print(
    `Roster ${rosterPath}: ${imported.created} created, ${imported.updated} updated, ${imported.unchanged} unchanged`,
  );

  const { runId, progress } = await harvestAndWait(demo, {
    all: true,
    sources: [...HARVEST_SOURCE_NAMES],
  });
  for (const line of formatRunSummary(runId, progress)) ctx.print(line);
  for (const [name, api] of [
    ["E-utilities", sandbox.stats()],
    ["ORCID", orcidSandbox.stats()],
    ["RePORTER", reporterSandbox.stats()],
  ] as const) {
    ctx.print(
      `  ${name} requests: ${api.requests} (${api.rateLimited} refused for rate, most in one second: ${api.maxRequestsInAnySecond})`,
    );
  }

  ctx.print("");
  ctx.print(
    "Per person: links accepted and left for review, then each person's ledger (duplicates merged, " +
      "classified by config/classification.json):",
  );
  const people = await countLinksByPerson(db);
  ctx.print(
    renderTable(
      [
        "faculty",
        "name",
        "accepted",
        "pending",
        "peer-reviewed",
        "other pubs",
        "national pres",
        "other pres",
        "grants PI/co-I",
        "grants other",
        "first author",
        "last author",
      ],
      people.map((p) => [
        p.facultyId,
        p.name,
        p.accepted,
        p.pending,
        p.metrics.peer_reviewed_publications,
        p.metrics.other_publications,
        p.metrics.national_presentations,
        p.metrics.other_presentations,
        p.metrics.grants_pi_or_coi,
        p.metrics.grants_other,
        p.firstAuthor,
        p.lastAuthor,
      ]),
    ),
  );

  const check = await checkAgainstTruth(db, division.truth);
  ctx.print("");
  ctx.print("PubMed authorships against the generated truth:");
  ctx.print(
    `  true authorships the search found: ${check.found} of ${check.trueLinks} (${percent(check.found, check.trueLinks)})`,
  );
  ctx.print(
    `  accepted automatically: ${check.accepted}, of which right ${check.acceptedCorrect} ` +
      `(precision ${percent(check.acceptedCorrect, check.accepted)}; ` +
      `recall ${percent(check.acceptedCorrect, check.trueLinks)} of all true authorships)`,
  );
  ctx.print(
    `  left for review: ${check.pendingCorrect + check.pendingWrong} ` +
      `(${check.pendingCorrect} true, ${check.pendingWrong} namesakes' papers)`,
  );
  ctx.print(
    `  rejected automatically: ${check.rejectedCorrect + check.rejectedWrong} ` +
      `(${check.rejectedCorrect} namesakes' papers, ${check.rejectedWrong} true)`,
  );
  ctx.print("");
  ctx.print("Next: look around with the demo's settings, e.g.");
  ctx.print(`  DATABASE_URL=${redactUrl(databaseUrl)} node bin/scholartrack.js runs`);
  ctx.print(`  DATABASE_URL=${redactUrl(databaseUrl)} node bin/scholartrack.js export items --format csv`);
  ctx.print(`  DATABASE_URL=${redactUrl(databaseUrl)} node bin/scholartrack.js review list --limit 10`);
  const cohort = await firstCohort(db);
  if (cohort) {
    ctx.print(
      `  DATABASE_URL=${redactUrl(databaseUrl)} node bin/scholartrack.js report windows --cohort ${cohort} --relative`,
    );
  }
  const failures = await listRunFailures(db, runId);
  if (failures.length > 0) {
    ctx.print("");
    ctx.print("Failed for good (the division has one deactivated ORCID record on purpose):");
    for (const failure of failures) ctx.print(formatRunFailure(failure));
  }
  // A record ORCID says is unavailable is the person's to fix, not a fault of the run.
  if (failures.some((failure) => failure.unavailableReason === null)) ctx.exitCode = 1;
  if (options.serve) await serveDemoWeb(demo, db, options);
}

/** Keeps the web app up over the demo database and prints a sign-in for each role. */
async function serveDemoWeb(demo: CliContext, db: Db, options: DemoOptions): Promise<void> {
  const accounts = await ensureDemoAccounts(db);
  await serveWeb(demo, { host: options.host, port: options.port }, (address) => {
    demo.print("");
    demo.print(`Web app over the demo database: ${address}/ (sign in at ${address}/sign-in)`);
    demo.print("Demo sign-ins, one for each role:");
    for (const account of accounts) {
      demo.print(`  ${account.role}: ${account.email} / ${account.password}  (${account.scope})`);
    }
    demo.print("Press Ctrl+C to stop.");
  });
}
