import { describe, expect, it } from "vitest";
import { SYSTEM_ACTOR } from "../../src/access/actor.ts";
import { authenticateToken, createToken } from "../../src/services/accounts.ts";
import { reviewQueue } from "../../src/services/review.ts";
import { PEOPLE } from "../helpers/access-world.ts";
import { webOverAccessWorld } from "../helpers/web.ts";

describe("large answers come a page at a time", () => {
  const shared = webOverAccessWorld();

  function get(url: string, role: "admin" | "mentor" = "admin") {
    return shared.web.app.inject({ url, headers: { authorization: `Bearer ${shared.world.tokens[role]}` } });
  }

  it("lists faculty a page at a time, sorted by name, with the total in X-Total-Count", async () => {
    const everyone = await get("/api/v1/faculty");
    expect(everyone.headers["x-total-count"]).toBe("5");
    const names = everyone.json<Array<{ name: string }>>().map((row) => row.name);
    expect(names).toEqual([...names].sort());

    const page = await get("/api/v1/faculty?limit=2&offset=2");
    expect(page.headers["x-total-count"]).toBe("5");
    expect(page.json<Array<{ name: string }>>().map((row) => row.name)).toEqual(names.slice(2, 4));
    expect((await get("/api/v1/faculty?limit=0")).statusCode).toBe(400);
  });

  it("counts each listed person's links on a page as on the whole list", async () => {
    const whole = (await get("/api/v1/faculty")).json<
      Array<{ id: string; accepted: number; pending: number }>
    >();
    const mentee = whole.find((row) => row.id === PEOPLE.MENTEE);
    expect(mentee).toMatchObject({ accepted: 1, pending: 1 });
    const alone = (await get(`/api/v1/faculty?limit=1&offset=${whole.indexOf(mentee!)}`)).json<unknown>();
    expect(alone).toEqual([mentee]);
  });

  it("pages and counts within the caller's scope and filters", async () => {
    const mentees = await get("/api/v1/faculty?limit=1", "mentor");
    expect(mentees.headers["x-total-count"]).toBe("2");
    expect(mentees.json<Array<{ id: string }>>().map((row) => row.id)).toEqual([PEOPLE.MENTEE]);
    const filtered = await get(`/api/v1/faculty?mentor=${PEOPLE.MENTOR}&division=Cardiology`);
    expect(filtered.headers["x-total-count"]).toBe("2");
    expect(await get("/api/v1/faculty?division=Nephrology")).toMatchObject({
      headers: { "x-total-count": "0" },
    });
  });

  it("answers the review queue 100 lines at a time unless asked for more", async () => {
    const { db } = shared.testDb;
    const extra = await db.item.createManyAndReturn({
      data: Array.from({ length: 120 }, (_, index) => ({
        kind: "publication" as const,
        title: `Queued paper ${index}`,
        publicationTypes: [],
      })),
      select: { id: true },
    });
    await db.facultyItem.createMany({
      data: extra.map(({ id }, index) => ({
        facultyId: PEOPLE.OUTSIDER,
        itemId: id,
        status: "pending" as const,
        decidedBy: "system",
        decidedAt: new Date(),
        score: 30 + (index % 40),
        evidence: [],
      })),
    });
    try {
      expect((await get("/api/v1/review")).json()).toHaveLength(100);
      expect((await get("/api/v1/review?limit=500")).json()).toHaveLength(123);
    } finally {
      await db.facultyItem.deleteMany({ where: { itemId: { in: extra.map(({ id }) => id) } } });
      await db.item.deleteMany({ where: { id: { in: extra.map(({ id }) => id) } } });
    }
  });
});

describe("the review queue's first lines", () => {
  const shared = webOverAccessWorld();

  it("are the same whether the whole queue is sorted or only the lines nearest the middle are read", async () => {
    const { db } = shared.testDb;
    // Scores on both sides of the middle (50), equal distances, ties within a score, and no score.
    const scores = [null, 50, 50, 49, 51, 40, 60, 60, 30, 70, 26, 74, null, 55, 45, 45, 33.5, 66.5];
    const created = await db.item.createManyAndReturn({
      data: scores.map((_, index) => ({
        kind: "publication" as const,
        title: `Paper ${index}`,
        publicationTypes: [],
      })),
      select: { id: true },
    });
    await db.facultyItem.createMany({
      data: created.map(({ id }, index) => ({
        facultyId: index % 2 === 0 ? PEOPLE.MENTEE2 : PEOPLE.CANDIDATE,
        itemId: id,
        status: "pending" as const,
        decidedBy: "system",
        decidedAt: new Date(),
        score: scores[index]!,
        evidence: [],
      })),
    });
    const thresholds = { accept: 75, reject: 25 };
    const whole = await reviewQueue(db, thresholds);
    const key = (row: { facultyId: string; itemId: number }) => `${row.facultyId}:${row.itemId}`;
    for (const limit of [1, 2, 3, 5, 8, 13, 21, 50]) {
      const first = await reviewQueue(db, thresholds, { limit });
      expect(first.map(key), `limit ${limit}`).toEqual(whole.slice(0, limit).map(key));
    }
    const scoped = await reviewQueue(db, thresholds, { facultyIds: [PEOPLE.CANDIDATE], limit: 4 });
    expect(scoped.map(key)).toEqual(
      whole
        .filter((row) => row.facultyId === PEOPLE.CANDIDATE)
        .slice(0, 4)
        .map(key),
    );
  });
});

describe("an API token's last use", () => {
  const shared = webOverAccessWorld();

  it("is written at most once a minute, so that a script's requests do not queue on one row", async () => {
    const { db } = shared.testDb;
    const { token, id } = await createToken(db, SYSTEM_ACTOR, { email: shared.world.emails.committee });
    const lastUsed = async () => (await db.apiToken.findUniqueOrThrow({ where: { id } })).lastUsedAt;
    const start = new Date("2026-12-07T10:00:00Z");
    expect(await authenticateToken(db, token, start)).not.toBeNull();
    expect(await lastUsed()).toEqual(start);
    expect(await authenticateToken(db, token, new Date(start.getTime() + 59_000))).not.toBeNull();
    expect(await lastUsed()).toEqual(start);
    const later = new Date(start.getTime() + 60_000);
    expect(await authenticateToken(db, token, later)).not.toBeNull();
    expect(await lastUsed()).toEqual(later);
  });
});
