import { execFile } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { randomUUID } from "node:crypto";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../..");

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

describe("the scholartrack command, end to end", () => {
  let testDb: TestDatabase;
  let sandbox: EutilsSandbox;
  let brokenServer: http.Server;
  let brokenUrl: string;
  const prefix = `test-${randomUUID()}`;
  const dir = mkdtempSync(path.join(os.tmpdir(), "scholartrack-cli-"));
  const rosterPath = path.join(dir, "roster.csv");

  async function cli(args: string[], env: Record<string, string> = {}): Promise<Result> {
    try {
      const { stdout, stderr } = await run(
        process.execPath,
        [path.join(repoRoot, "bin/scholartrack.js"), ...args],
        {
          cwd: repoRoot,
          env: {
            ...process.env,
            DATABASE_URL: testDb.url,
            QUEUE_PREFIX: prefix,
            PUBMED_EUTILS_URL: sandbox.url,
            NCBI_API_KEY: "k",
            LOG_LEVEL: "silent",
            ...env,
          },
        },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code: number; stdout: string; stderr: string };
      return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
    }
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    const division = generateDivision({ facultyCount: 3, seed: 5 });
    writeFileSync(rosterPath, rosterCsv(division));
    sandbox = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      apiKeys: ["k"],
    });
    // Answers every search with one PMID and every fetch with XML whose elements do not nest.
    brokenServer = http.createServer((req, res) => {
      if (req.url?.includes("esearch")) {
        res.setHeader("content-type", "application/json");
        res.end(
          JSON.stringify({ esearchresult: { count: "1", retmax: "1", retstart: "0", idlist: ["31000001"] } }),
        );
        return;
      }
      req.resume();
      req.on("end", () => {
        res.setHeader("content-type", "text/xml");
        res.end(
          '<?xml version="1.0"?><PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>31000001</Article></PubmedArticleSet>',
        );
      });
    });
    await new Promise<void>((resolve) => brokenServer.listen(0, "127.0.0.1", resolve));
    brokenUrl = `http://127.0.0.1:${(brokenServer.address() as AddressInfo).port}/entrez/eutils`;
  });

  afterAll(async () => {
    await new Promise((resolve) => brokenServer.close(resolve));
    await sandbox.close();
    await testDb.drop();
    const redis = new Redis("redis://127.0.0.1:6379");
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length > 0) await redis.del(...keys);
    await redis.quit();
  });

  it("imports the roster, harvests with --wait, prints a summary, and lists the run", async () => {
    const imported = await cli(["faculty", "import", rosterPath]);
    expect(imported.code).toBe(0);

    const harvest = await cli(["harvest", "--all", "--sources", "pubmed", "--wait"]);
    expect(harvest.stderr).toMatch(/harvest: 3\/3 jobs done/);
    expect(harvest.code).toBe(0);
    expect(harvest.stdout).toMatch(/faculty jobs done: 3 of 3/);
    expect(harvest.stdout).toMatch(/failures:\s+0/);
    const itemsNew = Number(/items new:\s+(\d+)/.exec(harvest.stdout)![1]);
    expect(itemsNew).toBe(await testDb.db.item.count());
    // The reconcile queue has rebuilt every harvested person's ledger from their accepted links.
    const accepted = await testDb.db.facultyItem.groupBy({
      by: ["facultyId"],
      where: { status: "accepted" },
    });
    const ledgers = await testDb.db.ledgerEntry.groupBy({ by: ["facultyId"] });
    expect(ledgers.map((row) => row.facultyId).sort()).toEqual(accepted.map((row) => row.facultyId).sort());
    expect(accepted.length).toBeGreaterThan(0);

    const runs = await cli(["runs", "--last", "1"]);
    expect(runs.code).toBe(0);
    expect(runs.stdout).toMatch(/manual\s+completed/);
    expect(runs.stdout).toMatch(/F001\s+pubmed\s+\d{4}-/);

    const exported = await cli(["export", "items", "--format", "jsonl"]);
    const rows = exported.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { sources: string[] });
    expect(rows.length).toBe(await testDb.db.facultyItem.count());
    expect(rows.every((row) => row.sources.includes("pubmed"))).toBe(true);
  }, 60_000);

  it("queues without --wait and reports how the run gets processed", async () => {
    const queued = await cli(["harvest", "--faculty", "F001"]);
    expect(queued.code).toBe(0);
    expect(queued.stdout).toMatch(/Queued run run-\S+: 3 job\(s\) for 1 faculty/);
  });

  it("exits non-zero when a job fails for good, naming the faculty member and the request", async () => {
    const harvest = await cli(["harvest", "--faculty", "F002", "--sources", "pubmed", "--wait"], {
      PUBMED_EUTILS_URL: brokenUrl,
      QUEUE_PREFIX: `${prefix}-broken`,
    });
    expect(harvest.code).toBe(1);
    expect(harvest.stdout).toMatch(/failures:\s+1/);
    expect(harvest.stdout).toMatch(/F002 pubmed: faculty F002 \(.+\): .*EFetch/);
    const job = await testDb.db.harvestJob.findFirstOrThrow({
      where: { facultyId: "F002", status: "failed" },
    });
    expect(job.attempts).toBe(1);
  }, 60_000);

  it("says which service is down and how to start it", async () => {
    const result = await cli(["runs"], {
      REDIS_URL: "redis://127.0.0.1:6390",
      DATABASE_URL: "postgresql://postgres@127.0.0.1:5439/none",
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/Cannot reach PostgreSQL at postgresql:\/\/postgres@127.0.0.1:5439\/none/);
    expect(result.stderr).toMatch(/docker compose up -d postgres/);
  });

  it("rejects bad configuration before doing anything", async () => {
    const result = await cli(["runs"], { QUEUE_PREFIX: "has spaces" });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/QUEUE_PREFIX: letters, digits, - and _ only/);
  });
});
