import type { Db } from "../db/client.ts";
import type { AuthorMatch } from "../identity/match-author.ts";
import { pubmedToCandidate } from "../sources/pubmed/map.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { storeHarvest, type StoreCounts, type StoreRequest } from "./store-items.ts";

export interface MatchedRecord {
  record: PubmedArticleRecord;
  match: AuthorMatch;
}

export interface PubmedStoreRequest {
  jobId: string;
  runId: string;
  facultyId: string;
  records: MatchedRecord[];
  fetchedAt: Date;
  afterLinks?: StoreRequest["afterLinks"];
}

/** Stores one faculty member's PubMed harvest: the parsed record is what is kept of each article. */
export function storePubmedHarvest(db: Db, request: PubmedStoreRequest): Promise<StoreCounts> {
  return storeHarvest(db, {
    jobId: request.jobId,
    runId: request.runId,
    facultyId: request.facultyId,
    fetchedAt: request.fetchedAt,
    ...(request.afterLinks ? { afterLinks: request.afterLinks } : {}),
    links: request.records.map(({ record, match }) => ({
      candidate: pubmedToCandidate(record),
      payload: record,
      status: match.status,
      score: match.score,
      evidence: match.evidence,
      ...(match.authorPosition ? { authorPosition: match.authorPosition } : {}),
      ...(match.authorIndex !== undefined ? { authorIndex: match.authorIndex } : {}),
      equalContribution: match.equalContribution,
    })),
  });
}
