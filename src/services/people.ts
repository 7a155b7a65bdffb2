/**
 * What an actor may see of the roster: the faculty list, a profile, its items and ledger, the
 * review queue. Every function takes the actor and asks src/access; anything outside the actor's
 * scope is NotFound, as if it did not exist.
 */
import { checkFacultyAccess, hasPermission, requireFacultyAccess, visibleFaculty } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import {
  countFaculty,
  facultyNames,
  findProfileFactsWithCounts,
  facultyTracks,
  rosterFilterChoices,
  searchFacultyNames,
  type ProfileFacts,
  type RosterQuery,
} from "../db/repositories/faculty.ts";
import { countedByMetric, ledgerLines, type LedgerLineRow } from "../db/repositories/ledger.ts";
import { linksOfFaculty, type FacultyLinkRow } from "../db/repositories/links.ts";
import type { Thresholds } from "../disambiguation/index.ts";
import { NotFoundError } from "../errors.ts";
import { displayName, listRoster, missingFaculty, type FacultyListRow } from "./faculty.ts";
import { countReviewQueue, reviewQueue, type ReviewQueueQuery, type ReviewQueueRow } from "./review.ts";

export interface FacultyFilter {
  cohort?: string;
  division?: string;
  rank?: string;
  track?: string;
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

/** A row of the faculty page: the list's row, the track, and counted items by metric. */
export interface FacultyTableRow extends FacultyListRow {
  track: string | null;
  counted: Record<string, number>;
}

/** The values each filter can take among the people the actor may see. */
export interface FacultyChoices {
  cohorts: string[];
  divisions: string[];
  ranks: string[];
  tracks: string[];
  mentors: Array<{ id: string; name: string }>;
}

/** How many people a page of the faculty list shows. */
export const FACULTY_PAGE_SIZE = 100;

/**
 * The faculty page: one page (from 1) of the people in scope that pass the filter, with counts by
 * metric; how many pass it in all and how many are in scope; and the filters' choices. Only the
 * page's people are counted, so a division of thousands costs what a hundred people do.
 */
export async function facultyTableFor(
  db: Db,
  actor: Actor,
  filter: FacultyFilter = {},
  page = 1,
): Promise<{
  rows: FacultyTableRow[];
  matching: number;
  total: number;
  page: number;
  pageSize: number;
  choices: FacultyChoices;
}> {
  const scope = await rosterQueryFor(db, actor, {});
  const query = { ...scope, ...filter };
  const [shown, { values, total, matching }] = await Promise.all([
    listRoster(db, query, { offset: (page - 1) * FACULTY_PAGE_SIZE, limit: FACULTY_PAGE_SIZE }),
    rosterFilterChoices(db, scope, filter),
  ]);
  const ids = shown.map((row) => row.id);
  const [tracks, counts, mentors] = await Promise.all([
    facultyTracks(db, ids),
    countedByMetric(db, ids),
    facultyNames(db, { ids: values.mentorId }),
  ]);
  const counted = new Map<string, Record<string, number>>();
  for (const group of counts) {
    const own = counted.get(group.facultyId) ?? {};
    own[group.metric] = group.count;
    counted.set(group.facultyId, own);
  }
  return {
    rows: shown.map((row) => ({
      ...row,
      track: tracks.get(row.id) ?? null,
      counted: counted.get(row.id) ?? {},
    })),
    matching,
    total,
    page,
    pageSize: FACULTY_PAGE_SIZE,
    choices: {
      cohorts: values.cohort,
      divisions: values.division,
      ranks: values.rank,
      tracks: values.track,
      mentors: mentors
        .map((mentor) => ({ id: mentor.id, name: displayName(mentor) }))
        .sort((a, b) => a.name.localeCompare(b.name)),
    },
  };
}

/**
 * The people the actor may see, id and name only, sorted by name: the choices of a "person"
 * filter; at most `limit` when given.
 */
export async function facultyNamesFor(
  db: Db,
  actor: Actor,
  limit?: number,
): Promise<Array<{ id: string; name: string }>> {
  const people = await facultyNames(db, await rosterQueryFor(db, actor, {}), limit);
  return people.map((person) => ({ id: person.id, name: displayName(person) }));
}

/** The people the actor may see whose id is `text` or whose name holds it (any case), at most `limit`. */
export async function searchFacultyFor(
  db: Db,
  actor: Actor,
  text: string,
  limit: number,
): Promise<Array<{ id: string; name: string }>> {
  const people = await searchFacultyNames(db, await rosterQueryFor(db, actor, {}), text, limit);
  return people.map((person) => ({ id: person.id, name: displayName(person) }));
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

/** In scope and on the roster; a person who is not on the roster is NotFound even for admins. */
async function requireVisible(db: Db, actor: Actor, facultyId: string): Promise<void> {
  await requireFacultyAccess(db, actor, "faculty.read", facultyId);
  if ((await missingFaculty(db, [facultyId])).length > 0) {
    throw new NotFoundError(`No faculty member with id ${facultyId}`);
  }
}

export async function facultyProfileFor(db: Db, actor: Actor, facultyId: string): Promise<FacultyProfile> {
  return (await profileAndPersonFor(db, actor, facultyId)).profile;
}

/** The profile, and the roster row it was made from (the profile page's report needs both). */
export async function profileAndPersonFor(
  db: Db,
  actor: Actor,
  facultyId: string,
): Promise<{ profile: FacultyProfile; person: ProfileFacts }> {
  await requireFacultyAccess(db, actor, "faculty.read", facultyId);
  const found = await findProfileFactsWithCounts(db, facultyId);
  // In scope but not on the roster is NotFound too, even for admins.
  if (!found) throw new NotFoundError(`No faculty member with id ${facultyId}`);
  const { linkCounts, metricCounts, ...person } = found;
  const links: FacultyProfile["links"] = {
    accepted: linkCounts.accepted ?? 0,
    pending: linkCounts.pending ?? 0,
    rejected: linkCounts.rejected ?? 0,
  };
  return { profile: profileOf(actor, person, links, metricCounts), person };
}

/**
 * The profile from the person's roster row and every one of their links and ledger lines, read
 * by a caller that needs them in full anyway (the profile page): counted here, not asked again.
 * The caller has checked the actor's access to the person.
 */
export function profileFromRows(
  actor: Actor,
  person: ProfileFacts,
  links: ReadonlyArray<{ status: string }>,
  ledger: ReadonlyArray<{ counted: boolean; metric: string | null }>,
): FacultyProfile {
  const statuses: FacultyProfile["links"] = { accepted: 0, pending: 0, rejected: 0 };
  for (const link of links) if (link.status in statuses) statuses[link.status as keyof typeof statuses]++;
  const counted: FacultyProfile["counted"] = {};
  for (const line of ledger)
    if (line.counted && line.metric !== null) counted[line.metric] = (counted[line.metric] ?? 0) + 1;
  return profileOf(actor, person, statuses, counted);
}

function profileOf(
  actor: Actor,
  person: ProfileFacts,
  links: FacultyProfile["links"],
  counted: FacultyProfile["counted"],
): FacultyProfile {
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
  await requireVisible(db, actor, facultyId);
  return linksOfFaculty(db, facultyId);
}

/** The person's ledger: each item as counted, the metric, and the rule that decided. */
export async function facultyLedgerFor(db: Db, actor: Actor, facultyId: string): Promise<LedgerLineRow[]> {
  await requireVisible(db, actor, facultyId);
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

/** How many links the actor's review queue holds in all (the same filter as reviewQueueFor, no limit). */
export async function countReviewQueueFor(
  db: Db,
  actor: Actor,
  query: Omit<ReviewQueueQuery, "facultyIds" | "limit"> = {},
): Promise<number> {
  if (query.facultyId) await requireFacultyAccess(db, actor, "faculty.read", query.facultyId);
  const visible = await visibleFaculty(db, actor);
  return countReviewQueue(db, { ...query, ...(visible === "all" ? {} : { facultyIds: [...visible] }) });
}

function isoDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, 10);
}

/** Which of these people's links the actor may accept or reject. */
export function decidableFaculty(db: Db, actor: Actor, facultyIds: readonly string[]): Promise<Set<string>> {
  return checkFacultyAccess(db, actor, "faculty.decide", facultyIds);
}
