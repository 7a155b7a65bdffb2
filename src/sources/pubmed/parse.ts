import { createRequire } from "node:module";
import { availableParallelism } from "node:os";
import { pathToFileURL } from "node:url";
import { XMLValidator } from "fast-xml-parser";
import { Piscina } from "piscina";
import { RUNS_FROM_SOURCES, siblingModuleUrl } from "../../paths.ts";
import { MissingPmidError, plainParser, preparedParser, readArticleSet } from "./parse-records.ts";
import {
  lineAndColumn,
  prepareArticleBatches,
  rootElementIndex,
  stripMarkup,
  finishText,
} from "./parse-text.ts";
import type { PubmedArticleRecord } from "./types.ts";

/** What a parse worker thread (parse-worker.ts) hands back for one part of an article set. */
export type ParseWorkerResult = { records: PubmedArticleRecord[] } | { parseError: string };

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
   * Cut what no field is read from (abstracts, reference lists, history, ...) out of the text
   * before parsing. On by default; off is the plain parse the fast one is checked against.
   */
  skipUnusedSubtrees?: boolean;
}

/**
 * Reads every PubmedArticle and PubmedBookArticle of an EFetch (db=pubmed, retmode=xml) body, in
 * document order, from its text or its UTF-8 bytes. Throws `PubmedParseError` when the body is
 * not such a set: not XML, cut short, another E-utility's answer, or an EFetch error.
 */
export function parsePubmedXml(
  xml: string | Uint8Array,
  options: PubmedParseOptions = {},
): PubmedArticleRecord[] {
  if (options.skipUnusedSubtrees === false) {
    const text = asText(xml);
    checkRoot(text);
    return parsePlainly(text);
  }
  // Bytes are read one per character: decoding is a copy, and the markup is ASCII either way.
  const bytesAsLatin1 = typeof xml !== "string";
  const text = bytesAsLatin1 ? bytes(xml).toString("latin1") : xml;
  const rootIndex = checkRoot(text, bytesAsLatin1);
  const records: PubmedArticleRecord[] = [];
  // A missing PMID is reported only once the whole text is known to be well-formed, as the
  // plain parse does.
  let missingPmid: MissingPmidError | undefined;
  const prepared = prepareArticleBatches(text, rootIndex, BATCH_CHARS, (batch) => {
    if (missingPmid) return;
    try {
      const found = readArticleSet(preparedParser.parse(batch), bytesAsLatin1, records.length);
      for (const record of found) records.push(record);
    } catch (error) {
      if (!(error instanceof MissingPmidError)) throw error;
      missingPmid = error;
    }
  });
  switch (prepared.kind) {
    case "done":
      if (missingPmid) throw new PubmedParseError(missingPmid.message);
      return records;
    case "unsupported":
      return parsePlainly(asText(xml));
    case "fault":
      return reportFault(asText(xml), prepared.index >= text.length ? prepared.reason : undefined);
  }
}

/**
 * Characters of the original text per parse batch: a few dozen articles. Small batches keep the
 * parser's intermediate tree short-lived, which the garbage collector handles far better than one
 * tree of the whole set.
 */
const BATCH_CHARS = 32 << 10;

/** The reference path: the whole text validated and parsed as it is. */
function parsePlainly(xml: string): PubmedArticleRecord[] {
  const result = XMLValidator.validate(xml);
  if (result !== true) throwMalformed(xml, result.err);
  return withPmidCheck(() => readArticleSet(plainParser.parse(xml), false));
}

function withPmidCheck<T>(parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    if (error instanceof MissingPmidError) throw new PubmedParseError(error.message);
    throw error;
  }
}

/** The quick scan found broken markup: fast-xml-parser's validator says what and where. */
function reportFault(xml: string, endReason: string | undefined): PubmedArticleRecord[] {
  const result = XMLValidator.validate(xml);
  // The validator accepts a few things the scan refuses (a processing instruction after the
  // root, say): such a body is still XML, so it gets the plain parse.
  if (result === true) return withPmidCheck(() => readArticleSet(plainParser.parse(xml), false));
  throwMalformed(xml, result.err, endReason);
}

function throwMalformed(
  xml: string,
  error: { msg: string; line: number; col: number },
  endReason?: string,
): never {
  const open = unclosedTags(error.msg);
  if (endReason !== undefined || open !== undefined) {
    // The validator points at the first unclosed tag; where the text stops says more about a cut-off body.
    const { line, column } = lineAndColumn(xml, xml.length);
    const reason = endReason ?? `the text ends inside <${open!.at(-1)}>`;
    throw new PubmedParseError(
      `malformed XML, cut short: ${reason}, at line ${line}, column ${column} (the end of the text)`,
      line,
      column,
    );
  }
  throw new PubmedParseError(
    `malformed XML at line ${error.line}, column ${error.col}: ${error.msg}`,
    error.line,
    error.col,
  );
}

/** The elements left open at the end of the text, from the validator's message about them. */
function unclosedTags(message: string): string[] | undefined {
  const one = /^Unclosed tag '([^']+)'/.exec(message);
  if (one) return [one[1]!];
  const many = /^Invalid '(\[[\s\S]*\])' found/.exec(message);
  return many ? [...many[1]!.matchAll(/"([^"]+)"/g)].map((match) => match[1]!) : undefined;
}

/** Returns the index of the root element, which must be a PubmedArticleSet. */
function checkRoot(xml: string, bytesAsLatin1 = false): number {
  const start = rootElementIndex(xml);
  const root = start === -1 ? undefined : /^<([A-Za-z_][\w.:-]*)/.exec(xml.slice(start, start + 100))?.[1];
  if (root === undefined) {
    const snippet = finishText(xml.slice(0, 200), bytesAsLatin1).slice(0, 60);
    throw new PubmedParseError(
      snippet ? `not XML: no root element found (the text starts "${snippet}")` : "empty body: no XML found",
    );
  }
  refuseEntityDeclarations(xml, start);
  if (root === "PubmedArticleSet") return start;
  if (root === "eFetchResult") {
    const message = /<ERROR>([\s\S]*?)<\/ERROR>/.exec(xml)?.[1];
    const text = message === undefined ? "" : finishText(stripMarkup(message), bytesAsLatin1);
    throw new PubmedParseError(`EFetch returned an error instead of records: ${text || "(no ERROR text)"}`);
  }
  const what = OTHER_ROOTS[root];
  throw new PubmedParseError(
    `expected a PubmedArticleSet (EFetch db=pubmed retmode=xml) but the root element is <${root}>${what ? `: ${what}` : ""}`,
  );
}

/**
 * E-utilities never declares entities. A declared one is either a bomb (entities that expand into
 * each other until memory runs out) or an attempt to read a local file or URL (an external entity):
 * the body is refused before any parser sees the declarations.
 */
function refuseEntityDeclarations(xml: string, rootIndex: number): void {
  const doctype = xml.lastIndexOf("<!DOCTYPE", rootIndex);
  if (doctype === -1) return;
  const declaration = /<!ENTITY\s+(%\s+)?([^\s>]+)\s+(SYSTEM|PUBLIC)?/.exec(xml.slice(doctype, rootIndex));
  if (!declaration) return;
  const { line, column } = lineAndColumn(xml, doctype + declaration.index);
  const what = declaration[3]
    ? `an external entity ("${declaration[2]}", ${declaration[3]}), which would read a file or URL`
    : `an entity ("${declaration[2]}"); entities that expand into others can exhaust memory`;
  throw new PubmedParseError(
    `refused: the DOCTYPE declares ${what}, at line ${line}, column ${column}. ` +
      "E-utilities never sends entity declarations.",
    line,
    column,
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

function bytes(xml: Uint8Array): Buffer {
  return Buffer.isBuffer(xml) ? xml : Buffer.from(xml.buffer, xml.byteOffset, xml.byteLength);
}

function asText(xml: string | Uint8Array): string {
  if (typeof xml === "string") return xml.startsWith("\ufeff") ? xml.slice(1) : xml;
  const text = bytes(xml).toString("utf8");
  return text.startsWith("\ufeff") ? text.slice(1) : text;
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
/**
 * Parts per thread. More parts than threads let this thread copy out the next part and take in
 * the records of a finished one while the workers parse the others.
 */
const PARTS_PER_THREAD = 4;

/** Worker threads running the sources load them through tsx, as the main thread does; the build needs none. */
function workerExecArgv(): string[] | undefined {
  if (!RUNS_FROM_SOURCES) return undefined;
  return ["--import", pathToFileURL(createRequire(import.meta.url).resolve("tsx")).href];
}

/** A worker-thread pool for parsing large EFetch bodies: start once, reuse, close when done. */
export class PubmedParsePool {
  readonly threads: number;
  private readonly piscina: Piscina;

  constructor(options: { threads?: number } = {}) {
    this.threads = Math.max(1, options.threads ?? availableParallelism());
    this.piscina = new Piscina({
      filename: siblingModuleUrl(import.meta.url, "parse-worker"),
      minThreads: this.threads,
      maxThreads: this.threads,
      execArgv: workerExecArgv(),
    });
  }

  /** Parses one standalone set on a worker; bytes are moved to it, not copied. */
  run(part: string | Uint8Array): Promise<ParseWorkerResult> {
    const task = typeof part === "string" ? part : Piscina.move(part);
    return this.piscina.run(task) as Promise<ParseWorkerResult>;
  }

  async close(): Promise<void> {
    await this.piscina.close();
  }
}

/**
 * The records `parsePubmedXml` gives, parsed on several threads. Given bytes (UTF-8), decoding
 * is spread over the threads too. A malformed body is reported as the single-threaded parse
 * reports it, line and column included.
 */
export async function parsePubmedXmlParallel(
  xml: string | Uint8Array,
  options: ParallelParseOptions = {},
): Promise<PubmedArticleRecord[]> {
  const threads = options.pool?.threads ?? options.threads ?? availableParallelism();
  const split =
    threads > 1 && xml.length >= MIN_PARALLEL_SIZE
      ? splitArticleSet(xml, threads * PARTS_PER_THREAD)
      : undefined;
  if (!split) return parsePubmedXml(xml);
  const pool = options.pool ?? new PubmedParsePool({ threads });
  try {
    const pending: Array<Promise<ParseWorkerResult>> = [];
    for (let i = 0; i < split.count; i += 1) pending.push(pool.run(split.part(i)));
    const results = await Promise.all(pending);
    const records: PubmedArticleRecord[] = [];
    for (const result of results) {
      // Positions inside a part are not the body's: parse it whole here to report the fault.
      if ("parseError" in result) return parsePubmedXml(xml);
      for (const record of result.records) records.push(record);
    }
    return records;
  } finally {
    if (!options.pool) await pool.close();
  }
}

export interface ArticleSetSplit {
  count: number;
  /** Part `index` as a standalone set: the original prolog and set tag, whole articles, the end tag. */
  part(index: number): string | Uint8Array;
}

/**
 * Splits a set into about `count` standalone sets of whole articles, cut after article end tags;
 * undefined when the body is not a set this can cut with certainty (comments or CDATA could hide
 * a tag) or is too small to cut. The parts are checked when parsed: a cut in the wrong place
 * makes a malformed part, and a malformed part sends the whole body to the single-threaded parse.
 */
export function splitArticleSet(xml: string | Uint8Array, count: number): ArticleSetSplit | undefined {
  const source = typeof xml === "string" ? new TextSource(xml) : new ByteSource(xml);
  if (source.indexOf("<!--", 0) !== -1 || source.indexOf("<![CDATA[", 0) !== -1) return undefined;
  const head = source.text(0, Math.min(source.length, 1 << 16));
  const rootIndex = rootElementIndex(head);
  if (rootIndex === -1 || !/^<PubmedArticleSet[ \t\n\r>]/.test(head.slice(rootIndex, rootIndex + 20)))
    return undefined;
  const setOpen = source.indexOf("<PubmedArticleSet", 0);
  const bodyStart = source.indexOf(">", setOpen) + 1;
  const close = source.lastIndexOf("</PubmedArticleSet");
  if (bodyStart === 0 || close < bodyStart) return undefined;
  const cuts = [bodyStart];
  for (let i = 1; i < count; i += 1) {
    const target = Math.max(
      cuts[cuts.length - 1]!,
      bodyStart + Math.floor(((close - bodyStart) * i) / count),
    );
    const end = source.articleEnd(target, close);
    if (end === -1) break;
    if (end > cuts[cuts.length - 1]!) cuts.push(end);
  }
  if (cuts.length < 2) return undefined;
  cuts.push(close);
  return {
    count: cuts.length - 1,
    part: (index) => source.standaloneSet(bodyStart, cuts[index]!, cuts[index + 1]!),
  };
}

const ARTICLE_END_TAIL = /^(?:Book)?Article[ \t\n\r]*>/;

/** Searching and cutting, the same over a string and over UTF-8 bytes (whose markup is ASCII). */
abstract class SetSource {
  abstract readonly length: number;
  abstract indexOf(token: string, from: number): number;
  abstract lastIndexOf(token: string): number;
  abstract text(from: number, to: number): string;
  abstract standaloneSet(bodyStart: number, from: number, to: number): string | Uint8Array;

  /** Index just past the first article end tag at or after `from` and before `limit`; -1 when none. */
  articleEnd(from: number, limit: number): number {
    for (
      let at = this.indexOf("</Pubmed", from);
      at !== -1 && at < limit;
      at = this.indexOf("</Pubmed", at + 1)
    ) {
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

const SET_END = Buffer.from("</PubmedArticleSet>", "latin1");

class ByteSource extends SetSource {
  private readonly bytes: Buffer;
  constructor(bytes: Uint8Array) {
    super();
    this.bytes = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  get length(): number {
    return this.bytes.length;
  }
  // Searching with a byte needle: much faster than letting Buffer encode a string needle.
  indexOf(token: string, from: number): number {
    return this.bytes.indexOf(Buffer.from(token, "latin1"), from);
  }
  lastIndexOf(token: string): number {
    return this.bytes.lastIndexOf(Buffer.from(token, "latin1"));
  }
  text(from: number, to: number): string {
    return this.bytes.toString("utf8", from, to);
  }
  /** A fresh buffer of its own, so it can be moved to a worker. */
  standaloneSet(bodyStart: number, from: number, to: number): Uint8Array {
    const part = new Uint8Array(bodyStart + (to - from) + SET_END.length);
    part.set(this.bytes.subarray(0, bodyStart), 0);
    part.set(this.bytes.subarray(from, to), bodyStart);
    part.set(SET_END, bodyStart + (to - from));
    return part;
  }
}
