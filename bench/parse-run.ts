/**
 * One side of the parse benchmark, in a process of its own so its peak memory is its own.
 * Usage: tsx bench/parse-run.ts single|single-text|parallel FILE [RUNS] [THREADS]
 * (single-text: the body handed over as a decoded string, as an HTTP client giving text would.)
 * Prints one JSON line: timings, peak RSS and counts to compare with the Python reading.
 */
import { readFileSync } from "node:fs";
import {
  parsePubmedXml,
  parsePubmedXmlParallel,
  PubmedParsePool,
  splitArticleSet,
} from "../src/sources/pubmed/parse.ts";
import type { PubmedArticleRecord } from "../src/sources/pubmed/types.ts";

const [mode = "single", file, runsArg = "3", threadsArg] = process.argv.slice(2);
if (!file || !["single", "single-text", "parallel"].includes(mode)) {
  console.error("usage: tsx bench/parse-run.ts single|single-text|parallel FILE [RUNS] [THREADS]");
  process.exit(2);
}

// Timing starts with the bytes in memory, as on the Python side: decoding is part of the work.
const bytes = readFileSync(file);
const runs = Number(runsArg);
const pool =
  mode === "parallel" ? new PubmedParsePool(threadsArg ? { threads: Number(threadsArg) } : {}) : undefined;
const parse = (): Promise<PubmedArticleRecord[]> | PubmedArticleRecord[] => {
  if (pool) return parsePubmedXmlParallel(bytes, { pool });
  return parsePubmedXml(mode === "single-text" ? bytes.toString("utf8") : bytes);
};

// A harvester keeps its pool and has run its code before: start-up (threads, loading and
// compiling the sources) is not timed. Every thread first reads the first 2 MB of the file.
const warmUp = splitArticleSet(bytes, Math.ceil(bytes.length / (2 << 20)))?.part(0);
if (warmUp) {
  const copy = (): Uint8Array => (typeof warmUp === "string" ? Buffer.from(warmUp) : warmUp.slice());
  parsePubmedXml(copy());
  if (pool) await Promise.all(Array.from({ length: pool.threads }, () => pool.run(copy())));
}

const cpuMs = (): number => {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1000;
};
const times: number[] = [];
const cpuTimes: number[] = [];
let records: PubmedArticleRecord[] = [];
for (let i = 0; i < runs; i += 1) {
  records = [];
  const start = performance.now();
  const startCpu = cpuMs();
  records = await parse();
  times.push(performance.now() - start);
  // Process-wide: the worker threads' time counts too.
  cpuTimes.push(cpuMs() - startCpu);
}
await pool?.close();

const authors = records.flatMap((record) => record.authors);
const sorted = [...times].sort((a, b) => a - b);
console.log(
  JSON.stringify({
    bytes: bytes.length,
    threads: pool?.threads ?? 1,
    runs: times.map(Math.round),
    best_ms: Math.round(sorted[0]!),
    median_ms: Math.round(sorted[Math.floor(sorted.length / 2)]!),
    best_cpu_ms: Math.round(Math.min(...cpuTimes)),
    // maxRSS is in kilobytes; it covers the worker threads, which share the process.
    peak_rss_mb: Math.round(process.resourceUsage().maxRSS / 1024),
    counts: {
      articles: records.length,
      authors: authors.length,
      orcids: authors.filter((author) => author.orcid).length,
      affiliations: authors.reduce((sum, author) => sum + author.affiliations.length, 0),
      mesh: records.reduce((sum, record) => sum + record.meshHeadings.length, 0),
      dois: records.filter((record) => record.doi).length,
    },
  }),
);
