import { isDeepStrictEqual } from "node:util";
import type { Db, Tx } from "../db/client.ts";
import {
  createItems,
  findItemsByIdentifiers,
  lockItemRows,
  reserveItemIds,
  updateItem,
  type ItemFields,
  type ItemIdentifiers,
} from "../db/repositories/items.ts";
import { createLinks, findLinks, linkStatuses, updateLink, type NewLink } from "../db/repositories/links.ts";
import { completeJob, type JobCounts } from "../db/repositories/runs.ts";
import {
  createRecords,
  findRecordStates,
  sourcesOfItems,
  updateRecord,
  type SourceRecordWrite,
  type StoredRecordKey,
} from "../db/repositories/source-records.ts";
import { inTransaction, isWriteConflict, lockKeys } from "../db/repositories/transaction.ts";
import { SYSTEM_DECIDER } from "../identity/evidence.ts";
import type { CandidateItem } from "../sources/candidate.ts";
import { recordSource, sourceRank } from "../sources/registry.ts";
import type { HarvestedRecord, RecordLink } from "../sources/source.ts";
import { payloadHash } from "./payload-hash.ts";
import { finishRunIfDone } from "./runs.ts";

export type StoreCounts = JobCounts;

export interface StoreRequest {
  jobId: string;
  runId: string;
  facultyId: string;
  /** The registry name of the source every record comes from. */
  source: string;
  records: readonly HarvestedRecord[];
  /** Records the source sent, when more than are stored (an answer repeating what is stored). */
  recordsFetched?: number;
  fetchedAt: Date;
  /**
   * Runs in the same transaction once the links are written: re-scoring the person's links, so that
   * the job's counts and every link's status reflect the new records together, or not at all.
   */
  afterLinks?: (tx: Tx) => Promise<unknown>;
  /** Runs in the same transaction just before the job is marked complete (what the next harvest starts from). */
  beforeComplete?: (tx: Tx) => Promise<unknown>;
  /**
   * Runs once the transaction committed, before the run is checked for completion: work queued
   * here (the person's ledger) is waiting by the time anyone sees the run finished.
   */
  afterCommit?: () => Promise<unknown>;
  /** Told when the transaction lost to a concurrent one (a deadlock, a write conflict) and is tried again. */
  onRetry?: (error: unknown, attempt: number) => void;
}

/** One record to store, read as a candidate by its source. */
interface LinkedRecord {
  candidate: CandidateItem;
  payload: unknown;
  link: RecordLink;
}

function sourceKey(candidate: StoredRecordKey): string {
  return `${candidate.source}\u0000${candidate.sourceId}`;
}

function itemFields(candidate: CandidateItem): ItemFields {
  return {
    kind: candidate.kind,
    title: candidate.title,
    year: candidate.year ?? null,
    venue: candidate.venue ?? null,
    publicationTypes: candidate.publicationTypes ?? [],
    sourceType: candidate.sourceType ?? null,
    details: candidate.grant,
  };
}

/** The same source record twice in one harvest is stored once (the last copy wins). */
function uniqueBySource(records: LinkedRecord[]): LinkedRecord[] {
  return [...new Map(records.map((record) => [sourceKey(record.candidate), record])).values()];
}

function identifierKeys(candidate: CandidateItem): string[] {
  return [
    `source:${candidate.source}:${candidate.sourceId}`,
    ...(candidate.pmid ? [`pmid:${candidate.pmid}`] : []),
    ...(candidate.doi ? [`doi:${candidate.doi}`] : []),
    ...(candidate.pmcid ? [`pmcid:${candidate.pmcid}`] : []),
  ];
}

interface ExistingState {
  /** Item of each stored source record, and the hash of what it said. */
  sourceItem: Map<string, { itemId: number; hash: string }>;
  byPmid: Map<string, number>;
  byDoi: Map<string, number>;
  byPmcid: Map<string, number>;
  /** The best-ranked source already stored for each item. */
  bestSourceRank: Map<number, number>;
}

async function loadExisting(tx: Tx, candidates: CandidateItem[]): Promise<ExistingState> {
  // One after the other: a transaction's statements share one connection.
  const sources = await findRecordStates(tx, candidates);
  const items = await findItemsByIdentifiers(tx, {
    pmids: candidates.flatMap((c) => (c.pmid ? [c.pmid] : [])),
    dois: candidates.flatMap((c) => (c.doi ? [c.doi] : [])),
    pmcids: candidates.flatMap((c) => (c.pmcid ? [c.pmcid] : [])),
  });
  const itemIds = [...new Set([...sources.map((s) => s.itemId), ...items.map((i) => i.id)])];
  const bestSourceRank = new Map<number, number>();
  for (const { itemId, source } of await sourcesOfItems(tx, itemIds)) {
    bestSourceRank.set(itemId, Math.min(bestSourceRank.get(itemId) ?? Infinity, sourceRank(source)));
  }
  return {
    sourceItem: new Map(sources.map((s) => [sourceKey(s), { itemId: s.itemId, hash: s.payloadHash }])),
    byPmid: new Map(items.flatMap((i) => (i.pmid ? [[i.pmid, i.id] as const] : []))),
    byDoi: new Map(items.flatMap((i) => (i.doi ? [[i.doi, i.id] as const] : []))),
    byPmcid: new Map(items.flatMap((i) => (i.pmcid ? [[i.pmcid, i.id] as const] : []))),
    bestSourceRank,
  };
}

function existingItemIds(existing: ExistingState): number[] {
  const ids = new Set<number>([
    ...existing.byPmid.values(),
    ...existing.byDoi.values(),
    ...existing.byPmcid.values(),
  ]);
  for (const { itemId } of existing.sourceItem.values()) ids.add(itemId);
  return [...ids].sort((a, b) => a - b);
}

/** The stored item a candidate is: its own source record's, else one with the same PMID, DOI or PMCID. */
function existingItemId(candidate: CandidateItem, existing: ExistingState): number | undefined {
  return (
    existing.sourceItem.get(sourceKey(candidate))?.itemId ??
    (candidate.pmid ? existing.byPmid.get(candidate.pmid) : undefined) ??
    (candidate.doi ? existing.byDoi.get(candidate.doi) : undefined) ??
    (candidate.pmcid ? existing.byPmcid.get(candidate.pmcid) : undefined)
  );
}

/**
 * Creates the items not stored yet, updates those whose source record changed (fields only from the
 * best-ranked source), and records every source record; returns the item of each candidate.
 */
async function upsertItems(
  tx: Tx,
  request: StoreRequest,
  records: LinkedRecord[],
  existing: ExistingState,
): Promise<{ itemIds: number[]; itemsNew: number; itemsUpdated: number }> {
  const claimed = {
    pmid: new Map(existing.byPmid),
    doi: new Map(existing.byDoi),
    pmcid: new Map(existing.byPmcid),
  };
  // An identifier another item already holds is left off (PubMed has a few duplicated DOIs).
  function identifiers(candidate: CandidateItem, itemId: number): ItemIdentifiers {
    const keep = (field: "pmid" | "doi" | "pmcid") => {
      const value = candidate[field];
      if (!value || (claimed[field].get(value) ?? itemId) !== itemId) return undefined;
      claimed[field].set(value, itemId);
      return value;
    };
    return { pmid: keep("pmid"), doi: keep("doi"), pmcid: keep("pmcid") };
  }

  // New items get ids from the sequence up front, so that they can be written in one statement.
  const fresh = records.filter((record) => existingItemId(record.candidate, existing) === undefined);
  const freshIds = await reserveItemIds(tx, fresh.length);
  const newItemOf = new Map(fresh.map((record, index) => [record, freshIds[index]!]));
  const newItems: Parameters<typeof createItems>[1][number][] = [];
  const itemIds: number[] = [];
  const newSources: Array<StoredRecordKey & SourceRecordWrite> = [];
  let itemsUpdated = 0;
  for (const record of records) {
    const { candidate } = record;
    const hash = payloadHash(record.payload);
    const known = existing.sourceItem.get(sourceKey(candidate));
    const newId = newItemOf.get(record);
    const itemId = newId ?? existingItemId(candidate, existing)!;
    if (newId !== undefined) {
      const ids = identifiers(candidate, newId);
      newItems.push({
        id: newId,
        ...itemFields(candidate),
        pmid: ids.pmid ?? null,
        doi: ids.doi ?? null,
        pmcid: ids.pmcid ?? null,
      });
    } else if (!known || known.hash !== hash) {
      const ids = identifiers(candidate, itemId);
      const leads = sourceRank(candidate.source) <= (existing.bestSourceRank.get(itemId) ?? Infinity);
      await updateItem(tx, itemId, {
        ...(leads ? itemFields(candidate) : {}),
        // Identifiers only ever get added here: a source that lacks one does not erase it.
        ...(ids.pmid ? { pmid: ids.pmid } : {}),
        ...(ids.doi ? { doi: ids.doi } : {}),
        ...(ids.pmcid ? { pmcid: ids.pmcid } : {}),
      });
      existing.bestSourceRank.set(
        itemId,
        Math.min(existing.bestSourceRank.get(itemId) ?? Infinity, sourceRank(candidate.source)),
      );
      if (known) itemsUpdated += 1;
    }
    itemIds.push(itemId);

    if (known?.hash === hash && known.itemId === itemId) continue;
    const row: SourceRecordWrite = {
      itemId,
      payload: record.payload,
      payloadHash: hash,
      fetchedAt: request.fetchedAt,
      harvestRunId: request.runId,
    };
    const key = { source: candidate.source, sourceId: candidate.sourceId };
    if (!known) newSources.push({ ...key, ...row });
    else await updateRecord(tx, key, row);
  }
  await createItems(tx, newItems);
  await createRecords(tx, newSources);
  return { itemIds, itemsNew: newItems.length, itemsUpdated };
}

/**
 * Writes the links between the faculty member and the items. A person's decision is never
 * changed by a harvest; an automatic one follows the newest evidence. Returns each link's status.
 */
async function upsertLinks(
  tx: Tx,
  request: StoreRequest,
  records: LinkedRecord[],
  itemIds: number[],
): Promise<string[]> {
  const linkByItem = new Map(
    (await findLinks(tx, request.facultyId, itemIds)).map((link) => [link.itemId, link]),
  );
  const creates: NewLink[] = [];
  const statuses: string[] = [];
  for (const [index, { link }] of records.entries()) {
    const itemId = itemIds[index]!;
    const key = { facultyId: request.facultyId, itemId };
    const fields = {
      score: link.score ?? null,
      evidence: link.evidence,
      authorPosition: link.authorPosition ?? null,
      authorIndex: link.authorIndex ?? null,
      equalContribution: link.equalContribution ?? false,
      role: link.role ?? null,
    };
    const existing = linkByItem.get(itemId);
    if (!existing) {
      if (creates.some((pending) => pending.itemId === itemId)) continue;
      creates.push({
        ...key,
        status: link.status,
        decidedBy: link.decidedBy ?? SYSTEM_DECIDER,
        decidedAt: request.fetchedAt,
        ...fields,
      });
      statuses.push(link.status);
      continue;
    }
    if (existing.decidedBy !== SYSTEM_DECIDER) {
      statuses.push(existing.status);
      continue;
    }
    if (link.decidedBy !== undefined) {
      // The person's own assertion settles what was only decided automatically.
      await updateLink(tx, key, {
        ...fields,
        status: link.status,
        decidedBy: link.decidedBy,
        decidedAt: request.fetchedAt,
      });
      statuses.push(link.status);
      continue;
    }
    // Two sources' records of one item: the stronger evidence decides, and an acceptance stays.
    const status = existing.status === "accepted" || link.status === "accepted" ? "accepted" : "pending";
    statuses.push(status);
    const same =
      existing.status === status &&
      existing.score === fields.score &&
      existing.authorPosition === fields.authorPosition &&
      existing.authorIndex === fields.authorIndex &&
      existing.equalContribution === fields.equalContribution &&
      existing.role === fields.role &&
      isDeepStrictEqual(existing.evidence, link.evidence);
    if (same) continue;
    await updateLink(tx, key, {
      ...fields,
      // A weaker source does not take away what a stronger one established.
      ...(existing.authorPosition && !fields.authorPosition
        ? { authorPosition: existing.authorPosition, authorIndex: existing.authorIndex }
        : {}),
      ...(existing.role && !fields.role ? { role: existing.role } : {}),
      ...(existing.status === status ? {} : { status, decidedAt: request.fetchedAt }),
    });
  }
  await createLinks(tx, creates);
  return statuses;
}

type WrittenItems = Awaited<ReturnType<typeof upsertItems>>;

/**
 * Writes the items and their source records. Their identifiers are locked only for this short
 * transaction, not while the person's links are re-scored: people named on the same new papers
 * then store one after another for a few statements, not for each other's whole job.
 */
async function storeItems(tx: Tx, request: StoreRequest, records: LinkedRecord[]): Promise<WrittenItems> {
  const candidates = records.map((record) => record.candidate);
  // Two jobs storing the same item (co-authors harvested at once) would both find it missing and
  // both create it: its identifiers are locked first, in one global order so no two jobs deadlock.
  await lockKeys(tx, [...new Set(candidates.flatMap(identifierKeys))]);
  const existing = await loadExisting(tx, candidates);
  // Then the rows of the items they found, also in one order (see lockItemRows).
  await lockItemRows(tx, existingItemIds(existing));
  return upsertItems(tx, request, records, existing);
}

/** Links the person to the stored items, re-scores, and completes the job: all of it, or none. */
async function storeLinksAndComplete(
  tx: Tx,
  request: StoreRequest,
  records: LinkedRecord[],
  items: WrittenItems | undefined,
): Promise<StoreCounts> {
  let counts: StoreCounts = {
    recordsFetched: request.recordsFetched ?? request.records.length,
    itemsNew: 0,
    itemsUpdated: 0,
    linksAccepted: 0,
    linksPending: 0,
  };
  if (items) {
    let statuses = await upsertLinks(tx, request, records, items.itemIds);
    if (request.afterLinks) {
      await request.afterLinks(tx);
      statuses = await linkStatuses(tx, request.facultyId, items.itemIds);
    }
    counts = {
      ...counts,
      itemsNew: items.itemsNew,
      itemsUpdated: items.itemsUpdated,
      linksAccepted: statuses.filter((status) => status === "accepted").length,
      linksPending: statuses.filter((status) => status === "pending").length,
    };
  } else if (request.afterLinks) {
    await request.afterLinks(tx);
  }
  await request.beforeComplete?.(tx);
  await completeJob(tx, request.jobId, counts, new Date());
  return counts;
}

/**
 * Stores one faculty member's harvest of one source in two transactions. The first writes the
 * items and their source records, which stand on their own: an item no one is linked to yet. The
 * second writes the person's links, re-scores them and completes the job together, so a worker
 * killed part-way leaves no link or job half-written, and the retried job finds the items stored
 * and links them. Each record is read as its source reads it (`toCandidate`); its payload is kept
 * as it came.
 */
export async function storeHarvest(db: Db, request: StoreRequest): Promise<StoreCounts> {
  const source = recordSource(request.source);
  const records = uniqueBySource(
    request.records.map(({ payload, link }) => ({
      candidate: source.toCandidate(payload),
      payload,
      link,
    })),
  );
  // Items written by an attempt whose links then lost to a concurrent job are stored already when
  // the next attempt looks: what each attempt wrote is added up.
  let written = { itemsNew: 0, itemsUpdated: 0 };
  for (let attempt = 1; ; attempt += 1) {
    try {
      let items: WrittenItems | undefined;
      if (records.length > 0) {
        items = await inTransaction(db, (tx) => storeItems(tx, request, records));
        written = {
          itemsNew: written.itemsNew + items.itemsNew,
          itemsUpdated: written.itemsUpdated + items.itemsUpdated,
        };
        items = { ...items, ...written };
      }
      const counts = await inTransaction(db, (tx) => storeLinksAndComplete(tx, request, records, items));
      await request.afterCommit?.();
      // The job is complete now, so its run may be too.
      await finishRunIfDone(db, request.runId);
      return counts;
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= 5) throw error;
      request.onRetry?.(error, attempt);
    }
  }
}
