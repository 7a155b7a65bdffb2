import { normalizeOrcid } from "../identity/orcid.ts";
import { nameForms, type NameForm } from "./name-match.ts";
import { parseGrantNumber, type GrantNumber } from "./grant-numbers.ts";
import { distinctiveTerms, findTerm } from "../identity/terms.ts";
import type { EmploymentPeriod } from "../identity/employment.ts";
import { foldName } from "../identity/names.ts";

/** What scoring knows about a faculty member, gathered once per person. */
export interface FacultyProfile {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  /** Roster variants and the ORCID record's other names ("Last, First Middle" or "First Last"). */
  nameVariants: string[];
  orcid: string | null;
  /** Roster affiliation terms (theirs, then the rest of the roster's), without ones made only of department words. */
  homeTerms: string[];
  /** Other employers from ORCID employments, without the home terms and department words. */
  pastTerms: string[];
  /**
   * Where they worked before, with the years when known: ORCID employments elsewhere, and the
   * roster's previous_affiliations (no years: any time up to their hire).
   */
  pastPositions: PastPosition[];
  /**
   * Folded words naming their own department or division (roster division, ORCID departments at
   * home, "medicine"): a home affiliation naming only another department may be a namesake's.
   */
  departmentWords: string[];
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

export interface PastPosition {
  /** The institution as a term to find in affiliations. */
  term: string;
  startYear?: number;
  endYear?: number;
  source: "orcid" | "roster";
}

export interface ColleagueName {
  /** Their faculty id, when known: named when two people are indistinguishable by name. */
  id?: string;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  /** Their roster division: a home affiliation naming the person's and not theirs tells two of one name apart. */
  division?: string | null;
  /** The year they were hired here, when known. */
  hireYear?: number | null;
  /**
   * What only they can carry (twins.ts): their ORCID iD, e-mail addresses (lower case) and own
   * grants, and the items that are theirs for sure (on their ORCID record, accepted by a person).
   */
  orcid?: string | null;
  emails?: string[];
  grants?: GrantNumber[];
  ownItems?: OwnItemKey[];
}

/** An item that is a roster colleague's for sure, by its identifiers. */
export interface OwnItemKey {
  pmid?: string;
  doi?: string;
  /** Their position on the record, when known. */
  authorIndex?: number;
}

/** A roster colleague as the roster and their ORCID record give them. */
export interface ColleagueInput {
  id?: string;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  division?: string | null;
  /** A Date, or an ISO date string. */
  hireDate?: Date | string | null;
  orcid?: string | null;
  email?: string | null;
  otherEmails?: readonly string[];
  /** Grant numbers of theirs as written anywhere (ORCID fundings, their accepted awards). */
  grantNumbers?: readonly string[];
  /** Items that are theirs for sure: works on their ORCID record, items a person accepted for them. */
  ownItems?: readonly OwnItemKey[];
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
  /**
   * The rest of the roster's affiliation terms: one institution's other names (its hospitals, its
   * medical center) that their own row may leave out.
   */
  institutionTerms?: readonly string[];
  orcidAffiliationTerms?: readonly string[];
  /** The ORCID record's employments with their years. */
  employments?: readonly EmploymentPeriod[];
  /** The roster's previous_affiliations. */
  previousAffiliations?: readonly string[];
  /** The roster's division ("General Internal Medicine"). */
  division?: string | null;
  email?: string | null;
  otherEmails?: readonly string[];
  /** A Date, or an ISO date string ("2016-07-01"). */
  hireDate?: Date | string | null;
  careerStartYear?: number | null;
  /** Grant numbers as written anywhere: ORCID fundings, RePORTER core project numbers. */
  grantNumbers?: readonly string[];
  reporterProfileId?: number | null;
  /** Everyone else on the roster; the person themself is left out if present. */
  colleagues?: readonly ColleagueInput[];
}

export function buildFacultyProfile(input: FacultyProfileInput): FacultyProfile {
  const nameVariants = unique([...(input.nameVariants ?? []), ...(input.orcidNameVariants ?? [])]);
  const homeTerms = distinctiveTerms([...(input.affiliationTerms ?? []), ...(input.institutionTerms ?? [])]);
  const home = new Set(homeTerms.map((term) => term.toLowerCase()));
  const pastTerms = distinctiveTerms(input.orcidAffiliationTerms ?? []).filter(
    (term) => !home.has(term.toLowerCase()),
  );
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
    pastPositions: pastPositions(input, homeTerms, pastTerms),
    departmentWords: departmentWords(input, homeTerms),
    emails: emailsOf(input),
    hireYear: yearOf(input.hireDate),
    careerStartYear: input.careerStartYear ?? null,
    grants: grantsOf(input.grantNumbers),
    reporterProfileId: input.reporterProfileId ?? null,
    colleagues: (input.colleagues ?? [])
      .filter((colleague) => colleague.id === undefined || colleague.id !== input.id)
      .map((colleague) => ({
        ...(colleague.id !== undefined ? { id: colleague.id } : {}),
        lastName: colleague.lastName,
        firstName: colleague.firstName,
        middleName: colleague.middleName ?? null,
        division: colleague.division ?? null,
        hireYear: yearOf(colleague.hireDate),
        orcid: colleague.orcid ? (normalizeOrcid(colleague.orcid) ?? null) : null,
        emails: emailsOf(colleague),
        grants: grantsOf(colleague.grantNumbers),
        ownItems: [...(colleague.ownItems ?? [])],
      })),
    forms: nameForms({ ...person, nameVariants }),
  };
}

function emailsOf(input: { email?: string | null; otherEmails?: readonly string[] }): string[] {
  return unique(
    [input.email ?? "", ...(input.otherEmails ?? [])].map((email) => email.trim().toLowerCase()),
  ).filter((email) => email.includes("@"));
}

function grantsOf(written: readonly string[] | undefined): GrantNumber[] {
  const grants = new Map<string, GrantNumber>();
  for (const text of written ?? []) {
    const grant = parseGrantNumber(text);
    // Keep the form that names the activity code, when one of the writings does.
    if (grant && (!grants.has(grant.key) || (grant.activityCode && !grants.get(grant.key)!.activityCode)))
      grants.set(grant.key, grant);
  }
  return [...grants.values()];
}

/** ORCID employments away from home (with years), then the roster's previous affiliations (without). */
function pastPositions(
  input: FacultyProfileInput,
  homeTerms: readonly string[],
  pastTerms: readonly string[],
): PastPosition[] {
  const positions: PastPosition[] = [];
  for (const period of input.employments ?? []) {
    const [term] = distinctiveTerms([period.organization]);
    if (!term || findTerm(term, homeTerms)) continue;
    positions.push({
      term,
      ...(period.startYear !== undefined ? { startYear: period.startYear } : {}),
      ...(period.endYear !== undefined ? { endYear: period.endYear } : {}),
      source: "orcid",
    });
  }
  const known = (term: string): boolean =>
    positions.some((position) => foldName(position.term) === foldName(term));
  for (const term of distinctiveTerms(input.previousAffiliations ?? [])) {
    if (!findTerm(term, homeTerms) && !known(term)) positions.push({ term, source: "roster" });
  }
  // ORCID employers read before their years were kept: positions of unknown years.
  for (const term of pastTerms) if (!known(term)) positions.push({ term, source: "orcid" });
  // A unit alone ("Department of Medical Education", an ORCID employment's department) names no
  // employer: every institution has one, so it would find the person's past anywhere.
  return positions.filter((position) => !namesUnitOnly(position.term));
}

const UNIT_START =
  /^\s*(?:department|dept|division|section|unit|service|program|programme|laboratory|center for|centre for|institute for|office of|school of)\b/i;
const INSTITUTION_WORD =
  /\b(?:universit\w*|universidad|universidade|college|hospital|clinic|foundation|academy|health system|medical center|medical centre)\b/i;

/** "Department of Medical Education": a unit's name with no institution in it. */
function namesUnitOnly(term: string): boolean {
  return UNIT_START.test(term) && !INSTITUTION_WORD.test(term);
}

// Words in department names that say nothing about which department.
const DEPARTMENT_FILLER = new Set(["of", "and", "the", "department", "division", "section", "general"]);

function departmentWords(input: FacultyProfileInput, homeTerms: readonly string[]): string[] {
  const names = [input.division ?? ""];
  for (const period of input.employments ?? [])
    if (period.department && findTerm(period.organization, homeTerms)) names.push(period.department);
  return divisionWords(names);
}

/** Folded words naming a division or department ("medicine" always); none when no name is known. */
export function divisionWords(names: readonly string[]): string[] {
  // Nothing known of their department: no home affiliation can be said to name another.
  if (names.every((name) => name.trim() === "")) return [];
  // A division sits in a department of medicine, whose name its people write too.
  const words = new Set(["medicine"]);
  for (const name of names)
    for (const word of foldName(name).split(" "))
      if (word.length > 2 && !DEPARTMENT_FILLER.has(word)) words.add(word);
  return [...words];
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
