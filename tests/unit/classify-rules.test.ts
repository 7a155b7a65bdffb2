import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import {
  ClassificationRulesError,
  DEFAULT_RULES_PATH,
  loadClassificationRules,
  parseClassificationRules,
  rulesVersion,
  type ClassificationRules,
} from "../../src/reconcile/rules.ts";

const dir = mkdtempSync(path.join(tmpdir(), "classify-rules-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function writeRules(name: string, content: unknown): string {
  const file = path.join(dir, name);
  writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content));
  return file;
}

function defaults(): ClassificationRules {
  return loadClassificationRules();
}

function errorOf(action: () => unknown): Error {
  try {
    action();
  } catch (error) {
    if (error instanceof Error) return error;
  }
  throw new Error("expected an error");
}

describe("the default rules file", () => {
  it("loads and validates", () => {
    const rules = loadClassificationRules(DEFAULT_RULES_PATH);
    expect(rules.version).toMatch(/\S/);
    expect(rules.peerReviewed.pubmedTypes).toContain("Journal Article");
    expect(rules.peerReviewed.excludedPubmedTypes).toEqual(expect.arrayContaining(["Letter", "Editorial"]));
    expect(rules.presentations.countAsNational).toEqual(["international", "national"]);
    expect(rules.grants.roles).toEqual({
      pi: "grants_pi_or_coi",
      multiple_pi: "grants_pi_or_coi",
      co_investigator: "grants_pi_or_coi",
      other: "grants_other",
    });
  });

  it("lists the national societies the issue names, and many more", () => {
    const national = defaults().presentations.scopes.national.map((entry) => entry.name);
    expect(national).toEqual(expect.arrayContaining(["SGIM", "SHM", "ACP", "AAMC", "AAIM", "APDIM", "ATS"]));
    expect(national.length).toBeGreaterThan(40);
  });
});

describe("rulesVersion", () => {
  it("is the file's version and a digest of what the rules say", () => {
    const rules = defaults();
    expect(rulesVersion(rules)).toMatch(new RegExp(`^${rules.version}\\+[0-9a-f]{12}$`));
    expect(rulesVersion(defaults())).toBe(rulesVersion(rules));
  });

  it("changes when a rule changes without a new version, but not when a comment does", () => {
    const rules = defaults();
    const edited = structuredClone(rules);
    edited.peerReviewed.pubmedTypes = edited.peerReviewed.pubmedTypes.filter(
      (type) => type !== "Case Reports",
    );
    expect(rulesVersion(edited)).not.toBe(rulesVersion(rules));

    const commented = structuredClone(rules);
    commented.$comment = "reworded";
    expect(rulesVersion(commented)).toBe(rulesVersion(rules));
  });
});

describe("a bad rules file", () => {
  it("names the file and the field that is wrong", () => {
    const bad = structuredClone(defaults()) as unknown as { presentations: { defaultScope: string } };
    bad.presentations.defaultScope = "galactic";
    const file = writeRules("bad-scope.json", bad);
    const error = errorOf(() => loadClassificationRules(file));
    expect(error).toBeInstanceOf(ClassificationRulesError);
    expect(error.message).toContain(file);
    expect(error.message).toContain("presentations.defaultScope");
  });

  it("names a misspelt field and a nested list entry", () => {
    const bad = structuredClone(defaults()) as unknown as Record<string, Record<string, unknown>>;
    const peerReviewed = bad.peerReviewed!;
    peerReviewed.pubmedType = peerReviewed.pubmedTypes;
    delete peerReviewed.pubmedTypes;
    const scopes = (bad.presentations!.scopes as Record<string, { match: unknown[] }[]>).national!;
    scopes[2]!.match = [42];
    const message = errorOf(() => parseClassificationRules(bad, "rules.json")).message;
    expect(message).toContain("Invalid classification rules in rules.json");
    expect(message).toContain("peerReviewed.pubmedTypes:");
    expect(message).toMatch(/peerReviewed: .*pubmedType/);
    expect(message).toContain("presentations.scopes.national[2].match[0]:");
  });

  it("refuses a type both counted and excluded, or a venue phrase under two scopes", () => {
    const rules = defaults();
    const both = structuredClone(rules);
    both.peerReviewed.excludedPubmedTypes.push("journal article");
    expect(errorOf(() => parseClassificationRules(both, "x.json")).message).toMatch(
      /peerReviewed\.excludedPubmedTypes\[\d+\]: "journal article" is already listed at peerReviewed\.pubmedTypes\[0\]/,
    );

    const twice = structuredClone(rules);
    twice.presentations.scopes.national.push({ name: "chapter", match: ["Chapter"] });
    expect(errorOf(() => parseClassificationRules(twice, "x.json")).message).toMatch(
      /presentations\.scopes\.regional\[\d+\]\.match\[\d+\]: "chapter" is already listed at presentations\.scopes\.national\[\d+\]/,
    );
  });

  it("refuses a scope order that leaves a scope out", () => {
    const rules = defaults();
    rules.presentations.scopeOrder = ["local", "national"];
    expect(errorOf(() => parseClassificationRules(rules, "x.json")).message).toContain(
      "presentations.scopeOrder: must list each of international, national, regional, local once (missing: international, regional",
    );
  });

  it("says so when the file is missing or is not JSON", () => {
    const missing = path.join(dir, "nope.json");
    expect(errorOf(() => loadClassificationRules(missing)).message).toContain(
      `Cannot read the classification rules ${missing}`,
    );
    const file = writeRules("not-json.json", "{ version: 1 ");
    const error = errorOf(() => loadClassificationRules(file));
    expect(error).toBeInstanceOf(ClassificationRulesError);
    expect(error.message).toContain(`The classification rules ${file} are not valid JSON`);
  });
});
