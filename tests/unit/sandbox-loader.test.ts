import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { importSandbox, SandboxUnavailableError } from "../../src/cli/sandbox-loader.ts";

const run = promisify(execFile);
const repoRoot = path.resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(path.join(os.tmpdir(), "sandbox-loader-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs the real command in a process of its own, with the sandbox looked for in `sandboxDir`. */
async function cli(
  args: string[],
  sandboxDir: string,
): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(
      process.execPath,
      [path.join(repoRoot, "bin/scholartrack.js"), ...args],
      {
        cwd: repoRoot,
        env: { ...process.env, SCHOLARTRACK_SANDBOX_DIR: sandboxDir, LOG_LEVEL: "silent" },
      },
    );
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

/** A sandbox folder (`where` in a checkout) whose demo needs a package that cannot be found from there. */
function sandboxWithoutItsPackages(checkout: string, where: string): string {
  const root = path.join(dir, checkout);
  const sandboxDir = path.join(root, where);
  mkdirSync(path.join(sandboxDir, "cli"), { recursive: true });
  writeFileSync(path.join(root, "package.json"), JSON.stringify({ type: "module" }));
  // JavaScript, as the built CLI (which bin/scholartrack.js runs) loads the sandbox's modules.
  writeFileSync(
    path.join(sandboxDir, "cli", "demo.js"),
    'import { Faker } from "@faker-js/faker";\nexport const runDemo = () => Faker;\n',
  );
  return sandboxDir;
}

describe("loading the sandbox", () => {
  it("loads the checkout's sandbox modules", async () => {
    const serve = await importSandbox<{ serveSandbox: unknown }>("cli/serve");
    expect(typeof serve.serveSandbox).toBe("function");
  });

  it("says the sandbox is not installed when its folder is missing, with exit code 2", async () => {
    const missing = path.join(dir, "no-sandbox");
    const failure = importSandbox("cli/demo", missing);
    await expect(failure).rejects.toBeInstanceOf(SandboxUnavailableError);
    await expect(failure).rejects.toMatchObject({ exitCode: 2 });
    await expect(failure).rejects.toThrow(`${missing} is missing`);
  });

  it("says which sandbox module is missing from an incomplete folder", async () => {
    await expect(importSandbox("cli/demo", dir)).rejects.toThrow(/The sandbox in .* is incomplete/);
  });
});

describe("scholartrack demo and sandbox serve without the sandbox", () => {
  it("demo says what to run instead, without a stack trace, and exits 2", async () => {
    const missing = path.join(dir, "no-sandbox");
    const result = await cli(["demo"], missing);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toContain(
      `Error: The demo and the API sandboxes are not installed here: ${missing} is missing.`,
    );
    expect(result.stderr).toContain("`npm ci`");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("sandbox serve says the same", async () => {
    const result = await cli(["sandbox", "serve", "--faculty", "2"], path.join(dir, "no-sandbox"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain("The demo and the API sandboxes are not installed here");
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("names the development package that is missing and the command that installs it", async () => {
    const sandboxDir = sandboxWithoutItsPackages("checkout", "sandbox");
    const result = await cli(["demo"], sandboxDir);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(
      "The demo and the API sandboxes need the package @faker-js/faker, which is not installed",
    );
    expect(result.stderr).toContain(`run \`npm ci\` in ${path.join(dir, "checkout")}.`);
    expect(result.stderr).not.toMatch(/^\s+at /m);
  });

  it("names the checkout to install in when the sandbox is a build's, below it", async () => {
    const result = await cli(["demo"], sandboxWithoutItsPackages("built", "dist/sandbox"));
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`run \`npm ci\` in ${path.join(dir, "built")}.`);
  });

  it("still lists both commands and their options in the help", async () => {
    const result = await cli(["--help"], path.join(dir, "no-sandbox"));
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\s+demo \[options\]/m);
    expect(result.stdout).toMatch(/^\s+sandbox /m);
  });
});
