import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { PassThrough } from "node:stream";
import { Command } from "commander";
import { afterAll, describe, expect, it } from "vitest";
import { CliContext } from "../../src/cli/context.ts";
import { registerParseCommands } from "../../src/cli/parse.ts";
import { UserError } from "../../src/errors.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/pubmed");

async function run(...args: string[]): Promise<string> {
  const out = new PassThrough();
  let printed = "";
  out.on("data", (chunk: Buffer) => (printed += chunk.toString()));
  const ctx = new CliContext(out, new PassThrough());
  const program = new Command("scholartrack").exitOverride();
  registerParseCommands(program, ctx);
  await program.parseAsync(["parse", "pubmed", ...args], { from: "user" });
  return printed;
}

async function failure(...args: string[]): Promise<UserError> {
  try {
    await run(...args);
  } catch (error) {
    if (error instanceof UserError) return error;
    throw error;
  }
  throw new Error("expected a UserError");
}

describe("scholartrack parse pubmed", () => {
  const dir = mkdtempSync(path.join(tmpdir(), "parse-cli-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it("prints the records of a file as a pretty JSON array", async () => {
    const printed = await run(path.join(fixtures, "multi-set-with-book.xml"));
    expect(printed).toMatch(/^\[\n {2}\{\n {4}"kind": "article",\n {4}"pmid": "90000401",/);
    const records = JSON.parse(printed) as PubmedArticleRecord[];
    expect(records.map((record) => record.pmid)).toEqual(["90000401", "90000402", "90000403", "90000404"]);
    expect(records[1]).toMatchObject({ kind: "book-article", journal: "NorthReviews®" });
  });

  it("prints an empty array for an empty set", async () => {
    const file = path.join(dir, "empty.xml");
    writeFileSync(file, '<?xml version="1.0" ?>\n<PubmedArticleSet>\n</PubmedArticleSet>\n');
    expect(JSON.parse(await run(file))).toEqual([]);
  });

  it("names a file that is not there", async () => {
    const missing = path.join(dir, "missing.xml");
    expect((await failure(missing)).message).toBe(`Cannot read ${missing}: no such file`);
    expect((await failure(dir)).message).toBe(`Cannot read ${dir}: it is a directory`);
  });

  it("names the file, line and column of malformed XML", async () => {
    const file = path.join(fixtures, "malformed-mismatched.xml");
    expect((await failure(file)).message).toBe(
      `Cannot parse ${file}: malformed XML at line 7, column 52: Expected closing tag 'ArticleTitle' (opened in line 7, col 7) instead of closing tag 'Article'.`,
    );
    const cut = path.join(fixtures, "malformed-truncated.xml");
    expect((await failure(cut)).message).toMatch(
      new RegExp(`^Cannot parse ${cut}: malformed XML, cut short: .* at line 14, column 61`),
    );
  });

  it("says what an EFetch error or another E-utility's answer is", async () => {
    const file = path.join(fixtures, "efetch-error.xml");
    expect((await failure(file)).message).toMatch(
      /^Cannot parse .*efetch-error\.xml: EFetch returned an error instead of records: Cannot retrieve history data/,
    );
    const esearch = path.join(dir, "esearch.xml");
    writeFileSync(esearch, "<eSearchResult><Count>0</Count></eSearchResult>");
    expect((await failure(esearch)).message).toMatch(
      /root element is <eSearchResult>: an ESearch result, not EFetch$/,
    );
  });

  it("refuses a thread count that is not a positive whole number", async () => {
    expect((await failure(path.join(fixtures, "dates.xml"), "--threads", "0")).message).toMatch(
      /--threads must be a whole number/,
    );
  });
});
