import type { Evidence } from "../identity/evidence.ts";
import type { NameAmbiguity } from "./ambiguity.ts";
import type { Thresholds } from "./score.ts";
import { scoreEvidence } from "./score.ts";
import {
  ANCHOR_KINDS,
  ANCHOR_MINIMUM_WEIGHT,
  nameAgreementWeight,
  SEPARATING_KINDS,
  WEIGHTS,
} from "./weights.ts";

/**
 * Anchors: which pieces of a link's evidence can make it theirs on their own, the line that holds a
 * link without one below the accept threshold, and name agreement weakened by the name's ambiguity.
 */

// Evidence only the person can have: what a cluster needs to carry its anchor to its members.
export const STRONG_KINDS: ReadonlySet<string> = new Set([
  "orcid_match",
  "orcid_record",
  "email_match",
  "grant_own",
]);

/** Marks anchoring pieces (see ANCHOR_KINDS, SEPARATING_KINDS); co-author and grant evidence come marked. */
export function markAnchors(evidence: Evidence[], twin: boolean): Evidence[] {
  const kinds = twin ? SEPARATING_KINDS : ANCHOR_KINDS;
  for (const piece of evidence) {
    // Co-author and grant evidence from anchored items say themselves when they anchor.
    if (
      piece.kind === "coauthors_shared" ||
      piece.kind === "twin_separated" ||
      (piece.kind === "grant_on_accepted" && !twin)
    )
      continue;
    if (kinds.has(piece.kind) && piece.weight >= ANCHOR_MINIMUM_WEIGHT) piece.anchor = true;
    else delete piece.anchor;
  }
  return evidence;
}

/** A link with no anchor, however much else speaks for it, stays below the accept threshold. */
export function holdUnanchored(
  evidence: readonly Evidence[],
  twin: boolean,
  thresholds: Thresholds,
): Evidence[] {
  if (evidence.some((piece) => piece.anchor)) return [];
  const { total } = scoreEvidence(evidence);
  const highest = thresholds.accept - 1;
  if (total <= highest) return [];
  const colleague = evidence.find((piece) => piece.indistinguishableFrom)?.indistinguishableFrom;
  return [
    {
      kind: "unanchored",
      weight: highest - total,
      reason:
        twin && colleague
          ? `indistinguishable by name from roster colleague ${colleague}, and nothing separates them (ORCID, e-mail, their own grant or co-authors): held for review`
          : "no anchoring evidence (ORCID, e-mail, home or past-employer affiliation in its years, their own grant, co-authors of anchored items, a roster colleague on a record no other author of the name claims): name and corroboration alone never accept",
    },
  ];
}

/**
 * Another ORCID iD on the author (or a roster twin's ORCID iD, e-mail, item or grant), or an affiliation elsewhere after their hire, another department
 * at home, or a past employer in years they were not there where another author of the name is.
 */
export function anchoredElsewhere(intrinsic: readonly Evidence[]): boolean {
  return intrinsic.some(
    (piece) =>
      piece.kind === "orcid_conflict" ||
      piece.kind === "twin_anchor" ||
      piece.kind === "affiliation_other_department" ||
      piece.kind === "affiliation_past_other" ||
      (piece.kind === "affiliation_elsewhere" && piece.weight === WEIGHTS.elsewhereAfterHire),
  );
}

/** First name and middle initial count for less the more authors share the name in the results. */
export function weakenNameAgreement(intrinsic: readonly Evidence[], ambiguity: NameAmbiguity): Evidence[] {
  return intrinsic.map((piece) => {
    if (
      ambiguity.otherAuthors === 0 ||
      (piece.kind !== "full_first_name" && piece.kind !== "middle_initial_agrees")
    )
      return { ...piece };
    const weight = nameAgreementWeight(piece.weight, ambiguity.otherAuthors);
    return weight === piece.weight
      ? { ...piece }
      : { ...piece, weight, reason: `${piece.reason} (${piece.weight} for a name few share)` };
  });
}
