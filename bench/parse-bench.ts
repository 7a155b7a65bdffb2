/**
 * `npm run bench:parse`: PubMed EFetch parse throughput, ours (one thread and a worker pool)
 * against a plain Python xml.etree reading of the same fields from the same file. Every side
 * starts from the file's bytes in memory; "text" hands ours the body decoded to a string first
 * (the decoding is timed), as an HTTP client that returns text would.
 *
 * Options: --articles N (30000), --runs N rounds (3), --threads N (all cores), --regenerate.
 * The file is written once to bench/out/ and reused.
 */
import { execFileSync } from "node:child_process";
import { existsSync, statSync } from "node:fs";
import { availableParallelism, loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { generatePubmedSet } from "./generate-pubmed.ts";

interface RunResult {
  bytes: number;
  threads?: number;
  runs: number[];
  best_ms: number;
  median_ms: number;
  best_cpu_ms: number;
  peak_rss_mb: number;
  counts: Record<string, number>;
}

const here = path.dirname(fileURLToPath(import.meta.url));
const option = (name: string, fallback: number): number => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : Number(process.argv[at + 1]);
};
const articles = option("articles", 30_000);
const runs = option("runs", 3);
const threads = option("threads", availableParallelism());
const file = path.join(here, "out", `pubmed-${articles}.xml`);

if (!existsSync(file) || process.argv.includes("--regenerate")) {
  const started = performance.now();
  await generatePubmedSet(articles, file);
  console.log(`generated ${file} in ${((performance.now() - started) / 1000).toFixed(1)} s`);
}
const megabytes = statSync(file).size / 1e6;
console.log(
  `file: ${articles} articles, ${megabytes.toFixed(1)} MB (${((megabytes * 1e3) / articles).toFixed(1)} KB an article)`,
);
console.log(
  `machine: ${availableParallelism()} cores, load average ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}; ${runs} rounds, each reader once a round in a process of its own\n`,
);

function run(command: string, args: string[]): RunResult {
  const output = execFileSync(command, args, {
    encoding: "utf8",
    maxBuffer: 1 << 20,
    stdio: ["ignore", "pipe", "inherit"],
  });
  return JSON.parse(output.trim().split("\n").pop()!) as RunResult;
}

const tsx = ["--import", "tsx", path.join(here, "parse-run.ts")];
// Each process reads the file twice and keeps its better run: the second shows the steady state
// of a long-lived harvester whose code the JIT has compiled.
const inProcess = "2";
const readers: Array<[string, () => RunResult]> = [
  ["python xml.etree", () => run("python3", [path.join(here, "parse_reference.py"), file, inProcess])],
  ["ours, 1 thread", () => run(process.execPath, [...tsx, "single", file, inProcess])],
  ["ours, 1 thread, text", () => run(process.execPath, [...tsx, "single-text", file, inProcess])],
  [
    `ours, ${threads} threads`,
    () => run(process.execPath, [...tsx, "parallel", file, inProcess, String(threads)]),
  ],
];

// Rounds take every reader in turn, so a change in the machine's other load touches all alike.
const rounds = new Map<string, RunResult[]>(readers.map(([name]) => [name, []]));
for (let round = 0; round < runs; round += 1) {
  for (const [name, read] of readers) rounds.get(name)!.push(read());
}
const results: Array<[string, RunResult]> = [...rounds].map(([name, all]) => {
  const walls = all.map((result) => result.best_ms).sort((a, b) => a - b);
  return [
    name,
    {
      ...all[0]!,
      runs: all.map((result) => result.best_ms),
      best_ms: walls[0]!,
      median_ms: walls[Math.floor(walls.length / 2)]!,
      best_cpu_ms: Math.min(...all.map((result) => result.best_cpu_ms)),
      peak_rss_mb: Math.max(...all.map((result) => result.peak_rss_mb)),
    },
  ];
});

const python = results[0]![1];
const rows = results.map(([name, result]) => {
  const seconds = result.best_ms / 1000;
  return {
    reader: name,
    "best s": seconds.toFixed(2),
    "median s": (result.median_ms / 1000).toFixed(2),
    "cpu s": (result.best_cpu_ms / 1000).toFixed(2),
    "MB/s": (megabytes / seconds).toFixed(1),
    "articles/s": Math.round(result.counts.articles! / seconds),
    "peak RSS MB": result.peak_rss_mb,
    "x python": (python.best_ms / result.best_ms).toFixed(2),
  };
});
console.table(rows);
console.log(
  "best s: wall-clock time of the fastest run; cpu s: processor time of the thriftiest run, all threads (less\n" +
    "sensitive to other load on the machine); x python: python's best s over this reader's best s",
);
console.log(
  `load average after: ${loadavg()
    .map((n) => n.toFixed(2))
    .join(" ")}`,
);

// Both readings must have read the same things, or the comparison means nothing.
const mismatched = results.filter(
  ([, result]) => JSON.stringify(result.counts) !== JSON.stringify(python.counts),
);
if (mismatched.length > 0) {
  console.error("counts differ:", Object.fromEntries(results.map(([name, result]) => [name, result.counts])));
  process.exitCode = 1;
} else {
  console.log(`same counts on every side: ${JSON.stringify(python.counts)}`);
}
