import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

/** Neither service answers here: a check that exits 2 must be made before either is needed. */
const NO_SERVICES = {
  DATABASE_URL: "postgresql://postgres@127.0.0.1:5439/none",
  REDIS_URL: "redis://127.0.0.1:6390",
};

describe("usage and configuration errors of the built CLI", () => {
  let testDb: TestDatabase;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    env = { DATABASE_URL: testDb.url };
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-usage-"));
    await testDb.db.faculty.create({
      data: { id: "F1", lastName: "Okafor", firstName: "Maria", affiliationTerms: [], nameVariants: [] },
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  async function expectUsage(
    args: string[],
    message: string | RegExp,
    extraEnv: Record<string, string> = env,
  ) {
    const result = await runBuiltCli(args, extraEnv);
    expect({ code: result.code, stdout: result.stdout }).toEqual({ code: 2, stdout: "" });
    expect(result.stderr).toMatch(message);
    expect(result.stderr).not.toMatch(/\n\s+at /);
  }

  it("exits 2 on an option value its own checks refuse, before reaching any service", async () => {
    const file = path.join(dir, "efetch.xml");
    await writeFile(file, "<PubmedArticleSet></PubmedArticleSet>");
    await expectUsage(
      ["parse", "pubmed", file, "--threads", "0"],
      /--threads must be a whole number of at least 1/,
      NO_SERVICES,
    );
    await expectUsage(
      ["faculty", "set", "F1", "--reporter-profile-id", "12ab"],
      /--reporter-profile-id: "12ab" is not a RePORTER profile id/,
      NO_SERVICES,
    );
    await expectUsage(
      ["review", "list", "--limit", "0"],
      /--limit: "0" is not a positive number/,
      NO_SERVICES,
    );
    await expectUsage(
      ["review", "explain", "12x", "--faculty", "F1"],
      /"12x" is not an item id/,
      NO_SERVICES,
    );
    await expectUsage(
      ["items", "why", "abc", "--faculty", "F1", "--format", "json"],
      /"abc" is not an item id/,
      NO_SERVICES,
    );
    await expectUsage(["runs", "--last", "0"], /--last must be a positive number/, NO_SERVICES);
    await expectUsage(
      ["parse", "reporter", file, "--person", "Okafor"],
      /--person needs a last and a first name/,
      NO_SERVICES,
    );
  });

  it("exits 2 on options that do not go together", async () => {
    await expectUsage(
      ["report", "windows", "--cohort", "2013", "--pre", "2011-2013"],
      /give both --pre and --post/,
    );
    await expectUsage(
      ["report", "windows", "--cohort", "2013", "--pre-years", "2"],
      /--pre-years and --post-years go with --relative/,
    );
    await expectUsage(
      ["report", "faculty", "F1", "--from", "2020", "--to", "2019"],
      /--to 2019 is before --from 2020/,
    );
    await expectUsage(["harvest", "--all", "--faculty", "F1"], /Use --all or --faculty, not both/);
    await expectUsage(["items", "merge", "5", "5"], /a merge needs two different items/);
  });

  it("exits 2 on a value a service refuses as a usage error: a cron pattern, a scope, the automatic decider", async () => {
    await expectUsage(["schedule", "--cron", "every night"], /--cron "every night" is not a cron pattern/);
    await expectUsage(["items", "scope", "1", "nationwide"], /"nationwide" is not a scope/);
    await expectUsage(
      ["review", "accept", "1", "--faculty", "F1", "--by", "system"],
      /is the automatic decider/,
    );
  });

  it("exits 2 on a rules file that cannot be used (configuration), and 1 for a record not found", async () => {
    await expectUsage(["reconcile"], /Cannot read the classification rules \/nonexistent\/rules.json/, {
      ...env,
      CLASSIFICATION_RULES_PATH: "/nonexistent/rules.json",
    });
    const notFound = await runBuiltCli(["items", "why", "999999", "--faculty", "F1"], env);
    expect(notFound.code).toBe(1);
    expect(notFound.stderr).toMatch(/Item 999999 is not in F1's ledger/);
  });
});
