import type { FastifyInstance } from "fastify";
import { attentionFor } from "../../services/attention.ts";
import type { Services } from "../../services/context.ts";
import { thresholdsFrom } from "../../services/rescore.ts";
import { framed, HIDDEN, signedIn } from "../page-kit.ts";
import { homeBody } from "../views/home.ts";

/** GET /: what needs the reader's attention, by role. */
export function registerHomePage(pages: FastifyInstance, services: Services): void {
  const thresholds = thresholdsFrom(services.config);
  pages.get(
    "/",
    HIDDEN,
    signedIn(services, async (context) => {
      const attention = await attentionFor(services.db, context.actor, thresholds);
      return framed(context, "Home", homeBody(attention, context.actor.name));
    }),
  );
}
