import { ROSTER_HEADER, type RosterRow } from "../division/types.ts";
import type { Person } from "./people.ts";

/**
 * The roster as faculty affairs would export it. `previous_affiliations` is a column the roster
 * format is gaining; until the product's header lists it, the values travel beside the rows.
 */

export const PREVIOUS_AFFILIATIONS_COLUMN = "previous_affiliations";

const hasPreviousColumn = (ROSTER_HEADER as readonly string[]).includes(PREVIOUS_AFFILIATIONS_COLUMN);

export function previousAffiliationsOf(person: Person): string[] {
  if (!person.faculty?.previousListed) return [];
  return [
    ...new Set(
      person.stints
        .filter((stint) => stint.institution.key !== "home")
        .map((stint) => stint.institution.name),
    ),
  ];
}

export function rosterRow(person: Person, profileId: number | undefined, confirmed: boolean): RosterRow {
  const facts = person.faculty!;
  const values: Record<string, string> = {
    faculty_id: facts.facultyId,
    last_name: facts.rosterLast,
    first_name: person.name.first,
    middle_name: facts.rosterMiddle,
    orcid: person.orcid && facts.orcidOnRoster ? person.orcid : "",
    email: facts.rosterEmail ?? "",
    rank: facts.rank,
    track: facts.track,
    division: facts.division,
    hire_date: facts.hireDate,
    program_start: facts.programStart ?? "",
    mentor_id: facts.mentorId ?? "",
    cohort: facts.cohort ?? "",
    affiliation_terms: facts.affiliationTerms.join(";"),
    name_variants: facts.nameVariants.join(";"),
    reporter_profile_id: profileId !== undefined && confirmed ? String(profileId) : "",
    [PREVIOUS_AFFILIATIONS_COLUMN]: previousAffiliationsOf(person).join(";"),
  };
  // Every column of the header, and only those: the row type follows the product's header.
  return Object.fromEntries(ROSTER_HEADER.map((column) => [column, values[column] ?? ""])) as RosterRow;
}

function csvCell(value: string): string {
  return /[",\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * The roster CSV. With `previousAffiliations` the side values are written as an extra
 * `previous_affiliations` column when the header does not have it yet.
 */
export function altRosterCsv(
  rows: readonly RosterRow[],
  previousAffiliations: Readonly<Record<string, string[]>> = {},
  options: { previousAffiliations?: boolean } = {},
): string {
  const extra = options.previousAffiliations === true && !hasPreviousColumn;
  const header = [...ROSTER_HEADER, ...(extra ? [PREVIOUS_AFFILIATIONS_COLUMN] : [])];
  const lines = rows.map((row) =>
    [
      ...ROSTER_HEADER.map((column) => row[column]),
      ...(extra ? [(previousAffiliations[row.faculty_id] ?? []).join(";")] : []),
    ]
      .map(csvCell)
      .join(","),
  );
  return `${[header.join(","), ...lines].join("\n")}\n`;
}
