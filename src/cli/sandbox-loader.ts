import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { UserError } from "../errors.ts";

/*
 * The demo and `sandbox serve` run code from the repository's top-level sandbox/ folder (the
 * generated division and the API sandboxes), which the product never imports: production installs
 * leave it out, and its development dependencies with it. The CLI loads it by path when one of
 * those commands runs, and says what to install when it cannot.
 */

const here = fileURLToPath(import.meta.url);

/** sandbox/ beside src/, in the checkout or in the build's output alike (src/cli/ is two levels down). */
export const DEFAULT_SANDBOX_DIR = path.resolve(path.dirname(here), "../../sandbox");

/** The sandbox is loaded in the form the CLI itself runs in: TypeScript sources, or the build's JavaScript. */
const MODULE_EXTENSION = path.extname(here);

/** The demo or the API sandboxes cannot run in this installation; the message says what to install. */
export class SandboxUnavailableError extends UserError {
  override name = "SandboxUnavailableError";
  constructor(message: string) {
    super(message, 2);
  }
}

/**
 * Loads a module of the sandbox, e.g. `cli/demo` (without extension), from `sandboxDir`
 * (default: the checkout's sandbox/ folder). Throws SandboxUnavailableError when the folder, the
 * module or one of the packages it needs is missing.
 */
export async function importSandbox<T>(modulePath: string, sandboxDir = DEFAULT_SANDBOX_DIR): Promise<T> {
  const dir = path.resolve(sandboxDir);
  if (!existsSync(dir)) {
    throw new SandboxUnavailableError(
      `The demo and the API sandboxes are not installed here: ${dir} is missing. They are ` +
        "development tools that production installs leave out: run them from a checkout of " +
        "ScholarTrack after `npm ci`, or set SCHOLARTRACK_SANDBOX_DIR to where the sandbox is.",
    );
  }
  const file = path.join(dir, `${modulePath}${MODULE_EXTENSION}`);
  try {
    return (await import(/* @vite-ignore */ pathToFileURL(file).href)) as T;
  } catch (error) {
    const missing = missingModule(error);
    if (missing === undefined) throw error;
    if (isPackageName(missing)) {
      throw new SandboxUnavailableError(
        `The demo and the API sandboxes need the package ${missing}, which is not installed ` +
          "(a production install, `npm ci --omit=dev`, leaves out development dependencies): " +
          `run \`npm ci\` in ${projectRoot(dir)}.`,
      );
    }
    throw new SandboxUnavailableError(
      `The sandbox in ${dir} is incomplete (${missing} is missing): restore it from a checkout ` +
        "of ScholarTrack and run `npm ci` again.",
    );
  }
}

/** The folder of the package.json above `dir`: the checkout, whether the sandbox is its sources or its build. */
function projectRoot(dir: string): string {
  for (let folder = path.dirname(dir); ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "package.json"))) return folder;
    if (path.dirname(folder) === folder) return path.dirname(dir);
  }
}

/** The package or file a failed import could not find, or undefined for any other failure. */
function missingModule(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (code !== "ERR_MODULE_NOT_FOUND" && code !== "MODULE_NOT_FOUND") return undefined;
  const message = (error as Error).message;
  const named = /Cannot find (?:package|module) '([^']+)'/.exec(message);
  return named?.[1] ?? message;
}

/** A bare specifier ("fastify", "@faker-js/faker"), not a path or URL. */
function isPackageName(specifier: string): boolean {
  return /^(@[a-z0-9][\w.-]*\/)?[a-z0-9][\w.-]*$/i.test(specifier);
}
