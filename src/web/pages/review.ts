import type { FastifyInstance } from "fastify";
import { UserError } from "../../errors.ts";
import type { Services } from "../../services/context.ts";
import { decideLinksAs } from "../../services/link-decisions.ts";
import {
  countReviewQueueFor,
  decidableFaculty,
  facultyNamesFor,
  reviewQueueFor,
} from "../../services/people.ts";
import { thresholdsFrom } from "../../services/rescore.ts";
import {
  formValue,
  formValues,
  framed,
  HIDDEN,
  queryValue,
  redirectWithMessage,
  signedIn,
} from "../page-kit.ts";
import { reviewBody } from "../views/review.ts";
import { backTo } from "./profile.ts";

/** How many of the most uncertain links the page lists at once. */
const SHOWN = 200;

/**
 * GET /review?faculty=: the review queue in the reader's scope; POST /review/decisions: accept or
 * reject the chosen links (`links` = "facultyId:itemId", repeated; `decision`; `note`).
 */
export function registerReviewPages(pages: FastifyInstance, services: Services): void {
  const thresholds = thresholdsFrom(services.config);
  const csrf = pages.csrfProtection.bind(pages);

  pages.get(
    "/review",
    HIDDEN,
    signedIn(services, async (context) => {
      const faculty = queryValue(context.request, "faculty");
      const scope = faculty ? { facultyId: faculty } : {};
      // Only the lines shown are read; the rest of the queue is counted in the database.
      const [shown, total, people] = await Promise.all([
        reviewQueueFor(services.db, context.actor, thresholds, { ...scope, limit: SHOWN }),
        countReviewQueueFor(services.db, context.actor, scope),
        facultyNamesFor(services.db, context.actor),
      ]);
      const decidable = await decidableFaculty(
        services.db,
        context.actor,
        shown.map((row) => row.facultyId),
      );
      return framed(
        context,
        "Review queue",
        reviewBody({
          role: context.actor.role,
          rows: shown.map((row) => ({ ...row, decidable: decidable.has(row.facultyId) })),
          total,
          people,
          faculty,
          mayDecide: decidable.size > 0,
          csrfToken: context.reply.generateCsrf(),
          back: context.request.url,
          thresholds,
        }),
      );
    }),
  );

  pages.post(
    "/review/decisions",
    { ...HIDDEN, preValidation: csrf },
    signedIn(services, async (context) => {
      const decision = formValue(context.request.body, "decision");
      if (decision !== "accept" && decision !== "reject") throw new UserError("Choose accept or reject");
      const note = formValue(context.request.body, "note")?.trim();
      const links = formValues(context.request.body, "links").map((value) => {
        const match = /^([^:]+):(\d{1,9})$/.exec(value);
        if (!match) throw new UserError(`"${value}" is not a link`);
        return { facultyId: match[1]!, itemId: Number(match[2]) };
      });
      if (links.length === 0) throw new UserError("Choose at least one link with its checkbox");
      const outcomes = await decideLinksAs(
        services,
        context.actor,
        links.map((link) => ({ ...link, decision, ...(note ? { note } : {}) })),
      );
      const changed = outcomes.filter((outcome) => outcome.changed).length;
      return redirectWithMessage(
        context,
        backTo(formValue(context.request.body, "back"), "/review"),
        `${outcomes.length} ${outcomes.length === 1 ? "link" : "links"} ${decision === "accept" ? "accepted" : "rejected"}${changed < outcomes.length ? ` (${outcomes.length - changed} already were)` : ""}.`,
      );
    }),
  );
}
