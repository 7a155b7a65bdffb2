import type { Command } from "commander";
import { SYSTEM_ACTOR } from "../access/actor.ts";
import { UserError } from "../errors.ts";
import { renderTable } from "../reports/table.ts";
import { addUser, createToken, disableUser, listUsers, revokeToken } from "../services/accounts.ts";
import type { CliContext } from "./context.ts";

interface AddOptions {
  email: string;
  name: string;
  role: string;
  faculty?: string;
  passwordStdin?: boolean;
}

export function registerUsersCommands(program: Command, ctx: CliContext): void {
  const users = program.command("users").description("Who may sign in to the web app, and their API tokens");

  users
    .command("add")
    .description("Add a user; mentors and faculty members are tied to their roster record with --faculty")
    .requiredOption("--email <email>", "their e-mail address (how they sign in)")
    .requiredOption("--name <name>", "their name as pages show it")
    .requiredOption("--role <role>", "admin, mentor, committee or faculty")
    .option("--faculty <id>", "their roster record (mentor and faculty)")
    .option(
      "--password-stdin",
      "read a local password from stdin (else they sign in through the identity provider)",
    )
    .action(async (options: AddOptions) => {
      const password = options.passwordStdin ? stripNewline(await ctx.readInput()) : undefined;
      if (options.passwordStdin && !password) throw new UserError("--password-stdin read no password", 2);
      const user = await addUser(await ctx.db(), SYSTEM_ACTOR, {
        email: options.email,
        name: options.name,
        role: options.role,
        ...(options.faculty !== undefined ? { facultyId: options.faculty } : {}),
        ...(password !== undefined ? { password } : {}),
      });
      ctx.print(`user ${user.id} added: ${user.email} (${user.role})`);
    });

  users
    .command("list")
    .description("Every user, with their role and whether they are disabled")
    .action(async () => {
      const rows = await listUsers(await ctx.db(), SYSTEM_ACTOR);
      if (rows.length === 0) {
        ctx.warn("No users yet: add one with `scholartrack users add`.");
        return;
      }
      ctx.print(
        renderTable(
          ["id", "email", "name", "role", "faculty", "password", "disabled"],
          rows.map((user) => [
            user.id,
            user.email,
            user.name,
            user.role,
            user.facultyId,
            user.hasPassword ? "yes" : "no",
            user.disabled ? "yes" : "",
          ]),
        ),
      );
    });

  users
    .command("disable")
    .description("Stop a user signing in; their API tokens stop working too")
    .argument("<email>", "the user's e-mail address")
    .action(async (email: string) => {
      const changed = await disableUser(await ctx.db(), SYSTEM_ACTOR, email);
      ctx.print(changed ? `${email} disabled` : `${email} was disabled already`);
    });

  const token = users.command("token").description("API tokens (Authorization: Bearer <token>)");

  token
    .command("create")
    .description("Create an API token for a user; it is printed once, and only its hash is kept")
    .requiredOption("--email <email>", "the user the token acts as")
    .option("--name <label>", "what the token is for")
    .action(async (options: { email: string; name?: string }) => {
      const created = await createToken(await ctx.db(), SYSTEM_ACTOR, {
        email: options.email,
        ...(options.name !== undefined ? { label: options.name } : {}),
      });
      ctx.warn(`token ${created.id} created; it is shown only now:`);
      ctx.print(created.token);
    });

  token
    .command("revoke")
    .description("Revoke an API token by its id")
    .argument("<id>", "the token id `users token create` printed", parseTokenId)
    .action(async (id: number) => {
      const changed = await revokeToken(await ctx.db(), SYSTEM_ACTOR, id);
      ctx.print(changed ? `token ${id} revoked` : `token ${id} was revoked already`);
    });
}

function stripNewline(text: string): string {
  return text.replace(/\r?\n$/, "");
}

function parseTokenId(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) < 1) throw new UserError(`"${value}" is not a token id`, 2);
  return Number(value);
}
