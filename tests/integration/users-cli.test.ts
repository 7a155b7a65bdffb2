import { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerAuditCommands } from "../../src/cli/audit.ts";
import { registerCommitteesCommands } from "../../src/cli/committees.ts";
import { registerUsersCommands } from "../../src/cli/users.ts";
import { authenticateToken, signInWithPassword } from "../../src/services/accounts.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

function registerAll(program: Command, ctx: CliContext): void {
  registerUsersCommands(program, ctx);
  registerCommitteesCommands(program, ctx);
  registerAuditCommands(program, ctx);
}

const run = (args: string[], input?: string) => runCommand(registerAll, args, input);

describe("users, committees and audit commands", () => {
  let testDb: TestDatabase;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    await testDb.db.faculty.createMany({
      data: [
        { id: "F1", lastName: "Doe", firstName: "Jane", affiliationTerms: [], nameVariants: [] },
        {
          id: "F2",
          lastName: "Roe",
          firstName: "Rita",
          affiliationTerms: [],
          nameVariants: [],
          mentorId: "F1",
        },
      ],
    });
  });
  afterAll(async () => {
    await testDb.drop();
  });

  it("adds a user with a password read from stdin, stored only as an argon2id hash", async () => {
    const result = await run(
      [
        "users",
        "add",
        "--email",
        "Jane.Doe@Example.edu",
        "--name",
        "Jane Doe",
        "--role",
        "faculty",
        "--faculty",
        "F1",
        "--password-stdin",
      ],
      "correct horse battery\n",
    );
    expect(result).toMatchObject({ code: 0, err: "" });
    expect(result.out).toMatch(/^user \d+ added: jane\.doe@example\.edu \(faculty\)\n$/);
    const row = await testDb.db.user.findUniqueOrThrow({ where: { email: "jane.doe@example.edu" } });
    expect(row.passwordHash).toMatch(/^\$argon2id\$/);
    expect(row.passwordHash).not.toContain("correct horse");
    expect(
      await signInWithPassword(testDb.db, "jane.doe@example.edu", "correct horse battery"),
    ).toMatchObject({
      role: "faculty",
      facultyId: "F1",
    });
    expect(await signInWithPassword(testDb.db, "jane.doe@example.edu", "wrong horse battery")).toBeNull();
  });

  it("refuses usage errors with exit code 2 and a clear message", async () => {
    const badRole = await run(["users", "add", "--email", "x@example.edu", "--name", "X", "--role", "dean"]);
    expect(badRole.code).toBe(2);
    expect(badRole.err).toContain('"dean" is not a role: give one of admin, mentor, committee, faculty');
    const noFaculty = await run([
      "users",
      "add",
      "--email",
      "m@example.edu",
      "--name",
      "M",
      "--role",
      "mentor",
    ]);
    expect(noFaculty.code).toBe(2);
    expect(noFaculty.err).toContain("give --faculty ID");
    const badEmail = await run(["users", "add", "--email", "nobody", "--name", "N", "--role", "admin"]);
    expect(badEmail.code).toBe(2);
    expect(badEmail.err).toContain('"nobody" is not an e-mail address');
    const badToken = await run(["users", "token", "revoke", "abc"]);
    expect(badToken.code).toBe(2);
    expect(badToken.err).toContain('"abc" is not a token id');
    expect(await testDb.db.user.count({ where: { email: { in: ["x@example.edu", "m@example.edu"] } } })).toBe(
      0,
    );
  });

  it("lists users without their password hashes", async () => {
    const result = await run(["users", "list"]);
    expect(result.code).toBe(0);
    expect(result.out).toContain("jane.doe@example.edu");
    expect(result.out).not.toContain("argon2");
  });

  it("creates a token shown once, stores only its hash, and revokes it", async () => {
    const created = await run([
      "users",
      "token",
      "create",
      "--email",
      "jane.doe@example.edu",
      "--name",
      "laptop",
    ]);
    expect(created.code).toBe(0);
    const token = created.out.trim();
    expect(token).toMatch(/^st_[A-Za-z0-9_-]{43}$/);
    const id = Number(/token (\d+) created/.exec(created.err)![1]);
    const row = await testDb.db.apiToken.findUniqueOrThrow({ where: { id } });
    expect(row.label).toBe("laptop");
    expect(row.tokenHash).not.toContain(token);
    expect(JSON.stringify(row)).not.toContain(token.slice(3));
    expect(await authenticateToken(testDb.db, token)).toMatchObject({ role: "faculty", facultyId: "F1" });

    expect(await run(["users", "token", "revoke", String(id)])).toMatchObject({
      code: 0,
      out: `token ${id} revoked\n`,
    });
    expect(await authenticateToken(testDb.db, token)).toBeNull();
    expect(await run(["users", "token", "revoke", String(id)])).toMatchObject({
      code: 0,
      out: `token ${id} was revoked already\n`,
    });
  });

  it("disables a user: no more sign-in, and their tokens stop working", async () => {
    const created = await run(["users", "token", "create", "--email", "jane.doe@example.edu"]);
    const token = created.out.trim();
    expect(await run(["users", "disable", "jane.doe@example.edu"])).toMatchObject({ code: 0 });
    expect(await signInWithPassword(testDb.db, "jane.doe@example.edu", "correct horse battery")).toBeNull();
    expect(await authenticateToken(testDb.db, token)).toBeNull();
  });

  it("keeps committees: members must be committee users, candidates must be on the roster", async () => {
    await run(["users", "add", "--email", "c@example.edu", "--name", "Chair", "--role", "committee"]);
    expect(await run(["committees", "add", "Promotions"])).toMatchObject({
      code: 0,
      out: 'committee "Promotions" added\n',
    });
    expect(await run(["committees", "add", "Promotions"])).toMatchObject({
      code: 0,
      out: 'committee "Promotions" exists already\n',
    });
    expect(await run(["committees", "member", "Promotions", "--email", "c@example.edu"])).toMatchObject({
      code: 0,
    });
    const wrongRole = await run(["committees", "member", "Promotions", "--email", "jane.doe@example.edu"]);
    expect(wrongRole.code).toBe(1);
    expect(wrongRole.err).toContain("only committee users sit on committees");
    expect(await run(["committees", "assign", "Promotions", "--faculty", "F1", "F2"])).toMatchObject({
      code: 0,
    });
    const unknown = await run(["committees", "assign", "Promotions", "--faculty", "F9"]);
    expect(unknown.err).toContain("No faculty member with id F9");
    expect(await run(["committees", "unassign", "Promotions", "--faculty", "F2"])).toMatchObject({ code: 0 });
    const candidates = await testDb.db.committeeCandidate.findMany({ select: { facultyId: true } });
    expect(candidates.map((row) => row.facultyId)).toEqual(["F1"]);
  });

  it("exports the audit log with sign-ins, failures and tokens, and no secret", async () => {
    const csv = await run(["audit", "export", "--format", "csv"]);
    expect(csv.out.split("\n")[0]).toBe("id,at,actor,kind,subject,details");
    const json = await run(["audit", "export", "--format", "json"]);
    const lines = JSON.parse(json.out) as Array<{ kind: string }>;
    const kinds = new Set(lines.map((line) => line.kind));
    for (const kind of [
      "user-added",
      "sign-in",
      "sign-in-failed",
      "token-created",
      "token-revoked",
      "user-disabled",
    ])
      expect(kinds).toContain(kind);
    expect(json.out).not.toContain("correct horse");
    expect(json.out).not.toContain("st_");
  });
});
