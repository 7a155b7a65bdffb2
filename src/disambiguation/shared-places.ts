import type { Evidence } from "../identity/evidence.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { institutionAway } from "./clusters.ts";
import { departmentsNamed, excerpt, findHome, findPast, publicationYear } from "./evidence.ts";
import { fewItems } from "./context.ts";
import type { FacultyProfile, PastPosition } from "./profile.ts";
import { PAST_LAG_YEARS, UNDATED_PAST_LATE_ITEMS, WEIGHTS } from "./weights.ts";

/**
 * Places where another author of the person's name works: their home institution, when the search
 * shows someone of the name there in another department, with another ORCID iD or another middle
 * initial; a past employer, when it also shows someone of the name there in years the person was
 * not. There the institution no longer tells the two apart, so naming it anchors nothing: at home
 * only their own department does (their division; "Department of Medicine" too when the other
 * author's records all name another department), or their e-mail.
 */

export interface SharedPlace {
  /** Why: "another department (Radiology)", "another ORCID iD". */
  why: string;
  /** The records showing the other author there. */
  items: string[];
  /**
   * At home: whether every such record names the other author's department and none of them names
   * one the person could share ("Department of Medicine"): then naming their department at all
   * tells the two apart.
   */
  departmentsApart?: boolean;
}

export interface SharedPlaces {
  home?: SharedPlace;
  /** By past-position term. */
  past: Map<string, SharedPlace>;
}

/** A candidate as scored on its matched author alone. */
export interface PlacedLink {
  key: string;
  record: PubmedArticleRecord;
  authorIndex: number | undefined;
  intrinsic: readonly Evidence[];
}

// Another person for sure: the name is not theirs, or the roster holds someone it fits better.
const NOT_THE_NAME = (piece: Evidence): boolean =>
  piece.kind === "first_name_conflict" ||
  piece.kind === "no_author_matched" ||
  (piece.kind === "colleague_namesake" && piece.weight === WEIGHTS.colleagueFitsBetter);

const OUT_OF_YEARS_WHY = "in years they were not there";

/** Records at a past employer, in years the person was not there, that show someone else there. */
const OUT_OF_YEARS_ITEMS = 2;

const AFTER_HIRE_WHY = "in the years just after their hire, of a past employer whose years are unknown";

/**
 * A record at a past employer of unknown years (taken to end at their hire), dated after the hire
 * year but within its lag: one is a paper finished after the move; several are someone working
 * there (UNDATED_PAST_LATE_ITEMS).
 */
function afterHireAtUndated(
  profile: FacultyProfile,
  position: PastPosition,
  year: number | undefined,
): boolean {
  if (position.startYear !== undefined || position.endYear !== undefined) return false;
  return profile.hireYear !== null && year !== undefined && year > profile.hireYear;
}

export function findSharedPlaces(profile: FacultyProfile, links: readonly PlacedLink[]): SharedPlaces {
  const home = new Map<string, string[]>();
  const past = new Map<string, Map<string, string[]>>();
  const orcidsAt = new Map<string, Map<string, string[]>>();
  const late = new Map<string, Map<string, string[]>>();
  let departmentsApart = true;
  const lateAt = (place: string): Map<string, string[]> => {
    const reasons = late.get(place) ?? new Map<string, string[]>();
    late.set(place, reasons);
    return reasons;
  };
  const note = (map: Map<string, string[]>, why: string, key: string): void => {
    map.set(why, [...(map.get(why) ?? []), key]);
  };
  for (const link of links) {
    if (link.authorIndex === undefined || link.intrinsic.some(NOT_THE_NAME)) continue;
    const author = link.record.authors[link.authorIndex]!;
    const affiliations = author.affiliations.filter((text) => text.trim() !== "");
    if (affiliations.length === 0) continue;
    const kinds = new Set(link.intrinsic.map((piece) => piece.kind));
    const someoneElse = kinds.has("orcid_conflict")
      ? "another ORCID iD"
      : kinds.has("middle_initial_conflict")
        ? "another middle initial"
        : undefined;
    let place: string | undefined;
    if (findHome(profile, affiliations)) {
      place = "home";
      const other = link.intrinsic.find((piece) => piece.kind === "affiliation_other_department");
      const named = departmentsNamed(profile, affiliations);
      if (other || someoneElse) {
        if (named.other.length === 0 || named.general.length > 0 || named.own.length > 0)
          departmentsApart = false;
      }
      if (other) note(home, `another department${named.other[0] ? ` (${named.other[0]})` : ""}`, link.key);
      else if (someoneElse) note(home, someoneElse, link.key);
    } else {
      const found = findPast(affiliations, profile.pastPositions);
      if (found) {
        place = institutionOf(profile, found.position.term);
        const reasons = past.get(place) ?? new Map<string, string[]>();
        past.set(place, reasons);
        const outOfYears = link.intrinsic.some(
          (piece) => piece.kind === "affiliation_past" && piece.weight === 0,
        );
        if (someoneElse) note(reasons, someoneElse, link.key);
        else if (outOfYears) note(lateAt(place), OUT_OF_YEARS_WHY, link.key);
        else if (afterHireAtUndated(profile, found.position, publicationYear(link.record)))
          note(lateAt(place), AFTER_HIRE_WHY, link.key);
      }
    }
    // Without their own iD to compare, two iDs at one place are two people.
    if (place !== undefined && !profile.orcid && author.orcid) {
      const byOrcid = orcidsAt.get(place) ?? new Map<string, string[]>();
      orcidsAt.set(place, byOrcid);
      note(byOrcid, author.orcid, link.key);
    }
  }
  // One paper there after they left is a late affiliation; several are someone working there.
  for (const [place, reasons] of late)
    for (const [why, keys] of reasons)
      if (keys.length >= (why === AFTER_HIRE_WHY ? UNDATED_PAST_LATE_ITEMS : OUT_OF_YEARS_ITEMS))
        past.get(place)!.set(why, keys);
  for (const [place, byOrcid] of orcidsAt) {
    if (byOrcid.size < 2) continue;
    const keys = [...byOrcid.values()].flat();
    (place === "home" ? home : past.get(place))?.set("two ORCID iDs", keys);
    if (place === "home") departmentsApart = false;
  }
  const shared = (reasons: Map<string, string[]>): SharedPlace | undefined =>
    reasons.size === 0
      ? undefined
      : { why: [...reasons.keys()].join(", "), items: fewItems([...reasons.values()].flat()) };
  const result: SharedPlaces = { past: new Map() };
  const atHome = shared(home);
  if (atHome) result.home = { ...atHome, departmentsApart };
  for (const [term, reasons] of past) {
    const place = shared(reasons);
    if (place) result.past.set(term, place);
  }
  return result;
}

/**
 * The places the person's own records show them at before their hire (own-places.ts) where the
 * results show another author of the name too, by folded institution name: a name-matched record
 * there carrying another ORCID iD or another middle initial, or, when the person has no ORCID iD,
 * two iDs there; or two records or more there after their hire (and its lag), when the person was
 * here (one is an old affiliation kept). The same tests as for a past employer: an own place is
 * one the ORCID employments and the roster left out, and a namesake working there is as likely.
 * Their own records there (`own`) show nothing about another author.
 */
export function findSharedOwnPlaces(
  profile: FacultyProfile,
  links: readonly PlacedLink[],
  ownPlaces: ReadonlySet<string>,
  own: ReadonlySet<string>,
): Map<string, SharedPlace> {
  const reasonsAt = new Map<string, Map<string, string[]>>();
  const lateAt = new Map<string, string[]>();
  const orcidsAt = new Map<string, Map<string, string[]>>();
  const note = (map: Map<string, string[]>, why: string, key: string): void => {
    map.set(why, [...(map.get(why) ?? []), key]);
  };
  const hereSince = profile.hireYear === null ? undefined : profile.hireYear + PAST_LAG_YEARS;
  for (const link of links) {
    if (link.authorIndex === undefined || own.has(link.key) || link.intrinsic.some(NOT_THE_NAME)) continue;
    const place = institutionAway(link, profile.homeTerms);
    if (place === undefined || !ownPlaces.has(place)) continue;
    const reasons = reasonsAt.get(place) ?? new Map<string, string[]>();
    reasonsAt.set(place, reasons);
    const kinds = new Set(link.intrinsic.map((piece) => piece.kind));
    const year = publicationYear(link.record);
    if (kinds.has("orcid_conflict")) note(reasons, "another ORCID iD", link.key);
    else if (kinds.has("middle_initial_conflict")) note(reasons, "another middle initial", link.key);
    else if (hereSince !== undefined && year !== undefined && year > hereSince)
      lateAt.set(place, [...(lateAt.get(place) ?? []), link.key]);
    const orcid = link.record.authors[link.authorIndex]!.orcid;
    // Without their own iD to compare, two iDs at one place are two people.
    if (!profile.orcid && orcid) {
      const byOrcid = orcidsAt.get(place) ?? new Map<string, string[]>();
      orcidsAt.set(place, byOrcid);
      note(byOrcid, orcid, link.key);
    }
  }
  // One paper there after their hire is an old affiliation kept; several are someone working there.
  for (const [place, keys] of lateAt)
    if (keys.length >= OUT_OF_YEARS_ITEMS)
      reasonsAt.get(place)!.set(`${OUT_OF_YEARS_WHY} (after their hire)`, keys);
  for (const [place, byOrcid] of orcidsAt)
    if (byOrcid.size >= 2) reasonsAt.get(place)!.set("two ORCID iDs", [...byOrcid.values()].flat());
  const shared = new Map<string, SharedPlace>();
  for (const [place, reasons] of reasonsAt)
    if (reasons.size > 0)
      shared.set(place, {
        why: [...reasons.keys()].join(", "),
        items: fewItems([...reasons.values()].flat()),
      });
  return shared;
}

/**
 * One institution under its shortest past-position term: "Quarry Hill University Medical Center"
 * (ORCID) and "Quarry Hill University" (the roster) are one place, where one author of the name
 * may show under either.
 */
export function institutionOf(profile: FacultyProfile, term: string): string {
  const folded = term.toLowerCase();
  let shortest = term;
  for (const position of profile.pastPositions) {
    const other = position.term.toLowerCase();
    if (other.length < shortest.length && folded.includes(other)) shortest = position.term;
  }
  return shortest;
}

/** How many places the search shows another author of the name at (for the name's ambiguity). */
export function sharedPlaceCount(places: SharedPlaces): number {
  return (places.home ? 1 : 0) + places.past.size;
}

/**
 * The link's evidence with a home or past-employer affiliation at a shared place turned into
 * `affiliation_shared`: smaller, and no anchor. A home affiliation naming their own department
 * (specifically theirs) still anchors, and says what separates them.
 */
export function applySharedPlaces(
  profile: FacultyProfile,
  link: PlacedLink,
  places: SharedPlaces,
): Evidence[] {
  if (link.authorIndex === undefined || (!places.home && places.past.size === 0)) return [...link.intrinsic];
  const author = link.record.authors[link.authorIndex]!;
  const affiliations = author.affiliations.filter((text) => text.trim() !== "");
  return link.intrinsic.map((piece) => {
    if (piece.kind === "affiliation_match" && places.home) {
      const home = findHome(profile, affiliations)!;
      const named = departmentsNamed(profile, affiliations);
      const own = named.own[0] ?? (places.home.departmentsApart ? named.general[0] : undefined);
      if (own)
        return {
          ...piece,
          reason: `${piece.reason} and their department (${own}), which the other author of this name there does not (${places.home.why})`,
          items: places.home.items,
        };
      return {
        kind: "affiliation_shared",
        weight: WEIGHTS.sharedAffiliation,
        reason: `affiliation "${excerpt(home.affiliation)}" names home institution "${home.term}", but another author of this name works there too (${places.home.why}) and it does not name their department: no anchor`,
        items: places.home.items,
      };
    }
    if (piece.kind === "affiliation_past" && piece.weight === 0) {
      const found = findPast(affiliations, profile.pastPositions);
      const place = found && places.past.get(institutionOf(profile, found.position.term));
      if (found && place?.why.includes(OUT_OF_YEARS_WHY))
        return {
          kind: "affiliation_past_other",
          weight: WEIGHTS.pastOtherAuthor,
          reason: `${piece.reason.replace(/: no evidence either way$/, "")}, where another author of this name works in years they were not there: that author's`,
          items: place.items,
        };
    }
    if (piece.kind === "affiliation_past" && piece.weight > 0) {
      const found = findPast(affiliations, profile.pastPositions);
      const place = found && places.past.get(institutionOf(profile, found.position.term));
      if (found && place)
        return {
          kind: "affiliation_shared",
          weight: WEIGHTS.sharedAffiliation,
          reason: `affiliation "${excerpt(found.affiliation)}" names past employer "${found.position.term}", but another author of this name works there too (${place.why}): no anchor`,
          items: place.items,
        };
    }
    return { ...piece };
  });
}
