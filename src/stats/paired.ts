import tCdf from "@stdlib/stats-base-dists-t-cdf";
import ttest from "@stdlib/stats-ttest";
import { summarize, type Summary } from "./describe.ts";
import { pairedSignedRank, type SignedRankTest } from "./wilcoxon.ts";

/**
 * Everything a pre/post table reports for one measure, per person, with difference = post - pre.
 * The inferential fields are null, never NaN, when the data cannot support them; `note` says why.
 */
export interface PairedComparison {
  /** Number of pairs (people); a person with no output is a pair of zeros and counts. */
  n: number;
  pre: Summary;
  post: Summary;
  /** Mean of post - pre; null when n = 0. */
  meanDifference: number | null;
  /** 95% confidence interval of the mean difference (t distribution, df = n - 1). */
  ci95: [number, number] | null;
  /** Paired t statistic; null (with ci95, df and p) for n < 2 or when every difference is the same. */
  t: number | null;
  df: number | null;
  /** Two-sided P of the paired t test. */
  p: number | null;
  /** As R's `wilcox.test(post, pre, paired = TRUE, exact = FALSE)`. */
  wilcoxon: SignedRankTest;
  /**
   * Cohen's d for paired data, d_z = mean difference / SD of the differences (R: `mean(d) / sd(d)`).
   * It equals t / sqrt(n); it is not the d_av that divides by the SD of the two windows.
   */
  effectSize: number | null;
  /** Why some of the fields above are null; null when all are given. */
  note: string | null;
}

/**
 * Compares paired measurements (pre[i] and post[i] belong to the same person) with the paired t test
 * of R's `t.test(post, pre, paired = TRUE)`, the Wilcoxon signed-rank test and d_z.
 */
export function comparePaired(pre: readonly number[], post: readonly number[]): PairedComparison {
  if (pre.length !== post.length) {
    throw new RangeError(`pre has ${pre.length} values and post ${post.length}; they must be paired`);
  }
  if (![...pre, ...post].every(Number.isFinite)) throw new RangeError("every value must be a finite number");
  const n = pre.length;
  const differences = post.map((value, i) => value - (pre[i] as number));
  const difference = summarize(differences);
  const base = { n, pre: summarize(pre), post: summarize(post), meanDifference: difference.mean };
  const undefinedTests = { ci95: null, t: null, df: null, p: null, effectSize: null };

  if (n < 2) {
    return {
      ...base,
      ...undefinedTests,
      wilcoxon: { statistic: null, p: null },
      note:
        n === 0
          ? "no pairs: nothing to compare"
          : "one pair: SDs, the t test, the Wilcoxon test and the effect size need at least two",
    };
  }
  const wilcoxon = pairedSignedRank(pre, post);
  const mean = difference.mean as number;
  const sd = difference.sd as number;
  // R's t.test stops with "data are essentially constant" on the same condition.
  if (sd === 0 || sd / Math.sqrt(n) < 10 * Number.EPSILON * Math.abs(mean)) {
    return {
      ...base,
      ...undefinedTests,
      wilcoxon,
      note:
        mean === 0
          ? "every difference is 0: the t test, the Wilcoxon test and the effect size are undefined"
          : "every difference is the same (SD 0): the t test, its CI and the effect size are undefined",
    };
  }
  const test = ttest(post as number[], pre as number[]);
  return {
    ...base,
    ci95: [test.ci[0] as number, test.ci[1] as number],
    t: test.statistic,
    df: test.df,
    p: test.pValue,
    wilcoxon,
    effectSize: mean / sd,
    note: null,
  };
}

/**
 * Two-sided P of a t statistic, for checking a published table that gives t and n but not P
 * (R: `2 * pt(-abs(t), df)`).
 */
export function twoSidedTP(t: number, df: number): number {
  return 2 * tCdf(-Math.abs(t), df);
}
