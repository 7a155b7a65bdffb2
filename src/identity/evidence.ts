/**
 * What a link between a person and a record carries: the evidence that it is theirs, each piece
 * with its weight and reason (as stored in the link's JSON column), their place among the authors,
 * and who decided it.
 */

export type AuthorPosition = "first" | "last" | "middle" | "sole";

export type EvidenceKind =
  | "orcid_match"
  | "orcid_conflict"
  | "full_first_name"
  | "first_name_conflict"
  | "initials"
  | "middle_initial_agrees"
  | "middle_initial_conflict"
  | "name_variant"
  | "affiliation_match"
  | "affiliation_past"
  | "affiliation_other_department"
  | "affiliation_shared"
  | "affiliation_other_team"
  | "affiliation_past_other"
  | "email_match"
  | "no_affiliation"
  | "affiliation_elsewhere"
  | "no_author_matched"
  | "coauthors_shared"
  | "coauthors_rejected"
  | "colleague_coauthor"
  | "colleague_unclaimed"
  | "colleague_namesake"
  | "journal_shared"
  | "topics_shared"
  | "grant_own"
  | "grant_on_accepted"
  | "before_career"
  | "orcid_record"
  | "reporter_profile_id"
  | "reporter_profile_conflict"
  | "reporter_name"
  | "reporter_organization"
  | "cv_row"
  | "coauthors_elsewhere"
  | "cluster_anchored"
  | "cluster_elsewhere"
  | "name_ambiguity"
  | "unanchored"
  | "twin_separated"
  | "twin_anchor"
  | "name_form_unlike";

export interface Evidence {
  kind: EvidenceKind;
  /** Points this piece adds to (or, when negative, takes from) the score. */
  weight: number;
  reason: string;
  /** On RePORTER evidence: the matched PI's profile id, which confirming the link stores on the person. */
  reporterProfileId?: number;
  /**
   * True on anchoring evidence: what can make a link theirs on its own (ORCID, e-mail, home or
   * past-employer affiliation in its years, their own grant, co-authors of anchored items).
   */
  anchor?: boolean;
  /** PMIDs of a few of the items the evidence comes from (co-authors, journals, clusters): the chain to follow. */
  items?: string[];
  /** The ScholarTrack item ids of `items`, as `review explain` adds them (never stored). */
  itemIds?: number[];
  /**
   * On a roster colleague whose name fits as well as theirs: the colleague, named so that a
   * reviewer knows the two are indistinguishable by name ("F012 Lee, David").
   */
  indistinguishableFrom?: string;
}

/** A link's evidence as stored in its JSON column; anything but a list reads as none. */
export function storedEvidence(value: unknown): Evidence[] {
  return Array.isArray(value) ? (value as Evidence[]) : [];
}

export function authorPosition(index: number, count: number): AuthorPosition {
  if (count === 1) return "sole";
  if (index === 0) return "first";
  if (index === count - 1) return "last";
  return "middle";
}

/** Who an automatic decision is recorded as; anything else is a person. */
export const SYSTEM_DECIDER = "system";
