import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import type { AuthorMatch } from "../identity/match-author.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";

export interface MatchedRecord {
  record: PubmedArticleRecord;
  match: AuthorMatch;
}

export interface StoreCounts {
  recordsFetched: number;
  itemsNew: number;
  itemsUpdated: number;
  linksAccepted: number;
  linksPending: number;
}

export interface StoreRequest {
  jobId: string;
  runId: string;
  facultyId: string;
  records: MatchedRecord[];
  fetchedAt: Date;
}

/** Who an automatic decision is recorded as; anything else is a person. */
export const SYSTEM_DECIDER = "system";

type Tx = Prisma.TransactionClient;

export function recordHash(record: PubmedArticleRecord): string {
  return createHash("sha256").update(JSON.stringify(record)).digest("hex");
}

function itemFields(record: PubmedArticleRecord) {
  return {
    kind: "publication" as const,
    title: record.title,
    year: record.publicationDate?.year ?? record.electronicDate?.year ?? null,
    venue: record.journal ?? null,
    publicationTypes: record.publicationTypes,
  };
}

/** The same PMID twice in one harvest is stored once (the last copy wins). */
function uniqueByPmid(records: MatchedRecord[]): MatchedRecord[] {
  return [...new Map(records.map((entry) => [entry.record.pmid, entry])).values()];
}

/**
 * Two jobs storing the same paper (co-authors harvested at once) would both find it missing and
 * both create it. Locking its identifiers first, in one global order so that no two jobs can
 * deadlock, makes the second job wait for the first and then find the item.
 */
async function lockIdentifiers(tx: Tx, records: PubmedArticleRecord[]): Promise<void> {
  const keys = [
    ...new Set(
      records.flatMap((record) => [
        `pmid:${record.pmid}`,
        ...(record.doi ? [`doi:${record.doi.toLowerCase()}`] : []),
      ]),
    ),
  ];
  if (keys.length === 0) return;
  await tx.$queryRaw`
    SELECT count(pg_advisory_xact_lock(lock_key))::int AS locked
    FROM (SELECT hashtextextended(key, 7) AS lock_key FROM unnest(${keys}::text[]) AS key ORDER BY 1) AS ordered`;
}

interface ExistingState {
  itemIdByPmid: Map<string, number>;
  /** Items holding a DOI or PMCID, to keep identifiers unique (PubMed has a few duplicated DOIs). */
  doiHolder: Map<string, { id: number; pmid: string | null }>;
  pmcidHolder: Map<string, number>;
  hashByPmid: Map<string, string>;
}

async function loadExisting(tx: Tx, records: PubmedArticleRecord[]): Promise<ExistingState> {
  const pmids = records.map((record) => record.pmid);
  const dois = records.flatMap((record) => (record.doi ? [record.doi.toLowerCase()] : []));
  const pmcids = records.flatMap((record) => (record.pmcid ? [record.pmcid] : []));
  const [byPmid, byDoi, byPmcid, sources] = await Promise.all([
    tx.item.findMany({ where: { pmid: { in: pmids } }, select: { id: true, pmid: true } }),
    dois.length
      ? tx.item.findMany({ where: { doi: { in: dois } }, select: { id: true, pmid: true, doi: true } })
      : [],
    pmcids.length
      ? tx.item.findMany({ where: { pmcid: { in: pmcids } }, select: { id: true, pmcid: true } })
      : [],
    tx.sourceRecord.findMany({
      where: { source: "pubmed", sourceId: { in: pmids } },
      select: { sourceId: true, payloadHash: true },
    }),
  ]);
  return {
    itemIdByPmid: new Map(byPmid.map((item) => [item.pmid!, item.id])),
    doiHolder: new Map(byDoi.map((item) => [item.doi!, { id: item.id, pmid: item.pmid }])),
    pmcidHolder: new Map(byPmcid.map((item) => [item.pmcid!, item.id])),
    hashByPmid: new Map(sources.map((source) => [source.sourceId, source.payloadHash])),
  };
}

/**
 * Creates the items not stored yet and updates those whose PubMed record changed; returns the
 * item id of every PMID and how many were new or updated.
 */
async function upsertItems(
  tx: Tx,
  request: StoreRequest,
  records: PubmedArticleRecord[],
  existing: ExistingState,
): Promise<{ itemIdByPmid: Map<string, number>; itemsNew: number; itemsUpdated: number }> {
  const itemIdByPmid = new Map(existing.itemIdByPmid);
  // An item first known by its DOI alone (from another source) gains the PMID.
  for (const record of records) {
    const holder = record.doi ? existing.doiHolder.get(record.doi.toLowerCase()) : undefined;
    if (!itemIdByPmid.has(record.pmid) && holder && holder.pmid === null)
      itemIdByPmid.set(record.pmid, holder.id);
  }
  const claimedDois = new Map([...existing.doiHolder].map(([doi, holder]) => [doi, holder.id]));
  const claimedPmcids = new Map(existing.pmcidHolder);
  function identifiers(record: PubmedArticleRecord, itemId: number) {
    const doi = record.doi?.toLowerCase();
    const pmcid = record.pmcid;
    const keptDoi = doi !== undefined && (claimedDois.get(doi) ?? itemId) === itemId ? doi : null;
    const keptPmcid = pmcid !== undefined && (claimedPmcids.get(pmcid) ?? itemId) === itemId ? pmcid : null;
    if (keptDoi) claimedDois.set(keptDoi, itemId);
    if (keptPmcid) claimedPmcids.set(keptPmcid, itemId);
    return { pmid: record.pmid, doi: keptDoi, pmcid: keptPmcid };
  }

  const changed = records.filter((record) => existing.hashByPmid.get(record.pmid) !== recordHash(record));
  const toCreate = changed.filter((record) => !itemIdByPmid.has(record.pmid));
  const toUpdate = changed.filter((record) => itemIdByPmid.has(record.pmid));

  for (const record of toUpdate) {
    const id = itemIdByPmid.get(record.pmid)!;
    await tx.item.update({ where: { id }, data: { ...itemFields(record), ...identifiers(record, id) } });
  }
  if (toCreate.length > 0) {
    // A placeholder id (-1) means "this new item": it may claim identifiers no one holds yet.
    const rows = toCreate.map((record) => {
      const ids = identifiers(record, -1 - toCreate.indexOf(record));
      return { ...itemFields(record), ...ids };
    });
    const created = await tx.item.createManyAndReturn({ data: rows, select: { id: true, pmid: true } });
    for (const item of created) itemIdByPmid.set(item.pmid!, item.id);
  }

  const sourceRows = changed.map((record) => ({
    source: "pubmed",
    sourceId: record.pmid,
    itemId: itemIdByPmid.get(record.pmid)!,
    payload: record as unknown as Prisma.InputJsonValue,
    payloadHash: recordHash(record),
    fetchedAt: request.fetchedAt,
    harvestRunId: request.runId,
  }));
  const newSources = sourceRows.filter((row) => !existing.hashByPmid.has(row.sourceId));
  if (newSources.length > 0) await tx.sourceRecord.createMany({ data: newSources });
  for (const row of sourceRows.filter((candidate) => existing.hashByPmid.has(candidate.sourceId))) {
    await tx.sourceRecord.update({
      where: { source_sourceId: { source: "pubmed", sourceId: row.sourceId } },
      data: row,
    });
  }
  return { itemIdByPmid, itemsNew: toCreate.length, itemsUpdated: toUpdate.length };
}

/**
 * Writes the links between the faculty member and the items. A person's decision is never
 * changed by a harvest; an automatic one follows the newest evidence. Returns each link's status.
 */
async function upsertLinks(
  tx: Tx,
  request: StoreRequest,
  entries: MatchedRecord[],
  itemIdByPmid: Map<string, number>,
): Promise<string[]> {
  const itemIds = entries.map((entry) => itemIdByPmid.get(entry.record.pmid)!);
  const existingLinks = await tx.facultyItem.findMany({
    where: { facultyId: request.facultyId, itemId: { in: itemIds } },
    select: {
      itemId: true,
      status: true,
      decidedBy: true,
      score: true,
      evidence: true,
      authorPosition: true,
      authorIndex: true,
      equalContribution: true,
    },
  });
  const linkByItem = new Map(existingLinks.map((link) => [link.itemId, link]));
  const creates: Prisma.FacultyItemCreateManyInput[] = [];
  const statuses: string[] = [];
  for (const [index, { match }] of entries.entries()) {
    const itemId = itemIds[index]!;
    const fields = {
      score: match.score,
      evidence: match.evidence as unknown as Prisma.InputJsonValue,
      authorPosition: match.authorPosition ?? null,
      authorIndex: match.authorIndex ?? null,
      equalContribution: match.equalContribution,
    };
    const existing = linkByItem.get(itemId);
    if (!existing) {
      creates.push({
        facultyId: request.facultyId,
        itemId,
        status: match.status,
        decidedBy: SYSTEM_DECIDER,
        decidedAt: request.fetchedAt,
        ...fields,
      });
      statuses.push(match.status);
      continue;
    }
    if (existing.decidedBy !== SYSTEM_DECIDER) {
      statuses.push(existing.status);
      continue;
    }
    statuses.push(match.status);
    const same =
      existing.status === match.status &&
      existing.score === fields.score &&
      existing.authorPosition === fields.authorPosition &&
      existing.authorIndex === fields.authorIndex &&
      existing.equalContribution === fields.equalContribution &&
      isDeepStrictEqual(existing.evidence, match.evidence);
    if (same) continue;
    await tx.facultyItem.update({
      where: { facultyId_itemId: { facultyId: request.facultyId, itemId } },
      data:
        existing.status === match.status
          ? fields
          : { ...fields, status: match.status, decidedAt: request.fetchedAt },
    });
  }
  if (creates.length > 0) await tx.facultyItem.createMany({ data: creates });
  return statuses;
}

async function storeInTransaction(tx: Tx, request: StoreRequest): Promise<StoreCounts> {
  const entries = uniqueByPmid(request.records);
  const records = entries.map((entry) => entry.record);
  let counts: StoreCounts = {
    recordsFetched: request.records.length,
    itemsNew: 0,
    itemsUpdated: 0,
    linksAccepted: 0,
    linksPending: 0,
  };
  if (entries.length > 0) {
    await lockIdentifiers(tx, records);
    const existing = await loadExisting(tx, records);
    const items = await upsertItems(tx, request, records, existing);
    const statuses = await upsertLinks(tx, request, entries, items.itemIdByPmid);
    counts = {
      ...counts,
      itemsNew: items.itemsNew,
      itemsUpdated: items.itemsUpdated,
      linksAccepted: statuses.filter((status) => status === "accepted").length,
      linksPending: statuses.filter((status) => status === "pending").length,
    };
  }
  await tx.harvestJob.update({
    where: { id: request.jobId },
    data: { status: "completed", ...counts, error: null, finishedAt: new Date() },
  });
  return counts;
}

function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // P2002: an identifier was taken by a job we could not lock against; P2034: write conflict or deadlock.
  return code === "P2002" || code === "P2034";
}

/**
 * Stores one faculty member's harvest in ONE transaction, together with the job's completion,
 * so a worker killed part-way leaves nothing half-written and the retried job starts clean.
 */
export async function storePubmedHarvest(db: Db, request: StoreRequest): Promise<StoreCounts> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await db.$transaction((tx) => storeInTransaction(tx, request), {
        timeout: 120_000,
        maxWait: 30_000,
      });
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= 5) throw error;
    }
  }
}
