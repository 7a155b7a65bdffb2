import { describe, expect, it } from "vitest";
import { foldDiacritics, foldName } from "../../src/identity/names.ts";

/** How names were folded before plain ASCII names took a shorter way: every normalization. */
function foldedEveryWay(value: string): string {
  return foldDiacritics(value.normalize("NFKD"))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

describe("folding a name", () => {
  it("folds plain ASCII names as every normalization does", () => {
    const names = [
      "Okafor",
      "O'Brien-Smith, Jr.",
      "  McDonald  ",
      "van der Berg",
      "Smith JA 3rd",
      "A.B.",
      "",
      "__under_score__",
      "Tab\tand\nnewline",
      "UPPER lower 123",
    ];
    for (const name of names) expect(foldName(name)).toBe(foldedEveryWay(name));
  });

  it("still removes diacritics and folds letters that do not decompose", () => {
    expect(foldName("Núñez")).toBe("nunez");
    expect(foldName("Søren Łukasz")).toBe("soren lukasz");
    expect(foldName("ﬁne")).toBe("fine");
    expect(foldName("Zoë-Ann")).toBe(foldedEveryWay("Zoë-Ann"));
  });
});
