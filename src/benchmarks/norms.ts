/**
 * Norms: what people promoted to a rank had counted when they were promoted, summarized per
 * requirement (n, median, quartiles; R's default quantile type 7), and where a candidate stands
 * among them. Pure.
 */
import { ascending, bisectLeft, bisectRight, quantileSorted } from "d3-array";

export interface NormSummary {
  n: number;
  /** null when n is 0. */
  min: number | null;
  q1: number | null;
  median: number | null;
  q3: number | null;
  max: number | null;
  mean: number | null;
}

/** Quartiles interpolated between order statistics as R's quantile(type = 7) does (d3-array's quantile). */
export function summarizeNorm(values: readonly number[]): NormSummary {
  const sorted = [...values].sort(ascending);
  const n = sorted.length;
  if (n === 0) return { n, min: null, q1: null, median: null, q3: null, max: null, mean: null };
  const at = (p: number) => quantileSorted(sorted, p) ?? null;
  return {
    n,
    min: sorted[0]!,
    q1: at(0.25),
    median: at(0.5),
    q3: at(0.75),
    max: sorted[n - 1]!,
    mean: sorted.reduce((sum, value) => sum + value, 0) / n,
  };
}

/**
 * The candidate's percentile rank among the norm group (0-100, one decimal): the share below them
 * plus half the share tied with them, so a count equal to everyone's is the 50th percentile.
 * null when the group is empty.
 */
export function percentileRank(values: readonly number[], value: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort(ascending);
  const below = bisectLeft(sorted, value);
  const tied = bisectRight(sorted, value) - below;
  return Math.round(((below + tied / 2) / sorted.length) * 1000) / 10;
}
