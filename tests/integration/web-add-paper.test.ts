import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { PASSWORD, PEOPLE, type RoleUser } from "../helpers/access-world.ts";
import { nockDoiSearch, nockEfetch, pubmedArticleXml } from "../helpers/pubmed-nock.ts";
import { csrfTokenIn, signInCookie, webOverAccessWorld } from "../helpers/web.ts";

const MENTEE_AUTHOR = { lastName: "Mentee", foreName: "Alex", initials: "A" };

describe("adding a missing paper by PMID or DOI, through the harvest's path", () => {
  const shared = webOverAccessWorld({ signInLimits: { max: 1000, windowMs: 60_000 } });
  beforeAll(() => {
    nock.disableNetConnect();
    nock.enableNetConnect(/127\.0\.0\.1|localhost/);
  });
  afterEach(() => nock.cleanAll());
  afterAll(() => nock.enableNetConnect());

  const cookies = new Map<RoleUser, string>();
  async function cookieOf(role: RoleUser) {
    if (!cookies.has(role))
      cookies.set(role, await signInCookie(shared.web.app, shared.world.emails[role], PASSWORD));
    return cookies.get(role)!;
  }

  async function submit(role: RoleUser, facultyId: string, identifier: string, csrf = true) {
    const cookie = await cookieOf(role);
    const page = await shared.web.app.inject({ url: "/", headers: { cookie } });
    const form = new URLSearchParams({ identifier });
    if (csrf) form.set("_csrf", csrfTokenIn(page.body));
    return shared.web.app.inject({
      method: "POST",
      url: `/faculty/${facultyId}/items`,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      payload: form.toString(),
    });
  }

  function api(role: RoleUser, facultyId: string, body: object) {
    return shared.web.app.inject({
      method: "POST",
      url: `/api/v1/faculty/${facultyId}/items`,
      headers: { authorization: `Bearer ${shared.world.tokens[role]}` },
      payload: body,
    });
  }

  it("offers the form on the profile to the person and admins only", async () => {
    for (const role of ["admin", "mentor", "committee", "faculty"] as const) {
      const page = await shared.web.app.inject({
        url: `/faculty/${PEOPLE.MENTEE}`,
        headers: { cookie: await cookieOf(role) },
      });
      const form = `action="/faculty/${PEOPLE.MENTEE}/items"`;
      if (role === "admin" || role === "faculty") expect(page.body, role).toContain(form);
      else expect(page.body, role).not.toContain(form);
    }
  });

  it("a faculty member adds their paper by PMID: fetched, stored as a run, scored, explained on their profile", async () => {
    const efetch = nockEfetch(
      "27000001",
      pubmedArticleXml("27000001", "A paper the harvest missed", MENTEE_AUTHOR),
    );
    const response = await submit("faculty", PEOPLE.MENTEE, "PMID: 27000001");
    expect(response.statusCode).toBe(303);
    expect(efetch.isDone()).toBe(true);
    const item = await shared.testDb.db.item.findUniqueOrThrow({
      where: { pmid: "27000001" },
      include: { sourceRecords: true },
    });
    expect(item.sourceRecords.map((record) => record.source)).toEqual(["pubmed"]);
    const link = await shared.testDb.db.facultyItem.findFirstOrThrow({
      where: { facultyId: PEOPLE.MENTEE, itemId: item.id },
    });
    expect(link.score).not.toBeNull();
    expect(link.decidedBy).toBe("system");
    const run = await shared.testDb.db.harvestRun.findFirstOrThrow({
      where: { trigger: "add-paper" },
      include: { jobs: true },
    });
    expect(run.jobs).toMatchObject([{ facultyId: PEOPLE.MENTEE, source: "pubmed", status: "completed" }]);

    const profile = await shared.web.app.inject({
      url: response.headers.location!.split("#")[0]!,
      headers: { cookie: await cookieOf("faculty") },
    });
    expect(profile.body).toContain("PMID 27000001, &quot;A paper the harvest missed&quot;");
    expect(profile.body).toContain("A paper the harvest missed");
    const audit = await shared.testDb.db.auditEvent.findFirstOrThrow({ where: { kind: "item-added" } });
    expect(audit.actorUserId).toBe(shared.world.actors.faculty.userId);
  });

  it("finds a DOI's PMID with ESearch [aid] (POST /api/v1/faculty/{id}/items)", async () => {
    const doi = "10.1000/st.2016.42";
    const search = nockDoiSearch(doi, ["27000002"]);
    const efetch = nockEfetch(
      "27000002",
      pubmedArticleXml("27000002", "A paper found by its DOI", MENTEE_AUTHOR, doi),
    );
    const response = await api("admin", PEOPLE.MENTEE, { doi: `https://doi.org/${doi.toUpperCase()}` });
    expect(response.statusCode, response.body).toBe(201);
    expect(search.isDone() && efetch.isDone()).toBe(true);
    expect(response.json()).toMatchObject({ facultyId: PEOPLE.MENTEE, pmid: "27000002", linkedNow: true });
    expect(["accepted", "pending"]).toContain(response.json<{ status: string }>().status);
  });

  it("says so when PubMed has no record of the DOI", async () => {
    nockDoiSearch("10.1000/none", []);
    const response = await api("faculty", PEOPLE.MENTEE, { doi: "10.1000/none" });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toEqual({ error: "PubMed has no record with DOI 10.1000/none" });
  });

  it("refuses what is neither a PMID nor a DOI, before asking PubMed", async () => {
    const response = await submit("faculty", PEOPLE.MENTEE, "not an identifier");
    expect(response.statusCode).toBe(400);
    expect(response.body).toContain("is neither a PMID");
    expect((await api("faculty", PEOPLE.MENTEE, { pmid: "12", doi: "10.1/x" })).statusCode).toBe(400);
  });

  it("is 404 for mentors, committees, and a faculty member adding to someone else, and asks PubMed nothing", async () => {
    const cases: Array<[RoleUser, string]> = [
      ["mentor", PEOPLE.MENTEE],
      ["committee", PEOPLE.MENTEE],
      ["faculty", PEOPLE.OUTSIDER],
    ];
    for (const [role, id] of cases) {
      expect((await submit(role, id, "27000003")).statusCode, role).toBe(404);
      expect((await api(role, id, { pmid: "27000003" })).statusCode, role).toBe(404);
    }
    expect(await shared.testDb.db.item.count({ where: { pmid: "27000003" } })).toBe(0);
  });

  it("refuses the form without its CSRF token", async () => {
    const response = await submit("faculty", PEOPLE.MENTEE, "27000004", false);
    expect(response.statusCode).toBe(403);
    expect(await shared.testDb.db.item.count({ where: { pmid: "27000004" } })).toBe(0);
  });
});
