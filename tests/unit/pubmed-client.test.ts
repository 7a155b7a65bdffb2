import nock from "nock";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HttpRequestError, type RetryEvent } from "../../src/http/retry.ts";
import type { RateLimiter } from "../../src/ratelimit/redis-rate-limiter.ts";
import {
  PubmedClient,
  PubmedQueryTooBroadError,
  type PubmedClientOptions,
} from "../../src/sources/pubmed/client.ts";

const ORIGIN = "https://eutils.ncbi.nlm.nih.gov";
const BASE = `${ORIGIN}/entrez/eutils`;
const API_KEY = "k3y-0f-the-lab-8a7f6e";
const EMAIL = "harvest-admin@example.edu";

/** Counts grants so a test can see that every attempt went through the limiter. */
function countingLimiter(): RateLimiter & { grants: number } {
  const limiter = {
    grants: 0,
    acquire() {
      limiter.grants += 1;
      return Promise.resolve();
    },
  };
  return limiter;
}

function client(overrides: Partial<PubmedClientOptions> = {}): PubmedClient {
  return new PubmedClient({
    baseUrl: BASE,
    apiKey: API_KEY,
    email: EMAIL,
    tool: "scholartrack",
    timeoutMs: 2_000,
    rateLimiter: countingLimiter(),
    retryBaseMs: 1,
    ...overrides,
  });
}

function esearchJson(count: number, ids: string[]): string {
  return JSON.stringify({
    header: { type: "esearch", version: "0.3" },
    esearchresult: {
      count: String(count),
      retmax: String(ids.length),
      retstart: "0",
      idlist: ids,
      translationset: [],
    },
  });
}

function articleSet(pmids: string[]): string {
  const articles = pmids
    .map(
      (pmid) =>
        `<PubmedArticle><MedlineCitation><PMID Version="1">${pmid}</PMID></MedlineCitation></PubmedArticle>`,
    )
    .join("\n");
  return `<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n${articles}\n</PubmedArticleSet>\n`;
}

// An Error instance: nock 15 never settles a request whose replyWithError was given a plain object.
function networkError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const items: T[] = [];
  for await (const item of iterable) items.push(item);
  return items;
}

async function failure(promise: Promise<unknown>): Promise<HttpRequestError> {
  const error = await promise.then(
    () => undefined,
    (reason: unknown) => reason,
  );
  expect(error).toBeInstanceOf(HttpRequestError);
  return error as HttpRequestError;
}

beforeAll(() => nock.disableNetConnect());
afterEach(() => nock.cleanAll());
afterAll(() => nock.enableNetConnect());

describe("PubmedClient requests", () => {
  it("sends tool, email and api_key with ESearch and returns the count and ids", async () => {
    let query: URLSearchParams | undefined;
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, (request: Request) => {
        query = new URL(request.url).searchParams;
        return esearchJson(63, ["41282813", "41148224"]);
      });

    const result = await client().esearch('"Carberry J"[au]', { retmax: 2 });

    expect(result).toEqual({ count: 63, ids: ["41282813", "41148224"] });
    expect(Object.fromEntries(query!)).toEqual({
      db: "pubmed",
      term: '"Carberry J"[au]',
      retmode: "json",
      retstart: "0",
      retmax: "2",
      tool: "scholartrack",
      email: EMAIL,
      api_key: API_KEY,
    });
  });

  it("leaves out email and api_key when it has none, but always sends tool", async () => {
    let query: URLSearchParams | undefined;
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, (request: Request) => {
        query = new URL(request.url).searchParams;
        return esearchJson(0, []);
      });

    await client({ apiKey: undefined, email: undefined }).esearch("x[au]");

    expect(query!.get("tool")).toBe("scholartrack");
    expect(query!.has("email")).toBe(false);
    expect(query!.has("api_key")).toBe(false);
  });

  it("POSTs a term too long for a URL, with tool, email and api_key in the form", async () => {
    const term = `(${Array.from({ length: 120 }, (_, index) => `"Author${index} J"[au]`).join(" OR ")})`;
    let form: URLSearchParams | undefined;
    nock(ORIGIN)
      .post("/entrez/eutils/esearch.fcgi")
      .reply(200, async (request: Request) => {
        form = new URLSearchParams(await request.text());
        return esearchJson(1, ["1"]);
      });

    await expect(client().esearch(term)).resolves.toEqual({ count: 1, ids: ["1"] });
    expect(form!.get("term")).toBe(term);
    expect(form!.get("retmax")).toBe("9999");
    expect(form!.get("tool")).toBe("scholartrack");
    expect(form!.get("email")).toBe(EMAIL);
    expect(form!.get("api_key")).toBe(API_KEY);
  });

  it("refuses to page past the 9,999 ids ESearch serves", async () => {
    await expect(client().esearch("x[au]", { retstart: 9_000, retmax: 1_000 })).rejects.toThrow(RangeError);
  });

  it("POSTs EFetch in batches of at most 500 PMIDs: 1,201 go as 500, 500 and 201", async () => {
    const pmids = Array.from({ length: 1_201 }, (_, index) => String(30_000_000 + index));
    const forms: URLSearchParams[] = [];
    nock(ORIGIN)
      .post("/entrez/eutils/efetch.fcgi")
      .times(3)
      .reply(200, async (request: Request) => {
        const form = new URLSearchParams(await request.text());
        forms.push(form);
        return articleSet(form.get("id")!.split(","));
      });

    const batches = await collect(client().efetch(pmids));

    expect(batches.map((batch) => batch.pmids.length)).toEqual([500, 500, 201]);
    expect(batches.flatMap((batch) => batch.pmids)).toEqual(pmids);
    expect(forms.map((form) => form.get("id")!.split(",").length)).toEqual([500, 500, 201]);
    for (const form of forms) {
      expect(form.get("db")).toBe("pubmed");
      expect(form.get("retmode")).toBe("xml");
      expect(form.get("tool")).toBe("scholartrack");
      expect(form.get("email")).toBe(EMAIL);
      expect(form.get("api_key")).toBe(API_KEY);
    }
    expect(batches[2]!.xml).toContain('<PMID Version="1">30001200</PMID>');
  });

  it("uses a smaller EFetch batch when configured, and refuses more than 500", async () => {
    nock(ORIGIN)
      .post("/entrez/eutils/efetch.fcgi")
      .times(2)
      .reply(200, async (request: Request) =>
        articleSet(new URLSearchParams(await request.text()).get("id")!.split(",")),
      );

    const batches = await collect(client({ efetchBatchSize: 2 }).efetch(["1", "2", "3", "2"]));

    expect(batches.map((batch) => batch.pmids)).toEqual([["1", "2"], ["3"]]);
    expect(() => client({ efetchBatchSize: 501 })).toThrow(RangeError);
  });

  it("sends no request for no PMIDs and refuses an id that is not a PMID", async () => {
    expect(await collect(client().efetch([]))).toEqual([]);
    await expect(collect(client().efetch(["123", "12,13"]))).rejects.toThrow(/not a PMID/);
  });
});

describe("PubmedClient retries", () => {
  it("waits as long as a 429's Retry-After says, then succeeds", async () => {
    const retries: RetryEvent[] = [];
    const limiter = countingLimiter();
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(429, '{"error":"API rate limit exceeded","count":"11","limit":"10"}', { "Retry-After": "1" })
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, esearchJson(1, ["1"]));

    const result = await client({ rateLimiter: limiter, onRetry: (event) => retries.push(event) }).esearch(
      "x[au]",
    );

    expect(result.ids).toEqual(["1"]);
    expect(retries).toHaveLength(1);
    expect(retries[0]!.delayMs).toBe(1_000);
    expect(retries[0]!.reason).toContain("HTTP 429");
    expect(limiter.grants).toBe(2);
  });

  it("retries a 500 and then succeeds, each attempt through the rate limiter", async () => {
    const limiter = countingLimiter();
    nock(ORIGIN)
      .post("/entrez/eutils/efetch.fcgi")
      .reply(500, "Internal Server Error")
      .post("/entrez/eutils/efetch.fcgi")
      .reply(200, articleSet(["1"]));

    const batches = await collect(client({ rateLimiter: limiter }).efetch(["1"]));

    expect(batches).toHaveLength(1);
    expect(limiter.grants).toBe(2);
    expect(nock.isDone()).toBe(true);
  });

  it("gives up on a request that does not answer in time and succeeds on the next attempt", async () => {
    const retries: RetryEvent[] = [];
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .delay(1_000)
      .reply(200, esearchJson(9, ["9"]))
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, esearchJson(1, ["1"]));

    const result = await client({ timeoutMs: 100, onRetry: (event) => retries.push(event) }).esearch("x[au]");

    expect(result).toEqual({ count: 1, ids: ["1"] });
    expect(retries.map((event) => event.reason)).toEqual(["timed out after 100 ms"]);
  });

  it("retries a connection reset", async () => {
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .replyWithError(networkError("ECONNRESET", "socket hang up"))
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, esearchJson(1, ["1"]));

    await expect(client().esearch("x[au]")).resolves.toEqual({ count: 1, ids: ["1"] });
  });

  it("stops after maxAttempts with a transient error that says how often it tried", async () => {
    const limiter = countingLimiter();
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .times(3)
      .reply(503, "<html><title>Service Unavailable</title></html>");

    const error = await failure(client({ maxAttempts: 3, rateLimiter: limiter }).esearch('"Carberry J"[au]'));

    expect(error.transient).toBe(true);
    expect(error.status).toBe(503);
    expect(error.attempts).toBe(3);
    expect(error.message).toBe(
      'GET PubMed esearch.fcgi term="\\"Carberry J\\"[au]" retstart=0 retmax=9999 failed: HTTP 503: Service Unavailable (3 attempts)',
    );
    expect(limiter.grants).toBe(3);
    expect(nock.isDone()).toBe(true);
  });

  it("reports a 429 whose Retry-After is too long at once, with the wait, for the queue to pause", async () => {
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(429, '{"error":"API rate limit exceeded"}', { "Retry-After": "3600" });

    const error = await failure(client().esearch("x[au]"));

    expect(error).toMatchObject({ transient: true, status: 429, attempts: 1, retryAfterMs: 3_600_000 });
  });

  it("does not retry a 400: the request itself is wrong", async () => {
    const limiter = countingLimiter();
    let requests = 0;
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .times(2)
      .reply(400, () => {
        requests += 1;
        return '{"error":"Invalid query"}';
      });

    const error = await failure(client({ rateLimiter: limiter }).esearch("x[au]"));

    expect(requests).toBe(1);
    expect(limiter.grants).toBe(1);
    expect(error).toMatchObject({ transient: false, status: 400, attempts: 1, kind: "status" });
    expect(error.message).toContain('HTTP 400: {"error":"Invalid query"}');
  });

  it("never puts the api_key or the e-mail address in an error message, even when the server echoes them", async () => {
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(400, `Bad request for api_key=${API_KEY}&email=${encodeURIComponent(EMAIL)} (${EMAIL})`)
      // The key straddles the point where the quoted body is cut short.
      .post("/entrez/eutils/efetch.fcgi")
      .reply(403, `${"x".repeat(195)}${API_KEY}`)
      // A 200 that is not XML, quoted in the message as far as its first 80 characters.
      .post("/entrez/eutils/efetch.fcgi")
      .reply(200, `Blocked: ${"y".repeat(55)}api_key=${API_KEY}`)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .replyWithError(
        networkError("ECONNREFUSED", `connect ECONNREFUSED for ?api_key=${API_KEY}&email=${EMAIL}`),
      );

    const errors = [
      await failure(client().esearch("x[au]")),
      await failure(collect(client().efetch(["1"]))),
      await failure(collect(client().efetch(["1"]))),
      await failure(client({ maxAttempts: 1 }).esearch("y[au]")),
    ];

    expect(errors[0]!.message).toContain("[redacted]");
    expect(errors[3]!.message).toContain("[redacted]");
    for (const error of errors) {
      for (const secret of [API_KEY, API_KEY.slice(0, 5), EMAIL, encodeURIComponent(EMAIL)]) {
        expect(error.message).not.toContain(secret);
        expect(JSON.stringify(error)).not.toContain(secret);
      }
    }
    expect(errors[2]).toMatchObject({ transient: false, attempts: 1, kind: "body" });
    expect(errors[3]).toMatchObject({ transient: true, attempts: 1, kind: "network", code: "ECONNREFUSED" });
  });
});

describe("PubmedClient malformed responses", () => {
  it.each([
    [
      "an HTML error page",
      "<!DOCTYPE html><html><head><title>NCBI - WWW Error Blocked Diagnostic</title></head></html>",
      /expected ESearch JSON, got <html> "NCBI - WWW Error Blocked Diagnostic"/,
    ],
    [
      "JSON of another shape",
      '{"esearchresult":{"count":"12"}}',
      /ESearch JSON is not in the expected shape \(esearchresult\.idlist/,
    ],
    [
      "a count that is not a number",
      '{"esearchresult":{"count":"many","idlist":[]}}',
      /not in the expected shape \(esearchresult\.count/,
    ],
    [
      "an ESearch ERROR",
      '{"esearchresult":{"ERROR":"Invalid query syntax near [au"}}',
      /ESearch error: Invalid query syntax near \[au/,
    ],
    [
      "a top-level error",
      '{"error":"Invalid db name specified: pubmd"}',
      /ESearch error: Invalid db name specified/,
    ],
    [
      "a paging error reported as a back-end failure",
      `{"esearchresult":{"ERROR":"Search Backend failed: Exception: 'retstart' cannot be larger than 9998."}}`,
      /ESearch error: Search Backend failed: Exception: 'retstart' cannot be larger than 9998\./,
    ],
  ])("fails permanently, naming the request, on %s", async (_case, body, message) => {
    nock(ORIGIN).get("/entrez/eutils/esearch.fcgi").query(true).reply(200, body);

    const error = await failure(client().esearch('"Carberry J"[au]'));

    expect(error).toMatchObject({ transient: false, status: 200, attempts: 1, kind: "body" });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(
      /^GET PubMed esearch\.fcgi term="\\"Carberry J\\"\[au\]" retstart=0 retmax=9999 failed: /,
    );
  });

  it("asks again when a 200 says the search back end failed", async () => {
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, '{"esearchresult":{"ERROR":"Search Backend failed: read timeout"}}')
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, esearchJson(1, ["5"]));

    await expect(client().esearch("x[au]")).resolves.toEqual({ count: 1, ids: ["5"] });
  });

  it.each([
    [
      "an eFetchResult ERROR",
      '<?xml version="1.0"?>\n<eFetchResult>\n\t<ERROR>Cannot retrieve history data.</ERROR>\n</eFetchResult>',
      /EFetch error: Cannot retrieve history data\./,
    ],
    [
      "an HTML page",
      "<html><head><title>Bad Gateway</title></head><body>oops</body></html>",
      /expected a PubmedArticleSet document, got <html> "Bad Gateway"/,
    ],
    [
      "another XML document",
      '<?xml version="1.0"?><eSearchResult><Count>0</Count></eSearchResult>',
      /expected a PubmedArticleSet document, got <eSearchResult>/,
    ],
    [
      "plain text",
      "Service temporarily down",
      /expected a PubmedArticleSet document, got "Service temporarily down"/,
    ],
    ["an empty body", "", /got an empty body/],
  ])("fails permanently, naming the request, when EFetch returns %s", async (_case, body, message) => {
    nock(ORIGIN).post("/entrez/eutils/efetch.fcgi").reply(200, body);

    const error = await failure(collect(client().efetch(["31978945", "23435529", "34529508", "35649368"])));

    expect(error).toMatchObject({ transient: false, attempts: 1, kind: "body" });
    expect(error.message).toMatch(message);
    expect(error.message).toMatch(/^POST PubMed efetch\.fcgi ids="4 PMIDs 31978945…35649368" failed: /);
  });

  it("asks again for an EFetch document cut short", async () => {
    nock(ORIGIN)
      .post("/entrez/eutils/efetch.fcgi")
      .reply(200, articleSet(["1", "2"]).slice(0, -40))
      .post("/entrez/eutils/efetch.fcgi")
      .reply(200, articleSet(["1", "2"]));

    const batches = await collect(client().efetch(["1", "2"]));

    expect(batches[0]!.xml).toContain("</PubmedArticleSet>");
    expect(nock.isDone()).toBe(true);
  });

  it("accepts an empty PubmedArticleSet (none of the PMIDs exist any more)", async () => {
    nock(ORIGIN)
      .post("/entrez/eutils/efetch.fcgi")
      .reply(200, '<?xml version="1.0" ?>\n<PubmedArticleSet/>\n');

    const batches = await collect(client().efetch(["99999999"]));

    expect(batches).toEqual([{ pmids: ["99999999"], xml: '<?xml version="1.0" ?>\n<PubmedArticleSet/>\n' }]);
  });
});

/** A fake PubMed with `total` articles spread evenly over the days from `first`, some with a second (electronic) date. */
function datedCorpus(total: number, first: Date, days: number) {
  const dayMs = 86_400_000;
  const articles = Array.from({ length: total }, (_, index) => {
    const day = first.getTime() + Math.floor((index * days) / total) * dayMs;
    // Every 500th article was published online a day before print: it matches two adjacent ranges.
    const dates = index % 500 === 0 ? [day - dayMs, day] : [day];
    return { pmid: String(20_000_000 + index), dates };
  });
  return (from: Date, to: Date) =>
    articles.filter((article) =>
      article.dates.some((date) => date >= from.getTime() && date <= to.getTime()),
    );
}

function parseRange(term: string): { from: Date; to: Date } {
  const match = /"(\d{4})\/(\d{2})\/(\d{2})"\[dp\] : "(\d{4})\/(\d{2})\/(\d{2})"\[dp\]/.exec(term);
  if (!match) throw new Error(`no date range in ${term}`);
  const [, y1, m1, d1, y2, m2, d2] = match.map(Number);
  return { from: new Date(Date.UTC(y1!, m1! - 1, d1)), to: new Date(Date.UTC(y2!, m2! - 1, d2)) };
}

describe("PubmedClient.searchAllIds", () => {
  it("asks once when the hits fit in one answer", async () => {
    const terms: string[] = [];
    nock(ORIGIN)
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, (request: Request) => {
        terms.push(new URL(request.url).searchParams.get("term")!);
        return esearchJson(3, ["3", "2", "1"]);
      });

    const ids = await client().searchAllIds('"Carberry J"[au]', { from: { year: 2011 }, to: { year: 2013 } });

    expect(ids).toEqual(["3", "2", "1"]);
    expect(terms).toEqual(['(("Carberry J"[au]) AND ("2011/01/01"[dp] : "2013/12/31"[dp]))']);
  });

  it("splits a search of 25,000 hits into date ranges of at most 9,999 and merges them without duplicates", async () => {
    const corpus = datedCorpus(25_000, new Date(Date.UTC(2011, 0, 1)), 1_095);
    const answered: Array<{ from: Date; to: Date; count: number; retstart: number; retmax: number }> = [];
    nock(ORIGIN)
      .persist()
      .get("/entrez/eutils/esearch.fcgi")
      .query(true)
      .reply(200, (request: Request) => {
        const params = new URL(request.url).searchParams;
        const { from, to } = parseRange(params.get("term")!);
        const retstart = Number(params.get("retstart"));
        const retmax = Number(params.get("retmax"));
        const hits = corpus(from, to);
        answered.push({ from, to, count: hits.length, retstart, retmax });
        // Like ESearch: newest first, one page of ids.
        const page = hits
          .reverse()
          .slice(retstart, retstart + retmax)
          .map((article) => article.pmid);
        return esearchJson(hits.length, page);
      });

    const ids = await client().searchAllIds('"Carberry J"[au]', { from: { year: 2011 }, to: { year: 2013 } });

    expect(ids).toHaveLength(25_000);
    expect(new Set(ids).size).toBe(25_000);
    expect(answered[0]!.count).toBe(25_000);
    for (const request of answered) expect(request.retstart + request.retmax).toBeLessThanOrEqual(9_999);
    // The ranges whose ids were kept fit in one answer and tile 2011-2013 exactly, in date order.
    const kept = answered.filter((request) => request.count <= 9_999);
    expect(kept.length).toBeGreaterThanOrEqual(3);
    expect(kept[0]!.from).toEqual(new Date(Date.UTC(2011, 0, 1)));
    expect(kept.at(-1)!.to).toEqual(new Date(Date.UTC(2013, 11, 31)));
    for (let index = 1; index < kept.length; index += 1) {
      expect(kept[index]!.from.getTime() - kept[index - 1]!.to.getTime()).toBe(86_400_000);
    }
    // Only ranges that did not fit were split.
    const split = answered.filter((request) => request.count > 9_999);
    expect(split.length).toBe(answered.length - kept.length);
  });

  it("fails permanently when a single day has more than 9,999 hits", async () => {
    nock(ORIGIN).persist().get("/entrez/eutils/esearch.fcgi").query(true).reply(200, esearchJson(12_000, []));

    const error = await client()
      .searchAllIds("cancer", {
        from: { year: 2020, month: 3, day: 1 },
        to: { year: 2020, month: 3, day: 4 },
      })
      .catch((reason: unknown) => reason);

    expect(error).toBeInstanceOf(PubmedQueryTooBroadError);
    expect((error as PubmedQueryTooBroadError).transient).toBe(false);
    expect((error as Error).message).toMatch(/matches 12000 articles published on 2020-03-01 alone/);
  });
});
