import { existsSync } from "node:fs";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadBenchmarkCriteria } from "../../src/benchmarks/criteria.ts";
import { registerDossierCommand } from "../../src/cli/dossier.ts";
import type { Prisma } from "../../src/generated/prisma/client.ts";
import { NotFoundError, UserError } from "../../src/errors.ts";
import { printPdf } from "../../src/io/print-pdf.ts";
import { dossier } from "../../src/services/dossier.ts";
import type { CandidateItem } from "../../src/sources/candidate.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { runCommand } from "../helpers/cli.ts";
import { createTestDatabase, type TestDatabase } from "../helpers/database.ts";

const run = (...args: string[]) => runCommand(registerDossierCommand, args);

const ARTICLE: PubmedArticleRecord = {
  kind: "article",
  pmid: "25501234",
  doi: "10.1007/s11606-014-3110-2",
  title: "Mentoring and the productivity of junior faculty",
  journal: "Journal of General Internal Medicine",
  journalAbbreviation: "J Gen Intern Med",
  volume: "30",
  issue: "4",
  pages: "454-61",
  publicationDate: { year: 2015 },
  languages: ["eng"],
  publicationTypes: ["Journal Article"],
  authors: [
    {
      lastName: "Smith",
      foreName: "Alex B",
      initials: "AB",
      affiliations: [],
      equalContribution: false,
      valid: true,
    },
    {
      lastName: "Jones",
      foreName: "Casey",
      initials: "C",
      affiliations: [],
      equalContribution: false,
      valid: true,
    },
  ],
  grants: [],
  commentsCorrections: [],
  meshHeadings: [],
  keywords: [],
};

function orcidWork(sourceId: string, fields: Partial<CandidateItem>): CandidateItem {
  return {
    source: "orcid",
    sourceId,
    kind: "publication",
    title: "",
    otherIds: [],
    contributors: [{ name: "Smith AB", role: "author" }],
    ...fields,
  };
}

describe("dossier", () => {
  let testDb: TestDatabase;
  let dir: string;
  const criteria = loadBenchmarkCriteria(undefined);

  async function add(spec: {
    title: string;
    year: number;
    venue: string;
    source: string;
    sourceId: string;
    payload: unknown;
    decidedBy: string;
    evidence: unknown[];
    doi?: string;
  }) {
    const { db } = testDb;
    const at = new Date("2024-05-01T00:00:00Z");
    const item = await db.item.create({
      data: {
        kind: "publication",
        title: spec.title,
        year: spec.year,
        venue: spec.venue,
        doi: spec.doi ?? null,
      },
    });
    await db.sourceRecord.create({
      data: {
        source: spec.source,
        sourceId: spec.sourceId,
        itemId: item.id,
        payload: spec.payload as Prisma.InputJsonValue,
        payloadHash: spec.sourceId,
        fetchedAt: at,
      },
    });
    await db.facultyItem.create({
      data: {
        facultyId: "D1",
        itemId: item.id,
        status: "accepted",
        decidedBy: spec.decidedBy,
        decidedAt: at,
        evidence: spec.evidence as Prisma.InputJsonValue,
      },
    });
    await db.ledgerEntry.create({
      data: {
        facultyId: "D1",
        itemId: item.id,
        memberItemIds: [item.id],
        kind: "publication",
        title: spec.title,
        year: spec.year,
        venue: spec.venue,
        metric: "peer_reviewed_publications",
        counted: true,
        rule: "test",
        rulesVersion: "test",
        reason: "test",
        authorPosition: "first",
        provenance: { why: [], from: {} },
        computedAt: at,
      },
    });
  }

  beforeAll(async () => {
    testDb = await createTestDatabase();
    process.env.DATABASE_URL = testDb.url;
    dir = await mkdtemp(path.join(tmpdir(), "scholartrack-dossier-"));
    await testDb.db.faculty.createMany({
      data: [
        {
          id: "D1",
          lastName: "Smith",
          firstName: "Alex",
          rank: "Assistant Professor",
          track: "tenure",
          mentorId: null,
        },
        { id: "M9", lastName: "Other", firstName: "Mentor" },
      ],
    });
    await add({
      title: ARTICLE.title,
      year: 2015,
      venue: ARTICLE.journal!,
      source: "pubmed",
      sourceId: ARTICLE.pmid,
      payload: ARTICLE,
      decidedBy: "system",
      evidence: [{ kind: "orcid_match", weight: 60, reason: "ORCID iD on the author", anchor: true }],
      doi: ARTICLE.doi,
    });
    await add({
      title: "Building a mentoring program",
      year: 2014,
      venue: "Faculty Development in the Health Professions",
      source: "orcid",
      sourceId: "0000-0002-1825-0097/11",
      payload: orcidWork("0000-0002-1825-0097/11", {
        title: "Building a mentoring program",
        sourceType: "book-chapter",
        venue: "Faculty Development in the Health Professions",
        year: 2014,
        pages: "101-120",
      }),
      decidedBy: "system",
      evidence: [{ kind: "orcid_record", weight: 100, reason: "on their ORCID record" }],
    });
    await add({
      title: "A survey of mentees",
      year: 2016,
      venue: "Acad Med",
      source: "orcid",
      sourceId: "0000-0002-1825-0097/12",
      payload: orcidWork("0000-0002-1825-0097/12", {
        title: "A survey of mentees",
        sourceType: "journal-article",
        venue: "Acad Med",
        venueAbbreviation: "Acad Med",
        year: 2016,
        volume: "91",
        pages: "1-5",
      }),
      decidedBy: "Dr Reviewer",
      evidence: [],
    });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
    await testDb.drop();
  });

  const admin = { userId: null, role: "admin" as const, facultyId: null, name: "system" };

  it("cites a journal article, a book chapter and an article without a DOI, each with how it was verified", async () => {
    const built = await dossier(testDb.db, admin, criteria, "D1", { asOf: "2016-12-31" });
    expect(built.profile).toMatchObject({ facultyId: "D1", name: "Alex Smith", rank: "Assistant Professor" });
    expect(built.benchmark).toMatchObject({
      targetRank: "Associate Professor",
      window: { from: 2012, to: 2016 },
    });
    expect(built.benchmark!.requirements[0]).toMatchObject({ id: "peer-reviewed", count: 3 });
    expect(built.publications.map((item) => [item.citation, item.verification])).toEqual([
      [
        "Smith AB. A survey of mentees. Acad Med. 2016;91:1–5.",
        { method: "confirmed", by: "Dr Reviewer", at: "2024-05-01" },
      ],
      [
        "Smith AB, Jones C. Mentoring and the productivity of junior faculty. J Gen Intern Med. 2015;30(4):454–61. " +
          "doi:10.1007/s11606-014-3110-2. PMID: 25501234.",
        { method: "anchored", anchors: ["ORCID iD on the record"] },
      ],
      [
        "Smith AB. Building a mentoring program. In: Faculty Development in the Health Professions. 2014. p. 101–20.",
        { method: "orcid" },
      ],
    ]);
  });

  it("does not exist for a mentor who does not mentor the person, and does for the person", async () => {
    const mentor = { userId: 5, role: "mentor" as const, facultyId: "M9", name: "m" };
    await expect(dossier(testDb.db, mentor, criteria, "D1")).rejects.toThrow(NotFoundError);
    const self = { userId: 6, role: "faculty" as const, facultyId: "D1", name: "f" };
    expect((await dossier(testDb.db, self, criteria, "D1")).publications).toHaveLength(3);
  });

  it("writes the HTML dossier, marking how each item was verified", async () => {
    const out = path.join(dir, "D1.html");
    const result = await run("dossier", "D1", "--out", out);
    expect(result.code).toBe(0);
    const page = await readFile(out, "utf8");
    expect(page).toContain("Publications (3)");
    expect(page).toContain("confirmed by Dr Reviewer on 2024-05-01");
    expect(page).toContain("on the person&#39;s ORCID record");
    expect(page).toContain("accepted automatically, anchored by ORCID iD on the record");
  });

  it("says clearly when no Chromium is installed for a PDF, and leaves no file", async () => {
    const out = path.join(dir, "none.pdf");
    const printing = printPdf("<p>x</p>", out, { candidates: [path.join(dir, "no-such-browser")] });
    await expect(printing).rejects.toThrow(UserError);
    await expect(printing).rejects.toThrow(/needs headless Chromium, which is not installed/);
    expect(existsSync(out)).toBe(false);
    expect((await run("dossier", "D1", "--format", "pdf")).code).toBe(2);
  });

  it("prints the dossier to PDF through headless Chromium", async () => {
    const out = path.join(dir, "D1.pdf");
    const result = await run("dossier", "D1", "--format", "pdf", "--out", out);
    expect(result.err).toBe("");
    expect(result.code).toBe(0);
    expect((await readFile(out)).subarray(0, 5).toString()).toBe("%PDF-");
  });
});
