import type { Db, DbClient } from "../db/client.ts";
import {
  existingFacultyIds,
  facultyIds,
  facultyWithMentors,
  type RosterQuery,
  findFaculty,
  reporterProfileHolder,
  setReporterProfileId as writeReporterProfileId,
  type FacultyRow,
} from "../db/repositories/faculty.ts";
import { countLinksByFaculty } from "../db/repositories/links.ts";
import { inTransaction } from "../db/repositories/transaction.ts";
import { UsageError, UserError } from "../errors.ts";

/*
 * "Is this person on the roster": every service and command asks here, and says no in one way.
 * `quoted` writes the ids in quotes, as the commands about one person always have.
 */
type IdStyle = "plain" | "quoted";

/** The ids given that are not on the roster, in the order given, each once. */
export async function missingFaculty(db: DbClient, ids: readonly string[]): Promise<string[]> {
  const wanted = [...new Set(ids)];
  const known = await existingFacultyIds(db, wanted);
  return wanted.filter((id) => !known.has(id));
}

/** Throws a UserError naming every id given that is not on the roster. */
export async function requireFaculty(
  db: DbClient,
  ids: string | readonly string[],
  style: IdStyle = "plain",
): Promise<void> {
  const missing = await missingFaculty(db, typeof ids === "string" ? [ids] : ids);
  if (missing.length > 0) throw noSuchFaculty(missing, style);
}

/** The person's roster row; a UserError when they are not on the roster. */
export async function getFaculty(db: DbClient, id: string, style: IdStyle = "plain"): Promise<FacultyRow> {
  const person = await findFaculty(db, id);
  if (!person) throw noSuchFaculty([id], style);
  return person;
}

function noSuchFaculty(ids: readonly string[], style: IdStyle): UserError {
  const named = style === "quoted" ? ids.map((id) => `"${id}"`) : ids;
  return new UserError(`No faculty member with id ${named.join(", ")}`);
}

/** The ids given, or everyone on the roster (in id order) when none are. */
export async function facultyOrEveryone(db: Db, ids?: readonly string[]): Promise<string[]> {
  return ids ? [...ids] : facultyIds(db);
}

/** One line of `faculty list`; the keys are the CSV header and the JSON keys, in this order. */
export interface FacultyListRow {
  id: string;
  name: string;
  orcid: string | null;
  rank: string | null;
  division: string | null;
  cohort: string | null;
  mentorId: string | null;
  mentorName: string | null;
  accepted: number;
  pending: number;
}

/** Everyone (or one cohort) sorted by name, with item counts from their links. */
export async function listFaculty(db: Db, cohort?: string): Promise<FacultyListRow[]> {
  return listRoster(db, cohort === undefined ? {} : { cohort });
}

/**
 * The people of the query sorted by name (a page of them, when asked), with the accepted and
 * pending counts of their links. Counting reads the links of the people listed only.
 */
export async function listRoster(
  db: Db,
  query: RosterQuery,
  page?: { offset: number; limit: number },
): Promise<FacultyListRow[]> {
  const paged = page !== undefined;
  const faculty = await facultyWithMentors(
    db,
    query,
    paged ? { skip: page.offset, take: page.limit } : undefined,
  );
  // A page, or a narrowed roster, counts its own people's links; the whole roster counts everyone's at once.
  const narrowed =
    paged ||
    query.ids !== undefined ||
    query.division !== undefined ||
    query.rank !== undefined ||
    query.track !== undefined ||
    query.mentorId !== undefined;
  const groups = await countLinksByFaculty(
    db,
    narrowed
      ? { ids: faculty.map((person) => person.id) }
      : query.cohort === undefined
        ? {}
        : { cohort: query.cohort },
  );
  const counts = new Map<string, { accepted: number; pending: number }>();
  for (const group of groups) {
    const entry = counts.get(group.facultyId) ?? { accepted: 0, pending: 0 };
    if (group.status === "accepted") entry.accepted = group.count;
    if (group.status === "pending") entry.pending = group.count;
    counts.set(group.facultyId, entry);
  }
  return faculty.map((person) => ({
    id: person.id,
    name: displayName(person),
    orcid: person.orcid,
    rank: person.rank,
    division: person.division,
    cohort: person.cohort,
    mentorId: person.mentorId,
    mentorName: person.mentor ? displayName(person.mentor) : null,
    accepted: counts.get(person.id)?.accepted ?? 0,
    pending: counts.get(person.id)?.pending ?? 0,
  }));
}

export function displayName(person: {
  lastName: string;
  firstName: string;
  middleName: string | null;
}): string {
  const given = person.middleName ? `${person.firstName} ${person.middleName}` : person.firstName;
  return `${person.lastName}, ${given}`;
}

export interface ReporterProfileChange {
  facultyId: string;
  previous: number | null;
  current: number | null;
}

/**
 * Records (or, with null, forgets) the faculty member's confirmed NIH RePORTER PI profile id. Later
 * RePORTER harvests search by it, and the grants it finds are accepted for the person. A profile id
 * names one person, so it cannot be given to two faculty members.
 */
export async function setReporterProfileId(
  db: Db,
  facultyId: string,
  profileId: number | null,
): Promise<ReporterProfileChange> {
  if (profileId !== null && !(Number.isInteger(profileId) && profileId >= 1 && profileId <= 2_147_483_647)) {
    throw new UsageError(`"${profileId}" is not a RePORTER profile id (a positive whole number)`);
  }
  return inTransaction(db, async (tx) => {
    const person = await getFaculty(tx, facultyId, "quoted");
    if (profileId !== null) {
      const holder = await reporterProfileHolder(tx, profileId, facultyId);
      if (holder !== null) {
        throw new UserError(`RePORTER profile id ${profileId} already belongs to faculty member ${holder}`);
      }
    }
    if (person.reporterProfileId !== profileId) await writeReporterProfileId(tx, facultyId, profileId);
    return { facultyId, previous: person.reporterProfileId, current: profileId };
  });
}
