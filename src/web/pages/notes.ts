import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/context.ts";
import { addMentorNote, notesPageFor } from "../../services/notes.ts";
import { formValue, framed, HIDDEN, redirectWithMessage, signedIn } from "../page-kit.ts";
import { notesBody, notesHref } from "../views/notes.ts";

/**
 * GET /faculty/:id/notes: a mentor's own notes on a mentee (admins read everyone's);
 * POST adds one (field `body`). The service decides who may: anyone else gets 404.
 */
export function registerNotesPages(pages: FastifyInstance, services: Services): void {
  pages.get(
    "/faculty/:id/notes",
    HIDDEN,
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const page = await notesPageFor(services.db, context.actor, id);
      return framed(context, `Notes on ${page.name}`, notesBody(page, context.reply.generateCsrf()));
    }),
  );

  pages.post(
    "/faculty/:id/notes",
    { ...HIDDEN, preValidation: pages.csrfProtection.bind(pages) },
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const note = await addMentorNote(
        services.db,
        context.actor,
        id,
        formValue(context.request.body, "body") ?? "",
      );
      return redirectWithMessage(context, `${notesHref(id)}#note-${note.id}`, "Note saved.");
    }),
  );
}
