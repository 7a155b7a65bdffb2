import chisquareCdf from "@stdlib/stats-base-dists-chisquare-cdf";

/** A chi-squared test with one degree of freedom; statistic and p are null when it is undefined. */
export interface ChiSquaredTest {
  statistic: number | null;
  df: 1;
  p: number | null;
  /** Why statistic and p are null, or a caution about the approximation; null otherwise. */
  note: string | null;
}

/**
 * McNemar's test of paired yes/no answers, as R's `mcnemar.test(table)` with its default
 * `correct = TRUE`, from the two discordant counts (the only cells it uses): `noToYes` answered no
 * then yes, `yesToNo` yes then no. R drops the continuity correction when the two counts are equal.
 */
export function mcnemarTest(noToYes: number, yesToNo: number): ChiSquaredTest {
  checkCount(noToYes, "noToYes");
  checkCount(yesToNo, "yesToNo");
  const discordant = noToYes + yesToNo;
  if (discordant === 0) {
    return { statistic: null, df: 1, p: null, note: "no one changed answer: McNemar's test is undefined" };
  }
  const correction = noToYes !== yesToNo ? 1 : 0;
  const statistic = (Math.abs(noToYes - yesToNo) - correction) ** 2 / discordant;
  return { statistic, df: 1, p: upperTail(statistic), note: null };
}

/** R's `qnorm(0.975)`: no normal quantile function is among the dependencies, and only 95% is used. */
export const Z_975 = 1.9599639845400536;

export interface TwoProportionTest extends ChiSquaredTest {
  /** 95% CI of proportion 2 - proportion 1, as R's (continuity-corrected, clipped to [-1, 1]). */
  ci95: [number, number] | null;
}

/**
 * The two-sample test for equality of proportions with continuity correction, as R's
 * `prop.test(c(x1, x2), c(n1, n2))`. The CI is of p2 - p1 (R reports p1 - p2: the same interval
 * with the signs swapped), so with group 1 the baseline it is the change.
 */
export function twoProportionTest(x1: number, n1: number, x2: number, n2: number): TwoProportionTest {
  for (const [value, name] of [
    [x1, "x1"],
    [n1, "n1"],
    [x2, "x2"],
    [n2, "n2"],
  ] as const) {
    checkCount(value, name);
  }
  if (x1 > n1 || x2 > n2) throw new RangeError("a count of yes answers exceeds its number of answers");
  if (n1 === 0 || n2 === 0) {
    return {
      statistic: null,
      df: 1,
      p: null,
      ci95: null,
      note: "no answers in one of the groups: the test is undefined",
    };
  }
  const p1 = x1 / n1;
  const p2 = x2 / n2;
  const change = p2 - p1;
  const inverseSum = 1 / n1 + 1 / n2;
  // R shrinks the correction when the difference is smaller than it, in the CI and the statistic.
  const yates = Math.min(0.5, Math.abs(change) / inverseSum);
  const width = Z_975 * Math.sqrt((p1 * (1 - p1)) / n1 + (p2 * (1 - p2)) / n2) + yates * inverseSum;
  const ci95: [number, number] = [Math.max(change - width, -1), Math.min(change + width, 1)];

  const pooled = (x1 + x2) / (n1 + n2);
  if (pooled === 0 || pooled === 1) {
    return {
      statistic: null,
      df: 1,
      p: null,
      ci95,
      note: `every answer is ${pooled === 0 ? "no" : "yes"} in both groups: the test is undefined`,
    };
  }
  const observed = [x1, n1 - x1, x2, n2 - x2];
  const expected = [n1 * pooled, n1 * (1 - pooled), n2 * pooled, n2 * (1 - pooled)];
  let statistic = 0;
  expected.forEach((e, i) => {
    statistic += (Math.abs((observed[i] as number) - e) - yates) ** 2 / e;
  });
  return {
    statistic,
    df: 1,
    p: upperTail(statistic),
    ci95,
    // R warns "Chi-squared approximation may be incorrect" on the same condition.
    note: expected.some((e) => e < 5) ? "an expected count is below 5: the P value may be inaccurate" : null,
  };
}

/**
 * P(X > statistic) for X ~ chi-squared(1). As 1 - CDF it has an absolute error near 1e-16, so a P
 * below about 1e-9 agrees with R's `pchisq(..., lower.tail = FALSE)` to fewer than six digits (all of
 * them print as "<.001").
 */
function upperTail(statistic: number): number {
  return 1 - chisquareCdf(statistic, 1);
}

function checkCount(value: number, name: string): void {
  if (!Number.isInteger(value) || value < 0) throw new RangeError(`${name} must be a count, not ${value}`);
}
