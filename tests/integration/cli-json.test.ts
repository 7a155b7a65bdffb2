import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBuiltCli } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

/** `--format json` on the commands that print text or tables for people, read back as scripts read it. */
describe("JSON output of the built CLI", () => {
  let testDb: TestDatabase;
  let dir: string;
  let env: Record<string, string>;
  const itemOf = new Map<string, number>();

  async function json(args: string[]): Promise<unknown> {
    const result = await runBuiltCli(args, env);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    return JSON.parse(result.stdout);
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    env = { DATABASE_URL: testDb.url };
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-json-"));
    await testDb.db.faculty.create({
      data: { id: "F1", lastName: "Okafor", firstName: "Maria", affiliationTerms: [], nameVariants: [] },
    });
    const cv = path.join(dir, "cv.csv");
    await writeFile(
      cv,
      [
        "faculty_id,kind,title,year,venue,doi,pmid,peer_reviewed,scope,role,start_year,end_year",
        "F1,publication,Team-based care for blood pressure control,2019,J Gen Intern Med,,,yes,,,,",
        "F1,presentation,Deprescribing on the wards,2021,SGIM Annual Meeting,,,,,,,",
        "F1,grant,Mentoring clinician educators,,HRSA,,,,,co_investigator,2018,2021",
      ].join("\n"),
    );
    const imported = await runBuiltCli(["import", "cv", cv], env);
    expect(imported.code).toBe(0);
    for (const item of await testDb.db.item.findMany()) itemOf.set(item.title, item.id);

    // A harvest run with one job done and one failed for good, as the workers leave them.
    await testDb.db.harvestRun.create({
      data: {
        id: "run-2026",
        trigger: "manual",
        sources: ["pubmed", "orcid"],
        sinceYear: 2015,
        status: "completed",
        startedAt: new Date("2026-03-01T02:00:00Z"),
        finishedAt: new Date("2026-03-01T02:05:00Z"),
      },
    });
    await testDb.db.harvestJob.createMany({
      data: [
        {
          id: "pubmed:F1:run-2026",
          runId: "run-2026",
          facultyId: "F1",
          source: "pubmed",
          status: "completed",
          attempts: 1,
          recordsFetched: 12,
          itemsNew: 10,
          itemsUpdated: 2,
          linksAccepted: 7,
          linksPending: 3,
          mode: "incremental",
          modeReason: "changes since 2026-02-25 (last harvest 2026-02-28, 3 days' overlap)",
          finishedAt: new Date("2026-03-01T02:03:00Z"),
        },
        {
          id: "orcid:F1:run-2026",
          runId: "run-2026",
          facultyId: "F1",
          source: "orcid",
          status: "failed",
          attempts: 5,
          error: "ORCID answered 503",
          finishedAt: new Date("2026-03-01T02:04:00Z"),
        },
      ],
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  it("runs: every run with its totals, and each person's last success and error per source", async () => {
    const listed = (await json(["runs", "--format", "json"])) as {
      runs: Array<Record<string, unknown> & { progress: Record<string, number> }>;
      faculty: Array<Record<string, unknown>>;
    };
    // Newest first: the CV import ran now.
    expect(listed.runs.map((run) => run.trigger)).toEqual(["cv-import", "manual"]);
    expect(listed.runs[1]).toEqual({
      id: "run-2026",
      trigger: "manual",
      status: "completed",
      sources: ["pubmed", "orcid"],
      sinceYear: 2015,
      untilYear: null,
      full: false,
      startedAt: "2026-03-01T02:00:00.000Z",
      finishedAt: "2026-03-01T02:05:00.000Z",
      progress: {
        total: 2,
        completed: 1,
        failed: 1,
        recordsFetched: 12,
        itemsNew: 10,
        itemsUpdated: 2,
        linksAccepted: 7,
        linksPending: 3,
      },
      etaSeconds: null,
      deferred: [],
    });
    expect(listed.runs[0]?.progress).toMatchObject({ total: 1, completed: 1, itemsNew: 3 });
    expect(listed.faculty).toContainEqual({
      facultyId: "F1",
      source: "orcid",
      lastErrorAt: "2026-03-01T02:04:00.000Z",
      lastError: "ORCID answered 503",
    });
    expect(listed.faculty).toContainEqual({
      facultyId: "F1",
      source: "pubmed",
      lastSuccessAt: "2026-03-01T02:03:00.000Z",
    });

    const last = (await json(["runs", "--last", "1", "--format", "json"])) as { runs: unknown[] };
    expect(last.runs).toHaveLength(1);
  });

  it("runs show: one run and each of its jobs", async () => {
    const shown = (await json(["runs", "show", "run-2026", "--format", "json"])) as {
      id: string;
      progress: Record<string, number>;
      jobs: Array<Record<string, unknown>>;
    };
    expect(shown.id).toBe("run-2026");
    expect(shown.progress.failed).toBe(1);
    expect(shown.jobs).toEqual([
      {
        id: "orcid:F1:run-2026",
        facultyId: "F1",
        source: "orcid",
        status: "failed",
        attempts: 5,
        recordsFetched: 0,
        itemsNew: 0,
        itemsUpdated: 0,
        linksAccepted: 0,
        linksPending: 0,
        error: "ORCID answered 503",
        mode: null,
        modeReason: null,
        startedAt: null,
        finishedAt: "2026-03-01T02:04:00.000Z",
      },
      expect.objectContaining({
        id: "pubmed:F1:run-2026",
        status: "completed",
        recordsFetched: 12,
        mode: "incremental",
        modeReason: "changes since 2026-02-25 (last harvest 2026-02-28, 3 days' overlap)",
      }),
    ]);

    const table = await runBuiltCli(["runs", "show", "run-2026"], env);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^run\s+trigger\s+status/);
    expect(table.stdout).toMatch(/\nF1\s+orcid\s+failed\s+5\s/);
    expect(table.stdout).toContain("ORCID answered 503");
    expect(table.stdout).toContain("incremental: changes since 2026-02-25");

    const missing = await runBuiltCli(["runs", "show", "no-such-run", "--format", "json"], env);
    expect(missing.code).toBe(1);
    expect(missing.stdout).toBe("");
    expect(missing.stderr).toMatch(/No harvest run with id no-such-run/);
  });

  it("items why: the same classification the text shows, as fields", async () => {
    const presentation = itemOf.get("Deprescribing on the wards")!;
    const why = (await json([
      "items",
      "why",
      String(presentation),
      "--faculty",
      "F1",
      "--format",
      "json",
    ])) as Record<string, unknown>;
    expect(why).toMatchObject({
      facultyId: "F1",
      itemId: presentation,
      ledgerItemId: presentation,
      memberItemIds: [presentation],
      kind: "presentation",
      title: "Deprescribing on the wards",
      year: 2021,
      venue: "SGIM Annual Meeting",
      counted: true,
      metric: "national_presentations",
      scope: "national",
      role: null,
      merged: [],
    });
    expect(why.sources).toEqual([expect.objectContaining({ itemId: presentation, source: "cv" })]);
    const text = await runBuiltCli(["items", "why", String(presentation), "--faculty", "F1"], env);
    expect(text.stdout).toContain(`counted: yes, in ${String(why.metric)}`);
    expect(text.stdout).toContain(`rule: ${String(why.rule)}`);
    expect(text.stdout).toContain(`reconciled: ${String(why.reconciledAt)}`);

    const grant = itemOf.get("Mentoring clinician educators")!;
    const grantWhy = (await json([
      "items",
      "why",
      String(grant),
      "--faculty",
      "F1",
      "--format",
      "json",
    ])) as Record<string, unknown>;
    expect(grantWhy).toMatchObject({ kind: "grant", role: "co_investigator", equalContribution: null });
  });

  it("review explain: the link's evidence, score and status, as fields", async () => {
    const paper = itemOf.get("Team-based care for blood pressure control")!;
    const explained = (await json([
      "review",
      "explain",
      String(paper),
      "--faculty",
      "F1",
      "--format",
      "json",
    ])) as Record<string, unknown>;
    expect(explained).toMatchObject({
      facultyId: "F1",
      itemId: paper,
      kind: "publication",
      title: "Team-based care for blood pressure control",
      sources: ["cv"],
      status: "accepted",
    });
    expect(String(explained.facultyName)).toContain("Okafor");
    expect(Array.isArray(explained.evidence)).toBe(true);
    expect(typeof explained.score).toBe("number");
    expect(Date.parse(String(explained.decidedAt))).not.toBeNaN();
    const text = await runBuiltCli(["review", "explain", String(paper), "--faculty", "F1"], env);
    expect(text.stdout).toContain(`Score: ${String(explained.arithmetic)}`);
  });

  it("health: each service's answer, and exit 1 with the reason when one does not answer", async () => {
    expect(await json(["health", "--format", "json"])).toEqual({
      ok: true,
      postgres: { ok: true },
      redis: { ok: true },
    });
    const down = await runBuiltCli(["health", "--format", "json", "--timeout", "1000"], {
      ...env,
      REDIS_URL: "redis://127.0.0.1:6390",
    });
    expect(down.code).toBe(1);
    expect(down.stderr).toBe("");
    const report = JSON.parse(down.stdout) as {
      ok: boolean;
      postgres: unknown;
      redis: { ok: boolean; error: string };
    };
    expect(report.ok).toBe(false);
    expect(report.postgres).toEqual({ ok: true });
    expect(report.redis.ok).toBe(false);
    expect(report.redis.error).toMatch(/^Cannot reach Redis at redis:\/\/127.0.0.1:6390/);
  });

  it("refuses a format the command does not have, as a usage error", async () => {
    const result = await runBuiltCli(["items", "why", "1", "--faculty", "F1", "--format", "csv"], env);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/option '--format <format>' argument 'csv' is invalid/);
  });
});
