import type { Evidence } from "../identity/evidence.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../sources/pubmed/types.ts";
import { isInstitutionalGrant, parseGrantNumber } from "./grant-numbers.ts";
import type { FacultyProfile, PastPosition } from "./profile.ts";
import { foldName } from "../identity/names.ts";
import { findTerm } from "../identity/terms.ts";
import {
  CAREER_SLACK_YEARS,
  HIRE_SLACK_YEARS,
  PAST_LAG_YEARS,
  PAST_START_SLACK_YEARS,
  WEIGHTS,
} from "./weights.ts";

/**
 * Evidence about one author of one record that needs nothing but the record and the person's
 * profile: ORCID, affiliation, e-mail, publication year, grants. Each returns what it found, with
 * a reason naming the specific thing.
 */

export function orcidEvidence(profile: FacultyProfile, author: PubmedAuthor): Evidence[] {
  if (!author.orcid || !profile.orcid) return [];
  return author.orcid === profile.orcid
    ? [
        {
          kind: "orcid_match",
          weight: WEIGHTS.orcidMatch,
          reason: `the author carries their ORCID iD ${profile.orcid}`,
        },
      ]
    : [
        {
          kind: "orcid_conflict",
          weight: WEIGHTS.orcidConflict,
          reason: `the author carries another ORCID iD (${author.orcid}, theirs is ${profile.orcid})`,
        },
      ];
}

/** The matched author's own affiliations against the person's e-mail addresses, home and past employers. */
export function affiliationEvidence(
  profile: FacultyProfile,
  author: PubmedAuthor,
  year: number | undefined,
): Evidence[] {
  const affiliations = author.affiliations.filter((affiliation) => affiliation.trim() !== "");
  if (affiliations.length === 0) {
    return [{ kind: "no_affiliation", weight: 0, reason: "the author has no affiliation on this record" }];
  }
  const evidence: Evidence[] = [];
  const email = profile.emails.find((address) =>
    affiliations.some((affiliation) => containsAddress(affiliation, address)),
  );
  if (email) {
    evidence.push({
      kind: "email_match",
      weight: WEIGHTS.emailMatch,
      reason: `the affiliation gives their e-mail address ${email}`,
    });
  }
  const home = findIn(affiliations, profile.homeTerms);
  if (home) {
    const other = otherDepartment(profile, affiliations);
    evidence.push(
      other
        ? {
            kind: "affiliation_other_department",
            weight: WEIGHTS.homeOtherDepartment,
            reason: `affiliation "${excerpt(home.affiliation)}" names home institution "${home.term}" but another department (${other}): no evidence either way`,
          }
        : {
            kind: "affiliation_match",
            weight: WEIGHTS.homeAffiliation,
            reason: `affiliation "${excerpt(home.affiliation)}" names home institution "${home.term}"`,
          },
    );
    return evidence;
  }
  const past = findPast(affiliations, profile.pastPositions);
  if (past) {
    const inYears = year === undefined || workedThere(profile, past.position, year);
    evidence.push({
      kind: "affiliation_past",
      weight: inYears ? WEIGHTS.pastAffiliation : 0,
      reason:
        `affiliation "${excerpt(past.affiliation)}" names past employer "${past.position.term}"` +
        ` (${describePosition(profile, past.position)})` +
        (inYears ? "" : `, not in ${year}: no evidence either way`),
    });
    return evidence;
  }
  if (email) return evidence;
  const beforeHire = profile.hireYear !== null && year !== undefined && year <= profile.hireYear;
  evidence.push({
    kind: "affiliation_elsewhere",
    weight: beforeHire ? WEIGHTS.elsewhereBeforeHire : WEIGHTS.elsewhereAfterHire,
    reason:
      `affiliation "${excerpt(affiliations[0]!)}" names none of their institutions` +
      (beforeHire
        ? ` (published ${year}, by their hire in ${profile.hireYear}: they may have been elsewhere)`
        : ""),
  });
  return evidence;
}

export function findPast(
  affiliations: readonly string[],
  positions: readonly PastPosition[],
): { affiliation: string; position: PastPosition } | undefined {
  for (const affiliation of affiliations) {
    const position = positions.find((candidate) => findTerm(affiliation, [candidate.term]));
    if (position) return { affiliation, position };
  }
  return undefined;
}

/**
 * Whether a paper of `year` may carry the position's affiliation: from a few years before it
 * began (training there, which ORCID records often leave out) to a couple of years after it ended
 * (papers lag). A position of unknown years counts up to their
 * hire here (and its lag).
 */
function workedThere(profile: FacultyProfile, position: PastPosition, year: number): boolean {
  const end = position.endYear ?? (position.startYear === undefined ? profile.hireYear : undefined);
  if (position.startYear !== undefined && year < position.startYear - PAST_START_SLACK_YEARS) return false;
  return end === undefined || end === null || year <= end + PAST_LAG_YEARS;
}

function describePosition(profile: FacultyProfile, position: PastPosition): string {
  if (position.startYear !== undefined || position.endYear !== undefined)
    return `${position.startYear ?? "?"}-${position.endYear ?? "now"}, on their ORCID record`;
  const until = profile.hireYear !== null ? `, until their hire in ${profile.hireYear}` : "";
  return position.source === "roster" ? `on the roster${until}` : `on their ORCID record${until}`;
}

// Words in department names that say nothing about which department.
const DEPARTMENT_FILLER = new Set([
  "of",
  "and",
  "the",
  "for",
  "department",
  "division",
  "section",
  "general",
]);

// "Department of Radiology", "Division of Cardiology", "Section of Hospital Medicine".
const DEPARTMENT = /\b(?:department|dept\.?|division|section|service)\s+of\s+([^,;.]+)/gi;

/** The departments, divisions and sections an affiliation names: theirs (saying which) and others. */
export interface DepartmentsNamed {
  /** Theirs and specific: "General Internal Medicine" for a GIM person, not "Medicine" alone. */
  own: string[];
  /** Theirs but shared by the whole department of medicine ("Department of Medicine"). */
  general: string[];
  other: string[];
  /** The others that are divisions or sections (of a department of medicine, most often). */
  otherDivisions: string[];
}

export function departmentsNamed(
  profile: Pick<FacultyProfile, "departmentWords">,
  affiliations: readonly string[],
): DepartmentsNamed {
  const named: DepartmentsNamed = { own: [], general: [], other: [], otherDivisions: [] };
  if (profile.departmentWords.length === 0) return named;
  const own = new Set(profile.departmentWords);
  for (const affiliation of affiliations) {
    for (const match of affiliation.matchAll(DEPARTMENT)) {
      const name = match[1]!.trim();
      const words = foldName(name)
        .split(" ")
        .filter((word) => word.length > 2 && !DEPARTMENT_FILLER.has(word));
      // Theirs when every word that says which department is one of theirs: "Medicine" and
      // "General Internal Medicine" are a GIM person's; "Emergency Medicine" is not.
      if (!words.every((word) => own.has(word))) {
        named.other.push(name);
        if (!/^dep/i.test(match[0])) named.otherDivisions.push(name);
      } else if (words.some((word) => word !== "medicine")) named.own.push(name);
      else named.general.push(name);
    }
  }
  return named;
}

/**
 * The other department a home affiliation names, when it names no unit of theirs that says which:
 * "Division of Cardiology, Department of Medicine" is another division for a GIM person, though
 * the department of medicine is theirs too. "Department of Medicine; Department of Epidemiology"
 * may be a joint appointment of theirs. Undefined when it names theirs, or none.
 */
function otherDepartment(profile: FacultyProfile, affiliations: readonly string[]): string | undefined {
  const named = departmentsNamed(profile, affiliations);
  if (named.own.length > 0) return undefined;
  if (named.otherDivisions.length > 0) return named.otherDivisions[0];
  return named.general.length > 0 ? undefined : named.other[0];
}

/** The home institution the affiliations name, if any. */
export function findHome(
  profile: FacultyProfile,
  affiliations: readonly string[],
): { affiliation: string; term: string } | undefined {
  return findIn(affiliations, profile.homeTerms);
}

function findIn(
  affiliations: readonly string[],
  terms: readonly string[],
): { affiliation: string; term: string } | undefined {
  for (const affiliation of affiliations) {
    const term = findTerm(affiliation, terms);
    if (term) return { affiliation, term };
  }
  return undefined;
}

/** Work from long before the person's career began is unlikely to be theirs. */
export function careerEvidence(
  profile: FacultyProfile,
  year: number | undefined,
  verb: "published" | "started" = "published",
): Evidence[] {
  if (year === undefined) return [];
  if (profile.careerStartYear !== null) {
    const gap = profile.careerStartYear - year;
    return gap > CAREER_SLACK_YEARS
      ? [
          {
            kind: "before_career",
            weight: WEIGHTS.beforeCareer,
            reason: `${verb} ${year}, ${gap} years before their earliest known position (${profile.careerStartYear})`,
          },
        ]
      : [];
  }
  if (profile.hireYear !== null && profile.hireYear - year > HIRE_SLACK_YEARS) {
    return [
      {
        kind: "before_career",
        weight: WEIGHTS.longBeforeHire,
        reason: `${verb} ${year}, ${profile.hireYear - year} years before their hire (${profile.hireYear})`,
      },
    ];
  }
  return [];
}

/** A grant the record acknowledges that is one of the person's own. */
export function ownGrantEvidence(profile: FacultyProfile, record: PubmedArticleRecord): Evidence[] {
  if (profile.grants.length === 0) return [];
  const theirs = new Map(profile.grants.map((grant) => [grant.key, grant]));
  const found = new Map<string, string>();
  let institutional = true;
  for (const { grantId } of record.grants) {
    const grant = parseGrantNumber(grantId);
    const own = grant && theirs.get(grant.key);
    if (!grant || !own || found.has(grant.key)) continue;
    found.set(grant.key, own.display);
    institutional &&= isInstitutionalGrant(own.activityCode ? own : grant);
  }
  if (found.size === 0) return [];
  const numbers = [...found.values()].sort();
  return [
    institutional
      ? {
          kind: "grant_own",
          weight: WEIGHTS.grantInstitutional,
          reason: `acknowledges ${numbers.join(", ")}, an institutional grant of theirs (shared by everyone there)`,
        }
      : {
          kind: "grant_own",
          weight: WEIGHTS.grantOwn,
          reason: `acknowledges grant ${numbers.join(", ")}, ${numbers.length > 1 ? "theirs" : "one of theirs"}`,
        },
  ];
}

/** The address as a whole: "j.smith@x.edu" is not in "aj.smith@x.edu". */
export function containsAddress(text: string, address: string): boolean {
  const lower = text.toLowerCase();
  for (let at = lower.indexOf(address); at >= 0; at = lower.indexOf(address, at + 1)) {
    const before = lower.charAt(at - 1);
    const after = lower.charAt(at + address.length);
    if (!/[a-z0-9._%+-]/.test(before) && !/[a-z0-9-]/.test(after)) return true;
  }
  return false;
}

/** The record's publication year: print date, else electronic date. */
export function publicationYear(record: PubmedArticleRecord): number | undefined {
  return record.publicationDate?.year ?? record.electronicDate?.year;
}

/** An affiliation shortened for a reason: the first 80 characters. */
export function excerpt(text: string, length = 80): string {
  const trimmed = text.trim().replace(/\s+/g, " ");
  return trimmed.length <= length ? trimmed : `${trimmed.slice(0, length - 1).trimEnd()}…`;
}
