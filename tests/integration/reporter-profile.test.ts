import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerFacultyCommands } from "../../src/cli/faculty.ts";
import { startHarvestRun, waitForRun } from "../../src/services/runs.ts";
import type { Evidence } from "../../src/identity/evidence.ts";
import { importRoster } from "../../src/services/roster.ts";
import { generateDivision, rosterCsv } from "../../sandbox/division/index.ts";
import { startReporterSandbox, type ReporterSandbox } from "../../sandbox/servers/reporter-server.ts";
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
    const run = await startHarvestRun(testDb.db, env.services.queues, {
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

  const isTheirs = async (facultyId: string, itemId: number) => {
    const record = await testDb.db.sourceRecord.findFirstOrThrow({ where: { source: "reporter", itemId } });
    return division.grantTruth.some(
      (entry) => entry.facultyId === facultyId && entry.coreProjectNum === record.sourceId,
    );
  };

  it("accepts the grants of a profile id from the roster, and scores name matches, naming the PI's profile id", async () => {
    expect(unconfirmed).toBeDefined();
    expect(await harvest([unconfirmed.faculty_id, confirmed.faculty_id])).toMatchObject({ failed: 0 });

    const byProfile = await grantLinks(confirmed.faculty_id);
    expect(byProfile.length).toBeGreaterThan(0);
    for (const link of byProfile) {
      expect(link.status).toBe("accepted");
      expect((link.evidence as unknown as Evidence[])[0]).toMatchObject({ kind: "reporter_profile_id" });
    }

    const byName = await grantLinks(unconfirmed.faculty_id);
    const trueProfile = division.reporterProfileIds[unconfirmed.faculty_id]!;
    const named = byName.filter((link) =>
      (link.evidence as unknown as Evidence[]).some((piece) => piece.reporterProfileId === trueProfile),
    );
    expect(named.length).toBeGreaterThan(0);
    for (const link of byName) {
      const evidence = link.evidence as unknown as Evidence[];
      expect(evidence.some((piece) => piece.kind === "reporter_profile_id")).toBe(false);
      // A name match is decided by its score; whatever is accepted by name must really be theirs.
      if (link.status === "accepted") expect(await isTheirs(unconfirmed.faculty_id, link.itemId)).toBe(true);
    }
    const reasons = named.flatMap((link) =>
      (link.evidence as unknown as Evidence[]).map((piece) => piece.reason),
    );
    expect(reasons.some((reason) => reason.includes(`RePORTER profile id ${trueProfile}`))).toBe(true);
  });

  it("stores the profile id given with `faculty set`, re-scores at once, and the next harvest searches by it", async () => {
    const trueProfile = division.reporterProfileIds[unconfirmed.faculty_id]!;
    const set = await runCommand(registerFacultyCommands, [
      "faculty",
      "set",
      unconfirmed.faculty_id,
      "--reporter-profile-id",
      String(trueProfile),
    ]);
    expect(set).toMatchObject({ code: 0, err: "" });
    expect(set.out).toMatch(
      new RegExp(
        `^${unconfirmed.faculty_id}: RePORTER profile id none -> ${trueProfile}; \\d+ link\\(s\\) re-scored; the next RePORTER harvest searches by it\n$`,
      ),
    );
    const truth = division.grantTruth
      .filter((entry) => entry.facultyId === unconfirmed.faculty_id)
      .map((entry) => entry.coreProjectNum)
      .sort();
    const acceptedGrants = async () => {
      const links = await grantLinks(unconfirmed.faculty_id);
      const theirs = links.filter((link) => link.status === "accepted");
      for (const link of theirs) {
        expect(link.decidedBy).toBe("system");
        expect((link.evidence as unknown as Evidence[])[0]).toMatchObject({ kind: "reporter_profile_id" });
      }
      const records = await testDb.db.sourceRecord.findMany({
        where: { source: "reporter", itemId: { in: theirs.map((link) => link.itemId) } },
      });
      return records.map((record) => record.sourceId).sort();
    };
    // Re-scored on the spot: the grants found by name under that profile id are accepted now.
    expect(await acceptedGrants()).toEqual(truth);

    await harvest([unconfirmed.faculty_id]);
    expect(await acceptedGrants()).toEqual(truth);
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
