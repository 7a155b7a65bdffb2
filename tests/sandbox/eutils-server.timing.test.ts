import axios, { type AxiosResponse } from "axios";
import { XMLValidator } from "fast-xml-parser";
import { setTimeout as sleep } from "node:timers/promises";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { generateDivision } from "../../sandbox/division/index.ts";
import { startEutilsSandbox, type EutilsSandbox } from "../../sandbox/servers/eutils-server.ts";
import { ArticleIndex, parseTerm } from "../../sandbox/servers/term.ts";
import { parsePubmedXml } from "../../src/sources/pubmed/parse.ts";

const KEY = "sandbox-test-key";
const division = generateDivision({ facultyCount: 60, seed: 21 });
const http = axios.create({
  validateStatus: () => true,
  responseType: "text",
  transformResponse: [(data: unknown) => data],
});

interface EsearchJson {
  header: { type: string; version: string };
  esearchresult: {
    count: string;
    retmax: string;
    retstart: string;
    idlist: string[];
    translationset: unknown[];
    querytranslation: string;
    ERROR?: string;
  };
}

function json<T>(response: AxiosResponse<string>): T {
  return JSON.parse(response.data) as T;
}

describe("E-utilities sandbox over HTTP", () => {
  let sandbox: EutilsSandbox;
  const institutionQuery = `"${division.institution}"[ad]`;

  beforeAll(async () => {
    // Rate limits have their own server below; here every request must get through.
    sandbox = await startEutilsSandbox({
      articles: division.articles,
      abstracts: division.abstracts,
      apiKeys: [KEY],
      enforceRateLimit: false,
    });
  });
  afterAll(async () => {
    await sandbox.close();
  });

  const esearch = async (params: Record<string, string | number>): Promise<EsearchJson> =>
    json<EsearchJson>(
      await http.get<string>(`${sandbox.url}/esearch.fcgi`, {
        params: { db: "pubmed", retmode: "json", api_key: KEY, ...params },
      }),
    );

  it("serves under a base URL ending in /entrez/eutils", () => {
    expect(sandbox.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/entrez\/eutils$/);
  });

  it("answers ESearch in NCBI's JSON shape, most recent first", async () => {
    const response = await http.get<string>(`${sandbox.url}/esearch.fcgi`, {
      params: { db: "pubmed", term: institutionQuery, retmode: "json", api_key: KEY },
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^application\/json/);
    const body = json<EsearchJson>(response);
    expect(body.header).toEqual({ type: "esearch", version: "0.3" });
    const expected = new ArticleIndex(division.articles).search(parseTerm(institutionQuery));
    expect(expected.length).toBeGreaterThan(100);
    expect(body.esearchresult).toEqual({
      count: String(expected.length),
      retmax: "20",
      retstart: "0",
      idlist: expected.slice(0, 20),
      translationset: [],
      querytranslation: `"${division.institution.toLowerCase()}"[Affiliation]`,
    });
    expect([...body.esearchresult.idlist].sort((a, b) => Number(b) - Number(a))).toEqual(
      body.esearchresult.idlist,
    );
  });

  it("pages with retstart and retmax", async () => {
    const all = await esearch({ term: institutionQuery, retmax: 9999 });
    const count = Number(all.esearchresult.count);
    expect(all.esearchresult.idlist).toHaveLength(count);
    const pages: string[] = [];
    for (let retstart = 0; retstart < count; retstart += 50) {
      const page = await esearch({ term: institutionQuery, retstart, retmax: 50 });
      expect(page.esearchresult.retstart).toBe(String(retstart));
      expect(page.esearchresult.retmax).toBe(String(Math.min(50, count - retstart)));
      pages.push(...page.esearchresult.idlist);
    }
    expect(pages).toEqual(all.esearchresult.idlist);
    const past = await esearch({ term: institutionQuery, retstart: count + 5, retmax: 10 });
    expect(past.esearchresult).toMatchObject({ count: String(count), retmax: "0", idlist: [] });
  });

  it("refuses to page past the 9,999th id", async () => {
    expect(
      (await esearch({ term: institutionQuery, retstart: 0, retmax: 9999 })).esearchresult.ERROR,
    ).toBeUndefined();
    expect(
      (await esearch({ term: institutionQuery, retstart: 9998, retmax: 1 })).esearchresult.ERROR,
    ).toBeUndefined();
    const over = await esearch({ term: institutionQuery, retstart: 9990, retmax: 20 });
    expect(over.esearchresult.ERROR).toMatch(/9,?999/);
    expect(over.esearchresult.idlist).toBeUndefined();
    // A retmax above the maximum is cut to it, with NCBI's warning, as long as it starts at 0.
    const capped = await esearch({ term: institutionQuery, retmax: 100000 });
    expect(capped.esearchresult.ERROR).toBeUndefined();
    expect(JSON.stringify(capped)).toContain("Restrictions achieved");
  });

  it("reports a query it cannot parse as an ESearch ERROR", async () => {
    const response = await http.get<string>(`${sandbox.url}/esearch.fcgi`, {
      params: { db: "pubmed", term: '("Smith J"[au] OR', retmode: "json", api_key: KEY },
    });
    expect(response.status).toBe(200);
    const body = json<EsearchJson>(response);
    expect(body.esearchresult.ERROR).toMatch(/nothing on its right|end of query/);
    expect((await esearch({ term: "" })).esearchresult.ERROR).toBe("Empty term and query_key - nothing todo");
  });

  it("answers in XML when asked, and takes the term from a POST body", async () => {
    const term = `${institutionQuery} AND ("2011/01/01"[dp] : "2013/12/31"[dp])`;
    const xml = await http.get<string>(`${sandbox.url}/esearch.fcgi`, {
      params: { db: "pubmed", term, api_key: KEY },
    });
    expect(xml.headers["content-type"]).toMatch(/^text\/xml/);
    expect(XMLValidator.validate(xml.data)).toBe(true);
    const jsonBody = await esearch({ term });
    expect(xml.data).toContain(`<Count>${jsonBody.esearchresult.count}</Count>`);
    const posted = await http.post<string>(
      `${sandbox.url}/esearch.fcgi`,
      new URLSearchParams({ db: "pubmed", term, retmode: "json", api_key: KEY }),
    );
    expect(json<EsearchJson>(posted).esearchresult).toEqual(jsonBody.esearchresult);
  });

  it("narrows a search by mindate and maxdate", async () => {
    const withParams = await esearch({
      term: institutionQuery,
      mindate: "2014",
      maxdate: "2016",
      datetype: "pdat",
      retmax: 9999,
    });
    const withRange = await esearch({ term: `${institutionQuery} AND 2014:2016[dp]`, retmax: 9999 });
    expect(withParams.esearchresult.idlist).toEqual(withRange.esearchresult.idlist);
  });

  it("fetches records by GET, in the order asked, leaving unknown ids out", async () => {
    const ids = [division.articles[5]!.pmid, "99999998", division.articles[2]!.pmid];
    const response = await http.get<string>(`${sandbox.url}/efetch.fcgi`, {
      params: { db: "pubmed", retmode: "xml", id: ids.join(","), api_key: KEY },
    });
    expect(response.status).toBe(200);
    expect(response.headers["content-type"]).toMatch(/^text\/xml/);
    expect(XMLValidator.validate(response.data)).toBe(true);
    expect(parsePubmedXml(response.data)).toEqual([division.articles[5], division.articles[2]]);
  });

  it("fetches a batch of a few hundred by POST", async () => {
    const batch = division.articles.slice(0, 400);
    const response = await http.post<string>(
      `${sandbox.url}/efetch.fcgi`,
      new URLSearchParams({
        db: "pubmed",
        retmode: "xml",
        id: batch.map((a) => a.pmid).join(","),
        api_key: KEY,
      }),
    );
    expect(response.status).toBe(200);
    expect(parsePubmedXml(response.data)).toEqual(batch);
    expect(response.data).toContain("<AbstractText");
  });

  it("refuses an empty id list and more than 10,000 ids", async () => {
    const empty = await http.get<string>(`${sandbox.url}/efetch.fcgi`, {
      params: { db: "pubmed", id: "", api_key: KEY },
    });
    expect(empty.status).toBe(400);
    expect(empty.data).toContain("<ERROR>Empty id list - nothing todo</ERROR>");
    const ids = Array.from({ length: 10_001 }, (_, i) => String(20_000_000 + i)).join(",");
    const tooMany = await http.post<string>(
      `${sandbox.url}/efetch.fcgi`,
      new URLSearchParams({ db: "pubmed", id: ids, api_key: KEY }),
    );
    expect(tooMany.status).toBe(400);
    expect(tooMany.data).toMatch(/<eFetchResult>[\s\S]*<ERROR>Too many UIDs/);
  });

  it("counts requests by endpoint until reset", async () => {
    sandbox.resetStats();
    await esearch({ term: institutionQuery });
    await http.get<string>(`${sandbox.url}/efetch.fcgi`, {
      params: { db: "pubmed", id: division.articles[0]!.pmid, api_key: KEY },
    });
    await http.get<string>(`${sandbox.url}/efetch.fcgi`, {
      params: { db: "pubmed", id: division.articles[1]!.pmid, api_key: KEY },
    });
    const unsupported = await http.get<string>(`${sandbox.url}/constructor.fcgi`, {
      params: { api_key: KEY },
    });
    expect(unsupported.status).toBe(404);
    const stats = sandbox.stats();
    expect(stats).toMatchObject({ requests: 4, rateLimited: 0 });
    expect(stats.byEndpoint).toEqual({ esearch: 1, efetch: 2, constructor: 1 });
    expect(stats.maxRequestsInAnySecond).toBeGreaterThanOrEqual(1);
    expect(stats.maxRequestsInAnySecond).toBeLessThanOrEqual(4);
  });
});

describe("E-utilities sandbox rate limits", () => {
  let sandbox: EutilsSandbox;
  const term = `"${division.faculty[0]!.last_name}"[au]`;
  const search = (key?: string): Promise<AxiosResponse<string>> =>
    http.get<string>(`${sandbox.url}/esearch.fcgi`, {
      params: { db: "pubmed", term, retmode: "json", ...(key ? { api_key: key } : {}) },
    });
  const burst = async (n: number, key?: string): Promise<number[]> =>
    (await Promise.all(Array.from({ length: n }, () => search(key)))).map((response) => response.status);

  beforeAll(async () => {
    sandbox = await startEutilsSandbox({ articles: division.articles, apiKeys: [KEY] });
  });
  afterAll(async () => {
    await sandbox.close();
  });
  beforeEach(async () => {
    // A fresh second for every test.
    await sleep(1_100);
    sandbox.resetStats();
  });

  it("allows 10 requests a second with a valid API key and refuses the 11th with 429", async () => {
    const statuses = await burst(12, KEY);
    expect(statuses.filter((s) => s === 200)).toHaveLength(10);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
    const refused = await search(KEY);
    expect(refused.status).toBe(429);
    expect(JSON.parse(refused.data)).toEqual({ error: "API rate limit exceeded", count: "13" });
    expect(sandbox.stats()).toMatchObject({ requests: 13, rateLimited: 3, maxRequestsInAnySecond: 13 });
  });

  it("allows 3 requests a second without a key", async () => {
    const statuses = await burst(5);
    expect(statuses.filter((s) => s === 200)).toHaveLength(3);
    expect(statuses.filter((s) => s === 429)).toHaveLength(2);
  });

  it("allows requests again once the second has passed", async () => {
    expect(await burst(3)).toEqual([200, 200, 200]);
    expect((await search()).status).toBe(429);
    await sleep(1_050);
    expect((await search()).status).toBe(200);
  });

  it("lets a client pacing itself just under 10 a second through without a refusal", async () => {
    const start = performance.now();
    for (let i = 0; i < 25; i++) {
      await sleep(Math.max(0, start + i * 105 - performance.now()));
      expect((await search(KEY)).status).toBe(200);
    }
    const stats = sandbox.stats();
    expect(stats.rateLimited).toBe(0);
    expect(stats.maxRequestsInAnySecond).toBeLessThanOrEqual(10);
    expect(stats.maxRequestsInAnySecond).toBeGreaterThanOrEqual(9);
  });

  it("refuses an unknown API key with 400", async () => {
    const response = await search("not-a-key");
    expect(response.status).toBe(400);
    expect(JSON.parse(response.data)).toEqual({ error: "API key invalid" });
  });

  it("counts but does not refuse when rate limiting is off", async () => {
    const open = await startEutilsSandbox({ articles: division.articles, enforceRateLimit: false });
    try {
      const statuses = await Promise.all(
        Array.from({ length: 8 }, () =>
          http.get<string>(`${open.url}/esearch.fcgi`, { params: { db: "pubmed", term } }),
        ),
      );
      expect(statuses.map((r) => r.status)).toEqual(Array(8).fill(200));
      expect(open.stats()).toMatchObject({ requests: 8, rateLimited: 0, maxRequestsInAnySecond: 8 });
    } finally {
      await open.close();
    }
  });
});
