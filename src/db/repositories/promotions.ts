/** Promotion rows: the ranks faculty members reached, and when. */
import type { Promotion } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export type PromotionRow = Promotion;

/** These people's promotions already on record. */
export async function promotionsOf(db: DbClient, facultyIds: readonly string[]): Promise<PromotionRow[]> {
  return db.promotion.findMany({ where: { facultyId: { in: [...facultyIds] } } });
}

export async function createPromotion(
  db: DbClient,
  promotion: { facultyId: string; rank: string; date: Date },
): Promise<void> {
  await db.promotion.create({ data: promotion });
}

export async function changePromotionDate(db: DbClient, id: number, date: Date): Promise<void> {
  await db.promotion.update({ where: { id }, data: { date } });
}

/** Every promotion with the person's roster track, oldest first. */
export async function promotionsWithTrack(
  db: DbClient,
): Promise<Array<PromotionRow & { faculty: { track: string | null } }>> {
  return db.promotion.findMany({
    include: { faculty: { select: { track: true } } },
    orderBy: [{ date: "asc" }, { facultyId: "asc" }],
  });
}
