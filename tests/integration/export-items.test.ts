import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { parse } from "csv-parse/sync";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerExportCommands } from "../../src/cli/export.ts";
import { exportItemPages } from "../../src/services/export.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

/** Runs `scholartrack <args>` the way main() does, with output captured. */
function run(...args: string[]) {
  return runCommand(registerExportCommands, args);
}

const CSV_HEADER =
  "facultyId,itemId,status,kind,title,year,venue,doi,pmid,pmcid,publicationTypes,authorPosition,sources";

describe("export items", () => {
  let testDb: TestDatabase;
  let dir: string;
  let paper: number;
  let talk: number;
  let grant: number;

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-export-"));
    const db = testDb.db;
    for (const [id, lastName] of [
      ["F1", "Doe"],
      ["F2", "Roe"],
      ["F3", "Poe"],
    ] as const) {
      await db.faculty.create({
        data: { id, lastName, firstName: "A", affiliationTerms: [], nameVariants: [] },
      });
    }
    paper = (
      await db.item.create({
        data: {
          kind: "publication",
          title: "Mentoring, in practice:\na two-year study",
          year: 2015,
          venue: "Journal of Examples",
          doi: "10.1000/example.1",
          pmid: "11111111",
          pmcid: "PMC1111111",
          publicationTypes: ["Journal Article", "Review"],
        },
      })
    ).id;
    talk = (
      await db.item.create({
        data: {
          kind: "presentation",
          title: "Grand rounds",
          year: 2016,
          venue: "Example Society",
          publicationTypes: [],
        },
      })
    ).id;
    grant = (await db.item.create({ data: { kind: "grant", title: "K23 award", publicationTypes: [] } })).id;
    const record = (source: string, sourceId: string, itemId: number) => ({
      source,
      sourceId,
      itemId,
      payload: {},
      payloadHash: `${source}:${sourceId}`,
      fetchedAt: new Date("2020-01-01T00:00:00Z"),
    });
    await db.sourceRecord.createMany({
      data: [
        record("pubmed", "11111111", paper),
        record("orcid", "0000-0002-1825-0097:42", paper),
        record("orcid", "0000-0002-1694-233X:7", paper),
        record("reporter", "1K23HL000001", grant),
      ],
    });
    const link = (
      facultyId: string,
      itemId: number,
      status: "accepted" | "pending" | "rejected",
      authorPosition: "first" | "last" | null,
    ) => ({
      facultyId,
      itemId,
      status,
      authorPosition,
      decidedBy: "test",
      decidedAt: new Date("2020-01-01T00:00:00Z"),
      evidence: {},
    });
    await db.facultyItem.createMany({
      data: [
        link("F1", paper, "accepted", "first"),
        link("F1", talk, "pending", null),
        link("F2", paper, "rejected", "last"),
        link("F2", grant, "accepted", null),
      ],
    });
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  const expectedRows = () => [
    {
      facultyId: "F1",
      itemId: paper,
      status: "accepted",
      kind: "publication",
      title: "Mentoring, in practice:\na two-year study",
      year: 2015,
      venue: "Journal of Examples",
      doi: "10.1000/example.1",
      pmid: "11111111",
      pmcid: "PMC1111111",
      publicationTypes: ["Journal Article", "Review"],
      authorPosition: "first",
      sources: ["orcid", "pubmed"],
    },
    {
      facultyId: "F1",
      itemId: talk,
      status: "pending",
      kind: "presentation",
      title: "Grand rounds",
      year: 2016,
      venue: "Example Society",
      doi: null,
      pmid: null,
      pmcid: null,
      publicationTypes: [],
      authorPosition: null,
      sources: [],
    },
    {
      facultyId: "F2",
      itemId: paper,
      status: "rejected",
      kind: "publication",
      title: "Mentoring, in practice:\na two-year study",
      year: 2015,
      venue: "Journal of Examples",
      doi: "10.1000/example.1",
      pmid: "11111111",
      pmcid: "PMC1111111",
      publicationTypes: ["Journal Article", "Review"],
      authorPosition: "last",
      sources: ["orcid", "pubmed"],
    },
    {
      facultyId: "F2",
      itemId: grant,
      status: "accepted",
      kind: "grant",
      title: "K23 award",
      year: null,
      venue: null,
      doi: null,
      pmid: null,
      pmcid: null,
      publicationTypes: [],
      authorPosition: null,
      sources: ["reporter"],
    },
  ];

  it("writes one JSON line per faculty member and item to stdout by default", async () => {
    const result = await run("export", "items");
    expect(result.code).toBe(0);
    expect(result.err).toBe("");
    const lines = result.out.split("\n");
    expect(lines.pop()).toBe("");
    expect(lines.map((line) => JSON.parse(line) as unknown)).toEqual(expectedRows());
    expect(Object.keys(JSON.parse(lines[0]!) as object).join(",")).toBe(CSV_HEADER);
  });

  it("writes CSV with exactly the contract's header, lists joined with ;", async () => {
    const result = await run("export", "items", "--format", "csv");
    expect(result.code).toBe(0);
    expect(result.out.split("\n")[0]).toBe(CSV_HEADER);
    const [header, ...rows] = parse(result.out);
    expect(header!.join(",")).toBe(CSV_HEADER);
    expect(rows).toEqual(
      expectedRows().map((row) =>
        Object.values(row).map((value) =>
          value === null ? "" : Array.isArray(value) ? value.join(";") : String(value),
        ),
      ),
    );
  });

  it("exports only the faculty members asked for", async () => {
    const result = await run("export", "items", "--faculty", "F2", "F3");
    expect(result.code).toBe(0);
    const rows = result.out
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { facultyId: string });
    expect(rows.map((row) => row.facultyId)).toEqual(["F2", "F2"]);
  });

  it("refuses a faculty id that does not exist", async () => {
    const result = await run("export", "items", "--faculty", "F1", "NOPE");
    expect(result).toEqual({ code: 1, out: "", err: "Error: No faculty member with id NOPE\n" });
  });

  it("writes a header alone when there is nothing to export as CSV", async () => {
    const result = await run("export", "items", "--format", "csv", "--faculty", "F3");
    expect(result).toEqual({ code: 0, out: `${CSV_HEADER}\n`, err: "" });
  });

  it("writes --out through a temporary file and leaves nothing else behind", async () => {
    const target = path.join(dir, "items.csv");
    await writeFile(target, "old contents\n");
    const result = await run("export", "items", "--format", "csv", "--out", target);
    expect(result).toEqual({ code: 0, out: `4 row(s) written to ${target}\n`, err: "" });
    const text = await readFile(target, "utf8");
    expect(text.startsWith(`${CSV_HEADER}\n`)).toBe(true);
    expect(parse(text)).toHaveLength(5);
    expect(await readdir(dir)).toEqual(["items.csv"]);
  });

  it("leaves no half-written file when the export cannot be completed", async () => {
    const sub = path.join(dir, "failing");
    // A directory where the file should go: the rename at the end fails after the rows are written.
    await mkdir(path.join(sub, "items.jsonl"), { recursive: true });
    const target = path.join(sub, "items.jsonl");
    expect(await run("export", "items", "--out", target)).toEqual({
      code: 1,
      out: "",
      err: `Error: Cannot write ${target}: EISDIR\n`,
    });
    expect(await readdir(sub)).toEqual(["items.jsonl"]);
    expect(await readdir(path.join(sub, "items.jsonl"))).toEqual([]);

    const missingDir = path.join(dir, "no-such-dir", "items.jsonl");
    expect(await run("export", "items", "--out", missingDir)).toEqual({
      code: 1,
      out: "",
      err: `Error: Cannot write ${missingDir}: ENOENT\n`,
    });
  });

  it("pages through the links in key order without repeating or losing any", async () => {
    const pages: string[][] = [];
    for await (const page of exportItemPages(testDb.db, { pageSize: 1 })) {
      pages.push(page.map((row) => `${row.facultyId}/${row.itemId}`));
    }
    expect(pages).toEqual(expectedRows().map((row) => [`${row.facultyId}/${row.itemId}`]));
    const byThree: number[] = [];
    for await (const page of exportItemPages(testDb.db, { pageSize: 3 })) byThree.push(page.length);
    expect(byThree).toEqual([3, 1]);
  });
});
