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

export interface PromotionWithTrack {
  facultyId: string;
  rank: string;
  date: Date;
  /** The person's roster track. */
  track: string | null;
}

/** Every promotion with the person's roster track, oldest first. */
export async function promotionsWithTrack(db: DbClient): Promise<PromotionWithTrack[]> {
  // SQL of our own: every profile page checks its person against the norms of those promoted.
  return db.$queryRaw<PromotionWithTrack[]>`
    SELECT p."facultyId", p."rank", p."date", f."track"
    FROM "Promotion" p JOIN "Faculty" f ON f."id" = p."facultyId"
    ORDER BY p."date", p."facultyId", p."id"`;
}
