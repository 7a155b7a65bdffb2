import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/access/actor.ts";
import { loadConfig } from "../../src/config/env.ts";
import { NotFoundError, UserError } from "../../src/errors.ts";
import { loadClassificationRules } from "../../src/reconcile/rules.ts";
import { readAudit } from "../../src/services/audit.ts";
import { decideLinkAs } from "../../src/services/link-decisions.ts";
import {
  facultyItemsFor,
  facultyLedgerFor,
  facultyProfileFor,
  listFacultyFor,
  reviewQueueFor,
} from "../../src/services/people.ts";
import { buildWindowsReportAs } from "../../src/services/reports.ts";
import { rescoreSettingsFrom, thresholdsFrom } from "../../src/services/rescore.ts";
import { listRunsFor } from "../../src/services/runs.ts";
import { IN_SCOPE, PEOPLE, ROLE_USERS, seedAccessWorld, type AccessWorld } from "../helpers/access-world.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const config = loadConfig({});
const thresholds = thresholdsFrom(config);
const everyone = Object.values(PEOPLE);

describe("who sees what, enforced in the services", () => {
  let testDb: TestDatabase;
  let world: AccessWorld;
  const services = () => ({
    db: testDb.db,
    scoring: rescoreSettingsFrom(config),
    rules: loadClassificationRules(undefined),
  });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    world = await seedAccessWorld(testDb.db);
  });
  afterAll(async () => {
    await testDb.drop();
  });

  for (const role of ROLE_USERS) {
    describe(`a ${role}`, () => {
      it("lists exactly the people in their scope", async () => {
        const rows = await listFacultyFor(testDb.db, world.actors[role]);
        expect(rows.map((row) => row.id).sort()).toEqual([...IN_SCOPE[role]].sort());
      });

      it("opens the profile, items and ledger of people in scope, and finds nobody else", async () => {
        const actor = world.actors[role];
        for (const id of everyone) {
          if (IN_SCOPE[role].includes(id)) {
            const profile = await facultyProfileFor(testDb.db, actor, id);
            expect(profile.id).toBe(id);
            expect("email" in profile).toBe(role === "admin");
            await expect(facultyItemsFor(testDb.db, actor, id)).resolves.toBeInstanceOf(Array);
            await expect(facultyLedgerFor(testDb.db, actor, id)).resolves.toBeInstanceOf(Array);
          } else {
            await expect(facultyProfileFor(testDb.db, actor, id)).rejects.toBeInstanceOf(NotFoundError);
            await expect(facultyItemsFor(testDb.db, actor, id)).rejects.toBeInstanceOf(NotFoundError);
            await expect(facultyLedgerFor(testDb.db, actor, id)).rejects.toBeInstanceOf(NotFoundError);
          }
        }
      });

      it("sees only in-scope people's links in the review queue", async () => {
        const rows = await reviewQueueFor(testDb.db, world.actors[role], thresholds);
        const expected = IN_SCOPE[role].filter((id) =>
          [PEOPLE.MENTEE, PEOPLE.OUTSIDER, PEOPLE.CANDIDATE].includes(id as never),
        );
        expect([...new Set(rows.map((row) => row.facultyId))].sort()).toEqual([...expected].sort());
      });

      it(`${role === "admin" ? "reads" : "cannot find"} runs, the cohort report and the audit log`, async () => {
        const actor = world.actors[role];
        const request = {
          cohort: "2013",
          spec: { kind: "fixed" as const, pre: { from: 2011, to: 2013 }, post: { from: 2014, to: 2016 } },
          date: "publication" as const,
        };
        if (role === "admin") {
          await expect(listRunsFor(testDb.db, actor, 5)).resolves.toEqual([]);
          await expect(buildWindowsReportAs(testDb.db, actor, request as never)).resolves.toBeDefined();
          await expect(readAudit(testDb.db, actor)).resolves.not.toHaveLength(0);
        } else {
          await expect(listRunsFor(testDb.db, actor, 5)).rejects.toBeInstanceOf(NotFoundError);
          await expect(buildWindowsReportAs(testDb.db, actor, request as never)).rejects.toBeInstanceOf(
            NotFoundError,
          );
          await expect(readAudit(testDb.db, actor)).rejects.toBeInstanceOf(NotFoundError);
        }
      });
    });
  }

  it("lets mentors and committee members read but not decide, even in scope", async () => {
    for (const role of ["mentor", "committee"] as const) {
      await expect(
        decideLinkAs(services(), world.actors[role], {
          facultyId: PEOPLE.MENTEE,
          itemId: world.items.menteePending,
          decision: "accept",
        }),
      ).rejects.toBeInstanceOf(NotFoundError);
    }
  });

  it("lets a faculty member decide only on their own pending links", async () => {
    const faculty = world.actors.faculty;
    await expect(
      decideLinkAs(services(), faculty, {
        facultyId: PEOPLE.OUTSIDER,
        itemId: world.items.outsiderPending,
        decision: "accept",
      }),
    ).rejects.toBeInstanceOf(NotFoundError);
    const accepted = decideLinkAs(services(), faculty, {
      facultyId: PEOPLE.MENTEE,
      itemId: world.items.menteeAccepted,
      decision: "reject",
    });
    await expect(accepted).rejects.toBeInstanceOf(UserError);
    await expect(accepted).rejects.toThrow("not awaiting your decision");
  });

  it("records the deciding user on the link and in the audit log, and rebuilds the person's counts", async () => {
    const before = await facultyProfileFor(testDb.db, SYSTEM_ACTOR, PEOPLE.MENTEE);
    const outcome = await decideLinkAs(services(), world.actors.faculty, {
      facultyId: PEOPLE.MENTEE,
      itemId: world.items.menteePending,
      decision: "accept",
      note: "mine",
    });
    expect(outcome).toMatchObject({ status: "accepted", changed: true });
    const link = await testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: PEOPLE.MENTEE, itemId: world.items.menteePending } },
    });
    expect(link).toMatchObject({
      status: "accepted",
      decidedByUserId: world.actors.faculty.userId,
      note: "mine",
    });
    const after = await facultyProfileFor(testDb.db, SYSTEM_ACTOR, PEOPLE.MENTEE);
    expect(after.links.accepted).toBe(before.links.accepted + 1);
    expect(after.links.pending).toBe(before.links.pending - 1);
    expect(after.counted["peer_reviewed_publications"] ?? 0).toBeGreaterThan(
      before.counted["peer_reviewed_publications"] ?? 0,
    );
    const audit = await readAudit(testDb.db, SYSTEM_ACTOR, { kind: "decision" });
    expect(audit.at(-1)).toMatchObject({
      actor: world.emails.faculty,
      kind: "decision",
      subject: `link:${PEOPLE.MENTEE}/${world.items.menteePending}`,
      details: { decision: "accept", previous: "pending" },
    });
  });
});
