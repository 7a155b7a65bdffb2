import { recordHarvestFailure } from "../src/harvest/job-status.ts";
import { harvestPubmedForFaculty } from "../src/harvest/pubmed-job.ts";
import { harvestJobSchema } from "../src/queue/definitions.ts";
import { defineWorker } from "../src/queue/worker-host.ts";
import type { Services } from "../src/services.ts";

export const pubmedWorker = (services: Services) =>
  defineWorker({
    queue: "pubmed",
    schema: harvestJobSchema,
    process: (data, { jobId, logger }) =>
      harvestPubmedForFaculty(
        { ...services, logger, queryScope: services.config.PUBMED_QUERY_SCOPE },
        jobId,
        data,
      ),
    onFailure: (data, { jobId }, error, final) =>
      recordHarvestFailure(services.db, jobId, data, error, final),
  });
