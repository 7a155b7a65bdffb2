import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { Piscina } from "piscina";
import { normalizeOrcid } from "../../identity/orcid.ts";
import { cleanText, decodeEntities, lineAndColumn, prepareArticleBatches, rootElementIndex } from "./parse-text.ts";
import type { ParseWorkerResult } from "./parse-worker.ts";
import type {
  PartialDate,
  PubmedArticleRecord,
  PubmedAuthor,
  PubmedCommentCorrection,
  PubmedGrant,
} from "./types.ts";

/** The body is not a readable EFetch PubmedArticleSet; the message says why, with the position when known. */
export class PubmedParseError extends Error {
  override name = "PubmedParseError";
  constructor(
    message: string,
    readonly line?: number,
    readonly column?: number,
  ) {
    super(message);
  }
}

export interface PubmedParseOptions {
  /**
   * Cut subtrees no field comes from (abstracts, reference lists, history, ...) out of the text
   * before parsing. On by default; off gives the plain parse the fast one is checked against.
   */
  skipUnusedSubtrees?: boolean;
}

/**
 * Reads every PubmedArticle and PubmedBookArticle of an EFetch (db=pubmed, retmode=xml) body, in
 * document order. Throws `PubmedParseError` when the body is not one.
 */
export function parsePubmedXml(xml: string, options: PubmedParseOptions = {}): PubmedArticleRecord[] {
  const body = xml.charCodeAt(0) === 0xfeff ? xml.slice(1) : xml;
  const rootIndex = checkRoot(body);
  if (options.skipUnusedSubtrees === false) return parsePlainly(body);
  const records: PubmedArticleRecord[] = [];
  const prepared = prepareArticleBatches(body, rootIndex, BATCH_CHARS, (batch) => {
    for (const record of readArticleSet(batch)) records.push(record);
  });
  switch (prepared.kind) {
    case "done":
      return records;
    case "unsupported":
      return parsePlainly(body);
    case "fault":
      return reportFault(body, prepared.index, prepared.reason);
  }
}

/**
 * Characters of the original text per parse batch: a few dozen articles. Small batches keep the
 * parser's intermediate tree short-lived, which the garbage collector handles far better than one
 * tree of the whole set.
 */
const BATCH_CHARS = 128 << 10;

/** The reference path: the whole text validated and parsed as it is. */
function parsePlainly(xml: string): PubmedArticleRecord[] {
  const result = XMLValidator.validate(xml);
  if (result !== true) throwMalformed(xml, result.err);
  return readArticleSet(xml);
}

function readArticleSet(xml: string): PubmedArticleRecord[] {
  const document = xmlParser.parse(xml) as XmlObject;
  const set = asObject(document.PubmedArticleSet);
  const articles = asArray(set?.PubmedArticle).map(readArticle);
  const books = asArray(set?.PubmedBookArticle).map(readBookArticle);
  return inDocumentOrder(xml, articles, books);
}

/** The quick scan found broken markup: the validator says what and where. */
function reportFault(xml: string, index: number, reason: string): PubmedArticleRecord[] {
  const result = XMLValidator.validate(xml);
  // The validator accepts a few things the scan refuses (a processing instruction after the
  // root, say): such a body is still XML, so it gets the plain parse.
  if (result === true) return readArticleSet(xml);
  throwMalformed(xml, result.err, index >= xml.length ? reason : undefined);
}

function throwMalformed(xml: string, error: { msg: string; line: number; col: number }, endReason?: string): never {
  if (endReason !== undefined || /^Unclosed tag/.test(error.msg)) {
    // The validator points at the unclosed tag; where the text stops says more about a cut-off body.
    const { line, column } = lineAndColumn(xml, xml.length);
    const what = endReason ?? "the text ends with elements still open";
    throw new PubmedParseError(`malformed XML (truncated?): ${what}, at line ${line}, column ${column}; ${error.msg}`, line, column);
  }
  throw new PubmedParseError(`malformed XML at line ${error.line}, column ${error.col}: ${error.msg}`, error.line, error.col);
}

/** Returns the index of the root element, which must be a PubmedArticleSet. */
function checkRoot(xml: string): number {
  const start = rootElementIndex(xml);
  const root = start === -1 ? undefined : /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(start, start + 200))?.[1];
  if (root === undefined) {
    const snippet = xml.trim().slice(0, 60);
    throw new PubmedParseError(snippet ? `not XML: no root element found (the text starts "${snippet}")` : "empty body: no XML found");
  }
  if (root === "PubmedArticleSet") return start;
  if (root === "eFetchResult") {
    const message = /<ERROR>([\s\S]*?)<\/ERROR>/.exec(xml)?.[1];
    throw new PubmedParseError(`EFetch returned an error instead of records: ${message ? cleanText(message) : "(no ERROR text)"}`);
  }
  const what = OTHER_ROOTS[root];
  throw new PubmedParseError(
    `expected a PubmedArticleSet (EFetch db=pubmed retmode=xml) but the root element is <${root}>${what ? `: ${what}` : ""}`,
  );
}

const OTHER_ROOTS: Record<string, string> = {
  eSearchResult: "an ESearch result, not EFetch",
  eSummaryResult: "an ESummary result, not EFetch",
  ePostResult: "an EPost result, not EFetch",
  eLinkResult: "an ELink result, not EFetch",
  eInfoResult: "an EInfo result, not EFetch",
  PubmedArticle: "a single article without its PubmedArticleSet",
  html: "a web page, not an E-utilities response",
};

// ---------------------------------------------------------------------------------------------
// The parser configuration and small readers over its output.

type XmlObject = { [key: string]: unknown };

/** Elements that may repeat: always arrays, so one and many read the same way. */
const REPEATED = new Set([
  "PubmedArticle",
  "PubmedBookArticle",
  "AuthorList",
  "Author",
  "AffiliationInfo",
  "Identifier",
  "ELocationID",
  "ArticleIdList",
  "ArticleId",
  "Language",
  "PublicationType",
  "Grant",
  "CommentsCorrections",
  "MeshHeading",
  "KeywordList",
  "Keyword",
  "ArticleDate",
  "OtherID",
  "ISSN",
]);

/** Elements whose content may mix text with <i>, <sup>, MathML...: kept raw and flattened here, in order. */
const MIXED_CONTENT = ["ArticleTitle", "VernacularTitle", "BookTitle", "Title", "CollectiveName", "Affiliation", "Keyword"];

const xmlParser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  // Values stay strings: "0012" pages and PMIDs must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded by cleanText, once, after markup is stripped (so "&lt;i&gt;" stays text).
  processEntities: false,
  stopNodes: MIXED_CONTENT.map((name) => `*.${name}`),
  isArray: (name) => REPEATED.has(name),
  jPath: false,
});

function asObject(value: unknown): XmlObject | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as XmlObject) : undefined;
}

function asArray(value: unknown): unknown[] {
  if (value === undefined || value === null || value === "") return [];
  return Array.isArray(value) ? value : [value];
}

/** Raw text of an element: a string, or the text beside its attributes. */
function rawText(value: unknown): string | undefined {
  if (typeof value === "string") return value;
  const text = asObject(value)?.["#text"];
  return typeof text === "string" ? text : undefined;
}

function attribute(value: unknown, name: string): string | undefined {
  const found = asObject(value)?.[`@${name}`];
  return typeof found === "string" ? decodeEntities(found) : undefined;
}

/** Plain text of an element: markup dropped, entities decoded, whitespace collapsed; undefined when empty. */
function textOf(value: unknown): string | undefined {
  const raw = rawText(value);
  if (raw === undefined) return undefined;
  const text = cleanText(raw);
  return text === "" ? undefined : text;
}

function child(value: unknown, name: string): unknown {
  return asObject(value)?.[name];
}

// ---------------------------------------------------------------------------------------------
// Records.

function readArticle(value: unknown, index: number): PubmedArticleRecord {
  const citation = child(value, "MedlineCitation");
  const article = child(citation, "Article");
  const journal = child(article, "Journal");
  const issue = child(journal, "JournalIssue");
  const pubmedData = child(value, "PubmedData");
  const pmid = requirePmid(textOf(child(citation, "PMID")), "PubmedArticle", index);
  const ids = articleIds(pubmedData);
  const authors = readAuthors(child(article, "AuthorList"));
  assignLegacyAffiliation(authors, textOf(child(article, "Affiliation")));
  return compact({
    kind: "article",
    pmid,
    doi: ids.doi ?? elocationDoi(article),
    pmcid: ids.pmcid ?? otherIdPmcid(citation),
    title: textOf(child(article, "ArticleTitle")) ?? textOf(child(article, "VernacularTitle")) ?? "",
    vernacularTitle: textOf(child(article, "VernacularTitle")),
    journal: textOf(child(journal, "Title")),
    journalAbbreviation: textOf(child(journal, "ISOAbbreviation")),
    issn: textOf(asArray(child(journal, "ISSN"))[0]),
    volume: textOf(child(issue, "Volume")),
    issue: textOf(child(issue, "Issue")),
    pages: readPages(child(article, "Pagination")),
    publicationDate: readPubDate(child(issue, "PubDate")),
    electronicDate: electronicDate(article),
    languages: texts(child(article, "Language")),
    publicationTypes: texts(child(child(article, "PublicationTypeList"), "PublicationType")),
    authors,
    grants: readGrants(child(article, "GrantList")),
    commentsCorrections: readCommentsCorrections(child(citation, "CommentsCorrectionsList")),
    meshHeadings: readMesh(child(citation, "MeshHeadingList")),
    keywords: readKeywords(child(citation, "KeywordList")),
    citationStatus: attribute(citation, "Status"),
    publicationStatus: textOf(child(pubmedData, "PublicationStatus")),
  });
}

function readBookArticle(value: unknown, index: number): PubmedArticleRecord {
  const document = child(value, "BookDocument");
  const book = child(document, "Book");
  const bookData = child(value, "PubmedBookData");
  const pmid = requirePmid(textOf(child(document, "PMID")), "PubmedBookArticle", index);
  const ids = articleIds(bookData);
  const documentIds = articleIds(document);
  const bookTitle = textOf(child(book, "BookTitle"));
  const authorLists = asArray(child(document, "AuthorList"));
  const ownAuthors = authorLists.some(isAuthorsList) ? authorLists : asArray(child(book, "AuthorList"));
  return compact({
    kind: "book-article",
    pmid,
    doi: ids.doi ?? documentIds.doi ?? elocationDoi(document),
    pmcid: ids.pmcid ?? documentIds.pmcid,
    title: textOf(child(document, "ArticleTitle")) ?? bookTitle ?? textOf(child(document, "VernacularTitle")) ?? "",
    vernacularTitle: textOf(child(document, "VernacularTitle")),
    journal: bookTitle,
    issn: textOf(asArray(child(book, "Isbn"))[0]),
    volume: textOf(child(book, "Volume")),
    pages: readPages(child(document, "Pagination")),
    publicationDate: readPubDate(child(book, "PubDate")),
    languages: texts(child(document, "Language")),
    publicationTypes: texts(child(document, "PublicationType")),
    authors: readAuthors(ownAuthors),
    grants: readGrants(child(document, "GrantList")),
    commentsCorrections: readCommentsCorrections(child(document, "CommentsCorrectionsList")),
    meshHeadings: [],
    keywords: readKeywords(child(document, "KeywordList")),
    publicationStatus: textOf(child(bookData, "PublicationStatus")),
  });
}

function requirePmid(pmid: string | undefined, element: string, index: number): string {
  if (!pmid) throw new PubmedParseError(`${element} number ${index + 1} has no PMID`);
  return pmid;
}

/** Drops undefined optional fields, so records compare and serialise the same however they were built. */
function compact(record: PubmedArticleRecord): PubmedArticleRecord {
  const out = record as unknown as Record<string, unknown>;
  for (const key of Object.keys(out)) if (out[key] === undefined) delete out[key];
  return record;
}

function texts(value: unknown): string[] {
  const out: string[] = [];
  for (const item of asArray(value)) {
    const text = textOf(item);
    if (text !== undefined) out.push(text);
  }
  return out;
}

function articleIds(container: unknown): { doi?: string; pmcid?: string } {
  const found: { doi?: string; pmcid?: string } = {};
  for (const list of asArray(child(container, "ArticleIdList"))) {
    for (const id of asArray(child(list, "ArticleId"))) {
      const type = attribute(id, "IdType");
      const value = textOf(id);
      if (!value) continue;
      if (type === "doi") found.doi ??= value;
      else if (type === "pmc") found.pmcid ??= pmcid(value);
    }
  }
  return found;
}

function pmcid(value: string): string | undefined {
  const digits = /^(?:PMC)?(\d+)$/i.exec(value.replace(/\s+/g, ""))?.[1];
  return digits ? `PMC${digits}` : undefined;
}

function elocationDoi(container: unknown): string | undefined {
  for (const location of asArray(child(container, "ELocationID"))) {
    if (attribute(location, "EIdType") === "doi" && attribute(location, "ValidYN") !== "N") {
      const doi = textOf(location);
      if (doi) return doi;
    }
  }
  return undefined;
}

/** Older records carry the PMCID only as OtherID Source="NLM". */
function otherIdPmcid(citation: unknown): string | undefined {
  for (const other of asArray(child(citation, "OtherID"))) {
    const text = textOf(other);
    if (attribute(other, "Source") === "NLM" && text && /^PMC\d+/i.test(text)) return pmcid(/^PMC\d+/i.exec(text)![0]);
  }
  return undefined;
}

function readPages(pagination: unknown): string | undefined {
  const medline = textOf(child(pagination, "MedlinePgn"));
  if (medline) return medline;
  const start = textOf(child(pagination, "StartPage"));
  const end = textOf(child(pagination, "EndPage"));
  if (!start) return end;
  return end && end !== start ? `${start}-${end}` : start;
}

function isAuthorsList(list: unknown): boolean {
  const type = attribute(list, "Type");
  return type === undefined || type === "authors";
}

function readAuthors(lists: unknown): PubmedAuthor[] {
  const authors: PubmedAuthor[] = [];
  for (const list of asArray(lists)) {
    if (!isAuthorsList(list)) continue;
    for (const author of asArray(child(list, "Author"))) authors.push(readAuthor(author));
  }
  return authors;
}

function readAuthor(value: unknown): PubmedAuthor {
  const affiliations: string[] = [];
  for (const info of asArray(child(value, "AffiliationInfo"))) {
    const affiliation = textOf(child(info, "Affiliation"));
    if (affiliation) affiliations.push(affiliation);
  }
  const author: PubmedAuthor = {
    lastName: textOf(child(value, "LastName")),
    foreName: textOf(child(value, "ForeName")) ?? textOf(child(value, "FirstName")),
    initials: textOf(child(value, "Initials")),
    suffix: textOf(child(value, "Suffix")),
    collectiveName: textOf(child(value, "CollectiveName")),
    orcid: authorOrcid(value),
    affiliations,
    equalContribution: attribute(value, "EqualContrib") === "Y",
    valid: attribute(value, "ValidYN") !== "N",
  };
  for (const key of Object.keys(author) as Array<keyof PubmedAuthor>) if (author[key] === undefined) delete author[key];
  return author;
}

function authorOrcid(author: unknown): string | undefined {
  for (const identifier of asArray(child(author, "Identifier"))) {
    if (attribute(identifier, "Source")?.toUpperCase() !== "ORCID") continue;
    const orcid = normalizeOrcid(textOf(identifier));
    if (orcid) return orcid;
  }
  return undefined;
}

/** Records from before 2014 name one affiliation for the article: by MEDLINE convention, the first author's. */
function assignLegacyAffiliation(authors: PubmedAuthor[], affiliation: string | undefined): void {
  const first = authors[0];
  if (affiliation && first && first.affiliations.length === 0) first.affiliations.push(affiliation);
}

function readGrants(list: unknown): PubmedGrant[] {
  return asArray(child(list, "Grant")).map((grant) => {
    const out: PubmedGrant = {};
    const grantId = textOf(child(grant, "GrantID"));
    const acronym = textOf(child(grant, "Acronym"));
    const agency = textOf(child(grant, "Agency"));
    const country = textOf(child(grant, "Country"));
    if (grantId) out.grantId = grantId;
    if (acronym) out.acronym = acronym;
    if (agency) out.agency = agency;
    if (country) out.country = country;
    return out;
  });
}

function readCommentsCorrections(list: unknown): PubmedCommentCorrection[] {
  const out: PubmedCommentCorrection[] = [];
  for (const item of asArray(child(list, "CommentsCorrections"))) {
    const refType = attribute(item, "RefType");
    if (!refType) continue;
    const entry: PubmedCommentCorrection = { refType };
    const pmid = textOf(child(item, "PMID"));
    const refSource = textOf(child(item, "RefSource"));
    if (pmid) entry.pmid = pmid;
    if (refSource) entry.refSource = refSource;
    out.push(entry);
  }
  return out;
}

function readMesh(list: unknown): string[] {
  const out: string[] = [];
  for (const heading of asArray(child(list, "MeshHeading"))) {
    const name = textOf(child(heading, "DescriptorName"));
    if (name) out.push(name);
  }
  return out;
}

function readKeywords(lists: unknown): string[] {
  const out: string[] = [];
  for (const list of asArray(lists)) out.push(...texts(child(list, "Keyword")));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Dates.

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/**
 * First month of each season within the written year. Winter spans the turn of the year; its
 * first month inside the year written is January.
 */
const SEASON_MONTHS: Record<string, number> = { spring: 3, summer: 6, fall: 9, autumn: 9, winter: 1 };

function monthNumber(text: string | undefined): number | undefined {
  if (!text) return undefined;
  if (/^\d{1,2}$/.test(text)) {
    const month = Number(text);
    return month >= 1 && month <= 12 ? month : undefined;
  }
  const index = MONTH_NAMES.indexOf(text.slice(0, 3).toLowerCase());
  return index === -1 ? undefined : index + 1;
}

function dayNumber(text: string | undefined): number | undefined {
  if (!text || !/^\d{1,2}$/.test(text)) return undefined;
  const day = Number(text);
  return day >= 1 && day <= 31 ? day : undefined;
}

function yearNumber(text: string | undefined): number | undefined {
  return text && /^\d{4}$/.test(text) ? Number(text) : undefined;
}

function readPubDate(value: unknown): PartialDate | undefined {
  if (value === undefined) return undefined;
  const medlineDate = textOf(child(value, "MedlineDate"));
  if (medlineDate) return parseMedlineDate(medlineDate);
  const year = yearNumber(textOf(child(value, "Year")));
  if (year === undefined) return undefined;
  const season = textOf(child(value, "Season"));
  const month = monthNumber(textOf(child(value, "Month")));
  const date: PartialDate = { year };
  if (month !== undefined) {
    date.month = month;
    const day = dayNumber(textOf(child(value, "Day")));
    if (day !== undefined) date.day = day;
  } else if (season) {
    const seasonMonth = seasonMonthOf(season);
    if (seasonMonth !== undefined) date.month = seasonMonth;
  }
  if (season) date.text = `${year} ${season}`;
  return date;
}

function seasonMonthOf(season: string): number | undefined {
  const word = /[A-Za-z]+/.exec(season)?.[0];
  if (!word) return undefined;
  return SEASON_MONTHS[word.toLowerCase()] ?? monthNumber(word);
}

const MEDLINE_YEAR = /\b(\d{4})\b/;
const MEDLINE_MONTH = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?(?:\s+(\d{1,2})\b)?/i;
const MEDLINE_SEASON = /\b(spring|summer|fall|autumn|winter)\b/i;

/** "2019 Oct-Dec", "2019 Sep/Oct", "1998 Dec-1999 Jan", "2000 Spring": the first year and month written. */
export function parseMedlineDate(text: string): PartialDate | undefined {
  const year = yearNumber(MEDLINE_YEAR.exec(text)?.[1]);
  if (year === undefined) return undefined;
  const date: PartialDate = { year, text };
  const month = MEDLINE_MONTH.exec(text);
  if (month) {
    date.month = monthNumber(month[1])!;
    const day = dayNumber(month[2]);
    if (day !== undefined) date.day = day;
  } else {
    const season = MEDLINE_SEASON.exec(text)?.[1];
    if (season) date.month = SEASON_MONTHS[season.toLowerCase()]!;
  }
  return { year: date.year, ...(date.month !== undefined && { month: date.month }), ...(date.day !== undefined && { day: date.day }), text };
}

function electronicDate(article: unknown): PartialDate | undefined {
  for (const date of asArray(child(article, "ArticleDate"))) {
    const type = attribute(date, "DateType");
    if (type !== undefined && type !== "Electronic") continue;
    const year = yearNumber(textOf(child(date, "Year")));
    if (year === undefined) continue;
    const out: PartialDate = { year };
    const month = monthNumber(textOf(child(date, "Month")));
    if (month !== undefined) {
      out.month = month;
      const day = dayNumber(textOf(child(date, "Day")));
      if (day !== undefined) out.day = day;
    }
    return out;
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Document order: the parser groups same-named siblings, so articles and book articles are
// interleaved again by the order their opening tags appear in.

const ARTICLE_OPEN = /<(PubmedArticle|PubmedBookArticle)(?=[\s>])/g;

function inDocumentOrder(
  xml: string,
  articles: PubmedArticleRecord[],
  books: PubmedArticleRecord[],
): PubmedArticleRecord[] {
  if (books.length === 0) return articles;
  if (articles.length === 0) return books;
  const out: PubmedArticleRecord[] = [];
  let a = 0;
  let b = 0;
  ARTICLE_OPEN.lastIndex = 0;
  for (let match = ARTICLE_OPEN.exec(xml); match; match = ARTICLE_OPEN.exec(xml)) {
    const next = match[1] === "PubmedArticle" ? articles[a++] : books[b++];
    if (next) out.push(next);
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Parallel parsing: the set is split at article boundaries and the parts parsed on worker threads.

export interface ParallelParseOptions {
  /** Worker threads; defaults to the machine's available parallelism. */
  threads?: number;
  /** A pool to reuse across calls; without one a pool is started and closed for this call. */
  pool?: PubmedParsePool;
}

/** Below this size a body is parsed on the calling thread: handing it to workers costs more than it saves. */
const MIN_PARALLEL_SIZE = 4 << 20;

const TSX_LOADER = pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href;

/** A worker-thread pool for parsing large EFetch bodies: start once, reuse, close when done. */
export class PubmedParsePool {
  readonly threads: number;
  private readonly piscina: Piscina;

  constructor(options: { threads?: number } = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.piscina = new Piscina({
      filename: new URL("./parse-worker.ts", import.meta.url).href,
      minThreads: this.threads,
      maxThreads: this.threads,
      // Workers run the TypeScript sources through tsx, as the main process does.
      execArgv: ["--import", TSX_LOADER],
    });
  }

  /** Parses one standalone set on a worker; bytes are moved, not copied, and decoded there. */
  run(part: string | Uint8Array): Promise<ParseWorkerResult> {
    const task = typeof part === "string" ? part : Piscina.move(part);
    return this.piscina.run(task) as Promise<ParseWorkerResult>;
  }

  async close(): Promise<void> {
    await this.piscina.close();
  }
}

/**
 * The records `parsePubmedXml` gives, parsed on several threads. Given bytes (UTF-8), the
 * decoding is spread over the threads too. A malformed body is reported as the single-threaded
 * parse reports it, line and column included.
 */
export async function parsePubmedXmlParallel(
  xml: string | Uint8Array,
  options: ParallelParseOptions = {},
): Promise<PubmedArticleRecord[]> {
  const threads = options.pool?.threads ?? options.threads ?? availableParallelism();
  const parts = threads > 1 && xml.length >= MIN_PARALLEL_SIZE ? splitArticleSet(xml, threads) : undefined;
  if (!parts) return parsePubmedXml(asText(xml));
  const pool = options.pool ?? new PubmedParsePool({ threads });
  try {
    const results = await Promise.all(parts.map((part) => pool.run(part)));
    const records: PubmedArticleRecord[] = [];
    for (const result of results) {
      // Positions inside a part are not the body's: parse it whole here to report the fault.
      if ("parseError" in result) return parsePubmedXml(asText(xml));
      for (const record of result.records) records.push(record);
    }
    return records;
  } finally {
    if (!options.pool) await pool.close();
  }
}

function asText(xml: string | Uint8Array): string {
  return typeof xml === "string" ? xml : Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength).toString("utf8");
}

/**
 * Splits a set into `count` standalone sets of whole articles, cut at article end tags; undefined
 * when the body is not a set this can cut with certainty (comments or CDATA could hide a tag),
 * or is too small to cut. The parts are checked when parsed: a cut in the wrong place makes a
 * malformed part, and a malformed part sends the whole body to the single-threaded parse.
 */
export function splitArticleSet(xml: string | Uint8Array, count: number): Array<string | Uint8Array> | undefined {
  const text = typeof xml === "string" ? new TextSource(xml) : new ByteSource(xml);
  if (text.indexOf("<!--", 0) !== -1 || text.indexOf("<![CDATA[", 0) !== -1) return undefined;
  const head = text.text(0, Math.min(text.length, 1 << 16));
  const rootIndex = rootElementIndex(head);
  if (rootIndex === -1 || !/^<PubmedArticleSet[\s>]/.test(head.slice(rootIndex, rootIndex + 20))) return undefined;
  const setOpen = text.indexOf("<PubmedArticleSet", 0);
  const bodyStart = text.indexOf(">", setOpen) + 1;
  const close = text.lastIndexOf("</PubmedArticleSet");
  if (bodyStart === 0 || close < bodyStart) return undefined;
  const cuts = [bodyStart];
  for (let i = 1; i < count; i += 1) {
    const target = Math.max(cuts[cuts.length - 1]!, bodyStart + Math.floor(((close - bodyStart) * i) / count));
    const end = text.articleEnd(target, close);
    if (end === -1) break;
    cuts.push(end);
  }
  if (cuts.length < 2) return undefined;
  cuts.push(close);
  const parts: Array<string | Uint8Array> = [];
  for (let i = 0; i + 1 < cuts.length; i += 1) parts.push(text.standaloneSet(bodyStart, cuts[i]!, cuts[i + 1]!));
  return parts;
}

const ARTICLE_END_TAIL = /^(?:Book)?Article\s*>/;

/** Searching and cutting, the same over a string and over UTF-8 bytes (whose markup is ASCII). */
abstract class SetSource {
  abstract readonly length: number;
  abstract indexOf(token: string, from: number): number;
  abstract lastIndexOf(token: string): number;
  abstract text(from: number, to: number): string;
  abstract standaloneSet(bodyStart: number, from: number, to: number): string | Uint8Array;

  /** Index just past the first article end tag at or after `from` and before `limit`; -1 when none. */
  articleEnd(from: number, limit: number): number {
    for (let at = this.indexOf("</Pubmed", from); at !== -1 && at < limit; at = this.indexOf("</Pubmed", at + 1)) {
      const tail = ARTICLE_END_TAIL.exec(this.text(at + 8, Math.min(at + 40, limit)));
      if (tail) return at + 8 + tail[0].length;
    }
    return -1;
  }
}

class TextSource extends SetSource {
  constructor(private readonly xml: string) {
    super();
  }
  get length(): number {
    return this.xml.length;
  }
  indexOf(token: string, from: number): number {
    return this.xml.indexOf(token, from);
  }
  lastIndexOf(token: string): number {
    return this.xml.lastIndexOf(token);
  }
  text(from: number, to: number): string {
    return this.xml.slice(from, to);
  }
  standaloneSet(bodyStart: number, from: number, to: number): string {
    return `${this.xml.slice(0, bodyStart)}${this.xml.slice(from, to)}</PubmedArticleSet>`;
  }
}

class ByteSource extends SetSource {
  private readonly bytes: Buffer;
  constructor(bytes: Uint8Array) {
    super();
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  indexOf(token: string, from: number): number {
    return this.bytes.indexOf(token, from, "latin1");
  }
  lastIndexOf(token: string): number {
    return this.bytes.lastIndexOf(token, undefined, "latin1");
  }
  text(from: number, to: number): string {
    return this.bytes.toString("utf8", from, to);
  }
  /** A fresh buffer of its own, so it can be moved to a worker. */
  standaloneSet(bodyStart: number, from: number, to: number): Uint8Array {
    const tail = Buffer.from("</PubmedArticleSet>", "latin1");
    const part = new Uint8Array(bodyStart + (to - from) + tail.length);
    part.set(this.bytes.subarray(0, bodyStart), 0);
    part.set(this.bytes.subarray(from, to), bodyStart);
    part.set(tail, bodyStart + (to - from));
    return part;
  }
}
