/**
 * What a mentor reads about their mentees: each one's output since the mentor last looked, and
 * this year against last. The mentor's visits are recorded per user, so "new" survives sign-outs.
 */
import { visibleFaculty } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { linksCreatedSince } from "../db/repositories/links.ts";
import { findUserById, setMentorVisitedAt } from "../db/repositories/users.ts";
import { NotFoundError } from "../errors.ts";
import type { Metric } from "../reconcile/classify.ts";
import { REPORT_METRICS } from "../reports/windows.ts";
import { listFaculty } from "./faculty.ts";
import { itemSummary } from "./item-summary.ts";
import { loadLedgerForReports } from "./reports.ts";

/** Without an earlier visit, "new" means linked in this many days. */
export const FIRST_VISIT_DAYS = 30;

export interface NewOutput {
  itemId: number;
  kind: string;
  title: string;
  year: number | null;
  venue: string | null;
  status: string;
  linkedAt: Date;
}

export interface MenteeOutput {
  facultyId: string;
  name: string;
  rank: string | null;
  /** Accepted and pending links made since the visit, newest first. */
  newItems: NewOutput[];
  /** Counted items by metric with a year in the calendar year, this year and last. */
  thisYear: Record<Metric, number>;
  lastYear: Record<Metric, number>;
}

export interface MentorOverview {
  since: Date;
  /** True when the mentor has no earlier visit: "since" is FIRST_VISIT_DAYS ago. */
  firstVisit: boolean;
  year: number;
  mentees: MenteeOutput[];
}

function requireMentor(actor: Actor): number {
  if (actor.role !== "mentor" || actor.userId === null) throw new NotFoundError("Not found");
  return actor.userId;
}

/** When the mentor last opened their page (null: never), without recording a visit. */
export async function lastMentorVisit(db: Db, actor: Actor): Promise<Date | null> {
  const userId = requireMentor(actor);
  return (await findUserById(db, userId))?.mentorVisitedAt ?? null;
}

/** Records a visit now and returns the one before it (null: the first). */
export async function recordMentorVisit(db: Db, actor: Actor, now = new Date()): Promise<Date | null> {
  const previous = await lastMentorVisit(db, actor);
  await setMentorVisitedAt(db, requireMentor(actor), now);
  return previous;
}

/** Each current mentee's output since the instant (or the first-visit span), and this year against last. */
export async function mentorOverview(
  db: Db,
  actor: Actor,
  since: Date | null,
  now = new Date(),
): Promise<MentorOverview> {
  requireMentor(actor);
  const visible = await visibleFaculty(db, actor);
  const ids = visible === "all" ? [] : [...visible];
  const from = since ?? new Date(now.getTime() - FIRST_VISIT_DAYS * 86_400_000);
  const year = now.getUTCFullYear();
  const [people, links, ledger] = await Promise.all([
    ids.length > 0 ? listFaculty(db) : Promise.resolve([]),
    ids.length > 0 ? linksCreatedSince(db, ids, from) : Promise.resolve([]),
    loadLedgerForReports(db, ids, "publication"),
  ]);
  const zero = () =>
    Object.fromEntries(REPORT_METRICS.map((metric) => [metric, 0])) as Record<Metric, number>;
  const mentees = people
    .filter((person) => visible !== "all" && visible.has(person.id))
    .map((person): MenteeOutput => {
      const thisYear = zero();
      const lastYear = zero();
      for (const line of ledger.lines) {
        if (line.facultyId !== person.id || line.years === null) continue;
        if (line.years.from <= year && year <= line.years.to) thisYear[line.metric] += 1;
        if (line.years.from <= year - 1 && year - 1 <= line.years.to) lastYear[line.metric] += 1;
      }
      return {
        facultyId: person.id,
        name: person.name,
        rank: person.rank,
        newItems: links
          .filter((link) => link.facultyId === person.id)
          .map((link) => ({ ...itemSummary(link), status: link.status, linkedAt: link.createdAt })),
        thisYear,
        lastYear,
      };
    });
  return { since: from, firstVisit: since === null, year, mentees };
}
