import { InvalidArgumentError, Option, type Command } from "commander";
import { loadBenchmarkCriteria } from "../benchmarks/criteria.ts";
import { isIsoDate } from "../csv/iso-date.ts";
import { UsageError, UserError } from "../errors.ts";
import { writeTextAtomically } from "../io/write-atomically.ts";
import { DIGEST_FORMATS, renderDigest, type DigestFormat } from "../mentoring/digest.ts";
import { buildDigest, sendAllDigests, sendDigest, type SendOutcome } from "../services/digest.ts";
import { smtpMailer } from "../services/mail.ts";
import type { CliContext } from "./context.ts";

interface DigestOptions {
  mentor?: string;
  all?: boolean;
  since?: string;
  format: DigestFormat;
  send?: boolean;
  out?: string;
}

const HELP = `
Examples:
  scholartrack digest --mentor M001                  the digest, as text, without sending it
  scholartrack digest --mentor M001 --send           mail it (SMTP_URL, MAIL_FROM)
  scholartrack digest --all --send                   mail every mentor their digest

For each current mentee (the roster's mentor_id, and running mentorship records): the items
accepted since the last digest mailed to the mentor (or --since; the week before when none was
mailed yet), the links awaiting the mentee's review, and their benchmark check (config/benchmarks.json
or BENCHMARKS_PATH). A digest mailed is recorded, so the next one starts where it ended; one only
shown is not. Run \`digest --all --send\` weekly from cron, or let the workers run it
(\`scholartrack schedule --digest --cron "0 7 * * 1"\`).`;

export function registerDigestCommand(program: Command, ctx: CliContext): void {
  program
    .command("digest")
    .description("A mentor's digest: each mentee's new items, links awaiting review and benchmark progress")
    .option("--mentor <id>", "the mentor's faculty id")
    .option("--all", "every mentor (with --send)")
    .option(
      "--since <date>",
      "new items accepted from this date, YYYY-MM-DD (default: since the last digest mailed)",
      dateArgument,
    )
    .addOption(new Option("--format <format>", "output format").choices(DIGEST_FORMATS).default("text"))
    .option("--send", "mail the digest to the mentor and record it")
    .option("--out <file>", "write to this file (replaced only once complete) instead of stdout")
    .addHelpText("after", HELP)
    .action(async (options: DigestOptions) => {
      if ((options.mentor === undefined) === (options.all !== true)) {
        throw new UsageError("give one of --mentor ID or --all");
      }
      if (options.all && !options.send)
        throw new UsageError("--all needs --send (one digest per mentor is mailed)");
      if (options.send && options.out !== undefined)
        throw new UsageError("--out and --send do not go together");
      const criteria = loadBenchmarkCriteria(ctx.config.BENCHMARKS_PATH);
      const db = await ctx.db();
      if (!options.send) {
        const digest = await buildDigest(db, criteria, options.mentor!, { since: options.since });
        const text = renderDigest(digest, options.format);
        if (options.out === undefined) ctx.print(text);
        else {
          await writeTextAtomically(options.out, `${text}\n`);
          ctx.print(`digest for ${digest.mentorId} written to ${options.out}`);
        }
        return;
      }
      const mailer = smtpMailer(ctx.config);
      try {
        const outcomes = options.all
          ? await sendAllDigests(db, criteria, mailer, { since: options.since }, (outcome) =>
              ctx.print(describe(outcome)),
            )
          : [await sendDigest(db, criteria, mailer, options.mentor!, { since: options.since })];
        if (!options.all) ctx.print(describe(outcomes[0]!));
        const failed = outcomes.filter(
          (outcome) => outcome.status === "failed" || outcome.status === "no-address",
        );
        if (failed.length > 0) {
          if (options.all) ctx.warn(`${failed.length} of ${outcomes.length} digest(s) not sent`);
          else throw new UserError(`digest for ${failed[0]!.mentorId} not sent`);
          ctx.exitCode = 1;
        }
      } finally {
        mailer.close();
      }
    });
}

function describe(outcome: SendOutcome): string {
  switch (outcome.status) {
    case "sent":
      return `digest for ${outcome.mentorId} sent: ${outcome.mentees} mentee(s), ${outcome.newItems} new item(s) since ${outcome.since}`;
    case "no-mentees":
    case "no-address":
    case "failed":
      return `digest for ${outcome.mentorId}: ${outcome.reason}`;
  }
}

function dateArgument(value: string): string {
  if (!isIsoDate(value)) throw new InvalidArgumentError("give a date such as 2026-06-30");
  return value;
}
