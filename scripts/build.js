#!/usr/bin/env node
// `npm run build`: compiles src/, workers/ and sandbox/ to JavaScript in dist/ (tsconfig.build.json),
// which bin/scholartrack.js runs. `--if-stale` builds only when a source is newer than its
// compiled file (the test setup and the benchmarks use it).
//
// It emits without type checking (`tsc --noCheck`, twice as fast): each file compiles on its own
// (`isolatedModules`), and `npm run typecheck` is what checks the types, as `npm run check` and CI do.
import { rmSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { staleSources } from "./build-state.js";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");

if (process.argv.includes("--if-stale") && staleSources(root).length === 0) process.exit(0);

// Start clean, so that no module deleted from the sources lingers in the build.
rmSync(path.join(root, "dist"), { recursive: true, force: true });
const tsc = createRequire(import.meta.url).resolve("typescript/bin/tsc");
const result = spawnSync(process.execPath, [tsc, "-p", "tsconfig.build.json", "--noCheck"], {
  cwd: root,
  stdio: "inherit",
});
process.exit(result.status ?? 1);
