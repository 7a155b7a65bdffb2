import { describe, expect, it } from "vitest";
import { IN_SCOPE, PASSWORD, PEOPLE, ROLE_USERS, type RoleUser } from "../helpers/access-world.ts";
import { signInCookie, webOverAccessWorld } from "../helpers/web.ts";

describe("the pages: each renders for each allowed role, within the reader's scope", () => {
  const shared = webOverAccessWorld({ signInLimits: { max: 1000, windowMs: 60_000 } });
  const cookies = new Map<RoleUser, string>();

  async function cookieOf(role: RoleUser): Promise<string> {
    if (!cookies.has(role)) {
      cookies.set(role, await signInCookie(shared.web.app, shared.world.emails[role], PASSWORD));
    }
    return cookies.get(role)!;
  }

  async function open(role: RoleUser, url: string) {
    return shared.web.app.inject({ url, headers: { cookie: await cookieOf(role), accept: "text/html" } });
  }

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
      expect(none.body).toContain("0 of 5 people");
      const counted = await open("admin", "/faculty?rank=Assistant+Professor");
      expect(counted.body).toContain("5 of 5 people");
    });
  });
});
