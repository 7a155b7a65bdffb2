import axios from "axios";
import { Command } from "commander";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { registerSandboxCommands } from "../../src/cli/sandbox.ts";
import { CliContext } from "../../src/cli/context.ts";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";

function capture(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  let text = "";
  stream.on("data", (chunk: Buffer) => (text += chunk.toString()));
  return { stream, text: () => text };
}

async function waitFor(check: () => boolean, timeoutMs = 10_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > until) throw new Error("timed out");
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("scholartrack sandbox serve", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "sandbox-cli-"));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it("serves the division, writes its roster, says how to use it, and stops on SIGINT", async () => {
    const out = capture();
    const ctx = new CliContext(out.stream, new PassThrough());
    const program = new Command("scholartrack").exitOverride();
    registerSandboxCommands(program, ctx);
    const rosterPath = path.join(dir, "roster.csv");

    const running = program.parseAsync(
      [
        "sandbox",
        "serve",
        "--faculty",
        "5",
        "--seed",
        "8",
        "--port",
        "0",
        "--api-key",
        "demo-key",
        "--roster-out",
        rosterPath,
      ],
      {
        from: "user",
      },
    );
    await waitFor(() => out.text().includes("Press Ctrl+C"));
    const url = /Listening at (\S+)/.exec(out.text())![1]!;
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/entrez\/eutils$/);
    expect(out.text()).toContain(`export PUBMED_EUTILS_URL=${url}`);
    expect(out.text()).toContain("export NCBI_API_KEY=demo-key");
    expect(readFileSync(rosterPath, "utf8")).toBe(rosterCsv(generateDivision({ facultyCount: 5, seed: 8 })));

    const response = await axios.get(`${url}/esearch.fcgi`, {
      params: { db: "pubmed", term: '"Smith J"[au]', retmode: "json", api_key: "demo-key" },
    });
    expect(
      Number((response.data as { esearchresult: { count: string } }).esearchresult.count),
    ).toBeGreaterThan(0);

    process.emit("SIGINT");
    await running;
    expect(out.text()).toMatch(/Stopped after 1 request \(0 refused for rate/);
    await ctx.close();
    await expect(axios.get(`${url}/esearch.fcgi`, { timeout: 2_000 })).rejects.toThrow();
  });

  it("rejects a port that is not one", async () => {
    const ctx = new CliContext(new PassThrough(), new PassThrough());
    const program = new Command("scholartrack").exitOverride().configureOutput({ writeErr: () => undefined });
    registerSandboxCommands(program, ctx);
    await expect(
      program.parseAsync(["sandbox", "serve", "--port", "70000"], { from: "user" }),
    ).rejects.toThrow(/--port must be a whole number/);
  });
});
