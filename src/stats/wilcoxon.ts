import wilcoxon from "@stdlib/stats-wilcoxon";

/** Wilcoxon signed-rank test of paired data; both fields null when the test is undefined. */
export interface SignedRankTest {
  /** V: the sum of the ranks of the positive differences (post - pre), as R reports it. */
  statistic: number | null;
  /** Two-sided P from the normal approximation with continuity correction. */
  p: number | null;
}

/**
 * The paired Wilcoxon signed-rank test of post - pre as R's
 * `wilcox.test(post, pre, paired = TRUE, exact = FALSE)` computes it: zero differences dropped, ranks
 * of tied absolute differences averaged, the tie-corrected variance, a continuity correction of 0.5
 * toward the mean, and the normal approximation whatever the sample size.
 *
 * Undefined (both null) for fewer than two pairs, or when every difference is 0 (R gives P = NA).
 */
export function pairedSignedRank(pre: readonly number[], post: readonly number[]): SignedRankTest {
  if (pre.length !== post.length) throw new RangeError("pre and post must have the same length");
  if (pre.length < 2 || pre.every((value, i) => post[i] === value)) return { statistic: null, p: null };
  // @stdlib uses the exact distribution when there are at most 50 pairs with no ties and no zero
  // difference, and has no option to turn that off. Its default zero method ("wilcox") drops zero
  // differences before ranking, so one extra pair with a zero difference changes neither V nor the
  // variance, but it does send the test down the normal approximation, which is what R's
  // `exact = FALSE` asks for. The R comparisons in tests/unit/stats-paired.test.ts include a sample
  // without ties or zeros to catch a change in this behaviour.
  const result = wilcoxon([...post, 0], [...pre, 0], { correction: true, zeroMethod: "wilcox" });
  return { statistic: result.statistic, p: result.pValue };
}
