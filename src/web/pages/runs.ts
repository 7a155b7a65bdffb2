import type { FastifyInstance } from "fastify";
import type { Services } from "../../services/context.ts";
import { listFacultyFor } from "../../services/people.ts";
import { listRunsFor, retryRunFailuresAs, showRunFor, startHarvestRunAs } from "../../services/runs.ts";
import { harvestSchedulesFor } from "../../services/schedule.ts";
import { HARVEST_SOURCE_NAMES } from "../../sources/registry.ts";
import { UserError } from "../../errors.ts";
import { formValue, framed, HIDDEN, redirectWithMessage, signedIn } from "../page-kit.ts";
import { runBody, runsBody } from "../views/runs.ts";

const LATEST = 30;

/**
 * Harvest runs (admins; 404 for anyone else, as the services decide): GET /runs, GET /runs/:id,
 * POST /runs/harvest (`faculty` = one id, or `everyone` = yes), POST /runs/:id/retry.
 */
export function registerRunsPages(pages: FastifyInstance, services: Services): void {
  const csrf = pages.csrfProtection.bind(pages);

  pages.get(
    "/runs",
    HIDDEN,
    signedIn(services, async (context) => {
      const runs = await listRunsFor(services.db, context.actor, LATEST);
      const [schedules, people] = await Promise.all([
        harvestSchedulesFor(services.queues.schedule, context.actor),
        listFacultyFor(services.db, context.actor),
      ]);
      return framed(
        context,
        "Harvest runs",
        runsBody({
          runs,
          schedules,
          people: people.map((person) => ({ id: person.id, name: person.name })),
          sources: HARVEST_SOURCE_NAMES,
          csrfToken: context.reply.generateCsrf(),
        }),
      );
    }),
  );

  pages.get(
    "/runs/:id",
    HIDDEN,
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const { run, failures } = await showRunFor(services.db, context.actor, id);
      return framed(context, `Run ${run.id}`, runBody(run, failures, context.reply.generateCsrf()));
    }),
  );

  pages.post(
    "/runs/harvest",
    { ...HIDDEN, preValidation: csrf },
    signedIn(services, async (context) => {
      const everyone = formValue(context.request.body, "everyone") === "yes";
      const faculty = formValue(context.request.body, "faculty")?.trim();
      if (!everyone && !faculty) throw new UserError("Give a faculty id, or harvest everyone");
      const started = await startHarvestRunAs(services, context.actor, {
        ...(everyone ? {} : { facultyIds: [faculty!] }),
        sources: [...HARVEST_SOURCE_NAMES],
        trigger: "manual",
      });
      return redirectWithMessage(
        context,
        `/runs/${encodeURIComponent(started.runId)}`,
        started.joined
          ? `A run harvesting the same was already going: this is it.`
          : `Harvest started for ${started.facultyCount} ${started.facultyCount === 1 ? "person" : "people"}.`,
      );
    }),
  );

  pages.post(
    "/runs/:id/retry",
    { ...HIDDEN, preValidation: csrf },
    signedIn(services, async (context) => {
      const { id } = context.request.params as { id: string };
      const started = await retryRunFailuresAs(services, context.actor, id);
      const first = started[0]!;
      return redirectWithMessage(
        context,
        started.length === 1 ? `/runs/${encodeURIComponent(first.runId)}` : "/runs",
        `Failed jobs of ${id} queued again in ${started.map((run) => run.runId).join(", ")}.`,
      );
    }),
  );
}
