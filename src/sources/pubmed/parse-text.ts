/**
 * Text-level work for the EFetch parser, before and after fast-xml-parser: finding the root,
 * one checking and pruning pass over the markup, and flattening mixed content to plain text.
 */

/** Elements no record field is read from; with their content they are most of an EFetch body. */
const UNUSED_ELEMENTS = new Set([
  "Abstract",
  "OtherAbstract",
  "ReferenceList",
  "History",
  "MedlineJournalInfo",
  "ChemicalList",
  "SupplMeshList",
  "QualifierName",
  "InvestigatorList",
  "GeneSymbolList",
  "PersonalNameSubjectList",
  "CoiStatement",
  "DataBankList",
  "GeneralNote",
  "Sections",
  "ObjectList",
  "DateCompleted",
  "DateRevised",
  "DateCreated",
  "CitationSubset",
  "CopyrightInformation",
]);

/** Elements with an attribute some field is read from; every other element loses its attributes. */
const ELEMENTS_WITH_READ_ATTRIBUTES = new Set([
  "MedlineCitation",
  "AuthorList",
  "Author",
  "Identifier",
  "ELocationID",
  "ArticleId",
  "ArticleDate",
  "CommentsCorrections",
  "OtherID",
]);

const ARTICLE_ELEMENTS = new Set(["PubmedArticle", "PubmedBookArticle"]);

export type Preparation =
  /** Every batch was handed over. */
  | { kind: "done" }
  /** The markup is broken at `index` (the end of the text when it is cut short). */
  | { kind: "fault"; index: number; reason: string }
  /** Comments, CDATA, an internal DTD subset or non-ASCII names: leave it to the full parser and validator. */
  | { kind: "unsupported" };

// Sticky patterns read in place at the scan position.
const NAME = /[A-Za-z_:][\w.:-]*/y;
const ATTRIBUTES_AND_END = /(?:\s+[A-Za-z_:][\w.:-]*\s*=\s*(?:"[^"<]*"|'[^'<]*'))*\s*\/?>/y;
const CLOSE_END = /\s*>/y;
const BAD_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9a-fA-F]+);)/;

/**
 * One pass over the markup from the root element on. It checks what fast-xml-parser does not
 * (names, quoted attributes, every tag closed in order, nothing after the root, "&" only in
 * references), cuts out unused elements and unread attributes, and hands over the set in
 * standalone `<PubmedArticleSet>` batches of whole articles, each about `batchChars` characters of
 * the original text. Batches come as they are made, so a fault further on is found only after
 * some have been handed over.
 */
export function prepareArticleBatches(
  xml: string,
  rootIndex: number,
  batchChars: number,
  onBatch: (batch: string) => void,
): Preparation {
  if (xml.includes("<!--") || xml.includes("<![CDATA[") || hasInternalSubset(xml, rootIndex)) {
    return { kind: "unsupported" };
  }
  const badAmpersand = BAD_AMPERSAND.exec(xml);
  if (badAmpersand) return fault(badAmpersand.index, '"&" that starts no entity reference');

  const open: string[] = [];
  let pieces: string[] = [];
  let copyFrom = -1;
  let batchStart = rootIndex;
  let skipDepth = -1;
  const emit = (until: number): void => {
    pieces.push(xml.slice(copyFrom, until));
    onBatch(`<PubmedArticleSet>${pieces.join("")}</PubmedArticleSet>`);
    pieces = [];
  };
  for (let i = rootIndex; i !== -1 && i < xml.length; ) {
    const next = xml.charCodeAt(i + 1);
    if (next === 0x2f /* "/": end tag */) {
      const name = open.pop();
      const end = name === undefined ? -1 : endTagEnd(xml, i, name);
      if (end === -1) return fault(i, endTagFault(xml, i, name));
      if (open.length === skipDepth) {
        skipDepth = -1;
        copyFrom = end;
      } else if (open.length === 0) {
        emit(i);
        const rest = xml.slice(end).search(/\S/);
        return rest === -1 ? { kind: "done" } : fault(end + rest, "content after the root element");
      } else if (open.length === 1 && end - batchStart >= batchChars && ARTICLE_ELEMENTS.has(name!)) {
        emit(end);
        copyFrom = end;
        batchStart = end;
      }
      i = xml.indexOf("<", end);
      continue;
    }
    if (next === 0x3f /* "?": processing instruction */) {
      const end = xml.indexOf("?>", i + 2);
      if (end === -1) return fault(i, "an unterminated processing instruction");
      i = xml.indexOf("<", end + 2);
      continue;
    }
    NAME.lastIndex = i + 1;
    if (!NAME.test(xml)) {
      // A name outside ASCII is valid XML this scan does not read; anything else is not a tag.
      return next > 0x7f ? { kind: "unsupported" } : fault(i, '"<" that starts no tag');
    }
    const nameEnd = NAME.lastIndex;
    const name = xml.slice(i + 1, nameEnd);
    let end = nameEnd + 1;
    if (xml.charCodeAt(nameEnd) !== 0x3e /* ">" */) {
      ATTRIBUTES_AND_END.lastIndex = nameEnd;
      if (!ATTRIBUTES_AND_END.test(xml)) return fault(i, `a malformed or unterminated <${name}> tag`);
      end = ATTRIBUTES_AND_END.lastIndex;
    }
    const selfClosing = xml.charCodeAt(end - 2) === 0x2f;
    if (open.length === 0) {
      if (copyFrom !== -1) return fault(i, "a second root element");
      // The root's own tag is not copied: every batch opens a bare <PubmedArticleSet>.
      copyFrom = end;
      batchStart = end;
      if (selfClosing) return { kind: "done" };
    } else if (skipDepth === -1) {
      if (UNUSED_ELEMENTS.has(name)) {
        pieces.push(xml.slice(copyFrom, i));
        if (selfClosing) copyFrom = end;
        else skipDepth = open.length;
      } else if (end !== nameEnd + 1 && !ELEMENTS_WITH_READ_ATTRIBUTES.has(name)) {
        pieces.push(xml.slice(copyFrom, i), selfClosing ? `<${name}/>` : `<${name}>`);
        copyFrom = end;
      }
    }
    if (!selfClosing) open.push(name);
    i = xml.indexOf("<", end);
  }
  const innermost = open[open.length - 1];
  return fault(xml.length, innermost ? `the text ends inside <${innermost}>` : "no root element");
}

/** Index just past `</name>` (spaces allowed before ">") starting at `start`; -1 when it is not that. */
function endTagEnd(xml: string, start: number, name: string): number {
  if (!xml.startsWith(name, start + 2)) return -1;
  const after = start + 2 + name.length;
  if (xml.charCodeAt(after) === 0x3e /* ">" */) return after + 1;
  CLOSE_END.lastIndex = after;
  return CLOSE_END.test(xml) ? CLOSE_END.lastIndex : -1;
}

function endTagFault(xml: string, start: number, expected: string | undefined): string {
  NAME.lastIndex = start + 2;
  const found = NAME.test(xml) ? `</${xml.slice(start + 2, NAME.lastIndex)}>` : "a malformed end tag";
  return expected === undefined ? `${found} after the root element ended` : `${found} where </${expected}> was due`;
}

function fault(index: number, reason: string): Preparation {
  return { kind: "fault", index, reason };
}

function hasInternalSubset(xml: string, rootIndex: number): boolean {
  const doctype = xml.lastIndexOf("<!DOCTYPE", rootIndex);
  return doctype !== -1 && xml.slice(doctype, rootIndex).includes("[");
}

/**
 * Index of the root element's "<", past the XML declaration, DOCTYPE, comments and whitespace;
 * -1 when the text has no element there.
 */
export function rootElementIndex(xml: string): number {
  let i = xml.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (;;) {
    while (i < xml.length && isSpace(xml.charCodeAt(i))) i += 1;
    if (xml.charCodeAt(i) !== 0x3c /* < */) return -1;
    if (xml.startsWith("<?", i)) i = indexAfter(xml, "?>", i);
    else if (xml.startsWith("<!--", i)) i = indexAfter(xml, "-->", i);
    else if (xml.startsWith("<!DOCTYPE", i)) i = doctypeEnd(xml, i);
    else if (xml.startsWith("<!", i)) return -1;
    else return i;
    if (i === -1) return -1;
  }
}

function doctypeEnd(xml: string, start: number): number {
  const gt = xml.indexOf(">", start);
  if (gt === -1) return -1;
  const bracket = xml.slice(start, gt).indexOf("[");
  if (bracket === -1) return gt + 1;
  const subsetEnd = xml.indexOf("]", start + bracket);
  return subsetEnd === -1 ? -1 : indexAfter(xml, ">", subsetEnd);
}

function indexAfter(xml: string, token: string, from: number): number {
  const at = xml.indexOf(token, from);
  return at === -1 ? -1 : at + token.length;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x0a || code === 0x0d || code === 0x09;
}

/** 1-based line and column of a character index. */
export function lineAndColumn(xml: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = xml.indexOf("\n"); at !== -1 && at < index; at = xml.indexOf("\n", at + 1)) {
    line += 1;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}

// ---------------------------------------------------------------------------------------------
// Mixed content to plain text.

// Whitespace inside MathML is layout, not text: the spaces around its inner elements go with the tags.
const MATHML_INNER_TAG = /\s*<\/?mml:(?!math[\s>/])[^>]*>\s*/g;
const MATHML_OPEN = /<mml:math(?=[\s>/])[^>]*>\s*/g;
const MATHML_CLOSE = /\s*<\/mml:math\s*>/g;
const ANY_TAG = /<[^>]*>/g;
const SPACES = /\s+/g;

/** Inline markup dropped (its text kept), entities decoded, whitespace collapsed. */
export function cleanText(raw: string): string {
  let text = raw;
  if (text.includes("<")) {
    if (text.includes("<mml:")) {
      text = text.replace(MATHML_OPEN, "").replace(MATHML_CLOSE, "").replace(MATHML_INNER_TAG, "");
    }
    text = text.replace(ANY_TAG, "");
  }
  return decodeEntities(text).replace(SPACES, " ").trim();
}

const ENTITY = /&(?:#(\d+)|#[xX]([0-9a-fA-F]+)|(lt|gt|amp|quot|apos));/g;
const PREDEFINED: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'" };

/** The five predefined entities and numeric character references; anything else is left as written. */
export function decodeEntities(text: string): string {
  if (!text.includes("&")) return text;
  return text.replace(ENTITY, (whole, decimal?: string, hex?: string, name?: string) => {
    if (name) return PREDEFINED[name]!;
    const code = decimal ? Number.parseInt(decimal, 10) : Number.parseInt(hex!, 16);
    return code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
  });
}
