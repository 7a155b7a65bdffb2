import { describe, expect, it } from "vitest";
import { IN_SCOPE, PEOPLE, ROLE_USERS, type RoleUser } from "../helpers/access-world.ts";
import { csrfTokenIn, roleSessions, webOverAccessWorld } from "../helpers/web.ts";

describe("the pages: each renders for each allowed role, within the reader's scope", () => {
  const shared = webOverAccessWorld({ signInLimits: { max: 1000, windowMs: 60_000 } });
  const { cookieOf, open, newSession } = roleSessions(shared);

  describe("home", () => {
    it("sends a visitor without a session to the sign-in page", async () => {
      const response = await shared.web.app.inject({ url: "/" });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe("/sign-in");
    });

    it.each(ROLE_USERS)(
      "renders for a %s, with a skip link, landmarks and the role's navigation",
      async (role) => {
        const response = await open(role, "/");
        expect(response.statusCode).toBe(200);
        expect(response.headers["content-type"]).toMatch(/^text\/html/);
        expect(response.body).toContain('<a class="skip-link" href="#main">');
        expect(response.body).toContain('<nav aria-label="Main">');
        expect(response.body).toContain('<main id="main"');
        const adminOnly = ['href="/runs"', 'href="/reports/windows"', 'href="/admin/queues"'];
        for (const link of adminOnly) {
          if (role === "admin") expect(response.body).toContain(link);
          else expect(response.body).not.toContain(link);
        }
      },
    );

    it("tells each role what needs attention", async () => {
      expect((await open("admin", "/")).body).toMatch(/<span class="count">3<\/span> links await a decision/);
      expect((await open("faculty", "/")).body).toMatch(/<span class="count">1<\/span> of your papers await/);
      const committee = (await open("committee", "/")).body;
      expect(committee).toContain("Candidate, Alex");
      expect(committee).toContain("Mentee, Alex");
      expect(committee).not.toContain("Outsider");
      const mentor = (await open("mentor", "/")).body;
      expect(mentor).toContain("Mentee, Alex");
      expect(mentor).toContain("Second, Alex");
      expect(mentor).not.toContain("Outsider");
    });
  });

  describe("faculty list", () => {
    it.each(ROLE_USERS)(
      "shows a %s exactly the people in their scope, with counts by metric",
      async (role) => {
        const response = await open(role, "/faculty");
        expect(response.statusCode).toBe(200);
        const shown = [...response.body.matchAll(/<a href="\/faculty\/([^"]+)">/g)].map((match) => match[1]);
        expect(new Set(shown)).toEqual(new Set(IN_SCOPE[role]));
        expect(response.body).toContain("peer-reviewed publications");
        for (const name of ["cohort", "division", "rank", "track", "mentor"]) {
          expect(response.body).toContain(`<label for="filter-${name}">`);
        }
      },
    );

    it("filters by cohort, rank and mentor", async () => {
      const byMentor = await open("admin", `/faculty?mentor=${PEOPLE.MENTOR}`);
      const shown = [...byMentor.body.matchAll(/<a href="\/faculty\/([^"]+)">/g)].map((match) => match[1]);
      expect(new Set(shown)).toEqual(new Set([PEOPLE.MENTEE, PEOPLE.MENTEE2]));
      const none = await open("admin", "/faculty?cohort=1999");
      expect(none.body).toContain("No one matches (5 people in all).");
      const counted = await open("admin", "/faculty?rank=Assistant+Professor");
      expect(counted.body).toContain("1–5 of 5 people.");
    });
  });

  async function post(
    role: RoleUser | null,
    url: string,
    form: Record<string, string | string[]>,
    csrf = true,
  ) {
    const cookie = role === null ? "" : await cookieOf(role);
    const page = await shared.web.app.inject({ url: "/", headers: { cookie } });
    const body = new URLSearchParams();
    if (csrf && role !== null) body.append("_csrf", csrfTokenIn(page.body));
    for (const [name, value] of Object.entries(form)) {
      for (const one of Array.isArray(value) ? value : [value]) body.append(name, one);
    }
    return shared.web.app.inject({
      method: "POST",
      url,
      headers: { cookie, "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      payload: body.toString(),
    });
  }

  async function resetPending() {
    await shared.testDb.db.facultyItem.updateMany({
      where: {
        itemId: {
          in: [
            shared.world.items.menteePending,
            shared.world.items.outsiderPending,
            shared.world.items.candidatePending,
          ],
        },
      },
      data: { status: "pending", decidedBy: "system", decidedByUserId: null, note: null },
    });
  }

  describe("faculty profile", () => {
    it.each(ROLE_USERS)(
      "opens for a %s for everyone in scope, and is the 404 page for everyone else",
      async (role) => {
        for (const id of Object.values(PEOPLE)) {
          const response = await open(role, `/faculty/${id}`);
          if (IN_SCOPE[role].includes(id)) {
            expect(response.statusCode, `${role} ${id}`).toBe(200);
            expect(response.body).toContain("Output by year");
            expect(response.body).toContain("Promotion benchmarks");
          } else {
            expect(response.statusCode, `${role} ${id}`).toBe(404);
            expect(response.body).toContain("Page not found");
            expect(response.body).not.toContain(id === PEOPLE.MENTOR ? "Mentor, Alex" : "Outsider, Alex");
          }
        }
      },
    );

    it("is the 404 page for an id that is on nobody's roster, admins included", async () => {
      const response = await open("admin", "/faculty/F999");
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain("Page not found");
    });

    it("shows e-mail addresses to admins only", async () => {
      for (const role of ROLE_USERS) {
        const body = (await open(role, `/faculty/${PEOPLE.MENTEE}`)).body;
        if (role === "admin") expect(body).toContain("mentee@example.edu");
        else expect(body).not.toMatch(/[a-z]@example\.edu/);
      }
    });

    it("offers accept and reject beside the explanation to the person and admins; mentors and committees read", async () => {
      const url = `/faculty/${PEOPLE.MENTEE}`;
      const form = `action="/faculty/${PEOPLE.MENTEE}/links/${shared.world.items.menteePending}/decision"`;
      for (const role of ROLE_USERS) {
        const body = (await open(role, url)).body;
        expect(body).toContain("Pending paper of the mentee");
        expect(body).toContain("By the score alone");
        if (role === "admin" || role === "faculty") expect(body, role).toContain(form);
        else expect(body, role).not.toContain(form);
      }
    });

    it("accepting a pending paper from its form changes the person's counts", async () => {
      await resetPending();
      const url = `/faculty/${PEOPLE.MENTEE}`;
      expect((await open("faculty", url)).body).toContain("1 accepted, 1 pending, 0 rejected");
      const response = await post("faculty", `${url}/links/${shared.world.items.menteePending}/decision`, {
        decision: "accept",
        note: "mine",
      });
      expect(response.statusCode).toBe(303);
      expect(response.headers.location).toBe(`${url}#pending`);
      const after = (await open("faculty", url)).body;
      expect(after).toContain("2 accepted, 0 pending, 0 rejected");
      expect(after).toContain(`Item ${shared.world.items.menteePending} accepted.`);
      expect(after).toContain("Counts as peer-reviewed publications");
      const link = await shared.testDb.db.facultyItem.findFirstOrThrow({
        where: { facultyId: PEOPLE.MENTEE, itemId: shared.world.items.menteePending },
      });
      expect(link).toMatchObject({
        status: "accepted",
        decidedByUserId: shared.world.actors.faculty.userId,
        note: "mine",
      });
    });

    it("refuses a decision posted without its CSRF token, and changes nothing", async () => {
      await resetPending();
      const response = await post(
        "faculty",
        `/faculty/${PEOPLE.MENTEE}/links/${shared.world.items.menteePending}/decision`,
        { decision: "accept" },
        false,
      );
      expect(response.statusCode).toBe(403);
      expect(response.body).toContain("Form refused");
      const link = await shared.testDb.db.facultyItem.findFirstOrThrow({
        where: { facultyId: PEOPLE.MENTEE, itemId: shared.world.items.menteePending },
      });
      expect(link.status).toBe("pending");
    });

    it("answers 404 to a mentor's or committee member's decision, and to a faculty member deciding for another", async () => {
      await resetPending();
      const cases: Array<[RoleUser, string, number]> = [
        ["mentor", PEOPLE.MENTEE, shared.world.items.menteePending],
        ["committee", PEOPLE.CANDIDATE, shared.world.items.candidatePending],
        ["faculty", PEOPLE.OUTSIDER, shared.world.items.outsiderPending],
      ];
      for (const [role, id, itemId] of cases) {
        const response = await post(role, `/faculty/${id}/links/${itemId}/decision`, { decision: "reject" });
        expect(response.statusCode, role).toBe(404);
      }
      expect(await shared.testDb.db.facultyItem.count({ where: { status: "pending" } })).toBe(3);
    });
  });

  describe("review queue", () => {
    it.each(ROLE_USERS)("lists for a %s only the pending links of people in scope", async (role) => {
      await resetPending();
      const response = await open(role, "/review");
      expect(response.statusCode).toBe(200);
      const people = [...response.body.matchAll(/<a href="\/faculty\/([^"#]+)">/g)].map((match) => match[1]!);
      expect(people.length).toBeGreaterThan(0);
      for (const id of people) expect(IN_SCOPE[role]).toContain(id);
      const boxes = response.body.includes('name="links"');
      expect(boxes).toBe(role === "admin" || role === "faculty");
    });

    it("filters by person, and a person out of scope is the 404 page", async () => {
      const one = await open("admin", `/review?faculty=${PEOPLE.OUTSIDER}`);
      expect(one.body).toContain("Pending paper of the outsider");
      expect(one.body).not.toContain("Pending paper of the mentee");
      expect((await open("mentor", `/review?faculty=${PEOPLE.OUTSIDER}`)).statusCode).toBe(404);
    });

    it("accepts or rejects the chosen links in bulk, and the queue shrinks by as many", async () => {
      await resetPending();
      const before = (await open("admin", "/review")).body;
      expect(before).toContain("3 links await a decision");
      const response = await post("admin", "/review/decisions", {
        links: [
          `${PEOPLE.OUTSIDER}:${shared.world.items.outsiderPending}`,
          `${PEOPLE.CANDIDATE}:${shared.world.items.candidatePending}`,
        ],
        decision: "reject",
        back: "/review",
      });
      expect(response.statusCode).toBe(303);
      const after = (await open("admin", "/review")).body;
      expect(after).toContain("2 links rejected.");
      expect(after).toContain("1 link awaits a decision");
      const rejected = await shared.testDb.db.facultyItem.findMany({
        where: { status: "rejected" },
        select: { itemId: true, decidedByUserId: true },
      });
      expect(rejected.map((link) => link.itemId).sort()).toEqual(
        [shared.world.items.outsiderPending, shared.world.items.candidatePending].sort(),
      );
      expect(rejected.every((link) => link.decidedByUserId === shared.world.actors.admin.userId)).toBe(true);
    });

    it("decides none of a bulk choice when one link is out of the reader's scope", async () => {
      await resetPending();
      const response = await post("faculty", "/review/decisions", {
        links: [
          `${PEOPLE.MENTEE}:${shared.world.items.menteePending}`,
          `${PEOPLE.OUTSIDER}:${shared.world.items.outsiderPending}`,
        ],
        decision: "accept",
      });
      expect(response.statusCode).toBe(404);
      expect(await shared.testDb.db.facultyItem.count({ where: { status: "pending" } })).toBe(3);
    });

    it("refuses a bulk decision without its CSRF token", async () => {
      await resetPending();
      const response = await post(
        "admin",
        "/review/decisions",
        { links: `${PEOPLE.OUTSIDER}:${shared.world.items.outsiderPending}`, decision: "accept" },
        false,
      );
      expect(response.statusCode).toBe(403);
      expect(await shared.testDb.db.facultyItem.count({ where: { status: "pending" } })).toBe(3);
    });
  });

  describe("harvest runs", () => {
    it("are for admins only: the 404 page for everyone else, forms included", async () => {
      for (const role of ROLE_USERS) {
        const response = await open(role, "/runs");
        expect(response.statusCode, role).toBe(role === "admin" ? 200 : 404);
      }
      const refused = await post("mentor", "/runs/harvest", { everyone: "yes" });
      expect(refused.statusCode).toBe(404);
      expect(await shared.testDb.db.harvestRun.count()).toBe(0);
    });

    it("harvest now for one person starts a run, shown with its counts by source, and the schedule", async () => {
      const page = (await open("admin", "/runs")).body;
      expect(page).toContain("No nightly harvest is scheduled");
      expect(page).toContain('href="/admin/queues"');
      const response = await post("admin", "/runs/harvest", { faculty: PEOPLE.OUTSIDER });
      expect(response.statusCode).toBe(303);
      const runId = decodeURIComponent(response.headers.location!.replace("/runs/", ""));
      const jobs = await shared.testDb.db.harvestJob.findMany({ where: { runId } });
      expect(jobs.map((job) => job.facultyId)).toEqual(jobs.map(() => PEOPLE.OUTSIDER));
      expect(jobs.length).toBeGreaterThan(0);
      const run = await open("admin", `/runs/${encodeURIComponent(runId)}`);
      expect(run.statusCode).toBe(200);
      expect(run.body).toContain("Harvest started for 1 person.");
      expect(run.body).toContain('<th scope="row">pubmed</th>');
      expect((await open("admin", "/runs")).body).toContain(runId);
      expect((await open("admin", "/runs/run-that-never-was")).statusCode).toBe(404);
    });

    it("shows a run's failures with their reasons and tries them again in a new run", async () => {
      const response = await post("admin", "/runs/harvest", { faculty: PEOPLE.CANDIDATE });
      const runId = decodeURIComponent(response.headers.location!.replace("/runs/", ""));
      await shared.testDb.db.harvestJob.updateMany({
        where: { runId, source: "pubmed" },
        data: { status: "failed", error: "E-utilities answered 500 three times" },
      });
      const page = (await open("admin", `/runs/${encodeURIComponent(runId)}`)).body;
      expect(page).toContain("E-utilities answered 500 three times");
      const retried = await post("admin", `/runs/${encodeURIComponent(runId)}/retry`, {});
      expect(retried.statusCode).toBe(303);
      const newRunId = decodeURIComponent(retried.headers.location!.replace("/runs/", ""));
      expect(newRunId).not.toBe(runId);
      const jobs = await shared.testDb.db.harvestJob.findMany({ where: { runId: newRunId } });
      expect(jobs.map((job) => [job.facultyId, job.source])).toEqual([[PEOPLE.CANDIDATE, "pubmed"]]);
    });
  });

  describe("mentor page", () => {
    it("is for mentors: the 404 page for everyone else", async () => {
      for (const role of ["admin", "committee", "faculty"] as const) {
        expect((await open(role, "/mentor")).statusCode, role).toBe(404);
      }
    });

    it("shows each mentee's output since the mentor's last visit, recorded per mentor, and this year against last", async () => {
      const first = await open("mentor", "/mentor");
      expect(first.statusCode).toBe(200);
      expect(first.body).toContain("This is your first visit");
      expect(first.body).toContain("Pending paper of the mentee");
      expect(first.body).toContain("Second, Alex");
      expect(first.body).not.toContain("Outsider");
      const user = await shared.testDb.db.user.findUniqueOrThrow({
        where: { id: shared.world.actors.mentor.userId! },
      });
      expect(user.mentorVisitedAt).not.toBeNull();
      // Within the session the news stay; a new session starts from the recorded visit.
      expect((await open("mentor", "/mentor")).body).toContain("This is your first visit");
      newSession("mentor");
      // The news above the digest, which lists pending links whatever the visit.
      const second = (await open("mentor", "/mentor")).body.split('<section aria-labelledby="digest"')[0]!;
      expect(second).toContain("New since your last visit");
      expect(second).not.toContain("Pending paper of the mentee");

      const year = new Date().getUTCFullYear();
      const item = await shared.testDb.db.item.create({
        data: {
          kind: "publication",
          title: "A paper of this year",
          year,
          publicationTypes: ["Journal Article"],
          venue: "J Test",
        },
      });
      await shared.testDb.db.facultyItem.create({
        data: {
          facultyId: PEOPLE.MENTEE2,
          itemId: item.id,
          status: "pending",
          decidedBy: "system",
          decidedAt: new Date(),
          evidence: [],
        },
      });
      newSession("mentor");
      const third = (await open("mentor", "/mentor")).body;
      expect(third).toContain("A paper of this year");
      expect(third).toContain(`<caption>${year} against ${year - 1}</caption>`);
    });
  });

  describe("cohort report", () => {
    const query = "cohort=2013&mode=fixed&pre=2011-2013&post=2014-2016&date=publication";

    it("is for admins only", async () => {
      for (const role of ["mentor", "committee", "faculty"] as const) {
        expect((await open(role, `/reports/windows?${query}`)).statusCode, role).toBe(404);
        expect((await open(role, `/reports/windows?${query}&format=csv`)).statusCode, role).toBe(404);
      }
    });

    it("shows the form, then the statistics, per-person counts and a chart", async () => {
      const form = await open("admin", "/reports/windows");
      expect(form.statusCode).toBe(200);
      expect(form.body).toContain('<option value="2013"');
      const page = await open("admin", `/reports/windows?${query}`);
      expect(page.statusCode).toBe(200);
      expect(page.body).toContain("Cohort 2013: 2011–2013 against 2014–2016, n = 5");
      expect(page.body).toContain("Paired t");
      expect(page.body).toContain('<svg xmlns="http://www.w3.org/2000/svg"');
      expect(page.body).toContain(`href="/faculty/${PEOPLE.MENTEE}"`);
    });

    it("downloads the same CSV, JSON and HTML as `report windows`", async () => {
      const json = await open("admin", `/reports/windows?${query}&format=json`);
      expect(json.headers["content-disposition"]).toBe('attachment; filename="windows-2013.json"');
      const api = await shared.web.app.inject({
        url: "/api/v1/reports/windows?cohort=2013&pre=2011-2013&post=2014-2016",
        headers: { authorization: `Bearer ${shared.world.tokens.admin}` },
      });
      expect(json.json()).toEqual(api.json());
      const csv = await open("admin", `/reports/windows?${query}&format=csv`);
      expect(csv.headers["content-type"]).toMatch(/^text\/csv/);
      expect(csv.body.split("\n")[0]).toBe(
        "cohort,faculty_id,metric,pre_from,pre_to,post_from,post_to,pre_count,post_count,pre_years_on_faculty,post_years_on_faculty,pre_partial,post_partial,pre_rate_per_year,post_rate_per_year",
      );
      const html = await open("admin", `/reports/windows?${query}&format=html`);
      expect(html.headers["content-disposition"]).toContain("windows-2013.html");
      expect(html.body).toContain("<table");
    });

    it("says what is wrong with the windows, beside the form", async () => {
      const page = await open(
        "admin",
        "/reports/windows?cohort=2013&mode=fixed&pre=2011-2015&post=2014-2016",
      );
      expect(page.statusCode).toBe(400);
      expect(page.body).toContain("share years");
      expect(page.body).toContain('value="2011-2015"');
    });
  });
});
