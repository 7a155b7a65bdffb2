import type { Db } from "../db/client.ts";
import { findRecordPayloads } from "../db/repositories/source-records.ts";
import type { HarvestedRecord, HarvestSource } from "../sources/source.ts";

/** An incremental harvest's records merged into what is stored for them, where the source gathers answers. */
export async function mergeWithStored(
  deps: { db: Db },
  source: HarvestSource,
  records: readonly HarvestedRecord[],
): Promise<HarvestedRecord[]> {
  const merge = source.mergeStored?.bind(source);
  if (!merge || records.length === 0) return [...records];
  const ids = records.map((record) => source.toCandidate(record.payload).sourceId);
  const stored = await findRecordPayloads(deps.db, source.name, ids);
  return records.map((record, index) => {
    const before = stored.get(ids[index]!);
    return before === undefined ? record : { ...record, payload: merge(before, record.payload) };
  });
}
