import { spawn } from "node:child_process";
import path from "node:path";
import { Readable, Writable } from "node:stream";
import { Command, CommanderError } from "commander";
import { CliContext } from "../../src/cli/context.ts";
import { UserError } from "../../src/errors.ts";

export class Capture extends Writable {
  text = "";
  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

export interface CommandResult {
  code: number;
  out: string;
  err: string;
}

/** Runs `scholartrack <args>` in this process, the way main() does, with output captured. */
export async function runCommand(
  register: (program: Command, ctx: CliContext) => void,
  args: string[],
  input?: string,
): Promise<CommandResult> {
  const out = new Capture();
  const err = new Capture();
  const ctx = new CliContext(out, err);
  if (input !== undefined) ctx.input = Readable.from([input]);
  const program = new Command("scholartrack")
    .enablePositionalOptions()
    .exitOverride()
    .configureOutput({ writeOut: (text) => out.write(text), writeErr: (text) => err.write(text) });
  register(program, ctx);
  let code: number;
  try {
    await program.parseAsync(args, { from: "user" });
    code = ctx.exitCode;
  } catch (error) {
    if (error instanceof UserError) {
      ctx.warn(`Error: ${error.message}`);
      code = error.exitCode;
    } else if (error instanceof CommanderError) {
      code = error.exitCode;
    } else {
      throw error;
    }
  } finally {
    await ctx.close();
  }
  return { code, out: out.text, err: err.text };
}

const builtCli = path.resolve(import.meta.dirname, "../../bin/scholartrack.js");

/** Runs the built CLI (`bin/scholartrack.js`; the test setup builds dist/ when a source changed) to its end. */
export function runBuiltCli(
  args: string[],
  env: Record<string, string> = {},
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, [builtCli, ...args], {
    cwd: path.dirname(path.dirname(builtCli)),
    env: { ...process.env, LOG_LEVEL: "silent", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once("error", reject);
    child.once("close", (code) => resolve({ code, stdout, stderr }));
  });
}
