import { beforeAll, describe, expect, it } from "vitest";
import { reconcileFaculty } from "../../src/services/reconcile.ts";
import { PASSWORD, PEOPLE, ROLE_USERS } from "../helpers/access-world.ts";
import { createTestWeb, roleSessions, signInCookie, webOverAccessWorld } from "../helpers/web.ts";

const FRESH_TITLE = "Fresh accepted paper of the mentee";
const PROGRAM_QUERY = "cohort=2013&baseline=2013-07-01&followup=2016-07-01";

describe("the mentoring pages: the mentor's digest, the program report and the dossier", () => {
  const shared = webOverAccessWorld({ signInLimits: { max: 1000, windowMs: 60_000 } });
  const { open } = roleSessions(shared);

  beforeAll(async () => {
    const { db } = shared.testDb;
    // Accepted just now: inside the digest's default week, unlike the access world's older papers.
    const fresh = await db.item.create({
      data: { kind: "publication", title: FRESH_TITLE, year: 2026, venue: "J Fresh" },
    });
    await db.facultyItem.create({
      data: {
        facultyId: PEOPLE.MENTEE,
        itemId: fresh.id,
        status: "accepted",
        decidedBy: "faculty affairs",
        decidedAt: new Date(),
        evidence: [],
      },
    });
    await db.mentorship.create({
      data: {
        mentorId: PEOPLE.MENTOR,
        menteeId: PEOPLE.MENTEE,
        startDate: new Date("2012-01-01T00:00:00Z"),
        kind: "formal",
      },
    });
    // On a track of the example criteria, so that there is something to check against.
    await db.faculty.update({ where: { id: PEOPLE.MENTEE }, data: { track: "tenure" } });
    await reconcileFaculty(db, PEOPLE.MENTEE, shared.web.services.rules);
  });

  describe("the mentor's digest", () => {
    it("shows the signed-in mentor their digest on /mentor: new accepted items, links awaiting review, benchmark progress", async () => {
      const response = await open("mentor", "/mentor");
      expect(response.statusCode).toBe(200);
      const digest = response.body.slice(response.body.indexOf('id="digest"'));
      expect(digest).toContain("Digest</h2>");
      expect(digest).toContain(FRESH_TITLE);
      // The access world's paper was accepted long before the digest's week.
      expect(digest).not.toContain("Accepted paper of the mentee");
      expect(digest).toMatch(/Awaiting Alex Mentee(&#39;|')s review \(1\)/);
      expect(digest).toContain("Pending paper of the mentee");
      expect(digest).toContain("Benchmark progress");
      expect(digest).toContain("Toward Associate Professor");
      // The mentee's counted paper is from 2015, before the five-year look-back.
      expect(digest).toContain(
        '<tr><th scope="row">peer-reviewed publications</th><td class="number">15</td><td class="number">0</td><td>15 more peer-reviewed publications</td></tr>',
      );
      expect(digest).toContain('id="digest-F2"');
      expect(digest).not.toContain("Outsider");
    });

    it("shows an admin any mentor's digest at /mentors/{id}/digest", async () => {
      const profile = await open("admin", `/faculty/${PEOPLE.MENTEE}`);
      expect(profile.body).toContain(`href="/mentors/${PEOPLE.MENTOR}/digest"`);
      expect((await open("mentor", `/faculty/${PEOPLE.MENTEE}`)).body).not.toContain("/digest");
      const response = await open("admin", `/mentors/${PEOPLE.MENTOR}/digest`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('<h1 id="digest">Digest for Alex Mentor</h1>');
      expect(response.body).toContain(FRESH_TITLE);
      expect((await open("admin", "/mentors/NOBODY/digest")).statusCode).toBe(404);
    });

    it.each(["committee", "faculty"] as const)("answers a %s 404 for a mentor's digest", async (role) => {
      const response = await open(role, `/mentors/${PEOPLE.MENTOR}/digest`);
      expect(response.statusCode).toBe(404);
      expect(response.body).toContain("Page not found");
      expect(response.body).not.toContain(FRESH_TITLE);
    });

    it("answers a mentor 404 for another mentor's digest", async () => {
      expect((await open("mentor", `/mentors/${PEOPLE.OUTSIDER}/digest`)).statusCode).toBe(404);
    });

    it("keeps the digest's start: viewing it records no digest", async () => {
      await open("mentor", "/mentor");
      expect(await shared.testDb.db.mentorDigest.count()).toBe(0);
    });
  });

  describe("the program report", () => {
    it("offers admins the form, with labelled fields and a navigation link", async () => {
      const response = await open("admin", "/reports/program");
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain('href="/reports/program" aria-current="page"');
      for (const name of ["cohort", "baseline", "followup", "pre", "post"]) {
        expect(response.body).toContain(`<label for="${name}">`);
      }
      expect(response.body).toContain('<option value="2013"');
    });

    it("shows the report's tables for a cohort", async () => {
      const response = await open("admin", `/reports/program?${PROGRAM_QUERY}`);
      expect(response.statusCode).toBe(200);
      expect(response.body).toContain("Table 1. Dyads and meetings");
      expect(response.body).toContain("Table 2. Formal mentoring and IDP use");
      expect(response.body).toContain("Table 3. Scholarly productivity, 2011-2013 against 2014-2016");
      expect(response.body).toMatch(/dyads formed \(by follow-up\)<\/td>\s*<td>1<\/td>/);
      expect(response.body).toContain("format=json");
    });

    it("downloads the report as JSON, with the given windows", async () => {
      const response = await open(
        "admin",
        `/reports/program?${PROGRAM_QUERY}&pre=2012-2013&post=2014-2015&format=json`,
      );
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toMatch(/^application\/json/);
      expect(response.headers["content-disposition"]).toBe('attachment; filename="program-2013.json"');
      const report = JSON.parse(response.body) as {
        cohort: string;
        n: number;
        dyads: { formed: number };
        windows: { spec: { pre: { from: number } } };
      };
      expect(report.cohort).toBe("2013");
      expect(report.n).toBe(5);
      expect(report.dyads.formed).toBe(1);
      expect(JSON.stringify(report.windows)).toContain("2012");
    });

    it("shows the form again with what is wrong", async () => {
      const response = await open(
        "admin",
        "/reports/program?cohort=2013&baseline=2016-07-01&followup=2013-07-01",
      );
      expect(response.statusCode).toBe(400);
      expect(response.body).toContain("is not after the baseline");
      const oneWindow = await open("admin", `/reports/program?${PROGRAM_QUERY}&pre=2011-2013`);
      expect(oneWindow.statusCode).toBe(400);
      expect(oneWindow.body).toContain("Give both windows");
    });

    it.each(["mentor", "committee", "faculty"] as const)(
      "answers a %s 404, form and report alike",
      async (role) => {
        expect((await open(role, "/reports/program")).statusCode).toBe(404);
        const report = await open(role, `/reports/program?${PROGRAM_QUERY}&format=json`);
        expect(report.statusCode).toBe(404);
        expect(report.body).not.toContain("Dyads");
        expect((await open(role, "/")).body).not.toContain('href="/reports/program"');
      },
    );
  });

  describe("the dossier", () => {
    it.each(ROLE_USERS)(
      "lets a %s open the dossier of someone in their scope, linked from the profile",
      async (role) => {
        const profile = await open(role, `/faculty/${PEOPLE.MENTEE}`);
        expect(profile.body).toContain(`href="/faculty/${PEOPLE.MENTEE}/dossier"`);
        const response = await open(role, `/faculty/${PEOPLE.MENTEE}/dossier`);
        expect(response.statusCode).toBe(200);
        expect(response.headers["content-type"]).toMatch(/^text\/html/);
        expect(response.body).toContain("<h1>Dossier: Alex Mentee</h1>");
        expect(response.body).toContain(
          "Benchmark check</h2><p>Toward Associate Professor on the tenure track",
        );
        // The accepted paper, cited in NLM/Vancouver style from its PubMed record.
        expect(response.body).toMatch(/Mentee A\. Accepted paper of the mentee\. J Test\. 2015/);
        expect(response.body).toContain("Publications (1)");
      },
    );

    it.each([
      ["mentor", PEOPLE.OUTSIDER],
      ["mentor", PEOPLE.CANDIDATE],
      ["committee", PEOPLE.OUTSIDER],
      ["committee", PEOPLE.MENTEE2],
      ["faculty", PEOPLE.MENTEE2],
    ] as const)("answers a %s 404 for the dossier of %s, HTML and PDF", async (role, id) => {
      expect((await open(role, `/faculty/${id}/dossier`)).statusCode).toBe(404);
      expect((await open(role, `/faculty/${id}/dossier?format=pdf`)).statusCode).toBe(404);
    });

    it("prints the dossier as PDF through headless Chromium", async () => {
      const response = await open("committee", `/faculty/${PEOPLE.MENTEE}/dossier?format=pdf`);
      expect(response.statusCode).toBe(200);
      expect(response.headers["content-type"]).toBe("application/pdf");
      expect(response.headers["content-disposition"]).toBe(
        `attachment; filename="dossier-${PEOPLE.MENTEE}.pdf"`,
      );
      expect(response.rawPayload.subarray(0, 5).toString("latin1")).toBe("%PDF-");
    }, 60_000);

    it("says so on a page when Chromium is not installed, after the scope check", async () => {
      const web = await createTestWeb(shared.testDb, {
        signInLimits: { max: 1000, windowMs: 60_000 },
        pdfBrowsers: ["/nonexistent/chromium"],
      });
      try {
        const cookie = await signInCookie(web.app, shared.world.emails.committee, PASSWORD);
        const ask = (id: string) =>
          web.app.inject({ url: `/faculty/${id}/dossier?format=pdf`, headers: { cookie } });
        const response = await ask(PEOPLE.MENTEE);
        expect(response.statusCode).toBe(503);
        expect(response.headers["content-type"]).toMatch(/^text\/html/);
        expect(response.body).toContain("No PDF on this server");
        expect(response.body).toContain("headless Chromium, which is not installed");
        expect(response.body).toContain(`href="/faculty/${PEOPLE.MENTEE}/dossier"`);
        expect((await ask(PEOPLE.OUTSIDER)).statusCode).toBe(404);
      } finally {
        await web.close();
      }
    });
  });
});
