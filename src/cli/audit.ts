import { Option, type Command } from "commander";
import { stringify } from "csv-stringify/sync";
import { SYSTEM_ACTOR } from "../access/actor.ts";
import { readAudit } from "../services/audit.ts";
import type { CliContext } from "./context.ts";

const FORMATS = ["csv", "json"] as const;

export function registerAuditCommands(program: Command, ctx: CliContext): void {
  const audit = program.command("audit").description("The audit log: sign-ins, decisions, tokens");
  audit
    .command("export")
    .description("Every audit event, oldest first")
    .addOption(new Option("--format <format>", "output format").choices(FORMATS).default("csv"))
    .action(async (options: { format: (typeof FORMATS)[number] }) => {
      const lines = await readAudit(await ctx.db(), SYSTEM_ACTOR);
      if (options.format === "json") {
        ctx.print(JSON.stringify(lines, null, 2));
        return;
      }
      ctx.out.write(
        stringify(
          lines.map((line) => ({ ...line, details: line.details ? JSON.stringify(line.details) : "" })),
          { header: true, columns: ["id", "at", "actor", "kind", "subject", "details"] },
        ),
      );
    });
}
