import type { Evidence } from "../identity/evidence.ts";
import { normalizeDoi } from "../sources/candidate.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../sources/pubmed/types.ts";
import { containsAddress, departmentsNamed } from "./evidence.ts";
import { isInstitutionalGrant, parseGrantNumber } from "./grant-numbers.ts";
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

/**
 * What only the twin can carry, found on the record: their ORCID iD or e-mail on the matched
 * author, the record being one of their own items (their ORCID record, a person's acceptance), or
 * their own grant acknowledged (and none of the person's). The name fits both, so the record is
 * the twin's: evidence against the person, and a record of the twin's whose co-authors and cluster
 * tell the two apart no more (score-articles.ts).
 */
export function twinAnchorEvidence(
  profile: FacultyProfile,
  twin: ColleagueName,
  twinDisplay: string,
  record: PubmedArticleRecord,
  authorIndex: number,
): Evidence[] {
  const author = record.authors[authorIndex]!;
  const against = (weight: number, why: string): Evidence[] => [
    { kind: "twin_anchor", weight, reason: `${why}: the record is theirs, whose name is the same` },
  ];
  if (twin.orcid && author.orcid === twin.orcid && author.orcid !== profile.orcid)
    return against(
      WEIGHTS.twinOrcid,
      `the author carries the ORCID iD of roster colleague ${twinDisplay} (${twin.orcid})`,
    );
  const email = (twin.emails ?? []).find(
    (address) =>
      !profile.emails.includes(address) && author.affiliations.some((text) => containsAddress(text, address)),
  );
  if (email)
    return against(
      WEIGHTS.twinEmail,
      `the affiliation gives the e-mail address of roster colleague ${twinDisplay} (${email})`,
    );
  const doi = normalizeDoi(record.doi);
  const own = (twin.ownItems ?? []).find(
    (item) =>
      (item.pmid === record.pmid || (doi !== undefined && normalizeDoi(item.doi) === doi)) &&
      // Both may be authors of one record: then it is the twin's at their own position only.
      (item.authorIndex === undefined || item.authorIndex === authorIndex),
  );
  if (own)
    return against(
      WEIGHTS.twinOwnItem,
      `the record is one of roster colleague ${twinDisplay}'s own items (their ORCID record, or accepted for them by a person)`,
    );
  const theirGrants = grantKeys(twin.grants ?? []);
  const ownGrants = grantKeys(profile.grants);
  const acknowledged = record.grants.flatMap(({ grantId }) => {
    const grant = parseGrantNumber(grantId);
    return grant ? [grant] : [];
  });
  if (acknowledged.some((grant) => ownGrants.has(grant.key))) return [];
  const twinGrant = acknowledged.find((grant) => theirGrants.has(grant.key) && !isInstitutionalGrant(grant));
  if (twinGrant)
    return against(
      WEIGHTS.twinGrant,
      `acknowledges grant ${twinGrant.display} of roster colleague ${twinDisplay} and none of theirs`,
    );
  return [];
}

function grantKeys(grants: ReadonlyArray<{ key: string }>): Set<string> {
  return new Set(grants.map((grant) => grant.key));
}
