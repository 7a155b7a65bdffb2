import type { Evidence } from "../identity/evidence.ts";
import { findTerm } from "../identity/terms.ts";
import { institutionAway, type ClusterRecord, type Clusters } from "./clusters.ts";
import type { FacultyProfile } from "./profile.ts";

/**
 * How many other authors share the person's name in what the search returned, estimated three
 * ways, the largest taken: distinct ORCID iDs other than theirs, distinct institutions other than
 * theirs, and clusters of records (shared co-authors, ORCID iD, institution) holding none of their
 * anchored items (less one when none of their clusters is anchored yet). Each undercounts in its own way (few authors give an iD; a namesake without an
 * affiliation shows none), so the largest is the estimate.
 */
export interface NameAmbiguity {
  otherAuthors: number;
  orcids: number;
  institutions: number;
  /** Their own institution and past employers where another author of the name works too. */
  sharedPlaces: number;
  clusters: number;
}

export function estimateNameAmbiguity(
  profile: FacultyProfile,
  /** Records whose matched author's name fits theirs without a conflict. */
  records: readonly ClusterRecord[],
  clusters: Clusters,
  anchored: ReadonlySet<string>,
  /** Their home institution and past employers where another author of the name works too. */
  sharedPlaces = 0,
): NameAmbiguity {
  const orcids = new Set<string>();
  const institutions = new Set<string>();
  const keys = new Set<string>();
  for (const item of records) {
    keys.add(item.key);
    if (item.authorIndex === undefined) continue;
    const author = item.record.authors[item.authorIndex]!;
    if (author.orcid && author.orcid !== profile.orcid) orcids.add(author.orcid);
    const away = institutionAway(item, profile.homeTerms);
    const affiliation = author.affiliations.join(" ");
    const past = profile.pastPositions.some((position) => findTerm(affiliation, [position.term]));
    if (away && !past) institutions.add(away);
  }
  let unanchoredClusters = 0;
  let anchoredClusters = 0;
  for (const cluster of clusters.all()) {
    const members = cluster.filter((key) => keys.has(key) || anchored.has(key));
    if (members.length < 2) continue;
    if (cluster.some((key) => anchored.has(key))) anchoredClusters++;
    else unanchoredClusters++;
  }
  // With none of their own clusters anchored yet, one of the others may well be theirs.
  if (anchoredClusters === 0) unanchoredClusters = Math.max(0, unanchoredClusters - 1);
  return {
    otherAuthors: Math.max(orcids.size, institutions.size + sharedPlaces, unanchoredClusters),
    orcids: orcids.size,
    institutions: institutions.size,
    sharedPlaces,
    clusters: unanchoredClusters,
  };
}

/** The estimate as `review explain` prints it: a line of no weight of its own. */
export function ambiguityEvidence(ambiguity: NameAmbiguity): Evidence[] {
  const { otherAuthors, orcids, institutions, sharedPlaces, clusters } = ambiguity;
  if (otherAuthors === 0) return [];
  const parts = [
    institutions > 0 ? `${institutions} other ${institutions > 1 ? "institutions" : "institution"}` : "",
    sharedPlaces > 0
      ? `${sharedPlaces} at their own or a past ${sharedPlaces > 1 ? "institutions" : "institution"}`
      : "",
    orcids > 0 ? `${orcids} other ORCID ${orcids > 1 ? "iDs" : "iD"}` : "",
    clusters > 0
      ? `${clusters} co-author ${clusters > 1 ? "clusters" : "cluster"} sharing no one with theirs`
      : "",
  ].filter(Boolean);
  return [
    {
      kind: "name_ambiguity",
      weight: 0,
      reason: `name shared by about ${otherAuthors} other ${otherAuthors > 1 ? "authors" : "author"} in the results (${parts.join(", ")}): name agreement counts for less`,
    },
  ];
}
