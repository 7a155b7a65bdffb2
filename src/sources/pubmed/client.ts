import { type AxiosInstance, type AxiosRequestConfig, type AxiosResponse } from "axios";
import { z } from "zod";
import {
  requestWithRetry,
  retryPolicy,
  type ApiClientOptions,
  type RequestDescription,
  type ResponseProblem,
  type RetryOptions,
} from "../../http/retry.ts";

import { dayFromNumber, dayNumber, firstDayOf, lastDayOf, withDateRange, type DateBound } from "./query.ts";

/** ESearch hands out at most this many ids of one query (retstart + retmax) without the history server. */
export const ESEARCH_MAX_IDS = 9_999;
/** NCBI asks for EFetch batches of a few hundred ids; more makes slow, fragile responses. */
export const EFETCH_MAX_BATCH = 500;
// Past this the term goes in a POST body: URLs that long are refused by some proxies and servers.
const MAX_GET_TERM_LENGTH = 1_500;

export interface PubmedClientOptions extends ApiClientOptions {
  /** E-utilities base, ending in /entrez/eutils with no trailing slash. */
  baseUrl: string;
  apiKey?: string;
  email?: string;
  tool: string;
  /** PMIDs per EFetch request, 1 to 500 (default 500). */
  efetchBatchSize?: number;
}

export interface EsearchResult {
  /** Hits in all, which may be more than the ids returned. */
  count: number;
  ids: string[];
}

export interface DateRange {
  from: DateBound;
  to: DateBound;
}

export interface EfetchBatch {
  pmids: string[];
  /** The PubmedArticleSet document as received. */
  xml: string;
}

/** A search with more than 9,999 hits published on a single day: splitting by date cannot help. */
export class PubmedQueryTooBroadError extends Error {
  override name = "PubmedQueryTooBroadError";
  readonly transient = false;
}

const esearchSchema = z.object({
  esearchresult: z.object({
    count: z.string().regex(/^\d+$/),
    idlist: z.array(z.string().regex(/^\d+$/)),
  }),
});

const esearchErrorSchema = z.union([
  z.object({ error: z.string() }),
  z.object({ esearchresult: z.object({ ERROR: z.string() }) }),
]);

// NCBI reports some passing back-end trouble in a 200 body; those are worth asking again. Paging
// past 9,999 ids is reported the same way ("Search Backend failed: ... 'retstart' ...") but is not.
const PASSING_TROUBLE = /backend|temporar|try again|unavailable|rate limit|timed? ?out/i;
const PAGING_ERROR = /retstart|retmax/i;

/** E-utilities over HTTP: searches and fetches, rate-limited and retried. Parsing is the caller's. */
export class PubmedClient {
  private readonly http: AxiosInstance;
  private readonly retry: RetryOptions;
  private readonly efetchBatchSize: number;

  constructor(private readonly options: PubmedClientOptions) {
    if (/\/$/.test(options.baseUrl))
      throw new RangeError(`baseUrl must not end in "/" (got ${options.baseUrl})`);
    this.efetchBatchSize = options.efetchBatchSize ?? EFETCH_MAX_BATCH;
    if (
      !Number.isInteger(this.efetchBatchSize) ||
      this.efetchBatchSize < 1 ||
      this.efetchBatchSize > EFETCH_MAX_BATCH
    ) {
      throw new RangeError(
        `efetchBatchSize must be 1 to ${EFETCH_MAX_BATCH} (got ${options.efetchBatchSize})`,
      );
    }
    this.retry = retryPolicy(options, 500, [options.apiKey, options.email]);
    this.http = this.retry.http;
  }

  /** One page of ESearch ids (at most 9,999 in all across pages) and the total hit count. */
  async esearch(term: string, page: { retstart?: number; retmax?: number } = {}): Promise<EsearchResult> {
    const retstart = page.retstart ?? 0;
    const retmax = page.retmax ?? ESEARCH_MAX_IDS;
    if (
      !Number.isInteger(retstart) ||
      !Number.isInteger(retmax) ||
      retstart < 0 ||
      retmax < 0 ||
      retstart + retmax > ESEARCH_MAX_IDS
    ) {
      throw new RangeError(
        `ESearch serves ids 0 to ${ESEARCH_MAX_IDS} only (asked retstart=${retstart} retmax=${retmax})`,
      );
    }
    const params = {
      db: "pubmed",
      term,
      retmode: "json",
      retstart: String(retstart),
      retmax: String(retmax),
    };
    const post = term.length > MAX_GET_TERM_LENGTH;
    const description: RequestDescription = {
      method: post ? "POST" : "GET",
      endpoint: "PubMed esearch.fcgi",
      params: { term: shorten(term), retstart, retmax },
    };
    const url = `${this.options.baseUrl}/esearch.fcgi`;
    const config: AxiosRequestConfig = post
      ? { method: "POST", url, data: this.form(params) }
      : { method: "GET", url, params: Object.fromEntries(this.form(params)) };
    const response = await requestWithRetry<string>({ ...config, ...asText }, description, {
      ...this.retry,
      checkResponse: (received) => checkEsearch(received),
    });
    // checkResponse has vetted the shape.
    const result = esearchSchema.parse(JSON.parse(response.data)).esearchresult;
    return { count: Number(result.count), ids: result.idlist };
  }

  /**
   * Every PMID the term matches with a publication date in the range. One request when the hits
   * fit in one ESearch answer; otherwise the range is halved until each part fits, and the parts'
   * ids are merged in date order without duplicates (one article can match two parts through its
   * print and electronic dates).
   */
  async searchAllIds(term: string, range: DateRange): Promise<string[]> {
    const first = dayNumber(firstDayOf(range.from));
    const last = dayNumber(lastDayOf(range.to));
    if (first > last) throw new RangeError("date range starts after it ends");
    const ids = new Set<string>();
    await this.collectIds(term, first, last, ids);
    return [...ids];
  }

  private async collectIds(term: string, first: number, last: number, into: Set<string>): Promise<void> {
    const from = dayFromNumber(first);
    const to = dayFromNumber(last);
    const result = await this.esearch(withDateRange(term, from, to), { retmax: ESEARCH_MAX_IDS });
    if (result.count <= ESEARCH_MAX_IDS) {
      for (const id of result.ids) into.add(id);
      return;
    }
    if (first === last) {
      throw new PubmedQueryTooBroadError(
        `PubMed search matches ${result.count} articles published on ${shortDay(from)} alone, more than the ` +
          `${ESEARCH_MAX_IDS} ESearch can list; narrow the query (term ${JSON.stringify(shorten(term))})`,
      );
    }
    const middle = first + Math.floor((last - first) / 2);
    await this.collectIds(term, first, middle, into);
    await this.collectIds(term, middle + 1, last, into);
  }

  /**
   * EFetch XML for the PMIDs (each once, in the order given), POSTed in batches; yields each
   * batch's PubmedArticleSet as received.
   */
  async *efetch(pmids: readonly string[]): AsyncGenerator<EfetchBatch> {
    const unique = [...new Set(pmids)];
    const bad = unique.find((pmid) => !/^\d+$/.test(pmid));
    if (bad !== undefined) throw new RangeError(`not a PMID: ${JSON.stringify(bad)}`);
    for (let start = 0; start < unique.length; start += this.efetchBatchSize) {
      const batch = unique.slice(start, start + this.efetchBatchSize);
      const description: RequestDescription = {
        method: "POST",
        endpoint: "PubMed efetch.fcgi",
        params: { ids: describeIds(batch) },
      };
      const data = this.form({ db: "pubmed", retmode: "xml", id: batch.join(",") });
      const response = await requestWithRetry<string>(
        { method: "POST", url: `${this.options.baseUrl}/efetch.fcgi`, data, ...asText },
        description,
        { ...this.retry, checkResponse: (received) => checkEfetch(received) },
      );
      yield { pmids: batch, xml: response.data };
    }
  }

  /** The request's parameters plus what NCBI asks on every request: tool, email, api_key. */
  private form(params: Record<string, string>): URLSearchParams {
    const form = new URLSearchParams(params);
    form.set("tool", this.options.tool);
    if (this.options.email) form.set("email", this.options.email);
    if (this.options.apiKey) form.set("api_key", this.options.apiKey);
    return form;
  }
}

// The raw body, so that an HTML page or a truncated document can be recognised and reported.
const asText: AxiosRequestConfig = { responseType: "text", transformResponse: [(data: unknown) => data] };

function checkEsearch(response: AxiosResponse<unknown>): ResponseProblem | undefined {
  const body = typeof response.data === "string" ? response.data : "";
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return { transient: false, message: `expected ESearch JSON, got ${describeBody(body)}` };
  }
  const error = esearchErrorSchema.safeParse(json);
  if (error.success) {
    const message = "error" in error.data ? error.data.error : error.data.esearchresult.ERROR;
    const transient = PASSING_TROUBLE.test(message) && !PAGING_ERROR.test(message);
    return { transient, message: `ESearch error: ${message}` };
  }
  const parsed = esearchSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? `${issue.path.join(".") || "(root)"}: ${issue.message}` : "unexpected shape";
    return { transient: false, message: `ESearch JSON is not in the expected shape (${where})` };
  }
  return undefined;
}

function checkEfetch(response: AxiosResponse<unknown>): ResponseProblem | undefined {
  const body = typeof response.data === "string" ? response.data : "";
  const root = rootElement(body);
  if (root === "PubmedArticleSet") {
    if (/<PubmedArticleSet\b[^>]*\/>\s*$|<\/PubmedArticleSet>\s*$/.test(body)) return undefined;
    // The start was right, so the body was cut short on the way: asking again should help.
    return { transient: true, message: "EFetch XML ends before </PubmedArticleSet> (truncated response)" };
  }
  if (root === "eFetchResult") {
    const error = /<ERROR>([\s\S]*?)<\/ERROR>/.exec(body)?.[1]?.trim();
    return { transient: false, message: `EFetch error: ${error || describeBody(body)}` };
  }
  return { transient: false, message: `expected a PubmedArticleSet document, got ${describeBody(body)}` };
}

/** The name of the document's first element, past any declaration, doctype, comments and BOM. */
function rootElement(xml: string): string | undefined {
  const prolog =
    /^\uFEFF?\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*<([A-Za-z_][\w.:-]*)/;
  return prolog.exec(xml)?.[1];
}

function describeBody(body: string): string {
  if (body.trim() === "") return "an empty body";
  const root = rootElement(body);
  if (root !== undefined) {
    const title = /<title[^>]*>([^<]*)<\/title>/i.exec(body)?.[1]?.trim();
    return `<${root}>${title ? ` "${title}"` : ""}`;
  }
  const start = body.trim().replace(/\s+/g, " ");
  return JSON.stringify(start.length > 80 ? `${start.slice(0, 80)}…` : start);
}

function describeIds(ids: string[]): string {
  return ids.length <= 3 ? ids.join(",") : `${ids.length} PMIDs ${ids[0]}…${ids.at(-1)}`;
}

function shorten(text: string): string {
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

function shortDay(day: { year: number; month: number; day: number }): string {
  return `${day.year}-${String(day.month).padStart(2, "0")}-${String(day.day).padStart(2, "0")}`;
}
