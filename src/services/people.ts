/**
 * What an actor may see of the roster: the faculty list, a profile, its items and ledger, the
 * review queue. Every function takes the actor and asks src/access; anything outside the actor's
 * scope is NotFound, as if it did not exist.
 */
import { hasPermission, requireFacultyAccess, visibleFaculty } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { countFaculty, type RosterQuery } from "../db/repositories/faculty.ts";
import { metricCountsOf, ledgerLines, type LedgerLineRow } from "../db/repositories/ledger.ts";
import { countLinkStatuses, linksOfFaculty, type FacultyLinkRow } from "../db/repositories/links.ts";
import type { Thresholds } from "../disambiguation/index.ts";
import { getFaculty, listRoster, type FacultyListRow } from "./faculty.ts";
import { reviewQueue, type ReviewQueueQuery, type ReviewQueueRow } from "./review.ts";

export interface FacultyFilter {
  cohort?: string;
  division?: string;
  rank?: string;
  mentorId?: string;
}

/** The people the actor may see, sorted by name, filtered; a page of them when asked. */
export async function listFacultyFor(
  db: Db,
  actor: Actor,
  filter: FacultyFilter = {},
  page?: { offset: number; limit: number },
): Promise<FacultyListRow[]> {
  return listRoster(db, await rosterQueryFor(db, actor, filter), page);
}

/** How many people the actor may see with this filter. */
export async function countFacultyFor(db: Db, actor: Actor, filter: FacultyFilter = {}): Promise<number> {
  return countFaculty(db, await rosterQueryFor(db, actor, filter));
}

async function rosterQueryFor(db: Db, actor: Actor, filter: FacultyFilter): Promise<RosterQuery> {
  const visible = await visibleFaculty(db, actor);
  return { ...filter, ...(visible === "all" ? {} : { ids: [...visible] }) };
}

export interface FacultyProfile {
  id: string;
  name: string;
  /** Admins only: absent for everyone else. */
  email?: string | null;
  orcid: string | null;
  rank: string | null;
  track: string | null;
  division: string | null;
  cohort: string | null;
  hireDate: string | null;
  programStart: string | null;
  mentorId: string | null;
  /** Links by status. */
  links: { accepted: number; pending: number; rejected: number };
  /** Counted ledger lines by metric. */
  counted: Record<string, number>;
}

export async function facultyProfileFor(db: Db, actor: Actor, facultyId: string): Promise<FacultyProfile> {
  await requireFacultyAccess(db, actor, "faculty.read", facultyId);
  const [person, links, counted] = await Promise.all([
    getFaculty(db, facultyId),
    countLinkStatuses(db, facultyId),
    metricCountsOf(db, facultyId),
  ]);
  return {
    id: person.id,
    name: person.middleName
      ? `${person.lastName}, ${person.firstName} ${person.middleName}`
      : `${person.lastName}, ${person.firstName}`,
    ...(hasPermission(actor, "email.read") ? { email: person.email } : {}),
    orcid: person.orcid,
    rank: person.rank,
    track: person.track,
    division: person.division,
    cohort: person.cohort,
    hireDate: isoDate(person.hireDate),
    programStart: isoDate(person.programStart),
    mentorId: person.mentorId,
    links,
    counted,
  };
}

/** Every link of the person with its item, newest first. */
export async function facultyItemsFor(db: Db, actor: Actor, facultyId: string): Promise<FacultyLinkRow[]> {
  await requireFacultyAccess(db, actor, "faculty.read", facultyId);
  return linksOfFaculty(db, facultyId);
}

/** The person's ledger: each item as counted, the metric, and the rule that decided. */
export async function facultyLedgerFor(db: Db, actor: Actor, facultyId: string): Promise<LedgerLineRow[]> {
  await requireFacultyAccess(db, actor, "faculty.read", facultyId);
  return ledgerLines(db, [facultyId]);
}

/** The review queue, limited to the people the actor may see; a person outside it is NotFound. */
export async function reviewQueueFor(
  db: Db,
  actor: Actor,
  thresholds: Thresholds,
  query: Omit<ReviewQueueQuery, "facultyIds"> = {},
): Promise<ReviewQueueRow[]> {
  if (query.facultyId) await requireFacultyAccess(db, actor, "faculty.read", query.facultyId);
  const visible = await visibleFaculty(db, actor);
  return reviewQueue(db, thresholds, {
    ...query,
    ...(visible === "all" ? {} : { facultyIds: [...visible] }),
  });
}

function isoDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, 10);
}
