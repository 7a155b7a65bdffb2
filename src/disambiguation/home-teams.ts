import type { Evidence } from "../identity/evidence.ts";
import type { Clusters } from "./clusters.ts";
import type { CoauthorsFor, ContextRecord } from "./context.ts";
import { fewItems } from "./context.ts";
import {
  OTHER_TEAM_CHANCE_SHARE,
  OTHER_TEAM_MIN_RECORDS,
  OTHER_TEAM_MIN_STRONG,
  WEIGHTS,
} from "./weights.ts";

/**
 * Another author of the name at home, found by whom they write with. A person whose own records
 * (ORCID iD or e-mail on the author, works on their ORCID record, items a person accepted) are
 * many shows who their collaborators are. A cluster of home records (shared co-authors) holding
 * none of those records, and none of whose co-authors writes on any of them, is a team the person
 * is not seen in: a namesake in the same department, whom the affiliation cannot tell apart (alt
 * 35: a second "Kumar Amit" in General Internal Medicine, 17 records accepted on the home
 * affiliation). Its records keep the home affiliation's weight as a place shared with another
 * author of the name (sharedAffiliation), with no anchor; their own separating evidence still
 * anchors them.
 */
export class OtherHomeTeams {
  /** Record keys in such a team, with the team's home records. */
  private readonly teamOf = new Map<string, readonly string[]>();

  constructor(
    records: ReadonlyArray<ContextRecord & { intrinsic: readonly Evidence[] }>,
    /** The person's own records: what only they can have placed them on. */
    own: readonly ContextRecord[],
    clusters: Clusters,
    coauthorsFor: CoauthorsFor,
  ) {
    const ownKeys = new Set(own.map((item) => item.key));
    if (ownKeys.size < OTHER_TEAM_MIN_STRONG) return;
    const ownCoauthors = new Set(
      own.flatMap(({ record, authorIndex }) =>
        authorIndex === undefined ? [] : coauthorsFor(record, authorIndex).map((coauthor) => coauthor.key),
      ),
    );
    const byKey = new Map(records.map((item) => [item.key, item]));
    const seen = new Set<string>();
    for (const item of records) {
      if (seen.has(item.key)) continue;
      const members = clusters.clusterOf(item.key);
      for (const member of members) seen.add(member);
      if (members.some((member) => ownKeys.has(member))) continue;
      const home = members.filter((member) => isHome(byKey.get(member)));
      if (home.length < OTHER_TEAM_MIN_RECORDS) continue;
      // A record or two meeting one of their co-authors is chance (a common name: "Wang L"); a
      // team they write in meets theirs on many of its records.
      const meeting = members.filter((member) => {
        const found = byKey.get(member);
        if (!found || found.authorIndex === undefined) return false;
        return coauthorsFor(found.record, found.authorIndex).some((coauthor) =>
          ownCoauthors.has(coauthor.key),
        );
      });
      const meetsTheirs = meeting.length > OTHER_TEAM_CHANCE_SHARE * members.length;
      if (meetsTheirs) continue;
      for (const member of members) this.teamOf.set(member, home);
    }
  }

  /** The record's home affiliation, when it is in another author's team: shared, and no anchor. */
  apply(key: string, intrinsic: readonly Evidence[]): Evidence[] {
    const team = this.teamOf.get(key);
    if (!team) return [...intrinsic];
    return intrinsic.map((piece) =>
      piece.kind === "affiliation_match" && piece.weight > 0
        ? {
            kind: "affiliation_other_team",
            weight: WEIGHTS.homeOtherTeam,
            reason: `${piece.reason}; but in a cluster of ${team.length} home records whose co-authors write on none of their own records (ORCID iD, e-mail, their ORCID works): another author of this name at home, whom the affiliation does not tell apart: no anchor`,
            items: fewItems(team.filter((member) => member !== key)),
          }
        : { ...piece },
    );
  }

  /** Whether the results show such a team at all. */
  get found(): boolean {
    return this.teamOf.size > 0;
  }
}

function isHome(item: { intrinsic: readonly Evidence[] } | undefined): boolean {
  return item?.intrinsic.some((piece) => piece.kind === "affiliation_match" && piece.weight > 0) ?? false;
}
