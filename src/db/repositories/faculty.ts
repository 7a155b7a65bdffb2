/** Faculty rows: the roster, and what harvests learned about each person. */
import { Prisma, type Faculty } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";
import type { EmploymentPeriod } from "../../identity/employment.ts";

export type FacultyRow = Faculty;

export async function findFaculty(db: DbClient, id: string): Promise<FacultyRow | null> {
  return db.faculty.findUnique({ where: { id } });
}

/** The roster fields a profile shows. */
export type ProfileFacts = Pick<
  FacultyRow,
  | "id"
  | "lastName"
  | "firstName"
  | "middleName"
  | "email"
  | "orcid"
  | "rank"
  | "track"
  | "division"
  | "cohort"
  | "hireDate"
  | "programStart"
  | "mentorId"
>;

/** The person's roster fields a profile shows (read on every profile request, in SQL of our own). */
export async function findProfileFacts(db: DbClient, id: string): Promise<ProfileFacts | null> {
  const rows = await db.$queryRaw<ProfileFacts[]>`
    SELECT "id", "lastName", "firstName", "middleName", "email", "orcid", "rank", "track", "division",
           "cohort", "hireDate", "programStart", "mentorId"
    FROM "Faculty" WHERE "id" = ${id}`;
  return rows[0] ?? null;
}

/**
 * The person's roster fields a profile shows, with how many links they have by status and how
 * many counted ledger lines by metric: one query, where the API's profile made three.
 */
export async function findProfileFactsWithCounts(
  db: DbClient,
  id: string,
): Promise<
  (ProfileFacts & { linkCounts: Record<string, number>; metricCounts: Record<string, number> }) | null
> {
  const rows = await db.$queryRaw<
    Array<ProfileFacts & { linkCounts: Record<string, number>; metricCounts: Record<string, number> }>
  >`
    SELECT f."id", f."lastName", f."firstName", f."middleName", f."email", f."orcid", f."rank", f."track",
           f."division", f."cohort", f."hireDate", f."programStart", f."mentorId",
           (SELECT COALESCE(json_object_agg(s."status", s."count"), '{}'::json) FROM (
              SELECT "status"::text AS "status", count(*)::int AS "count" FROM "FacultyItem"
              WHERE "facultyId" = f."id" GROUP BY "status") s) AS "linkCounts",
           (SELECT COALESCE(json_object_agg(m."metric", m."count"), '{}'::json) FROM (
              SELECT "metric"::text AS "metric", count(*)::int AS "count" FROM "LedgerEntry"
              WHERE "facultyId" = f."id" AND "counted" AND "metric" IS NOT NULL GROUP BY "metric") m) AS "metricCounts"
    FROM "Faculty" f WHERE f."id" = ${id}`;
  return rows[0] ?? null;
}

/** These people's roster rows (those still on the roster). */
export async function findFacultyRows(db: DbClient, ids: readonly string[]): Promise<FacultyRow[]> {
  return db.faculty.findMany({ where: { id: { in: [...ids] } } });
}

/** Which of these ids are on the roster. */
export async function existingFacultyIds(db: DbClient, ids: readonly string[]): Promise<Set<string>> {
  // Asked on every profile request: SQL of our own costs a fraction of an ORM read.
  const rows = await db.$queryRaw<Array<{ id: string }>>`
    SELECT "id" FROM "Faculty" WHERE "id" = ANY(${[...ids]}::text[])`;
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

/** A roster colleague as scoring reads them. */
export interface ColleagueNameRow {
  id: string;
  lastName: string;
  firstName: string;
  middleName: string | null;
  division: string | null;
  hireDate: Date | null;
  affiliationTerms: string[];
  /** What only they carry on a record: tells roster twins apart. */
  orcid: string | null;
  email: string | null;
}

/** Everyone's names, affiliation terms and identifiers: roster colleagues for scoring. */
export async function colleagueNames(db: DbClient): Promise<ColleagueNameRow[]> {
  return db.faculty.findMany({
    select: {
      id: true,
      lastName: true,
      firstName: true,
      middleName: true,
      division: true,
      hireDate: true,
      affiliationTerms: true,
      orcid: true,
      email: true,
    },
  });
}

/** A digest of every field `colleagueNames` reads: equal digests, equal answers. */
export async function colleagueNamesDigest(db: DbClient): Promise<string> {
  const rows = await db.$queryRaw<Array<{ digest: string | null }>>`
    SELECT md5(json_agg(json_build_array(
      "id", "lastName", "firstName", "middleName", "division", "hireDate", "affiliationTerms",
      "orcid", "email"
    ) ORDER BY "id")::text) AS digest
    FROM "Faculty"`;
  return rows[0]?.digest ?? "";
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

/**
 * The same filter as SQL over "Faculty" aliased f. The roster listings the web app answers on
 * every request read through SQL of their own: an ORM read costs several times more CPU.
 */
function rosterSql(query: RosterQuery): Prisma.Sql {
  const conditions: Prisma.Sql[] = [];
  if (query.cohort !== undefined) conditions.push(Prisma.sql`f."cohort" = ${query.cohort}`);
  if (query.division !== undefined) conditions.push(Prisma.sql`f."division" = ${query.division}`);
  if (query.rank !== undefined) conditions.push(Prisma.sql`f."rank" = ${query.rank}`);
  if (query.track !== undefined) conditions.push(Prisma.sql`f."track" = ${query.track}`);
  if (query.mentorId !== undefined) conditions.push(Prisma.sql`f."mentorId" = ${query.mentorId}`);
  if (query.ids !== undefined) conditions.push(Prisma.sql`f."id" = ANY(${[...query.ids]}::text[])`);
  return conditions.length === 0 ? Prisma.sql`TRUE` : Prisma.join(conditions, " AND ");
}

/** The people of the query, sorted by name, with their mentor's name; a page of them when asked. */
export async function facultyWithMentors(
  db: DbClient,
  query: RosterQuery = {},
  page?: { skip: number; take: number },
): Promise<FacultyWithMentor[]> {
  const rows = await db.$queryRaw<
    Array<
      Omit<FacultyWithMentor, "mentor"> & {
        mentorLastName: string | null;
        mentorFirstName: string | null;
        mentorMiddleName: string | null;
      }
    >
  >`
    SELECT f."id", f."lastName", f."firstName", f."middleName", f."orcid", f."rank", f."division",
           f."cohort", f."mentorId", m."lastName" AS "mentorLastName", m."firstName" AS "mentorFirstName",
           m."middleName" AS "mentorMiddleName"
    FROM "Faculty" f LEFT JOIN "Faculty" m ON m."id" = f."mentorId"
    WHERE ${rosterSql(query)}
    ORDER BY f."lastName", f."firstName", f."id"
    ${page ? Prisma.sql`LIMIT ${page.take} OFFSET ${page.skip}` : Prisma.empty}`;
  return rows.map(({ mentorLastName, mentorFirstName, mentorMiddleName, ...person }) => ({
    ...person,
    mentor:
      mentorLastName === null || mentorFirstName === null
        ? null
        : { lastName: mentorLastName, firstName: mentorFirstName, middleName: mentorMiddleName },
  }));
}

/** The people of the query by name, id and name only (a filter's choices), sorted by name; at most `limit`. */
export async function facultyNames(
  db: DbClient,
  query: RosterQuery = {},
  limit?: number,
): Promise<Array<Pick<FacultyRow, "id" | "lastName" | "firstName" | "middleName">>> {
  return db.$queryRaw<Array<Pick<FacultyRow, "id" | "lastName" | "firstName" | "middleName">>>`
    SELECT f."id", f."lastName", f."firstName", f."middleName" FROM "Faculty" f
    WHERE ${rosterSql(query)}
    ORDER BY f."lastName", f."firstName", f."id"
    ${limit === undefined ? Prisma.empty : Prisma.sql`LIMIT ${limit}`}`;
}

/**
 * The people of the query whose id is `text`, or whose name ("Last, First Middle") holds it,
 * whatever the case; sorted by name, at most `limit`.
 */
export async function searchFacultyNames(
  db: DbClient,
  query: RosterQuery,
  text: string,
  limit: number,
): Promise<Array<Pick<FacultyRow, "id" | "lastName" | "firstName" | "middleName">>> {
  const pattern = `%${text.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
  return db.$queryRaw<Array<Pick<FacultyRow, "id" | "lastName" | "firstName" | "middleName">>>`
    SELECT f."id", f."lastName", f."firstName", f."middleName" FROM "Faculty" f
    WHERE ${rosterSql(query)}
      AND (f."id" = ${text}
        OR concat_ws(' ', f."lastName" || ',', f."firstName", f."middleName") ILIKE ${pattern})
    ORDER BY f."id" = ${text} DESC, f."lastName", f."firstName", f."id"
    LIMIT ${limit}`;
}

/** A filterable roster column. */
export type RosterFilterField = "cohort" | "division" | "rank" | "track" | "mentorId";

/**
 * What the roster filters can take among the scope's people: each column's distinct values, and
 * how many people the scope holds and how many of them pass the filter, in one query.
 */
export async function rosterFilterChoices(
  db: DbClient,
  scope: RosterQuery,
  filter: Omit<RosterQuery, "ids">,
): Promise<{ values: Record<RosterFilterField, string[]>; total: number; matching: number }> {
  // One grouping set per column, and () for the counts: some 130 rows, where the distinct
  // combinations of the five columns were nearly one a person (2,000 rows read on every page).
  const rows = await db.$queryRaw<
    Array<{ field: RosterFilterField | "all"; value: string | null; people: number; matching: number }>
  >`
    SELECT CASE WHEN GROUPING(f."cohort") = 0 THEN 'cohort'
                WHEN GROUPING(f."division") = 0 THEN 'division'
                WHEN GROUPING(f."rank") = 0 THEN 'rank'
                WHEN GROUPING(f."track") = 0 THEN 'track'
                WHEN GROUPING(f."mentorId") = 0 THEN 'mentorId'
                ELSE 'all' END AS "field",
           COALESCE(f."cohort", f."division", f."rank", f."track", f."mentorId") AS "value",
           count(*)::int AS "people", (count(*) FILTER (WHERE ${rosterSql(filter)}))::int AS "matching"
    FROM "Faculty" f WHERE ${rosterSql(scope)}
    GROUP BY GROUPING SETS ((f."cohort"), (f."division"), (f."rank"), (f."track"), (f."mentorId"), ())`;
  const values: Record<RosterFilterField, string[]> = {
    cohort: [],
    division: [],
    rank: [],
    track: [],
    mentorId: [],
  };
  let total = 0;
  let matching = 0;
  for (const row of rows) {
    if (row.field === "all") {
      total = row.people;
      matching = row.matching;
    } else if (row.value !== null && row.value !== "") values[row.field].push(row.value);
  }
  for (const list of Object.values(values)) list.sort();
  return { values, total, matching };
}

/** How many people the query names. */
export async function countFaculty(db: DbClient, query: RosterQuery = {}): Promise<number> {
  const rows = await db.$queryRaw<Array<{ count: number }>>`
    SELECT count(*)::int AS "count" FROM "Faculty" f WHERE ${rosterSql(query)}`;
  return rows[0]?.count ?? 0;
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
  const rows = await db.$queryRaw<Array<{ id: string; track: string | null }>>`
    SELECT f."id", f."track" FROM "Faculty" f
    WHERE ${ids === undefined ? Prisma.sql`TRUE` : Prisma.sql`f."id" = ANY(${[...ids]}::text[])`}`;
  return new Map(rows.map((row) => [row.id, row.track]));
}
