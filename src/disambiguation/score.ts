import type { Evidence } from "../identity/evidence.ts";

/**
 * A link's score: a base of 50 (a name-matched record is as likely theirs as not) plus every
 * evidence weight, clamped to 0-100. Decisive evidence (an ORCID iD, their own ORCID record, a
 * RePORTER profile id) weighs ±100, so it settles the link whatever else is said.
 */

export type LinkStatus = "accepted" | "pending" | "rejected";

/** Scores at or above `accept` are accepted automatically, at or below `reject` rejected automatically. */
export interface Thresholds {
  accept: number;
  reject: number;
}

export const DEFAULT_THRESHOLDS: Thresholds = { accept: 75, reject: 25 };

export const BASE_SCORE = 50;

export interface ScoreBreakdown {
  base: number;
  /** Sum of the evidence weights. */
  weights: number;
  /** base + weights, before clamping. */
  total: number;
  /** The total clamped to 0-100. */
  score: number;
  clamped: boolean;
}

export function scoreEvidence(evidence: readonly Evidence[]): ScoreBreakdown {
  const weights = evidence.reduce((sum, item) => sum + item.weight, 0);
  const total = BASE_SCORE + weights;
  const score = Math.max(0, Math.min(100, total));
  return { base: BASE_SCORE, weights, total, score, clamped: score !== total };
}

/** "50 + 10 + 30 - 30 = 60", with the clamping said when there is any: for `review explain`. */
export function describeScore(evidence: readonly Evidence[]): string {
  const { base, total, score, clamped } = scoreEvidence(evidence);
  const terms = evidence.map((item) => (item.weight < 0 ? `- ${-item.weight}` : `+ ${item.weight}`));
  const sum = [String(base), ...terms].join(" ");
  return clamped ? `${sum} = ${total}, clamped to ${score}` : `${sum} = ${score}`;
}

export function decide(score: number, thresholds: Thresholds = DEFAULT_THRESHOLDS): LinkStatus {
  if (score >= thresholds.accept) return "accepted";
  if (score <= thresholds.reject) return "rejected";
  return "pending";
}

/** Throws a RangeError unless 0 <= reject < accept <= 100: for configuration to check at start-up. */
export function checkThresholds(thresholds: Thresholds): Thresholds {
  const { accept, reject } = thresholds;
  if (!(
    Number.isFinite(accept) &&
    Number.isFinite(reject) &&
    reject >= 0 &&
    accept <= 100 &&
    reject < accept
  )) {
    throw new RangeError(
      `disambiguation thresholds must satisfy 0 <= reject < accept <= 100 (got reject ${reject}, accept ${accept})`,
    );
  }
  return thresholds;
}
