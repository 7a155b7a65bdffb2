/**
 * Whether an incremental harvest's records are all stored already, as they are, and linked to the
 * person: storing them again would write nothing, and re-scoring and rebuilding the ledger would
 * give what is there. A night of people with nothing new then costs a check, not a store; a run's
 * first pass checks its thousands of answers in a few statements for them all.
 */
import type { Db } from "../db/client.ts";
import { existingLinks } from "../db/repositories/links.ts";
import { findRecordStates, findStoredPayloads } from "../db/repositories/source-records.ts";
import type { HarvestedRecord, HarvestSource } from "../sources/source.ts";
import { canonical } from "./canonical-json.ts";
import { payloadHash } from "./payload-hash.ts";

/** One person's records from one source, as a job would store them. */
export interface PersonRecords {
  facultyId: string;
  records: readonly HarvestedRecord[];
}

export async function holdsNothingNew(
  db: Db,
  source: Pick<HarvestSource, "toCandidate">,
  facultyId: string,
  records: readonly HarvestedRecord[],
): Promise<boolean> {
  if (records.length === 0) return true;
  const [nothingNew] = await holdNothingNew(db, source, [{ facultyId, records }]);
  return nothingNew!;
}

// Keys a statement asks for at most (bound parameters are limited, and plans stay small).
const KEYS_PER_STATEMENT = 5_000;

/** For each person's records, whether they hold nothing new (as `holdsNothingNew`), in a few statements for all. */
export async function holdNothingNew(
  db: Db,
  source: Pick<HarvestSource, "toCandidate">,
  people: readonly PersonRecords[],
): Promise<boolean[]> {
  const verdicts = people.map(() => true);
  const keyOf = (candidate: { source: string; sourceId: string }) =>
    `${candidate.source}\u0000${candidate.sourceId}`;
  const candidates = people.map((person) =>
    person.records.map((record) => source.toCandidate(record.payload)),
  );
  const keys = new Map(
    candidates
      .flat()
      .map((candidate) => [keyOf(candidate), { source: candidate.source, sourceId: candidate.sourceId }]),
  );
  const stored = new Map(
    (await inChunks([...keys.values()], (chunk) => findRecordStates(db, chunk))).map((row) => [
      keyOf(row),
      row,
    ]),
  );
  const compareContent: Array<{ person: number; record: number; key: string }> = [];
  const links: Array<{ person: number; facultyId: string; itemId: number }> = [];
  for (const [person, theirs] of candidates.entries()) {
    for (const [record, candidate] of theirs.entries()) {
      const key = keyOf(candidate);
      const row = stored.get(key);
      if (!row) {
        verdicts[person] = false;
        break;
      }
      links.push({ person, facultyId: people[person]!.facultyId, itemId: row.itemId });
      if (row.payloadHash !== payloadHash(people[person]!.records[record]!.payload))
        compareContent.push({ person, record, key });
    }
  }
  // A payload merged with what is stored holds objects read back from jsonb, whose keys Postgres
  // reorders: the hash differs, the content may not.
  const toCompare = compareContent.filter((entry) => verdicts[entry.person]);
  if (toCompare.length > 0) {
    const wanted = [...new Set(toCompare.map((entry) => entry.key))].map((key) => keys.get(key)!);
    const payloads = new Map<string, unknown>();
    for (const chunk of chunks(wanted))
      for (const [key, payload] of await findStoredPayloads(db, chunk)) payloads.set(key, payload);
    for (const { person, record, key } of toCompare) {
      const before = payloads.get(key);
      if (before === undefined || canonical(before) !== canonical(people[person]!.records[record]!.payload))
        verdicts[person] = false;
    }
  }
  const toLink = links.filter((link) => verdicts[link.person]);
  const linkKey = (link: { facultyId: string; itemId: number }) => `${link.facultyId}\u0000${link.itemId}`;
  const unique = [
    ...new Map(
      toLink.map((link) => [linkKey(link), { facultyId: link.facultyId, itemId: link.itemId }]),
    ).values(),
  ];
  const linked = new Set((await inChunks(unique, (chunk) => existingLinks(db, chunk))).map(linkKey));
  for (const link of toLink) if (!linked.has(linkKey(link))) verdicts[link.person] = false;
  return verdicts;
}

function chunks<T>(values: readonly T[]): T[][] {
  const out: T[][] = [];
  for (let start = 0; start < values.length; start += KEYS_PER_STATEMENT)
    out.push(values.slice(start, start + KEYS_PER_STATEMENT));
  return out;
}

async function inChunks<T, R>(values: readonly T[], read: (chunk: T[]) => Promise<R[]>): Promise<R[]> {
  const out: R[] = [];
  for (const chunk of chunks(values)) out.push(...(await read(chunk)));
  return out;
}
