/** Total, mean and sample SD (n - 1 denominator, as R's `sd`) of one group of values. */
export interface Summary {
  total: number;
  /** null when there are no values. */
  mean: number | null;
  /** null for fewer than two values (R gives NA). */
  sd: number | null;
}

export function summarize(values: readonly number[]): Summary {
  const n = values.length;
  const total = sum(values);
  if (n === 0) return { total, mean: null, sd: null };
  const mean = total / n;
  return { total, mean, sd: n < 2 ? null : Math.sqrt(sumOfSquaredDeviations(values, mean) / (n - 1)) };
}

function sum(values: readonly number[]): number {
  let total = 0;
  for (const value of values) total += value;
  return total;
}

// Two passes (deviations from the computed mean) rather than sum of squares minus square of sum,
// which loses every digit when the values are large and close together.
function sumOfSquaredDeviations(values: readonly number[], mean: number): number {
  let total = 0;
  for (const value of values) total += (value - mean) ** 2;
  return total;
}
