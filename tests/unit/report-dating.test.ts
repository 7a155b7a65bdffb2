import { describe, expect, it } from "vitest";
import type { CvRow } from "../../src/sources/cv/parse.ts";
import type { CandidateItem } from "../../src/sources/candidate.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { dateLine } from "../../src/reports/windows-report.ts";

function reporterGrant(sourceId: string, startYear: number, endYear?: number) {
  const payload: CandidateItem = {
    source: "reporter",
    sourceId,
    kind: "grant",
    title: "A trial",
    year: startYear,
    otherIds: [],
    contributors: [],
    grant: { startYear, ...(endYear !== undefined ? { endYear } : {}) },
  };
  return { itemId: 1, source: "reporter", sourceId, payload: payload as never };
}

function cvGrant(row: Partial<CvRow>) {
  const payload: CvRow = { facultyId: "F1", kind: "grant", title: "A grant", ...row };
  return { itemId: 2, source: "cv", sourceId: "F1/abc", payload: payload as never };
}

function pubmed(pmid: string, published: number, electronic?: number) {
  const payload = {
    pmid,
    publicationDate: { year: published },
    ...(electronic !== undefined ? { electronicDate: { year: electronic, month: 12 } } : {}),
  } as Partial<PubmedArticleRecord>;
  return { itemId: 3, source: "pubmed", sourceId: pmid, payload: payload as never };
}

describe("dateLine", () => {
  it("dates a grant by the active years of the record the ledger took it from", () => {
    const records = [cvGrant({ startYear: 2010, endYear: 2011 }), reporterGrant("R01AI1", 2012, 2015)];
    const provenance = { from: { grant: "cv:F1/abc" } };
    expect(dateLine({ kind: "grant", year: 2010, provenance }, records, "publication")).toEqual({
      years: { from: 2010, to: 2011 },
      datedBy: "active years from cv:F1/abc",
    });
    // Without provenance: RePORTER first, as the merged view takes a grant's details.
    expect(dateLine({ kind: "grant", year: 2012, provenance: {} }, records, "publication")).toEqual({
      years: { from: 2012, to: 2015 },
      datedBy: "active years from reporter:R01AI1",
    });
  });

  it("counts a grant without an end year in its start year only", () => {
    const dated = dateLine(
      { kind: "grant", year: 2014, provenance: {} },
      [cvGrant({ year: 2014 })],
      "publication",
    );
    expect(dated).toEqual({
      years: { from: 2014, to: 2014 },
      datedBy: "start year only (no end year from cv:F1/abc)",
    });
    expect(dateLine({ kind: "grant", year: 2016, provenance: {} }, [], "publication").years).toEqual({
      from: 2016,
      to: 2016,
    });
  });

  it("dates a publication by its ledger year, or its PubMed electronic date when asked", () => {
    const records = [pubmed("111", 2014, 2013)];
    const line = { kind: "publication" as const, year: 2014, provenance: { from: { year: "pubmed:111" } } };
    expect(dateLine(line, records, "publication").years).toEqual({ from: 2014, to: 2014 });
    expect(dateLine(line, records, "electronic")).toEqual({
      years: { from: 2013, to: 2013 },
      datedBy: "PubMed electronic date (pubmed:111)",
    });
    expect(dateLine(line, [pubmed("111", 2014)], "electronic")).toEqual({
      years: { from: 2014, to: 2014 },
      datedBy: "publication year (no PubMed electronic date)",
    });
  });

  it("leaves a line without any year undated", () => {
    expect(dateLine({ kind: "presentation", year: null, provenance: {} }, [], "publication")).toEqual({
      years: null,
      datedBy: "no year",
    });
  });
});
