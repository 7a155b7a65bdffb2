/**
 * Numbers as published tables print them: P without a leading zero to three places ("P < .001"
 * below that), means and SDs to a fixed number of places. Every function prints "n/a" for null.
 */
const NOT_AVAILABLE = "n/a";

/** ".003", ".099", "1.000"; "<.001" below .001. */
export function formatP(p: number | null): string {
  if (p === null) return NOT_AVAILABLE;
  if (p < 0.001) return "<.001";
  return p.toFixed(3).replace(/^0\./, ".");
}

export function formatNumber(value: number | null, digits: number): string {
  if (value === null) return NOT_AVAILABLE;
  // Avoids "-0.00" for a tiny negative value.
  const text = value.toFixed(digits);
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** "1.3 (2.1)" */
export function formatMeanSd(mean: number | null, sd: number | null, digits: number): string {
  if (mean === null) return NOT_AVAILABLE;
  return `${formatNumber(mean, digits)} (${formatNumber(sd, digits)})`;
}

/** "0.45 (0.12 to 0.78)"; "to" because a dash reads as a minus sign next to negative limits. */
export function formatEstimateCi(
  estimate: number | null,
  ci: readonly [number, number] | null,
  digits: number,
): string {
  if (estimate === null) return NOT_AVAILABLE;
  const value = formatNumber(estimate, digits);
  return ci === null ? value : `${value} (${formatNumber(ci[0], digits)} to ${formatNumber(ci[1], digits)})`;
}
