import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/context.ts";
import { addPaperAs, type AddedPaper } from "../../services/add-paper.ts";
import { decideLinkAs } from "../../services/link-decisions.ts";
import { profilePageFor } from "../../services/profile-page.ts";
import { thresholdsFrom } from "../../services/rescore.ts";
import { NotFoundError, UserError } from "../../errors.ts";
import { formValue, framed, HIDDEN, redirectWithMessage, signedIn } from "../page-kit.ts";
import { facultyHref } from "../views/format.ts";
import { profileBody } from "../views/profile.ts";

/** A same-site path to go back to after a form, else the fallback. */
export function backTo(value: string | undefined, fallback: string): string {
  return value && value.startsWith("/") && !value.startsWith("//") ? value : fallback;
}

/**
 * GET /faculty/:id: the profile; POST /faculty/:id/links/:itemId/decision: accept or reject one
 * link from its form (fields `decision` = accept|reject, `note`, `back`); POST /faculty/:id/items:
 * add a missing paper (field `identifier`, a PMID or DOI).
 */
export function registerProfilePages(pages: FastifyInstance, services: Services): void {
  const thresholds = thresholdsFrom(services.config);
  const csrf = pages.csrfProtection.bind(pages);

  pages.get(
    "/faculty/:id",
    HIDDEN,
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const page = await profilePageFor(services.db, context.actor, id, {
        thresholds,
        ...(services.config.BENCHMARKS_PATH ? { benchmarksPath: services.config.BENCHMARKS_PATH } : {}),
        asOf: new Date().toISOString().slice(0, 10),
      });
      return framed(
        context,
        page.profile.name,
        profileBody(
          page,
          context.reply.generateCsrf(),
          context.actor.facultyId,
          context.actor.role === "admin",
          context.actor.role === "mentor",
        ),
      );
    }),
  );

  pages.post(
    "/faculty/:id/links/:itemId/decision",
    { ...HIDDEN, preValidation: csrf },
    signedIn(services, async (context) => {
      const { id, itemId } = context.request.params as { id: string; itemId: string };
      if (!/^\d{1,9}$/.test(itemId)) throw new NotFoundError("Not found");
      const decision = formValue(context.request.body, "decision");
      if (decision !== "accept" && decision !== "reject") throw new UserError("Choose accept or reject");
      const note = formValue(context.request.body, "note")?.trim();
      if (note && note.length > 2000) throw new UserError("A note holds at most 2000 characters");
      const outcome = await decideLinkAs(services, context.actor, {
        facultyId: id,
        itemId: Number(itemId),
        decision,
        ...(note ? { note } : {}),
      });
      const back = backTo(formValue(context.request.body, "back"), `${facultyHref(id)}#pending`);
      return redirectWithMessage(
        context,
        back,
        `Item ${outcome.itemId} ${outcome.status}${outcome.changed ? "" : " (it already was)"}.`,
      );
    }),
  );

  pages.post(
    "/faculty/:id/items",
    { ...HIDDEN, preValidation: csrf },
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const identifier = formValue(context.request.body, "identifier") ?? "";
      const added = await addPaperAs(services, context.actor, id, identifier);
      const anchor = added.status === "pending" ? `#pending-${added.itemId}` : "#items";
      return redirectWithMessage(context, `${facultyHref(id)}${anchor}`, addedMessage(added));
    }),
  );
}

function addedMessage(added: AddedPaper): string {
  const what = `PMID ${added.pmid}, "${added.title}"`;
  const scored = added.score === null ? "" : ` (score ${added.score})`;
  if (!added.linkedNow) return `${what} was linked already; it is ${added.status}${scored}.`;
  switch (added.status) {
    case "accepted":
      return `${what} added and accepted${scored}.`;
    case "pending":
      return `${what} added; the evidence leaves it pending${scored}: accept or reject it below.`;
    default:
      return `${what} added, ${added.status}${scored}.`;
  }
}
