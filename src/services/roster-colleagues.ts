/**
 * The roster as re-scoring reads it for every person: everyone's names and the institution's
 * affiliation terms. Read once per process and kept while a digest of those fields (one row from
 * Postgres, read in the caller's transaction) is unchanged: a night re-scoring hundreds of people
 * of a roster of thousands otherwise reads and sifts the whole roster once per person.
 */
import type { DbClient } from "../db/client.ts";
import { colleagueNames, colleagueNamesDigest, type ColleagueNameRow } from "../db/repositories/faculty.ts";
import { foldName } from "../identity/names.ts";
import { distinctiveTerms } from "../identity/terms.ts";

export interface RosterColleagues {
  /** Everyone on the roster; a profile leaves the person themself out. */
  colleagues: readonly ColleagueNameRow[];
  /**
   * Everyone's distinctive affiliation terms. As a profile's institution terms these give the same
   * home terms as everyone else's: the person's own terms come first in them either way.
   */
  institutionTerms: readonly string[];
}

export class RosterCache {
  private kept: { digest: string; roster: RosterColleagues } | undefined;

  async read(db: DbClient): Promise<RosterColleagues> {
    const digest = await colleagueNamesDigest(db);
    if (this.kept?.digest === digest) return this.kept.roster;
    const roster = await readRoster(db);
    // Kept only when no change came between the digest and the read.
    if ((await colleagueNamesDigest(db)) === digest) this.kept = { digest, roster };
    return roster;
  }
}

/** The roster from the cache when given one, else read now. */
export async function rosterColleagues(db: DbClient, cache?: RosterCache): Promise<RosterColleagues> {
  return cache ? cache.read(db) : readRoster(db);
}

async function readRoster(db: DbClient): Promise<RosterColleagues> {
  const colleagues = await colleagueNames(db);
  return {
    colleagues,
    institutionTerms: distinctiveTerms(colleagues.flatMap((colleague) => colleague.affiliationTerms)),
  };
}

/**
 * The person's roster twins: colleagues of the same surname and first name whose middle names do
 * not tell them apart. Scoring needs what is theirs for sure (their own items, grants) to tell the
 * two apart, which is read for these few only.
 */
export function rosterTwins(
  roster: RosterColleagues,
  person: { id: string; lastName: string; firstName: string; middleName: string | null },
): ColleagueNameRow[] {
  const initial = (middle: string | null): string => foldName(middle ?? "").charAt(0);
  return roster.colleagues.filter(
    (colleague) =>
      colleague.id !== person.id &&
      foldName(colleague.lastName) === foldName(person.lastName) &&
      foldName(colleague.firstName) === foldName(person.firstName) &&
      (initial(colleague.middleName) === "" ||
        initial(person.middleName) === "" ||
        initial(colleague.middleName) === initial(person.middleName)),
  );
}
