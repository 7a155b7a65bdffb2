/**
 * Links between groups that stay two items: a notice (erratum, correction, retraction, expression
 * of concern, comment) and the item it is about; conference output and the later paper; a
 * retracted-and-republished article and its new version. And which groups are retracted.
 */
import { capitalise, sharedSurname } from "./agreement.ts";
import type { TitleIndex } from "./blocking.ts";
import type { ItemFacts } from "./facts.ts";
import { compareText, compareTitles, type NoticeType, type TitleForm, type TitleMatch } from "./title.ts";

export type RelationType =
  | "erratum_for"
  | "correction_for"
  | "retraction_of"
  | "concern_for"
  | "comment_on"
  | "abstract_of"
  | "presentation_of"
  | "republished_as";

/** `fromId` and `toId` are canonical ids of groups. */
export interface ItemRelation {
  fromId: number;
  toId: number;
  type: RelationType;
  why: string;
}

const BY_NOTICE: Record<NoticeType, RelationType> = {
  erratum: "erratum_for",
  correction: "correction_for",
  retraction: "retraction_of",
  concern: "concern_for",
  comment: "comment_on",
};

// PubMed CommentsCorrections RefTypes that point from a notice to its target.
const BY_REF_TYPE: Record<string, RelationType> = {
  ErratumFor: "erratum_for",
  RetractionOf: "retraction_of",
  ExpressionOfConcernFor: "concern_for",
  CommentOn: "comment_on",
};
// ...and those between an old article and its republished version, from either side.
const REPUBLISHED_IN = new Set(["RetractedandRepublishedIn", "CorrectedandRepublishedIn"]);
const REPUBLISHED_FROM = new Set(["RetractedandRepublishedFrom", "CorrectedandRepublishedFrom"]);

/** Conference output is linked to a paper published from a year before it to this many years after. */
const ABSTRACT_TO_PAPER_YEARS = { before: 1, after: 4 };
/** Without a first author to compare, conference output and paper need titles this alike. */
const ABSTRACT_TITLE_ALONE = 0.95;

export interface RelationContext {
  facts: readonly ItemFacts[];
  /** Canonical id of the group of each item, by item index. */
  canonicalOf: (index: number) => number;
  titleIndex: TitleIndex;
  byPmid: ReadonlyMap<string, number>;
  /** Counts title comparisons made here, for the stats. */
  onCompare: () => void;
}

export interface RelationsResult {
  relations: ItemRelation[];
  /** Why each retracted group is retracted, by canonical id. */
  retracted: Map<number, string>;
}

export function findRelations(context: RelationContext): RelationsResult {
  const found = new Map<string, ItemRelation>();
  const add = (fromIndex: number, toIndex: number, type: RelationType, why: string): void => {
    const fromId = context.canonicalOf(fromIndex);
    const toId = context.canonicalOf(toIndex);
    if (fromId === toId) return;
    const key = `${fromId}|${toId}|${type}`;
    if (!found.has(key)) found.set(key, { fromId, toId, type, why });
  };

  const papers = new Map<number, { item: ItemFacts; paper: Found }>();
  const authorsByGroup = new Map<number, string[]>();
  for (const item of context.facts) {
    const canonical = context.canonicalOf(item.index);
    const authors = authorsByGroup.get(canonical);
    if (authors) authors.push(...item.firstAuthors);
    else authorsByGroup.set(canonical, [...item.firstAuthors]);
  }
  const groupAuthors = (index: number): string[] => authorsByGroup.get(context.canonicalOf(index)) ?? [];
  for (const item of context.facts) {
    let linked = false;
    for (const link of item.pmidLinks) {
      const target = context.byPmid.get(link.pmid);
      if (target === undefined) continue;
      const type = BY_REF_TYPE[link.refType];
      if (type) {
        add(item.index, target, type, `PubMed: ${link.refType} PMID ${link.pmid}`);
        linked = true;
      } else if (REPUBLISHED_IN.has(link.refType)) {
        add(item.index, target, "republished_as", `PubMed: ${link.refType} PMID ${link.pmid}`);
      } else if (REPUBLISHED_FROM.has(link.refType)) {
        add(target, item.index, "republished_as", `PubMed: ${link.refType} PMID ${link.pmid}`);
      }
    }
    if (!linked && item.notice?.refersTo) {
      const target = noticeTarget(item, item.notice.refersTo, context);
      if (target) {
        add(
          item.index,
          target.index,
          BY_NOTICE[item.notice.type],
          `${item.notice.because} names item ${target.item.id}'s title (${describe(target.match)})`,
        );
      }
    }
    if (item.family === "conference") {
      const paper = laterPaper(item, context, groupAuthors);
      const fromId = context.canonicalOf(item.index);
      const held = papers.get(fromId);
      if (paper && (held === undefined || better(paper, held.paper))) papers.set(fromId, { item, paper });
    }
  }
  // One paper per conference group: the best any of its members finds.
  for (const { item, paper } of [...papers.values()].sort((a, b) => a.item.id - b.item.id)) {
    add(
      item.index,
      paper.index,
      item.conference === "abstract" ? "abstract_of" : "presentation_of",
      `${describe(paper.match)}, ${item.conference ?? "presentation"} ${item.years.join("/") || "undated"}, paper ${paper.item.years.join("/")}${paper.author ? `, same first author ${capitalise(paper.author)}` : ""}`,
    );
  }

  const relations = [...found.values()].sort(
    (a, b) => a.fromId - b.fromId || a.toId - b.toId || compareText(a.type, b.type),
  );
  return { relations, retracted: retractedGroups(context, relations) };
}

function retractedGroups(context: RelationContext, relations: readonly ItemRelation[]): Map<number, string> {
  const retracted = new Map<number, string>();
  for (const item of context.facts) {
    const canonical = context.canonicalOf(item.index);
    if (item.retracted && !retracted.has(canonical))
      retracted.set(canonical, `item ${item.id}: ${item.retracted}`);
  }
  for (const relation of relations) {
    if (relation.type === "retraction_of" && !retracted.has(relation.toId)) {
      retracted.set(relation.toId, `retraction notice item ${relation.fromId} (${relation.why})`);
    }
  }
  return retracted;
}

interface Found {
  index: number;
  item: ItemFacts;
  match: TitleMatch;
  author?: string;
}

/** The ordinary item a notice names by title, published no later than a year after the notice. */
function noticeTarget(notice: ItemFacts, refersTo: TitleForm, context: RelationContext): Found | undefined {
  const latest = notice.years.at(-1);
  return best(
    context.titleIndex.candidates([refersTo]).flatMap((index) => {
      const target = context.facts[index]!;
      if (target.family !== "publication" && target.family !== "conference") return [];
      const earliest = target.years[0];
      if (latest !== undefined && earliest !== undefined && earliest > latest + 1) return [];
      const match = bestTitleMatch([refersTo], target.titles, context);
      return match ? [{ index, item: target, match }] : [];
    }),
  );
}

/** The paper that conference output became: alike title, published around or after it, same first author. */
function laterPaper(
  output: ItemFacts,
  context: RelationContext,
  groupAuthors: (index: number) => string[],
): Found | undefined {
  return best(
    context.titleIndex.candidates(output.titles).flatMap((index) => {
      const paper = context.facts[index]!;
      if (paper.family !== "publication") return [];
      const inWindow = output.years.some((year) =>
        paper.years.some(
          (paperYear) =>
            paperYear >= year - ABSTRACT_TO_PAPER_YEARS.before &&
            paperYear <= year + ABSTRACT_TO_PAPER_YEARS.after,
        ),
      );
      if (!inWindow) return [];
      // First authors of the whole groups: a member with none known does not make the other's count for nothing.
      const outputAuthors = groupAuthors(output.index);
      const paperAuthors = groupAuthors(index);
      const author = sharedSurname(outputAuthors, paperAuthors);
      const noAuthors = outputAuthors.length === 0 || paperAuthors.length === 0;
      if (author === undefined && !noAuthors) return [];
      const match = bestTitleMatch(output.titles, paper.titles, context);
      if (!match || (author === undefined && match.score < ABSTRACT_TITLE_ALONE)) return [];
      return [{ index, item: paper, match, ...(author ? { author } : {}) }];
    }),
  );
}

export function bestTitleMatch(
  a: readonly TitleForm[],
  b: readonly TitleForm[],
  context: Pick<RelationContext, "onCompare">,
): TitleMatch | undefined {
  let found: TitleMatch | undefined;
  for (const left of a) {
    for (const right of b) {
      context.onCompare();
      const match = compareTitles(left, right);
      if (match && (found === undefined || match.score > found.score)) found = match;
      if (found?.score === 1) return found;
    }
  }
  return found;
}

function better(a: Found, b: Found): boolean {
  return a.match.score > b.match.score || (a.match.score === b.match.score && a.item.id < b.item.id);
}

function best(found: Found[]): Found | undefined {
  return found.sort((a, b) => b.match.score - a.match.score || a.item.id - b.item.id)[0];
}

export function describe(match: TitleMatch): string {
  switch (match.how) {
    case "same":
      return "same title";
    case "alike":
      return `titles ${match.score.toFixed(2)} alike`;
    case "reordered":
      return `titles ${match.score.toFixed(2)} alike in another word order`;
    case "subtitle":
      return "one title is the other without its subtitle";
  }
}
