import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const depcruise = path.join(root, "node_modules/dependency-cruiser/bin/dependency-cruise.mjs");
const config = path.join(root, ".dependency-cruiser.mjs");

interface Violation {
  from: string;
  to: string;
  rule: { name: string };
}

/** `npm run depcheck`'s rules run over `folders` of `cwd`: its exit status, and the violations found. */
function check(cwd: string, folders: string[]): { status: number | null; violations: Violation[] } {
  const run = (outputType: string) =>
    spawnSync(process.execPath, [depcruise, "--config", config, "--output-type", outputType, ...folders], {
      cwd,
      encoding: "utf8",
    });
  const result = JSON.parse(run("json").stdout) as { summary: { violations: Violation[] } };
  // The exit status is that of the check as `npm run depcheck` prints it.
  return { status: run("err").status, violations: result.summary.violations };
}

describe("the dependency rules", () => {
  let tree: string;
  const write = (file: string, text: string) => {
    mkdirSync(path.dirname(path.join(tree, file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  };

  beforeAll(() => {
    tree = mkdtempSync(path.join(tmpdir(), "scholartrack-layers-"));
    write(
      "tsconfig.json",
      JSON.stringify({ compilerOptions: { allowImportingTsExtensions: true, noEmit: true } }),
    );
    write("src/errors.ts", "export const error = 1;\n");
    // A source reaching up into the services.
    write("src/sources/leak.ts", 'import { rule } from "../services/rule.ts";\nexport const leak = rule;\n');
    write("src/services/rule.ts", 'import { base } from "../sources/base.ts";\nexport const rule = base;\n');
    write("src/sources/base.ts", "export const base = 1;\n");
    // Two folders that use each other, with no module cycle between them.
    write(
      "src/reconcile/merge.ts",
      'import { render } from "../reports/render.ts";\nexport const merge = render;\n',
    );
    write("src/reports/render.ts", "export const render = 1;\n");
    write(
      "src/reports/figures.ts",
      'import { sort } from "../reconcile/sort.ts";\nexport const figures = sort;\n',
    );
    write("src/reconcile/sort.ts", "export const sort = 1;\n");
    // Two modules of one folder that use each other.
    write("src/identity/a.ts", 'import { b } from "./b.ts";\nexport const a = () => b;\n');
    write("src/identity/b.ts", 'import { a } from "./a.ts";\nexport const b = () => a;\n');
    // The product loading a worker entry point; a command reading a repository; Prisma outside src/db.
    write(
      "src/services/work.ts",
      'import { start } from "../../workers/index.ts";\nexport const work = start;\n',
    );
    write("workers/index.ts", "export const start = 1;\n");
    write(
      "src/cli/list.ts",
      'import { rows } from "../db/repositories/rows.ts";\nexport const list = rows;\n',
    );
    write(
      "src/db/repositories/rows.ts",
      'import { client } from "../../generated/prisma/client.ts";\nexport const rows = client;\n',
    );
    write("src/generated/prisma/client.ts", "export const client = 1;\n");
    write(
      "src/services/raw.ts",
      'import { client } from "../generated/prisma/client.ts";\nexport const raw = client;\n',
    );
    // A folder no layer lists.
    write("src/newthing/thing.ts", 'import { error } from "../errors.ts";\nexport const thing = error;\n');
  });
  afterAll(() => rmSync(tree, { recursive: true, force: true }));

  it("fail, naming the rule, for each kind of import they forbid", () => {
    const { status, violations } = check(tree, ["src", "workers"]);
    const found = violations.map(
      (violation) => `${violation.rule.name}: ${violation.from} -> ${violation.to}`,
    );
    expect(status).not.toBe(0);
    expect(found).toEqual(
      expect.arrayContaining([
        "sources-import-no-higher-layer: src/sources/leak.ts -> src/services/rule.ts",
        "layer:src/sources: src/sources/leak.ts -> src/services/rule.ts",
        "layer:src/reconcile: src/reconcile/merge.ts -> src/reports/render.ts",
        "no-circular: src/identity/a.ts -> src/identity/b.ts",
        "src-imports-neither-sandbox-nor-workers: src/services/work.ts -> workers/index.ts",
        "doors-call-services: src/cli/list.ts -> src/db/repositories/rows.ts",
        "prisma-only-in-db: src/services/raw.ts -> src/generated/prisma/client.ts",
        "unlisted-folder: src/newthing/thing.ts -> src/errors.ts",
      ]),
    );
    // Downward imports are what layers are for: the lower folder of a folder cycle is not blamed.
    expect(found.filter((line) => line.includes("src/reports/figures.ts"))).toEqual([]);
    expect(
      found.filter((line) => line.startsWith("layer:") && line.includes("src/services/rule.ts ->")),
    ).toEqual([]);
  });

  // Walks the whole tree: about 10 s alone, three times that beside the rest of the suite.
  it("hold for the code as it is", () => {
    const { status, violations } = check(root, ["src", "workers", "sandbox"]);
    expect(violations).toEqual([]);
    expect(status).toBe(0);
  }, 120_000);
});
