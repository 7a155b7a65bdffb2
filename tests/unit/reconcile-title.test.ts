import { describe, expect, it } from "vitest";
import {
  firstAuthorSurname,
  surnamesAgree,
  venuesAgree,
  venueTokens,
} from "../../src/reconcile/agreement.ts";
import { grantKey } from "../../src/reconcile/facts.ts";
import {
  compareTitles,
  normalizeTitle,
  parseNoticeTitle,
  parseRetractedTitle,
  titleForm,
} from "../../src/reconcile/title.ts";

const same = (a: string, b: string) => compareTitles(titleForm(a), titleForm(b));

describe("normalizeTitle", () => {
  it("drops markup, entities, diacritics, case, punctuation and a trailing period; spells out Greek", () => {
    expect(normalizeTitle("H<sub>2</sub>O &amp; CO<sub>2</sub> in Ångström-scale pores: α-helix.")).toBe(
      "h 2 o and co 2 in angstrom scale pores alpha helix",
    );
  });

  it("reads COVID-19, COVID19 and COVID 19 alike", () => {
    expect(
      new Set(["COVID-19 in adults", "COVID19 in adults", "Covid 19 in adults"].map(normalizeTitle)).size,
    ).toBe(1);
  });
});

describe("compareTitles", () => {
  it("takes spelling, a typo and letters swapped across a space for the same title", () => {
    expect(
      same(
        "Randomised trial of early mobilisation after hip fracture surgery",
        "Randomized trial of early mobilization after hip fracture surgery",
      ),
    ).toMatchObject({ how: "alike" });
    expect(
      same(
        "KAZU3 expression predicts quality of life in heart failure",
        "KAZU3 expression predicts quality of life in hear tfailure",
      ),
    ).toBeDefined();
    expect(
      same(
        "Outcomes in heart failure with reduced ejection fraction",
        "Outcomes in heartfailure with reduced ejection fraction",
      ),
    ).toBeDefined();
  });

  it("takes the same words in another order for the same title", () => {
    expect(
      same(
        "A randomized trial of metformin in early-onset type 2 diabetes",
        "Metformin in early-onset type II diabetes: a randomized trial",
      ),
    ).toEqual({ score: 1, how: "reordered" });
  });

  it("matches a title without its subtitle only when the main title says enough", () => {
    expect(
      same(
        "Outcomes of transcatheter mitral valve repair in older adults: results from the EXPAND registry",
        "Outcomes of transcatheter mitral valve repair in older adults",
      ),
    ).toMatchObject({ how: "subtitle" });
    expect(same("The ARIC study: lessons from 30 years", "The ARIC study")).toBeUndefined();
  });

  it("refuses titles alike in characters but with one word in place of another", () => {
    expect(
      same(
        "Effect of X on mortality in patients with sepsis",
        "Effect of X on morbidity in patients with sepsis",
      ),
    ).toBeUndefined();
    expect(
      same(
        "Atorvastatin versus placebo for heart failure in older adults",
        "Rosuvastatin versus placebo for heart failure in older adults",
      ),
    ).toBeUndefined();
    expect(
      same(
        "Hypertension in pregnant women after kidney donation",
        "Hypotension in pregnant women after kidney donation",
      ),
    ).toBeUndefined();
    expect(
      same(
        "Dapagliflozin in patients with heart failure and reduced ejection fraction",
        "Empagliflozin in patients with heart failure and reduced ejection fraction",
      ),
    ).toBeUndefined();
    expect(
      same(
        "KRAS mutations and survival in metastatic colorectal cancer",
        "NRAS mutations and survival in metastatic colorectal cancer",
      ),
    ).toBeUndefined();
    expect(
      same(
        "Survival after liver transplantation in lomi recipients",
        "Survival after liver transplantation in lool recipients",
      ),
    ).toBeUndefined();
  });

  it("refuses titles whose numbers differ: a series, parts, years", () => {
    expect(same("Cancer statistics, 2019", "Cancer statistics, 2020")).toBeUndefined();
    expect(
      same(
        "Guidelines for the management of asthma: part 1",
        "Guidelines for the management of asthma: part 2",
      ),
    ).toBeUndefined();
    expect(
      same("Phase I trial of drug A in solid tumours", "Phase 1 trial of drug A in solid tumours"),
    ).toEqual({ score: 1, how: "same" });
  });

  it("needs short titles to be the same", () => {
    expect(same("Editorial", "Editorial.")).toEqual({ score: 1, how: "same" });
    expect(same("Reply to the editor", "Reply to the editors")).toBeUndefined();
  });
});

describe("parseNoticeTitle", () => {
  it.each([
    ["Erratum.", { type: "erratum" }],
    ["Erratum: Effect of X on Y in adults", { type: "erratum", refersTo: "Effect of X on Y in adults" }],
    ["Correction to: Effect of X on Y", { type: "correction", refersTo: "Effect of X on Y" }],
    [
      "Author Correction: Tumour cells evade T cells",
      { type: "correction", refersTo: "Tumour cells evade T cells" },
    ],
    [
      "Correction for Smith et al., Effect of X on Y in mice",
      { type: "correction", refersTo: "Effect of X on Y in mice" },
    ],
    [
      "Correction to “Lung function in smokers” (vol 12, pg 34, 2019)",
      { type: "correction", refersTo: "Lung function in smokers" },
    ],
    [
      "Retraction Note: Tumour cells evade T cells",
      { type: "retraction", refersTo: "Tumour cells evade T cells" },
    ],
    ["Notice of Retraction", { type: "retraction" }],
    [
      "Expression of Concern: Tumour cells evade T cells",
      { type: "concern", refersTo: "Tumour cells evade T cells" },
    ],
    ["Comment on: Tumour cells evade T cells", { type: "comment", refersTo: "Tumour cells evade T cells" }],
    ["Reply to “Tumour cells evade T cells”", { type: "comment", refersTo: "Tumour cells evade T cells" }],
  ])("reads %j as a notice", (title, notice) => {
    expect(parseNoticeTitle(title)).toEqual(notice);
  });

  it("reads Elsevier's corrigendum with its citation", () => {
    expect(
      parseNoticeTitle(
        'Corrigendum to "MageC2 protein is upregulated by oncogenic activation of MAPK pathway" [Biochim. Biophys. Acta 1868 (2021) 118918].',
      ),
    ).toEqual({
      type: "erratum",
      refersTo: "MageC2 protein is upregulated by oncogenic activation of MAPK pathway",
    });
  });

  it.each([
    "Correction of hyponatremia in the elderly",
    "Correction for attenuation in regression models",
    "Retraction of the lower eyelid after blepharoplasty",
    "Response to treatment in children with asthma",
  ])("leaves %j alone: an article, not a notice", (title) => {
    expect(parseNoticeTitle(title)).toBeUndefined();
  });

  it("reads a title marked retracted as the item's own retraction, with its real title", () => {
    expect(parseRetractedTitle("RETRACTED: Big trial of small things")).toBe("Big trial of small things");
    expect(parseRetractedTitle("Retraction of the lower eyelid")).toBeUndefined();
  });
});

describe("venue and first-author agreement", () => {
  it.each([
    ["J Clin Oncol", "Journal of Clinical Oncology", true],
    ["N Engl J Med", "The New England journal of medicine", true],
    ["ASCO Annual Meeting", "American Society of Clinical Oncology Annual Meeting", true],
    ["61st ASH Annual Meeting and Exposition", "ASH Annual Meeting & Exposition", true],
    ["Clinical Oncology", "Journal of Clinical Oncology", false],
    ["JAMA", "JAMA Intern Med", false],
    ["Blood", "Brain", false],
  ])("%j and %j agree: %s", (a, b, agree) => {
    expect(venuesAgree(venueTokens(a), venueTokens(b))).toBe(agree);
  });

  it("finds the first author's surname however the source writes it", () => {
    expect(firstAuthorSurname([{ name: "Okafor C" }, { name: "Lindqvist M" }])).toBe("okafor");
    expect(firstAuthorSurname([{ name: "Chidi Okafor" }])).toBe("okafor");
    expect(firstAuthorSurname([{ name: "Núñez, María", role: "author" }])).toBe("nunez");
    expect(
      firstAuthorSurname([
        { name: "Lindqvist M", sequence: "additional" },
        { name: "Okafor C", sequence: "first" },
      ]),
    ).toBe("okafor");
    expect(firstAuthorSurname([{ name: "Ed Itor", role: "editor" }])).toBeUndefined();
    expect(surnamesAgree("garcia lopez", "garcia")).toBe(true);
    expect(surnamesAgree("li", "lin")).toBe(false);
  });
});

describe("grantKey", () => {
  it("reads NIH numbers as their core project number, and others as written", () => {
    expect(grantKey("5R01AI139180-05")).toBe("R01AI139180");
    expect(grantKey("R01 AI139180")).toBe("R01AI139180");
    expect(grantKey("r01ai139180")).toBe("R01AI139180");
    expect(grantKey("MR/T001234/1")).toBe("MRT0012341");
    expect(grantKey("123")).toBeUndefined();
  });

  it("takes a word with no digits for no grant number at all, so such grants are never merged by it", () => {
    expect(grantKey("PENDING")).toBeUndefined();
    expect(grantKey("Internal award")).toBeUndefined();
  });
});
