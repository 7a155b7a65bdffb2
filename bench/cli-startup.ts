/**
 * `npm run bench:cli`: how long the CLI takes to start and answer, for the commands scripts and
 * the container's healthcheck call most: `--help`, `--version` and `health` (which connects to
 * Postgres and Redis). Each is started N times as a new process after warm-up runs; printed: the
 * median, the fastest and the slowest run, and `node -e 0` for the floor Node itself sets.
 * `--from-sources` adds the same commands run from the TypeScript sources through tsx, as the
 * CLI ran before it was built.
 *
 *   npm run bench:cli [-- --runs 21 --warmup 3 --from-sources]
 *
 * `health` runs against a database of its own on DATABASE_URL's server (scholartrack_bench_cli,
 * migrated first) and REDIS_URL.
 */
import { spawnSync } from "node:child_process";
import os from "node:os";
import path from "node:path";
import { parseArgs } from "node:util";
import { ensureDatabase, migrate } from "../src/db/migrate.ts";

const { values } = parseArgs({
  options: {
    runs: { type: "string", default: "21" },
    warmup: { type: "string", default: "3" },
    "from-sources": { type: "boolean", default: false },
  },
});
const runs = Number(values.runs);
const warmup = Number(values.warmup);
if (!Number.isInteger(runs) || runs < 1 || !Number.isInteger(warmup) || warmup < 0) {
  console.error("bench:cli: --runs takes a whole number >= 1, --warmup one >= 0");
  process.exit(2);
}

const root = path.resolve(import.meta.dirname, "..");
const serverUrl = (process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/scholartrack").replace(
  /\/[^/]*$/,
  "",
);
const env = { ...process.env, DATABASE_URL: `${serverUrl}/scholartrack_bench_cli` };
await ensureDatabase(env.DATABASE_URL);
await migrate(env.DATABASE_URL);

const built = [path.join(root, "bin/scholartrack.js")];
const fromSources = ["--import", "tsx", path.join(root, "bench/cli-from-sources.ts")];
const cases: Array<{ label: string; args: string[] }> = [
  { label: "node -e 0", args: ["-e", "0"] },
  { label: "scholartrack --help", args: [...built, "--help"] },
  { label: "scholartrack --version", args: [...built, "--version"] },
  { label: "scholartrack health", args: [...built, "health"] },
];
if (values["from-sources"]) {
  for (const command of ["--help", "--version", "health"]) {
    cases.push({ label: `from sources (tsx): ${command}`, args: [...fromSources, command] });
  }
}

/** Wall time of one run, in milliseconds; a run that fails stops the bench. */
function timeOnce(args: string[]): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { cwd: root, env, encoding: "utf8" });
  const elapsed = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) {
    console.error(`bench:cli: node ${args.join(" ")} exited ${result.status}:\n${result.stderr}`);
    process.exit(1);
  }
  return elapsed;
}

const median = (sorted: number[]): number => {
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
};
const ms = (value: number): string => `${value.toFixed(0)} ms`;

console.log(`${runs} runs each after ${warmup} warm-up runs; load average ${os.loadavg()[0]!.toFixed(2)}`);
console.log("command | median | fastest | slowest");
for (const { label, args } of cases) {
  for (let i = 0; i < warmup; i += 1) timeOnce(args);
  const times = Array.from({ length: runs }, () => timeOnce(args)).sort((a, b) => a - b);
  console.log(`${label} | ${ms(median(times))} | ${ms(times[0]!)} | ${ms(times.at(-1)!)}`);
}
