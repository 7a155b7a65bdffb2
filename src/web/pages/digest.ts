import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/context.ts";
import { digestForMentor } from "../../services/digest.ts";
import { framed, HIDDEN, signedIn } from "../page-kit.ts";
import { digestBody } from "../views/digest.ts";
import { pageCriteria } from "./criteria.ts";

/**
 * GET /mentors/:id/digest: a mentor's digest as a page (admins any mentor's, a mentor their own;
 * the service decides, anyone else gets 404). Showing it records nothing: only a digest mailed
 * moves where the next one starts.
 */
export function registerDigestPage(pages: FastifyInstance, services: Services): void {
  pages.get(
    "/mentors/:id/digest",
    HIDDEN,
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const digest = await digestForMentor(services.db, context.actor, pageCriteria(services), id);
      return framed(context, `Digest for ${digest.mentorName}`, digestBody(digest, { level: 1, own: false }));
    }),
  );
}
