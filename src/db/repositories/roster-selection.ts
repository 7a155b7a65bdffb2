/** The roster facts a benchmark check reads, for chosen people, a cohort or everyone. */
import type { DbClient } from "../client.ts";

export interface RosterPerson {
  id: string;
  lastName: string;
  firstName: string;
  rank: string | null;
  track: string | null;
}

const SELECT = { id: true, lastName: true, firstName: true, rank: true, track: true } as const;

export async function rosterPeople(
  db: DbClient,
  where: { ids: readonly string[] } | { cohort: string } | { all: true },
): Promise<RosterPerson[]> {
  const filter =
    "ids" in where ? { id: { in: [...where.ids] } } : "cohort" in where ? { cohort: where.cohort } : {};
  return db.faculty.findMany({ where: filter, select: SELECT, orderBy: { id: "asc" } });
}
