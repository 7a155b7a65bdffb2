import { beforeAll, describe, expect, it } from "vitest";
import { explainLink, explainLinks, reviewQueue } from "../../src/services/review.ts";
import { thresholdsFrom } from "../../src/services/rescore.ts";
import { PASSWORD, PEOPLE, type RoleUser } from "../helpers/access-world.ts";
import { signInCookie, webOverAccessWorld } from "../helpers/web.ts";

/** More people than a page holds: 230 in Nephrology, the first 120 of them the mentor's mentees. */
const EXTRA = 230;
const EXTRA_MENTEES = 120;
const extraId = (index: number) => `P${String(index).padStart(3, "0")}`;

describe("the faculty list and review pages hold a division of hundreds", () => {
  const shared = webOverAccessWorld({ signInLimits: { max: 1000, windowMs: 60_000 } });
  const cookies = new Map<RoleUser, string>();

  beforeAll(async () => {
    const { db } = shared.testDb;
    await db.faculty.createMany({
      data: Array.from({ length: EXTRA }, (_, index) => ({
        id: extraId(index),
        lastName: `Paged ${String(index).padStart(3, "0")}`,
        firstName: "Sam",
        cohort: "2020",
        division: "Nephrology",
        rank: "Associate Professor",
        mentorId: index < EXTRA_MENTEES ? PEOPLE.MENTOR : null,
        affiliationTerms: [],
        nameVariants: [],
      })),
    });
    // One pending link each, with scores spread over the review band, so the queue outgrows a page.
    const items = await db.item.createManyAndReturn({
      data: Array.from({ length: EXTRA }, (_, index) => ({
        kind: "publication" as const,
        title: `Queued paper ${index}`,
        publicationTypes: [],
      })),
      select: { id: true },
    });
    await db.facultyItem.createMany({
      data: items.map(({ id }, index) => ({
        facultyId: extraId(index),
        itemId: id,
        status: "pending" as const,
        decidedBy: "system",
        decidedAt: new Date(),
        score: 20 + ((index * 7) % 60),
        evidence: [],
      })),
    });
  });

  async function open(role: RoleUser, url: string) {
    if (!cookies.has(role)) {
      cookies.set(role, await signInCookie(shared.web.app, shared.world.emails[role], PASSWORD));
    }
    return shared.web.app.inject({ url, headers: { cookie: cookies.get(role)!, accept: "text/html" } });
  }

  const listed = (html: string) =>
    [...html.matchAll(/<a href="\/faculty\/([^"#]+)">/g)].map((match) => match[1]!);
  const apiIds = async (url: string) => {
    const response = await shared.web.app.inject({
      url,
      headers: { authorization: `Bearer ${shared.world.tokens.admin}` },
    });
    return response.json<Array<{ id: string }>>().map((row) => row.id);
  };

  describe("faculty list", () => {
    it("shows 100 people a page, page 2 the next 100 by name, with the total", async () => {
      const first = await open("admin", "/faculty");
      const second = await open("admin", "/faculty?page=2");
      const third = await open("admin", "/faculty?page=3");
      expect(listed(first.body)).toEqual(await apiIds("/api/v1/faculty?limit=100&offset=0"));
      expect(listed(second.body)).toEqual(await apiIds("/api/v1/faculty?limit=100&offset=100"));
      expect(listed(third.body)).toEqual(await apiIds("/api/v1/faculty?limit=100&offset=200"));
      expect(listed(third.body)).toHaveLength(EXTRA + 5 - 200);
      expect(first.body).toContain(`1–100 of ${EXTRA + 5} people; page 1 of 3.`);
      expect(second.body).toContain(`101–200 of ${EXTRA + 5} people; page 2 of 3.`);
      expect(second.body).toContain('<a href="/faculty" rel="prev">');
      expect(second.body).toContain('<a href="/faculty?page=3" rel="next">');
      expect(third.body).not.toContain('rel="next"');
      expect(first.body).not.toContain('rel="prev"');
    });

    it("keeps the filters on every page and counts only the matching people", async () => {
      const first = await open("admin", "/faculty?division=Nephrology&rank=Associate+Professor");
      expect(first.body).toContain(`1–100 of ${EXTRA} people matching (${EXTRA + 5} in all); page 1 of 3.`);
      expect(first.body).toContain(
        '<a href="/faculty?division=Nephrology&amp;rank=Associate+Professor&amp;page=2" rel="next">',
      );
      const last = await open("admin", "/faculty?division=Nephrology&rank=Associate+Professor&page=3");
      const shown = listed(last.body);
      expect(shown).toHaveLength(EXTRA - 200);
      expect(shown.every((id) => id.startsWith("P"))).toBe(true);
      expect(shown).toEqual(
        await apiIds("/api/v1/faculty?division=Nephrology&rank=Associate+Professor&limit=100&offset=200"),
      );
      // The filters still offer every value in scope, not only the page's.
      expect(last.body).toContain('<option value="Cardiology">');
      expect(last.body).toContain('<option value="2013">');
    });

    it("pages within a mentor's scope", async () => {
      const mentees = EXTRA_MENTEES + 2;
      const second = await open("mentor", "/faculty?page=2");
      expect(second.body).toContain(`101–${mentees} of ${mentees} people; page 2 of 2.`);
      expect(listed(second.body)).toHaveLength(mentees - 100);
      expect(listed(second.body)).not.toContain(PEOPLE.OUTSIDER);
      const byMentor = await open("admin", `/faculty?mentor=${PEOPLE.MENTOR}&page=2`);
      expect(listed(byMentor.body)).toEqual(listed(second.body));
    });

    it("says so past the last page, and refuses a page that is not a whole number from 1", async () => {
      const beyond = await open("admin", "/faculty?page=9");
      expect(beyond.statusCode).toBe(200);
      expect(beyond.body).toContain(`No one on page 9: ${EXTRA + 5} people match (3 pages).`);
      expect(beyond.body).toContain('<a href="/faculty?page=3" rel="prev">');
      for (const page of ["0", "two", "-1"]) {
        const refused = await open("admin", `/faculty?page=${page}`);
        expect(refused.statusCode).toBe(400);
        expect(refused.body).toContain("page must be a whole number from 1");
      }
    });
  });

  describe("review queue", () => {
    const rowsOf = (html: string) =>
      [...html.matchAll(/<a href="\/faculty\/([^"#]+)#pending-(\d+)">/g)].map(
        (match) => `${match[1]}:${match[2]}`,
      );

    it("counts every pending link in scope and shows the 200 most uncertain", async () => {
      const { db } = shared.testDb;
      const pending = await db.facultyItem.count({ where: { status: "pending" } });
      expect(pending).toBe(EXTRA + 3);
      const page = await open("admin", "/review");
      expect(page.body).toContain(`${pending} links await a decision; the 200 most uncertain are shown.`);
      const shown = rowsOf(page.body);
      expect(shown).toHaveLength(200);
      expect([...page.body.matchAll(/name="links"/g)]).toHaveLength(200);
      // The same lines, in the same order, as sorting the whole queue by uncertainty.
      const whole = await reviewQueue(db, thresholdsFrom(shared.web.services.config));
      expect(whole).toHaveLength(pending);
      expect(shown).toEqual(whole.slice(0, 200).map((row) => `${row.facultyId}:${row.itemId}`));
    });

    it("counts a mentor's queue within their scope, and one person's when filtered", async () => {
      const { db } = shared.testDb;
      const mentees = await db.faculty.findMany({ where: { mentorId: PEOPLE.MENTOR }, select: { id: true } });
      const inScope = await db.facultyItem.count({
        where: { status: "pending", facultyId: { in: mentees.map((mentee) => mentee.id) } },
      });
      expect(inScope).toBe(EXTRA_MENTEES + 1);
      const page = await open("mentor", "/review");
      expect(page.body).toContain(`${inScope} links await a decision.`);
      const shown = rowsOf(page.body);
      expect(shown).toHaveLength(inScope);
      expect(shown.every((row) => !row.startsWith(`${PEOPLE.OUTSIDER}:`))).toBe(true);

      const one = await open("admin", `/review?faculty=${extraId(5)}`);
      expect(one.body).toContain("1 link awaits a decision.");
      expect(rowsOf(one.body)).toHaveLength(1);
      // Hundreds of people in scope: a search box (showing whom the queue is filtered to), not a drop-down.
      expect(one.body).toContain(`name="person" type="search" value="${extraId(5)}"`);
      expect(one.body).not.toContain(`id="filter-faculty"`);
    });

    it("finds the person to filter by from part of their name or their id, within the reader's scope", async () => {
      const one = await open("admin", "/review?person=paged%20005");
      expect(one.statusCode).toBe(303);
      expect(one.headers.location).toBe(`/review?faculty=${extraId(5)}`);
      expect((await open("admin", `/review?person=${extraId(6)}`)).headers.location).toBe(
        `/review?faculty=${extraId(6)}`,
      );

      // "Paged 00" is the name of P000..P009: all offered, and the whole queue still shown.
      const several = await open("admin", "/review?person=Paged%2000");
      expect(several.statusCode).toBe(200);
      expect(several.body).toContain("Several people match “Paged 00”; choose one:");
      const offered = [...several.body.matchAll(/<li><a href="\/review\?faculty=([^"]+)">/g)].map(
        (match) => match[1],
      );
      expect(offered).toEqual(Array.from({ length: 10 }, (_, index) => extraId(index)));
      expect(rowsOf(several.body)).toHaveLength(200);

      // "Paged" names all 230: the first 20 by name are offered.
      const many = await open("admin", "/review?person=Paged");
      expect(many.body).toContain("(the first 20 are listed; type more of the name to narrow them)");
      expect([...many.body.matchAll(/<li><a href="\/review\?faculty=/g)]).toHaveLength(20);

      // A wildcard typed is a character like any other.
      expect((await open("admin", "/review?person=%25")).body).toContain("No one you can see matches “%”");
      // Someone outside the mentor's scope is not found by them, by id or by name.
      const outsider = await open("mentor", `/review?person=${PEOPLE.OUTSIDER}`);
      expect(outsider.statusCode).toBe(200);
      expect(outsider.body).toContain(`No one you can see matches “${PEOPLE.OUTSIDER}”`);
      expect((await open("mentor", "/review?person=Paged%20200")).body).toContain(
        "No one you can see matches",
      );
      expect((await open("mentor", "/review?person=Paged%20100")).headers.location).toBe(
        `/review?faculty=${extraId(100)}`,
      );
    });
  });

  describe("profile", () => {
    it("explains many pending links at once exactly as one at a time, and shows each", async () => {
      const { db } = shared.testDb;
      const person = extraId(7);
      const items = await db.item.createManyAndReturn({
        data: Array.from({ length: 4 }, (_, index) => ({
          kind: "publication" as const,
          title: `Explained paper ${index}`,
          publicationTypes: [],
        })),
        select: { id: true },
      });
      // Evidence naming co-authored papers by PMID: the explanation follows them to their item ids.
      await db.facultyItem.createMany({
        data: items.map(({ id }, index) => ({
          facultyId: person,
          itemId: id,
          status: "pending" as const,
          decidedBy: "system",
          decidedAt: new Date(),
          score: 40 + index,
          evidence: [
            { kind: "affiliation_match", weight: 30, reason: "affiliation names the university" },
            {
              kind: "coauthors_shared",
              weight: 10 + index,
              reason: "shares co-authors",
              items: index % 2 === 0 ? ["2001", "2002"] : ["2003", "9999"],
            },
          ],
        })),
      });
      const thresholds = thresholdsFrom(shared.web.services.config);
      const pending = await db.facultyItem.findMany({
        where: { facultyId: person, status: "pending" },
        select: { itemId: true },
        orderBy: { itemId: "asc" },
      });
      const ids = pending.map((link) => link.itemId);
      expect(ids).toHaveLength(5);
      const together = await explainLinks(db, person, ids, thresholds);
      const oneByOne = await Promise.all(ids.map((id) => explainLink(db, person, id, thresholds)));
      expect(together).toEqual(oneByOne);
      const followed = together.find((link) => link.itemId === items[0]!.id)!;
      expect(followed.evidence[1]!.itemIds).toEqual([
        shared.world.items.menteePending,
        shared.world.items.menteeAccepted,
      ]);

      const page = await open("admin", `/faculty/${person}`);
      expect(page.statusCode).toBe(200);
      for (const id of ids) expect(page.body).toContain(`id="pending-${id}"`);
    });
  });
});
