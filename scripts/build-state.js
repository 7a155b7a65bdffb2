// Whether dist/ holds a build of the current sources. Shared by the CLI's launcher (which warns),
// `npm run build -- --if-stale` (which rebuilds) and the test setup (which builds before any test
// runs the CLI). Plain JavaScript: it must run before anything is built.
import { readdirSync, statSync } from "node:fs";
import path from "node:path";

/** The folders tsconfig.build.json compiles, mirrored under dist/. */
export const SOURCE_DIRS = ["src", "workers", "sandbox"];

/**
 * The sources (paths relative to `root`) whose compiled file in dist/ is missing or older than
 * they are. Comparing each pair, rather than against one stamp, keeps `tsc --watch` builds fresh
 * too. It runs at every start of the CLI, hence the plain loops (a few milliseconds).
 * @param {string} root the project folder
 * @returns {string[]}
 */
export function staleSources(root) {
  /** @type {string[]} */
  const stale = [];
  /** @param {string} relativeDir */
  const visit = (relativeDir) => {
    for (const entry of readdirSync(path.join(root, relativeDir), { withFileTypes: true })) {
      const file = `${relativeDir}/${entry.name}`;
      if (entry.isDirectory()) visit(file);
      else if (file.endsWith(".ts") && !file.endsWith(".d.ts") && !isBuilt(root, file)) stale.push(file);
    }
  };
  for (const dir of SOURCE_DIRS) if (statSync(path.join(root, dir), { throwIfNoEntry: false })) visit(dir);
  return stale;
}

/**
 * @param {string} root
 * @param {string} file
 */
function isBuilt(root, file) {
  const built = statSync(path.join(root, "dist", file.replace(/\.ts$/, ".js")), { throwIfNoEntry: false });
  return built !== undefined && built.mtimeMs >= statSync(path.join(root, file)).mtimeMs;
}
