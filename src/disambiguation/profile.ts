import { normalizeOrcid } from "../identity/orcid.ts";
import { nameForms, type NameForm } from "./name-match.ts";
import { parseGrantNumber, type GrantNumber } from "./grant-numbers.ts";
import { distinctiveTerms } from "../identity/terms.ts";

/** What scoring knows about a faculty member, gathered once per person. */
export interface FacultyProfile {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** Roster variants and the ORCID record's other names ("Last, First Middle" or "First Last"). */
  nameVariants: string[];
  orcid: string | null;
  /** Roster affiliation terms, without ones made only of department words. */
  homeTerms: string[];
  /** Other employers from ORCID employments, without the home terms and department words. */
  pastTerms: string[];
  /** Lower case. */
  emails: string[];
  hireYear: number | null;
  /** First year of their career (degree, first appointment) when known: work long before it is unlikely theirs. */
  careerStartYear: number | null;
  /** Their grants (ORCID fundings, confirmed NIH awards). */
  grants: GrantNumber[];
  reporterProfileId: number | null;
  /** The other people on the roster. */
  colleagues: ColleagueName[];
  /** The person's names, parsed once for matching. */
  forms: NameForm[];
}

export interface ColleagueName {
  lastName: string;
  firstName: string;
  middleName?: string | null;
}

/** The fields of a roster row (and what ORCID and RePORTER added to it) that scoring uses. */
export interface FacultyProfileInput {
  id: string;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  nameVariants?: readonly string[];
  orcidNameVariants?: readonly string[];
  orcid?: string | null;
  affiliationTerms?: readonly string[];
  orcidAffiliationTerms?: readonly string[];
  email?: string | null;
  otherEmails?: readonly string[];
  /** A Date, or an ISO date string ("2016-07-01"). */
  hireDate?: Date | string | null;
  careerStartYear?: number | null;
  /** Grant numbers as written anywhere: ORCID fundings, RePORTER core project numbers. */
  grantNumbers?: readonly string[];
  reporterProfileId?: number | null;
  /** Everyone else on the roster; the person themself is left out if present. */
  colleagues?: ReadonlyArray<ColleagueName & { id?: string }>;
}

export function buildFacultyProfile(input: FacultyProfileInput): FacultyProfile {
  const nameVariants = unique([...(input.nameVariants ?? []), ...(input.orcidNameVariants ?? [])]);
  const homeTerms = distinctiveTerms(input.affiliationTerms ?? []);
  const home = new Set(homeTerms.map((term) => term.toLowerCase()));
  const pastTerms = distinctiveTerms(input.orcidAffiliationTerms ?? []).filter(
    (term) => !home.has(term.toLowerCase()),
  );
  const grants = new Map<string, GrantNumber>();
  for (const written of input.grantNumbers ?? []) {
    const grant = parseGrantNumber(written);
    // Keep the form that names the activity code, when one of the writings does.
    if (grant && (!grants.has(grant.key) || (grant.activityCode && !grants.get(grant.key)!.activityCode)))
      grants.set(grant.key, grant);
  }
  const person = {
    lastName: input.lastName.trim(),
    firstName: input.firstName.trim(),
    middleName: input.middleName?.trim() || null,
  };
  return {
    id: input.id,
    ...person,
    nameVariants,
    orcid: input.orcid ? (normalizeOrcid(input.orcid) ?? null) : null,
    homeTerms,
    pastTerms,
    emails: unique(
      [input.email ?? "", ...(input.otherEmails ?? [])].map((email) => email.trim().toLowerCase()),
    ).filter((email) => email.includes("@")),
    hireYear: yearOf(input.hireDate),
    careerStartYear: input.careerStartYear ?? null,
    grants: [...grants.values()],
    reporterProfileId: input.reporterProfileId ?? null,
    colleagues: (input.colleagues ?? [])
      .filter((colleague) => colleague.id === undefined || colleague.id !== input.id)
      .map(({ lastName, firstName, middleName }) => ({
        lastName,
        firstName,
        middleName: middleName ?? null,
      })),
    forms: nameForms({ ...person, nameVariants }),
  };
}

function yearOf(date: Date | string | null | undefined): number | null {
  if (date === null || date === undefined) return null;
  if (date instanceof Date) return Number.isNaN(date.getTime()) ? null : date.getUTCFullYear();
  const match = /^(\d{4})/.exec(date.trim());
  return match ? Number(match[1]) : null;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter(Boolean))];
}
