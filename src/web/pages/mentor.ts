import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/context.ts";
import { digestForMentor } from "../../services/digest.ts";
import { mentorOverview, recordMentorVisit } from "../../services/mentor-page.ts";
import { framed, HIDDEN, signedIn } from "../page-kit.ts";
import { digestBody } from "../views/digest.ts";
import { mentorBody } from "../views/mentor.ts";
import { pageCriteria } from "./criteria.ts";

declare module "fastify" {
  interface Session {
    /** The mentor's visit before this session's first look ("" for none): "new" within one session stays put. */
    mentorSince?: string;
  }
}

/**
 * GET /mentor: each mentee's output since the mentor's last visit, this year against last, and the
 * mentor's digest (accepted since the last digest mailed, awaiting review, benchmark progress).
 */
export function registerMentorPage(pages: FastifyInstance, services: Services): void {
  pages.get(
    "/mentor",
    HIDDEN,
    signedIn(services, async (context) => {
      const { session } = context.request;
      let since = session.get("mentorSince");
      if (since === undefined) {
        // The visit is recorded once a session; reloading the page keeps showing the same news.
        since = (await recordMentorVisit(services.db, context.actor))?.toISOString() ?? "";
        session.set("mentorSince", since);
      }
      const overview = await mentorOverview(services.db, context.actor, since ? new Date(since) : null);
      const { facultyId } = context.actor;
      const digest =
        facultyId === null
          ? ""
          : digestBody(await digestForMentor(services.db, context.actor, pageCriteria(services), facultyId), {
              level: 2,
              own: true,
            });
      return framed(context, "Your mentees", mentorBody(overview) + digest);
    }),
  );
}
