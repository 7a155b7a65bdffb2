import type { Evidence } from "../identity/evidence.ts";
import { foldName } from "../identity/names.ts";
import type { PubmedArticleRecord } from "../sources/pubmed/types.ts";
import { CoauthorIndex, coauthorsOf, type Coauthor } from "./coauthors.ts";
import { isInstitutionalGrant, parseGrantNumber } from "./grant-numbers.ts";
import {
  CLOSE_COAUTHOR_ITEMS,
  CLOSE_COAUTHOR_SHARE,
  COAUTHOR_SHARE,
  JOURNAL_SHARE,
  LONGSTANDING_COAUTHOR_ITEMS,
  RECURRING_COAUTHOR_ITEMS,
  RECURRING_GRANT_ITEMS,
  TOPIC_SHARE,
  WEIGHTS,
} from "./weights.ts";

/**
 * What the person's sure items (anchors) and rejected items say about a candidate: co-authors,
 * journals, subjects and grants in common. An item never counts for itself, nor do its errata and
 * comments (the same work again).
 */

/** A record whose author `authorIndex` is (or, for rejected items, is not) the person. */
export interface ContextRecord {
  /** The item's identity for exclusion: its PMID. */
  key: string;
  record: PubmedArticleRecord;
  /** The person's position on it; undefined when unknown, and then its co-authors are not used. */
  authorIndex: number | undefined;
}

// Check tags and study-design headings: on most records, so they say nothing about subject.
const NON_TOPICAL = new Set(
  [
    "Humans",
    "Animals",
    "Male",
    "Female",
    "Adult",
    "Aged",
    "Aged, 80 and over",
    "Middle Aged",
    "Young Adult",
    "Adolescent",
    "Child",
    "Child, Preschool",
    "Infant",
    "Infant, Newborn",
    "Pregnancy",
    "United States",
    "Retrospective Studies",
    "Prospective Studies",
    "Cohort Studies",
    "Cross-Sectional Studies",
    "Surveys and Questionnaires",
    "Risk Factors",
    "Treatment Outcome",
    "Follow-Up Studies",
    "Time Factors",
    "Quality Improvement",
    "Qualitative Research",
  ].map((heading) => foldName(heading)),
);

export function journalKey(record: PubmedArticleRecord): string | undefined {
  if (record.issn) return `issn:${record.issn.toUpperCase()}`;
  const title = record.journalAbbreviation ?? record.journal;
  return title ? `title:${foldName(title)}` : undefined;
}

function journalName(record: PubmedArticleRecord): string {
  return record.journalAbbreviation ?? record.journal ?? "the journal";
}

/** MeSH descriptors (less check tags) and author keywords, folded. */
export function topicTerms(record: PubmedArticleRecord): Map<string, string> {
  const terms = new Map<string, string>();
  for (const written of [...record.meshHeadings, ...record.keywords]) {
    // A MeSH heading may carry qualifiers after a slash: the descriptor is what matters.
    const descriptor = written.split("/")[0]!.replace(/\*/g, "").trim();
    const key = foldName(descriptor);
    if (key !== "" && !NON_TOPICAL.has(key) && !terms.has(key)) terms.set(key, descriptor);
  }
  return terms;
}

/** The items a record is the same work as: errata for it, comments on it, and the reverse. */
export function relatedKeys(record: PubmedArticleRecord): string[] {
  return record.commentsCorrections.flatMap((link) => (link.pmid ? [link.pmid] : []));
}

function countBy<K>(map: Map<K, Set<string>>, key: K, item: string): void {
  const items = map.get(key);
  if (items) items.add(item);
  else map.set(key, new Set([item]));
}

function without(items: ReadonlySet<string> | undefined, exclude: ReadonlySet<string>): number {
  if (!items) return 0;
  let count = 0;
  for (const item of items) if (!exclude.has(item)) count++;
  return count;
}

const NOTICE_TYPES = new Set([
  "Published Erratum",
  "Retraction of Publication",
  "Comment",
  "Expression of Concern",
]);

/** An erratum, retraction notice or comment: about another item, not a work of its own. */
function isNotice(record: PubmedArticleRecord): boolean {
  return record.publicationTypes.some((type) => NOTICE_TYPES.has(type));
}

/** The co-authors of a record whose author `authorIndex` is the person. */
export type CoauthorsFor = (record: PubmedArticleRecord, authorIndex: number | undefined) => Coauthor[];

/** How many item PMIDs an evidence line names: enough to follow the chain, few enough to read. */
const ITEMS_SHOWN = 5;

/** A few of the items, in PMID order. */
export function fewItems(items: Iterable<string>): string[] {
  return [...new Set(items)].sort().slice(0, ITEMS_SHOWN);
}

export interface CoauthorOptions {
  /** The namesakes' items: co-authors who write with them as much as with the person tell nothing apart. */
  elsewhere?: RejectedSet;
  /** How many co-authors must be shared for the evidence to anchor (more than the set's own rule). */
  coauthorsToAnchor?: number;
  /** The candidate's co-authors to compare, when not all of them (a twin's: no roster colleagues). */
  candidateCoauthors?: Coauthor[];
}

export class AnchorSet {
  private readonly keys = new Set<string>();
  /** Items that are the same work as an anchor (errata, comments): keyed by the related PMID. */
  private readonly relatedTo = new Map<string, Set<string>>();
  private readonly coauthors = new CoauthorIndex();
  /** First initials seen with each co-author surname on the anchored items: many means a common surname. */
  private readonly initialsBySurname = new Map<string, Set<string>>();
  private readonly journals = new Map<string, Set<string>>();
  private readonly topics = new Map<string, Set<string>>();
  private readonly grants = new Map<string, Set<string>>();
  private readonly grantDisplay = new Map<string, { display: string; institutional: boolean }>();
  /** Recurring co-authors a record must share with the anchors for the evidence to anchor it. */
  coauthorsToAnchor = 1;
  /** Records whose shared co-authors all write with another author of the name too. */
  private readonly namesakesCollaborators = new Set<string>();

  /**
   * @param ownGrantKeys the person's own grants, which own-grant evidence already counts: not
   *   counted again for being on accepted items.
   */
  constructor(
    anchors: readonly ContextRecord[],
    private readonly ownGrantKeys: ReadonlySet<string> = new Set(),
    private readonly coauthorsFor: CoauthorsFor = coauthorsOf,
  ) {
    for (const { key, record, authorIndex } of anchors) {
      if (this.keys.has(key)) continue;
      this.keys.add(key);
      for (const related of relatedKeys(record)) countBy(this.relatedTo, related, key);
      // An erratum or comment repeats its article's authors: counting both would make a one-off
      // co-author look like a recurring collaborator.
      const notice = isNotice(record);
      if (authorIndex !== undefined && !notice) {
        const coauthors = this.coauthorsFor(record, authorIndex);
        this.coauthors.add(key, coauthors);
        for (const { key: name } of coauthors) {
          const [surname = "", initial = ""] = name.split("|");
          const initials = this.initialsBySurname.get(surname) ?? new Set<string>();
          initials.add(initial);
          this.initialsBySurname.set(surname, initials);
        }
      }
      const journal = journalKey(record);
      if (journal) countBy(this.journals, journal, key);
      for (const term of topicTerms(record).keys()) countBy(this.topics, term, key);
      for (const { grantId } of record.grants) {
        const grant = parseGrantNumber(grantId);
        if (!grant) continue;
        countBy(this.grants, grant.key, key);
        if (!this.grantDisplay.has(grant.key) || grant.activityCode)
          this.grantDisplay.set(grant.key, {
            display: grant.display,
            institutional: isInstitutionalGrant(grant),
          });
      }
    }
  }

  get size(): number {
    return this.keys.size;
  }

  has(key: string): boolean {
    return this.keys.has(key);
  }

  /** Anchors that must not count for this record: itself, and the same work under another PMID. */
  exclusions(key: string, record: PubmedArticleRecord): Set<string> {
    const exclude = new Set<string>([key, ...relatedKeys(record)]);
    for (const anchor of this.relatedTo.get(key) ?? []) exclude.add(anchor);
    return exclude;
  }

  /**
   * Co-author, journal, subject and grant evidence for the record, its author `authorIndex` being
   * the person. `options.elsewhere` (the namesakes' items) takes out co-authors who write with
   * them as much as with the person: they tell nothing apart. `options.coauthorsToAnchor` raises
   * how many co-authors must be shared for the evidence to anchor.
   */
  evidence(
    key: string,
    record: PubmedArticleRecord,
    authorIndex: number,
    options: CoauthorOptions = {},
  ): Evidence[] {
    const exclude = this.exclusions(key, record);
    const anchorCount = without(this.keys, exclude);
    if (anchorCount === 0) return [];
    return [
      ...this.coauthorEvidence(record, authorIndex, exclude, anchorCount, options),
      ...this.journalEvidence(record, exclude, anchorCount),
      ...this.topicEvidence(record, exclude, anchorCount),
      ...this.grantEvidence(record, exclude),
    ];
  }

  /**
   * Whether every co-author the record shares with the anchored items also writes with another
   * author of the name (as its co-author evidence found): then they tell the two apart no more
   * than the cluster they join the record to does.
   */
  sharesOnlyNamesakesCollaborators(record: PubmedArticleRecord): boolean {
    return this.namesakesCollaborators.has(record.pmid);
  }

  /** Short names of the record's co-authors who are also on anchors (other than those excluded). */
  sharedCoauthorNames(record: PubmedArticleRecord, authorIndex: number, exclude: Set<string>): string[] {
    return this.coauthors
      .shared(this.coauthorsFor(record, authorIndex), exclude)
      .map(({ coauthor }) => coauthor.display);
  }

  private coauthorEvidence(
    record: PubmedArticleRecord,
    authorIndex: number,
    exclude: Set<string>,
    anchorCount: number,
    options: CoauthorOptions,
  ): Evidence[] {
    const elsewhere =
      options.elsewhere?.itemCounts(record, authorIndex, exclude) ?? new Map<string, number>();
    const shared = this.coauthors
      .shared(options.candidateCoauthors ?? this.coauthorsFor(record, authorIndex), exclude)
      .filter(({ items }) => items.size >= 2 && items.size >= COAUTHOR_SHARE * anchorCount)
      .filter(({ coauthor, items }) => (elsewhere.get(coauthor.display) ?? 0) * 2 < items.size);
    if (shared.length === 0) return [];
    // The most frequent first: a close collaborator (on a good share of their anchored items)
    // weighs more, and anchors alone however common the name.
    shared.sort((a, b) => b.items.size - a.items.size);
    const closest = shared[0]!;
    const close = this.isClose(closest, anchorCount);
    const longstanding =
      closest.items.size >= LONGSTANDING_COAUTHOR_ITEMS &&
      (elsewhere.get(closest.coauthor.display) ?? 0) === 0;
    const first = longstanding
      ? WEIGHTS.coauthorLongstanding
      : close
        ? WEIGHTS.coauthorClose
        : closest.items.size >= RECURRING_COAUTHOR_ITEMS
          ? WEIGHTS.coauthorRecurring
          : WEIGHTS.coauthorFirst;
    const steps = [first, WEIGHTS.coauthorSecond];
    const weight = Math.min(
      WEIGHTS.coauthorCap,
      shared.reduce((sum, _, index) => sum + (steps[index] ?? WEIGHTS.coauthorMore), 0),
    );
    const items = new Set(shared.flatMap(({ items: found }) => [...found]));
    const names = shared.map(({ coauthor }) => coauthor.display);
    // Only co-authors who write with none of the namesakes tell the person apart, so only they
    // anchor (as for twins): a collaborator of both could be on either's paper.
    const separating = shared.filter(({ coauthor }) => (elsewhere.get(coauthor.display) ?? 0) === 0);
    const bothNames = shared
      .filter(({ coauthor }) => (elsewhere.get(coauthor.display) ?? 0) > 0)
      .map(({ coauthor }) => coauthor.display);
    if (separating.length === 0) this.namesakesCollaborators.add(record.pmid);
    const closeSeparating = separating[0] !== undefined && this.isClose(separating[0], anchorCount);
    // On a record without an affiliation on them (MEDLINE before 2014, a middle author), one
    // collaborator on three of their anchored items and on none of the namesakes' is a working
    // relationship of theirs, however common the name: it anchors as a close one does. With an
    // affiliation, the place speaks first (elsewhere, or where another author of the name works).
    const unplaced = (record.authors[authorIndex]?.affiliations ?? []).every((text) => text.trim() === "");
    const recurringSeparating =
      unplaced && separating[0] !== undefined && separating[0].items.size >= RECURRING_COAUTHOR_ITEMS;
    return [
      {
        kind: "coauthors_shared",
        weight,
        reason:
          `shares ${names.length > 1 ? "co-authors" : "co-author"} ${names.join(", ")} with ${items.size} accepted ${items.size > 1 ? "items" : "item"}` +
          (longstanding
            ? ` (${closest.coauthor.display}, a long-standing collaborator, on ${closest.items.size} of their ${anchorCount} anchored items and none of the namesakes')`
            : close
              ? ` (${closest.coauthor.display}, a close collaborator, on ${closest.items.size} of their ${anchorCount} anchored items)`
              : first === WEIGHTS.coauthorRecurring
                ? ` (${closest.coauthor.display} on ${closest.items.size} of their anchored items)`
                : "") +
          (bothNames.length > 0
            ? `; ${bothNames.join(", ")} ${bothNames.length > 1 ? "write" : "writes"} with another author of this name too: no anchor from ${bothNames.length > 1 ? "them" : "this one"}`
            : ""),
        items: fewItems(items),
        // A record anchored elsewhere itself still needs as many as its options say.
        ...(separating.length >= (options.coauthorsToAnchor ?? 1) &&
        (closeSeparating || recurringSeparating || separating.length >= this.coauthorsToAnchor)
          ? { anchor: true }
          : {}),
      },
    ];
  }

  /**
   * A close collaborator: on five anchored items or more, and on a fifth of them, or with a rare
   * surname (one first initial among all the co-authors of that surname on the anchored items):
   * "Kroninen D" on five of a prolific person's papers is no coincidence, "Wang Y" may be.
   */
  private isClose(entry: { coauthor: Coauthor; items: Set<string> }, anchorCount: number): boolean {
    if (entry.items.size < CLOSE_COAUTHOR_ITEMS) return false;
    if (entry.items.size >= CLOSE_COAUTHOR_SHARE * anchorCount) return true;
    const surname = entry.coauthor.key.split("|")[0] ?? "";
    return (this.initialsBySurname.get(surname)?.size ?? 0) <= 1;
  }

  private journalEvidence(
    record: PubmedArticleRecord,
    exclude: Set<string>,
    anchorCount: number,
  ): Evidence[] {
    const journal = journalKey(record);
    const found = journal ? this.journals.get(journal) : undefined;
    const count = without(found, exclude);
    if (count < 3 || count < JOURNAL_SHARE * anchorCount) return [];
    return [
      {
        kind: "journal_shared",
        weight: WEIGHTS.journalShared,
        reason: `journal "${journalName(record)}" appears on ${count} of ${anchorCount} accepted items`,
        items: fewItems([...found!].filter((item) => !exclude.has(item))),
      },
    ];
  }

  private topicEvidence(record: PubmedArticleRecord, exclude: Set<string>, anchorCount: number): Evidence[] {
    const frequent: string[] = [];
    const sources: string[] = [];
    for (const [term, written] of topicTerms(record)) {
      const items = this.topics.get(term);
      const count = without(items, exclude);
      if (count >= 2 && count >= TOPIC_SHARE * anchorCount) {
        frequent.push(written);
        sources.push(...[...items!].filter((item) => !exclude.has(item)));
      }
    }
    if (frequent.length < 2) return [];
    const shown = frequent.sort();
    return [
      {
        kind: "topics_shared",
        weight: WEIGHTS.topicsShared,
        reason: `subjects ${shown.map((term) => `"${term}"`).join(", ")} are frequent among their accepted items`,
        items: fewItems(sources),
      },
    ];
  }

  private grantEvidence(record: PubmedArticleRecord, exclude: Set<string>): Evidence[] {
    const found = new Map<string, number>();
    const sources: string[] = [];
    for (const { grantId } of record.grants) {
      const grant = parseGrantNumber(grantId);
      if (!grant || found.has(grant.key) || this.ownGrantKeys.has(grant.key)) continue;
      const items = this.grants.get(grant.key);
      const count = without(items, exclude);
      if (count > 0) {
        found.set(grant.key, count);
        sources.push(...[...items!].filter((item) => !exclude.has(item)));
      }
    }
    if (found.size === 0) return [];
    const described = [...found.entries()]
      .map(([grantKey, count]) => ({ ...this.grantDisplay.get(grantKey)!, count }))
      .sort((a, b) => a.display.localeCompare(b.display));
    const institutional = described.every((grant) => grant.institutional);
    const most = Math.max(...described.map((grant) => grant.count));
    // An investigator's award acknowledged on three of their anchored items is their research
    // programme's: a namesake elsewhere does not acknowledge it. It anchors, as their own grant does.
    const programme = described.some((grant) => !grant.institutional && grant.count >= RECURRING_GRANT_ITEMS);
    return [
      {
        kind: "grant_on_accepted",
        weight: institutional ? WEIGHTS.grantInstitutional : WEIGHTS.grantOnAccepted,
        reason: `grant ${described.map((grant) => grant.display).join(", ")} is acknowledged on ${most} accepted ${most > 1 ? "items" : "item"}${institutional ? " (an institutional grant)" : programme ? " (a grant of their research, on three anchored items or more)" : ""}`,
        items: fewItems(sources),
        ...(programme ? { anchor: true } : {}),
      },
    ];
  }
}

/** Co-authors the record shares with items the person rejected: the namesake's collaborators. */
export class RejectedSet {
  private readonly coauthors = new CoauthorIndex();
  private readonly keys = new Set<string>();

  /**
   * @param what how the items are described in reasons: "they rejected" for a person's rejections,
   *   or who the items are anchored to instead.
   */
  constructor(
    rejected: readonly ContextRecord[],
    private readonly coauthorsFor: CoauthorsFor = coauthorsOf,
    private readonly described: {
      kind: "coauthors_rejected" | "coauthors_elsewhere";
      what: string;
      each: number;
      cap: number;
    } = {
      kind: "coauthors_rejected",
      what: "they rejected",
      each: WEIGHTS.rejectedCoauthor,
      cap: WEIGHTS.rejectedCoauthorCap,
    },
  ) {
    for (const { key, record, authorIndex } of rejected) {
      this.keys.add(key);
      // The author taken for the person (the namesake, on a rejected item) is no co-author.
      this.coauthors.add(key, this.coauthorsFor(record, authorIndex));
    }
  }

  /** How many of these items each of the record's co-authors is on (other than those excluded). */
  itemCounts(
    record: PubmedArticleRecord,
    authorIndex: number,
    exclude: ReadonlySet<string>,
  ): Map<string, number> {
    const counts = new Map<string, number>();
    if (this.keys.size === 0) return counts;
    for (const { coauthor, items } of this.coauthors.shared(this.coauthorsFor(record, authorIndex), exclude))
      counts.set(coauthor.display, items.size);
    return counts;
  }

  evidence(key: string, record: PubmedArticleRecord, authorIndex: number, anchors: AnchorSet): Evidence[] {
    if (this.keys.size === 0) return [];
    const exclude = new Set([key, ...relatedKeys(record)]);
    // A co-author of both their own and rejected items tells nothing apart.
    const own = new Set(anchors.sharedCoauthorNames(record, authorIndex, anchors.exclusions(key, record)));
    const shared = this.coauthors
      .shared(this.coauthorsFor(record, authorIndex), exclude)
      .filter(({ coauthor }) => !own.has(coauthor.display));
    if (shared.length === 0) return [];
    const items = new Set(shared.flatMap(({ items: found }) => [...found]));
    const names = shared.map(({ coauthor }) => coauthor.display);
    const { kind, what, each, cap } = this.described;
    return [
      {
        kind,
        weight: Math.max(cap, each * names.length),
        reason: `shares ${names.length > 1 ? "co-authors" : "co-author"} ${names.join(", ")} with ${items.size} ${items.size > 1 ? "items" : "item"} ${what}`,
        items: fewItems(items),
      },
    ];
  }
}
