/** HarvestState rows: what one person's last successful harvest at a source leaves for the next. */
import type { HarvestState, Prisma } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type HarvestStateRow = HarvestState;

export async function findHarvestState(
  db: DbClient,
  facultyId: string,
  source: string,
): Promise<HarvestStateRow | null> {
  return db.harvestState.findUnique({ where: { facultyId_source: { facultyId, source } } });
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

/** What the last harvests of these people at the source left (none for those never harvested there). */
export async function harvestStatesOf(
  db: DbClient,
  source: string,
  facultyIds: readonly string[],
): Promise<HarvestStateRow[]> {
  return db.harvestState.findMany({ where: { source, facultyId: { in: [...facultyIds] } } });
}
