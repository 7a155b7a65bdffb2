import { recordHarvestFailure } from "../src/harvest/job-status.ts";
import { harvestOrcidForFaculty } from "../src/harvest/orcid-job.ts";
import { harvestJobSchema } from "../src/queue/definitions.ts";
import { defineWorker } from "../src/queue/worker-host.ts";
import type { Services } from "../src/services.ts";

export const orcidWorker = (services: Services) =>
  defineWorker({
    queue: "orcid",
    schema: harvestJobSchema,
    process: (data, { jobId, logger }) =>
      harvestOrcidForFaculty(
        { ...services, logger, linkStatus: services.config.ORCID_LINK_STATUS },
        jobId,
        data,
      ),
    onFailure: (data, { jobId }, error, final) =>
      recordHarvestFailure(services.db, jobId, data, error, final),
  });
