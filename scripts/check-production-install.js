#!/usr/bin/env node
// `npm run check:production`: lays out the container image's runtime stage in a temporary folder
// without Docker (the Dockerfile's COPY lines, its `npm ci` line, the build from dist/), then
// checks that no development dependency was installed and that the CLI runs there: `--help`,
// `--version`, `health` (against DATABASE_URL and REDIS_URL, when `--with-services`), and the
// demo saying what to install (exit 2). It needs the npm registry or npm's cache.
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Copy, DockerfileParser, From } from "dockerfile-ast";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const withServices = process.argv.includes("--with-services");
/** @type {string[]} */
const failures = [];

/**
 * @param {boolean} condition
 * @param {string} what
 */
function check(condition, what) {
  console.log(`${condition ? "ok  " : "FAIL"} ${what}`);
  if (!condition) failures.push(what);
}

/**
 * @param {string} command
 * @param {string[]} args
 * @param {string} cwd
 * @param {Record<string, string>} [env]
 */
function run(command, args, cwd, env = {}) {
  return spawnSync(command, args, { cwd, encoding: "utf8", env: { ...process.env, ...env } });
}

/** @returns {{ version: string, devDependencies: Record<string, string> }} */
function readManifest() {
  /** @type {unknown} */
  const manifest = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
  if (
    typeof manifest !== "object" ||
    manifest === null ||
    !("version" in manifest) ||
    !("devDependencies" in manifest)
  ) {
    throw new Error("package.json has no version or devDependencies");
  }
  return /** @type {{ version: string, devDependencies: Record<string, string> }} */ (manifest);
}

/** The last stage's instructions: the image itself. */
function runtimeStage() {
  const instructions = DockerfileParser.parse(
    readFileSync(path.join(root, "Dockerfile"), "utf8"),
  ).getInstructions();
  const from = instructions.findLastIndex((instruction) => instruction instanceof From);
  return instructions.slice(from + 1);
}

const build = run(process.execPath, [path.join(root, "scripts", "build.js"), "--if-stale"], root);
if (build.status !== 0) throw new Error(`the build failed:\n${build.stdout}${build.stderr}`);

const app = mkdtempSync(path.join(tmpdir(), "scholartrack-image-"));
try {
  for (const instruction of runtimeStage()) {
    if (instruction instanceof Copy) {
      const words = instruction.getArguments().map((argument) => argument.getValue());
      const destination = words.at(-1) ?? "";
      const fromBuild = instruction.getFromFlag() !== null;
      for (const source of words.slice(0, -1)) {
        // The build stage's /app/dist/... is this checkout's dist/...
        const from = path.join(root, fromBuild ? source.replace(/^\/app\//, "") : source);
        const target = path.join(app, destination, destination.endsWith("/") ? path.basename(source) : "");
        mkdirSync(path.dirname(target), { recursive: true });
        cpSync(from, target, { recursive: true });
      }
    } else if (
      instruction.getKeyword() === "RUN" &&
      /\bnpm ci\b/.test(instruction.getArgumentsContent() ?? "")
    ) {
      // Only the install: the image's cache cleaning would empty this machine's npm cache.
      const install =
        (instruction.getArgumentsContent() ?? "")
          .split("&&")
          .map((part) => part.trim())
          .find((part) => part.startsWith("npm ci")) ?? "npm ci";
      const args = install.split(/\s+/).slice(1);
      console.log(`npm ${args.join(" ")} --prefer-offline`);
      const result = run("npm", [...args, "--prefer-offline"], app, { NODE_ENV: "production" });
      check(
        result.status === 0,
        `npm ${args.join(" ")} succeeds${result.status === 0 ? "" : `:\n${result.stderr}`}`,
      );
    }
  }

  const manifest = readManifest();
  const devInstalled = Object.keys(manifest.devDependencies).filter((name) =>
    existsSync(path.join(app, "node_modules", name)),
  );
  check(
    devInstalled.length === 0,
    `no development dependency is installed (found: ${devInstalled.join(", ") || "none"})`,
  );
  check(
    !existsSync(path.join(app, "sandbox")) && !existsSync(path.join(app, "dist", "sandbox")),
    "no sandbox",
  );
  check(!existsSync(path.join(app, "src")), "no TypeScript sources");

  const cli = (/** @type {string[]} */ args) =>
    run(process.execPath, [path.join(app, "bin", "scholartrack.js"), ...args], app, { LOG_LEVEL: "silent" });
  const help = cli(["--help"]);
  check(help.status === 0 && help.stdout.includes("Usage: scholartrack"), "`scholartrack --help` runs");
  const version = cli(["--version"]);
  check(
    version.status === 0 && version.stdout.trim() === manifest.version,
    "`scholartrack --version` prints the version",
  );
  const demo = cli(["demo"]);
  check(
    demo.status === 2 && demo.stderr.includes("not installed here"),
    "`scholartrack demo` says the sandbox is not installed (exit 2)",
  );
  if (withServices) {
    const health = cli(["health"]);
    check(
      health.status === 0,
      `\`scholartrack health\` passes${health.status === 0 ? "" : `: ${health.stderr}`}`,
    );
  }
} finally {
  rmSync(app, { recursive: true, force: true });
}

if (failures.length > 0) {
  console.error(`${failures.length} check(s) failed`);
  process.exit(1);
}
