import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import {
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from "node:fs";
import net from "node:net";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureDatabase } from "../../src/db/migrate.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { startPausableProxy } from "../helpers/tcp-proxy.ts";

const repoRoot = path.resolve(import.meta.dirname, "../..");
const bin = path.join(repoRoot, "bin/scholartrack.js");
const packageVersion = (
  JSON.parse(readFileSync(path.join(repoRoot, "package.json"), "utf8")) as { version: string }
).version;
const NO_SERVICES = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5439/none",
  REDIS_URL: "redis://127.0.0.1:6390",
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Starts the built CLI (the test setup builds dist/ when a source changed). */
function start(args: string[], env: Record<string, string> = {}, launcher = bin, nodeArgs: string[] = []) {
  const child = spawn(process.execPath, [...nodeArgs, launcher, ...args], {
    cwd: repoRoot,
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stderr = "";
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  const ended = new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  return { stdout: child.stdout, ended, stderr: () => stderr, kill: () => child.kill("SIGKILL") };
}

/** Runs the built CLI to its end. */
async function run(...startArgs: Parameters<typeof start>): Promise<Run> {
  const child = start(...startArgs);
  let stdout = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  return { code: await child.ended, stdout, stderr: child.stderr() };
}

/** Like `scholartrack ARGS | head -1`: reads the first line, then closes the pipe. */
async function firstLineThenClose(args: string[], env: Record<string, string>): Promise<Run> {
  const child = start(args, env);
  const lines = createInterface({ input: child.stdout });
  const first = await new Promise<string>((resolve) => lines.once("line", resolve));
  lines.close();
  child.stdout.destroy();
  return { code: await child.ended, stdout: first, stderr: child.stderr() };
}

/** The packages a command line loads (those its ESM code imports by name), recorded by a resolve hook. */
async function packagesLoadedBy(args: string[], env: Record<string, string> = {}): Promise<string[]> {
  const record = path.join(mkdtempSync(path.join(os.tmpdir(), "scholartrack-imports-")), "imports.txt");
  writeFileSync(record, "");
  const hooks = `import { appendFileSync } from "node:fs";
    export async function resolve(specifier, context, next) {
      if (/^[@a-z][^:]*$/.test(specifier)) appendFileSync(${JSON.stringify(record)}, specifier + "\\n");
      return next(specifier, context);
    }`;
  const register = `import { register } from "node:module"; register(${JSON.stringify(
    `data:text/javascript,${encodeURIComponent(hooks)}`,
  )});`;
  const result = await run(args, env, bin, [
    "--import",
    `data:text/javascript,${encodeURIComponent(register)}`,
  ]);
  expect(result.code).toBe(0);
  const packages = readFileSync(record, "utf8").split("\n").filter(Boolean);
  rmSync(path.dirname(record), { recursive: true, force: true });
  return [
    ...new Set(
      packages.map((specifier) =>
        specifier
          .split("/")
          .slice(0, specifier.startsWith("@") ? 2 : 1)
          .join("/"),
      ),
    ),
  ];
}

describe("the scholartrack process", () => {
  let testDb: TestDatabase;
  let dir: string;

  beforeAll(async () => {
    dir = mkdtempSync(path.join(os.tmpdir(), "scholartrack-process-"));
    testDb = await createTestDatabase();
  });

  afterAll(async () => {
    await testDb?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it("prints the package's version", async () => {
    for (const flag of ["--version", "-V"]) {
      expect(await run([flag])).toEqual({ code: 0, stdout: `${packageVersion}\n`, stderr: "" });
    }
  });

  it("shows the help without loading a database, queue or HTTP library", async () => {
    const help = await run(["--help"]);
    expect(help.code).toBe(0);
    expect(help.stdout).toMatch(/^Usage: scholartrack \[options\] \[command\]/);
    expect(help.stdout).toMatch(/\n {2}harvest \[options\] +Harvest publications/);
    expect(help.stderr).toBe("");
    expect(await packagesLoadedBy(["--help"])).toEqual(["commander"]);
  });

  it("answers health with plain Postgres and Redis connections, not Prisma, ioredis or BullMQ", async () => {
    const health = await run(["health"], { DATABASE_URL: testDb.url });
    expect(health).toEqual({ code: 0, stdout: "ok: postgres and redis answer\n", stderr: "" });
    const loaded = await packagesLoadedBy(["health"], { DATABASE_URL: testDb.url });
    expect(loaded).toContain("pg");
    for (const heavy of ["@prisma/client", "@prisma/adapter-pg", "ioredis", "bullmq", "axios"]) {
      expect(loaded).not.toContain(heavy);
    }
  });

  it("exits 2 on a usage error, after saying what was wrong", async () => {
    const unknownOption = await run(["harvest", "--bogus"]);
    expect(unknownOption.code).toBe(2);
    expect(unknownOption.stderr).toMatch(/^error: unknown option '--bogus'/);
    const unknownCommand = await run(["harvst"]);
    expect(unknownCommand.code).toBe(2);
    expect(unknownCommand.stderr).toMatch(/^error: unknown command 'harvst'\n\(Did you mean harvest\?\)/);
    const noCommand = await run([]);
    expect(noCommand.code).toBe(2);
    expect(noCommand.stderr).toMatch(/^Usage: scholartrack/);
    const badValue = await run(["health", "--timeout", "soon"]);
    expect(badValue.code).toBe(2);
    expect(badValue.stderr).toMatch(/must be a positive number of milliseconds/);
  });

  it("exits 2 on a bad configuration, naming the variable", async () => {
    const result = await run(["health"], { QUEUE_PREFIX: "has spaces" });
    expect(result).toEqual({
      code: 2,
      stdout: "",
      stderr: 'Invalid configuration:\n  QUEUE_PREFIX: letters, digits, - and _ only (got "has spaces")\n',
    });
  });

  it("exits 1 when a service is down, saying which and how to start it, without a stack", async () => {
    const result = await run(["health"], NO_SERVICES);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(
      /^Error: Cannot reach PostgreSQL at postgresql:\/\/postgres@127.0.0.1:5439\/none/,
    );
    expect(result.stderr).toMatch(/\nCannot reach Redis at redis:\/\/127.0.0.1:6390 \(connect ECONNREFUSED/);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });

  it("exits 1 after a fatal error with Redis up and PostgreSQL unreachable, leaving no connection open", async () => {
    const commands = [
      ["harvest", "--all"],
      ["harvest", "--faculty", "F001"],
      ["schedule", "--list"],
      ["runs"],
      ["runs", "close", "run-x", "--reason", "stuck"],
      ["worker"],
    ];
    // Redis answers only after Postgres has failed: its connection was once left open behind the error.
    const slowRedis = await startPausableProxy(6379, { connectDelayMs: 500 });
    const results = await Promise.all(
      commands.map(async (args) => {
        const child = start(args, {
          DATABASE_URL: NO_SERVICES.DATABASE_URL,
          REDIS_URL: slowRedis.urlFor("redis://127.0.0.1:6379"),
          QUEUE_PREFIX: `test-${randomUUID()}`,
        });
        // A command that hangs is killed, and then has no exit code.
        const killer = setTimeout(() => child.kill(), 20_000);
        const code = await child.ended;
        clearTimeout(killer);
        return { args: args.join(" "), code, stderr: child.stderr() };
      }),
    );
    for (const result of results) {
      expect(result, result.args).toMatchObject({ code: 1 });
      expect(result.stderr, result.args).toMatch(
        /^Error: Cannot reach PostgreSQL at postgresql:\/\/postgres@127.0.0.1:5439\/none/,
      );
      // It ended by closing its connections, not by the last-resort timer.
      expect(result.stderr, result.args).not.toMatch(/connections still open/);
    }
    await slowRedis.close();
  }, 60_000);

  it("exits 1 when the database has no schema yet", async () => {
    const name = `scholartrack_test_${randomUUID().replace(/-/g, "").slice(0, 16)}`;
    const url = testDb.url.replace(/[^/]+$/, name);
    await ensureDatabase(url);
    try {
      const result = await run(["health"], { DATABASE_URL: url });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/has no ScholarTrack schema yet. Run `scholartrack migrate` first/);
    } finally {
      const admin = new pg.Client({ connectionString: testDb.url.replace(/[^/]+$/, "postgres") });
      await admin.connect();
      await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await admin.end();
    }
  });

  it("gives up on services that accept connections but never answer, within --timeout", async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
    const port = (silent.address() as AddressInfo).port;
    try {
      const result = await run(["health", "--timeout", "300"], {
        DATABASE_URL: `postgresql://postgres@127.0.0.1:${port}/none`,
        REDIS_URL: `redis://127.0.0.1:${port}`,
      });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(/Cannot reach PostgreSQL .*timeout/);
      expect(result.stderr).toMatch(/Cannot reach Redis .*no answer within 300 ms/);
    } finally {
      silent.close();
    }
  });

  it("parses a large file on worker threads, which load the built parser", async () => {
    const fixture = readFileSync(path.join(repoRoot, "tests/fixtures/pubmed/links-and-grants.xml"), "utf8");
    const articles = [...fixture.matchAll(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g)].map((m) => m[0]);
    const big: string[] = [];
    // Past the size below which the set is parsed on the calling thread.
    for (let i = 0, size = 0; size < 5 << 20; i += 1) {
      big.push(
        articles[i % articles.length]!.replace(
          /<PMID Version="1">\d+</,
          `<PMID Version="1">${1_000_000 + i}<`,
        ),
      );
      size += big.at(-1)!.length;
    }
    const file = path.join(dir, "big-efetch.xml");
    writeFileSync(
      file,
      `<?xml version="1.0" ?>\n<PubmedArticleSet>\n${big.join("\n")}\n</PubmedArticleSet>\n`,
    );
    const [threaded, single] = await Promise.all([
      run(["parse", "pubmed", file, "--threads", "2"]),
      run(["parse", "pubmed", file, "--threads", "1"]),
    ]);
    expect({ code: threaded.code, stderr: threaded.stderr }).toEqual({ code: 0, stderr: "" });
    expect((JSON.parse(threaded.stdout) as unknown[]).length).toBe(big.length);
    expect(threaded.stdout).toBe(single.stdout);
  });

  it("ends quietly when the reader closes the pipe early (| head -1)", async () => {
    const roster = path.join(dir, "roster.csv");
    const rows = Array.from(
      { length: 3000 },
      (_, i) => `F${String(i).padStart(5, "0")},Lastname${i},Firstname${i}`,
    );
    writeFileSync(roster, `faculty_id,last_name,first_name\n${rows.join("\n")}\n`);
    const imported = await run(["faculty", "import", roster], { DATABASE_URL: testDb.url });
    expect(imported.stdout).toBe("created 3000, updated 0, unchanged 0, skipped 0\n");

    for (const format of ["table", "json"]) {
      const listed = await firstLineThenClose(["faculty", "list", "--format", format], {
        DATABASE_URL: testDb.url,
      });
      expect(listed.stdout).not.toBe("");
      expect({ code: listed.code, stderr: listed.stderr }).toEqual({ code: 0, stderr: "" });
    }
    const help = await firstLineThenClose(["--help"], {});
    expect({ first: help.stdout, code: help.code, stderr: help.stderr }).toEqual({
      first: "Usage: scholartrack [options] [command]",
      code: 0,
      stderr: "",
    });
  });
});

describe("the launcher, bin/scholartrack.js", () => {
  let layout: string;
  let launcher: string;

  beforeAll(() => {
    layout = mkdtempSync(path.join(os.tmpdir(), "scholartrack-launcher-"));
    launcher = path.join(layout, "bin/scholartrack.js");
    mkdirSync(path.join(layout, "bin"));
    copyFileSync(bin, launcher);
    mkdirSync(path.join(layout, "scripts"));
    copyFileSync(path.join(repoRoot, "scripts/build-state.js"), path.join(layout, "scripts/build-state.js"));
  });

  afterAll(() => rmSync(layout, { recursive: true, force: true }));

  it("says to run the build, and exits 2, when there is none", async () => {
    expect(await run(["--help"], {}, launcher)).toEqual({
      code: 2,
      stdout: "",
      stderr:
        "scholartrack: the compiled CLI (dist/) is missing. Run `npm run build` (`npm ci` runs it too).\n",
    });
  });

  it("runs the build, and in a checkout warns when a source changed since it was made", async () => {
    mkdirSync(path.join(layout, "src/cli"), { recursive: true });
    mkdirSync(path.join(layout, "dist/src/cli"), { recursive: true });
    writeFileSync(path.join(layout, "src/cli/main.ts"), "// the source\n");
    writeFileSync(
      path.join(layout, "dist/src/cli/main.js"),
      'export async function run() { process.stdout.write("built\\n"); }\n',
    );
    const past = new Date(Date.now() - 60_000);
    utimesSync(path.join(layout, "src/cli/main.ts"), past, past);
    mkdirSync(path.join(layout, ".git"));
    expect(await run([], {}, launcher)).toEqual({ code: 0, stdout: "built\n", stderr: "" });

    writeFileSync(path.join(layout, "src/cli/main.ts"), "// the source, edited\n");
    const stale = await run([], {}, launcher);
    expect(stale.stdout).toBe("built\n");
    expect(stale.stderr).toBe(
      "scholartrack: warning: 1 source file(s) changed since the last build (src/cli/main.ts); " +
        "this runs the old build. Run `npm run build`.\n",
    );

    // An installed copy, not a checkout: its sources are not edited, and are not looked at.
    rmSync(path.join(layout, ".git"), { recursive: true });
    expect(await run([], {}, launcher)).toEqual({ code: 0, stdout: "built\n", stderr: "" });
  });
});
