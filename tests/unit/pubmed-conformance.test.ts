/**
 * The parser over the shared corpus of real recorded E-utilities responses (see its MANIFEST.md):
 * facts each file is known for, and the same records from the fast and the plain parse.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parsePubmedXml, PubmedParseError } from "../../src/sources/pubmed/parse.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const corpus = path.resolve(repoRoot, "../shared/fixtures/pubmed");
const exists = existsSync(corpus);

function filesIn(folder: string): string[] {
  const dir = path.join(corpus, folder);
  return existsSync(dir)
    ? readdirSync(dir)
        .filter((name) => name.endsWith(".xml"))
        .map((name) => path.join(folder, name))
    : [];
}

const articleSets = exists ? [...filesIn("efetch"), ...filesIn("baseline-excerpt")] : [];
const otherUtilities = exists ? [...filesIn("esearch"), ...filesIn("esummary"), ...filesIn("epost")] : [];

/** The one corpus file whose name contains `marker`. */
function read(marker: string): PubmedArticleRecord[] {
  const matches = articleSets.filter((file) => file.includes(marker));
  if (matches.length !== 1)
    throw new Error(`expected one corpus file named like ${marker}, found ${matches.length}`);
  return parsePubmedXml(readFileSync(path.join(corpus, matches[0]!)));
}

function only(marker: string): PubmedArticleRecord {
  const records = read(marker);
  expect(records).toHaveLength(1);
  return records[0]!;
}

/** Every string anywhere in a record. */
function strings(value: unknown): string[] {
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(strings);
  if (value && typeof value === "object") return Object.values(value).flatMap(strings);
  return [];
}

if (!exists) console.warn(`PubMed conformance suite SKIPPED: no shared fixtures at ${corpus}`);

describe.skipIf(!exists)("shared PubMed corpus", () => {
  it("has the EFetch sets the manifest lists", () => {
    expect(articleSets.length).toBeGreaterThanOrEqual(28);
    expect(otherUtilities.length).toBeGreaterThanOrEqual(5);
  });

  describe.each(articleSets)("%s", (file) => {
    const raw = readFileSync(path.join(corpus, file));
    const records = parsePubmedXml(raw);

    it("gives every article a PMID and a title, and no unread markup or objects", () => {
      const articles = raw.toString("utf8").match(/<(PubmedArticle|PubmedBookArticle)>/g) ?? [];
      expect(records).toHaveLength(articles.length);
      for (const record of records) {
        expect(record.pmid).toMatch(/^\d+$/);
        expect(record.title.length).toBeGreaterThan(0);
        for (const value of strings(record)) {
          expect(value).not.toContain("[object Object]");
          expect(value).not.toMatch(/<\/?(i|b|u|sup|sub|mml:\w+)>|&(amp|lt|gt|quot|#x?[0-9a-f]+);/i);
          expect(value).toBe(value.trim());
        }
      }
      expect(JSON.stringify(records)).not.toContain("[object Object]");
    });

    it("gives exactly the plain parse's records, from text and from bytes", () => {
      const plain = parsePubmedXml(raw.toString("utf8"), { skipUnusedSubtrees: false });
      expect(records).toEqual(plain);
      expect(parsePubmedXml(raw.toString("utf8"))).toEqual(plain);
    });
  });

  it("reads the 45-article baseline excerpt: PMIDs, MedlineDate ranges, errata without authors, letters, ORCIDs", () => {
    const records = read("pubmed21n1002_45-articles");
    expect(records).toHaveLength(45);
    expect([records[0]!.pmid, records[44]!.pmid]).toEqual(["31449448", "31449494"]);
    const ranges = records
      .filter((record) => record.publicationDate?.text)
      .map((record) => [record.pmid, record.publicationDate]);
    expect(ranges).toEqual([
      ["31449474", { year: 2019, month: 9, text: "2019 Sep-Oct" }],
      ["31449475", { year: 2019, month: 10, text: "2019 Oct-Dec" }],
      ["31449476", { year: 2019, month: 9, text: "2019 Sep-Oct" }],
      ["31449487", { year: 2019, month: 9, text: "2019 Sep/Oct" }],
    ]);
    const count = (type: string): number =>
      records.filter((record) => record.publicationTypes.includes(type)).length;
    expect([
      count("Letter"),
      count("Comment"),
      count("Published Erratum"),
      count("News"),
      count("Video-Audio Media"),
    ]).toEqual([8, 7, 5, 1, 1]);
    const errata = records.filter((record) => record.publicationTypes.includes("Published Erratum"));
    expect(errata.every((record) => record.authors.length === 0)).toBe(true);
    expect(records.filter((record) => record.authors.length === 0)).toHaveLength(5);
    expect(byPmid(records, "31449457").commentsCorrections).toContainEqual({
      refType: "ErratumFor",
      pmid: "30779636",
      refSource: "Circulation. 2019 Feb 19;139(8):1069-1079",
    });
    expect(records.flatMap((record) => record.authors).filter((author) => author.orcid)).toHaveLength(26);
    expect(
      byPmid(records, "31449468")
        .authors.map((author) => author.collectiveName)
        .filter(Boolean),
    ).toEqual(["AREN0532 and AREN0533 study committees"]);
    expect(new Set(records.map((record) => record.citationStatus))).toEqual(
      new Set(["MEDLINE", "PubMed-not-MEDLINE", "Publisher"]),
    );
  });

  it("decodes a numeric reference in an affiliation and keeps both articles of a two-article set", () => {
    const records = read("multi-2-articles_affiliation-entity");
    expect(records.map((record) => record.pmid)).toEqual(["11748933", "11700088"]);
    expect(records[0]!.authors[0]!.affiliations[0]).toMatch(
      /^Dipartimento di Scienze Ambientali, Università degli Studi/,
    );
    expect(records[1]!.authors.some((author) => author.lastName === "De Luca")).toBe(true);
    expect(records[1]!.citationStatus).toBe("PubMed-not-MEDLINE");
    expect(records[1]!.meshHeadings).toEqual([]);
  });

  it("reads a Season with no month, and a review", () => {
    const [first, second] = read("multi-2-articles_season-date");
    expect(first!.publicationDate).toEqual({ year: 1990, month: 3, text: "1990 Spring" });
    expect(first!.publicationTypes).toContain("Review");
    expect(second!.pmid).toBe("9997");
  });

  it("reads a season written as a month range", () => {
    expect(only("pmid32294727").publicationDate).toEqual({ year: 2020, month: 1, text: "2020 Jan-Mar" });
    expect(only("pmid29540945").publicationDate).toEqual({ year: 2018, month: 1, text: "2018 Jan-Feb" });
  });

  it("reads an author suffix", () => {
    const record = only("author-suffix");
    expect(
      record.authors.filter((author) => author.suffix).map((author) => [author.lastName, author.suffix]),
    ).toEqual([["Wise", "Sr"]]);
  });

  it("reads collective names and comment links", () => {
    const nejm = only("pmid31978945");
    expect(
      nejm.authors.filter((author) => author.collectiveName).map((author) => author.collectiveName),
    ).toEqual(["China Novel Coronavirus Investigating and Research Team"]);
    expect(nejm.commentsCorrections.filter((link) => link.refType === "CommentIn")).toHaveLength(13);
    expect(nejm).toMatchObject({ doi: "10.1056/NEJMoa2001017", pmcid: "PMC7092803" });
    expect(
      only("pmid23435529").authors.some((author) => author.collectiveName === "TAX 325 Study Group"),
    ).toBe(true);
  });

  it("reads ORCID iDs and non-ASCII names", () => {
    expect(only("pmid31712796").authors.map((author) => author.orcid)).toEqual([
      "0000-0002-3372-334X",
      "0000-0001-9565-8777",
    ]);
    expect(only("pmid35726897").authors.map((author) => author.orcid)).toEqual([
      "0000-0002-9033-1756",
      "0000-0002-3583-1838",
    ]);
    expect(only("pmid35067114").authors.filter((author) => author.orcid)).toHaveLength(8);
    expect(only("pmid35067114").authors[0]).toMatchObject({ lastName: "Martínez-Cajas", foreName: "Jorge" });
    expect(only("pmid38534005").authors.filter((author) => author.orcid)).toHaveLength(6);
    expect(only("pmid36987902").authors[0]).toMatchObject({ lastName: "Bruserud", foreName: "Øyvind" });
    expect(only("pmid31746150").authors[0]).toMatchObject({ lastName: "López", foreName: "Lázaro" });
  });

  it("reads equal contributions", () => {
    expect(only("equal-contrib").authors.filter((author) => author.equalContribution)).toHaveLength(2);
  });

  it("reads errata, retractions, comments and updates as links", () => {
    expect(only("pmid35649368").commentsCorrections).toContainEqual(
      expect.objectContaining({ refType: "ErratumIn", pmid: "35767954" }),
    );
    const erratum = only("pmid38833988");
    expect(erratum.publicationTypes).toEqual(["Published Erratum"]);
    expect(erratum.commentsCorrections).toContainEqual(
      expect.objectContaining({ refType: "ErratumFor", pmid: "33279609" }),
    );
    expect(only("pmid993").publicationTypes).toContain("Retracted Publication");
    expect(only("pmid993").commentsCorrections.some((link) => link.refType === "RetractionIn")).toBe(true);
    expect(only("pmid34529508")).toMatchObject({ publicationTypes: ["Editorial", "Comment"] });
    expect(only("pmid34529508").commentsCorrections).toContainEqual(
      expect.objectContaining({ refType: "CommentOn", pmid: "34473563" }),
    );
    expect(only("pmid36156117").commentsCorrections).toContainEqual(
      expect.objectContaining({ refType: "UpdateOf", pmid: "35794888" }),
    );
  });

  it("flattens HTML and MathML in titles", () => {
    expect(only("pmid27797938").title).toBe(
      "Leucocyte telomere length, genetic variants at the TERT gene region and risk of pancreatic cancer.",
    );
    expect(only("pmid30108519").title).toMatch(
      /^A "Blood Relationship" Between the Overlooked Minimum Lactate Equivalent/,
    );
    expect(only("pmid30108519").publicationDate).toEqual({ year: 2018 });
  });

  it("reads grants, publication types, statuses and vernacular titles", () => {
    expect(only("pmid27797938").grants.length).toBeGreaterThan(10);
    expect(only("pmid27797938").grants[0]).toHaveProperty("agency");
    expect(only("pmid38958301").publicationTypes).toContain("Practice Guideline");
    expect(only("pmid39769357").publicationTypes).toEqual(["Editorial", "Introductory Journal Article"]);
    expect(only("pmid11636720")).toMatchObject({
      publicationTypes: ["Biography", "Historical Article", "Journal Article"],
      publicationDate: { year: 1973 },
    });
    expect(only("pmid28775130")).toMatchObject({ citationStatus: "In-Data-Review", meshHeadings: [] });
    expect(only("pmid31746150")).toMatchObject({
      citationStatus: "Publisher",
      publicationStatus: "aheadofprint",
    });
    expect(only("pmid25760099")).toMatchObject({
      languages: ["ger"],
      vernacularTitle:
        "Marktkonzentration in der Gesetzlichen Krankenversicherung seit Einführung der freien Kassenwahl.",
    });
    expect(only("pmid36987902").languages).toEqual(["eng", "nor"]);
  });

  it.each(otherUtilities)("refuses %s as not an EFetch article set, naming what it is", (file) => {
    const raw = readFileSync(path.join(corpus, file));
    const run = (): unknown => parsePubmedXml(raw);
    expect(run).toThrow(PubmedParseError);
    expect(run).toThrow(
      /expected a PubmedArticleSet .* root element is <e(Search|Summary|Post)Result>: an E(Search|Summary|Post) result, not EFetch/,
    );
  });
});

function byPmid(records: PubmedArticleRecord[], pmid: string): PubmedArticleRecord {
  const found = records.find((record) => record.pmid === pmid);
  if (!found) throw new Error(`no record ${pmid}`);
  return found;
}
