import type { Command } from "commander";
import { UsageError } from "../errors.ts";
import type { CliContext } from "./context.ts";
import { DEFAULT_DIVISION_SEED } from "./sandbox.ts";
import { importSandbox } from "./sandbox-loader.ts";
import { parsePort } from "./web.ts";

export interface DemoOptions {
  faculty: number;
  seed: number;
  /** Keep the web app up over the demo database afterwards, until SIGINT or SIGTERM. */
  serve?: boolean;
  host?: string;
  port?: number;
}

/** What sandbox/cli/demo provides. */
interface DemoModule {
  runDemo(ctx: CliContext, options: DemoOptions): Promise<void>;
}

function positiveInteger(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new UsageError(`${flag} must be a positive whole number`);
    return Number(value);
  };
}

/** `scholartrack demo`: its implementation is the sandbox's, loaded only when the command runs. */
export function registerDemoCommand(program: Command, ctx: CliContext): void {
  program
    .command("demo")
    .description("Harvest a generated fictional division end to end against a local E-utilities sandbox")
    .option("--faculty <n>", "faculty in the fictional division", positiveInteger("--faculty"), 30)
    .option("--seed <n>", "seed of the generated division", positiveInteger("--seed"), DEFAULT_DIVISION_SEED)
    .option("--serve", "then serve the web app over the demo database, with a sign-in for each role")
    .option("--host <host>", "with --serve: address to listen on (default: WEB_HOST, else 127.0.0.1)")
    .option("--port <port>", "with --serve: port to listen on (default: WEB_PORT, else 3000)", parsePort)
    .action(async (options: DemoOptions) => {
      const demo = await importSandbox<DemoModule>("cli/demo", ctx.config.SCHOLARTRACK_SANDBOX_DIR);
      await demo.runDemo(ctx, options);
    });
}
