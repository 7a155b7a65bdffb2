/** The roster facts a benchmark check reads, for chosen people, a cohort or everyone. */
import { Prisma } from "../../generated/prisma/client.ts";
import type { DbClient } from "../client.ts";

export interface RosterPerson {
  id: string;
  lastName: string;
  firstName: string;
  rank: string | null;
  track: string | null;
}

export async function rosterPeople(
  db: DbClient,
  where: { ids: readonly string[] } | { cohort: string } | { all: true },
): Promise<RosterPerson[]> {
  // SQL of our own: every profile page checks its person against the criteria.
  const filter =
    "ids" in where
      ? Prisma.sql`"id" = ANY(${[...where.ids]}::text[])`
      : "cohort" in where
        ? Prisma.sql`"cohort" = ${where.cohort}`
        : Prisma.sql`TRUE`;
  return db.$queryRaw<RosterPerson[]>`
    SELECT "id", "lastName", "firstName", "rank", "track" FROM "Faculty" WHERE ${filter} ORDER BY "id"`;
}
