import { startHarvestRun } from "../src/harvest/runs.ts";
import { scheduledRunId } from "../src/harvest/schedule.ts";
import { scheduledHarvestSchema } from "../src/queue/definitions.ts";
import { defineWorker } from "../src/queue/worker-host.ts";
import type { Services } from "../src/services.ts";

export const scheduleWorker = (services: Services) =>
  defineWorker({
    queue: "schedule",
    schema: scheduledHarvestSchema,
    process: (data, { jobId }) =>
      startHarvestRun(services.db, services.queues.bySource, {
        sources: data.sources,
        ...(data.sinceYear ? { sinceYear: data.sinceYear } : {}),
        trigger: "schedule",
        runId: scheduledRunId(jobId),
      }),
  });
