import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/context.ts";
import { facultyTableFor, type FacultyFilter } from "../../services/people.ts";
import { UserError } from "../../errors.ts";
import { framed, HIDDEN, queryValue, signedIn } from "../page-kit.ts";
import { facultyListBody } from "../views/faculty-list.ts";

/**
 * GET /faculty?cohort=&division=&rank=&track=&mentor=&page=: the people in the reader's scope, a
 * page (of 100) at a time.
 */
export function registerFacultyListPage(pages: FastifyInstance, services: Services): void {
  pages.get(
    "/faculty",
    HIDDEN,
    signedIn(services, async (context) => {
      const filter: FacultyFilter = {};
      const cohort = queryValue(context.request, "cohort");
      const division = queryValue(context.request, "division");
      const rank = queryValue(context.request, "rank");
      const track = queryValue(context.request, "track");
      const mentor = queryValue(context.request, "mentor");
      if (cohort) filter.cohort = cohort;
      if (division) filter.division = division;
      if (rank) filter.rank = rank;
      if (track) filter.track = track;
      if (mentor) filter.mentorId = mentor;
      const table = await facultyTableFor(
        services.db,
        context.actor,
        filter,
        pageNumber(queryValue(context.request, "page")),
      );
      return framed(context, "Faculty", facultyListBody(context.actor.role, table, filter));
    }),
  );
}

/** ?page=N: a whole number from 1 (the first page when absent). */
function pageNumber(value: string | undefined): number {
  if (value === undefined || value === "") return 1;
  if (!/^\d{1,6}$/.test(value) || Number(value) < 1) {
    throw new UserError(`page must be a whole number from 1, not "${value}"`);
  }
  return Number(value);
}
