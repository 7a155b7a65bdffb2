import Fastify, { type FastifyReply, type FastifyRequest } from "fastify";
import { performance } from "node:perf_hooks";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { escapeXml, pubmedArticleXml, wrapPubmedArticleSet, type SandboxAbstract } from "./pubmed-xml.ts";
import {
  ArticleIndex,
  TermSyntaxError,
  dateBounds,
  parseTerm,
  translateTerm,
  type TermNode,
} from "./term.ts";
import type { Day } from "./entry-date.ts";
import { listenSandbox, RequestCounter, serveStats, type SandboxRequestStats } from "./sandbox-server.ts";
import { SlidingWindow } from "./sliding-window.ts";

/**
 * A local stand-in for NCBI E-utilities (ESearch and EFetch on db=pubmed) over given records,
 * with NCBI's limits: 3 requests/s per client without an API key, 10/s per key, 9,999 ids per
 * search, 10,000 ids per fetch. Used by the demo and the harvest benchmark.
 */

export interface EutilsSandboxOptions {
  articles: readonly PubmedArticleRecord[];
  /** Abstracts by PMID, written into the EFetch XML. */
  abstracts?: Readonly<Record<string, SandboxAbstract>>;
  /**
   * The day each of these records entered PubMed ([edat], the History "entrez" date), where it is
   * not its publication date: a record added to PubMed tonight, say.
   */
  entryDates?: Readonly<Record<string, Day>>;
  /** 0 (the default) picks a free port. */
  port?: number;
  host?: string;
  /** The API keys the sandbox accepts; any other key is refused, as NCBI refuses unknown keys. */
  apiKeys?: readonly string[];
  /** Refuse requests past NCBI's rate with 429 (default true); they are counted either way. */
  enforceRateLimit?: boolean;
}

/** Requests to /entrez/eutils/ by utility ("esearch", "efetch", or the name of an unsupported one); no byStatus. */
export type EutilsSandboxStats = Omit<SandboxRequestStats, "byStatus">;

export interface EutilsSandbox {
  /** Base URL ending in /entrez/eutils, to use as PUBMED_EUTILS_URL. */
  url: string;
  stats(): EutilsSandboxStats;
  resetStats(): void;
  close(): Promise<void>;
}

export const KEYLESS_REQUESTS_PER_SECOND = 3;
export const KEYED_REQUESTS_PER_SECOND = 10;
export const ESEARCH_MAX_IDS = 9_999;
export const EFETCH_MAX_IDS = 10_000;

const JSON_TYPE = "application/json; charset=UTF-8";
const XML_TYPE = "text/xml; charset=UTF-8";

interface Bucket {
  accepted: SlidingWindow;
  attempts: SlidingWindow;
}

export async function startEutilsSandbox(options: EutilsSandboxOptions): Promise<EutilsSandbox> {
  const abstracts = options.abstracts ?? {};
  const lookupAbstract = (pmid: string): SandboxAbstract | undefined =>
    Object.prototype.hasOwnProperty.call(abstracts, pmid) ? abstracts[pmid] : undefined;
  const entryDates = options.entryDates ?? {};
  const enteredOn = (pmid: string): Day | undefined =>
    Object.prototype.hasOwnProperty.call(entryDates, pmid) ? entryDates[pmid] : undefined;
  const index = new ArticleIndex(
    options.articles,
    (pmid) => {
      const abstract = lookupAbstract(pmid);
      return abstract === undefined
        ? undefined
        : typeof abstract === "string"
          ? abstract
          : abstract.map((s) => s.text).join(" ");
    },
    enteredOn,
  );
  // Each record is rendered once; a fetch only concatenates.
  const rendered = new Map<string, string>();
  for (const record of options.articles) {
    const entered = enteredOn(record.pmid);
    rendered.set(
      record.pmid,
      entered === undefined
        ? pubmedArticleXml(record, lookupAbstract(record.pmid))
        : pubmedArticleXml(record, lookupAbstract(record.pmid), entered),
    );
  }

  const apiKeys = new Set(options.apiKeys ?? []);
  const enforce = options.enforceRateLimit ?? true;
  const buckets = new Map<string, Bucket>();
  const counter = new RequestCounter();
  const stats = (): EutilsSandboxStats => {
    const { byStatus: _unused, ...counts } = counter.snapshot();
    return counts;
  };

  const app = Fastify({ logger: false, forceCloseConnections: true, bodyLimit: 8 * 1024 * 1024 });
  app.addContentTypeParser(
    "application/x-www-form-urlencoded",
    { parseAs: "string" },
    (_request, body, done) => {
      done(null, new URLSearchParams(body as string));
    },
  );

  serveStats(app, stats, () => counter.reset());

  app.route({
    method: ["GET", "POST"],
    url: "/entrez/eutils/:utility",
    handler: async (request: FastifyRequest<{ Params: { utility: string } }>, reply: FastifyReply) => {
      const now = performance.now();
      const name = request.params.utility.replace(/\.fcgi$/, "");
      // The name comes from the client: keep statistics keys to plain utility names.
      const utility = /^[a-z]{1,20}$/.test(name) ? name : "other";
      counter.arrive(utility, now);

      const params = requestParams(request);
      const apiKey = params.get("api_key");
      if (apiKey !== null && !apiKeys.has(apiKey)) {
        return reply.code(400).type(JSON_TYPE).send('{"error":"API key invalid"}');
      }
      const limit = apiKey === null ? KEYLESS_REQUESTS_PER_SECOND : KEYED_REQUESTS_PER_SECOND;
      // A key's allowance is shared by every client using it; without a key it is per address.
      const bucketKey = apiKey === null ? `ip:${request.ip}` : `key:${apiKey}`;
      let bucket = buckets.get(bucketKey);
      if (!bucket) {
        bucket = { accepted: new SlidingWindow(), attempts: new SlidingWindow() };
        buckets.set(bucketKey, bucket);
      }
      bucket.attempts.add(now);
      const used = bucket.accepted.count(now);
      reply.header("X-RateLimit-Limit", String(limit));
      if (enforce && used >= limit) {
        counter.rateLimited();
        reply.header("X-RateLimit-Remaining", "0").header("Retry-After", "1");
        return reply
          .code(429)
          .type(JSON_TYPE)
          .send(`{"error":"API rate limit exceeded","count":"${bucket.attempts.count(now)}"}`);
      }
      bucket.accepted.add(now);
      reply.header("X-RateLimit-Remaining", String(Math.max(0, limit - used - 1)));

      switch (utility) {
        case "esearch":
          return esearch(params, reply);
        case "efetch":
          return efetch(params, reply);
        default:
          return reply
            .code(404)
            .type(XML_TYPE)
            .send(
              `<?xml version="1.0" encoding="UTF-8" ?>\n<ERROR>Unsupported utility: ${escapeXml(name)}</ERROR>\n`,
            );
      }
    },
  });

  function esearch(params: URLSearchParams, reply: FastifyReply): FastifyReply {
    const json = (params.get("retmode") ?? "xml").toLowerCase() === "json";
    const fail = (message: string): FastifyReply =>
      json
        ? reply
            .type(JSON_TYPE)
            .send(JSON.stringify({ header: ESEARCH_HEADER, esearchresult: { ERROR: message } }))
        : reply
            .type(XML_TYPE)
            .send(
              `${ESEARCH_XML_PROLOG}<eSearchResult><ERROR>${escapeXml(message)}</ERROR></eSearchResult>\n`,
            );

    const db = params.get("db") ?? "pubmed";
    if (db !== "pubmed") return fail(`Invalid db name specified: ${db}`);
    const retstart = nonNegative(params.get("retstart"), 0);
    const requestedMax = nonNegative(params.get("retmax"), 20);
    const retmax = Math.min(requestedMax, ESEARCH_MAX_IDS);
    if (retstart + retmax > ESEARCH_MAX_IDS) {
      return fail(
        `Search Backend failed: Exception:\n'retstart' + 'retmax' may not exceed ${ESEARCH_MAX_IDS} (got ${retstart} + ${retmax}). ` +
          "For PubMed, ESearch can only retrieve the first 9,999 records matching the query; split the query by publication date.",
      );
    }
    let tree: TermNode;
    try {
      tree = withDateLimits(parseTerm(params.get("term") ?? ""), params);
    } catch (error) {
      if (error instanceof TermSyntaxError) return fail(error.message);
      throw error;
    }
    const sort = (params.get("sort") ?? "").replace(/\+/g, " ").toLowerCase();
    const ids = index.search(tree, sort === "pub_date" || sort === "pub date" ? "pub_date" : "recent");
    const page = ids.slice(retstart, retstart + retmax);
    const translation = translateTerm(tree);
    if (json) {
      const result = {
        header: ESEARCH_HEADER,
        esearchresult: {
          count: String(ids.length),
          retmax: String(page.length),
          retstart: String(retstart),
          idlist: page,
          translationset: [],
          querytranslation: translation,
          ...(requestedMax > ESEARCH_MAX_IDS
            ? {
                warninglist: {
                  phrasesignored: [],
                  quotedphrasesnotfound: [],
                  outputmessages: [
                    `Restrictions achieved. start and count adjusted to ${retstart}, ${retmax}`,
                  ],
                },
              }
            : {}),
        },
      };
      return reply.type(JSON_TYPE).send(JSON.stringify(result));
    }
    const idXml = page.map((id) => `<Id>${id}</Id>\n`).join("");
    return reply
      .type(XML_TYPE)
      .send(
        `${ESEARCH_XML_PROLOG}<eSearchResult><Count>${ids.length}</Count><RetMax>${page.length}</RetMax><RetStart>${retstart}</RetStart>` +
          `<IdList>\n${idXml}</IdList><TranslationSet/><QueryTranslation>${escapeXml(translation)}</QueryTranslation></eSearchResult>\n`,
      );
  }

  function efetch(params: URLSearchParams, reply: FastifyReply): FastifyReply {
    const fail = (message: string): FastifyReply =>
      reply
        .code(400)
        .type(XML_TYPE)
        .send(
          `<?xml version="1.0" encoding="UTF-8" ?>\n<eFetchResult>\n\t<ERROR>${escapeXml(message)}</ERROR>\n</eFetchResult>\n`,
        );
    const db = params.get("db") ?? "pubmed";
    if (db !== "pubmed") return fail(`Invalid db name specified: ${db}`);
    const ids = params
      .getAll("id")
      .flatMap((value) => value.split(/[\s,]+/))
      .filter((id) => id !== "");
    if (ids.length === 0) return fail("Empty id list - nothing todo");
    if (ids.length > EFETCH_MAX_IDS)
      return fail(`Too many UIDs in request: ${ids.length}; at most ${EFETCH_MAX_IDS} are allowed`);
    const seen = new Set<string>();
    const parts: string[] = [];
    for (const id of ids) {
      if (seen.has(id)) continue;
      seen.add(id);
      // Unknown ids are left out, as NCBI leaves them out.
      const xml = rendered.get(id);
      if (xml !== undefined) parts.push(xml);
    }
    return reply.type(XML_TYPE).send(wrapPubmedArticleSet(parts));
  }

  return {
    ...(await listenSandbox(app, options, "/entrez/eutils")),
    stats,
    resetStats: () => counter.reset(),
  };
}

const ESEARCH_HEADER = { type: "esearch", version: "0.3" };
const ESEARCH_XML_PROLOG =
  '<?xml version="1.0" encoding="UTF-8" ?>\n' +
  '<!DOCTYPE eSearchResult PUBLIC "-//NLM//DTD esearch 20060628//EN" "https://eutils.ncbi.nlm.nih.gov/eutils/dtd/20060628/esearch.dtd">\n';

/** Query-string and form-body parameters together; the body wins, as for NCBI's CGI. */
function requestParams(request: FastifyRequest): URLSearchParams {
  const raw = request.raw.url ?? "";
  const question = raw.indexOf("?");
  const params = new URLSearchParams(question >= 0 ? raw.slice(question + 1) : "");
  if (request.body instanceof URLSearchParams) {
    for (const name of new Set(request.body.keys())) {
      params.delete(name);
      for (const value of request.body.getAll(name)) params.append(name, value);
    }
  }
  return params;
}

function nonNegative(value: string | null, fallback: number): number {
  if (value === null || !/^\s*\d+\s*$/.test(value)) return fallback;
  return Number(value);
}

/** ESearch's mindate/maxdate narrow the term like a [dp] range (datetype=pdat) or an [edat] one (edat). */
function withDateLimits(tree: TermNode, params: URLSearchParams): TermNode {
  const min = params.get("mindate");
  const max = params.get("maxdate");
  if (min === null && max === null) return tree;
  const type = params.get("datetype") ?? "pdat";
  if (type !== "pdat" && type !== "edat")
    throw new TermSyntaxError(`Unsupported datetype: ${type} (the sandbox knows pdat and edat)`, 0);
  const from = (min ?? "1000").replace(/-/g, "/");
  const to = (max ?? "3000").replace(/-/g, "/");
  if (dateBounds(from) === undefined || dateBounds(to) === undefined) {
    throw new TermSyntaxError(`Invalid mindate/maxdate: ${min ?? ""} ${max ?? ""}`, 0);
  }
  const field = type === "edat" ? "edat" : "dp";
  return { kind: "bool", op: "AND", left: tree, right: { kind: "range", field, from, to } };
}
