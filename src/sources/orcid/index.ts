import type { CandidateItem } from "../../reconcile/candidate.ts";
import { canonicalOrcid, type OrcidClient, type OrcidRawResponse } from "./client.ts";
import {
  employmentsToAffiliationTerms,
  fundingsToCandidates,
  otherNamesToVariants,
  rankVersions,
  workGroupToCandidate,
  worksToCandidates,
} from "./map.ts";
import type { OrcidBulkError, OrcidFunding, OrcidWorkGroup } from "./types.ts";

export * from "./client.ts";
export * from "./map.ts";
export * from "./parse.ts";
export type * from "./types.ts";

export interface OrcidHarvestOptions {
  /**
   * Which works to read in full for their contributors (hence the faculty member's author
   * position), which work summaries never carry. true: every group; false: none. Default: only
   * groups that lack a DOI or a PMID. A work with both is in PubMed, whose author list gives the
   * position, and its DOI and PMID tie the two records together surely in reconciliation; any
   * other work may never meet a PubMed record, so its position can only come from ORCID's
   * contributors. A bulk read takes 100 works, so even `true` costs one request per 100 works;
   * the default mostly spares reading long author lists twice.
   */
  fullWorks?: boolean;
  /**
   * Read each fundings group's full item (default true): the summaries have neither the amount nor
   * the contributor roles, and the role is what makes a grant count as PI or co-investigator.
   */
  fundingDetails?: boolean;
}

export interface OrcidHarvestResult {
  /** Works (one per group) then fundings (one per group). */
  candidates: CandidateItem[];
  /** "Last, Given" forms of the record's names, for author matching. */
  nameVariants: string[];
  /** Employers and departments, for affiliation evidence. */
  affiliationTerms: string[];
  /** Every response as ORCID sent it, in request order, so classification can be re-run offline. */
  raw: OrcidRawResponse[];
  /** Works a bulk read could not return; their candidates come from the summaries alone. */
  itemErrors: OrcidBulkError[];
}

/**
 * One person's ORCID record, read in full: works summaries, the full works needed for author
 * position, fundings with their details, names, employments. Throws OrcidRecordUnavailableError
 * (before any request for a malformed iD) when the record cannot be read.
 */
export async function harvestOrcid(
  client: OrcidClient,
  orcid: string,
  options: OrcidHarvestOptions = {},
): Promise<OrcidHarvestResult> {
  const id = canonicalOrcid(orcid);
  const raw: OrcidRawResponse[] = [];
  const recording = client.recording(raw);

  const workGroups = await recording.works(id);
  const wanted = workGroups
    .filter((group) => group.summaries.length > 0 && needsFullWork(group, id, options.fullWorks))
    .map((group) => rankVersions(group.summaries, id)[0]!.putCode);
  const bulk = wanted.length > 0 ? await recording.worksBulk(id, wanted) : { works: [], errors: [] };
  const fullWorks = new Map(bulk.works.map((work) => [work.putCode, work]));

  const fundingGroups = await recording.fundings(id);
  const details = new Map<number, OrcidFunding>();
  if (options.fundingDetails !== false) {
    for (const group of fundingGroups) {
      const preferred = rankVersions(group.summaries, id)[0];
      if (preferred) details.set(preferred.putCode, await recording.funding(id, preferred.putCode));
    }
  }

  const person = await recording.person(id);
  const employments = await recording.employments(id);

  return {
    candidates: [
      ...worksToCandidates(workGroups, { orcid: id, fullWorks }),
      ...fundingsToCandidates(fundingGroups, { orcid: id, details }),
    ],
    nameVariants: otherNamesToVariants(person),
    affiliationTerms: employmentsToAffiliationTerms(employments),
    raw,
    itemErrors: bulk.errors,
  };
}

function needsFullWork(group: OrcidWorkGroup, orcid: string, fullWorks: boolean | undefined): boolean {
  if (fullWorks !== undefined) return fullWorks;
  const candidate = workGroupToCandidate(group, { orcid });
  return candidate.doi === undefined || candidate.pmid === undefined;
}
