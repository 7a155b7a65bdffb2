import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { registerReviewCommands } from "../../src/cli/review.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

function review(...args: string[]) {
  return runCommand(registerReviewCommands, ["review", ...args]);
}

describe("people's review decisions", () => {
  let testDb: TestDatabase;
  let dir: string;
  const items: Record<string, number> = {};

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-review-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  beforeEach(async () => {
    const { db } = testDb;
    await db.facultyItem.deleteMany();
    await db.item.deleteMany();
    await db.faculty.deleteMany();
    await db.faculty.createMany({
      data: [
        { id: "F1", lastName: "Okafor", firstName: "Maria", affiliationTerms: [], nameVariants: [] },
        { id: "F2", lastName: "Lee", firstName: "James", affiliationTerms: [], nameVariants: [] },
      ],
    });
    const make = async (key: string, pmid: string | null, title: string) => {
      const item = await db.item.create({
        data: {
          kind: key.startsWith("grant") ? "grant" : "publication",
          title,
          year: 2019,
          pmid,
          publicationTypes: [],
        },
      });
      items[key] = item.id;
    };
    await make("sure", "1001", "Readmissions after heart failure");
    await make("middling", "1002", "Telehealth follow-up in primary care");
    await make("unlikely", "1003", "Knee imaging in athletes");
    await make("unscored", "1004", "A letter");
    await make("grant", null, "Opioid prescribing trial");
    const link = (itemId: number, score: number | null, evidence: unknown[] = []) => ({
      facultyId: "F1",
      itemId,
      status: "pending" as const,
      decidedBy: "system",
      decidedAt: new Date("2026-01-01T00:00:00Z"),
      score,
      evidence: evidence as object[],
    });
    await db.facultyItem.createMany({
      data: [
        link(items.sure!, 72, [{ kind: "affiliation_match", weight: 25, reason: "home affiliation" }]),
        link(items.middling!, 52, [
          { kind: "first_name_agrees", weight: 10, reason: "full first name agrees" },
          { kind: "no_affiliation", weight: 0, reason: "no affiliation" },
        ]),
        link(items.unlikely!, 30, [{ kind: "affiliation_elsewhere", weight: -30, reason: "elsewhere" }]),
        link(items.unscored!, null),
        link(items.grant!, 40, [
          {
            kind: "reporter_name",
            weight: 40,
            reason: "PI name agrees on 1R01DA000001-01 (RePORTER profile id 555)",
            reporterProfileId: 555,
          },
        ]),
      ],
    });
  });

  it("lists pending links most uncertain first, with the strongest evidence", async () => {
    const listed = await review("list", "--faculty", "F1", "--format", "json");
    expect(listed.code).toBe(0);
    const rows = JSON.parse(listed.out) as Array<{
      itemId: number;
      score: number | null;
      strongest: string | null;
    }>;
    // Thresholds 75 and 25: the middle is 50. No score at all is the most uncertain.
    expect(rows.map((row) => row.itemId)).toEqual([
      items.unscored,
      items.middling,
      items.grant,
      items.unlikely,
      items.sure,
    ]);
    expect(rows[1]!.strongest).toBe("+10 full first name agrees");
    const table = await review("list", "--limit", "2");
    expect(table.out.split("\n")[0]).toMatch(/^FACULTY\s+ITEM\s+KIND\s+SCORE/);
    expect(table.out.trim().split("\n")).toHaveLength(3);
  });

  it("says when a link's author is indistinguishable by name from a roster colleague", async () => {
    const twin = {
      kind: "colleague_namesake",
      weight: -5,
      reason: '"Okafor Maria" fits roster colleague Maria Okafor (F3) as well as them',
      indistinguishableFrom: "Maria Okafor (F3)",
    };
    await testDb.db.facultyItem.update({
      where: { facultyId_itemId: { facultyId: "F1", itemId: items.middling! } },
      data: { evidence: [twin] },
    });
    const json = JSON.parse((await review("list", "--faculty", "F1", "--format", "json")).out) as Array<{
      itemId: number;
      indistinguishableFrom: string | null;
    }>;
    expect(json.find((row) => row.itemId === items.middling)!.indistinguishableFrom).toBe(
      "Maria Okafor (F3)",
    );
    expect(json.find((row) => row.itemId === items.sure)!.indistinguishableFrom).toBeNull();
    const table = (await review("list", "--faculty", "F1")).out.split("\n");
    expect(table[0]).toMatch(/NOTE$/);
    expect(table.find((line) => line.startsWith(`F1 `) && line.includes(` ${items.middling} `))).toContain(
      "indistinguishable by name from Maria Okafor (F3)",
    );
    const csv = (await review("list", "--faculty", "F1", "--format", "csv")).out.split("\n");
    expect(csv[0]!.split(",").at(-1)).toBe("indistinguishableFrom");
  });

  it("records who accepted or rejected, when, and why; the same decision again changes nothing", async () => {
    const accepted = await review(
      "accept",
      String(items.middling),
      "--faculty",
      "F1",
      "--note",
      "her trial",
      "--by",
      "alice",
    );
    expect(accepted.code).toBe(0);
    expect(accepted.out).toContain(`F1 item ${items.middling}: accepted (was pending (automatic))`);
    const link = await testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: "F1", itemId: items.middling! } },
    });
    expect(link).toMatchObject({ status: "accepted", decidedBy: "alice", note: "her trial" });
    expect(link.decidedAt.getTime()).toBeGreaterThan(Date.parse("2026-01-01T00:00:00Z"));

    const again = await review(
      "accept",
      String(items.middling),
      "--faculty",
      "F1",
      "--note",
      "her trial",
      "--by",
      "alice",
    );
    expect(again.out).toContain("nothing changed");

    const rejected = await review("reject", String(items.unlikely), "--faculty", "F1", "--by", "bob");
    expect(rejected.out).toContain("rejected (was pending (automatic))");
    expect(
      (
        await testDb.db.facultyItem.findUniqueOrThrow({
          where: { facultyId_itemId: { facultyId: "F1", itemId: items.unlikely! } },
        })
      ).decidedBy,
    ).toBe("bob");
  });

  it("keeps a link's evidence when a person decides on it, so explain still shows why it was linked", async () => {
    const rejected = await review("reject", String(items.unlikely), "--faculty", "F1", "--by", "alice");
    expect(rejected.code).toBe(0);
    const link = await testDb.db.facultyItem.findUniqueOrThrow({
      where: { facultyId_itemId: { facultyId: "F1", itemId: items.unlikely! } },
    });
    expect(link).toMatchObject({ status: "rejected", decidedBy: "alice" });
    expect(link.evidence).toEqual([{ kind: "affiliation_elsewhere", weight: -30, reason: "elsewhere" }]);
    const explained = await review("explain", String(items.unlikely), "--faculty", "F1");
    expect(explained.out).toContain("-30  elsewhere");
  });

  it("links an item a person says is theirs even when no harvest linked it", async () => {
    const result = await review("accept", String(items.sure), "--faculty", "F2", "--by", "carol");
    expect(result.out).toContain("accepted (was not linked)");
    expect(await testDb.db.facultyItem.count({ where: { facultyId: "F2", status: "accepted" } })).toBe(1);
  });

  it("confirms the PI's RePORTER profile id when a person accepts a grant matched by name", async () => {
    const result = await review("accept", String(items.grant), "--faculty", "F1", "--by", "alice");
    expect(result.out).toContain("RePORTER profile id 555 confirmed for later harvests");
    expect((await testDb.db.faculty.findUniqueOrThrow({ where: { id: "F1" } })).reporterProfileId).toBe(555);
  });

  it("refuses an unknown faculty member or item, and the automatic decider's name", async () => {
    expect(await review("accept", String(items.sure), "--faculty", "NOPE", "--by", "alice")).toMatchObject({
      code: 1,
      err: "Error: Nothing decided: no faculty member with id NOPE\n",
    });
    expect((await review("reject", "999999", "--faculty", "F1", "--by", "alice")).err).toBe(
      "Error: Nothing decided: no item with id 999999\n",
    );
    expect((await review("accept", "12x", "--faculty", "F1")).err).toContain('"12x" is not an item id');
    expect((await review("accept", String(items.sure), "--faculty", "F1", "--by", "system")).err).toContain(
      '"system" is the automatic decider',
    );
  });

  it("imports a file of decisions all at once, reports every bad line, and changes nothing twice", async () => {
    const file = path.join(dir, "decisions.csv");
    await writeFile(
      file,
      [
        "faculty_id,item_id,pmid,decision,note,decided_by",
        `F1,${items.sure},,accept,seen the paper,alice`,
        "F1,,1003,reject,namesake in orthopaedics,",
        "F9,,1002,accept,,",
        `F1,${items.middling},,maybe,,`,
        "F1,,99999999,accept,,",
        `F1,${items.sure},,reject,,`,
      ].join("\n"),
    );
    const blocked = await review("import", file, "--by", "dana");
    expect(blocked.code).toBe(1);
    expect(blocked.err.split("\n").filter(Boolean)).toEqual([
      `${file} line 4: faculty_id "F9" is not in the roster`,
      `${file} line 5: decision "maybe" is not accept or reject`,
      `${file} line 6: pmid names no item ScholarTrack holds (pmid 99999999)`,
      `${file} line 7: decides on faculty F1 and item ${items.sure} again (also line 2)`,
      `Error: 4 error(s) in ${file}; nothing applied. Fix them, or use --skip-invalid.`,
    ]);
    expect(await testDb.db.facultyItem.count({ where: { decidedBy: { not: "system" } } })).toBe(0);

    const partial = await review("import", file, "--by", "dana", "--skip-invalid");
    expect(partial.code).toBe(1);
    expect(partial.out).toContain("changed 2, unchanged 0, skipped 4");
    const decided = await testDb.db.facultyItem.findMany({
      where: { decidedBy: { not: "system" } },
      orderBy: { itemId: "asc" },
    });
    expect(decided.map((link) => [link.itemId, link.status, link.decidedBy, link.note])).toEqual([
      [items.sure, "accepted", "alice", "seen the paper"],
      [items.unlikely, "rejected", "dana", "namesake in orthopaedics"],
    ]);

    const twice = await review("import", file, "--by", "dana", "--skip-invalid");
    expect(twice.out).toContain("changed 0, unchanged 2, skipped 4");
  });

  it("says what is wrong with a file it cannot read as decisions", async () => {
    const file = path.join(dir, "bad-header.csv");
    await writeFile(file, "faculty,item_id,decision\nF1,1,accept\n");
    expect((await review("import", file, "--by", "dana")).err).toBe(
      `Error: ${file} line 1: unknown column "faculty" (the columns are faculty_id,item_id,pmid,doi,decision,note,decided_by)\n`,
    );
    await writeFile(file, "faculty_id,decision\nF1,accept\n");
    expect((await review("import", file, "--by", "dana")).err).toBe(
      `Error: ${file} line 1: the header lacks item_id, pmid or doi\n`,
    );
  });
});
