/**
 * What an actor may see of the roster: the faculty list, a profile, its items and ledger, the
 * review queue. Every function takes the actor and asks src/access; anything outside the actor's
 * scope is NotFound, as if it did not exist.
 */
import { checkFacultyAccess, hasPermission, requireFacultyAccess, visibleFaculty } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { countFaculty, facultyTracks, type RosterQuery } from "../db/repositories/faculty.ts";
import {
  countedByMetric,
  metricCountsOf,
  ledgerLines,
  type LedgerLineRow,
} from "../db/repositories/ledger.ts";
import { countLinkStatuses, linksOfFaculty, type FacultyLinkRow } from "../db/repositories/links.ts";
import type { Thresholds } from "../disambiguation/index.ts";
import { NotFoundError } from "../errors.ts";
import { getFaculty, listRoster, missingFaculty, type FacultyListRow } from "./faculty.ts";
import { reviewQueue, type ReviewQueueQuery, type ReviewQueueRow } from "./review.ts";

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

/** The faculty page: the people in scope that pass the filter, with counts by metric, and the filters' choices. */
export async function facultyTableFor(
  db: Db,
  actor: Actor,
  filter: FacultyFilter = {},
): Promise<{ rows: FacultyTableRow[]; total: number; choices: FacultyChoices }> {
  const everyone = await listFacultyFor(db, actor);
  const ids = everyone.map((row) => row.id);
  const [tracks, counts] = await Promise.all([facultyTracks(db, ids), countedByMetric(db, ids)]);
  const counted = new Map<string, Record<string, number>>();
  for (const group of counts) {
    const own = counted.get(group.facultyId) ?? {};
    own[group.metric] = group.count;
    counted.set(group.facultyId, own);
  }
  const all = everyone.map((row) => ({
    ...row,
    track: tracks.get(row.id) ?? null,
    counted: counted.get(row.id) ?? {},
  }));
  const distinct = (values: Array<string | null>) =>
    [...new Set(values.filter((value): value is string => value !== null && value !== ""))].sort();
  const mentors = new Map<string, string>();
  for (const row of all) if (row.mentorId) mentors.set(row.mentorId, row.mentorName ?? row.mentorId);
  return {
    rows: all.filter(
      (row) =>
        (filter.cohort === undefined || row.cohort === filter.cohort) &&
        (filter.division === undefined || row.division === filter.division) &&
        (filter.rank === undefined || row.rank === filter.rank) &&
        (filter.track === undefined || row.track === filter.track) &&
        (filter.mentorId === undefined || row.mentorId === filter.mentorId),
    ),
    total: all.length,
    choices: {
      cohorts: distinct(all.map((row) => row.cohort)),
      divisions: distinct(all.map((row) => row.division)),
      ranks: distinct(all.map((row) => row.rank)),
      tracks: distinct(all.map((row) => row.track)),
      mentors: [...mentors].map(([id, name]) => ({ id, name })).sort((a, b) => a.name.localeCompare(b.name)),
    },
  };
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
  await requireVisible(db, actor, facultyId);
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

function isoDate(date: Date | null): string | null {
  return date === null ? null : date.toISOString().slice(0, 10);
}

/** Which of these people's links the actor may accept or reject. */
export function decidableFaculty(db: Db, actor: Actor, facultyIds: readonly string[]): Promise<Set<string>> {
  return checkFacultyAccess(db, actor, "faculty.decide", facultyIds);
}
