import { describe, expect, it } from "vitest";
import { mcnemarTest, twoProportionTest, Z_975 } from "../../src/stats/proportions.ts";

/** Agreement with R's printed value to `digits` significant digits (R printed 15). */
function expectR(actual: number | null | undefined, expected: number, digits = 9): void {
  expect(actual).toBeTypeOf("number");
  const tolerance = Math.abs(expected) * 10 ** -digits;
  expect(Math.abs((actual as number) - expected)).toBeLessThanOrEqual(tolerance);
}

describe("mcnemarTest", () => {
  it("matches R when everyone who changed went from no to yes (6 of 23 to 23 of 23)", () => {
    // R: mcnemar.test(matrix(c(0, 0, 17, 6), 2))   # rows baseline no/yes, columns post no/yes
    //    McNemar's chi-squared = 15.0588235294118, p-value = 0.000104211945158089
    const result = mcnemarTest(17, 0);
    expectR(result.statistic, 15.0588235294118);
    expectR(result.p, 0.000104211945158089);
    expect(result).toMatchObject({ df: 1, note: null });
  });

  it("matches R with changes both ways", () => {
    // R: mcnemar.test(matrix(c(10, 3, 9, 8), 2)): chi-squared = 2.08333333333333, p-value = 0.148914673178766
    const result = mcnemarTest(9, 3);
    expectR(result.statistic, 2.08333333333333);
    expectR(result.p, 0.148914673178766);
    // The test is symmetric in the two discordant counts.
    expect(mcnemarTest(3, 9)).toEqual(result);
  });

  it("drops the continuity correction when the changes balance, as R does", () => {
    // R: mcnemar.test(matrix(c(10, 4, 4, 8), 2)): chi-squared = 0, p-value = 1
    expect(mcnemarTest(4, 4)).toEqual({ statistic: 0, df: 1, p: 1, note: null });
  });

  it("is undefined, with a note, when no one changed answer", () => {
    // R: mcnemar.test(matrix(c(10, 0, 0, 8), 2)): chi-squared = NaN, p-value = NA
    const result = mcnemarTest(0, 0);
    expect(result).toMatchObject({ statistic: null, p: null });
    expect(result.note).toMatch(/no one changed answer/);
  });

  it("refuses counts that are not counts", () => {
    expect(() => mcnemarTest(-1, 2)).toThrow(RangeError);
    expect(() => mcnemarTest(1.5, 2)).toThrow(RangeError);
  });
});

describe("twoProportionTest", () => {
  it("matches R's prop.test, with the CI of the change (p2 - p1)", () => {
    // R: prop.test(c(6, 23), c(23, 23)): X-squared = 23.8864097363083, p-value = 1.02190644334299e-06,
    //    95 percent CI of p1 - p2: -0.962064050874648 -0.51619681869057
    const result = twoProportionTest(6, 23, 23, 23);
    expectR(result.statistic, 23.8864097363083);
    expectR(result.p, 1.02190644334299e-6);
    expectR(result.ci95?.[0], 0.51619681869057);
    expectR(result.ci95?.[1], 0.962064050874648);
    expect(result.df).toBe(1);
    expect(result.note).toBeNull();
  });

  it("warns, as R does, when an expected count is below 5", () => {
    // R: prop.test(c(1, 6), c(10, 12)): X-squared = 2.39031746031746, p-value = 0.122088833356547,
    //    CI of p1 - p2: -0.830198085421324 0.0301980854213243;
    //    Warning: Chi-squared approximation may be incorrect
    const result = twoProportionTest(1, 10, 6, 12);
    expectR(result.statistic, 2.39031746031746);
    expectR(result.p, 0.122088833356547);
    expectR(result.ci95?.[0], -0.0301980854213243);
    expectR(result.ci95?.[1], 0.830198085421324);
    expect(result.note).toMatch(/expected count is below 5/);
  });

  it("matches R on a second and a third pair of proportions", () => {
    // R: prop.test(c(3, 21), c(30, 30)): X-squared = 20.0694444444444, p-value = 7.46803440287429e-06,
    //    CI of p1 - p2: -0.829329731787339 -0.370670268212661
    const a = twoProportionTest(3, 30, 21, 30);
    expectR(a.statistic, 20.0694444444444);
    expectR(a.p, 7.46803440287429e-6);
    expectR(a.ci95?.[0], 0.370670268212661);
    expectR(a.ci95?.[1], 0.829329731787339);
    // R: prop.test(c(12, 15), c(40, 38)): X-squared = 0.410861713106295, p-value = 0.521532457580335,
    //    CI of p1 - p2: -0.330918588424264 0.141444904213738
    const b = twoProportionTest(12, 40, 15, 38);
    expectR(b.statistic, 0.410861713106295);
    expectR(b.p, 0.521532457580335);
    expectR(b.ci95?.[0], -0.141444904213738);
    expectR(b.ci95?.[1], 0.330918588424264);
    expect(b.note).toBeNull();
  });

  it("shrinks the continuity correction to the difference, as R does", () => {
    // R: prop.test(c(10, 10), c(20, 20)): X-squared = 0, p-value = 1, CI -0.309897516152281 0.309897516152281
    const result = twoProportionTest(10, 20, 10, 20);
    expect(result.statistic).toBe(0);
    expect(result.p).toBe(1);
    expectR(result.ci95?.[1], 0.309897516152281);
    expectR(result.ci95?.[0], -0.309897516152281);
  });

  it("is undefined when every answer is no, as R's NaN", () => {
    // R: prop.test(c(0, 0), c(20, 20)): X-squared = NaN, p-value = NA, CI 0 0
    const result = twoProportionTest(0, 20, 0, 20);
    expect(result).toMatchObject({ statistic: null, p: null, ci95: [0, 0] });
    expect(result.note).toMatch(/every answer is no/);
    expect(JSON.stringify(result)).not.toMatch(/NaN/);
  });

  it("is undefined when a group has no answers (R stops)", () => {
    expect(twoProportionTest(0, 0, 3, 10)).toMatchObject({ statistic: null, p: null, ci95: null });
  });

  it("uses R's normal quantile", () => {
    // R: print(qnorm(0.975), digits = 17) is 1.9599639845400536
    expect(Z_975).toBe(1.9599639845400536);
  });
});
