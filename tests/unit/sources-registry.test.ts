import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { QUEUE_NAMES } from "../../src/queue/definitions.ts";
import { checkDefinitions, defineWorker, type WorkerDefinition } from "../../src/queue/worker-host.ts";
import { loadConfig } from "../../src/config/env.ts";
import type { Services } from "../../src/services/context.ts";
import { workerDefinitions } from "../../src/services/workers.ts";
import { isCandidateItem, type CandidateItem } from "../../src/sources/candidate.ts";
import { cvSource, cvToCandidate, type CvRow } from "../../src/sources/cv/index.ts";
import {
  fundingsToCandidates,
  orcidSource,
  orcidStoredRecords,
  parseBulkWorks,
  parseFunding,
  parseFundings,
  parseWorksSummary,
  worksToCandidates,
} from "../../src/sources/orcid/index.ts";
import { pubmedSource } from "../../src/sources/pubmed/index.ts";
import { pubmedToCandidate } from "../../src/sources/pubmed/map.ts";
import { parsePubmedXml } from "../../src/sources/pubmed/parse.ts";
import {
  fieldPrecedence,
  HARVEST_SOURCES,
  RECORD_SOURCES,
  recordSource,
  SOURCE_ORDER,
  storedCandidate,
} from "../../src/sources/registry.ts";
import { collapseProjects } from "../../src/sources/reporter/map.ts";
import { parseProject } from "../../src/sources/reporter/parse.ts";
import { reporterSource } from "../../src/sources/reporter/index.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures");
const text = (name: string): string => readFileSync(path.join(fixtures, name), "utf8");
const json = (name: string): unknown => JSON.parse(text(name));
/** What Postgres gives back of a JSON payload. */
const stored = (payload: unknown): unknown => JSON.parse(JSON.stringify(payload));

const OWNER = "0000-0002-5550-1238";

describe("the source registry", () => {
  it("lists every source once, each harvested one with a queue of its own", () => {
    const names = RECORD_SOURCES.map((source) => source.name);
    expect(names).toEqual(["pubmed", "orcid", "reporter", "cv"]);
    expect(new Set(HARVEST_SOURCES.map((source) => source.queue)).size).toBe(HARVEST_SOURCES.length);
    for (const source of HARVEST_SOURCES) expect(QUEUE_NAMES[source.name]).toBe(source.queue);
    expect(Object.values(QUEUE_NAMES)).toEqual([
      "harvest-pubmed",
      "harvest-orcid",
      "harvest-reporter",
      "harvest-schedule",
      "reconcile",
      "harvest-complete-pass",
    ]);
    expect(recordSource("cv")).toBe(cvSource);
    expect(() => recordSource("scopus")).toThrow(/no source is named "scopus"/);
  });

  it("gives every queue exactly one handler, and refuses to start with none or two", () => {
    // Handlers are only wired here, never run: the services they close over are not used, but
    // the settings are read (a source's own concurrency).
    const definitions = workerDefinitions({ config: loadConfig({}) } as Services);
    const queues = definitions.map((definition) => definition.queue);
    expect([...queues].sort()).toEqual(Object.keys(QUEUE_NAMES).sort());
    const extra = defineWorker({ queue: "orcid", schema: {} as never, process: () => Promise.resolve() });
    expect(() => checkDefinitions([...definitions, extra] as WorkerDefinition<never>[], ["orcid"])).toThrow(
      "Queue harvest-orcid has 2 handlers; it needs exactly one.",
    );
    expect(() =>
      checkDefinitions(
        definitions.filter((definition) => definition.queue !== "reporter"),
        ["reporter"],
      ),
    ).toThrow("Queue harvest-reporter has 0 handlers; it needs exactly one.");
  });

  it("orders sources, and each field's sources, by their own precedence", () => {
    expect(SOURCE_ORDER).toEqual(["pubmed", "reporter", "orcid", "cv"]);
    expect(fieldPrecedence("title")).toEqual(["pubmed", "orcid", "reporter", "cv"]);
    expect(fieldPrecedence("kind")).toEqual(["pubmed", "reporter", "orcid", "cv"]);
    expect(fieldPrecedence("publicationTypes")).toEqual(["pubmed"]);
    expect(fieldPrecedence("sourceType")).toEqual(["orcid", "cv", "reporter"]);
    expect(fieldPrecedence("grant")).toEqual(["reporter", "orcid", "cv"]);
  });
});

describe("a stored record read back as a candidate, by each source", () => {
  it("PubMed: the parsed record, as stored", () => {
    const [record] = parsePubmedXml(text("pubmed/links-and-grants.xml"));
    const candidate = storedCandidate("pubmed", stored(record));
    expect(candidate).toEqual(pubmedToCandidate(record!));
    expect(candidate).toMatchObject({ source: "pubmed", sourceId: record!.pmid, kind: "publication" });
    expect(pubmedSource.article?.(stored(record))).toEqual(record);
  });

  it("ORCID: the works or fundings group as ORCID sent it, with the full work or funding item", () => {
    const works = json("orcid/works-multi-source.json");
    const bulk = json("orcid/works-bulk.json");
    const fundings = json("orcid/fundings.json");
    const detail = json("orcid/funding-full.json");
    const workGroups = parseWorksSummary(works);
    const fundingGroups = parseFundings(fundings);
    const funding = parseFunding(detail);
    const records = orcidStoredRecords(
      OWNER,
      [
        { path: `/${OWNER}/works`, body: works },
        { path: `/${OWNER}/works/31000505,31000303`, body: bulk },
        { path: `/${OWNER}/fundings`, body: fundings },
        { path: `/${OWNER}/funding/${funding.putCode}`, body: detail },
      ],
      { works: workGroups, fundings: fundingGroups },
    );
    // As the harvest maps what it read, with the source id made unique across records.
    const harvested = [
      ...worksToCandidates(workGroups, {
        orcid: OWNER,
        fullWorks: new Map(parseBulkWorks(bulk).works.map((work) => [work.putCode, work])),
      }),
      ...fundingsToCandidates(fundingGroups, {
        orcid: OWNER,
        details: new Map([[funding.putCode, funding]]),
      }),
    ].map((candidate) => ({ ...candidate, sourceId: `${OWNER}/${candidate.sourceId}` }));
    expect(records.map((record) => orcidSource.toCandidate(stored(record)))).toEqual(harvested);
    // The group is kept as ORCID sent it, not mapped.
    const first = records[0] as { workGroup: unknown };
    expect(first.workGroup).toEqual((works as { group: unknown[] }).group[0]);
    expect(isCandidateItem(first)).toBe(false);
  });

  it("RePORTER: the core project's records as RePORTER sent them, without any person's role", () => {
    const results = [
      ...(json("reporter/projects-search_by-profile-id_page-1.json") as { results: unknown[] }).results,
      ...(json("reporter/projects-search_by-profile-id_page-2.json") as { results: unknown[] }).results,
    ];
    const core = results.filter(
      (result) => (result as { core_project_num: string }).core_project_num === "R01HL151234",
    );
    const candidate = reporterSource.toCandidate(stored(core));
    expect(candidate).toEqual(collapseProjects(core.map((project) => parseProject(project)))[0]);
    expect(candidate).toMatchObject({ source: "reporter", sourceId: "R01HL151234", kind: "grant" });
    expect(candidate.grant?.role).toBeUndefined();
    expect(() => reporterSource.toCandidate(stored(results))).toThrow(/one core project/);
  });

  it("CV: the row as read, with the person's own statements", () => {
    const row: CvRow = {
      facultyId: "F1",
      kind: "presentation",
      title: "Team-based care",
      year: 2015,
      venue: "SGIM Annual Meeting",
      peerReviewed: true,
      scope: "national",
    };
    const candidate = cvSource.toCandidate(stored(row));
    expect(candidate).toEqual(cvToCandidate(row));
    expect(candidate).toMatchObject({
      source: "cv",
      kind: "presentation",
      peerReviewed: true,
      scope: "national",
    });
  });

  it("ORCID and RePORTER: the mapped candidate earlier harvests stored, until the next harvest replaces it", () => {
    const work: CandidateItem = {
      source: "orcid",
      sourceId: "31000505",
      kind: "publication",
      sourceType: "journal-article",
      title: "Team-based care for blood pressure control",
      year: 2019,
      doi: "10.1000/jgim.2019.001",
      otherIds: [],
      contributors: [],
    };
    const grant: CandidateItem = {
      source: "reporter",
      sourceId: "R01HL151234",
      kind: "grant",
      sourceType: "R01",
      title: "Improving blood pressure control in primary care",
      year: 2019,
      otherIds: [{ type: "grant_number", value: "R01HL151234" }],
      contributors: [{ name: "MARIA L OKAFOR", role: "contact-principal-investigator" }],
      grant: { coreProjectNumber: "R01HL151234", startYear: 2019, endYear: 2024 },
    };
    expect(storedCandidate("orcid", stored(work))).toEqual(work);
    expect(storedCandidate("reporter", stored(grant))).toEqual(grant);
  });
});
