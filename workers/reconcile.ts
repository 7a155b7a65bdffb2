import { reconcileFaculty } from "../src/reconcile/reconcile-faculty.ts";
import { reconcileJobSchema } from "../src/queue/definitions.ts";
import { defineWorker } from "../src/queue/worker-host.ts";
import type { Services } from "../src/services.ts";

export const reconcileWorker = (services: Services) =>
  defineWorker({
    queue: "reconcile",
    schema: reconcileJobSchema,
    process: (data) => reconcileFaculty(services.db, data.facultyId, services.rules),
  });
