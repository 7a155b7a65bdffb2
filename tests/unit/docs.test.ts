import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import GithubSlugger from "github-slugger";
import { lexer, walkTokens, type Token, type Tokens } from "marked";
import { describe, expect, it } from "vitest";
import { loadConfig } from "../../src/config/env.ts";
import { DEFAULT_THRESHOLDS } from "../../src/disambiguation/score.ts";
import { WEIGHTS } from "../../src/disambiguation/weights.ts";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");

/** The README, docs/*.md and the sandbox's README: the documents people follow links in. */
const DOCUMENTS = [
  "README.md",
  "sandbox/README.md",
  ...readdirSync(path.join(root, "docs"))
    .filter((file) => file.endsWith(".md"))
    .map((file) => `docs/${file}`),
];

function tokensOf(file: string): Token[] {
  return lexer(readFileSync(path.join(root, file), "utf8"));
}

function collect<T extends Token>(tokens: Token[], type: T["type"]): T[] {
  const found: T[] = [];
  // The callback is synchronous; walkTokens returns its results, none of them promises.
  void walkTokens(tokens, (token) => {
    if (token.type === type) found.push(token as T);
  });
  return found;
}

/** The anchors GitHub gives a document's headings. */
function anchorsOf(file: string): Set<string> {
  const slugger = new GithubSlugger();
  return new Set(
    collect<Tokens.Heading>(tokensOf(file), "heading").map((heading) => slugger.slug(heading.text)),
  );
}

describe("the documentation's links", () => {
  it("lists the documents it checks", () => {
    expect(DOCUMENTS).toEqual(
      expect.arrayContaining(["README.md", "docs/architecture.md", "docs/operations.md", "docs/sources.md"]),
    );
  });

  it.each(DOCUMENTS)(
    "%s: every relative link points to a file that exists, and to a heading in it",
    (file) => {
      const links = collect<Tokens.Link>(tokensOf(file), "link")
        .map((link) => link.href)
        .filter((href) => !/^[a-z]+:/i.test(href));
      for (const href of links) {
        const [target = "", anchor] = href.split("#");
        const targetFile = target === "" ? file : path.posix.join(path.posix.dirname(file), target);
        expect(existsSync(path.join(root, targetFile)), `${file}: ${href} points to no file`).toBe(true);
        if (anchor !== undefined && targetFile.endsWith(".md")) {
          expect([...anchorsOf(targetFile)], `${file}: ${href} points to no heading`).toContain(anchor);
        }
      }
    },
  );
});

/** The README's Layout section: the backquoted names in the first column of its tables, by table. */
function layoutTables(): string[][] {
  const tokens = tokensOf("README.md");
  const start = tokens.findIndex(
    (token) => token.type === "heading" && (token as Tokens.Heading).text === "Layout",
  );
  expect(start, "the README has a Layout section").toBeGreaterThanOrEqual(0);
  const end = tokens.findIndex(
    (token, index) => index > start && token.type === "heading" && (token as Tokens.Heading).depth <= 2,
  );
  return tokens
    .slice(start, end < 0 ? undefined : end)
    .filter((token): token is Tokens.Table => token.type === "table")
    .map((table) =>
      table.rows.flatMap((row) => [...(row[0]?.text ?? "").matchAll(/`([^`]+)`/g)].map((match) => match[1]!)),
    );
}

describe("the README's layout", () => {
  const [inSrc = [], outsideSrc = []] = layoutTables();

  it("names every folder and file at the top of src/, and nothing that is not there", () => {
    const entries = readdirSync(path.join(root, "src")).map((name) =>
      statSync(path.join(root, "src", name)).isDirectory() ? `${name}/` : name,
    );
    expect([...inSrc].sort()).toEqual([...entries].sort());
  });

  it("names every top-level folder of the repository, and only folders and files that exist", () => {
    for (const name of outsideSrc) {
      expect(existsSync(path.join(root, name)), `${name} is named in the layout but missing`).toBe(true);
    }
    // Installed, built or generated here, and ignored by git.
    const notInRepository = new Set(["node_modules", "dist", "coverage", ".git"]);
    const folders = readdirSync(root).filter(
      (name) => !notInRepository.has(name) && name !== "src" && statSync(path.join(root, name)).isDirectory(),
    );
    for (const folder of folders)
      expect(outsideSrc, `${folder}/ is not in the layout`).toContain(`${folder}/`);
  });
});

describe("docs/authorship.md", () => {
  const tokens = tokensOf("docs/authorship.md");

  it("lists every weight of src/disambiguation/weights.ts, with its value", () => {
    const table = tokens
      .filter((token): token is Tokens.Table => token.type === "table")
      .find((candidate) => candidate.header.some((cell) => cell.text.includes("WEIGHTS")));
    expect(table, "a table of the weights").toBeDefined();
    const documented = Object.fromEntries(
      table!.rows.map((row) => [
        row[1]!.text.replace(/`/g, ""),
        Number(row[2]!.text.replace(/^at most /, "").replace(/^\+/, "")),
      ]),
    );
    expect(documented).toEqual({ ...WEIGHTS });
  });

  it("gives the default thresholds the configuration and the scoring use", () => {
    const text = readFileSync(path.join(root, "docs/authorship.md"), "utf8");
    const config = loadConfig({});
    expect(config.SCORE_ACCEPT_THRESHOLD).toBe(DEFAULT_THRESHOLDS.accept);
    expect(config.SCORE_REJECT_THRESHOLD).toBe(DEFAULT_THRESHOLDS.reject);
    expect(text).toContain(`\`SCORE_ACCEPT_THRESHOLD\` (default ${DEFAULT_THRESHOLDS.accept})`);
    expect(text).toContain(`\`SCORE_REJECT_THRESHOLD\` (default ${DEFAULT_THRESHOLDS.reject})`);
  });
});
