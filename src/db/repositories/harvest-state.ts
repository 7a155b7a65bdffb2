/** HarvestState rows: what one person's last successful harvest at a source leaves for the next. */
import type { HarvestState, Prisma } from "../../generated/prisma/client.ts";
import type { DbClient, Tx } from "../client.ts";
import { storableValue } from "../storable.ts";

export type HarvestStateRow = HarvestState;

export async function findHarvestState(
  db: DbClient,
  facultyId: string,
  source: string,
): Promise<HarvestStateRow | null> {
  // One statement of our own: every harvest job reads it, and the ORM's compiling costs more than the read.
  const [state] = await db.$queryRaw<HarvestStateRow[]>`
    SELECT "facultyId", "source", "lastHarvestAt", "lastCompleteAt", "identity", "cursor", "updatedAt"
    FROM "HarvestState" WHERE "facultyId" = ${facultyId} AND "source" = ${source}`;
  return state ?? null;
}

export interface HarvestStateUpdate {
  facultyId: string;
  source: string;
  harvestedAt: Date;
  complete: boolean;
  identity: string;
  /** Left as it was when undefined. */
  cursor?: unknown;
}

/** Records a successful harvest: an incremental one keeps the last complete harvest's date. */
export async function recordHarvestState(db: DbClient, update: HarvestStateUpdate): Promise<void> {
  const { facultyId, source, harvestedAt, complete, identity } = update;
  const cursor =
    update.cursor === undefined ? {} : { cursor: (update.cursor ?? undefined) as Prisma.InputJsonValue };
  await db.harvestState.upsert({
    where: { facultyId_source: { facultyId, source } },
    create: {
      facultyId,
      source,
      lastHarvestAt: harvestedAt,
      lastCompleteAt: harvestedAt,
      identity,
      ...cursor,
    },
    update: {
      lastHarvestAt: harvestedAt,
      identity,
      ...(complete ? { lastCompleteAt: harvestedAt } : {}),
      ...cursor,
    },
  });
}

/**
 * Records many incremental harvests in one statement, as `recordHarvestState` does one by one: the
 * last complete harvest's date is kept (a person's first state takes the harvest's), and a cursor
 * is changed only where one is given.
 */
export async function recordIncrementalHarvests(
  tx: Tx,
  updates: readonly Omit<HarvestStateUpdate, "complete">[],
): Promise<void> {
  if (updates.length === 0) return;
  const now = new Date();
  const column = <T>(value: (update: Omit<HarvestStateUpdate, "complete">) => T) => updates.map(value);
  await tx.$executeRaw`
    INSERT INTO "HarvestState" ("facultyId", "source", "lastHarvestAt", "lastCompleteAt", "identity", "cursor", "updatedAt")
    SELECT state.faculty_id, state.source, state.harvested_at, state.harvested_at, state.identity, state.cursor::jsonb, ${now.toISOString()}::timestamp(3)
    FROM unnest(
      ${column((update) => update.facultyId)}::text[],
      ${column((update) => update.source)}::text[],
      ${column((update) => update.harvestedAt.toISOString())}::timestamp(3)[],
      ${column((update) => update.identity)}::text[],
      ${column((update) => (update.cursor === undefined || update.cursor === null ? null : JSON.stringify(storableValue(update.cursor))))}::text[]
    ) AS state(faculty_id, source, harvested_at, identity, cursor)
    ON CONFLICT ("facultyId", "source") DO UPDATE
    SET "lastHarvestAt" = EXCLUDED."lastHarvestAt",
        "identity" = EXCLUDED."identity",
        "cursor" = COALESCE(EXCLUDED."cursor", "HarvestState"."cursor"),
        "updatedAt" = EXCLUDED."updatedAt"`;
}

/** What the last harvests of these people at the source left (none for those never harvested there). */
export async function harvestStatesOf(
  db: DbClient,
  source: string,
  facultyIds: readonly string[],
): Promise<HarvestStateRow[]> {
  return db.harvestState.findMany({ where: { source, facultyId: { in: [...facultyIds] } } });
}
