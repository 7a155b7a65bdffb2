import type { Db } from "../db/client.ts";
import { findRecordPayloads } from "../db/repositories/source-records.ts";
import type { HarvestedRecord, HarvestSource } from "../sources/source.ts";

/** An incremental harvest's records merged into what is stored for them, where the source gathers answers. */
export async function mergeWithStored(
  deps: { db: Db },
  source: HarvestSource,
  records: readonly HarvestedRecord[],
): Promise<HarvestedRecord[]> {
  const [merged] = await mergeManyWithStored(deps, source, [records]);
  return merged!;
}

/** Many people's records merged into what is stored for them, the stored payloads read in one statement. */
export async function mergeManyWithStored(
  deps: { db: Db },
  source: HarvestSource,
  recordsOf: ReadonlyArray<readonly HarvestedRecord[]>,
): Promise<HarvestedRecord[][]> {
  const merge = source.mergeStored?.bind(source);
  if (!merge) return recordsOf.map((records) => [...records]);
  const idsOf = recordsOf.map((records) =>
    records.map((record) => source.toCandidate(record.payload).sourceId),
  );
  const ids = [...new Set(idsOf.flat())];
  const stored =
    ids.length === 0 ? new Map<string, unknown>() : await findRecordPayloads(deps.db, source.name, ids);
  return recordsOf.map((records, person) =>
    records.map((record, index) => {
      const before = stored.get(idsOf[person]![index]!);
      return before === undefined ? record : { ...record, payload: merge(before, record.payload) };
    }),
  );
}
