import { foldName, initialsOf, parsePersonName } from "../../identity/names.ts";
import type {
  CandidateContributor,
  CandidateGrant,
  CandidateItem,
  ExternalId,
  GrantRole,
} from "../candidate.ts";
import { projectKey } from "./parse.ts";
import type { ReporterPrincipalInvestigator, ReporterProject } from "./types.ts";

/** Who to look for among a project's principal investigators. */
export interface ReporterPerson {
  /** RePORTER profile id, when known: it decides on its own. */
  profileId?: number;
  firstName: string;
  lastName: string;
  middleName?: string;
}

export interface PiEvidence {
  /** profile_id: the PI entry carries the person's profile id; name: only the names agree. */
  kind: "profile_id" | "name";
  strength: "strong" | "weak";
  reason: string;
  /** The matched PI's RePORTER profile id, when RePORTER gives one: what staff confirm. */
  profileId?: number;
}

export interface PiMatch {
  /** Index in `principalInvestigators`; absent when only `contactPiName` named the person. */
  index?: number;
  investigator: ReporterPrincipalInvestigator;
  isContactPi: boolean;
  evidence: PiEvidence;
}

/**
 * Which PI entry of the project is the person, and on what evidence: the same profile id is
 * strong; agreeing names are weak (two people can share a name, and RePORTER often gives only
 * an initial). A PI whose profile id differs from the person's known one is someone else, whatever
 * the name. A trimmed record with no PI list is judged on its contact PI name.
 */
export function matchPrincipalInvestigator(
  project: ReporterProject,
  person: ReporterPerson,
): PiMatch | undefined {
  const entries = piEntries(project);
  if (person.profileId !== undefined) {
    const found = entries.find((entry) => entry.investigator.profileId === person.profileId);
    if (found) {
      return {
        ...found,
        evidence: {
          kind: "profile_id",
          strength: "strong",
          reason: `RePORTER profile id ${person.profileId} on ${project.projectNum}`,
          profileId: person.profileId,
        },
      };
    }
  }
  let best: { entry: PiEntry; comparison: NameAgreement } | undefined;
  for (const entry of entries) {
    const other = entry.investigator.profileId;
    if (person.profileId !== undefined && other !== undefined && other !== person.profileId) continue;
    const comparison = compareNames(person, entry.investigator);
    if (comparison && (!best || comparison.strength > best.comparison.strength)) best = { entry, comparison };
  }
  if (!best) return undefined;
  const profileId = best.entry.investigator.profileId;
  return {
    ...best.entry,
    evidence: {
      kind: "name",
      strength: "weak",
      reason:
        `${best.comparison.reason} on ${project.projectNum}` +
        (profileId === undefined ? "" : ` (RePORTER profile id ${profileId})`),
      ...(profileId === undefined ? {} : { profileId }),
    },
  };
}

/** What the person's name search turned up for one grant: how they are on it, and why we think so. */
export interface ReporterGrantMatch {
  /** The candidate's sourceId (core project number). */
  sourceId: string;
  role?: GrantRole;
  /** The strongest evidence over the grant's records; absent when no record names the person. */
  evidence?: PiEvidence;
  /** Each fiscal-year record that names the person. */
  records: Array<{
    projectNum: string;
    fiscalYear: number;
    applId?: number;
    isContactPi: boolean;
    evidence: PiEvidence;
  }>;
}

export interface CollapsedGrant {
  candidate: CandidateItem;
  /** Present when a person was given. */
  match?: ReporterGrantMatch;
}

/**
 * One grant candidate per core project number: fiscal years, renewals and supplements of the
 * same award fold into it. Sorted by first fiscal year, then core number.
 */
export function collapseProjects(
  projects: readonly ReporterProject[],
  person?: ReporterPerson,
): CandidateItem[] {
  return collapseProjectsWithMatches(projects, person).map((grant) => grant.candidate);
}

/** collapseProjects, with how the person (when given) appears on each grant. */
export function collapseProjectsWithMatches(
  projects: readonly ReporterProject[],
  person?: ReporterPerson,
): CollapsedGrant[] {
  const groups = new Map<string, ReporterProject[]>();
  for (const project of uniqueRecords(projects)) {
    const group = groups.get(project.coreProjectNum);
    if (group) group.push(project);
    else groups.set(project.coreProjectNum, [project]);
  }
  return [...groups.entries()]
    .map(([core, records]) => collapseGroup(core, records.sort(byYearThenNumber), person))
    .sort(
      (a, b) =>
        (a.candidate.year ?? 0) - (b.candidate.year ?? 0) ||
        a.candidate.sourceId.localeCompare(b.candidate.sourceId),
    );
}

function collapseGroup(core: string, records: ReporterProject[], person?: ReporterPerson): CollapsedGrant {
  // The award's own latest record speaks for it: supplements and components carry their own titles.
  const main =
    records.findLast((record) => !record.isSupplement && record.subprojectId === undefined) ??
    records.at(-1)!;
  const titled = [main, ...records.slice().reverse()].find((record) => record.projectTitle !== undefined);
  const years = records.map((record) => record.fiscalYear);
  const amountsByYear = amountsPerYear(records);
  const amounts = Object.values(amountsByYear);
  const relatedNumbers = unique(records.map((record) => record.projectNum)).filter(
    (number) => number !== main.projectNum,
  );
  const grant: CandidateGrant = omitUndefined({
    funder: main.agencyCode,
    grantNumber: main.projectNum,
    coreProjectNumber: core,
    activityCode: main.activityCode,
    agency: main.agencyIcAdmin?.abbreviation ?? main.agencyIcAdmin?.code,
    institution: main.organization?.name,
    startYear: Math.min(...years),
    endYear: Math.max(...years),
    amountsByYear: amounts.length > 0 ? amountsByYear : undefined,
    totalAmount: amounts.length > 0 ? amounts.reduce((sum, value) => sum + value, 0) : undefined,
    currency: amounts.length > 0 ? "USD" : undefined,
    relatedNumbers: relatedNumbers.length > 0 ? relatedNumbers : undefined,
  });
  const match = person ? grantMatch(core, records, person) : undefined;
  if (match?.role) grant.role = match.role;

  const otherIds: ExternalId[] = [
    { type: "grant_number", value: core },
    ...unique(records.flatMap((record) => (record.applId !== undefined ? [String(record.applId)] : []))).map(
      (value) => ({ type: "reporter_appl_id", value }),
    ),
  ];
  const candidate: CandidateItem = omitUndefined({
    source: "reporter",
    sourceId: core,
    kind: "grant" as const,
    sourceType: main.activityCode,
    // A title is required downstream; the number is what people call a grant when it has none.
    title: titled?.projectTitle ?? core,
    year: grant.startYear,
    venue: main.agencyIcAdmin?.name,
    otherIds,
    contributors: contributorsOf(records),
    grant,
    url:
      main.projectDetailUrl ??
      (main.applId !== undefined ? `https://reporter.nih.gov/project-details/${main.applId}` : undefined),
  });
  return match ? { candidate, match } : { candidate };
}

/**
 * Award total per fiscal year: every record of the year added up, supplements included. A
 * multi-project award's component records repeat part of the parent's amount, so they count only
 * in a year where the parent's own record is missing. Records without an amount add nothing.
 */
function amountsPerYear(records: readonly ReporterProject[]): Record<string, number> {
  const byYear = new Map<number, ReporterProject[]>();
  for (const record of records)
    byYear.set(record.fiscalYear, [...(byYear.get(record.fiscalYear) ?? []), record]);
  const amounts: Record<string, number> = {};
  for (const [year, yearRecords] of byYear) {
    const parents = yearRecords.filter((record) => record.subprojectId === undefined);
    const counted = (parents.length > 0 ? parents : yearRecords).flatMap((record) =>
      record.awardAmount !== undefined ? [record.awardAmount] : [],
    );
    if (counted.length > 0) amounts[String(year)] = counted.reduce((sum, value) => sum + value, 0);
  }
  return amounts;
}

/**
 * Role from the records that name the person: contact PI of the award in any year → pi; listed
 * but never contact → multiple_pi; named only on a component of a multi-project award → other
 * (they lead a part, not the award).
 */
function grantMatch(
  core: string,
  records: readonly ReporterProject[],
  person: ReporterPerson,
): ReporterGrantMatch {
  const found = records.flatMap((record) => {
    const match = matchPrincipalInvestigator(record, person);
    return match ? [{ record, match }] : [];
  });
  const own = found.filter(({ record }) => record.subprojectId === undefined);
  const role: GrantRole | undefined = own.some(({ match }) => match.isContactPi)
    ? "pi"
    : own.length > 0
      ? "multiple_pi"
      : found.length > 0
        ? "other"
        : undefined;
  const evidence =
    found.find(({ match }) => match.evidence.strength === "strong")?.match.evidence ??
    found[0]?.match.evidence;
  return omitUndefined({
    sourceId: core,
    role,
    evidence,
    records: found.map(({ record, match }) =>
      omitUndefined({
        projectNum: record.projectNum,
        fiscalYear: record.fiscalYear,
        applId: record.applId,
        isContactPi: match.isContactPi,
        evidence: match.evidence,
      }),
    ),
  });
}

function contributorsOf(records: readonly ReporterProject[]): CandidateContributor[] {
  const people = new Map<
    string,
    { contributor: CandidateContributor; contact: boolean; component: boolean }
  >();
  for (const record of records) {
    for (const { investigator, isContactPi } of piEntries(record)) {
      const name = displayName(investigator);
      if (!name) continue;
      const key =
        investigator.profileId !== undefined ? `id:${investigator.profileId}` : `name:${foldName(name)}`;
      const seen = people.get(key);
      const component = record.subprojectId !== undefined;
      if (seen) {
        seen.contact ||= isContactPi && !component;
        seen.component &&= component;
      } else {
        people.set(key, { contributor: { name }, contact: isContactPi && !component, component });
      }
    }
  }
  const all = [...people.values()];
  // Contact PIs first, then the others in the order the records list them.
  return [...all.filter((person) => person.contact), ...all.filter((person) => !person.contact)].map(
    ({ contributor, contact, component }) => ({
      ...contributor,
      role: contact
        ? "contact-principal-investigator"
        : component
          ? "project-leader"
          : "principal-investigator",
    }),
  );
}

interface PiEntry {
  index?: number;
  investigator: ReporterPrincipalInvestigator;
  isContactPi: boolean;
}

function piEntries(project: ReporterProject): PiEntry[] {
  if (project.principalInvestigators.length > 0) {
    return project.principalInvestigators.map((investigator, index) => ({
      index,
      investigator,
      isContactPi: investigator.isContactPi,
    }));
  }
  // Records trimmed with include_fields keep only "LAST, FIRST M" of the contact PI.
  const parsed = project.contactPiName ? parsePersonName(project.contactPiName) : undefined;
  if (!parsed) return [];
  const [firstName, ...middle] = parsed.given;
  return [
    {
      investigator: omitUndefined({
        firstName,
        middleName: middle.length > 0 ? middle.join(" ") : undefined,
        lastName: parsed.last,
        fullName: [...parsed.given, parsed.last].join(" "),
        isContactPi: true,
      }),
      isContactPi: true,
    },
  ];
}

function displayName(pi: ReporterPrincipalInvestigator): string | undefined {
  return pi.fullName ?? ([pi.firstName, pi.middleName, pi.lastName].filter(Boolean).join(" ") || undefined);
}

interface NameAgreement {
  /** 2: first names spelled out and agreeing; 1: initials only. */
  strength: number;
  reason: string;
}

/**
 * Surnames agree after folding (or one is a hyphen/space part of the other); first names agree
 * when both are spelled out (one may be a prefix: Chris/Christopher), else by initial; middle
 * initials, when both have one, must agree.
 */
function compareNames(person: ReporterPerson, pi: ReporterPrincipalInvestigator): NameAgreement | undefined {
  const names = piNameParts(pi);
  if (!names) return undefined;
  const personLast = foldName(person.lastName);
  const piLast = foldName(names.last);
  if (!surnamesAgree(personLast, piLast)) return undefined;
  const personGiven = givenParts(person.firstName);
  const piGiven = givenParts(names.first);
  const personFirst = personGiven[0];
  const piFirst = piGiven[0];
  if (!personFirst || !piFirst || personFirst[0] !== piFirst[0]) return undefined;
  const personMiddle = initialsOf([...personGiven.slice(1), ...givenParts(person.middleName ?? "")]).charAt(
    0,
  );
  const piMiddle = initialsOf([...piGiven.slice(1), ...givenParts(names.middle ?? "")]).charAt(0);
  if (personMiddle && piMiddle && personMiddle !== piMiddle) return undefined;
  const written = displayName(pi) ?? names.last;
  if (personFirst.length > 1 && piFirst.length > 1) {
    if (!(personFirst.startsWith(piFirst) || piFirst.startsWith(personFirst))) return undefined;
    return { strength: 2, reason: `PI name "${written}" agrees with first and last name` };
  }
  return { strength: 1, reason: `PI name "${written}" agrees with last name and first initial` };
}

function piNameParts(
  pi: ReporterPrincipalInvestigator,
): { first: string; middle?: string; last: string } | undefined {
  if (pi.lastName && pi.firstName) return { first: pi.firstName, middle: pi.middleName, last: pi.lastName };
  const parsed = pi.fullName ? parsePersonName(pi.fullName) : undefined;
  if (!parsed || parsed.given.length === 0) return undefined;
  return { first: parsed.given[0]!, middle: parsed.given.slice(1).join(" ") || undefined, last: parsed.last };
}

function givenParts(value: string): string[] {
  return value
    .split(/[\s.]+/)
    .map((part) => foldName(part).replace(/\s+/g, ""))
    .filter(Boolean);
}

function surnamesAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const aParts = a.split(" ");
  const bParts = b.split(" ");
  return (aParts.length === 1 && bParts.includes(a)) || (bParts.length === 1 && aParts.includes(b));
}

/** The same application listed twice (pages that shifted while paging, pages saved twice) counts once. */
function uniqueRecords(projects: readonly ReporterProject[]): ReporterProject[] {
  const seen = new Set<string>();
  return projects.filter((project) => {
    const key = projectKey(project);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function byYearThenNumber(a: ReporterProject, b: ReporterProject): number {
  return a.fiscalYear - b.fiscalYear || a.projectNum.localeCompare(b.projectNum);
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values)];
}

function omitUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, field]) => field !== undefined)) as T;
}
