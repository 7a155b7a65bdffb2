/**
 * Text-level work around fast-xml-parser for EFetch bodies: finding the root, one checking and
 * pruning pass over the markup before parsing, and turning raw element text into plain text.
 *
 * Everything here reads only ASCII markup, so it works alike on a string and on UTF-8 bytes
 * decoded one byte per character ("latin1"), which is much cheaper to decode and scan; such text
 * is turned back into real characters value by value (`finishText`).
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

/** Elements whose content may mix text with <i>, <sup>, MathML...: read as flattened text. */
export const MIXED_CONTENT_ELEMENTS = [
  "ArticleTitle",
  "VernacularTitle",
  "BookTitle",
  "Title",
  "CollectiveName",
  "Affiliation",
  "Keyword",
];
const MIXED_CONTENT = new Set(MIXED_CONTENT_ELEMENTS);

const ARTICLE_ELEMENTS = new Set(["PubmedArticle", "PubmedBookArticle"]);

export type Preparation =
  /** Every batch was handed over. */
  | { kind: "done" }
  /** The markup is broken at `index` (the end of the text when it is cut short). */
  | { kind: "fault"; index: number; reason: string }
  /** Comments, CDATA, an internal DTD subset or non-ASCII names: left to the full parser and validator. */
  | { kind: "unsupported" };

// Sticky patterns, read in place at the scan position. XML's whitespace is these four characters.
const NAME = /[A-Za-z_:][\w.:-]*/y;
const ATTRIBUTES_AND_END =
  /(?:[ \t\n\r]+[A-Za-z_:][\w.:-]*[ \t\n\r]*=[ \t\n\r]*(?:"[^"<]*"|'[^'<]*'))*[ \t\n\r]*\/?>/y;
const CLOSE_END = /[ \t\n\r]*>/y;
const BAD_AMPERSAND = /&(?!(?:[A-Za-z_][\w.-]*|#\d+|#x[0-9a-fA-F]+);)/;

/**
 * One pass over the markup from the root element on. It checks what fast-xml-parser does not
 * (names, quoted attributes, every tag closed in order, nothing after the root, "&" only in
 * references), and copies the text without unused elements, unread attributes, whitespace
 * between tags and markup inside mixed content. It hands the copy over in standalone
 * `<PubmedArticleSet>` batches of whole articles, each about `batchChars` characters of the
 * original, as they are made: a fault further on is found after some have been handed over.
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
  // Inside an element that is not copied as it is: its depth, and where its content starts when
  // it is mixed content to flatten (-1 when it is dropped whole).
  let asideDepth = -1;
  let flattenFrom = -1;
  const emit = (until: number): void => {
    pieces.push(xml.slice(copyFrom, until));
    onBatch(`<PubmedArticleSet>${pieces.join("")}</PubmedArticleSet>`);
    pieces = [];
  };

  let i = rootIndex;
  while (i !== -1 && i < xml.length) {
    let end: number;
    const next = xml.charCodeAt(i + 1);
    if (next === 0x2f /* "/": end tag */) {
      const name = open.pop();
      end = name === undefined ? -1 : endTagEnd(xml, i, name);
      if (end === -1) return fault(i, endTagFault(xml, i, name));
      if (open.length === asideDepth) {
        if (flattenFrom !== -1) {
          pieces.push(stripMarkup(xml.slice(flattenFrom, i)));
          copyFrom = i;
        } else {
          copyFrom = end;
        }
        asideDepth = -1;
        flattenFrom = -1;
      } else if (open.length === 0) {
        emit(i);
        const rest = xml.slice(end).search(/[^ \t\n\r]/);
        return rest === -1 ? { kind: "done" } : fault(end + rest, "content after the root element");
      } else if (open.length === 1 && end - batchStart >= batchChars && ARTICLE_ELEMENTS.has(name!)) {
        emit(end);
        copyFrom = end;
        batchStart = end;
      }
    } else if (next === 0x3f /* "?": processing instruction */) {
      const close = xml.indexOf("?>", i + 2);
      if (close === -1) return fault(i, "an unterminated processing instruction");
      end = close + 2;
    } else {
      NAME.lastIndex = i + 1;
      if (!NAME.test(xml)) {
        // A name outside ASCII is XML this scan does not read; anything else is not a tag.
        return next > 0x7f ? { kind: "unsupported" } : fault(i, '"<" that starts no tag');
      }
      const nameEnd = NAME.lastIndex;
      const name = xml.slice(i + 1, nameEnd);
      end = nameEnd + 1;
      if (xml.charCodeAt(nameEnd) !== 0x3e /* ">" */) {
        ATTRIBUTES_AND_END.lastIndex = nameEnd;
        if (!ATTRIBUTES_AND_END.test(xml)) return fault(i, `a malformed or unterminated <${name}> tag`);
        end = ATTRIBUTES_AND_END.lastIndex;
      }
      const selfClosing = xml.charCodeAt(end - 2) === 0x2f;
      if (open.length === 0) {
        if (copyFrom !== -1) return fault(i, "a second root element");
        // The root's own tag is not copied: every batch opens a bare <PubmedArticleSet>.
        if (selfClosing) return { kind: "done" };
        copyFrom = end;
        batchStart = end;
      } else if (asideDepth === -1) {
        if (UNUSED_ELEMENTS.has(name)) {
          pieces.push(xml.slice(copyFrom, i));
          if (selfClosing) copyFrom = end;
          else asideDepth = open.length;
        } else if (MIXED_CONTENT.has(name) && !selfClosing) {
          pieces.push(xml.slice(copyFrom, i), `<${name}>`);
          asideDepth = open.length;
          flattenFrom = end;
        } else if (end !== nameEnd + 1 && !ELEMENTS_WITH_READ_ATTRIBUTES.has(name)) {
          pieces.push(xml.slice(copyFrom, i), selfClosing ? `<${name}/>` : `<${name}>`);
          copyFrom = end;
        }
      }
      if (!selfClosing) open.push(name);
    }
    i = xml.indexOf("<", end);
    // Whitespace between tags is layout (mixed content is set aside above): the parser need not see it.
    if (asideDepth === -1 && i > end && copyFrom !== -1 && isBlank(xml, end, i)) {
      if (copyFrom < end) pieces.push(xml.slice(copyFrom, end));
      copyFrom = i;
    }
  }
  const innermost = open[open.length - 1];
  return fault(
    xml.length,
    innermost ? `the text ends inside <${innermost}>` : "the text ends before the root element",
  );
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
  return expected === undefined
    ? `${found} after the root element ended`
    : `${found} where </${expected}> was due`;
}

function fault(index: number, reason: string): Preparation {
  return { kind: "fault", index, reason };
}

function isBlank(xml: string, from: number, to: number): boolean {
  for (let i = from; i < to; i += 1) if (!isSpace(xml.charCodeAt(i))) return false;
  return true;
}

function hasInternalSubset(xml: string, rootIndex: number): boolean {
  const doctype = xml.lastIndexOf("<!DOCTYPE", rootIndex);
  return doctype !== -1 && xml.slice(doctype, rootIndex).includes("[");
}

/**
 * Index of the root element's "<", past a byte order mark, the XML declaration, DOCTYPE,
 * comments and whitespace; -1 when the text has no element there.
 */
export function rootElementIndex(xml: string): number {
  let i = xml.startsWith("\ufeff") ? 1 : xml.startsWith("\u00ef\u00bb\u00bf") ? 3 : 0;
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
// Raw element text to plain text.

// Whitespace inside MathML is layout, not text: the spaces around its inner elements go with the tags.
const MATHML_INNER_TAG = /[ \t\n\r]*<\/?mml:(?!math[ \t\n\r>/])[^>]*>[ \t\n\r]*/g;
const MATHML_OPEN = /<mml:math(?=[ \t\n\r>/])[^>]*>[ \t\n\r]*/g;
const MATHML_CLOSE = /[ \t\n\r]*<\/mml:math[ \t\n\r]*>/g;
const ANY_TAG = /<[^>]*>/g;

/** Inline markup (<i>, <sup>, MathML...) dropped, its text kept. */
export function stripMarkup(raw: string): string {
  if (!raw.includes("<")) return raw;
  let text = raw;
  if (text.includes("<mml:")) {
    // Inner tags first, while the <mml:math> tags still stand between them and the text around.
    text = text.replace(MATHML_INNER_TAG, "").replace(MATHML_OPEN, "").replace(MATHML_CLOSE, "");
  }
  return text.replace(ANY_TAG, "");
}

const NON_ASCII = /[^\x00-\x7f]/;
const LOOSE_SPACE = /[\t\n\r]| {2}|^ | $/;
const XML_SPACES = /[ \t\n\r]+/g;

/**
 * Element text (markup already dropped) as a value: UTF-8 read back into characters when the text
 * holds bytes, entities decoded, XML whitespace collapsed and trimmed.
 */
export function finishText(text: string, bytesAsLatin1: boolean): string {
  let out = text;
  if (bytesAsLatin1 && NON_ASCII.test(out)) out = Buffer.from(out, "latin1").toString("utf8");
  out = decodeEntities(out);
  if (!LOOSE_SPACE.test(out)) return out;
  out = out.replace(XML_SPACES, " ");
  const start = out.charCodeAt(0) === 0x20 ? 1 : 0;
  const end = out.length > start && out.charCodeAt(out.length - 1) === 0x20 ? out.length - 1 : out.length;
  return out.slice(start, end);
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
