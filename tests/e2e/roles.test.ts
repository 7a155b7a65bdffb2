import type { Page } from "playwright-core";
import { describe, expect, it } from "vitest";
import { reconcileFaculty } from "../../src/services/reconcile.ts";
import { storeHarvest } from "../../src/services/store.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { PEOPLE, pubmedArticle, ROLE_USERS, type RoleUser } from "../helpers/access-world.ts";
import {
  browserOverAccessWorld,
  expectAccessible,
  signedInAs,
  type BrowserWorld,
} from "../helpers/browser.ts";

/** The "Links" line of a profile page, e.g. "1 accepted, 1 pending, 0 rejected". */
async function linksLine(page: Page): Promise<string> {
  return (await page.locator("dt:text-is('Links') + dd").textContent()) ?? "";
}

/** The faculty ids a page links to as profiles. */
async function profilesListed(page: Page): Promise<string[]> {
  const hrefs = await page
    .locator('main a[href^="/faculty/"]')
    .evaluateAll((links: Array<{ getAttribute(name: string): string | null }>) =>
      links.map((link) => link.getAttribute("href") ?? ""),
    );
  return [
    ...new Set(hrefs.map((href) => decodeURIComponent(href.slice("/faculty/".length).split(/[/?#]/)[0]!))),
  ].sort();
}

/** A PubMed record of the mentee's, as the harvest parses it. */
function menteeArticle(pmid: string, title: string): PubmedArticleRecord {
  return pubmedArticle(pmid, title, {
    journal: "Journal of General Internal Medicine",
    publicationDate: { year: 2026, month: 11 },
  });
}

/**
 * A harvest of one PubMed record for the person, as a harvest job and then the reconcile worker do
 * it: the record stored with its item and link, then the person's ledger rebuilt.
 */
async function harvestPaper(
  shared: BrowserWorld,
  facultyId: string,
  pmid: string,
  title: string,
): Promise<void> {
  const { db } = shared.testDb;
  const runId = `run-${pmid}`;
  const jobId = `pubmed:${facultyId}:${runId}`;
  await db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: ["pubmed"] } });
  await db.harvestJob.create({ data: { id: jobId, runId, facultyId, source: "pubmed" } });
  await storeHarvest(db, {
    jobId,
    runId,
    facultyId,
    source: "pubmed",
    fetchedAt: new Date(),
    records: [
      {
        payload: menteeArticle(pmid, title),
        link: {
          authorIndex: 0,
          authorPosition: "sole",
          equalContribution: false,
          status: "accepted",
          score: 95,
          evidence: [{ kind: "orcid_match", weight: 100, reason: "ORCID iD on the author" }],
        },
      },
    ],
  });
  await reconcileFaculty(db, facultyId, shared.web.services.rules);
}

describe("each kind of user in a browser", () => {
  const shared = browserOverAccessWorld();

  it("lets a faculty member accept their pending paper, and their counts change at once", async () => {
    const { context, page } = await signedInAs(shared, "faculty");
    await page.getByRole("link", { name: "My profile" }).click();
    await page.waitForURL((url) => url.pathname === `/faculty/${PEOPLE.MENTEE}`);
    expect(await linksLine(page)).toBe("1 accepted, 1 pending, 0 rejected");

    const paper = page.locator("article", { hasText: "Pending paper of the mentee" });
    await paper.getByLabel("Note (optional)").fill("Mine: my first paper at this university");
    await paper.getByRole("button", { name: /^Accept/ }).click();
    await page.waitForLoadState();
    expect(await linksLine(page)).toBe("2 accepted, 0 pending, 0 rejected");
    await expect.poll(() => page.getByText("Nothing awaits a decision.").count()).toBe(1);
    // The ledger was rebuilt with the decision: both papers now count.
    const counted = await shared.testDb.db.ledgerEntry.count({
      where: { facultyId: PEOPLE.MENTEE, counted: true, metric: "peer_reviewed_publications" },
    });
    expect(counted).toBe(2);
    const link = await shared.testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: PEOPLE.MENTEE, itemId: shared.world.items.menteePending } },
    });
    expect(link).toMatchObject({ status: "accepted", decidedByUserId: shared.world.actors.faculty.userId });
    await expectAccessible(page);
    await context.close();
  });

  it("refuses a decision posted without its CSRF token, leaving the link pending", async () => {
    const { context, page } = await signedInAs(shared, "admin");
    await page.goto(`/faculty/${PEOPLE.OUTSIDER}`);
    const paper = page.locator("article", { hasText: "Pending paper of the outsider" });
    await paper.locator('input[name="_csrf"]').evaluate((input: { remove(): void }) => input.remove());
    const answer = page.waitForResponse((response) => response.request().method() === "POST");
    await paper.getByRole("button", { name: /^Accept/ }).click();
    expect((await answer).status()).toBe(403);
    const link = await shared.testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: PEOPLE.OUTSIDER, itemId: shared.world.items.outsiderPending } },
    });
    expect(link.status).toBe("pending");
    await context.close();
  });

  it("shows a mentor a mentee's paper harvested since their last visit, and no one else's", async () => {
    const before = await signedInAs(shared, "mentor");
    await before.page.getByRole("link", { name: "My mentees" }).click();
    await before.page.waitForURL((url) => url.pathname === "/mentor");
    await before.context.close();

    await harvestPaper(
      shared,
      PEOPLE.MENTEE,
      "39000001",
      "Telehealth follow-up after heart failure admissions",
    );
    await harvestPaper(shared, PEOPLE.OUTSIDER, "39000002", "A paper by someone the mentor does not mentor");

    const { context, page } = await signedInAs(shared, "mentor");
    await page.goto("/mentor");
    const mentee = page
      .locator("section, article, div", { has: page.getByRole("heading", { name: /Mentee, Alex/ }) })
      .last();
    await expect
      .poll(() => mentee.getByText("Telehealth follow-up after heart failure admissions").count())
      .toBe(1);
    expect(await page.getByText("A paper by someone the mentor does not mentor").count()).toBe(0);
    await expectAccessible(page);

    await page.goto(`/faculty/${PEOPLE.MENTEE}`);
    expect(
      await page.getByText("Telehealth follow-up after heart failure admissions").count(),
    ).toBeGreaterThan(0);

    const outside = await page.goto(`/faculty/${PEOPLE.OUTSIDER}`);
    expect(outside?.status()).toBe(404);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toBe("Page not found");
    expect(await page.getByText("Outsider").count()).toBe(0);
    await context.close();
  });

  it("shows a committee member only the candidates assigned to their committee", async () => {
    const { context, page } = await signedInAs(shared, "committee");
    await page.getByRole("navigation", { name: "Main" }).getByRole("link", { name: "Candidates" }).click();
    await page.waitForURL((url) => url.pathname === "/faculty");
    expect(await profilesListed(page)).toEqual([PEOPLE.MENTEE, PEOPLE.CANDIDATE].sort());
    expect(await page.getByText("Outsider").count()).toBe(0);

    await page.goto(`/faculty/${PEOPLE.CANDIDATE}`);
    expect(await page.getByRole("heading", { level: 1 }).textContent()).toContain("Candidate, Alex");
    // Read-only: nothing to accept or reject.
    expect(await page.getByRole("button", { name: /^Accept/ }).count()).toBe(0);
    for (const id of [PEOPLE.OUTSIDER, PEOPLE.MENTEE2]) {
      expect((await page.goto(`/faculty/${id}`))?.status()).toBe(404);
    }
    await context.close();
  });

  /**
   * Follows the links from home, checking every page with axe-core; forms are not sent. Each page
   * is checked once: other query strings, or another person's id, give the same template.
   */
  async function checkReachablePages(page: Page): Promise<string[]> {
    const seen = new Set<string>(["/"]);
    const queue = ["/"];
    const checked: string[] = [];
    while (queue.length > 0) {
      const path = queue.shift()!;
      const response = await page.goto(path);
      if (!response?.headers()["content-type"]?.startsWith("text/html")) continue;
      await expectAccessible(page);
      checked.push(path);
      const hrefs = await page
        .locator("a[href]")
        .evaluateAll((links: Array<{ getAttribute(name: string): string | null }>) =>
          links.map((link) => link.getAttribute("href") ?? ""),
        );
      for (const href of hrefs) {
        const url = new URL(href, page.url());
        // The JSON API is not a page; the queue dashboard is bull-board's own screen, not ours.
        if (url.origin !== shared.baseUrl || url.pathname.startsWith("/api/v1")) continue;
        if (url.pathname.endsWith(".json") || url.pathname.startsWith("/admin/queues")) continue;
        const template = url.pathname.replace(/\/[A-Za-z]?\d+(?=\/|$)/g, "/:id");
        if (!seen.has(template)) {
          seen.add(template);
          queue.push(url.pathname);
        }
      }
    }
    return checked;
  }

  it.each(ROLE_USERS)(
    "has no serious or critical accessibility violation on any page a %s reaches",
    { timeout: 90_000 },
    async (role: RoleUser) => {
      const { context, page } = await signedInAs(shared, role);
      const checked = await checkReachablePages(page);
      expect(checked.length, checked.join(", ")).toBeGreaterThan(2);
      await context.close();
    },
  );
});
