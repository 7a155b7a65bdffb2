/**
 * A person's record against the criteria for their next rank: each requirement's count over the
 * look-back window, met or not, the gap, and the ledger items behind the count. Pure.
 *
 * The look-back window is calendar years, inclusive, ending with the as-of year, since the ledger
 * dates items to the year: a 5-year look-back as of 2026-06-30 is 2022-2026. An item counts when
 * the years it counts in overlap the window (a grant active in any year of it counts).
 */
import type { Metric } from "../reconcile/classify.ts";
import type { LedgerLineView } from "../reports/windows-report.ts";
import { overlaps, type YearSpan } from "../reports/windows.ts";
import type { BenchmarkTarget, Requirement } from "./criteria.ts";
import { percentileRank, summarizeNorm, type NormSummary } from "./norms.ts";

/** The lines a check reads: a ledger line's metric, dating and the person's place on it. */
export type CheckedLine = Pick<LedgerLineView, "itemId" | "metric" | "years" | "authorPosition" | "role">;

export interface RequirementCheck {
  id: string;
  label: string;
  metric: Metric;
  required: number;
  count: number;
  met: boolean;
  /** "2 more first- or senior-author peer-reviewed publications"; null when met. */
  gap: string | null;
  /** The ledger items counted, by item id. */
  itemIds: number[];
  /** Filters beyond the metric, as the criteria give them. */
  authorPositions?: string[];
  grantRoles?: string[];
  /** Where the count stands among the people promoted to this rank on this track (0-100); null without norms. */
  percentile: number | null;
  norm: NormSummary | null;
  /** The norm group has fewer people than the criteria's minNormGroup: the percentile says little. */
  normTooSmall: boolean;
}

export interface PersonCheck {
  facultyId: string;
  name: string;
  track: string | null;
  rank: string | null;
  targetRank: string | null;
  asOf: string;
  window: YearSpan | null;
  requirements: RequirementCheck[];
  /** Every requirement met; null when there are no criteria to check against. */
  met: boolean | null;
  /** The criteria's version the check used. */
  criteriaVersion: string;
  /** Why nothing was checked: no criteria for the track or next rank, no rank on the roster, ... */
  noCriteria: string | null;
}

/** The look-back window ending with the as-of date's year. */
export function lookBackWindow(asOf: string, lookBackYears: number): YearSpan {
  const to = Number(asOf.slice(0, 4));
  return { from: to - lookBackYears + 1, to };
}

/** The lines a requirement counts in the window: its metric, author positions and grant roles. */
export function countRequirement(
  lines: readonly CheckedLine[],
  requirement: Requirement,
  window: YearSpan,
): number[] {
  return lines
    .filter(
      (line) =>
        line.metric === requirement.metric &&
        line.years !== null &&
        overlaps(line.years, window) &&
        (requirement.authorPositions === undefined ||
          (line.authorPosition !== null &&
            (requirement.authorPositions as readonly string[]).includes(line.authorPosition))) &&
        (requirement.grantRoles === undefined ||
          (line.role !== null && (requirement.grantRoles as readonly string[]).includes(line.role))),
    )
    .map((line) => line.itemId)
    .sort((a, b) => a - b);
}

/** "2 more first- or senior-author papers", "1 more grant as PI or co-I". */
export function gapText(requirement: Requirement, missing: number): string {
  const noun = missing === 1 ? (requirement.labelSingular ?? requirement.label) : requirement.label;
  return `${missing} more ${noun}`;
}

/** Each requirement's count at the as-of date, with the norm group's values per requirement id when known. */
export function checkRequirements(
  target: BenchmarkTarget,
  lines: readonly CheckedLine[],
  asOf: string,
  norms: ReadonlyMap<string, readonly number[]> | undefined,
  minNormGroup: number,
): { window: YearSpan; requirements: RequirementCheck[]; met: boolean } {
  const window = lookBackWindow(asOf, target.lookBackYears);
  const requirements = target.requirements.map((requirement): RequirementCheck => {
    const itemIds = countRequirement(lines, requirement, window);
    const count = itemIds.length;
    const met = count >= requirement.atLeast;
    const values = norms?.get(requirement.id) ?? [];
    return {
      id: requirement.id,
      label: requirement.label,
      metric: requirement.metric,
      required: requirement.atLeast,
      count,
      met,
      gap: met ? null : gapText(requirement, requirement.atLeast - count),
      itemIds,
      ...(requirement.authorPositions ? { authorPositions: [...requirement.authorPositions] } : {}),
      ...(requirement.grantRoles ? { grantRoles: [...requirement.grantRoles] } : {}),
      percentile: percentileRank(values, count),
      norm: values.length > 0 ? summarizeNorm(values) : null,
      normTooSmall: values.length < minNormGroup,
    };
  });
  return { window, requirements, met: requirements.every((requirement) => requirement.met) };
}

/** Each requirement's count for one past promotion, as of its date: one person's contribution to the norms. */
export function countsAtPromotion(
  target: BenchmarkTarget,
  lines: readonly CheckedLine[],
  promotedOn: string,
): Map<string, number> {
  const window = lookBackWindow(promotedOn, target.lookBackYears);
  return new Map(
    target.requirements.map((requirement) => [
      requirement.id,
      countRequirement(lines, requirement, window).length,
    ]),
  );
}
