import { spawnSync } from "node:child_process";
import path from "node:path";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "../..");

/** Rebuilds dist/ when a source is newer than its compiled file; tests that start the CLI run the build. */
function buildIfStale(): void {
  const result = spawnSync(process.execPath, ["scripts/build.js", "--if-stale"], {
    cwd: root,
    stdio: "inherit",
  });
  if (result.status !== 0) {
    throw new Error("`npm run build` failed: the tests that start the CLI would run an old build");
  }
}

export default function setup(project: TestProject): void {
  buildIfStale();
  // In watch mode, a rerun after an edit must not start the CLI from the build made before it.
  // Every project runs this file; one rebuild per rerun is enough (they would race).
  if (project.isRootProject()) project.onTestsRerun(() => buildIfStale());
}
