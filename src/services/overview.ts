/** Each person's links and ledger at a glance: what the demo prints (and, later, a dashboard shows). */
import type { Db } from "../db/client.ts";
import {
  facultyLinksAndLedger,
  knownCohorts,
  type FacultyLinksAndLedger,
} from "../db/repositories/faculty.ts";
import { linksToPubmedItems } from "../db/repositories/links.ts";

export type { FacultyLinksAndLedger } from "../db/repositories/faculty.ts";

/** Everyone in id order, with the status of each of their links and their counted ledger lines. */
export function linksAndLedgerByPerson(db: Db): Promise<FacultyLinksAndLedger[]> {
  return facultyLinksAndLedger(db);
}

/** Every link to an item with a PMID: who, what status, which PMID. */
export function linksToArticles(db: Db): Promise<Array<{ facultyId: string; status: string; pmid: string }>> {
  return linksToPubmedItems(db);
}

/** The first cohort named on the roster, if any. */
export async function firstCohort(db: Db): Promise<string | undefined> {
  return (await knownCohorts(db))[0];
}
