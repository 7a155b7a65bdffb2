import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

/**
 * True when the TypeScript sources run (tsx, vitest), false in the build (dist/, `npm run build`).
 * Files that are opened rather than imported, such as a worker thread's module, depend on it.
 */
export const RUNS_FROM_SOURCES = import.meta.url.endsWith(".ts");

/**
 * The folder holding package.json, config/ and prisma/. Found by walking up, because this module
 * runs from src/ and, built, from dist/src/.
 */
export const PROJECT_ROOT = findProjectRoot(path.dirname(fileURLToPath(import.meta.url)));

function findProjectRoot(start: string): string {
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, "package.json"))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`No package.json in ${start} or above it`);
  }
}

/** A file or folder of the project, e.g. `projectPath("config", "classification.json")`. */
export function projectPath(...segments: string[]): string {
  return path.join(PROJECT_ROOT, ...segments);
}

/** The URL of a module beside `moduleUrl`, for code that opens it by name (worker threads). */
export function siblingModuleUrl(moduleUrl: string, baseName: string): string {
  return new URL(`./${baseName}${RUNS_FROM_SOURCES ? ".ts" : ".js"}`, moduleUrl).href;
}
