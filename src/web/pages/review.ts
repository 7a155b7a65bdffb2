import type { FastifyInstance } from "fastify";
import { UserError } from "../../errors.ts";
import type { Services } from "../../services/context.ts";
import { decideLinksAs } from "../../services/link-decisions.ts";
import {
  countReviewQueueFor,
  decidableFaculty,
  facultyNamesFor,
  reviewQueueFor,
  searchFacultyFor,
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
/** Up to this many people in scope, the person filter is a drop-down; beyond, a search box. */
const PERSON_CHOICES = 100;
/** How many people matching a search the page offers to choose from. */
const MATCHES_SHOWN = 20;

/**
 * GET /review?faculty=: the review queue in the reader's scope (?person= finds the person by name
 * or id: one match shows theirs, several are offered); POST /review/decisions: accept or
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
      const person = faculty ? undefined : queryValue(context.request, "person");
      // A name or id typed in the search box: one match is the filter; several are offered.
      const matches = person
        ? await searchFacultyFor(services.db, context.actor, person.slice(0, 200), MATCHES_SHOWN + 1)
        : undefined;
      if (matches?.length === 1) {
        return context.reply.redirect(`/review?faculty=${encodeURIComponent(matches[0]!.id)}`, 303);
      }
      const scope = faculty ? { facultyId: faculty } : {};
      // Only the lines shown are read; the rest of the queue is counted in the database.
      const [shown, total, people] = await Promise.all([
        reviewQueueFor(services.db, context.actor, thresholds, { ...scope, limit: SHOWN }),
        countReviewQueueFor(services.db, context.actor, scope),
        facultyNamesFor(services.db, context.actor, PERSON_CHOICES + 1),
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
          // A drop-down of a few people; a search box beyond (a division's thousands would
          // make the page mostly <option>s).
          people: people.length > PERSON_CHOICES ? null : people,
          faculty,
          person,
          matches: matches && {
            people: matches.slice(0, MATCHES_SHOWN),
            more: matches.length > MATCHES_SHOWN,
          },
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
