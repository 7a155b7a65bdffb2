import { describe, expect, it } from "vitest";
import { loadClassificationRules } from "../../src/reconcile/rules.ts";
import { normalizePhrase, scopeOfVenue, type ScopeLists } from "../../src/reconcile/scope.ts";

const { scopes, scopeOrder } = loadClassificationRules().presentations;

function scopeOf(venue: string): string | undefined {
  return scopeOfVenue(venue, scopes, scopeOrder)?.decided.scope;
}

describe("normalizePhrase", () => {
  it("ignores case, accents and punctuation, and splits an acronym from its year", () => {
    expect(normalizePhrase("Société  Française—de Médecine")).toBe("societe francaise de medecine");
    expect(normalizePhrase("SGIM2024")).toBe("sgim 2024");
    expect(normalizePhrase("ACC.23")).toBe("acc 23");
    expect(normalizePhrase("VA HSR&D")).toBe("va hsr and d");
    expect(normalizePhrase("American Medical Women’s Association")).toBe(
      "american medical women association",
    );
  });
});

describe("scopeOfVenue with the default rules", () => {
  it.each([
    ["SGIM Annual Meeting", "national"],
    ["sgim2024", "national"],
    ["Society of General Internal Medicine 47th Annual Meeting", "national"],
    ["Society of Hospital Medicine Annual Conference", "national"],
    ["SHM Converge 2024", "national"],
    ["ACP Internal Medicine Meeting", "national"],
    ["AcademyHealth Annual Research Meeting", "national"],
    ["American Geriatrics Society Annual Scientific Meeting", "national"],
    ["AAMC Learn Serve Lead", "national"],
    ["Academic Internal Medicine Week", "national"],
    ["APDIM Spring Meeting", "national"],
    ["ATS 2022", "national"],
    ["ACGME Annual Educational Conference", "national"],
    ["International Conference on Residency Education", "international"],
    ["European Congress of Internal Medicine", "international"],
    ["AMEE 2023", "international"],
    ["SGIM Midwest Regional Meeting", "regional"],
    ["SGIM Southern Regional Meeting", "regional"],
    ["SGIM Mid-Atlantic Regional Meeting", "regional"],
    ["ACP Ohio Chapter Scientific Meeting", "regional"],
    ["Northeast Group on Educational Affairs (NEGEA)", "regional"],
    ["Department of Medicine Grand Rounds, Northfield University", "local"],
    ["Division of General Internal Medicine Research in Progress Conference", "local"],
    ["Northfield University Medical Education Day", "local"],
    ["Northfield General Hospital Quality and Safety Symposium", "local"],
  ])("%s is %s", (venue, scope) => {
    expect(scopeOf(venue)).toBe(scope);
  });

  it("matches an acronym only as a whole word", () => {
    expect(scopeOf("Atsugi Medical Forum")).toBeUndefined();
    expect(scopeOf("Pacific Hospitalist Retreat")).toBeUndefined();
    expect(scopeOf("Internal Medicine Residents' Retreat")).toBeUndefined();
  });

  it("names what a narrower scope passed over", () => {
    expect(scopeOfVenue("SGIM Southern Regional Meeting", scopes, scopeOrder)).toEqual({
      decided: { scope: "regional", entry: "regional or chapter meeting", phrase: "regional" },
      passedOver: [{ scope: "national", entry: "SGIM", phrase: "SGIM" }],
    });
  });

  it("follows the rules' scope order and entry order", () => {
    const lists: ScopeLists = {
      international: [],
      national: [{ name: "SGIM", match: ["SGIM"] }],
      regional: [{ name: "regional meeting", match: ["regional"] }],
      local: [],
    };
    expect(
      scopeOfVenue("SGIM Regional", lists, ["national", "regional", "international", "local"])?.decided.scope,
    ).toBe("national");
    expect(
      scopeOfVenue("SGIM Regional", lists, ["regional", "national", "international", "local"])?.decided.scope,
    ).toBe("regional");
    expect(scopeOfVenue("  ", lists, ["regional", "national", "international", "local"])).toBeUndefined();
  });
});
