/** What needs a user's attention when they open the app, by role: the home page's content. */
import { visibleFaculty } from "../access/access.ts";
import type { Actor } from "../access/actor.ts";
import type { Db } from "../db/client.ts";
import { countPendingLinks } from "../db/repositories/links.ts";
import type { Thresholds } from "../disambiguation/index.ts";
import type { FacultyListRow } from "./faculty.ts";
import { lastMentorVisit, mentorOverview } from "./mentor-page.ts";
import { facultyProfileFor, listFacultyFor, reviewQueueFor } from "./people.ts";
import type { ReviewQueueRow } from "./review.ts";
import { listRunsFor, type RunListing } from "./runs.ts";

/** How many of the latest runs the admin's home looks through. */
const RECENT_RUNS = 20;

export type Attention =
  | {
      role: "admin";
      pendingReviews: number;
      /** Runs still going. */
      openRuns: RunListing[];
      /** Recent runs with jobs that failed for good. */
      failedRuns: RunListing[];
    }
  | {
      role: "mentor";
      since: Date;
      firstVisit: boolean;
      mentees: Array<{ facultyId: string; name: string; newItems: number }>;
    }
  | { role: "committee"; candidates: FacultyListRow[] }
  | {
      role: "faculty";
      facultyId: string | null;
      name: string | null;
      pending: ReviewQueueRow[];
      counted: Record<string, number>;
    };

export async function attentionFor(db: Db, actor: Actor, thresholds: Thresholds): Promise<Attention> {
  switch (actor.role) {
    case "admin": {
      const [pendingReviews, runs] = await Promise.all([
        countPendingLinks(db),
        listRunsFor(db, actor, RECENT_RUNS),
      ]);
      return {
        role: "admin",
        pendingReviews,
        openRuns: runs.filter((run) => run.finishedAt === null),
        failedRuns: runs.filter((run) => run.progress.failed > 0),
      };
    }
    case "mentor": {
      const overview = await mentorOverview(db, actor, await lastMentorVisit(db, actor));
      return {
        role: "mentor",
        since: overview.since,
        firstVisit: overview.firstVisit,
        mentees: overview.mentees.map((mentee) => ({
          facultyId: mentee.facultyId,
          name: mentee.name,
          newItems: mentee.newItems.length,
        })),
      };
    }
    case "committee":
      return { role: "committee", candidates: await listFacultyFor(db, actor) };
    case "faculty": {
      const visible = await visibleFaculty(db, actor);
      const facultyId =
        actor.facultyId !== null && visible !== "all" && visible.has(actor.facultyId)
          ? actor.facultyId
          : null;
      if (facultyId === null)
        return { role: "faculty", facultyId: null, name: null, pending: [], counted: {} };
      const [profile, pending] = await Promise.all([
        facultyProfileFor(db, actor, facultyId),
        reviewQueueFor(db, actor, thresholds, { facultyId }),
      ]);
      return { role: "faculty", facultyId, name: profile.name, pending, counted: profile.counted };
    }
  }
}
