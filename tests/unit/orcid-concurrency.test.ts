import { readFileSync } from "node:fs";
import path from "node:path";
import nock from "nock";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { OrcidClient } from "../../src/sources/orcid/client.ts";
import { harvestOrcid } from "../../src/sources/orcid/index.ts";

const ORIGIN = "https://pub.orcid.org";
const OWNER = "0000-0002-5550-1238";
const fixture = (name: string): unknown =>
  JSON.parse(readFileSync(path.resolve(import.meta.dirname, "../fixtures/orcid", name), "utf8"));

const WORKS = 450; // five bulk reads of 100
const FUNDINGS = 12;

type Group = {
  "work-summary"?: Array<Record<string, unknown>>;
  "funding-summary"?: Array<Record<string, unknown>>;
};

/** A record of many works and fundings, cloned from the fixtures with put-codes of their own. */
function record(): { works: unknown; fundings: unknown; workCodes: number[]; fundingCodes: number[] } {
  const works = fixture("works-multi-source.json") as { group: Group[] };
  const fundings = fixture("fundings.json") as { group: Group[] };
  const workTemplate = works.group[0]!;
  const fundingTemplate = {
    ...fundings.group[0]!,
    "funding-summary": fundings.group[0]!["funding-summary"]!.slice(0, 1),
  };
  const workCodes = Array.from({ length: WORKS }, (_, index) => 40_000_000 + index);
  const fundingCodes = Array.from({ length: FUNDINGS }, (_, index) => 900_000 + index);
  works.group = workCodes.map((putCode) => ({
    ...workTemplate,
    "work-summary": [
      {
        ...workTemplate["work-summary"]![0]!,
        "put-code": putCode,
        title: { title: { value: `Work ${putCode}` } },
      },
    ],
  }));
  fundings.group = fundingCodes.map((putCode) => ({
    ...fundingTemplate,
    "funding-summary": [{ ...fundingTemplate["funding-summary"][0]!, "put-code": putCode }],
  }));
  return { works, fundings, workCodes, fundingCodes };
}

/** Counts the requests under way at once; each answer waits a little so that they overlap. */
class InFlight {
  now = 0;
  most = 0;
  paths: string[] = [];
  async answer<T>(request: Request, body: (requestPath: string) => T): Promise<T> {
    const requestPath = new URL(request.url).pathname;
    this.paths.push(requestPath);
    this.now += 1;
    this.most = Math.max(this.most, this.now);
    await new Promise((resolve) => setTimeout(resolve, 40 + (this.paths.length % 4) * 5));
    this.now -= 1;
    return body(requestPath);
  }
}

function serve(inFlight: InFlight): void {
  const { works, fundings } = record();
  const detail = fixture("funding-full.json") as Record<string, unknown>;
  nock(ORIGIN)
    .persist()
    .get(`/v3.0/${OWNER}/works`)
    .reply(200, () => works)
    .get(`/v3.0/${OWNER}/fundings`)
    .reply(200, () => fundings)
    .get(`/v3.0/${OWNER}/person`)
    .reply(200, () => fixture("person.json"))
    .get(`/v3.0/${OWNER}/employments`)
    .reply(200, () => fixture("employments.json"))
    .get(new RegExp(`^/v3.0/${OWNER}/works/[\\d,]+$`))
    .reply(200, (request: Request) =>
      inFlight.answer(request, (uri) => ({
        bulk: uri
          .split("/")
          .at(-1)!
          .split(",")
          .map((code) => ({
            work: {
              "put-code": Number(code),
              title: { title: { value: `Work ${code}` } },
              type: "journal-article",
              "external-ids": { "external-id": [] },
              contributors: { contributor: [] },
              visibility: "public",
            },
          })),
      })),
    )
    .get(new RegExp(`^/v3.0/${OWNER}/funding/\\d+$`))
    .reply(200, (request: Request) =>
      inFlight.answer(request, (uri) => ({ ...detail, "put-code": Number(uri.split("/").at(-1)) })),
    );
}

function client(): OrcidClient {
  return new OrcidClient({
    baseUrl: `${ORIGIN}/v3.0`,
    timeoutMs: 5_000,
    rateLimiter: { acquire: () => Promise.resolve() },
    retryBaseMs: 1,
  });
}

describe("ORCID reads for one person, a bounded number at once", () => {
  beforeAll(() => nock.disableNetConnect());
  afterEach(() => nock.cleanAll());

  for (const concurrency of [1, 3]) {
    it(`has at most ${concurrency} bulk or funding read(s) under way, and keeps the answers in request order`, async () => {
      const inFlight = new InFlight();
      serve(inFlight);
      const result = await harvestOrcid(client(), OWNER, { fullWorks: true, concurrency });

      expect(inFlight.paths).toHaveLength(Math.ceil(WORKS / 100) + FUNDINGS); // 5 bulk reads (the last of 50), 12 fundings
      expect(inFlight.most).toBe(concurrency);

      const { workCodes, fundingCodes } = record();
      expect(result.candidates).toHaveLength(WORKS + FUNDINGS);
      const bulkPaths = result.raw.map((response) => response.path).filter((p) => p.includes("/works/"));
      expect(bulkPaths.map((p) => p.split("/").at(-1)!.split(",")[0])).toEqual(
        [0, 100, 200, 300, 400].map((start) => String(workCodes[start])),
      );
      const fundingPaths = result.raw.map((response) => response.path).filter((p) => p.includes("/funding/"));
      expect(fundingPaths).toEqual(fundingCodes.map((code) => `/${OWNER}/funding/${code}`));
      // Each work's full record reached its candidate, whichever answer came first.
      expect(result.records.filter((stored) => "work" in stored)).toHaveLength(WORKS);
    });
  }

  it("starts no further read once one fails for good", async () => {
    const inFlight = new InFlight();
    const { works, fundings } = record();
    nock(ORIGIN)
      .persist()
      .get(`/v3.0/${OWNER}/works`)
      .reply(200, () => works)
      .get(`/v3.0/${OWNER}/fundings`)
      .reply(200, () => fundings)
      .get(new RegExp(`^/v3.0/${OWNER}/works/[\\d,]+$`))
      .reply(400, (request: Request) =>
        inFlight.answer(request, () => ({ "response-code": 400, "developer-message": "bad request" })),
      );
    await expect(harvestOrcid(client(), OWNER, { fullWorks: true, concurrency: 2 })).rejects.toThrow();
    expect(inFlight.paths.length).toBeLessThanOrEqual(2);
  });
});
