/**
 * From fast-xml-parser's ordered output of a PubmedArticleSet to typed records. Both parse paths
 * end here: the plain one (whole text, mixed content kept raw as stop nodes) and the fast one
 * (pruned text, mixed content already flattened), so they read fields the same way.
 */
import { XMLParser } from "fast-xml-parser";
import { normalizeOrcid } from "../../identity/orcid.ts";
import { finishText, MIXED_CONTENT_ELEMENTS, stripMarkup } from "./parse-text.ts";
import type {
  PartialDate,
  PubmedArticleRecord,
  PubmedAuthor,
  PubmedCommentCorrection,
  PubmedGrant,
} from "./types.ts";

const COMMON_OPTIONS = {
  // Document order is kept (articles and book articles interleave; so does mixed content), and
  // the library's own regrouping into objects is skipped.
  preserveOrder: true,
  ignoreAttributes: false,
  attributeNamePrefix: "",
  // Values stay strings: "0012" pages and PMIDs must not become numbers.
  parseTagValue: false,
  parseAttributeValue: false,
  // Entities are decoded once, after markup is dropped (so "&lt;i&gt;" stays text).
  processEntities: false,
  // Only XML's own whitespace is collapsed, by finishText; String.trim would also eat U+00A0.
  trimValues: false,
  // Callbacks get the path matcher, not a path string built for every element.
  jPath: false,
} as const;

/** For text as it is: mixed content arrives raw. */
export const plainParser = new XMLParser({
  ...COMMON_OPTIONS,
  stopNodes: MIXED_CONTENT_ELEMENTS.map((name) => `*.${name}`),
});

/** For text from `prepareArticleBatches`: mixed content is already flat. */
export const preparedParser = new XMLParser(COMMON_OPTIONS);

/** One node of the ordered output: `{ Tag: children, ":@": attributes }` or `{ "#text": text }`. */
type Node = Record<string, unknown>;

const TEXT = "#text";
const ATTRIBUTES = ":@";

/**
 * Reads the records of a parsed set. `bytesAsLatin1`: the text is UTF-8 bytes read one per
 * character. `itemsBefore`: articles in the set before this part of it, for messages.
 */
export function readArticleSet(
  document: unknown,
  bytesAsLatin1: boolean,
  itemsBefore = 0,
): PubmedArticleRecord[] {
  const reader = bytesAsLatin1 ? latin1Reader : stringReader;
  const records: PubmedArticleRecord[] = [];
  for (const top of document as Node[]) {
    if (nameOf(top) !== "PubmedArticleSet") continue;
    for (const item of childrenOf(top)) {
      const name = nameOf(item);
      const position = itemsBefore + records.length + 1;
      if (name === "PubmedArticle") records.push(reader.article(item, position));
      else if (name === "PubmedBookArticle") records.push(reader.bookArticle(item, position));
    }
  }
  return records;
}

/** An article without a PMID: the set cannot be trusted, and the caller says so as a parse error. */
export class MissingPmidError extends Error {
  override name = "MissingPmidError";
}

function nameOf(node: Node): string | undefined {
  for (const key in node) if (key !== ATTRIBUTES) return key;
  return undefined;
}

function childrenOf(node: Node): Node[] {
  const name = nameOf(node);
  const children = name === undefined || name === TEXT ? undefined : node[name];
  return Array.isArray(children) ? (children as Node[]) : [];
}

function rawAttribute(node: Node, name: string): string | undefined {
  const attributes = node[ATTRIBUTES] as Record<string, unknown> | undefined;
  const value = attributes?.[name];
  return typeof value === "string" ? value : undefined;
}

/** All text under a node, in document order, as written. */
function rawTextOf(node: Node): string {
  let text = "";
  for (const child of childrenOf(node)) {
    const value = child[TEXT];
    text += typeof value === "string" ? value : rawTextOf(child);
  }
  return text;
}

const MONTH_NAMES = ["jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"];
/**
 * First month of each season within the written year. Winter spans the turn of the year; its
 * first month inside the year written is January.
 */
const SEASON_MONTHS: Record<string, number> = { spring: 3, summer: 6, fall: 9, autumn: 9, winter: 1 };

class RecordReader {
  constructor(private readonly bytesAsLatin1: boolean) {}

  /** Plain text of an element: markup dropped, entities decoded, whitespace collapsed; undefined when empty. */
  private text(node: Node | undefined): string | undefined {
    if (node === undefined) return undefined;
    const text = finishText(stripMarkup(rawTextOf(node)), this.bytesAsLatin1);
    return text === "" ? undefined : text;
  }

  private attribute(node: Node | undefined, name: string): string | undefined {
    const raw = node && rawAttribute(node, name);
    return raw === undefined ? undefined : finishText(raw, this.bytesAsLatin1);
  }

  article(node: Node, position: number): PubmedArticleRecord {
    const record = emptyRecord("article");
    let elocationDoi: string | undefined;
    let otherIdPmcid: string | undefined;
    let legacyAffiliation: string | undefined;
    for (const part of childrenOf(node)) {
      const partName = nameOf(part);
      if (partName === "MedlineCitation") {
        record.citationStatus = this.attribute(part, "Status");
        for (const field of childrenOf(part)) {
          switch (nameOf(field)) {
            case "PMID":
              record.pmid = this.text(field) ?? "";
              break;
            case "Article":
              for (const item of childrenOf(field)) {
                switch (nameOf(item)) {
                  case "Journal":
                    this.journal(item, record);
                    break;
                  case "Affiliation":
                    legacyAffiliation = this.text(item);
                    break;
                  case "ELocationID":
                    elocationDoi ??= this.elocationDoi(item);
                    break;
                  case "ArticleDate":
                    record.electronicDate ??= this.electronicDate(item);
                    break;
                  default:
                    this.articleField(item, record);
                }
              }
              break;
            case "OtherID":
              otherIdPmcid ??= this.otherIdPmcid(field);
              break;
            default:
              this.citationField(field, record);
          }
        }
      } else if (partName === "PubmedData") {
        this.pubmedData(part, record);
      }
    }
    record.title ||= record.vernacularTitle ?? "";
    record.doi ??= elocationDoi;
    record.pmcid ??= otherIdPmcid;
    // Records from before 2014 name one affiliation for the article: by MEDLINE convention, the first author's.
    const first = record.authors[0];
    if (legacyAffiliation && first && first.affiliations.length === 0)
      first.affiliations.push(legacyAffiliation);
    return finish(record, "PubmedArticle", position);
  }

  bookArticle(node: Node, position: number): PubmedArticleRecord {
    const record = emptyRecord("book-article");
    let elocationDoi: string | undefined;
    let bookTitle: string | undefined;
    let bookAuthors: PubmedAuthor[] = [];
    let documentIds: { doi?: string; pmcid?: string } = {};
    for (const part of childrenOf(node)) {
      const partName = nameOf(part);
      if (partName === "BookDocument") {
        for (const field of childrenOf(part)) {
          switch (nameOf(field)) {
            case "PMID":
              record.pmid = this.text(field) ?? "";
              break;
            case "ArticleIdList":
              documentIds = this.articleIds(field);
              break;
            case "Book":
              for (const item of childrenOf(field)) {
                switch (nameOf(item)) {
                  case "BookTitle":
                    bookTitle = this.text(item);
                    break;
                  case "PubDate":
                    record.publicationDate = this.pubDate(item);
                    break;
                  case "Volume":
                    record.volume = this.text(item);
                    break;
                  case "Isbn":
                    record.issn ??= this.text(item);
                    break;
                  case "AuthorList":
                    if (this.isAuthorList(item)) bookAuthors = [...bookAuthors, ...this.authors(item)];
                    break;
                }
              }
              break;
            case "ELocationID":
              elocationDoi ??= this.elocationDoi(field);
              break;
            case "PublicationType":
              this.push(record.publicationTypes, field);
              break;
            default:
              this.articleField(field, record);
              this.citationField(field, record);
          }
        }
      } else if (partName === "PubmedBookData") {
        this.pubmedData(part, record);
      }
    }
    record.journal = bookTitle;
    record.title ||= bookTitle ?? record.vernacularTitle ?? "";
    // The chapter's own authors when it names them, else the book's.
    if (record.authors.length === 0) record.authors = bookAuthors;
    record.doi ??= documentIds.doi ?? elocationDoi;
    record.pmcid ??= documentIds.pmcid;
    return finish(record, "PubmedBookArticle", position);
  }

  /** Fields an Article and a BookDocument share. */
  private articleField(item: Node, record: PubmedArticleRecord): void {
    switch (nameOf(item)) {
      case "ArticleTitle":
        record.title = this.text(item) ?? "";
        break;
      case "VernacularTitle":
        record.vernacularTitle = this.text(item);
        break;
      case "Pagination":
        record.pages = this.pages(item);
        break;
      case "AuthorList":
        if (this.isAuthorList(item)) record.authors.push(...this.authors(item));
        break;
      case "Language":
        this.push(record.languages, item);
        break;
      case "GrantList":
        for (const grant of childrenOf(item))
          if (nameOf(grant) === "Grant") record.grants.push(this.grant(grant));
        break;
      case "PublicationTypeList":
        for (const type of childrenOf(item))
          if (nameOf(type) === "PublicationType") this.push(record.publicationTypes, type);
        break;
    }
  }

  /** Fields a MedlineCitation and a BookDocument share. */
  private citationField(field: Node, record: PubmedArticleRecord): void {
    switch (nameOf(field)) {
      case "CommentsCorrectionsList":
        for (const item of childrenOf(field)) {
          if (nameOf(item) !== "CommentsCorrections") continue;
          const entry = this.commentCorrection(item);
          if (entry) record.commentsCorrections.push(entry);
        }
        break;
      case "MeshHeadingList":
        for (const heading of childrenOf(field)) {
          if (nameOf(heading) !== "MeshHeading") continue;
          const descriptor = childrenOf(heading).find((part) => nameOf(part) === "DescriptorName");
          const name = this.text(descriptor);
          if (name) record.meshHeadings.push(name);
        }
        break;
      case "KeywordList":
        for (const keyword of childrenOf(field))
          if (nameOf(keyword) === "Keyword") this.push(record.keywords, keyword);
        break;
    }
  }

  private pubmedData(data: Node, record: PubmedArticleRecord): void {
    for (const field of childrenOf(data)) {
      const name = nameOf(field);
      if (name === "PublicationStatus") record.publicationStatus = this.text(field);
      else if (name === "ArticleIdList") {
        const ids = this.articleIds(field);
        record.doi ??= ids.doi;
        record.pmcid ??= ids.pmcid;
      }
    }
  }

  private journal(journal: Node, record: PubmedArticleRecord): void {
    for (const field of childrenOf(journal)) {
      switch (nameOf(field)) {
        case "ISSN":
          record.issn ??= this.text(field);
          break;
        case "Title":
          record.journal = this.text(field);
          break;
        case "ISOAbbreviation":
          record.journalAbbreviation = this.text(field);
          break;
        case "JournalIssue":
          for (const item of childrenOf(field)) {
            switch (nameOf(item)) {
              case "Volume":
                record.volume = this.text(item);
                break;
              case "Issue":
                record.issue = this.text(item);
                break;
              case "PubDate":
                record.publicationDate = this.pubDate(item);
                break;
            }
          }
          break;
      }
    }
  }

  private push(list: string[], node: Node): void {
    const text = this.text(node);
    if (text !== undefined) list.push(text);
  }

  private articleIds(list: Node): { doi?: string; pmcid?: string } {
    const found: { doi?: string; pmcid?: string } = {};
    for (const id of childrenOf(list)) {
      if (nameOf(id) !== "ArticleId") continue;
      const type = this.attribute(id, "IdType");
      if (type === "doi") found.doi ??= this.text(id);
      else if (type === "pmc") found.pmcid ??= pmcid(this.text(id));
    }
    return found;
  }

  private elocationDoi(location: Node): string | undefined {
    if (this.attribute(location, "EIdType") !== "doi" || this.attribute(location, "ValidYN") === "N")
      return undefined;
    return this.text(location);
  }

  /** Older records carry the PMCID only as OtherID Source="NLM". */
  private otherIdPmcid(other: Node): string | undefined {
    if (this.attribute(other, "Source") !== "NLM") return undefined;
    const found = /^PMC\d+/i.exec(this.text(other) ?? "");
    return found ? pmcid(found[0]) : undefined;
  }

  private pages(pagination: Node): string | undefined {
    let medline: string | undefined;
    let start: string | undefined;
    let end: string | undefined;
    for (const field of childrenOf(pagination)) {
      const name = nameOf(field);
      if (name === "MedlinePgn") medline = this.text(field);
      else if (name === "StartPage") start = this.text(field);
      else if (name === "EndPage") end = this.text(field);
    }
    if (medline) return medline;
    if (!start) return end;
    return end && end !== start ? `${start}-${end}` : start;
  }

  private isAuthorList(list: Node): boolean {
    const type = this.attribute(list, "Type");
    return type === undefined || type === "authors";
  }

  private authors(list: Node): PubmedAuthor[] {
    const authors: PubmedAuthor[] = [];
    for (const author of childrenOf(list)) if (nameOf(author) === "Author") authors.push(this.author(author));
    return authors;
  }

  private author(node: Node): PubmedAuthor {
    const author: PubmedAuthor = { affiliations: [], equalContribution: false, valid: true };
    for (const field of childrenOf(node)) {
      switch (nameOf(field)) {
        case "LastName":
          author.lastName = this.text(field);
          break;
        case "ForeName":
        case "FirstName":
          author.foreName ??= this.text(field);
          break;
        case "Initials":
          author.initials = this.text(field);
          break;
        case "Suffix":
          author.suffix = this.text(field);
          break;
        case "CollectiveName":
          author.collectiveName = this.text(field);
          break;
        case "Identifier":
          if (this.attribute(field, "Source")?.toUpperCase() === "ORCID")
            author.orcid ??= normalizeOrcid(this.text(field));
          break;
        case "AffiliationInfo":
          for (const info of childrenOf(field))
            if (nameOf(info) === "Affiliation") this.push(author.affiliations, info);
          break;
      }
    }
    return dropUndefined({
      lastName: author.lastName,
      foreName: author.foreName,
      initials: author.initials,
      suffix: author.suffix,
      collectiveName: author.collectiveName,
      orcid: author.orcid,
      affiliations: author.affiliations,
      equalContribution: this.attribute(node, "EqualContrib") === "Y",
      valid: this.attribute(node, "ValidYN") !== "N",
    });
  }

  private grant(node: Node): PubmedGrant {
    const grant: PubmedGrant = {};
    for (const field of childrenOf(node)) {
      switch (nameOf(field)) {
        case "GrantID":
          grant.grantId = this.text(field);
          break;
        case "Acronym":
          grant.acronym = this.text(field);
          break;
        case "Agency":
          grant.agency = this.text(field);
          break;
        case "Country":
          grant.country = this.text(field);
          break;
      }
    }
    return dropUndefined(grant);
  }

  private commentCorrection(node: Node): PubmedCommentCorrection | undefined {
    const refType = this.attribute(node, "RefType");
    if (!refType) return undefined;
    const entry: PubmedCommentCorrection = { refType };
    for (const field of childrenOf(node)) {
      const name = nameOf(field);
      if (name === "PMID") entry.pmid = this.text(field);
      else if (name === "RefSource") entry.refSource = this.text(field);
    }
    return dropUndefined(entry);
  }

  private pubDate(node: Node): PartialDate | undefined {
    const parts = this.dateParts(node);
    if (parts.MedlineDate) return parseMedlineDate(parts.MedlineDate);
    const year = yearNumber(parts.Year);
    if (year === undefined) return undefined;
    const date: PartialDate = { year };
    const month = monthNumber(parts.Month);
    if (month !== undefined) {
      date.month = month;
      const day = dayNumber(parts.Day);
      if (day !== undefined) date.day = day;
    } else if (parts.Season) {
      const seasonMonth = seasonMonthOf(parts.Season);
      if (seasonMonth !== undefined) date.month = seasonMonth;
    }
    if (parts.Season) date.text = `${year} ${parts.Season}`;
    return date;
  }

  private electronicDate(node: Node): PartialDate | undefined {
    const type = this.attribute(node, "DateType");
    if (type !== undefined && type !== "Electronic") return undefined;
    const parts = this.dateParts(node);
    const year = yearNumber(parts.Year);
    if (year === undefined) return undefined;
    const date: PartialDate = { year };
    const month = monthNumber(parts.Month);
    if (month !== undefined) {
      date.month = month;
      const day = dayNumber(parts.Day);
      if (day !== undefined) date.day = day;
    }
    return date;
  }

  private dateParts(
    node: Node,
  ): Partial<Record<"Year" | "Month" | "Day" | "Season" | "MedlineDate", string>> {
    const parts: Partial<Record<"Year" | "Month" | "Day" | "Season" | "MedlineDate", string>> = {};
    for (const field of childrenOf(node)) {
      const name = nameOf(field);
      if (
        name === "Year" ||
        name === "Month" ||
        name === "Day" ||
        name === "Season" ||
        name === "MedlineDate"
      ) {
        parts[name] = this.text(field);
      }
    }
    return parts;
  }
}

const stringReader = new RecordReader(false);
const latin1Reader = new RecordReader(true);

function emptyRecord(kind: PubmedArticleRecord["kind"]): PubmedArticleRecord {
  return {
    kind,
    pmid: "",
    title: "",
    languages: [],
    publicationTypes: [],
    authors: [],
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
  };
}

function finish(record: PubmedArticleRecord, element: string, position: number): PubmedArticleRecord {
  if (!record.pmid)
    throw new MissingPmidError(`the ${element} at position ${position} in the set has no PMID`);
  // Fields in the order the type lists them, so printed records read alike.
  return dropUndefined({
    kind: record.kind,
    pmid: record.pmid,
    doi: record.doi,
    pmcid: record.pmcid,
    title: record.title,
    vernacularTitle: record.vernacularTitle,
    journal: record.journal,
    journalAbbreviation: record.journalAbbreviation,
    issn: record.issn,
    volume: record.volume,
    issue: record.issue,
    pages: record.pages,
    publicationDate: record.publicationDate,
    electronicDate: record.electronicDate,
    languages: record.languages,
    publicationTypes: record.publicationTypes,
    authors: record.authors,
    grants: record.grants,
    commentsCorrections: record.commentsCorrections,
    meshHeadings: record.meshHeadings,
    keywords: record.keywords,
    citationStatus: record.citationStatus,
    publicationStatus: record.publicationStatus,
  });
}

/** Absent optional fields are left out rather than set to undefined, so records compare and serialise alike. */
function dropUndefined<T extends object>(value: T): T {
  const fields = value as Record<string, unknown>;
  for (const key of Object.keys(fields)) if (fields[key] === undefined) delete fields[key];
  return value;
}

function pmcid(value: string | undefined): string | undefined {
  const digits = value && /^(?:PMC)?(\d+)$/i.exec(value.replace(/\s+/g, ""))?.[1];
  return digits ? `PMC${digits}` : undefined;
}

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
  const date: PartialDate = { year };
  const month = MEDLINE_MONTH.exec(text);
  if (month) {
    date.month = monthNumber(month[1]);
    const day = dayNumber(month[2]);
    if (day !== undefined) date.day = day;
  } else {
    const season = MEDLINE_SEASON.exec(text)?.[1];
    if (season) date.month = SEASON_MONTHS[season.toLowerCase()];
  }
  date.text = text;
  return dropUndefined(date);
}
