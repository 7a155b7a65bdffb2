import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkRequirements, gapText, lookBackWindow, type CheckedLine } from "../../src/benchmarks/check.ts";
import {
  BenchmarkCriteriaError,
  DEFAULT_BENCHMARKS_PATH,
  loadBenchmarkCriteria,
  parseBenchmarkCriteria,
  targetFor,
} from "../../src/benchmarks/criteria.ts";
import { percentileRank, summarizeNorm } from "../../src/benchmarks/norms.ts";

function validCriteria() {
  return {
    schemaVersion: 1,
    version: "v1",
    ranks: ["Assistant Professor", "Associate Professor", "Professor"],
    tracks: [
      {
        track: "tenure",
        aliases: ["research"],
        targets: [
          {
            rank: "Associate Professor",
            lookBackYears: 5,
            requirements: [
              { id: "papers", label: "papers", metric: "peer_reviewed_publications", atLeast: 3 },
              {
                id: "first-senior",
                label: "first- or senior-author papers",
                metric: "peer_reviewed_publications",
                authorPositions: ["first", "last"],
                atLeast: 2,
              },
              {
                id: "grants",
                label: "grants as PI",
                labelSingular: "grant as PI",
                metric: "grants_pi_or_coi",
                grantRoles: ["pi"],
                atLeast: 1,
              },
            ],
          },
        ],
      },
    ],
  };
}

/** The lines of the refusal's message, less its first. */
function problems(value: unknown): string[] {
  try {
    parseBenchmarkCriteria(value, "criteria.json");
  } catch (error) {
    expect(error).toBeInstanceOf(BenchmarkCriteriaError);
    expect((error as BenchmarkCriteriaError).exitCode).toBe(2);
    const [first, ...rest] = (error as Error).message.split("\n");
    expect(first).toBe("Invalid benchmark criteria in criteria.json:");
    return rest.map((line) => line.trim());
  }
  throw new Error("the criteria were accepted");
}

describe("benchmark criteria", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-criteria-"));
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it("accepts the shipped example, which says it is an example", () => {
    const criteria = loadBenchmarkCriteria(DEFAULT_BENCHMARKS_PATH);
    expect(criteria.note).toMatch(/^EXAMPLE ONLY/);
    expect(criteria.schemaVersion).toBe(1);
    expect(criteria.tracks.map((track) => track.track)).toEqual([
      "tenure",
      "clinician scholar",
      "clinician educator",
    ]);
  });

  it("names the field and the reason for each problem", () => {
    const criteria = validCriteria() as Record<string, unknown> & ReturnType<typeof validCriteria>;
    const target = criteria.tracks[0]!.targets[0]! as Record<string, unknown> &
      (typeof criteria.tracks)[0]["targets"][0];
    target.lookBackYears = 0;
    (target.requirements[0] as Record<string, unknown>).metric = "papers";
    target.requirements[1]!.atLeast = 2.5;
    (target.requirements[2] as Record<string, unknown>).authorPositions = ["first"];
    expect(problems(criteria)).toEqual([
      expect.stringMatching(/^tracks\[0\]\.targets\[0\]\.lookBackYears: must be at least 1$/),
      expect.stringMatching(/^tracks\[0\]\.targets\[0\]\.requirements\[0\]\.metric: /),
      "tracks[0].targets[0].requirements[1].atLeast: must be a whole number",
    ]);
    // The checks across fields run once every field is of the right form.
    target.lookBackYears = 5;
    (target.requirements[0] as Record<string, unknown>).metric = "peer_reviewed_publications";
    target.requirements[1]!.atLeast = 2;
    expect(problems(criteria)).toEqual([
      "tracks[0].targets[0].requirements[2].authorPositions: applies to publication metrics only",
    ]);
  });

  it("refuses another layout version, unknown fields, and ranks off the ladder", () => {
    expect(problems({ ...validCriteria(), schemaVersion: 2 })).toEqual([
      "schemaVersion: must be 1 (the criteria file layout this version of ScholarTrack reads)",
    ]);
    expect(problems({ ...validCriteria(), colour: "blue" })).toEqual([
      expect.stringMatching(/^\(top level\): .*colour/),
    ]);

    const criteria = validCriteria();
    criteria.tracks[0]!.targets[0]!.rank = "Full Professor";
    criteria.tracks[0]!.targets[0]!.requirements[1]!.id = "papers";
    expect(problems(criteria)).toEqual([
      'tracks[0].targets[0].rank: "Full Professor" is not one of ranks',
      'tracks[0].targets[0].requirements[1].id: requirement id "papers" is already given at tracks[0].targets[0].requirements[0].id',
    ]);

    const lowest = validCriteria();
    lowest.tracks[0]!.targets[0]!.rank = "assistant professor";
    expect(problems(lowest)).toEqual([
      'tracks[0].targets[0].rank: "assistant professor" is the lowest rank; no one is promoted to it',
    ]);
  });

  it("refuses a file that is not JSON, with the file named", async () => {
    const file = path.join(dir, "broken.json");
    await writeFile(file, "{ not json");
    expect(() => loadBenchmarkCriteria(file)).toThrow(`The benchmark criteria ${file} are not valid JSON`);
    expect(() => loadBenchmarkCriteria(path.join(dir, "missing.json"))).toThrow(
      /Cannot read the benchmark criteria/,
    );
  });

  it("finds the next rank's criteria by track name or alias, whatever the case and spacing", () => {
    const criteria = parseBenchmarkCriteria(validCriteria(), "criteria.json");
    const found = targetFor(criteria, { track: "Research", rank: "assistant  professor" });
    expect("target" in found && found.target.rank).toBe("Associate Professor");
    expect(targetFor(criteria, { track: "tenure", rank: "Associate Professor" })).toEqual({
      reason: "no criteria for Professor on the tenure track",
      targetRank: "Professor",
    });
    expect(targetFor(criteria, { track: "tenure", rank: "Lecturer" })).toMatchObject({
      reason:
        'rank "Lecturer" is not one of the criteria\'s ranks (Assistant Professor, Associate Professor, Professor)',
    });
    expect(targetFor(criteria, { track: null, rank: "Assistant Professor" })).toMatchObject({
      reason: "no track on the roster",
    });
  });
});

describe("benchmark check", () => {
  const criteria = parseBenchmarkCriteria(validCriteria(), "criteria.json");
  const target = criteria.tracks[0]!.targets[0]!;
  const paper = (itemId: number, year: number, authorPosition: string | null): CheckedLine => ({
    itemId,
    metric: "peer_reviewed_publications",
    years: { from: year, to: year },
    authorPosition,
    role: null,
  });

  it("looks back over whole calendar years ending with the as-of year", () => {
    expect(lookBackWindow("2024-01-01", 5)).toEqual({ from: 2020, to: 2024 });
    expect(lookBackWindow("2024-12-31", 1)).toEqual({ from: 2024, to: 2024 });
  });

  it("counts the window's first and last years, filters by author position and grant role", () => {
    const lines: CheckedLine[] = [
      paper(1, 2019, "first"),
      paper(2, 2020, "first"),
      paper(3, 2022, "middle"),
      paper(4, 2024, "last"),
      paper(5, 2025, "first"),
      paper(6, 2023, null),
      {
        itemId: 7,
        metric: "grants_pi_or_coi",
        years: { from: 2015, to: 2020 },
        authorPosition: null,
        role: "pi",
      },
      {
        itemId: 8,
        metric: "grants_pi_or_coi",
        years: { from: 2021, to: 2023 },
        authorPosition: null,
        role: "co_investigator",
      },
      { itemId: 9, metric: "peer_reviewed_publications", years: null, authorPosition: "first", role: null },
    ];
    const checked = checkRequirements(target, lines, "2024-06-30", undefined, 5);
    expect(checked.window).toEqual({ from: 2020, to: 2024 });
    expect(
      checked.requirements.map((entry) => [entry.id, entry.count, entry.itemIds, entry.met, entry.gap]),
    ).toEqual([
      ["papers", 4, [2, 3, 4, 6], true, null],
      ["first-senior", 2, [2, 4], true, null],
      ["grants", 1, [7], true, null],
    ]);
    expect(checked.met).toBe(true);

    // 2025-2029: only the 2025 paper; the co-investigator grant is not one as PI.
    const later = checkRequirements(target, lines, "2029-01-01", undefined, 5);
    expect(later.requirements.map((entry) => [entry.count, entry.gap])).toEqual([
      [1, "2 more papers"],
      [1, "1 more first- or senior-author papers"],
      [0, "1 more grant as PI"],
    ]);
    expect(later.met).toBe(false);
    expect(later.requirements[0]!.normTooSmall).toBe(true);
    expect(later.requirements[0]!.percentile).toBeNull();
    expect(later.requirements[0]!.norm).toBeNull();

    // Two promoted people are fewer than the three asked for: the percentile is given, and flagged.
    const norms = new Map([["papers", [0, 4]]]);
    const few = checkRequirements(target, lines, "2029-01-01", norms, 3).requirements[0]!;
    expect(few).toMatchObject({ percentile: 50, normTooSmall: true, norm: { n: 2, median: 2 } });
    expect(checkRequirements(target, lines, "2029-01-01", norms, 2).requirements[0]!.normTooSmall).toBe(
      false,
    );
  });

  it("words the gap in the singular when the criteria give one", () => {
    const grants = target.requirements[2]!;
    expect(gapText(grants, 1)).toBe("1 more grant as PI");
    expect(gapText(grants, 2)).toBe("2 more grants as PI");
  });
});

describe("norms", () => {
  // R: quantile(c(0, 1, 3, 4, 8, 10)) gives 0, 1.5, 3.5, 7, 10 (type 7, the default).
  it("gives quartiles as R's default quantile (type 7)", () => {
    expect(summarizeNorm([8, 0, 10, 3, 1, 4])).toEqual({
      n: 6,
      min: 0,
      q1: 1.5,
      median: 3.5,
      q3: 7,
      max: 10,
      mean: 26 / 6,
    });
    // quantile(c(9, 1, 4, 6)): 1, 3.25, 5, 6.75, 9.
    expect(summarizeNorm([9, 1, 4, 6])).toMatchObject({ q1: 3.25, median: 5, q3: 6.75 });
    // quantile(c(2, 2, 5, 7, 11)): order statistics themselves.
    expect(summarizeNorm([2, 2, 5, 7, 11])).toMatchObject({ q1: 2, median: 5, q3: 7 });
    expect(summarizeNorm([4])).toMatchObject({ n: 1, q1: 4, median: 4, q3: 4 });
    expect(summarizeNorm([])).toEqual({
      n: 0,
      min: null,
      q1: null,
      median: null,
      q3: null,
      max: null,
      mean: null,
    });
  });

  it("places a count among the group: those below, and half of those tied", () => {
    const group = [0, 1, 3, 4, 8, 10];
    expect(percentileRank(group, 4)).toBe(58.3);
    expect(percentileRank(group, 5)).toBe(66.7);
    expect(percentileRank(group, 0)).toBe(8.3);
    expect(percentileRank(group, 11)).toBe(100);
    expect(percentileRank(group, -1)).toBe(0);
    expect(percentileRank([2, 2, 2], 2)).toBe(50);
    expect(percentileRank([], 3)).toBeNull();
  });
});
