import type { FictionalDivision } from "../../sandbox/division/index.ts";
import { distinctiveTerms } from "../../src/identity/terms.ts";
import type { FacultyNames } from "../../src/sources/pubmed/query.ts";

const split = (value: string) => value.split(";").filter((part) => part !== "");

/**
 * A generated roster row as the PubMed search reads it; `distinctive` leaves out the affiliation
 * terms the harvest leaves out ("Department of Medicine" alone), as the harvest's search does.
 */
export function rosterNames(row: FictionalDivision["faculty"][number], distinctive = true): FacultyNames {
  const terms = split(row.affiliation_terms);
  return {
    orcid: row.orcid || null,
    lastName: row.last_name,
    firstName: row.first_name,
    middleName: row.middle_name || null,
    nameVariants: split(row.name_variants),
    affiliationTerms: distinctive ? distinctiveTerms(terms) : terms,
  };
}
