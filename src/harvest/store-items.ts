import { createHash } from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import type { Db } from "../db/client.ts";
import type { Prisma } from "../generated/prisma/client.ts";
import { SYSTEM_DECIDER, type Evidence } from "../identity/evidence.ts";
import type { CandidateItem } from "../sources/candidate.ts";
import { finishRunIfDone } from "./runs.ts";

/** One source record to store and link to the faculty member, with why it is linked. */
export interface LinkedCandidate {
  candidate: CandidateItem;
  /** What is kept of the source record so that classification can be re-run offline. */
  payload: unknown;
  status: "accepted" | "pending";
  score: number;
  evidence: Evidence[];
  authorPosition?: string;
  authorIndex?: number;
  equalContribution?: boolean;
  /** The person's role on a grant. */
  role?: string;
  /**
   * Set when the link is the person's own assertion (a CV row): it is recorded as decided by them,
   * so scoring never changes it. Absent for what a harvest found (decided automatically).
   */
  decidedBy?: string;
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
  links: LinkedCandidate[];
  fetchedAt: Date;
  /**
   * Runs in the same transaction once the links are written: re-scoring the person's links, so that
   * the job's counts and every link's status reflect the new records together, or not at all.
   */
  afterLinks?: (tx: Prisma.TransactionClient) => Promise<unknown>;
}

// PubMed is the reference for bibliographic fields; the others fill what it lacks.
const SOURCE_PRECEDENCE = ["pubmed", "reporter", "orcid", "cv"];

type Tx = Prisma.TransactionClient;

export function payloadHash(payload: unknown): string {
  return createHash("sha256").update(JSON.stringify(payload)).digest("hex");
}

function rank(source: string): number {
  const index = SOURCE_PRECEDENCE.indexOf(source);
  return index < 0 ? SOURCE_PRECEDENCE.length : index;
}

function sourceKey(candidate: CandidateItem): string {
  return `${candidate.source}\u0000${candidate.sourceId}`;
}

function itemFields(candidate: CandidateItem) {
  return {
    kind: candidate.kind,
    title: candidate.title,
    year: candidate.year ?? null,
    venue: candidate.venue ?? null,
    publicationTypes: candidate.publicationTypes ?? [],
    sourceType: candidate.sourceType ?? null,
    details: candidate.grant ? (candidate.grant as unknown as Prisma.InputJsonValue) : undefined,
  };
}

/** The same source record twice in one harvest is stored once (the last copy wins). */
function uniqueBySource(links: LinkedCandidate[]): LinkedCandidate[] {
  return [...new Map(links.map((link) => [sourceKey(link.candidate), link])).values()];
}

function identifierKeys(candidate: CandidateItem): string[] {
  return [
    `source:${candidate.source}:${candidate.sourceId}`,
    ...(candidate.pmid ? [`pmid:${candidate.pmid}`] : []),
    ...(candidate.doi ? [`doi:${candidate.doi}`] : []),
    ...(candidate.pmcid ? [`pmcid:${candidate.pmcid}`] : []),
  ];
}

/**
 * Two jobs storing the same item (co-authors harvested at once) would both find it missing and
 * both create it. Locking its identifiers first, in one global order so that no two jobs can
 * deadlock, makes the second job wait for the first and then find the item.
 */
async function lockIdentifiers(tx: Tx, candidates: CandidateItem[]): Promise<void> {
  const keys = [...new Set(candidates.flatMap(identifierKeys))];
  if (keys.length === 0) return;
  await tx.$queryRaw`
    SELECT count(pg_advisory_xact_lock(lock_key))::int AS locked
    FROM (SELECT hashtextextended(key, 7) AS lock_key FROM unnest(${keys}::text[]) AS key ORDER BY 1) AS ordered`;
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
  const pmids = candidates.flatMap((c) => (c.pmid ? [c.pmid] : []));
  const dois = candidates.flatMap((c) => (c.doi ? [c.doi] : []));
  const pmcids = candidates.flatMap((c) => (c.pmcid ? [c.pmcid] : []));
  const bySource = new Map<string, string[]>();
  for (const candidate of candidates) {
    bySource.set(candidate.source, [...(bySource.get(candidate.source) ?? []), candidate.sourceId]);
  }
  const [sources, items] = await Promise.all([
    tx.sourceRecord.findMany({
      where: { OR: [...bySource].map(([source, ids]) => ({ source, sourceId: { in: ids } })) },
      select: { source: true, sourceId: true, itemId: true, payloadHash: true },
    }),
    pmids.length + dois.length + pmcids.length > 0
      ? tx.item.findMany({
          where: { OR: [{ pmid: { in: pmids } }, { doi: { in: dois } }, { pmcid: { in: pmcids } }] },
          select: { id: true, pmid: true, doi: true, pmcid: true },
        })
      : [],
  ]);
  const itemIds = [...new Set([...sources.map((s) => s.itemId), ...items.map((i) => i.id)])];
  const itemSources = itemIds.length
    ? await tx.sourceRecord.findMany({
        where: { itemId: { in: itemIds } },
        select: { itemId: true, source: true },
      })
    : [];
  const bestSourceRank = new Map<number, number>();
  for (const { itemId, source } of itemSources) {
    bestSourceRank.set(itemId, Math.min(bestSourceRank.get(itemId) ?? Infinity, rank(source)));
  }
  return {
    sourceItem: new Map(
      sources.map((s) => [`${s.source}\u0000${s.sourceId}`, { itemId: s.itemId, hash: s.payloadHash }]),
    ),
    byPmid: new Map(items.flatMap((i) => (i.pmid ? [[i.pmid, i.id] as const] : []))),
    byDoi: new Map(items.flatMap((i) => (i.doi ? [[i.doi, i.id] as const] : []))),
    byPmcid: new Map(items.flatMap((i) => (i.pmcid ? [[i.pmcid, i.id] as const] : []))),
    bestSourceRank,
  };
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
  links: LinkedCandidate[],
  existing: ExistingState,
): Promise<{ itemIds: number[]; itemsNew: number; itemsUpdated: number }> {
  const claimed = {
    pmid: new Map(existing.byPmid),
    doi: new Map(existing.byDoi),
    pmcid: new Map(existing.byPmcid),
  };
  // An identifier another item already holds is left off (PubMed has a few duplicated DOIs).
  function identifiers(candidate: CandidateItem, itemId: number) {
    const keep = (field: "pmid" | "doi" | "pmcid") => {
      const value = candidate[field];
      if (!value || (claimed[field].get(value) ?? itemId) !== itemId) return undefined;
      claimed[field].set(value, itemId);
      return value;
    };
    return { pmid: keep("pmid"), doi: keep("doi"), pmcid: keep("pmcid") };
  }

  // New items get ids from the sequence up front, so that they can be written in one statement.
  const fresh = links.filter((link) => existingItemId(link.candidate, existing) === undefined);
  const freshIds = fresh.length
    ? (
        await tx.$queryRaw<Array<{ id: number }>>`
          SELECT nextval(pg_get_serial_sequence('"Item"', 'id'))::int AS id FROM generate_series(1, ${fresh.length})`
      ).map((row) => row.id)
    : [];
  const newItemOf = new Map(fresh.map((link, index) => [link, freshIds[index]!]));
  const newRows: Prisma.ItemCreateManyInput[] = [];
  const itemIds: number[] = [];
  const newSources: Prisma.SourceRecordCreateManyInput[] = [];
  let itemsUpdated = 0;
  for (const link of links) {
    const { candidate } = link;
    const hash = payloadHash(link.payload);
    const known = existing.sourceItem.get(sourceKey(candidate));
    const newId = newItemOf.get(link);
    const itemId = newId ?? existingItemId(candidate, existing)!;
    if (newId !== undefined) {
      const ids = identifiers(candidate, newId);
      newRows.push({
        id: newId,
        ...itemFields(candidate),
        pmid: ids.pmid ?? null,
        doi: ids.doi ?? null,
        pmcid: ids.pmcid ?? null,
      });
    } else if (!known || known.hash !== hash) {
      const ids = identifiers(candidate, itemId);
      const leads = rank(candidate.source) <= (existing.bestSourceRank.get(itemId) ?? Infinity);
      await tx.item.update({
        where: { id: itemId },
        data: {
          ...(leads ? itemFields(candidate) : {}),
          // Identifiers only ever get added here: a source that lacks one does not erase it.
          ...(ids.pmid ? { pmid: ids.pmid } : {}),
          ...(ids.doi ? { doi: ids.doi } : {}),
          ...(ids.pmcid ? { pmcid: ids.pmcid } : {}),
        },
      });
      existing.bestSourceRank.set(
        itemId,
        Math.min(existing.bestSourceRank.get(itemId) ?? Infinity, rank(candidate.source)),
      );
      if (known) itemsUpdated += 1;
    }
    itemIds.push(itemId);

    if (known?.hash === hash && known.itemId === itemId) continue;
    const row = {
      itemId,
      payload: link.payload as Prisma.InputJsonValue,
      payloadHash: hash,
      fetchedAt: request.fetchedAt,
      harvestRunId: request.runId,
    };
    if (!known) newSources.push({ source: candidate.source, sourceId: candidate.sourceId, ...row });
    else {
      await tx.sourceRecord.update({
        where: { source_sourceId: { source: candidate.source, sourceId: candidate.sourceId } },
        data: row,
      });
    }
  }
  if (newRows.length > 0) await tx.item.createMany({ data: newRows });
  if (newSources.length > 0) await tx.sourceRecord.createMany({ data: newSources });
  const itemsNew = newRows.length;
  return { itemIds, itemsNew, itemsUpdated };
}

/**
 * Writes the links between the faculty member and the items. A person's decision is never
 * changed by a harvest; an automatic one follows the newest evidence. Returns each link's status.
 */
async function upsertLinks(
  tx: Tx,
  request: StoreRequest,
  links: LinkedCandidate[],
  itemIds: number[],
): Promise<string[]> {
  const existingLinks = await tx.facultyItem.findMany({
    where: { facultyId: request.facultyId, itemId: { in: itemIds } },
  });
  const linkByItem = new Map(existingLinks.map((link) => [link.itemId, link]));
  const creates: Prisma.FacultyItemCreateManyInput[] = [];
  const statuses: string[] = [];
  for (const [index, link] of links.entries()) {
    const itemId = itemIds[index]!;
    const fields = {
      score: link.score,
      evidence: link.evidence as unknown as Prisma.InputJsonValue,
      authorPosition: link.authorPosition ?? null,
      authorIndex: link.authorIndex ?? null,
      equalContribution: link.equalContribution ?? false,
      role: link.role ?? null,
    };
    const existing = linkByItem.get(itemId);
    if (!existing) {
      if (creates.some((pending) => pending.itemId === itemId)) continue;
      creates.push({
        facultyId: request.facultyId,
        itemId,
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
      await tx.facultyItem.update({
        where: { facultyId_itemId: { facultyId: request.facultyId, itemId } },
        data: { ...fields, status: link.status, decidedBy: link.decidedBy, decidedAt: request.fetchedAt },
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
    await tx.facultyItem.update({
      where: { facultyId_itemId: { facultyId: request.facultyId, itemId } },
      data: {
        ...fields,
        // A weaker source does not take away what a stronger one established.
        ...(existing.authorPosition && !fields.authorPosition
          ? { authorPosition: existing.authorPosition, authorIndex: existing.authorIndex }
          : {}),
        ...(existing.role && !fields.role ? { role: existing.role } : {}),
        ...(existing.status === status ? {} : { status, decidedAt: request.fetchedAt }),
      },
    });
  }
  if (creates.length > 0) await tx.facultyItem.createMany({ data: creates });
  return statuses;
}

async function storeInTransaction(tx: Tx, request: StoreRequest): Promise<StoreCounts> {
  const links = uniqueBySource(request.links);
  let counts: StoreCounts = {
    recordsFetched: request.links.length,
    itemsNew: 0,
    itemsUpdated: 0,
    linksAccepted: 0,
    linksPending: 0,
  };
  if (links.length > 0) {
    const candidates = links.map((link) => link.candidate);
    await lockIdentifiers(tx, candidates);
    const existing = await loadExisting(tx, candidates);
    const items = await upsertItems(tx, request, links, existing);
    let statuses = await upsertLinks(tx, request, links, items.itemIds);
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
  await tx.harvestJob.update({
    where: { id: request.jobId },
    data: { status: "completed", ...counts, error: null, finishedAt: new Date() },
  });
  return counts;
}

/** The status of the person's link to each of the items, once per item. */
async function linkStatuses(tx: Tx, facultyId: string, itemIds: number[]): Promise<string[]> {
  const links = await tx.facultyItem.findMany({
    where: { facultyId, itemId: { in: [...new Set(itemIds)] } },
    select: { status: true },
  });
  return links.map((link) => link.status);
}

function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // P2002: an identifier was taken by a job we could not lock against; P2034: write conflict or deadlock.
  return code === "P2002" || code === "P2034";
}

/**
 * Stores one faculty member's harvest of one source in ONE transaction, together with the job's
 * completion, so a worker killed part-way leaves nothing half-written and the retried job starts clean.
 */
export async function storeHarvest(db: Db, request: StoreRequest): Promise<StoreCounts> {
  for (let attempt = 1; ; attempt += 1) {
    try {
      const counts = await db.$transaction((tx) => storeInTransaction(tx, request), {
        timeout: 120_000,
        maxWait: 30_000,
      });
      // The job is complete now, so its run may be too.
      await finishRunIfDone(db, request.runId);
      return counts;
    } catch (error) {
      if (!isWriteConflict(error) || attempt >= 5) throw error;
    }
  }
}
