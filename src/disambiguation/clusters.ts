import { foldName } from "../identity/names.ts";
import { findTerm } from "../identity/terms.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { CoauthorIndex, type Coauthor } from "./coauthors.ts";
import type { CoauthorsFor } from "./context.ts";

/**
 * A person's candidate records grouped into clusters of one author each: records are joined when
 * their matched authors carry the same ORCID iD, when they share two co-authors or more, or one
 * co-author and the same institution away from home. One shared co-author alone joins nothing:
 * collaborators overlap by chance, and a chance overlap must not make two namesakes one author.
 * Nor does it with the same institution where the results show another author of the name there
 * (`sharedPlaces`): the namesake meets the person's collaborators there by working there.
 */

export interface ClusterRecord {
  key: string;
  record: PubmedArticleRecord;
  authorIndex: number | undefined;
}

export class Clusters {
  private readonly parent = new Map<string, string>();
  private readonly membersOf = new Map<string, string[]>();

  constructor(
    records: readonly ClusterRecord[],
    coauthorsFor: CoauthorsFor,
    homeTerms: readonly string[],
    /** Institutions (folded, as institutionName folds them) where another author of the name works. */
    sharedPlaces: ReadonlySet<string> = new Set(),
  ) {
    const byKey = new Map<string, ClusterRecord>();
    for (const item of records) if (!byKey.has(item.key)) byKey.set(item.key, item);
    for (const key of byKey.keys()) this.parent.set(key, key);

    const coauthors = new Map<string, Coauthor[]>();
    const index = new CoauthorIndex();
    const byOrcid = new Map<string, string>();
    for (const [key, { record, authorIndex }] of byKey) {
      if (authorIndex === undefined) continue;
      const list = coauthorsFor(record, authorIndex);
      coauthors.set(key, list);
      index.add(key, list);
      const orcid = record.authors[authorIndex]?.orcid;
      if (orcid) {
        const first = byOrcid.get(orcid);
        if (first) this.union(first, key);
        else byOrcid.set(orcid, key);
      }
    }
    for (const [key, list] of coauthors) {
      const counts = new Map<string, number>();
      for (const { items } of index.shared(list, new Set([key])))
        for (const other of items) counts.set(other, (counts.get(other) ?? 0) + 1);
      const away = institutionAway(byKey.get(key)!, homeTerms);
      const place = away !== undefined && !sharedPlaces.has(away) ? away : undefined;
      for (const [other, count] of counts) {
        if (count >= 2 || (place !== undefined && place === institutionAway(byKey.get(other)!, homeTerms)))
          this.union(key, other);
      }
    }
    for (const key of byKey.keys()) {
      const root = this.find(key);
      this.membersOf.set(root, [...(this.membersOf.get(root) ?? []), key]);
    }
  }

  /** The record's cluster, itself included. */
  clusterOf(key: string): readonly string[] {
    return this.membersOf.get(this.find(key)) ?? [key];
  }

  /** Every cluster, each a list of record keys. */
  all(): string[][] {
    return [...this.membersOf.values()];
  }

  private find(key: string): string {
    let root = key;
    while (this.parent.has(root) && this.parent.get(root) !== root) root = this.parent.get(root)!;
    return root;
  }

  private union(a: string, b: string): void {
    const rootA = this.find(a);
    const rootB = this.find(b);
    if (rootA !== rootB) this.parent.set(rootA < rootB ? rootB : rootA, rootA < rootB ? rootA : rootB);
  }
}

// The part of an affiliation that names the institution rather than a department or a street.
const INSTITUTION_WORDS =
  /\b(?:universit\w*|college|hospital|institut\w*|clinic|klinik\w*|school|centre|center|foundation|academy)\b/i;
const UNIT_WORDS =
  /^\s*(?:department|dept|division|section|unit|service|program|laboratory|center for|centre for)\b/i;

/** The matched author's institution, when it is not the home institution: folded, for comparison. */
export function institutionAway(item: ClusterRecord, homeTerms: readonly string[]): string | undefined {
  if (item.authorIndex === undefined) return undefined;
  const author = item.record.authors[item.authorIndex];
  const affiliation = author?.affiliations.find((text) => text.trim() !== "");
  if (!affiliation || findTerm(affiliation, homeTerms)) return undefined;
  return institutionName(affiliation);
}

/** "Department of Medicine, Riverside University, Springfield" -> "riverside university". */
export function institutionName(affiliation: string): string | undefined {
  const parts = affiliation.split(/[,;]/).map((part) => part.trim());
  const named = parts.find((part) => INSTITUTION_WORDS.test(part) && !UNIT_WORDS.test(part));
  const key = named ? foldName(named) : "";
  return key === "" ? undefined : key;
}
