/**
 * A position someone held, with its years: from an ORCID employment or a roster's list of previous
 * affiliations (which gives no years). Their affiliation on a paper of those years is theirs.
 */
export interface EmploymentPeriod {
  organization: string;
  department?: string;
  /** First year of the position; absent when not known. */
  startYear?: number;
  /** Last year; absent for a current position or when not known. */
  endYear?: number;
}

/** Periods read back from stored JSON: anything not shaped like one is left out. */
export function employmentPeriods(value: unknown): EmploymentPeriod[] {
  if (!Array.isArray(value)) return [];
  return value.flatMap((entry: unknown): EmploymentPeriod[] => {
    if (typeof entry !== "object" || entry === null) return [];
    const { organization, department, startYear, endYear } = entry as Record<string, unknown>;
    if (typeof organization !== "string" || organization.trim() === "") return [];
    return [
      {
        organization,
        ...(typeof department === "string" && department !== "" ? { department } : {}),
        ...(Number.isInteger(startYear) ? { startYear: startYear as number } : {}),
        ...(Number.isInteger(endYear) ? { endYear: endYear as number } : {}),
      },
    ];
  });
}
