import tCdf from "@stdlib/stats-base-dists-t-cdf";
import wilcoxon from "@stdlib/stats-wilcoxon";
import { describe, expect, it } from "vitest";
import { summarize } from "../../src/stats/describe.ts";
import { comparePaired, twoSidedTP } from "../../src/stats/paired.ts";
import { pairedSignedRank } from "../../src/stats/wilcoxon.ts";

/** Agreement with R's printed value to `digits` significant digits (R printed 15). */
function expectR(actual: number | null | undefined, expected: number, digits = 9): void {
  expect(actual).not.toBeNull();
  expect(actual).toBeTypeOf("number");
  const tolerance = Math.abs(expected) * 10 ** -digits;
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

describe("comparePaired", () => {
  it("matches R on counts with ties, zero differences and a person with no output", () => {
    // R: x <- c(0, 2, 1, 0, 5, 3, 0, 1, 4, 0, 2, 7); y <- c(1, 6, 1, 2, 9, 3, 0, 4, 4, 3, 1, 12)
    //    t.test(y, x, paired = TRUE); wilcox.test(y, x, paired = TRUE, exact = FALSE)
    //    c(sum(x), mean(x), sd(x), sum(y), mean(y), sd(y)); d <- y - x; mean(d) / sd(d)
    const pre = [0, 2, 1, 0, 5, 3, 0, 1, 4, 0, 2, 7];
    const post = [1, 6, 1, 2, 9, 3, 0, 4, 4, 3, 1, 12];
    const result = comparePaired(pre, post);
    expect(result.n).toBe(12);
    expect(result.pre.total).toBe(25);
    expectR(result.pre.mean, 2.08333333333333);
    expectR(result.pre.sd, 2.27469611690055);
    expect(result.post.total).toBe(46);
    expectR(result.post.mean, 3.83333333333333);
    expectR(result.post.sd, 3.58870281282637);
    expectR(result.meanDifference, 1.75);
    expectR(result.ci95?.[0], 0.475655683699739);
    expectR(result.ci95?.[1], 3.02434431630026);
    expectR(result.t, 3.02251438711861);
    expect(result.df).toBe(11);
    expectR(result.p, 0.0116034666683571);
    // Four zero differences are dropped and the tied ranks use the tie-corrected variance.
    expect(result.wilcoxon.statistic).toBe(34.5);
    expectR(result.wilcoxon.p, 0.0245296296064374);
    expectR(result.effectSize, 0.872524747516223);
    expect(result.note).toBeNull();
  });

  it("uses the normal approximation, as R's exact = FALSE does, when there are no ties and no zeros", () => {
    // R: x <- c(1.83, 0.50, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06)
    //    y <- c(0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14)
    //    t.test(y, x, paired = TRUE); wilcox.test(y, x, paired = TRUE, exact = FALSE)
    //    d <- y - x; mean(d) / sd(d)
    // (@stdlib alone would give the exact P here: 0.0390625 for V = 3.)
    const pre = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06];
    const post = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14];
    const result = comparePaired(pre, post);
    expectR(result.pre.sd, 0.741773935527915);
    expectR(result.post.sd, 0.857542658247557);
    expectR(result.meanDifference, -0.484625);
    expectR(result.ci95?.[0], -0.838953322773251);
    expectR(result.ci95?.[1], -0.130296677226749);
    expectR(result.t, -3.23416434497532);
    expect(result.df).toBe(7);
    expectR(result.p, 0.0143686471737496);
    expect(result.wilcoxon.statistic).toBe(3);
    expectR(result.wilcoxon.p, 0.042315274905714);
    expectR(result.effectSize, -1.1434497699019);
  });

  it("matches R with two pairs, the fewest a test needs", () => {
    // R: x <- c(3, 5); y <- c(4, 9); t.test(y, x, paired = TRUE)
    //    wilcox.test(y, x, paired = TRUE, exact = FALSE); d <- y - x; mean(d) / sd(d)
    const result = comparePaired([3, 5], [4, 9]);
    expectR(result.ci95?.[0], -16.559307104262);
    expectR(result.ci95?.[1], 21.559307104262);
    expectR(result.t, 1.66666666666667);
    expectR(result.p, 0.344041739245261);
    expect(result.wilcoxon.statistic).toBe(3);
    expectR(result.wilcoxon.p, 0.371093369522698);
    expectR(result.effectSize, 1.17851130197758);
  });

  it("gives null, not NaN, for t, P, CI, Wilcoxon and effect size when every difference is 0", () => {
    // R: x <- c(1, 2, 3); t.test(x, x, paired = TRUE)$statistic is NaN;
    //    wilcox.test(x, x, paired = TRUE, exact = FALSE)$p.value is NaN
    const result = comparePaired([1, 2, 3], [1, 2, 3]);
    expect(result).toMatchObject({
      n: 3,
      meanDifference: 0,
      ci95: null,
      t: null,
      df: null,
      p: null,
      wilcoxon: { statistic: null, p: null },
      effectSize: null,
    });
    expect(result.note).toMatch(/every difference is 0/);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it("gives no t test when everyone changed by the same amount, but still the Wilcoxon test", () => {
    // R: x <- c(0, 1, 2, 3, 4); y <- x + 2
    //    t.test(y, x, paired = TRUE) stops: "data are essentially constant"
    //    wilcox.test(y, x, paired = TRUE, exact = FALSE): V = 15, p-value = 0.0368884257070499
    const result = comparePaired([0, 1, 2, 3, 4], [2, 3, 4, 5, 6]);
    expect(result).toMatchObject({
      meanDifference: 2,
      ci95: null,
      t: null,
      df: null,
      p: null,
      effectSize: null,
    });
    expect(result.wilcoxon.statistic).toBe(15);
    expectR(result.wilcoxon.p, 0.0368884257070499);
    expect(result.note).toMatch(/every difference is the same/);
    expect(JSON.stringify(result)).not.toMatch(/NaN|Infinity/);
  });

  it("reports one pair's values but no SD or test", () => {
    const result = comparePaired([2], [5]);
    expect(result).toEqual({
      n: 1,
      pre: { total: 2, mean: 2, sd: null },
      post: { total: 5, mean: 5, sd: null },
      meanDifference: 3,
      ci95: null,
      t: null,
      df: null,
      p: null,
      wilcoxon: { statistic: null, p: null },
      effectSize: null,
      note: "one pair: SDs, the t test, the Wilcoxon test and the effect size need at least two",
    });
  });

  it("reports no pairs as nulls and zero totals", () => {
    const result = comparePaired([], []);
    expect(result).toMatchObject({ n: 0, pre: { total: 0, mean: null, sd: null }, meanDifference: null });
    expect(result.note).toBe("no pairs: nothing to compare");
  });

  it("counts a person with no output in either window as a pair of zeros", () => {
    const withNobody = comparePaired([1, 2, 3], [2, 4, 7]);
    const withZeros = comparePaired([1, 2, 3, 0], [2, 4, 7, 0]);
    expect(withZeros.n).toBe(4);
    expect(withZeros.pre.mean).toBe(1.5);
    expect(withZeros.meanDifference).toBe(1.75);
    // The zero difference counts in the t test but is dropped by the signed-rank test.
    expect(withZeros.t).not.toBe(withNobody.t);
    expect(withZeros.wilcoxon).toEqual(withNobody.wilcoxon);
  });

  it("refuses unpaired or non-finite input", () => {
    expect(() => comparePaired([1, 2], [1])).toThrow(RangeError);
    expect(() => comparePaired([1, Number.NaN], [1, 2])).toThrow(RangeError);
  });
});

describe("pairedSignedRank", () => {
  it("is post - pre: V sums the ranks of the increases", () => {
    // R: wilcox.test(c(2, 5, 1), c(1, 2, 3), paired = TRUE, exact = FALSE)$statistic is V = 4
    expect(pairedSignedRank([1, 2, 3], [2, 5, 1]).statistic).toBe(4);
  });

  it("works around @stdlib, which uses the exact distribution for small samples even with exact: false", () => {
    // R: wilcox.test(y, x, paired = TRUE) with x, y of the no-ties test above (exact): p-value = 0.0390625
    // If this starts failing, @stdlib can do what R's exact = FALSE does and the extra pair can go.
    const pre = [1.83, 0.5, 1.62, 2.48, 1.68, 1.88, 1.55, 3.06];
    const post = [0.878, 0.647, 0.598, 2.05, 1.06, 1.29, 1.06, 3.14];
    expectR(wilcoxon(post, pre, { exact: false }).pValue, 0.0390625);
  });
});

describe("summarize", () => {
  it("gives the sample SD, as R's sd", () => {
    // R: sd(c(1e9 + 1, 1e9 + 2, 1e9 + 3)) is 1
    expect(summarize([1e9 + 1, 1e9 + 2, 1e9 + 3])).toEqual({ total: 3e9 + 6, mean: 1e9 + 2, sd: 1 });
  });
});

describe("the reference evaluation's table (DESIGN.md, n = 29, df = 28)", () => {
  // R: print(2 * pt(-c(3.194, 1.707, 2.379), 28), digits = 15)
  //    0.00345720654834911 0.0988902005482106 0.0244156859458079
  it.each([
    [3.194, 0.00345720654834911, "0.0035", ".003"],
    [1.707, 0.0988902005482106, "0.0989", ".099"],
    [2.379, 0.0244156859458079, "0.0244", ".024"],
  ])("t = %s gives the two-sided P the table reports", (t, r, fourPlaces, published) => {
    const p = twoSidedTP(t, 28);
    expectR(p, r);
    expect(p.toFixed(4)).toBe(fourPlaces);
    expect(p.toFixed(3).replace(/^0/, "")).toBe(published);
    expect(twoSidedTP(-t, 28)).toBe(p);
    expect(p).toBeCloseTo(2 * tCdf(-t, 28), 15);
  });
});
