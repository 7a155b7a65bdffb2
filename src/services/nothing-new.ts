/**
 * Whether an incremental harvest's records are all stored already, as they are, and linked to the
 * person: storing them again would write nothing, and re-scoring and rebuilding the ledger would
 * give what is there. A night of people with nothing new then costs a check, not a store.
 */
import type { Db } from "../db/client.ts";
import { findLinks } from "../db/repositories/links.ts";
import { findRecordStates, findStoredPayloads } from "../db/repositories/source-records.ts";
import type { HarvestedRecord, HarvestSource } from "../sources/source.ts";
import { canonical } from "./canonical-json.ts";
import { payloadHash } from "./payload-hash.ts";

export async function holdsNothingNew(
  db: Db,
  source: Pick<HarvestSource, "toCandidate">,
  facultyId: string,
  records: readonly HarvestedRecord[],
): Promise<boolean> {
  if (records.length === 0) return true;
  const candidates = records.map((record) => source.toCandidate(record.payload));
  const stored = await findRecordStates(
    db,
    candidates.map((candidate) => ({ source: candidate.source, sourceId: candidate.sourceId })),
  );
  const storedBy = new Map(stored.map((row) => [`${row.source}\u0000${row.sourceId}`, row]));
  const itemIds: number[] = [];
  const compareContent: number[] = [];
  for (const [index, candidate] of candidates.entries()) {
    const row = storedBy.get(`${candidate.source}\u0000${candidate.sourceId}`);
    if (!row) return false;
    itemIds.push(row.itemId);
    if (row.payloadHash !== payloadHash(records[index]!.payload)) compareContent.push(index);
  }
  // A payload merged with what is stored holds objects read back from jsonb, whose keys Postgres
  // reorders: the hash differs, the content may not.
  if (compareContent.length > 0) {
    const payloads = await findStoredPayloads(
      db,
      compareContent.map((index) => ({
        source: candidates[index]!.source,
        sourceId: candidates[index]!.sourceId,
      })),
    );
    for (const index of compareContent) {
      const before = payloads.get(`${candidates[index]!.source}\u0000${candidates[index]!.sourceId}`);
      if (before === undefined || canonical(before) !== canonical(records[index]!.payload)) return false;
    }
  }
  const linked = new Set((await findLinks(db, facultyId, itemIds)).map((link) => link.itemId));
  return itemIds.every((itemId) => linked.has(itemId));
}
