/**
 * Daily request budgets (ORCID's public API allows 100,000 reads a day): every request a source
 * makes is counted in Redis by UTC day, and a run that would need more than what is left of the
 * day's budget harvests the people longest without a harvest first and leaves the rest to the
 * following nights (docs/operations.md#daily-budgets).
 */

/** ORCID reads of a complete harvest of one record: record, works, a bulk read, fundings, a funding or two, person, employments. */
export const ORCID_COMPLETE_READS = 8;
/** ORCID reads of an incremental harvest: the record's last-modified date. */
export const ORCID_INCREMENTAL_READS = 1;

export interface DailyBudget {
  source: string;
  /** Requests allowed a day. */
  limit: number;
  /** Requests made today already. */
  usedToday: number;
}

export interface BudgetedPerson {
  facultyId: string;
  /** Requests their harvest is expected to make. */
  cost: number;
  /** Their last harvest at the source; null when never. */
  lastHarvestAt: Date | null;
}

export interface BudgetChoice {
  harvested: string[];
  deferred: string[];
  /** Requests the harvested people are expected to make. */
  planned: number;
  /** What the whole night would have needed. */
  needed: number;
  remaining: number;
}

/** Who fits in what is left of the day's budget: the people longest without a harvest first. */
export function chooseWithinBudget(people: readonly BudgetedPerson[], budget: DailyBudget): BudgetChoice {
  const remaining = Math.max(0, budget.limit - budget.usedToday);
  const needed = people.reduce((sum, person) => sum + person.cost, 0);
  const oldestFirst = [...people].sort(
    (a, b) =>
      (a.lastHarvestAt?.getTime() ?? -Infinity) - (b.lastHarvestAt?.getTime() ?? -Infinity) ||
      a.facultyId.localeCompare(b.facultyId),
  );
  const harvested: string[] = [];
  const deferred: string[] = [];
  let planned = 0;
  for (const person of oldestFirst) {
    if (planned + person.cost <= remaining) {
      harvested.push(person.facultyId);
      planned += person.cost;
    } else deferred.push(person.facultyId);
  }
  return { harvested, deferred, planned, needed, remaining };
}
