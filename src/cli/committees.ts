import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../access/actor.ts";
import { addCommittee, addMember, setCandidates } from "../services/committees.ts";
import type { CliContext } from "./context.ts";

export function registerCommitteesCommands(program: Command, ctx: CliContext): void {
  const committees = program
    .command("committees")
    .description("Promotion committees: their members, and the candidates whose files they review");

  committees
    .command("add")
    .description("Add a committee")
    .argument("<name>", "the committee's name")
    .action(async (name: string) => {
      const created = await addCommittee(await ctx.db(), SYSTEM_ACTOR, name);
      ctx.print(created ? `committee "${name}" added` : `committee "${name}" exists already`);
    });

  committees
    .command("member")
    .description("Seat a committee user on a committee")
    .argument("<name>", "the committee")
    .requiredOption("--email <email>", "the user (role committee)")
    .action(async (name: string, options: { email: string }) => {
      await addMember(await ctx.db(), SYSTEM_ACTOR, name, options.email);
      ctx.print(`${options.email} sits on "${name}"`);
    });

  for (const assigned of [true, false]) {
    committees
      .command(assigned ? "assign" : "unassign")
      .description(
        assigned ? "Give a committee candidates whose files it reviews" : "Take candidates from a committee",
      )
      .argument("<name>", "the committee")
      .requiredOption("--faculty <ids...>", "the candidates' faculty ids")
      .action(async (name: string, options: { faculty: string[] }) => {
        await setCandidates(await ctx.db(), SYSTEM_ACTOR, name, options.faculty, assigned);
        ctx.print(
          `${options.faculty.length} candidate(s) ${assigned ? "assigned to" : "taken from"} "${name}"`,
        );
      });
  }
}
