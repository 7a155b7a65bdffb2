#!/usr/bin/env node
// `npm ci`'s postinstall: in a checkout, generates the Prisma client and builds dist/
// (`npm run build`), which need the development dependencies (the Prisma CLI, TypeScript).
//
// A production install (`npm ci --omit=dev`, as the container image's runtime stage does) has no
// sources to build: it runs a dist/ built beforehand, which already holds the generated client,
// compiled. So where the sources or those tools are missing, this only checks that the build is there.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(path.join(root, "package.json"));

/** @param {string} request */
function resolves(request) {
  try {
    return require.resolve(request);
  } catch {
    return undefined;
  }
}

/**
 * @param {string[]} args
 * @param {NodeJS.ProcessEnv} [env]
 */
function run(args, env = process.env) {
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

const prismaCli = resolves("prisma/build/index.js");
const hasTypescript = resolves("typescript/bin/tsc") !== undefined;
const hasSources = ["prisma/schema.prisma", "src/cli/main.ts", "tsconfig.build.json"].every((file) =>
  existsSync(path.join(root, file)),
);

if (hasSources && prismaCli && hasTypescript) {
  // prisma.config.ts names DATABASE_URL; generating reads no database, so any URL does.
  const env = {
    ...process.env,
    DATABASE_URL: process.env.DATABASE_URL || "postgresql://postgres@127.0.0.1:5432/scholartrack",
  };
  run([prismaCli, "generate"], env);
  run([path.join(root, "scripts", "build.js")]);
} else if (existsSync(path.join(root, "dist", "src", "cli", "main.js"))) {
  process.stdout.write(
    `scholartrack: production install (${hasSources ? "no development dependencies" : "no sources"}): ` +
      "running the build in dist/ as it is.\n",
  );
} else {
  process.stderr.write(
    "scholartrack: there is no build in dist/, and it cannot be built here (it needs the sources and the " +
      "development dependencies). Run `npm ci` in a checkout, or copy dist/ from a build before " +
      "`npm ci --omit=dev`.\n",
  );
  process.exit(1);
}
