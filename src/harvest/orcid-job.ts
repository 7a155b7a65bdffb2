import type { Db } from "../db/client.ts";
import type { Evidence } from "../identity/evidence.ts";
import type { Logger } from "../logging.ts";
import type { HarvestJobData } from "../queue/definitions.ts";
import { harvestOrcid, OrcidRecordUnavailableError, type OrcidClient } from "../sources/orcid/index.ts";
import { PermanentJobError } from "../errors.ts";
import type { HarvestQueues } from "../queue/queues.ts";
import { queueReconcile } from "../reconcile/queue-reconcile.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "../review/rescore.ts";
import { describe, startJob, withContext } from "./job-status.ts";
import { storeHarvest, type StoreCounts } from "./store-items.ts";

export interface OrcidHarvestDeps {
  db: Db;
  orcid: OrcidClient;
  logger: Logger;
  /** How works and fundings from the person's own record are linked (they asserted them). */
  linkStatus: "accepted" | "pending";
  /** How the person's links are scored once the new records are stored. */
  scoring: RescoreSettings;
  /** Where the person's ledger is asked to be rebuilt once the records are stored. */
  queues: Pick<HarvestQueues, "reconcile">;
  now?: () => Date;
}

/**
 * Harvests the faculty member's ORCID record: works and fundings become items linked to them;
 * other names and employers feed the names and affiliations used as PubMed evidence. A record
 * that cannot be read (no such iD, deactivated, locked) is marked on the faculty member.
 */
export async function harvestOrcidForFaculty(
  deps: OrcidHarvestDeps,
  jobId: string,
  data: HarvestJobData,
): Promise<StoreCounts> {
  const { db } = deps;
  const now = deps.now?.() ?? new Date();
  const faculty = await startJob(db, jobId, data, now);
  const orcid = faculty.orcid;
  if (!orcid)
    return storeHarvest(db, { jobId, runId: data.runId, facultyId: faculty.id, links: [], fetchedAt: now });

  const who = describe(faculty);
  let result;
  try {
    result = await withContext(who, () => harvestOrcid(deps.orcid, orcid));
  } catch (error) {
    if (error instanceof OrcidRecordUnavailableError) {
      await db.faculty.update({
        where: { id: faculty.id },
        data: { orcidStatus: error.reason, orcidStatusAt: now },
      });
      throw new PermanentJobError(`${error.message} (the faculty member's ORCID iD needs attention)`);
    }
    throw error;
  }

  await db.faculty.update({
    where: { id: faculty.id },
    data: {
      orcidNameVariants: result.nameVariants,
      orcidAffiliationTerms: result.affiliationTerms,
      orcidStatus: null,
      orcidStatusAt: now,
    },
  });
  const evidence: Evidence[] = [
    { kind: "orcid_record", weight: 100, reason: `listed on the person's own ORCID record (${orcid})` },
  ];
  const counts = await storeHarvest(db, {
    jobId,
    runId: data.runId,
    facultyId: faculty.id,
    fetchedAt: now,
    // New names, employers and works change the evidence on the person's PubMed and NIH links.
    afterLinks: (tx) => rescoreFacultyLinks(tx, faculty.id, deps.scoring),
    links: result.candidates.map((candidate) => ({
      // Put-codes are the record's own numbering: the iD makes them unique.
      candidate: { ...candidate, sourceId: `${orcid}/${candidate.sourceId}` },
      payload: candidate,
      status: deps.linkStatus,
      score: 100,
      evidence,
      ...(candidate.grant?.role ? { role: candidate.grant.role } : {}),
    })),
  });
  await queueReconcile(deps.queues.reconcile, faculty.id, jobId);
  deps.logger.debug({ ...counts, itemErrors: result.itemErrors.length }, "orcid harvest stored");
  return counts;
}
