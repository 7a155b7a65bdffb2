import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerFacultyCommands } from "../../src/cli/faculty.ts";
import { startHarvestRun } from "../../src/harvest/runs.ts";
import { waitForRun } from "../../src/harvest/wait.ts";
import type { Evidence } from "../../src/identity/match-author.ts";
import { importRoster } from "../../src/roster/import-roster.ts";
import { generateDivision, rosterCsv } from "../../src/sandbox/division.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../src/sandbox/reporter-server.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { createHarvestEnvironment, type HarvestEnvironment } from "../helpers/harvest-env.ts";

describe("confirming a faculty member's RePORTER profile id", () => {
  const division = generateDivision({ facultyCount: 30, seed: 2026 });
  // A PI whose profile id the roster does not give: found by name until someone confirms it.
  const unconfirmed = division.faculty.find(
    (row) => row.reporter_profile_id === "" && division.reporterProfileIds[row.faculty_id] !== undefined,
  )!;
  const confirmed = division.faculty.find((row) => row.reporter_profile_id !== "")!;
  let testDb: TestDatabase;
  let sandbox: ReporterSandbox;
  let env: HarvestEnvironment;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    sandbox = await startReporterSandbox({ projects: division.reporterProjects });
    env = createHarvestEnvironment(testDb, "https://eutils.test/entrez/eutils", undefined, {
      REPORTER_API_URL: sandbox.url,
    });
    await importRoster(testDb.db, rosterCsv(division));
    env.startWorkers();
  });

  afterAll(async () => {
    await env.close();
    await sandbox.close();
    await testDb.drop();
  });

  async function harvest(facultyIds: string[]) {
    const run = await startHarvestRun(testDb.db, env.services.queues.bySource, {
      sources: ["reporter"],
      facultyIds,
      trigger: "manual",
    });
    return waitForRun(testDb.db, run.runId, { pollMs: 100 });
  }

  const grantLinks = (facultyId: string) =>
    testDb.db.facultyItem.findMany({
      where: { facultyId, item: { kind: "grant" } },
      orderBy: { itemId: "asc" },
    });

  it("accepts the grants of a profile id from the roster, and leaves name matches pending with the profile id to confirm", async () => {
    expect(unconfirmed).toBeDefined();
    expect(await harvest([unconfirmed.faculty_id, confirmed.faculty_id])).toMatchObject({ failed: 0 });

    const byProfile = await grantLinks(confirmed.faculty_id);
    expect(byProfile.length).toBeGreaterThan(0);
    expect(byProfile.every((link) => link.status === "accepted")).toBe(true);

    const byName = await grantLinks(unconfirmed.faculty_id);
    const trueProfile = division.reporterProfileIds[unconfirmed.faculty_id]!;
    const named = byName.filter((link) =>
      (link.evidence as unknown as Evidence[]).some((piece) => piece.reporterProfileId === trueProfile),
    );
    expect(named.length).toBeGreaterThan(0);
    expect(byName.every((link) => link.status === "pending")).toBe(true);
    expect((named[0]!.evidence as unknown as Evidence[])[0]!.reason).toContain(
      `RePORTER profile id ${trueProfile}`,
    );
  });

  it("stores the profile id given with `faculty set`, and the next harvest accepts that person's grants", async () => {
    const trueProfile = division.reporterProfileIds[unconfirmed.faculty_id]!;
    const set = await runCommand(registerFacultyCommands, [
      "faculty",
      "set",
      unconfirmed.faculty_id,
      "--reporter-profile-id",
      String(trueProfile),
    ]);
    expect(set).toMatchObject({ code: 0, err: "" });
    expect(set.out).toBe(
      `${unconfirmed.faculty_id}: RePORTER profile id none -> ${trueProfile}; the next RePORTER harvest uses it\n`,
    );

    await harvest([unconfirmed.faculty_id]);
    const links = await grantLinks(unconfirmed.faculty_id);
    const theirs = links.filter((link) => link.status === "accepted");
    expect(theirs.length).toBeGreaterThan(0);
    for (const link of theirs) {
      expect(link.decidedBy).toBe("system");
      expect((link.evidence as unknown as Evidence[])[0]).toMatchObject({ kind: "reporter_profile_id" });
    }
    // Exactly the grants the division says are theirs are now accepted.
    const records = await testDb.db.sourceRecord.findMany({
      where: { source: "reporter", itemId: { in: theirs.map((link) => link.itemId) } },
    });
    const truth = division.grantTruth.filter((entry) => entry.facultyId === unconfirmed.faculty_id);
    expect(records.map((record) => record.sourceId).sort()).toEqual(
      truth.map((entry) => entry.coreProjectNum).sort(),
    );
  });

  it("refuses an unknown person, a profile id someone else holds, and a value that is not one", async () => {
    const run = (...args: string[]) => runCommand(registerFacultyCommands, ["faculty", "set", ...args]);
    expect(await run("NOPE", "--reporter-profile-id", "5")).toMatchObject({
      code: 1,
      err: 'Error: No faculty member with id "NOPE"\n',
    });
    const held = await run(unconfirmed.faculty_id, "--reporter-profile-id", confirmed.reporter_profile_id);
    expect(held).toMatchObject({
      code: 1,
      err: `Error: RePORTER profile id ${confirmed.reporter_profile_id} already belongs to faculty member ${confirmed.faculty_id}\n`,
    });
    expect((await run(unconfirmed.faculty_id, "--reporter-profile-id", "12ab")).err).toContain(
      '"12ab" is not a RePORTER profile id',
    );
    const cleared = await run(unconfirmed.faculty_id, "--reporter-profile-id", "none");
    expect(cleared.code).toBe(0);
    const person = await testDb.db.faculty.findUniqueOrThrow({ where: { id: unconfirmed.faculty_id } });
    expect(person.reporterProfileId).toBeNull();
  });
});
