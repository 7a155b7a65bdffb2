import type { Evidence } from "../identity/evidence.ts";
import type { PubmedAuthor } from "../sources/pubmed/types.ts";
import { departmentsNamed } from "./evidence.ts";
import { divisionWords, type ColleagueName, type FacultyProfile } from "./profile.ts";
import { TWIN_TRAINING_YEARS, WEIGHTS } from "./weights.ts";

/**
 * Two roster members the name fits equally (twins) share the institution, so a home affiliation
 * alone says nothing between them. What the roster knows of each can: the division the affiliation
 * names, and the years each was here. A past employer does not: a namesake working there is as
 * likely as the twin (the bench's false accepts said so), so it stays with ORCID, e-mail, grants and
 * co-authors. Evidence that the matched author is the person and not the twin, saying what tells
 * them apart.
 */
export function twinSeparation(
  profile: FacultyProfile,
  twin: ColleagueName,
  twinDisplay: string,
  author: PubmedAuthor,
  year: number | undefined,
  intrinsic: readonly Evidence[],
): Evidence[] {
  const affiliations = author.affiliations.filter((text) => text.trim() !== "");
  if (affiliations.length === 0) return [];
  const separated = (why: string): Evidence[] => [
    {
      kind: "twin_separated",
      weight: WEIGHTS.twinSeparated,
      reason: `${why}: tells them apart from ${twinDisplay}, whose name is the same`,
      anchor: true,
    },
  ];
  const home = intrinsic.some((piece) => piece.kind === "affiliation_match" && piece.weight > 0);
  if (home) {
    // Their own division named, and nothing the twin's roster division is called.
    const theirs = departmentsNamed(profile, affiliations).own;
    const twinWords = divisionWords([twin.division ?? ""]);
    if (theirs.length > 0 && twinWords.length > 0) {
      const twins = departmentsNamed({ departmentWords: twinWords }, affiliations);
      if (twins.own.length === 0)
        return separated(`the affiliation names their division (${theirs[0]}), not ${twin.division}`);
    }
    // Here years before the twin came (and before any training of theirs here).
    const twinHire = twin.hireYear ?? null;
    if (
      year !== undefined &&
      twinHire !== null &&
      profile.hireYear !== null &&
      year >= profile.hireYear &&
      year < twinHire - TWIN_TRAINING_YEARS
    )
      return separated(
        `published ${year}, here since ${profile.hireYear}, ${twinHire - year} years before the other came (${twinHire})`,
      );
    return [];
  }
  return [];
}
