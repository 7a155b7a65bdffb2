import type { Evidence } from "../identity/evidence.ts";
import { institutionAway, institutionName, type ClusterRecord } from "./clusters.ts";
import { excerpt, publicationYear } from "./evidence.ts";
import { fewItems } from "./context.ts";
import type { SharedPlace } from "./shared-places.ts";
import { OWN_PLACE_YEARS, WEIGHTS } from "./weights.ts";

/**
 * Where the person's own records place them before their hire: the institution on their author of
 * a work on their ORCID record, or of a record carrying their ORCID iD or e-mail. Only they can be
 * that author, so they worked there then, whether or not their ORCID employments or the roster say
 * so. A record elsewhere before their hire naming such a place in nearby years is evidence for
 * them, as a past employer on their ORCID record is, unless the results show another author of
 * their name there too (shared-places.ts, findSharedOwnPlaces): then it tells the two apart no more
 * than a shared past employer does, and anchors nothing.
 */
export class OwnPlaces {
  /** Folded institution -> year -> the records placing them there. */
  private readonly places = new Map<string, Map<number, string[]>>();

  /** The records placing them somewhere: theirs, so they show no other author there. */
  readonly sources = new Set<string>();

  constructor(records: readonly ClusterRecord[], homeTerms: readonly string[]) {
    for (const item of records) {
      const place = institutionAway(item, homeTerms);
      const year = publicationYear(item.record);
      if (place === undefined || year === undefined) continue;
      const years = this.places.get(place) ?? new Map<number, string[]>();
      years.set(year, [...(years.get(year) ?? []), item.key]);
      this.places.set(place, years);
      this.sources.add(item.key);
    }
  }

  /** The places, folded as institutionName folds them. */
  names(): Set<string> {
    return new Set(this.places.keys());
  }

  /**
   * The piece replacing "elsewhere before hire" on a record whose matched author names a place
   * their own records show them at within a few years; undefined otherwise. Where the results show
   * another author of the name at that place (`shared`, by place), the piece is
   * `affiliation_shared`: still likelier theirs than a stranger's, but no anchor.
   */
  evidence(
    item: ClusterRecord,
    elsewhere: Evidence,
    shared: ReadonlyMap<string, SharedPlace> = new Map(),
  ): Evidence | undefined {
    if (item.authorIndex === undefined) return undefined;
    const affiliation = item.record.authors[item.authorIndex]?.affiliations.find(
      (text) => text.trim() !== "",
    );
    const place = affiliation === undefined ? undefined : institutionName(affiliation);
    const year = publicationYear(item.record);
    const years = place === undefined ? undefined : this.places.get(place);
    if (!years || year === undefined || affiliation === undefined) return undefined;
    const sources = [...years]
      .filter(([seen]) => Math.abs(seen - year) <= OWN_PLACE_YEARS)
      .flatMap(([, keys]) => keys)
      .filter((key) => key !== item.key);
    if (sources.length === 0) return undefined;
    const namesake = shared.get(place!);
    if (namesake)
      return {
        kind: "affiliation_shared",
        weight: WEIGHTS.sharedAffiliation,
        reason: `affiliation "${excerpt(affiliation)}" names a place their own records (ORCID iD, ORCID works, e-mail) show them at within ${OWN_PLACE_YEARS} years of ${year}, before their hire, but another author of this name works there too (${namesake.why}): no anchor`,
        items: namesake.items,
      };
    return {
      kind: "affiliation_past",
      weight: WEIGHTS.ownPlaceBeforeHire,
      reason: `affiliation "${excerpt(affiliation)}" names a place their own records (ORCID iD, ORCID works, e-mail) show them at within ${OWN_PLACE_YEARS} years of ${year}, before their hire (instead of: ${elsewhere.reason})`,
      items: fewItems(sources),
    };
  }
}
