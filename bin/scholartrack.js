#!/usr/bin/env node
// Runs the compiled CLI in dist/ (`npm run build`, which `npm ci` runs too). Compiling the
// TypeScript sources at every start took about a second; the build starts in a fraction of it.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const entry = new URL("../dist/src/cli/main.js", import.meta.url);

if (!existsSync(entry)) {
  process.stderr.write(
    "scholartrack: the compiled CLI (dist/) is missing. Run `npm run build` (`npm ci` runs it too).\n",
  );
  process.exit(2);
}

// In a checkout, a source edited since the build would silently run in its old version. (An
// installed copy is never edited, and skips the few milliseconds this takes.)
const stale = existsSync(new URL("../.git", import.meta.url))
  ? (await import("../scripts/build-state.js")).staleSources(root)
  : [];
if (stale.length > 0) {
  process.stderr.write(
    `scholartrack: warning: ${stale.length} source file(s) changed since the last build (${stale[0]}` +
      `${stale.length > 1 ? ", ..." : ""}); this runs the old build. Run \`npm run build\`.\n`,
  );
}

// An unexpected error's stack then names the TypeScript sources' lines (tsc writes the maps).
process.setSourceMapsEnabled(true);
const { run } = await import(entry.href);
await run();
