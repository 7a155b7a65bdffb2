import nock from "nock";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerReportCommands } from "../../src/cli/report.ts";
import { runCommand } from "../helpers/cli.ts";
import {
  IN_SCOPE,
  PEOPLE,
  ROLE_USERS,
  seedAccessWorld,
  type AccessWorld,
  type RoleUser,
} from "../helpers/access-world.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";
import { nockEfetch, pubmedArticleXml } from "../helpers/pubmed-nock.ts";
import { createTestWeb, type TestWeb } from "../helpers/web.ts";

type Caller = RoleUser | "anonymous";
const EVERYONE = Object.values(PEOPLE);
/** One person out of each role's scope (the admin has none: everyone is theirs). */
const OUT_OF_SCOPE: Record<RoleUser, string | null> = {
  admin: null,
  mentor: PEOPLE.OUTSIDER,
  committee: PEOPLE.MENTEE2,
  faculty: PEOPLE.OUTSIDER,
};
/** One person in each role's scope. */
const IN_SCOPE_ONE: Record<RoleUser, string> = {
  admin: PEOPLE.OUTSIDER,
  mentor: PEOPLE.MENTEE,
  committee: PEOPLE.CANDIDATE,
  faculty: PEOPLE.MENTEE,
};
const WINDOWS = "/api/v1/reports/windows?cohort=2013&pre=2011-2013&post=2014-2016";

describe("the JSON API: every route for every role, in and out of scope", () => {
  let testDb: TestDatabase;
  let web: TestWeb;
  let world: AccessWorld;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    world = await seedAccessWorld(testDb.db);
    web = await createTestWeb(testDb);
  });
  afterAll(async () => {
    await web?.close();
    await testDb.drop();
  });

  function call(caller: Caller, method: "GET" | "POST", url: string, payload?: unknown) {
    return web.app.inject({
      method,
      url,
      headers: caller === "anonymous" ? {} : { authorization: `Bearer ${world.tokens[caller]}` },
      ...(payload !== undefined ? { payload: payload as object } : {}),
    });
  }

  async function expectStatus(
    caller: Caller,
    method: "GET" | "POST",
    url: string,
    status: number,
    payload?: unknown,
  ) {
    const response = await call(caller, method, url, payload);
    expect(response.statusCode, `${caller} ${method} ${url}: ${response.body.slice(0, 200)}`).toBe(status);
    if (status >= 400) expect(Object.keys(response.json<object>())).toEqual(["error"]);
    return response;
  }

  describe("anonymous callers and bad tokens", () => {
    const routes: Array<["GET" | "POST", string]> = [
      ["GET", "/api/v1/me"],
      ["GET", "/api/v1/faculty"],
      ["GET", `/api/v1/faculty/${PEOPLE.MENTEE}`],
      ["GET", `/api/v1/faculty/${PEOPLE.MENTEE}/items`],
      ["GET", `/api/v1/faculty/${PEOPLE.MENTEE}/ledger`],
      ["GET", `/api/v1/faculty/${PEOPLE.MENTEE}/notes`],
      ["POST", `/api/v1/faculty/${PEOPLE.MENTEE}/notes`],
      ["GET", "/api/v1/review"],
      ["POST", `/api/v1/faculty/${PEOPLE.MENTEE}/links/1/decision`],
      ["POST", `/api/v1/faculty/${PEOPLE.MENTEE}/items`],
      ["GET", "/api/v1/runs"],
      ["POST", "/api/v1/runs"],
      ["GET", WINDOWS],
      ["GET", "/api/v1/audit"],
    ];
    for (const [method, url] of routes) {
      it(`answers 401 to ${method} ${url} without a session or token`, async () => {
        await expectStatus(
          "anonymous",
          method,
          url,
          401,
          method === "POST" ? { decision: "accept" } : undefined,
        );
      });
    }
    it("answers 401 to a token that is not one of ours", async () => {
      const response = await web.app.inject({
        url: "/api/v1/me",
        headers: { authorization: "Bearer st_not-a-real-token" },
      });
      expect(response.statusCode).toBe(401);
    });
  });

  describe.each(ROLE_USERS)("a %s", (role) => {
    it("GET /me: who they are", async () => {
      const response = await expectStatus(role, "GET", "/api/v1/me", 200);
      expect(response.json()).toMatchObject({ email: world.emails[role], role });
    });

    it("GET /faculty: exactly the people in scope", async () => {
      const response = await expectStatus(role, "GET", "/api/v1/faculty", 200);
      const ids = response.json<Array<{ id: string }>>().map((row) => row.id);
      expect(ids.sort()).toEqual([...IN_SCOPE[role]].sort());
    });

    for (const suffix of ["", "/items", "/ledger"]) {
      it(`GET /faculty/{id}${suffix}: 200 for every person in scope, 404 for every other`, async () => {
        for (const id of EVERYONE) {
          const inScope = IN_SCOPE[role].includes(id);
          const response = await expectStatus(
            role,
            "GET",
            `/api/v1/faculty/${id}${suffix}`,
            inScope ? 200 : 404,
          );
          if (!inScope) expect(response.json()).toEqual({ error: `No faculty member with id ${id}` });
        }
      });
    }

    it("GET /faculty/{id}: the e-mail address only for admins", async () => {
      const response = await expectStatus(role, "GET", `/api/v1/faculty/${IN_SCOPE_ONE[role]}`, 200);
      const profile = response.json<Record<string, unknown>>();
      if (role === "admin") expect(profile.email).toMatch(/@example\.edu$/);
      else expect(profile).not.toHaveProperty("email");
      expect(JSON.stringify(profile)).toEqual(
        role === "admin" ? expect.stringContaining("@") : expect.not.stringContaining("@"),
      );
    });

    it("GET /review: only in-scope people's pending links; another person's queue is 404", async () => {
      const response = await expectStatus(role, "GET", "/api/v1/review", 200);
      const people = new Set(response.json<Array<{ facultyId: string }>>().map((row) => row.facultyId));
      for (const id of people) expect(IN_SCOPE[role]).toContain(id);
      expect(people.size).toBeGreaterThan(0);
      await expectStatus(role, "GET", `/api/v1/review?faculty=${IN_SCOPE_ONE[role]}`, 200);
      const outside = OUT_OF_SCOPE[role];
      if (outside) await expectStatus(role, "GET", `/api/v1/review?faculty=${outside}`, 404);
    });

    it(`GET /runs, POST /runs, GET /reports/windows, GET /audit: ${role === "admin" ? "answered" : "404"}`, async () => {
      const allowed = role === "admin";
      await expectStatus(role, "GET", "/api/v1/runs", allowed ? 200 : 404);
      await expectStatus(role, "POST", "/api/v1/runs", allowed ? 202 : 404, {
        faculty: [PEOPLE.MENTEE],
        sources: ["pubmed"],
      });
      await expectStatus(role, "GET", WINDOWS, allowed ? 200 : 404);
      await expectStatus(role, "GET", "/api/v1/audit", allowed ? 200 : 404);
    });
  });

  describe("POST /faculty/{id}/links/{itemId}/decision", () => {
    beforeEach(async () => {
      await testDb.db.facultyItem.updateMany({
        where: {
          itemId: {
            in: [world.items.menteePending, world.items.outsiderPending, world.items.candidatePending],
          },
        },
        data: { status: "pending", decidedBy: "system", decidedByUserId: null, note: null },
      });
    });
    const decide = (caller: Caller, facultyId: string, itemId: number, status: number) =>
      expectStatus(caller, "POST", `/api/v1/faculty/${facultyId}/links/${itemId}/decision`, status, {
        decision: "reject",
      });

    it("an admin decides on anyone's links", async () => {
      for (const [facultyId, itemId] of [
        [PEOPLE.MENTEE, world.items.menteePending],
        [PEOPLE.OUTSIDER, world.items.outsiderPending],
        [PEOPLE.CANDIDATE, world.items.candidatePending],
      ] as const) {
        const response = await decide("admin", facultyId, itemId, 200);
        expect(response.json()).toMatchObject({ facultyId, itemId, status: "rejected", changed: true });
      }
    });

    it("a faculty member decides on their own pending link, and nobody else's (404)", async () => {
      await decide("faculty", PEOPLE.MENTEE, world.items.menteePending, 200);
      await decide("faculty", PEOPLE.OUTSIDER, world.items.outsiderPending, 404);
      await decide("faculty", PEOPLE.CANDIDATE, world.items.candidatePending, 404);
    });

    it("a mentor and a committee member decide nothing, in scope (404) or out of it (404)", async () => {
      await decide("mentor", PEOPLE.MENTEE, world.items.menteePending, 404);
      await decide("mentor", PEOPLE.OUTSIDER, world.items.outsiderPending, 404);
      await decide("committee", PEOPLE.CANDIDATE, world.items.candidatePending, 404);
      await decide("committee", PEOPLE.MENTEE2, world.items.menteePending, 404);
      const untouched = await testDb.db.facultyItem.count({ where: { status: "pending" } });
      expect(untouched).toBe(3);
    });

    it("refuses a body that is not a decision, with a JSON error", async () => {
      const url = `/api/v1/faculty/${PEOPLE.MENTEE}/links/${world.items.menteePending}/decision`;
      await expectStatus("admin", "POST", url, 400, { decision: "maybe" });
      await expectStatus("admin", "POST", url, 400, { decision: "accept", extra: 1 });
      await expectStatus("admin", "POST", `/api/v1/faculty/${PEOPLE.MENTEE}/links/999999/decision`, 404, {
        decision: "accept",
      });
    });

    it("records the deciding user and changes the person's counts", async () => {
      const before = (await call("faculty", "GET", `/api/v1/faculty/${PEOPLE.MENTEE}`)).json<{
        links: { accepted: number; pending: number };
        counted: Record<string, number>;
      }>();
      await expectStatus(
        "faculty",
        "POST",
        `/api/v1/faculty/${PEOPLE.MENTEE}/links/${world.items.menteePending}/decision`,
        200,
        {
          decision: "accept",
          note: "my paper",
        },
      );
      const after = (await call("faculty", "GET", `/api/v1/faculty/${PEOPLE.MENTEE}`)).json<typeof before>();
      expect(after.links.accepted).toBe(before.links.accepted + 1);
      expect(after.links.pending).toBe(before.links.pending - 1);
      expect(after.counted.peer_reviewed_publications).toBe(
        (before.counted.peer_reviewed_publications ?? 0) + 1,
      );
      const items = (await call("faculty", "GET", `/api/v1/faculty/${PEOPLE.MENTEE}/items`)).json<
        Array<{ itemId: number; decidedByUserId: number | null; note: string | null }>
      >();
      expect(items.find((item) => item.itemId === world.items.menteePending)).toMatchObject({
        decidedByUserId: world.actors.faculty.userId,
        note: "my paper",
      });
      const audit = (await call("admin", "GET", "/api/v1/audit?kind=decision")).json<
        Array<{ actor: string }>
      >();
      expect(audit.at(-1)).toMatchObject({ actor: world.emails.faculty });
    });
  });

  describe("POST /faculty/{id}/items", () => {
    beforeAll(() => {
      nock.disableNetConnect();
      nock.enableNetConnect(/127\.0\.0\.1|localhost/);
    });
    afterEach(() => nock.cleanAll());
    afterAll(() => nock.enableNetConnect());
    let pmid = 28000000;

    it.each(ROLE_USERS)(
      "a %s adds a paper for exactly the people whose record they may add to",
      async (role) => {
        for (const id of EVERYONE) {
          const allowed = role === "admin" || (role === "faculty" && id === PEOPLE.MENTEE);
          pmid += 1;
          const efetch = allowed
            ? nockEfetch(
                String(pmid),
                pubmedArticleXml(String(pmid), `Added for ${id}`, {
                  lastName: "Mentee",
                  foreName: "Alex",
                  initials: "A",
                }),
              )
            : null;
          const response = await expectStatus(
            role,
            "POST",
            `/api/v1/faculty/${id}/items`,
            allowed ? 201 : 404,
            {
              pmid: String(pmid),
            },
          );
          if (allowed) {
            expect(efetch!.isDone()).toBe(true);
            expect(response.json()).toMatchObject({ facultyId: id, pmid: String(pmid) });
          } else {
            expect(response.json()).toEqual({ error: `No faculty member with id ${id}` });
          }
        }
      },
    );

    it("refuses a body without exactly one of pmid and doi", async () => {
      const url = `/api/v1/faculty/${PEOPLE.MENTEE}/items`;
      await expectStatus("admin", "POST", url, 400, {});
      await expectStatus("admin", "POST", url, 400, { pmid: "1", doi: "10.1/x" });
      await expectStatus("admin", "POST", url, 400, { pmid: "not digits" });
    });
  });

  describe("GET and POST /faculty/{id}/notes", () => {
    const notesOf = (caller: Caller, facultyId: string, status: number) =>
      expectStatus(caller, "GET", `/api/v1/faculty/${facultyId}/notes`, status);
    const write = (
      caller: Caller,
      facultyId: string,
      status: number,
      body = "Met today; first paper submitted",
    ) => expectStatus(caller, "POST", `/api/v1/faculty/${facultyId}/notes`, status, { body });

    it("a mentor writes and reads their own notes on a mentee, and on nobody else (404)", async () => {
      const created = await write("mentor", PEOPLE.MENTEE, 201);
      expect(created.json()).toMatchObject({
        facultyId: PEOPLE.MENTEE,
        authorUserId: world.actors.mentor.userId,
        body: "Met today; first paper submitted",
      });
      const notes = (await notesOf("mentor", PEOPLE.MENTEE, 200)).json<Array<{ body: string }>>();
      expect(notes.map((note) => note.body)).toEqual(["Met today; first paper submitted"]);
      await write("mentor", PEOPLE.OUTSIDER, 404);
      await notesOf("mentor", PEOPLE.OUTSIDER, 404);
      await write("mentor", PEOPLE.MENTEE, 400, "   ");
    });

    it("an admin reads every mentor's notes but writes none; committee and faculty see none (404)", async () => {
      const all = (await notesOf("admin", PEOPLE.MENTEE, 200)).json<Array<{ authorUserId: number }>>();
      expect(all.length).toBeGreaterThan(0);
      expect(all.every((note) => note.authorUserId === world.actors.mentor.userId)).toBe(true);
      await write("admin", PEOPLE.MENTEE, 404);
      // The mentee is in the committee's and the faculty member's (their own) scope: the notes still are not.
      for (const caller of ["committee", "faculty"] as const) {
        await notesOf(caller, PEOPLE.MENTEE, 404);
        await write(caller, PEOPLE.MENTEE, 404);
      }
    });
  });

  it("GET /reports/windows gives the same JSON as `report windows --format json`", async () => {
    const api = await call("admin", "GET", WINDOWS);
    const cli = await runCommand(registerReportCommands, [
      "report",
      "windows",
      "--cohort",
      "2013",
      "--pre",
      "2011-2013",
      "--post",
      "2014-2016",
      "--format",
      "json",
    ]);
    expect(cli.code).toBe(0);
    expect(api.json()).toEqual(JSON.parse(cli.out));
  });

  it("publishes an OpenAPI document naming every route, and its docs page", async () => {
    const document = (await web.app.inject({ url: "/api/openapi.json" })).json<{
      paths: Record<string, unknown>;
    }>();
    expect(Object.keys(document.paths).sort()).toEqual(
      [
        "/api/v1/audit",
        "/api/v1/faculty",
        "/api/v1/faculty/{id}",
        "/api/v1/faculty/{id}/items",
        "/api/v1/faculty/{id}/ledger",
        "/api/v1/faculty/{id}/links/{itemId}/decision",
        "/api/v1/faculty/{id}/notes",
        "/api/v1/me",
        "/api/v1/reports/windows",
        "/api/v1/review",
        "/api/v1/runs",
      ].sort(),
    );
    expect(Object.keys(document.paths["/api/v1/faculty/{id}/items"] as object).sort()).toEqual([
      "get",
      "post",
    ]);
    const docs = await web.app.inject({ url: "/api/docs/" });
    expect(docs.statusCode).toBe(200);
    expect(docs.body).toContain("swagger");
  });
});
