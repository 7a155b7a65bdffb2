/** Faculty rows: the roster, and what harvests learned about each person. */
import type { Faculty } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";
import type { EmploymentPeriod } from "../../identity/employment.ts";

export type FacultyRow = Faculty;

export async function findFaculty(db: DbClient, id: string): Promise<FacultyRow | null> {
  return db.faculty.findUnique({ where: { id } });
}

/** These people's roster rows (those still on the roster). */
export async function findFacultyRows(db: DbClient, ids: readonly string[]): Promise<FacultyRow[]> {
  return db.faculty.findMany({ where: { id: { in: [...ids] } } });
}

/** Which of these ids are on the roster. */
export async function existingFacultyIds(db: DbClient, ids: readonly string[]): Promise<Set<string>> {
  const rows = await db.faculty.findMany({ where: { id: { in: [...ids] } }, select: { id: true } });
  return new Set(rows.map((row) => row.id));
}

/** Every faculty id (or those of `ids` on the roster), in id order. */
export async function facultyIds(db: DbClient, ids?: readonly string[]): Promise<string[]> {
  const rows = await db.faculty.findMany({
    where: ids ? { id: { in: [...ids] } } : {},
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => row.id);
}

/** These people's roster rows, for those with an ORCID iD. */
export async function facultyWithOrcid(db: DbClient, ids: readonly string[]): Promise<FacultyRow[]> {
  return db.faculty.findMany({ where: { id: { in: [...ids] }, orcid: { not: null } } });
}

/** Everyone else's names: roster colleagues for scoring. */
export async function otherFacultyNames(
  db: DbClient,
  facultyId: string,
): Promise<
  Array<{
    id: string;
    lastName: string;
    firstName: string;
    middleName: string | null;
    affiliationTerms: string[];
  }>
> {
  return db.faculty.findMany({
    where: { id: { not: facultyId } },
    select: { id: true, lastName: true, firstName: true, middleName: true, affiliationTerms: true },
  });
}

/** Writes what a harvest learned about the person (never the roster's own fields). */
export async function updateProfileFacts(
  db: DbClient,
  facultyId: string,
  facts: {
    orcidNameVariants?: string[];
    orcidAffiliationTerms?: string[];
    orcidEmployments?: EmploymentPeriod[];
    orcidStatus?: string | null;
    orcidStatusAt?: Date;
  },
): Promise<void> {
  const { orcidEmployments, ...rest } = facts;
  await db.faculty.update({
    where: { id: facultyId },
    data: {
      ...rest,
      // Plain objects of strings and numbers: JSON as they are.
      ...(orcidEmployments ? { orcidEmployments: orcidEmployments.map((period) => ({ ...period })) } : {}),
    },
  });
}

/** Who holds this RePORTER profile id (other than `exceptId`), if anyone. */
export async function reporterProfileHolder(
  db: DbClient,
  profileId: number,
  exceptId?: string,
): Promise<string | null> {
  const holder = await db.faculty.findFirst({
    where: { reporterProfileId: profileId, ...(exceptId !== undefined ? { id: { not: exceptId } } : {}) },
    select: { id: true },
  });
  return holder?.id ?? null;
}

export async function setReporterProfileId(
  db: DbClient,
  facultyId: string,
  profileId: number | null,
): Promise<void> {
  await db.faculty.update({ where: { id: facultyId }, data: { reporterProfileId: profileId } });
}

export type FacultyWithMentor = Pick<
  FacultyRow,
  "id" | "lastName" | "firstName" | "middleName" | "orcid" | "rank" | "division" | "cohort" | "mentorId"
> & { mentor: Pick<FacultyRow, "lastName" | "firstName" | "middleName"> | null };

/** Who a roster listing is about: a cohort, a division, a rank, a track, a mentor's mentees, these ids. */
export interface RosterQuery {
  cohort?: string;
  division?: string;
  rank?: string;
  track?: string;
  mentorId?: string;
  /** Only these people (an actor's scope); everyone when absent. */
  ids?: readonly string[];
}

function rosterWhere(query: RosterQuery) {
  return {
    ...(query.cohort === undefined ? {} : { cohort: query.cohort }),
    ...(query.division === undefined ? {} : { division: query.division }),
    ...(query.rank === undefined ? {} : { rank: query.rank }),
    ...(query.track === undefined ? {} : { track: query.track }),
    ...(query.mentorId === undefined ? {} : { mentorId: query.mentorId }),
    ...(query.ids === undefined ? {} : { id: { in: [...query.ids] } }),
  };
}

/** The people of the query, sorted by name, with their mentor's name; a page of them when asked. */
export async function facultyWithMentors(
  db: DbClient,
  query: RosterQuery = {},
  page?: { skip: number; take: number },
): Promise<FacultyWithMentor[]> {
  return db.faculty.findMany({
    where: rosterWhere(query),
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    ...(page ?? {}),
    select: {
      id: true,
      lastName: true,
      firstName: true,
      middleName: true,
      orcid: true,
      rank: true,
      division: true,
      cohort: true,
      mentorId: true,
      mentor: { select: { lastName: true, firstName: true, middleName: true } },
    },
  });
}

/** The people of the query by name, id and name only (a filter's choices), sorted by name. */
export async function facultyNames(
  db: DbClient,
  query: RosterQuery = {},
): Promise<Array<Pick<FacultyRow, "id" | "lastName" | "firstName" | "middleName">>> {
  return db.faculty.findMany({
    where: rosterWhere(query),
    orderBy: [{ lastName: "asc" }, { firstName: "asc" }, { id: "asc" }],
    select: { id: true, lastName: true, firstName: true, middleName: true },
  });
}

/** The values the roster filters can take among the query's people: each distinct, and the mentors' ids. */
export async function rosterFilterValues(
  db: DbClient,
  query: RosterQuery = {},
): Promise<Array<Pick<FacultyRow, "cohort" | "division" | "rank" | "track" | "mentorId">>> {
  return db.faculty.findMany({
    where: rosterWhere(query),
    distinct: ["cohort", "division", "rank", "track", "mentorId"],
    select: { cohort: true, division: true, rank: true, track: true, mentorId: true },
  });
}

/** How many people the query names. */
export async function countFaculty(db: DbClient, query: RosterQuery = {}): Promise<number> {
  return db.faculty.count({ where: rosterWhere(query) });
}

/** The cohort's members in id order, with the dates windows are read against. */
export async function cohortMembers(
  db: DbClient,
  cohort: string,
): Promise<Array<Pick<FacultyRow, "id" | "hireDate" | "programStart">>> {
  return db.faculty.findMany({
    where: { cohort },
    orderBy: { id: "asc" },
    select: { id: true, hireDate: true, programStart: true },
  });
}

/** Every cohort named on the roster, sorted. */
export async function knownCohorts(db: DbClient): Promise<string[]> {
  const rows = await db.faculty.findMany({
    where: { cohort: { not: null } },
    distinct: ["cohort"],
    orderBy: { cohort: "asc" },
    select: { cohort: true },
  });
  return rows.flatMap((row) => (row.cohort === null ? [] : [row.cohort]));
}

export interface FacultyLinksAndLedger {
  id: string;
  lastName: string;
  firstName: string;
  links: Array<{ status: string }>;
  ledger: Array<{ metric: string | null; authorPosition: string | null; kind: string }>;
}

/** Everyone in id order, with the status of each of their links and their counted ledger lines. */
export async function facultyLinksAndLedger(db: DbClient): Promise<FacultyLinksAndLedger[]> {
  return db.faculty.findMany({
    orderBy: { id: "asc" },
    select: {
      id: true,
      lastName: true,
      firstName: true,
      links: { select: { status: true } },
      ledger: { where: { counted: true }, select: { metric: true, authorPosition: true, kind: true } },
    },
  });
}

/** The current mentees of a mentor (the roster's mentor_id), in id order. */
export async function menteeIds(db: DbClient, mentorId: string): Promise<string[]> {
  const rows = await db.faculty.findMany({
    where: { mentorId },
    select: { id: true },
    orderBy: { id: "asc" },
  });
  return rows.map((row) => row.id);
}

/** Each person's track (everyone's, or these people's). */
export async function facultyTracks(
  db: DbClient,
  ids?: readonly string[],
): Promise<Map<string, string | null>> {
  const rows = await db.faculty.findMany({
    where: ids === undefined ? {} : { id: { in: [...ids] } },
    select: { id: true, track: true },
  });
  return new Map(rows.map((row) => [row.id, row.track]));
}
