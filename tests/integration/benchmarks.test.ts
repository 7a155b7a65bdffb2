import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { Command } from "commander";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerBenchmarkCommands } from "../../src/cli/benchmarks.ts";
import type { CliContext } from "../../src/cli/context.ts";
import { registerFacultyCommands } from "../../src/cli/faculty.ts";
import type { PersonCheck } from "../../src/benchmarks/check.ts";
import type { AuthorPosition, Metric } from "../../src/reconcile/classify.ts";
import type { ItemKind, Prisma } from "../../src/generated/prisma/client.ts";
import type { GrantRole } from "../../src/sources/candidate.ts";
import type { CvRow } from "../../src/sources/cv/parse.ts";
import type { NormGroup } from "../../src/services/benchmarks.ts";
import { runBuiltCli, runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

function run(...args: string[]) {
  return runCommand((program: Command, ctx: CliContext) => {
    registerBenchmarkCommands(program, ctx);
    registerFacultyCommands(program, ctx);
  }, args);
}

const CRITERIA = {
  note: "criteria for the tests",
  schemaVersion: 1,
  version: "test-1",
  ranks: ["Assistant Professor", "Associate Professor", "Professor"],
  minNormGroup: 3,
  tracks: [
    {
      track: "tenure",
      targets: [
        {
          rank: "Associate Professor",
          lookBackYears: 5,
          requirements: [
            {
              id: "papers",
              label: "papers",
              labelSingular: "paper",
              metric: "peer_reviewed_publications",
              atLeast: 4,
            },
            {
              id: "first-senior",
              label: "first- or senior-author papers",
              labelSingular: "first- or senior-author paper",
              metric: "peer_reviewed_publications",
              authorPositions: ["first", "last", "sole"],
              atLeast: 3,
            },
            { id: "national", label: "national presentations", metric: "national_presentations", atLeast: 1 },
            {
              id: "grants",
              label: "grants as PI or co-I",
              labelSingular: "grant as PI or co-I",
              metric: "grants_pi_or_coi",
              grantRoles: ["pi", "multiple_pi", "co_investigator"],
              atLeast: 1,
            },
          ],
        },
      ],
    },
    {
      track: "clinician educator",
      targets: [
        {
          rank: "Associate Professor",
          lookBackYears: 4,
          requirements: [{ id: "papers", label: "papers", metric: "peer_reviewed_publications", atLeast: 2 }],
        },
      ],
    },
  ],
};

interface LineSpec {
  kind: ItemKind;
  metric: Metric | null;
  year: number;
  title: string;
  authorPosition?: AuthorPosition;
  role?: GrantRole;
  status?: "accepted" | "rejected";
  grantYears?: { start: number; end: number };
}

describe("benchmarks", () => {
  let testDb: TestDatabase;
  let dir: string;
  let criteriaPath: string;
  const itemIds = new Map<string, number>();

  async function addLine(facultyId: string, spec: LineSpec): Promise<void> {
    const { db } = testDb;
    const item = await db.item.create({ data: { kind: spec.kind, title: spec.title, year: spec.year } });
    itemIds.set(spec.title, item.id);
    const decidedAt = new Date("2024-01-01T00:00:00Z");
    await db.facultyItem.create({
      data: {
        facultyId,
        itemId: item.id,
        status: spec.status ?? "accepted",
        decidedBy: "test",
        decidedAt,
        evidence: {},
        role: spec.role ?? null,
      },
    });
    const recordName = `cv:${facultyId}/${item.id}`;
    if (spec.grantYears) {
      const row: CvRow = {
        facultyId,
        kind: "grant",
        title: spec.title,
        year: spec.year,
        role: spec.role ?? "pi",
        startYear: spec.grantYears.start,
        endYear: spec.grantYears.end,
      };
      await db.sourceRecord.create({
        data: {
          source: "cv",
          sourceId: `${facultyId}/${item.id}`,
          itemId: item.id,
          payload: row as unknown as Prisma.InputJsonValue,
          payloadHash: spec.title,
          fetchedAt: decidedAt,
        },
      });
    }
    await db.ledgerEntry.create({
      data: {
        facultyId,
        itemId: item.id,
        memberItemIds: [item.id],
        kind: spec.kind,
        title: spec.title,
        year: spec.year,
        metric: spec.metric,
        counted: spec.metric !== null,
        rule: "test",
        rulesVersion: "test",
        reason: "test",
        role: spec.role ?? null,
        authorPosition: spec.authorPosition ?? null,
        provenance: {
          why: [],
          from: { year: recordName, ...(spec.kind === "grant" ? { grant: recordName } : {}) },
        },
        computedAt: decidedAt,
      },
    });
  }

  const paper = (
    year: number,
    title: string,
    authorPosition: AuthorPosition,
    status?: "rejected",
  ): LineSpec => ({
    kind: "publication",
    metric: "peer_reviewed_publications",
    year,
    title,
    authorPosition,
    ...(status ? { status } : {}),
  });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-benchmarks-"));
    criteriaPath = path.join(dir, "benchmarks.json");
    await writeFile(criteriaPath, JSON.stringify(CRITERIA));
    process.env.DATABASE_URL = testDb.url;
    process.env.BENCHMARKS_PATH = criteriaPath;
    const { db } = testDb;
    const person = (id: string, track: string | null, rank: string | null, cohort = "A") => ({
      id,
      lastName: `Last${id}`,
      firstName: "First",
      rank,
      track,
      cohort,
    });
    await db.faculty.createMany({
      data: [
        person("C1", "tenure", "Assistant Professor"),
        person("C2", "clinician scholar", "Assistant Professor"),
        person("C3", "tenure", "Professor"),
        person("P1", "Tenure", "Associate Professor", "B"),
        person("P2", "tenure", "Associate Professor", "B"),
        person("P3", "tenure", "Associate Professor", "B"),
        person("P4", "clinician-educator", "Associate Professor", "B"),
      ],
    });
    const lines: Array<[string, LineSpec]> = [
      ["C1", paper(2019, "C1 2019 first", "first")],
      ["C1", paper(2020, "C1 2020 first", "first")],
      ["C1", paper(2022, "C1 2022 middle", "middle")],
      ["C1", paper(2024, "C1 2024 last", "last")],
      ["C1", paper(2025, "C1 2025 first", "first")],
      ["C1", paper(2022, "C1 2022 rejected", "first", "rejected")],
      [
        "C1",
        {
          kind: "publication",
          metric: "other_publications",
          year: 2023,
          title: "C1 2023 letter",
          authorPosition: "first",
        },
      ],
      [
        "C1",
        { kind: "presentation", metric: "national_presentations", year: 2021, title: "C1 2021 national" },
      ],
      ["C1", { kind: "presentation", metric: "other_presentations", year: 2023, title: "C1 2023 regional" }],
      [
        "C1",
        {
          kind: "grant",
          metric: "grants_pi_or_coi",
          year: 2017,
          title: "C1 grant 2017-2020",
          role: "co_investigator",
          grantYears: { start: 2017, end: 2020 },
        },
      ],
      // P1, promoted 2018-07-01: window 2014-2018 holds 2 papers, both first-author.
      ["P1", paper(2013, "P1 2013", "first")],
      ["P1", paper(2014, "P1 2014", "first")],
      ["P1", paper(2018, "P1 2018", "first")],
      ["P1", paper(2019, "P1 2019", "first")],
      // P2, promoted 2020-07-01: window 2016-2020 holds 5 papers, all first-author.
      ...[2016, 2017, 2018, 2019, 2020].map((year): [string, LineSpec] => [
        "P2",
        paper(year, `P2 ${year}`, "first"),
      ]),
      // P3, promoted 2022-07-01: window 2018-2022 holds 4 middle-author papers.
      ...[2018, 2019, 2020, 2021].map((year): [string, LineSpec] => [
        "P3",
        paper(year, `P3 ${year}`, "middle"),
      ]),
      ["P4", paper(2019, "P4 2019", "first")],
    ];
    for (const [facultyId, spec] of lines) await addLine(facultyId, spec);
  });

  afterAll(async () => {
    await testDb?.drop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  async function check(...args: string[]): Promise<PersonCheck[]> {
    const result = await run("benchmarks", "check", "--format", "json", ...args);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.out) as PersonCheck[];
  }

  const requirement = (person: PersonCheck, id: string) =>
    person.requirements.find((entry) => entry.id === id)!;
  const ids = (...titles: string[]) => titles.map((title) => itemIds.get(title)!).sort((a, b) => a - b);

  describe("faculty promotions import", () => {
    it("lists every bad row by file and line and imports nothing", async () => {
      const file = path.join(dir, "bad-promotions.csv");
      await writeFile(
        file,
        [
          "faculty_id,rank,date",
          "P1,Associate Professor,2018-07-01",
          "NOBODY,Associate Professor,2019-01-01",
          "P2,Associate Professor,2020-02-30",
          "P3,,2022-07-01",
          "P1,associate professor,2018-08-01",
        ].join("\n"),
      );
      const result = await run("faculty", "promotions", "import", file);
      expect(result.code).toBe(1);
      expect(result.err).toContain(`${file} line 3: faculty_id "NOBODY" is not in the roster`);
      expect(result.err).toContain(`${file} line 4: date "2020-02-30" is not a date such as 2019-07-01`);
      expect(result.err).toContain(`${file} line 5: rank is required`);
      expect(result.err).toContain(`${file} line 6: promotes P1 to associate professor again (also line 2)`);
      expect(result.err).toContain("nothing imported");
      expect(await testDb.db.promotion.count()).toBe(0);
    });

    it("refuses a file whose header lacks a column", async () => {
      const file = path.join(dir, "no-date.csv");
      await writeFile(file, "faculty_id,rank\nP1,Associate Professor\n");
      const result = await run("faculty", "promotions", "import", file);
      expect(result.code).toBe(1);
      expect(result.err).toContain(`${file} line 1: the header lacks date`);
    });

    it("imports the valid rows with --skip-invalid, and the same file twice changes nothing", async () => {
      const file = path.join(dir, "promotions.csv");
      await writeFile(
        file,
        [
          "faculty_id,rank,date",
          "P1,Associate Professor,2018-07-01",
          "P2,Associate Professor,2020-07-01",
          "P3,Associate Professor,2022-07-01",
          "P4,Associate Professor,2023-07-01",
          "NOBODY,Professor,2019-01-01",
        ].join("\n"),
      );
      const first = await run("faculty", "promotions", "import", file, "--skip-invalid");
      expect(first.code).toBe(1);
      expect(first.err).toContain(`${file} line 6: faculty_id "NOBODY" is not in the roster`);
      expect(first.out).toContain("created 4, updated 0, unchanged 0, skipped 1");
      const before = await testDb.db.promotion.findMany({ orderBy: { id: "asc" } });

      const again = await run("faculty", "promotions", "import", file, "--skip-invalid");
      expect(again.out).toContain("created 0, updated 0, unchanged 4, skipped 1");
      expect(await testDb.db.promotion.findMany({ orderBy: { id: "asc" } })).toEqual(before);
    });

    it("changes the date of a promotion on record", async () => {
      const file = path.join(dir, "moved.csv");
      await writeFile(file, "faculty_id,rank,date\nP4,Associate Professor,2023-09-01\n");
      const moved = await run("faculty", "promotions", "import", file);
      expect(moved.code).toBe(0);
      expect(moved.out).toContain("created 0, updated 1, unchanged 0, skipped 0");
      const row = await testDb.db.promotion.findFirstOrThrow({ where: { facultyId: "P4" } });
      expect(row.date.toISOString().slice(0, 10)).toBe("2023-09-01");
    });
  });

  describe("benchmarks check", () => {
    it("counts each requirement in the look-back window with its items, met or not, and the gap", async () => {
      const [c1] = await check("--faculty", "C1", "--as-of", "2024-06-30");
      expect(c1).toMatchObject({
        facultyId: "C1",
        name: "First LastC1",
        track: "tenure",
        rank: "Assistant Professor",
        targetRank: "Associate Professor",
        asOf: "2024-06-30",
        window: { from: 2020, to: 2024 },
        met: false,
      });
      expect(Object.keys(c1!).slice(0, 9)).toEqual([
        "facultyId",
        "name",
        "track",
        "rank",
        "targetRank",
        "asOf",
        "window",
        "requirements",
        "met",
      ]);
      // The first (2020) and last (2024) years of the look-back count; 2019, 2025, a rejected link and a letter do not.
      expect(requirement(c1!, "papers")).toMatchObject({
        label: "papers",
        metric: "peer_reviewed_publications",
        required: 4,
        count: 3,
        met: false,
        gap: "1 more paper",
        itemIds: ids("C1 2020 first", "C1 2022 middle", "C1 2024 last"),
      });
      expect(requirement(c1!, "first-senior")).toMatchObject({
        required: 3,
        count: 2,
        met: false,
        gap: "1 more first- or senior-author paper",
        itemIds: ids("C1 2020 first", "C1 2024 last"),
      });
      expect(requirement(c1!, "national")).toMatchObject({
        count: 1,
        met: true,
        gap: null,
        itemIds: ids("C1 2021 national"),
      });
      // A grant active 2017-2020 overlaps the window's first year.
      expect(requirement(c1!, "grants")).toMatchObject({
        count: 1,
        met: true,
        gap: null,
        itemIds: ids("C1 grant 2017-2020"),
      });
    });

    it("moves the window with --as-of: a grant that ended before it no longer counts", async () => {
      const [later] = await check("--faculty", "C1", "--as-of", "2025-01-01");
      expect(later!.window).toEqual({ from: 2021, to: 2025 });
      expect(requirement(later!, "papers").itemIds).toEqual(
        ids("C1 2022 middle", "C1 2024 last", "C1 2025 first"),
      );
      expect(requirement(later!, "grants")).toMatchObject({
        count: 0,
        met: false,
        gap: "1 more grant as PI or co-I",
      });

      const [earlier] = await check("--faculty", "C1", "--as-of", "2023-12-31");
      expect(earlier!.window).toEqual({ from: 2019, to: 2023 });
      expect(requirement(earlier!, "first-senior").itemIds).toEqual(ids("C1 2019 first", "C1 2020 first"));
      expect(requirement(earlier!, "papers").gap).toBe("1 more paper");
    });

    it("places each count among the people promoted to the rank on the track", async () => {
      const [c1] = await check("--faculty", "C1", "--as-of", "2024-06-30");
      // Papers at promotion: P1 2, P2 5, P3 4; C1's 3 is above one of three.
      expect(requirement(c1!, "papers")).toMatchObject({
        percentile: 33.3,
        normTooSmall: false,
        norm: { n: 3, min: 2, q1: 3, median: 4, q3: 4.5, max: 5 },
      });
      // First- or senior-author papers: P1 2, P2 5, P3 0; C1's 2 ties one of three.
      expect(requirement(c1!, "first-senior")).toMatchObject({ percentile: 50, norm: { n: 3, median: 2 } });
      expect(requirement(c1!, "national")).toMatchObject({ percentile: 100, norm: { n: 3, max: 0 } });
    });

    it("says why a person has nothing to be checked against, and checks the others", async () => {
      const people = await check("--cohort", "A", "--as-of", "2024-06-30");
      expect(people.map((person) => person.facultyId)).toEqual(["C1", "C2", "C3"]);
      expect(people[1]).toMatchObject({
        targetRank: "Associate Professor",
        requirements: [],
        met: null,
        window: null,
        noCriteria: 'no criteria for track "clinician scholar" (tracks: tenure, clinician educator)',
      });
      expect(people[2]).toMatchObject({
        targetRank: null,
        met: null,
        noCriteria: '"Professor" is the highest rank',
      });
    });

    it("refuses a check without exactly one of --faculty, --cohort and --all, or an unknown person", async () => {
      expect((await run("benchmarks", "check")).code).toBe(2);
      expect((await run("benchmarks", "check", "--all", "--cohort", "A")).code).toBe(2);
      const unknown = await run("benchmarks", "check", "--faculty", "C1", "NOBODY");
      expect(unknown.code).toBe(1);
      expect(unknown.err).toContain("Not on the roster: NOBODY");
      const badDate = await runBuiltCli(["benchmarks", "check", "--all", "--as-of", "2024-02-30"], {
        DATABASE_URL: testDb.url,
        BENCHMARKS_PATH: criteriaPath,
      });
      expect(badDate.code).toBe(2);
      expect(badDate.stderr).toContain("give a date such as 2026-06-30");
    });

    it("writes csv, a table and printable html; --out replaces the file only when complete", async () => {
      const csv = await run(
        "benchmarks",
        "check",
        "--faculty",
        "C1",
        "--as-of",
        "2024-06-30",
        "--format",
        "csv",
      );
      const [header, papers] = csv.out.trim().split("\n");
      expect(header).toContain(
        "faculty_id,name,track,rank,target_rank,as_of,window_from,window_to,requirement",
      );
      expect(papers).toContain(
        `C1,First LastC1,tenure,Assistant Professor,Associate Professor,2024-06-30,2020,2024,papers`,
      );
      expect(papers).toContain(ids("C1 2020 first", "C1 2022 middle", "C1 2024 last").join(";"));

      const table = await run("benchmarks", "check", "--faculty", "C1", "--as-of", "2024-06-30");
      expect(table.out).toContain("criteria not yet met as of 2024-06-30 (window 2020-2024)");
      expect(table.out).toMatch(
        /first- or senior-author papers +3 +2 +no +1 more first- or senior-author paper/,
      );

      const out = path.join(dir, "check.html");
      const html = await run(
        "benchmarks",
        "check",
        "--all",
        "--as-of",
        "2024-06-30",
        "--format",
        "html",
        "--out",
        out,
      );
      expect(html.out).toContain(`written to ${out}`);
      const page = await readFile(out, "utf8");
      expect(page).toMatch(/^<!doctype html>/);
      expect(page).toContain("@media print");
      expect(page).toContain("<h1>Promotion benchmarks</h1>\n<p>Criteria version test-1;");
      expect(page).toContain("1 more first- or senior-author paper");
    });
  });

  describe("benchmarks norms", () => {
    it("gives n, median and quartiles per requirement at the time of promotion", async () => {
      const result = await run(
        "benchmarks",
        "norms",
        "--track",
        "tenure",
        "--rank",
        "associate professor",
        "--format",
        "json",
      );
      expect(result.code).toBe(0);
      const [group] = JSON.parse(result.out) as NormGroup[];
      expect(group).toMatchObject({
        track: "tenure",
        rank: "Associate Professor",
        lookBackYears: 5,
        n: 3,
        tooSmall: false,
      });
      expect(
        group!.promotions.map((promotion) => [promotion.facultyId, promotion.date, promotion.counts]),
      ).toEqual([
        ["P1", "2018-07-01", { papers: 2, "first-senior": 2, national: 0, grants: 0 }],
        ["P2", "2020-07-01", { papers: 5, "first-senior": 5, national: 0, grants: 0 }],
        ["P3", "2022-07-01", { papers: 4, "first-senior": 0, national: 0, grants: 0 }],
      ]);
      expect(group!.requirements.find((entry) => entry.id === "papers")).toMatchObject({
        n: 3,
        min: 2,
        q1: 3,
        median: 4,
        q3: 4.5,
        max: 5,
      });
      expect(group!.requirements.find((entry) => entry.id === "first-senior")).toMatchObject({
        q1: 1,
        median: 2,
        q3: 3.5,
      });
    });

    it("says when the norm group is too small, and refuses a track the criteria do not have", async () => {
      const small = await run("benchmarks", "norms", "--track", "clinician educator");
      expect(small.out).toContain(
        "clinician educator -> Associate Professor: 1 promotion(s), 4-year look-back (too few to compare with)",
      );
      const unknown = await run("benchmarks", "norms", "--track", "surgery");
      expect(unknown.code).toBe(1);
      expect(unknown.err).toContain('No criteria for track "surgery"');
    });
  });

  describe("the built command line", () => {
    it("prints the documented JSON shape", async () => {
      const result = await runBuiltCli(
        ["benchmarks", "check", "--faculty", "C1", "--as-of", "2024-06-30", "--format", "json"],
        { DATABASE_URL: testDb.url, BENCHMARKS_PATH: criteriaPath },
      );
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      const [c1] = JSON.parse(result.stdout) as Array<Record<string, unknown>>;
      expect(c1).toEqual(
        expect.objectContaining({
          facultyId: "C1",
          name: "First LastC1",
          track: "tenure",
          rank: "Assistant Professor",
          targetRank: "Associate Professor",
          asOf: "2024-06-30",
          window: { from: 2020, to: 2024 },
          met: false,
        }),
      );
      const requirements = c1!.requirements as Array<Record<string, unknown>>;
      expect(requirements).toHaveLength(4);
      for (const entry of requirements) {
        expect(Object.keys(entry)).toEqual(
          expect.arrayContaining(["id", "label", "metric", "required", "count", "met", "gap", "itemIds"]),
        );
        expect(entry.itemIds).toHaveLength(entry.count as number);
      }
    });

    it("refuses a bad criteria file with the field and the reason, exit code 2", async () => {
      const bad = path.join(dir, "bad-benchmarks.json");
      const broken = structuredClone(CRITERIA);
      broken.tracks[0]!.targets[0]!.lookBackYears = 0;
      await writeFile(bad, JSON.stringify(broken));
      const result = await runBuiltCli(["benchmarks", "check", "--all"], {
        DATABASE_URL: testDb.url,
        BENCHMARKS_PATH: bad,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`Invalid benchmark criteria in ${bad}`);
      expect(result.stderr).toContain("tracks[0].targets[0].lookBackYears: must be at least 1");
      expect(result.stdout).toBe("");
    });
  });
});
