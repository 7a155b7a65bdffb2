import { recordHarvestFailure } from "../src/harvest/job-status.ts";
import { harvestReporterForFaculty } from "../src/harvest/reporter-job.ts";
import { harvestJobSchema } from "../src/queue/definitions.ts";
import { defineWorker } from "../src/queue/worker-host.ts";
import type { Services } from "../src/services.ts";

export const reporterWorker = (services: Services) =>
  defineWorker({
    queue: "reporter",
    schema: harvestJobSchema,
    process: (data, { jobId, logger }) => harvestReporterForFaculty({ ...services, logger }, jobId, data),
    onFailure: (data, { jobId }, error, final) =>
      recordHarvestFailure(services.db, jobId, data, error, final),
  });
