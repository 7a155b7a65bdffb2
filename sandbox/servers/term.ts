import { normalizeOrcid } from "../../src/identity/orcid.ts";
import type { PartialDate, PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { foldDiacritics } from "../../src/identity/names.ts";
import { dayNumber, entrezDate, type Day } from "./entry-date.ts";

/**
 * The part of PubMed's query language ScholarTrack sends, parsed and evaluated as PubMed does:
 * tagged terms, date ranges, and AND / OR / NOT applied left to right unless parenthesised.
 */

export type SearchField = "auid" | "au" | "ad" | "dp" | "edat" | "ti" | "tiab" | "pt" | "pmid" | "all";

/** The dates a query can range over: publication ([dp]) and entry into PubMed ([edat]). */
export type DateField = "dp" | "edat";

export type TermNode =
  | { kind: "term"; field: SearchField; text: string }
  | { kind: "range"; field: DateField; from: string; to: string }
  | { kind: "bool"; op: "AND" | "OR" | "NOT"; left: TermNode; right: TermNode };

/** A query PubMed would refuse; ESearch reports the message as `ERROR`. */
export class TermSyntaxError extends Error {
  override name = "TermSyntaxError";
  constructor(
    message: string,
    /** 0-based character offset in the query where the problem was found. */
    readonly position: number,
  ) {
    super(message);
  }
}

const FIELD_TAGS: ReadonlyMap<string, SearchField> = new Map<string, SearchField>([
  ["auid", "auid"],
  ["au", "au"],
  ["auth", "au"],
  ["author", "au"],
  ["ad", "ad"],
  ["affl", "ad"],
  ["affiliation", "ad"],
  ["dp", "dp"],
  ["pdat", "dp"],
  ["publication date", "dp"],
  ["date - publication", "dp"],
  ["edat", "edat"],
  ["entrez date", "edat"],
  ["date - entrez", "edat"],
  ["ti", "ti"],
  ["title", "ti"],
  ["tiab", "tiab"],
  ["title/abstract", "tiab"],
  ["pt", "pt"],
  ["publication type", "pt"],
  ["pmid", "pmid"],
  ["uid", "pmid"],
  ["all", "all"],
  ["all fields", "all"],
]);

const FIELD_NAMES: Record<SearchField, string> = {
  auid: "auid",
  au: "Author",
  ad: "Affiliation",
  dp: "Date - Publication",
  edat: "Entrez Date",
  ti: "Title",
  tiab: "Title/Abstract",
  pt: "Publication Type",
  pmid: "UID",
  all: "All Fields",
};

// ---------------------------------------------------------------------------------------------
// Parsing

type Token =
  | { type: "word" | "phrase"; text: string; at: number }
  | { type: "tag"; text: string; at: number }
  | { type: "op"; op: "AND" | "OR" | "NOT"; at: number }
  | { type: "(" | ")" | ":"; at: number };

function tokenize(query: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < query.length) {
    const ch = query[i]!;
    if (/\s/.test(ch)) {
      i++;
    } else if (ch === "(" || ch === ")" || ch === ":") {
      tokens.push({ type: ch, at: i });
      i++;
    } else if (ch === '"') {
      const end = query.indexOf('"', i + 1);
      if (end < 0) throw new TermSyntaxError(`Unterminated quoted phrase starting at position ${i}`, i);
      tokens.push({ type: "phrase", text: query.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (ch === "[") {
      const end = query.indexOf("]", i + 1);
      if (end < 0) throw new TermSyntaxError(`Unterminated field tag starting at position ${i}`, i);
      tokens.push({ type: "tag", text: query.slice(i + 1, end), at: i });
      i = end + 1;
    } else if (ch === "]") {
      throw new TermSyntaxError(`Unexpected "]" at position ${i}`, i);
    } else {
      const start = i;
      // A colon inside a word belongs to it (2011:2013[dp]); one between terms is a range.
      while (i < query.length && !/[\s()"[\]]/.test(query[i]!)) i++;
      const text = query.slice(start, i);
      if (text === "AND" || text === "OR" || text === "NOT") tokens.push({ type: "op", op: text, at: start });
      else tokens.push({ type: "word", text, at: start });
    }
  }
  return tokens;
}

/** Parses a PubMed query; throws `TermSyntaxError` for what PubMed cannot parse. */
export function parseTerm(query: string): TermNode {
  if (query.trim() === "") throw new TermSyntaxError("Empty term and query_key - nothing todo", 0);
  const tokens = tokenize(query);
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const endAt = (): number => query.length;

  function expression(): TermNode {
    let left = operand();
    for (;;) {
      const next = peek();
      if (next === undefined || next.type === ")") return left;
      let op: "AND" | "OR" | "NOT" = "AND";
      // Two terms side by side are ANDed, as PubMed does.
      if (next.type === "op") {
        op = next.op;
        pos++;
        const after = peek();
        if (after === undefined || after.type === ")" || after.type === "op") {
          throw new TermSyntaxError(`${op} at position ${next.at} has nothing on its right`, next.at);
        }
      }
      left = { kind: "bool", op, left, right: operand() };
    }
  }

  function operand(): TermNode {
    const token = peek();
    if (token === undefined) throw new TermSyntaxError("Unexpected end of query", endAt());
    if (token.type === "(") {
      pos++;
      if (peek()?.type === ")")
        throw new TermSyntaxError(`Empty parentheses at position ${token.at}`, token.at);
      const inner = expression();
      const close = peek();
      if (close?.type !== ")")
        throw new TermSyntaxError(`Missing ")" for "(" at position ${token.at}`, token.at);
      pos++;
      return inner;
    }
    if (token.type === "word" || token.type === "phrase") return termUnit();
    if (token.type === "op") {
      throw new TermSyntaxError(`${token.op} at position ${token.at} has nothing on its left`, token.at);
    }
    if (token.type === ")") throw new TermSyntaxError(`Unbalanced ")" at position ${token.at}`, token.at);
    throw new TermSyntaxError(
      `Unexpected "${token.type === "tag" ? `[${token.text}]` : token.type}" at position ${token.at}`,
      token.at,
    );
  }

  function atom(): { text: string; field?: SearchField; at: number; quoted: boolean } {
    const token = peek()!;
    if (token.type !== "word" && token.type !== "phrase") {
      throw new TermSyntaxError(`Expected a term at position ${token.at}`, token.at);
    }
    pos++;
    const tag = peek();
    let field: SearchField | undefined;
    if (tag?.type === "tag") {
      pos++;
      field = FIELD_TAGS.get(tag.text.trim().toLowerCase().replace(/\s+/g, " "));
      if (field === undefined)
        throw new TermSyntaxError(`Unknown field tag [${tag.text}] at position ${tag.at}`, tag.at);
    }
    if (token.text.trim() === "") throw new TermSyntaxError(`Empty phrase at position ${token.at}`, token.at);
    return { text: token.text.trim(), field, at: token.at, quoted: token.type === "phrase" };
  }

  function termUnit(): TermNode {
    const first = atom();
    if (peek()?.type === ":") {
      const colon = peek()!;
      pos++;
      const next = peek();
      if (next === undefined || (next.type !== "word" && next.type !== "phrase")) {
        throw new TermSyntaxError(`Range at position ${colon.at} has no upper bound`, colon.at);
      }
      const second = atom();
      if (first.field !== undefined && second.field !== undefined && first.field !== second.field) {
        throw new TermSyntaxError(
          `Range at position ${colon.at} mixes [${first.field}] and [${second.field}]`,
          colon.at,
        );
      }
      const field = first.field ?? second.field;
      if (field !== "dp" && field !== "edat")
        throw new TermSyntaxError(`Only dates can be ranges (position ${colon.at})`, colon.at);
      return dateRange(field, first.text, second.text, first.at);
    }
    const field = first.field ?? "all";
    if (field === "dp" || field === "edat") {
      const colon = first.text.indexOf(":");
      if (colon >= 0)
        return dateRange(field, first.text.slice(0, colon), first.text.slice(colon + 1), first.at);
      checkDate(first.text, first.at);
    }
    return { kind: "term", field, text: first.text };
  }

  const tree = expression();
  const rest = peek();
  if (rest !== undefined) {
    throw new TermSyntaxError(
      rest.type === ")" ? `Unbalanced ")" at position ${rest.at}` : `Unexpected token at position ${rest.at}`,
      rest.at,
    );
  }
  return tree;
}

function dateRange(field: DateField, from: string, to: string, at: number): TermNode {
  checkDate(from.trim(), at);
  checkDate(to.trim(), at);
  return { kind: "range", field, from: from.trim(), to: to.trim() };
}

function checkDate(text: string, at: number): void {
  if (dateBounds(text) === undefined) {
    throw new TermSyntaxError(`"${text}" is not a date (YYYY, YYYY/MM or YYYY/MM/DD) at position ${at}`, at);
  }
}

/** First and last day (as yyyymmdd numbers) a PubMed date of year, month or day precision covers. */
export function dateBounds(text: string): { first: number; last: number } | undefined {
  const match = /^(\d{4})(?:[/-](\d{1,2})(?:[/-](\d{1,2}))?)?$/.exec(text.trim());
  if (!match) return undefined;
  const year = Number(match[1]);
  const month = match[2] === undefined ? undefined : Number(match[2]);
  const day = match[3] === undefined ? undefined : Number(match[3]);
  if (month !== undefined && (month < 1 || month > 12)) return undefined;
  if (day !== undefined && (day < 1 || day > 31)) return undefined;
  const base = year * 10000;
  if (month === undefined) return { first: base + 101, last: base + 1231 };
  if (day === undefined) return { first: base + month * 100 + 1, last: base + month * 100 + 31 };
  return { first: base + month * 100 + day, last: base + month * 100 + day };
}

/** The query as PubMed echoes it back in `querytranslation`. */
export function translateTerm(node: TermNode): string {
  switch (node.kind) {
    case "term":
      return `"${node.text.toLowerCase()}"[${FIELD_NAMES[node.field]}]`;
    case "range":
      return `${node.from}:${node.to}[${FIELD_NAMES[node.field]}]`;
    case "bool": {
      const side = (child: TermNode): string =>
        child.kind === "bool" ? `(${translateTerm(child)})` : translateTerm(child);
      return `${side(node.left)} ${node.op} ${side(node.right)}`;
    }
  }
}

// ---------------------------------------------------------------------------------------------
// Matching

/**
 * Lower case, diacritics removed, punctuation to spaces, as PubMed compares names and words.
 * Letters NFD leaves whole (ø, ł, ß, ...) are spelled out; apostrophes vanish (O'Brien → obrien).
 */
export function foldText(value: string): string {
  return foldDiacritics(value)
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

function words(value: string): string[] {
  const folded = foldText(value);
  return folded === "" ? [] : folded.split(" ");
}

/** Folding is the costly part of indexing, and affiliations and names repeat across articles. */
class WordCache {
  private readonly lists = new Map<string, string[]>();
  private readonly sets = new Map<string, Set<string>>();

  words(value: string): string[] {
    let found = this.lists.get(value);
    if (found === undefined) {
      found = words(value);
      this.lists.set(value, found);
    }
    return found;
  }

  /** Shared between articles, so never to be modified. */
  wordSet(value: string): Set<string> {
    let found = this.sets.get(value);
    if (found === undefined) {
      found = new Set(this.words(value));
      this.sets.set(value, found);
    }
    return found;
  }
}

const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "v", "2nd", "3rd"]);

interface PreparedAuthor {
  last: string;
  initials: string;
  foreWords: string[];
  suffix: string;
  orcid?: string;
  affiliationWords: Array<ReadonlySet<string>>;
}

/** What matching needs from one article, folded once. */
export interface PreparedArticle {
  record: PubmedArticleRecord;
  abstract?: string;
  authors: PreparedAuthor[];
  /** Print and electronic dates as yyyymmdd numbers: [dp] matches either, as PubMed's does. */
  dates: number[];
  /** The day it entered PubMed as a yyyymmdd number: what [edat] matches. */
  entered: number;
  publicationTypes: Set<string>;
  /** Word sets for [ti], [tiab] and untagged terms, built on first use: few queries need them. */
  titleWords?: Set<string>;
  titleAbstractWords?: Set<string>;
  allWords?: Set<string>;
}

function dateNumber(date: PartialDate | undefined): number | undefined {
  if (!date) return undefined;
  return date.year * 10000 + (date.month ?? 1) * 100 + (date.day ?? 1);
}

export function prepareArticle(
  record: PubmedArticleRecord,
  abstract?: string,
  cache = new WordCache(),
  entered: Day = entrezDate(record),
): PreparedArticle {
  const authors: PreparedAuthor[] = record.authors.map((author) => {
    const foreWords = cache.words(author.foreName ?? "");
    const initials = cache.words(author.initials ?? "").join("") || foreWords.map((w) => w[0]).join("");
    return {
      last: author.lastName ? cache.words(author.lastName).join(" ") : "",
      initials,
      foreWords,
      suffix: author.suffix ? cache.words(author.suffix).join(" ") : "",
      orcid: normalizeOrcid(author.orcid),
      affiliationWords: author.affiliations.map((affiliation) => cache.wordSet(affiliation)),
    };
  });
  const dates = [dateNumber(record.publicationDate), dateNumber(record.electronicDate)].filter(
    (value): value is number => value !== undefined,
  );
  return {
    record,
    abstract,
    authors,
    dates,
    entered: dayNumber(entered),
    publicationTypes: new Set(record.publicationTypes.map((type) => foldText(type))),
  };
}

function titleWords(article: PreparedArticle): Set<string> {
  article.titleWords ??= new Set(words(`${article.record.title} ${article.record.vernacularTitle ?? ""}`));
  return article.titleWords;
}

function titleAbstractWords(article: PreparedArticle): Set<string> {
  article.titleAbstractWords ??= new Set([...titleWords(article), ...words(article.abstract ?? "")]);
  return article.titleAbstractWords;
}

function allWords(article: PreparedArticle): Set<string> {
  if (article.allWords === undefined) {
    const { record } = article;
    const all = new Set(titleAbstractWords(article));
    const texts = [
      record.journal,
      record.journalAbbreviation,
      ...record.meshHeadings,
      ...record.keywords,
      ...record.publicationTypes,
    ];
    for (const author of record.authors)
      texts.push(author.lastName, author.foreName, author.collectiveName, ...author.affiliations);
    for (const text of texts) if (text) for (const word of words(text)) all.add(word);
    article.allWords = all;
  }
  return article.allWords;
}

/**
 * `"Last FM"` matches initials that start with FM (PubMed truncates), `"Last First"` matches the
 * forename, `"Last"` alone any forename. Multi-word surnames are tried at every split.
 */
function authorMatches(author: PreparedAuthor, query: string[]): boolean {
  for (let split = 1; split <= query.length; split++) {
    if (author.last === query.slice(0, split).join(" ") && givenMatches(author, query.slice(split)))
      return true;
  }
  return false;
}

function givenMatches(author: PreparedAuthor, given: string[]): boolean {
  let rest = given;
  const lastWord = rest[rest.length - 1];
  if (rest.length > 1 && lastWord !== undefined && SUFFIXES.has(lastWord)) {
    if (author.suffix !== lastWord) return false;
    rest = rest.slice(0, -1);
  }
  if (rest.length === 0) return true;
  const [only] = rest;
  if (rest.length === 1 && only !== undefined && only.length <= 3 && author.initials.startsWith(only))
    return true;
  if (rest.length > author.foreWords.length) return false;
  return rest.every((word, i) => {
    const fore = author.foreWords[i]!;
    return word.length === 1 ? fore.startsWith(word) : fore === word;
  });
}

function containsAll(target: ReadonlySet<string>, wanted: string[]): boolean {
  return wanted.length > 0 && wanted.every((word) => target.has(word));
}

function leafMatches(article: PreparedArticle, node: Exclude<TermNode, { kind: "bool" }>): boolean {
  if (node.kind === "range") {
    const first = dateBounds(node.from)!.first;
    const last = dateBounds(node.to)!.last;
    const dates = node.field === "edat" ? [article.entered] : article.dates;
    return dates.some((date) => date >= first && date <= last);
  }
  switch (node.field) {
    case "auid": {
      const orcid = normalizeOrcid(node.text);
      return orcid !== undefined && article.authors.some((author) => author.orcid === orcid);
    }
    case "au": {
      const query = words(node.text);
      return query.length > 0 && article.authors.some((author) => authorMatches(author, query));
    }
    case "ad": {
      const query = words(node.text);
      return article.authors.some((author) => author.affiliationWords.some((aff) => containsAll(aff, query)));
    }
    case "dp": {
      const bounds = dateBounds(node.text)!;
      return article.dates.some((date) => date >= bounds.first && date <= bounds.last);
    }
    case "edat": {
      const bounds = dateBounds(node.text)!;
      return article.entered >= bounds.first && article.entered <= bounds.last;
    }
    case "ti":
      return containsAll(titleWords(article), words(node.text));
    case "tiab":
      return containsAll(titleAbstractWords(article), words(node.text));
    case "pt":
      return article.publicationTypes.has(foldText(node.text));
    case "pmid":
      return article.record.pmid === node.text.trim();
    case "all":
      return containsAll(allWords(article), words(node.text));
  }
}

/** True when the article satisfies the query; the reference the index below must agree with. */
export function matchesTerm(article: PubmedArticleRecord | PreparedArticle, node: TermNode): boolean {
  const prepared = "record" in article ? article : prepareArticle(article);
  if (node.kind !== "bool") return leafMatches(prepared, node);
  const left = matchesTerm(prepared, node.left);
  switch (node.op) {
    case "AND":
      return left && matchesTerm(prepared, node.right);
    case "OR":
      return left || matchesTerm(prepared, node.right);
    case "NOT":
      return left && !matchesTerm(prepared, node.right);
  }
}

/**
 * Articles indexed for search: author surnames, ORCID iDs and affiliation words narrow the
 * candidates, the matcher above decides, so a search touches few articles however many are loaded.
 */
export class ArticleIndex {
  private readonly articles: PreparedArticle[];
  private readonly byLastName = new Map<string, number[]>();
  private readonly byOrcid = new Map<string, number[]>();
  private readonly byAffiliationWord = new Map<string, number[]>();
  private readonly byPmid = new Map<string, number>();
  /** Article positions, newest PMID first: PubMed's "most recent" order. */
  private readonly recencyRank: Int32Array;
  private readonly publicationRank: Int32Array;

  constructor(
    records: readonly PubmedArticleRecord[],
    abstracts?: (pmid: string) => string | undefined,
    /** The day a record entered PubMed, where it is not its publication date. */
    enteredOn?: (pmid: string) => Day | undefined,
  ) {
    const cache = new WordCache();
    this.articles = records.map((record) =>
      prepareArticle(record, abstracts?.(record.pmid), cache, enteredOn?.(record.pmid) ?? entrezDate(record)),
    );
    this.articles.forEach((article, index) => {
      this.byPmid.set(article.record.pmid, index);
      const lastNames = new Set<string>();
      const affiliationWords = new Set<string>();
      for (const author of article.authors) {
        if (author.last) lastNames.add(author.last);
        if (author.orcid) push(this.byOrcid, author.orcid, index);
        for (const aff of author.affiliationWords) for (const word of aff) affiliationWords.add(word);
      }
      for (const last of lastNames) push(this.byLastName, last, index);
      for (const word of affiliationWords) push(this.byAffiliationWord, word, index);
    });
    const order = (compare: (a: PreparedArticle, b: PreparedArticle) => number): Int32Array => {
      const positions = this.articles.map((_, index) => index);
      positions.sort((a, b) => compare(this.articles[a]!, this.articles[b]!));
      const rank = new Int32Array(positions.length);
      positions.forEach((position, i) => (rank[position] = i));
      return rank;
    };
    this.recencyRank = order((a, b) => Number(b.record.pmid) - Number(a.record.pmid));
    this.publicationRank = order(
      (a, b) =>
        (dateNumber(b.record.publicationDate) ?? 0) - (dateNumber(a.record.publicationDate) ?? 0) ||
        Number(b.record.pmid) - Number(a.record.pmid),
    );
  }

  get size(): number {
    return this.articles.length;
  }

  /** PMIDs matching the query, most recently added first (or by publication date, newest first). */
  search(node: TermNode, sort: "recent" | "pub_date" = "recent"): string[] {
    const hits = [...this.evaluate(node)];
    const rank = sort === "pub_date" ? this.publicationRank : this.recencyRank;
    hits.sort((a, b) => rank[a]! - rank[b]!);
    return hits.map((index) => this.articles[index]!.record.pmid);
  }

  /**
   * The articles matching `node`, among `within` when given. AND and NOT look for the right side
   * only among the left side's hits, so a narrow first term keeps the whole query cheap.
   */
  private evaluate(node: TermNode, within?: Set<number>): Set<number> {
    if (node.kind === "bool") {
      const left = this.evaluate(node.left, within);
      switch (node.op) {
        case "AND":
          return left.size === 0 ? left : this.evaluate(node.right, left);
        case "OR": {
          const union = new Set(left);
          for (const index of this.evaluate(node.right, within)) union.add(index);
          return union;
        }
        case "NOT": {
          if (left.size === 0) return left;
          const excluded = this.evaluate(node.right, left);
          return new Set([...left].filter((index) => !excluded.has(index)));
        }
      }
    }
    const hits = new Set<number>();
    const test = (index: number): void => {
      if (leafMatches(this.articles[index]!, node)) hits.add(index);
    };
    const candidates = this.candidates(node);
    if (within !== undefined && (candidates === undefined || sizeOf(candidates) > within.size)) {
      for (const index of within) test(index);
    } else if (candidates === undefined) {
      for (let index = 0; index < this.articles.length; index++) test(index);
    } else {
      for (const index of candidates) if (within === undefined || within.has(index)) test(index);
    }
    return hits;
  }

  /** A superset of the articles a leaf can match, or undefined when only a full scan will do. */
  private candidates(node: Exclude<TermNode, { kind: "bool" }>): Set<number> | readonly number[] | undefined {
    if (node.kind === "range") return undefined;
    switch (node.field) {
      case "auid": {
        const orcid = normalizeOrcid(node.text);
        return orcid === undefined ? [] : (this.byOrcid.get(orcid) ?? []);
      }
      case "au": {
        const query = words(node.text);
        const found = new Set<number>();
        for (let split = 1; split <= query.length; split++) {
          for (const index of this.byLastName.get(query.slice(0, split).join(" ")) ?? []) found.add(index);
        }
        return found;
      }
      case "ad": {
        const query = words(node.text);
        if (query.length === 0) return [];
        const lists = query.map((word) => this.byAffiliationWord.get(word) ?? []);
        lists.sort((a, b) => a.length - b.length);
        return lists[0];
      }
      case "pmid": {
        const index = this.byPmid.get(node.text.trim());
        return index === undefined ? [] : [index];
      }
      default:
        return undefined;
    }
  }
}

function sizeOf(items: Set<number> | readonly number[]): number {
  return items instanceof Set ? items.size : items.length;
}

function push<K>(map: Map<K, number[]>, key: K, value: number): void {
  const list = map.get(key);
  if (list === undefined) map.set(key, [value]);
  else list.push(value);
}
