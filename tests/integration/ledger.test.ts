import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { registerItemsCommands } from "../../src/cli/items.ts";
import { storeHarvest } from "../../src/services/store.ts";
import type { CandidateItem } from "../../src/sources/candidate.ts";
import { pubmedToCandidate } from "../../src/sources/pubmed/map.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import type { HarvestedRecord } from "../../src/sources/source.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const ORCID = "0000-0002-1825-0097";

function article(
  pmid: string,
  title: string,
  overrides: Partial<PubmedArticleRecord> = {},
): PubmedArticleRecord {
  return {
    kind: "article",
    pmid,
    title,
    journal: "Journal of General Internal Medicine",
    publicationDate: { year: 2019 },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors: [
      {
        lastName: "Okafor",
        foreName: "Maria L",
        initials: "ML",
        orcid: ORCID,
        affiliations: [],
        equalContribution: false,
        valid: true,
      },
      {
        lastName: "Chen",
        foreName: "Wei",
        initials: "W",
        affiliations: [],
        equalContribution: false,
        valid: true,
      },
    ],
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
    ...overrides,
  };
}

function orcidWork(putCode: number, fields: Partial<CandidateItem>): CandidateItem {
  return {
    source: "orcid",
    sourceId: `${ORCID}/${putCode}`,
    kind: "publication",
    title: "",
    otherIds: [],
    contributors: [],
    ...fields,
  };
}

describe("the ledger: one line per item, each counted once, with the rule that counted it", () => {
  let testDb: TestDatabase;
  let dir: string;
  let jobs = 0;
  const items = (...args: string[]) => runCommand(registerItemsCommands, args);

  async function store(source: string, links: HarvestedRecord[]) {
    jobs += 1;
    const runId = `run-${jobs}`;
    const jobId = `${source}-F1-${jobs}`;
    await testDb.db.harvestRun.create({ data: { id: runId, trigger: "manual", sources: [source] } });
    await testDb.db.harvestJob.create({ data: { id: jobId, runId, facultyId: "F1", source } });
    await storeHarvest(testDb.db, {
      jobId,
      runId,
      facultyId: "F1",
      source,
      records: links,
      fetchedAt: new Date(),
    });
  }
  // The store reads each payload through its source; ORCID's here are mapped candidates, the
  // shape harvests stored before raw records were kept.
  const accepted = (candidate: CandidateItem, payload: unknown = candidate): HarvestedRecord => ({
    payload,
    link: {
      status: "accepted",
      score: 100,
      evidence: [{ kind: "orcid_match", weight: 100, reason: "ORCID iD on the author" }],
      authorPosition: "first",
      authorIndex: 0,
    },
  });
  const fromPubmed = (record: PubmedArticleRecord) => accepted(pubmedToCandidate(record), record);
  const ledger = () =>
    testDb.db.ledgerEntry.findMany({ where: { facultyId: "F1" }, orderBy: { itemId: "asc" } });
  const itemOf = (pmid: string) => testDb.db.item.findUniqueOrThrow({ where: { pmid } });

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-ledger-"));
    await testDb.db.faculty.create({
      data: {
        id: "F1",
        lastName: "Okafor",
        firstName: "Maria",
        orcid: ORCID,
        affiliationTerms: [],
        nameVariants: [],
      },
    });
    const trial = article("31000001", "Team-based care for blood pressure control: a randomized trial.", {
      doi: "10.1000/jgim.2019.001",
    });
    const retracted = article("31000002", "Telehealth follow-up after discharge", {
      commentsCorrections: [{ refType: "RetractionIn", pmid: "31000004" }],
      publicationTypes: ["Journal Article", "Retracted Publication"],
    });
    const erratum = article(
      "31000003",
      "Erratum: Team-based care for blood pressure control: a randomized trial",
      {
        publicationTypes: ["Published Erratum"],
        commentsCorrections: [{ refType: "ErratumFor", pmid: "31000001" }],
      },
    );
    const notice = article("31000004", "Retraction notice: Telehealth follow-up after discharge", {
      publicationTypes: ["Retraction of Publication"],
      commentsCorrections: [{ refType: "RetractionOf", pmid: "31000002" }],
    });
    const published = article("31000005", "Deprescribing in older adults: a cluster trial", {
      doi: "10.1000/jgim.2020.777",
      publicationDate: { year: 2020 },
    });
    await store("pubmed", [trial, retracted, erratum, notice, published].map(fromPubmed));
    await store("orcid", [
      // The trial again, its DOI as ORCID users type it.
      accepted(
        orcidWork(11, {
          title: "Team-based care for blood pressure control: a randomized trial",
          year: 2019,
          doi: "https://doi.org/10.1000/JGIM.2019.001",
          sourceType: "journal-article",
        }),
      ),
      // The preprint of the 2020 paper.
      accepted(
        orcidWork(12, {
          title: "Deprescribing in older adults: a cluster trial",
          year: 2019,
          doi: "10.1101/2019.05.01.19001234",
          sourceType: "preprint",
          venue: "medRxiv",
        }),
      ),
    ]);
  });
  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  it("imports a CV, merging its copy of a harvested paper, and reports bad rows with their lines", async () => {
    const file = path.join(dir, "cv.csv");
    const header = "faculty_id,kind,title,year,venue,doi,pmid,peer_reviewed,scope,role,start_year,end_year";
    await writeFile(
      file,
      [
        header,
        'F1,publication,"Team-based care for blood pressure control: a randomized trial",2019,J Gen Intern Med,,,yes,,,,',
        "F1,presentation,Deprescribing on the wards,2021,SGIM Annual Meeting,,,,,,,",
        "F1,presentation,Teaching rounds that work,2022,Department of Medicine Grand Rounds,,,,,,,",
        "F1,grant,Mentoring clinician educators,,HRSA,,,,,co-i,2018,2021",
        "F2,publication,Someone else's paper,2019,,,,,,,,",
        "F1,presentation,Bad year,20x1,,,,,,,,",
        "F1,grant,Backwards,,,,,,,pi,2021,2019",
      ].join("\n"),
    );
    const blocked = await items("import", "cv", file);
    expect(blocked.code).toBe(1);
    expect(blocked.err.split("\n").filter(Boolean)).toEqual([
      `${file} line 6: faculty_id "F2" is not in the roster`,
      `${file} line 7: year "20x1" is not a year`,
      `${file} line 8: end_year 2019 is before start_year 2021`,
      `Error: 3 error(s) in ${file}; nothing imported. Fix them, or use --skip-invalid.`,
    ]);
    expect(await testDb.db.sourceRecord.count({ where: { source: "cv" } })).toBe(0);

    const imported = await items("import", "cv", file, "--skip-invalid");
    expect(imported.code).toBe(1);
    expect(imported.out).toContain("rows 7: items new 4, updated 0, skipped 3");
    expect(imported.out).toContain("reconciled 1 faculty member(s)");
    const again = await items("import", "cv", file, "--skip-invalid");
    expect(again.out).toContain("rows 7: items new 0, updated 0, skipped 3");
  });

  it("counts each work once: the same paper from PubMed, ORCID and a CV is one line; a preprint and its article are one", async () => {
    await items("reconcile", "--faculty", "F1");
    const lines = await ledger();
    const trial = await itemOf("31000001");
    const trialLine = lines.find((line) => line.itemId === trial.id)!;
    // Three stored items: PubMed's, ORCID's (its DOI upper case behind https://doi.org/) and the CV's
    // (no DOI: merged by title, year and venue).
    expect(trialLine.memberItemIds).toHaveLength(3);
    expect(trialLine).toMatchObject({ metric: "peer_reviewed_publications", counted: true });
    const sources = (trialLine.provenance as { sources: Array<{ source: string }> }).sources.map(
      (s) => s.source,
    );
    expect(new Set(sources)).toEqual(new Set(["pubmed", "orcid", "cv"]));

    const published = await itemOf("31000005");
    const deprescribing = lines.find((line) => line.memberItemIds.includes(published.id))!;
    expect(deprescribing.itemId).toBe(published.id);
    expect(deprescribing.memberItemIds).toHaveLength(2);
    expect(deprescribing).toMatchObject({ metric: "peer_reviewed_publications", counted: true, year: 2020 });
  });

  it("never counts an erratum or a retracted paper, and links them to what they are about", async () => {
    const lines = await ledger();
    const erratum = await itemOf("31000003");
    const retracted = await itemOf("31000002");
    expect(lines.find((line) => line.itemId === erratum.id)).toMatchObject({ counted: false, metric: null });
    expect(lines.find((line) => line.itemId === retracted.id)).toMatchObject({
      counted: false,
      metric: null,
    });
    expect(retracted.retracted).toBe(true);
    const relations = await testDb.db.itemRelation.findMany({ where: { fromItemId: erratum.id } });
    expect(relations).toEqual([
      { fromItemId: erratum.id, toItemId: (await itemOf("31000001")).id, type: "erratum_for" },
    ]);
    const counted = lines.filter((line) => line.counted && line.metric === "peer_reviewed_publications");
    expect(counted).toHaveLength(2);
  });

  it("classifies CV presentations by venue and grants by role, recording the rule and its version", async () => {
    const lines = await ledger();
    const sgim = lines.find((line) => line.venue === "SGIM Annual Meeting")!;
    expect(sgim).toMatchObject({ metric: "national_presentations", counted: true, scope: "national" });
    expect(sgim.rule).toMatch(/national/);
    expect(sgim.rulesVersion).toMatch(/^\d{4}-\d{2}-\d{2}\+[0-9a-f]{12}$/);
    expect(lines.find((line) => line.title === "Teaching rounds that work")).toMatchObject({
      metric: "other_presentations",
      scope: "local",
    });
    expect(lines.find((line) => line.kind === "grant")).toMatchObject({
      metric: "grants_pi_or_coi",
      role: "co_investigator",
    });

    const why = await items("items", "why", String(sgim.itemId), "--faculty", "F1");
    expect(why.code).toBe(0);
    expect(why.out).toContain("counted: yes, in national_presentations");
    expect(why.out).toContain(`rules version: ${sgim.rulesVersion}`);
    expect(why.out).toContain(`rule: ${sgim.rule}`);
  });

  it("keeps a person's split and merge through every later reconciliation", async () => {
    const trial = await itemOf("31000001");
    const trialLine = (await ledger()).find((line) => line.itemId === trial.id)!;
    const cvRecord = await testDb.db.sourceRecord.findFirstOrThrow({
      where: { source: "cv", itemId: { in: trialLine.memberItemIds } },
    });
    const cvItem = cvRecord.itemId;
    const split = await items(
      "items",
      "split",
      String(cvItem),
      "--by",
      "alice",
      "--note",
      "two different trials",
    );
    expect(split.code).toBe(0);
    await items("reconcile");
    const after = (await ledger()).find((line) => line.itemId === trial.id)!;
    expect(after.memberItemIds).toHaveLength(2);
    expect(after.memberItemIds).not.toContain(cvItem);
    expect((await ledger()).find((line) => line.itemId === cvItem)?.memberItemIds).toEqual([cvItem]);

    const erratum = await itemOf("31000003");
    const sgim = (await ledger()).find((line) => line.venue === "SGIM Annual Meeting")!;
    const merged = await items("items", "merge", String(sgim.itemId), String(erratum.id), "--by", "alice");
    expect(merged.code).toBe(0);
    await items("reconcile", "--faculty", "F1");
    const together = (await ledger()).find((line) => line.memberItemIds.includes(erratum.id))!;
    expect(together.memberItemIds.sort()).toEqual([sgim.itemId, erratum.id].sort());

    expect((await items("items", "merge", "1", "1")).err).toContain("a merge needs two different items");
    expect((await items("items", "why", String(trial.id), "--faculty", "F9")).err).toContain(
      "No faculty member with id F9",
    );
  });
});
