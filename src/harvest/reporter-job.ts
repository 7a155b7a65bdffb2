import type { Db } from "../db/client.ts";
import type { Evidence } from "../identity/evidence.ts";
import type { Logger } from "../logging.ts";
import type { HarvestJobData } from "../queue/definitions.ts";
import type { ReporterClient } from "../sources/reporter/client.ts";
import { harvestReporter } from "../sources/reporter/index.ts";
import type { HarvestQueues } from "../queue/queues.ts";
import { queueReconcile } from "../reconcile/queue-reconcile.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "../review/rescore.ts";
import { describe, startJob, withContext } from "./job-status.ts";
import { storeHarvest, type StoreCounts } from "./store-items.ts";

export interface ReporterHarvestDeps {
  db: Db;
  reporter: ReporterClient;
  logger: Logger;
  /** How the person's links are scored once the new records are stored. */
  scoring: RescoreSettings;
  /** Where the person's ledger is asked to be rebuilt once the records are stored. */
  queues: Pick<HarvestQueues, "reconcile">;
  now?: () => Date;
}

/**
 * Harvests the faculty member's NIH grants: by their confirmed RePORTER profile id (accepted), else
 * by name within their institution's organisation names (pending, with the evidence).
 */
export async function harvestReporterForFaculty(
  deps: ReporterHarvestDeps,
  jobId: string,
  data: HarvestJobData,
): Promise<StoreCounts> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const faculty = await startJob(db, jobId, data, now);
  const organizationNames = [...new Set([...faculty.affiliationTerms, ...faculty.orcidAffiliationTerms])];
  const store = (links: Parameters<typeof storeHarvest>[1]["links"]) =>
    storeHarvest(db, {
      jobId,
      runId: data.runId,
      facultyId: faculty.id,
      links,
      fetchedAt: now,
      afterLinks: (tx) => rescoreFacultyLinks(tx, faculty.id, deps.scoring),
    });
  // A name alone would bring in every namesake NIH ever funded.
  if (faculty.reporterProfileId === null && organizationNames.length === 0) {
    deps.logger.info("no RePORTER profile id and no affiliation terms: nothing to search by");
    return store([]);
  }

  const result = await withContext(describe(faculty), () =>
    harvestReporter(
      deps.reporter,
      {
        firstName: faculty.firstName,
        lastName: faculty.lastName,
        ...(faculty.middleName ? { middleName: faculty.middleName } : {}),
        ...(faculty.reporterProfileId !== null ? { profileId: faculty.reporterProfileId } : {}),
        organizationNames,
      },
      {
        ...(data.sinceYear ? { fromYear: data.sinceYear } : {}),
        ...(data.untilYear ? { toYear: data.untilYear } : {}),
        now: () => now,
      },
    ),
  );
  const counts = await store(
    result.candidates.map((candidate, index) => {
      const match = result.matches[index]!;
      const byProfile = match.evidence?.kind === "profile_id";
      const evidence: Evidence[] = match.evidence
        ? [
            {
              kind: byProfile ? "reporter_profile_id" : "reporter_name",
              weight: byProfile ? 100 : 40,
              reason: match.evidence.reason,
              ...(match.evidence.profileId === undefined
                ? {}
                : { reporterProfileId: match.evidence.profileId }),
            },
          ]
        : [];
      // The grant as RePORTER describes it, the same for every PI who harvests it: the person's role
      // and how they were matched go on their link, not on the shared item and source record.
      const { role: _role, ...grant } = candidate.grant ?? {};
      const shared = candidate.grant ? { ...candidate, grant } : candidate;
      return {
        candidate: shared,
        payload: shared,
        status: byProfile ? ("accepted" as const) : ("pending" as const),
        score: byProfile ? 100 : 40,
        evidence,
        ...(match.role ? { role: match.role } : {}),
      };
    }),
  );
  await queueReconcile(deps.queues.reconcile, faculty.id, jobId);
  return counts;
}
