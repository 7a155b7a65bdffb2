/**
 * Daily request budgets (ORCID's public API allows 100,000 reads a day): every request a source
 * makes is counted in Redis by UTC day, and a run that would need more than what is left of the
 * day's budget harvests the people longest without a harvest first and leaves the rest to the
 * following nights (docs/operations.md#daily-budgets).
 */

import { ORCID_SEARCH_MAX_IDS } from "../sources/orcid/client.ts";

/** ORCID reads of a complete harvest of one record: record, works, a bulk read, fundings, a funding or two, person, employments. */
export const ORCID_COMPLETE_READS = 8;
/** ORCID reads of an incremental harvest asked on its own: the record's last-modified date. */
export const ORCID_INCREMENTAL_READS = 1;
/**
 * An incremental harvest asked for together with others (a run's first pass): its share of one
 * search for up to ORCID_SEARCH_MAX_IDS records, which says whose record changed.
 */
export const ORCID_SEARCH_SHARE = 1 / ORCID_SEARCH_MAX_IDS;

/**
 * The ORCID reads one person's harvest is expected to make tonight. Whose record changed is not
 * known before the search, so a changed record's full read is not foreseen here: it is counted
 * against the day as it is made, and the next night's budget sees it.
 */
export function orcidReads(harvest: { mode: "complete" | "incremental"; searchedTogether: boolean }): number {
  if (harvest.mode === "complete") return ORCID_COMPLETE_READS;
  return harvest.searchedTogether ? ORCID_SEARCH_SHARE : ORCID_INCREMENTAL_READS;
}

export interface DailyBudget {
  source: string;
  /** Requests allowed a day. */
  limit: number;
  /** Requests made today already. */
  usedToday: number;
}

export interface BudgetedPerson {
  facultyId: string;
  /** Requests their harvest is expected to make (a share of one when asked for together with others). */
  cost: number;
  /** Their last harvest at the source; null when never. */
  lastHarvestAt: Date | null;
}

export interface BudgetChoice {
  harvested: string[];
  deferred: string[];
  /** Requests the harvested people are expected to make (whole requests: shares of one are rounded up). */
  planned: number;
  /** What the whole night would have needed (whole requests). */
  needed: number;
  remaining: number;
}

/** Who fits in what is left of the day's budget: the people longest without a harvest first. */
export function chooseWithinBudget(people: readonly BudgetedPerson[], budget: DailyBudget): BudgetChoice {
  const remaining = Math.max(0, budget.limit - budget.usedToday);
  const needed = wholeRequests(people.reduce((sum, person) => sum + person.cost, 0));
  const oldestFirst = [...people].sort(
    (a, b) =>
      (a.lastHarvestAt?.getTime() ?? -Infinity) - (b.lastHarvestAt?.getTime() ?? -Infinity) ||
      a.facultyId.localeCompare(b.facultyId),
  );
  const harvested: string[] = [];
  const deferred: string[] = [];
  let planned = 0;
  for (const person of oldestFirst) {
    if (wholeRequests(planned + person.cost) <= remaining) {
      harvested.push(person.facultyId);
      planned += person.cost;
    } else deferred.push(person.facultyId);
  }
  return { harvested, deferred, planned: wholeRequests(planned), needed, remaining };
}

// Shares of a search add up to whole requests; the rounding keeps 200 shares of 1/200 at 1, not 1.0000000002.
function wholeRequests(requests: number): number {
  return Math.ceil(Number(requests.toFixed(6)));
}
