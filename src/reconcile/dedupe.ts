/**
 * Dedupe: which stored items are one work, which stay two but are linked, and which are retracted.
 * Pure and deterministic: the same items and decisions give the same result, in the same order.
 *
 * Items are merged by, in this order (each step only adds to the groups of the ones before):
 *  1. a person's merge (`items merge A B`): always, even across any rule below;
 *  2. an exact key: the same DOI (normalised), PMID, PMCID, or grant number (NIH core project);
 *  3. a version link: ORCID's version-of DOI, or PubMed's UpdateOf/UpdateIn between a preprint
 *     and its article;
 *  4. a fuzzy match, strongest first: titles alike (see title.ts), years within one (two between a
 *     preprint and its article), and the same venue or the same first author; both when either year
 *     is missing. A preprint (whose venue is its server) and an article of which one names no first
 *     author need titles 0.95 alike instead. Only items of one family are compared (see
 *     facts.ts), within blocks (blocking.ts).
 *
 * Automatic merges (2-4) never join two groups that hold different PMIDs, nor a notice and an
 * ordinary item; fuzzy ones (4) also not two groups with different DOIs (a preprint's DOI aside) or
 * grant numbers. Such pairs are returned in `keptApart` when they otherwise matched. A person's
 * split (`items split ITEM`) keeps the item out of every automatic merge (so out of any chain
 * through others, too); only a person's merge joins it to another item, and that merge holds
 * whichever decision came first: a merge names both items, a split only says "not automatically".
 */
import { isReferenceSource } from "../sources/registry.ts";
import { capitalise, sharedSurname, sharedVenue } from "./agreement.ts";
import { TitleIndex, type BlockingStats } from "./blocking.ts";
import { itemFacts, type ItemFacts, type ReconcileInput } from "./facts.ts";
import { mergedView, type MergedView } from "./merge-view.ts";
import { bestTitleMatch, describe, findRelations, type ItemRelation } from "./relations.ts";
import type { TitleMatch } from "./title.ts";

export type { ReconcileInput, SourceInput } from "./facts.ts";
export type { MergedView, ViewField, ViewSource } from "./merge-view.ts";
export { FIELD_PRECEDENCE } from "./merge-view.ts";
export type { ItemRelation, RelationType } from "./relations.ts";

/** A person's decisions about one ledger, by item id. */
export interface PersonDecisions {
  merges: ReadonlyArray<readonly [number, number]>;
  splits: readonly number[];
}

export interface ReconciledGroup {
  /** The published article over a preprint, then an item PubMed lists, then the lowest id. */
  canonicalId: number;
  memberIds: number[];
  view: MergedView;
  /** Why its members are one item, one line per merge, in the order they were made. */
  why: string[];
}

export interface ReconcileStats {
  items: number;
  groups: number;
  blocks: number;
  largeBlocks: number;
  candidatePairs: number;
  titleComparisons: number;
}

export interface ReconcileResult {
  /** Sorted by canonical id. */
  groups: ReconciledGroup[];
  relations: ItemRelation[];
  /** Canonical ids of retracted groups: flagged, never counted. */
  retractedIds: number[];
  /** Pairs that matched but were kept apart, and why: for a person to look at. */
  keptApart: Array<{ ids: [number, number]; why: string }>;
  /** Ids in decisions that name no item given (the item has gone): those decisions did nothing. */
  unknownDecisionIds: number[];
  stats: ReconcileStats;
}

/** Years apart that a near title match accepts; a preprint and its article may be a year further apart. */
export const YEAR_GAP = 1;
export const PREPRINT_YEAR_GAP = 2;
/** Titles must be this alike when either item has no year. */
const UNDATED_TITLE_THRESHOLD = 0.95;

export const NO_DECISIONS: PersonDecisions = { merges: [], splits: [] };

type EdgeKind = "person" | "exact" | "version" | "fuzzy";
const EDGE_ORDER: Record<EdgeKind, number> = { person: 0, exact: 1, version: 2, fuzzy: 3 };

interface Edge {
  a: number;
  b: number;
  kind: EdgeKind;
  strength: number;
  why: string;
}

/**
 * Reconciles one ledger: every stored item (ids unique, each with at least one source record) and
 * a person's decisions about them. Throws RangeError on a repeated id or an item without records.
 */
export function reconcileItems(
  items: readonly ReconcileInput[],
  decisions: PersonDecisions = NO_DECISIONS,
): ReconcileResult {
  const facts = [...items].sort((a, b) => a.id - b.id).map(itemFacts);
  const byId = new Map<number, number>();
  for (const item of facts) {
    if (byId.has(item.id)) throw new RangeError(`item ${item.id} is given twice`);
    byId.set(item.id, item.index);
  }
  const unknownDecisionIds = [...new Set([...decisions.merges.flat(), ...decisions.splits])]
    .filter((id) => !byId.has(id))
    .sort((a, b) => a - b);
  const split = new Set(decisions.splits.flatMap((id) => (byId.has(id) ? [byId.get(id)!] : [])));

  const titleIndex = new TitleIndex(
    facts.map((item) => item.titles),
    facts.map((item) => item.years),
    PREPRINT_YEAR_GAP,
  );
  let titleComparisons = 0;
  const onCompare = (): void => {
    titleComparisons++;
  };

  const groups = new Groups(facts);
  const keptApart: Array<{ ids: [number, number]; why: string }> = [];
  const keptApartPairs = new Set<string>();
  const apply = (edge: Edge): void => {
    if (edge.kind !== "person" && (split.has(edge.a) || split.has(edge.b))) return;
    const refused =
      edge.kind === "person" ? undefined : groups.conflict(edge.a, edge.b, edge.kind === "fuzzy");
    if (refused === undefined) {
      groups.union(edge.a, edge.b, edge.why);
    } else if (!keptApartPairs.has(`${edge.a} ${edge.b}`)) {
      keptApartPairs.add(`${edge.a} ${edge.b}`);
      keptApart.push({ ids: [facts[edge.a]!.id, facts[edge.b]!.id], why: `${edge.why}; but ${refused}` });
    }
  };

  // The first item listing each PMID: version links and relations both look items up by it.
  const byPmid = new Map<string, number>();
  for (const item of facts)
    for (const pmid of item.pmids) if (!byPmid.has(pmid)) byPmid.set(pmid, item.index);

  personEdges(decisions, byId, facts).forEach(apply);
  exactEdges(facts).forEach(apply);
  versionEdges(facts, byPmid).forEach(apply);
  const fuzzy: Edge[] = [];
  const blocking = titleIndex.pairs((a, b) => {
    if (split.has(a) || split.has(b)) return;
    const edge = fuzzyEdge(facts[a]!, facts[b]!, onCompare);
    if (edge) fuzzy.push(edge);
  });
  fuzzy.sort(compareEdges(facts)).forEach(apply);

  const members = groups.members();
  const canonicalIndex = new Int32Array(facts.length);
  const ordered = members.map((indices) => {
    const sortedMembers = indices.map((index) => facts[index]!).sort(canonicalOrder);
    for (const index of indices) canonicalIndex[index] = sortedMembers[0]!.index;
    return sortedMembers;
  });
  const { relations, retracted } = findRelations({
    facts,
    canonicalOf: (index) => facts[canonicalIndex[index]!]!.id,
    titleIndex,
    byPmid,
    onCompare,
  });

  const result = ordered
    .map((group) => {
      const canonical = group[0]!;
      return {
        canonicalId: canonical.id,
        memberIds: group.map((item) => item.id).sort((a, b) => a - b),
        view: mergedView(group, retracted.get(canonical.id)),
        why: whyOf(group, groups.reasons(canonical.index), split),
      };
    })
    .sort((a, b) => a.canonicalId - b.canonicalId);
  return {
    groups: result,
    relations,
    retractedIds: [...retracted.keys()].sort((a, b) => a - b),
    keptApart,
    unknownDecisionIds,
    stats: stats(facts.length, result.length, blocking, titleComparisons),
  };
}

function stats(
  items: number,
  groups: number,
  blocking: BlockingStats,
  titleComparisons: number,
): ReconcileStats {
  return { items, groups, ...blocking, titleComparisons };
}

function whyOf(group: readonly ItemFacts[], merges: readonly string[], split: ReadonlySet<number>): string[] {
  const why = [...merges];
  for (const item of group) {
    if (split.has(item.index)) why.push(`item ${item.id} split by a person: kept out of automatic merges`);
    if (item.records.length > 1) {
      why.push(
        `item ${item.id} stored as one from ${item.records.map((record) => `${record.source} ${record.sourceId}`).join(", ")}`,
      );
    }
  }
  return why;
}

/** Published before preprint, an item the reference source (PubMed) lists before one it does not, then the lowest id. */
function canonicalOrder(a: ItemFacts, b: ItemFacts): number {
  return (
    Number(a.preprint) - Number(b.preprint) ||
    Number(a.notice !== undefined) - Number(b.notice !== undefined) ||
    Number(!hasReferenceRecord(a)) - Number(!hasReferenceRecord(b)) ||
    a.id - b.id
  );
}

function hasReferenceRecord(item: ItemFacts): boolean {
  return item.records.some((record) => isReferenceSource(record.source));
}

function compareEdges(facts: readonly ItemFacts[]) {
  return (x: Edge, y: Edge): number =>
    EDGE_ORDER[x.kind] - EDGE_ORDER[y.kind] ||
    y.strength - x.strength ||
    facts[x.a]!.id - facts[y.a]!.id ||
    facts[x.b]!.id - facts[y.b]!.id;
}

// ---------------------------------------------------------------------------------------------
// Edges

function personEdges(
  decisions: PersonDecisions,
  byId: ReadonlyMap<number, number>,
  facts: readonly ItemFacts[],
): Edge[] {
  return decisions.merges.flatMap(([x, y]) => {
    const a = byId.get(x);
    const b = byId.get(y);
    if (a === undefined || b === undefined || a === b) return [];
    return [
      {
        a,
        b,
        kind: "person" as const,
        strength: 1,
        why: `merged by a person: items ${facts[a]!.id} and ${facts[b]!.id}`,
      },
    ];
  });
}

/**
 * Items sharing a key, each joined to the first of them (ordinary items before notices, items
 * PubMed lists first, then by id), one edge per pair naming every key they share.
 */
function exactEdges(facts: readonly ItemFacts[]): Edge[] {
  const buckets = new Map<string, number[]>();
  const keyed = (label: string, values: readonly string[], index: number): void => {
    for (const value of values) {
      const key = `${label} ${value}`;
      const bucket = buckets.get(key);
      if (bucket) bucket.push(index);
      else buckets.set(key, [index]);
    }
  };
  for (const item of facts) {
    keyed("DOI", item.dois, item.index);
    keyed("PMID", item.pmids, item.index);
    keyed("PMCID", item.pmcids, item.index);
    if (item.family === "grant") keyed("grant number", item.grantNumbers, item.index);
  }
  const pairs = new Map<string, { a: number; b: number; keys: string[] }>();
  for (const [key, bucket] of buckets) {
    if (bucket.length < 2) continue;
    const [first, ...rest] = bucket.map((index) => facts[index]!).sort(canonicalOrder);
    for (const other of rest) {
      const [a, b] = first!.index < other.index ? [first!.index, other.index] : [other.index, first!.index];
      const pairKey = `${a}|${b}`;
      const pair = pairs.get(pairKey);
      if (pair) pair.keys.push(key);
      else pairs.set(pairKey, { a, b, keys: [key] });
    }
  }
  return [...pairs.values()]
    .map(({ a, b, keys }) => ({
      a,
      b,
      kind: "exact" as const,
      strength: 1,
      why: `same ${keys.join(", same ")} (items ${facts[a]!.id}, ${facts[b]!.id})`,
    }))
    .sort(compareEdges(facts));
}

// PubMed's links between a preprint and its published version.
const UPDATE_LINKS = new Set(["UpdateOf", "UpdateIn"]);

function versionEdges(facts: readonly ItemFacts[], byPmid: ReadonlyMap<string, number>): Edge[] {
  const byDoi = new Map<string, number>();
  for (const item of facts) for (const doi of item.dois) if (!byDoi.has(doi)) byDoi.set(doi, item.index);
  const edges: Edge[] = [];
  const link = (item: ItemFacts, other: number | undefined, why: string): void => {
    if (other === undefined || other === item.index) return;
    const target = facts[other]!;
    if (item.family !== "publication" || target.family !== "publication") return;
    edges.push({
      a: Math.min(item.index, other),
      b: Math.max(item.index, other),
      kind: "version",
      strength: 1,
      why,
    });
  };
  for (const item of facts) {
    for (const doi of item.versionOf) {
      link(
        item,
        byDoi.get(doi),
        `item ${item.id} is a version of DOI ${doi} (item ${idOf(facts, byDoi.get(doi))})`,
      );
    }
    for (const { refType, pmid } of item.pmidLinks) {
      if (!UPDATE_LINKS.has(refType)) continue;
      const other = byPmid.get(pmid);
      if (other === undefined || (!item.preprint && !facts[other]!.preprint)) continue;
      link(item, other, `PubMed: item ${item.id} ${refType} PMID ${pmid} (preprint and published version)`);
    }
  }
  return edges.sort(compareEdges(facts));
}

function idOf(facts: readonly ItemFacts[], index: number | undefined): string {
  return index === undefined ? "?" : String(facts[index]!.id);
}

/**
 * A near match between two items of one family, or undefined. Cheap tests first (family, years,
 * PMIDs, venue or first author); the title distance last.
 */
function fuzzyEdge(a: ItemFacts, b: ItemFacts, onCompare: () => void): Edge | undefined {
  if (a.family !== b.family) return undefined;
  // PubMed lists a preprint and its article under two PMIDs; two other PMIDs are two works.
  if (a.preprint === b.preprint && a.pmids.length > 0 && b.pmids.length > 0) {
    if (!a.pmids.some((pmid) => b.pmids.includes(pmid))) return undefined;
  }
  const gap = a.preprint !== b.preprint ? PREPRINT_YEAR_GAP : YEAR_GAP;
  const years = closestYears(a.years, b.years);
  if (years !== undefined && Math.abs(years[0] - years[1]) > gap) return undefined;
  const venue = sharedVenue(a.venues, b.venues);
  const author = sharedSurname(a.firstAuthors, b.firstAuthors);
  // A preprint's venue is its server, never the journal, and ORCID often lists no contributors: a
  // preprint and a published article of the same person may match on a near-identical title alone,
  // when one of them names no first author (two that name different ones are two works).
  const preprintPair =
    a.preprint !== b.preprint &&
    years !== undefined &&
    (a.firstAuthors.length === 0 || b.firstAuthors.length === 0);
  if (venue === undefined && author === undefined && !preprintPair) return undefined;
  if (years === undefined && (venue === undefined || author === undefined)) return undefined;
  const match = bestTitleMatch(a.titles, b.titles, { onCompare });
  if (!match || (years === undefined && match.score < UNDATED_TITLE_THRESHOLD)) return undefined;
  if (venue === undefined && author === undefined && match.score < UNDATED_TITLE_THRESHOLD) return undefined;
  return {
    a: a.index,
    b: b.index,
    kind: "fuzzy",
    // Among equally alike titles, the match with more evidence first: a CV entry without its
    // subtitle joins the paper of its year and first author, not a namesake's in the same journal.
    strength:
      match.score +
      (years && years[0] === years[1] ? 0.02 : 0) +
      (author !== undefined ? 0.02 : 0) +
      (venue !== undefined ? 0.01 : 0),
    why: fuzzyWhy(match, years, venue?.name, author, a.id, b.id),
  };
}

function fuzzyWhy(
  match: TitleMatch,
  years: [number, number] | undefined,
  venue: string | undefined,
  author: string | undefined,
  a: number,
  b: number,
): string {
  const parts = [
    describe(match),
    years ? (years[0] === years[1] ? `same year ${years[0]}` : `years ${years[0]}/${years[1]}`) : "undated",
    ...(author ? [`same first author ${capitalise(author)}`] : []),
    ...(venue ? [`same venue ${venue}`] : []),
  ];
  return `${parts.join(", ")} (items ${a}, ${b})`;
}

function closestYears(a: readonly number[], b: readonly number[]): [number, number] | undefined {
  let closest: [number, number] | undefined;
  for (const x of a) {
    for (const y of b) {
      if (closest === undefined || Math.abs(x - y) < Math.abs(closest[0] - closest[1])) closest = [x, y];
    }
  }
  return closest;
}

// ---------------------------------------------------------------------------------------------
// Groups: union-find that keeps, per group, what decides whether another may join.

class Groups {
  private readonly parent: Int32Array;
  private readonly size: Int32Array;
  private readonly data: Array<GroupData | undefined>;

  constructor(facts: readonly ItemFacts[]) {
    this.parent = Int32Array.from(facts, (_, index) => index);
    this.size = new Int32Array(facts.length).fill(1);
    this.data = facts.map((item) => ({
      pmids: new Set(item.preprint ? [] : item.pmids),
      dois: new Set(item.preprint ? [] : item.dois),
      grants: new Set(item.grantNumbers),
      notices: new Set(item.notice && item.family !== "publication" ? [item.family] : []),
      ordinary: item.notice === undefined || item.family === "publication",
      why: [],
    }));
  }

  find(index: number): number {
    let root = index;
    while (this.parent[root] !== root) root = this.parent[root]!;
    let next = index;
    while (this.parent[next] !== root) {
      const up = this.parent[next]!;
      this.parent[next] = root;
      next = up;
    }
    return root;
  }

  /** Why two groups must stay apart, or undefined. */
  conflict(a: number, b: number, fuzzy: boolean): string | undefined {
    const x = this.data[this.find(a)]!;
    const y = this.data[this.find(b)]!;
    if (x === y) return undefined;
    if (disjoint(x.pmids, y.pmids)) return `different PMIDs ${list(x.pmids)} and ${list(y.pmids)}`;
    if (
      (x.ordinary && y.notices.size > 0) ||
      (y.ordinary && x.notices.size > 0) ||
      disjoint(x.notices, y.notices)
    ) {
      return "a notice is never merged with the item it is about";
    }
    if (fuzzy && disjoint(x.dois, y.dois)) return `different DOIs ${list(x.dois)} and ${list(y.dois)}`;
    if (fuzzy && disjoint(x.grants, y.grants))
      return `different grant numbers ${list(x.grants)} and ${list(y.grants)}`;
    return undefined;
  }

  union(a: number, b: number, why: string): void {
    let x = this.find(a);
    let y = this.find(b);
    if (x === y) return;
    if (this.size[x]! < this.size[y]!) [x, y] = [y, x];
    const into = this.data[x]!;
    const from = this.data[y]!;
    for (const pmid of from.pmids) into.pmids.add(pmid);
    for (const doi of from.dois) into.dois.add(doi);
    for (const grant of from.grants) into.grants.add(grant);
    for (const notice of from.notices) into.notices.add(notice);
    into.ordinary ||= from.ordinary;
    into.why.push(...from.why, why);
    this.parent[y] = x;
    this.size[x]! += this.size[y]!;
    this.data[y] = undefined;
  }

  reasons(index: number): string[] {
    return this.data[this.find(index)]!.why;
  }

  /** Item indices of each group, groups in order of their first item. */
  members(): number[][] {
    const byRoot = new Map<number, number[]>();
    for (let index = 0; index < this.parent.length; index++) {
      const root = this.find(index);
      const group = byRoot.get(root);
      if (group) group.push(index);
      else byRoot.set(root, [index]);
    }
    return [...byRoot.values()];
  }
}

interface GroupData {
  pmids: Set<string>;
  dois: Set<string>;
  grants: Set<string>;
  /** Notice families among its members. */
  notices: Set<string>;
  /** Whether an ordinary (non-notice) item is among its members. */
  ordinary: boolean;
  why: string[];
}

function disjoint(a: ReadonlySet<string>, b: ReadonlySet<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const value of a) if (b.has(value)) return false;
  return true;
}

function list(values: ReadonlySet<string>): string {
  return [...values].sort().join("/");
}
