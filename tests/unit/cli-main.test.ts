import { CommanderError } from "commander";
import { describe, expect, it } from "vitest";
import { CliContext } from "../../src/cli/context.ts";
import { COMMAND_MODULES, listCommands, newProgram, reportError } from "../../src/cli/main.ts";
import { ConfigError, UserError } from "../../src/errors.ts";
import { Capture } from "../helpers/cli.ts";

describe("the top-level help", () => {
  it("lists every command as the command modules register it, without loading them", async () => {
    const everyCommand = newProgram();
    const ctx = new CliContext(new Capture(), new Capture());
    for (const module of COMMAND_MODULES) (await module.load())(everyCommand, ctx);
    expect(listCommands(newProgram()).helpInformation()).toBe(everyCommand.helpInformation());
  });
});

describe("exit codes", () => {
  function report(error: unknown): { code: number; err: string } {
    const err = new Capture();
    return { code: reportError(error, err), err: err.text };
  }

  it("gives 2 for a usage error commander has already explained, 0 for help and --version", () => {
    expect(report(new CommanderError(1, "commander.unknownOption", "error: unknown option '--x'"))).toEqual({
      code: 2,
      err: "",
    });
    expect(report(new CommanderError(1, "commander.help", "(outputHelp)")).code).toBe(2);
    expect(report(new CommanderError(0, "commander.helpDisplayed", "(outputHelp)")).code).toBe(0);
    expect(report(new CommanderError(0, "commander.version", "0.1.0")).code).toBe(0);
  });

  it("gives 2 for a bad configuration, printed without a stack", () => {
    const result = report(new ConfigError("Invalid configuration:\n  QUEUE_PREFIX: letters"));
    expect(result).toEqual({ code: 2, err: "Invalid configuration:\n  QUEUE_PREFIX: letters\n" });
  });

  it("gives a person's error its own code (1 unless it says otherwise), printed without a stack", () => {
    expect(report(new UserError("No faculty member with id F404"))).toEqual({
      code: 1,
      err: "Error: No faculty member with id F404\n",
    });
    expect(report(new UserError("--since must be a four-digit year", 2)).code).toBe(2);
  });

  it("gives 1 for an unexpected error, with its stack for the bug report", () => {
    const result = report(new TypeError("x is undefined"));
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^Unexpected error: TypeError: x is undefined\n\s+at /);
  });
});
