import type { Db } from "../db/client.ts";
import { matchFacultyAuthor } from "../identity/match-author.ts";
import type { Logger } from "../logging.ts";
import type { HarvestJobData } from "../queue/definitions.ts";
import type { PubmedClient } from "../sources/pubmed/client.ts";
import { parsePubmedXml, PubmedParseError } from "../sources/pubmed/parse.ts";
import { distinctiveTerms } from "../identity/terms.ts";
import { buildAuthorQuery, DEFAULT_QUERY_SCOPE, type QueryScope } from "../sources/pubmed/query.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import type { HarvestQueues } from "../queue/queues.ts";
import { queueReconcile } from "../reconcile/queue-reconcile.ts";
import { rescoreFacultyLinks, type RescoreSettings } from "../review/rescore.ts";
import { PermanentJobError } from "../errors.ts";
import { describe, startJob, withContext } from "./job-status.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import type { StoreCounts } from "./store-items.ts";
import { storePubmedHarvest } from "./store-pubmed.ts";

export interface PubmedHarvestDeps {
  db: Db;
  pubmed: PubmedClient;
  logger: Logger;
  /** Parses one EFetch batch; a worker-thread pool can stand in for the plain parser. */
  parse?: (xml: string) => PubmedArticleRecord[] | Promise<PubmedArticleRecord[]>;
  /** How the person's links are scored once the new records are stored. */
  scoring: RescoreSettings;
  /** Where the person's ledger is asked to be rebuilt once the records are stored. */
  queues: Pick<HarvestQueues, "reconcile">;
  /** broad (default): names alone find candidates, scoring decides; affiliation: names with affiliation terms. */
  queryScope?: QueryScope;
  now?: () => Date;
}

// Publication dates before this year are not in PubMed in any number worth a query.
const EARLIEST_YEAR = 1900;

/** Harvests PubMed for one faculty member within one run: search, fetch, parse, match, store. */
export async function harvestPubmedForFaculty(
  deps: PubmedHarvestDeps,
  jobId: string,
  data: HarvestJobData,
): Promise<StoreCounts> {
  const { db, pubmed, logger } = deps;
  const now = deps.now?.() ?? new Date();
  const faculty = await startJob(db, jobId, data, now);

  const who = describe(faculty);
  // The ORCID record's other names and employers widen both the search and the evidence.
  const identity = {
    ...faculty,
    nameVariants: [...new Set([...faculty.nameVariants, ...faculty.orcidNameVariants])],
    // Department names alone ("Department of Medicine") match nearly every affiliation: left out.
    affiliationTerms: distinctiveTerms([...faculty.affiliationTerms, ...faculty.orcidAffiliationTerms]),
  };
  const query = buildAuthorQuery(identity, { scope: deps.queryScope ?? DEFAULT_QUERY_SCOPE });
  const range = {
    from: { year: data.sinceYear ?? EARLIEST_YEAR, month: 1, day: 1 },
    to: { year: data.untilYear ?? now.getUTCFullYear() + 1, month: 12, day: 31 },
  };
  const pmids = await withContext(who, () => pubmed.searchAllIds(query, range));

  // People's rejections stand: a rejected item is not fetched or linked again.
  const rejected = await db.facultyItem.findMany({
    where: {
      facultyId: faculty.id,
      status: "rejected",
      decidedBy: { not: SYSTEM_DECIDER },
      item: { pmid: { in: pmids } },
    },
    select: { item: { select: { pmid: true } } },
  });
  const rejectedPmids = new Set(rejected.map((link) => link.item.pmid));
  const wanted = pmids.filter((pmid) => !rejectedPmids.has(pmid));

  const parse = deps.parse ?? parsePubmedXml;
  const records: PubmedArticleRecord[] = [];
  await withContext(who, async () => {
    for await (const batch of pubmed.efetch(wanted)) {
      try {
        records.push(...(await parse(batch.xml)));
      } catch (error) {
        if (error instanceof PubmedParseError) {
          throw new PermanentJobError(
            `EFetch of ${batch.pmids.length} PMIDs (${batch.pmids.slice(0, 3).join(", ")}${batch.pmids.length > 3 ? ", ..." : ""}) returned XML that cannot be read: ${error.message}`,
          );
        }
        throw error;
      }
    }
  });

  const matched = records.map((record) => ({ record, match: matchFacultyAuthor(identity, record) }));
  const counts = await storePubmedHarvest(db, {
    jobId,
    runId: data.runId,
    facultyId: faculty.id,
    records: matched,
    fetchedAt: now,
    afterLinks: (tx) => rescoreFacultyLinks(tx, faculty.id, deps.scoring),
  });
  await queueReconcile(deps.queues.reconcile, faculty.id, jobId);
  logger.debug(
    { ...counts, searched: pmids.length, skippedRejected: rejectedPmids.size },
    "pubmed harvest stored",
  );
  return counts;
}
