import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import {
  EXPORT_ITEM_FIELDS,
  formatExportPage,
  toCsvRecord,
  toExportItemRow,
  type ExportItemLink,
} from "../../src/reports/export-items.ts";

const LINK: ExportItemLink = {
  facultyId: "F1",
  itemId: 7,
  status: "accepted",
  authorPosition: "first",
  item: {
    kind: "publication",
    title: 'Mentoring, "in practice":\na two-year study',
    year: 2015,
    venue: "Journal of Examples",
    doi: "10.1000/example.7",
    pmid: "12345678",
    pmcid: null,
    publicationTypes: ["Journal Article", "Review"],
    sourceRecords: [{ source: "pubmed" }, { source: "orcid" }, { source: "pubmed" }],
  },
};

describe("export item rows", () => {
  it("has the fields of the contract, in order, with sources distinct and sorted", () => {
    const row = toExportItemRow(LINK);
    expect(Object.keys(row)).toEqual([...EXPORT_ITEM_FIELDS]);
    expect(row.sources).toEqual(["orcid", "pubmed"]);
    expect(row.publicationTypes).toEqual(["Journal Article", "Review"]);
  });

  it("writes one JSON object per line with arrays and nulls kept", () => {
    const text = formatExportPage([toExportItemRow(LINK)], "jsonl", true);
    expect(text.endsWith("\n")).toBe(true);
    expect(text.split("\n")).toHaveLength(2);
    expect(JSON.parse(text)).toEqual({
      facultyId: "F1",
      itemId: 7,
      status: "accepted",
      kind: "publication",
      title: 'Mentoring, "in practice":\na two-year study',
      year: 2015,
      venue: "Journal of Examples",
      doi: "10.1000/example.7",
      pmid: "12345678",
      pmcid: null,
      publicationTypes: ["Journal Article", "Review"],
      authorPosition: "first",
      sources: ["orcid", "pubmed"],
    });
  });

  it("joins lists with ; and leaves missing values empty in CSV", () => {
    const row = toExportItemRow({ ...LINK, authorPosition: null, item: { ...LINK.item, year: null } });
    expect(toCsvRecord(row)).toEqual([
      "F1",
      "7",
      "accepted",
      "publication",
      'Mentoring, "in practice":\na two-year study',
      "",
      "Journal of Examples",
      "10.1000/example.7",
      "12345678",
      "",
      "Journal Article;Review",
      "",
      "orcid;pubmed",
    ]);
  });

  it("puts the CSV header on the first page only and quotes what needs quoting", () => {
    const row = toExportItemRow(LINK);
    const first = formatExportPage([row], "csv", true);
    const second = formatExportPage([row], "csv", false);
    expect(first.split("\n")[0]).toBe(
      "facultyId,itemId,status,kind,title,year,venue,doi,pmid,pmcid,publicationTypes,authorPosition,sources",
    );
    expect(parse(first)).toEqual([[...EXPORT_ITEM_FIELDS], toCsvRecord(row)]);
    expect(parse(second)).toEqual([toCsvRecord(row)]);
    expect(formatExportPage([], "csv", true)).toBe(`${EXPORT_ITEM_FIELDS.join(",")}\n`);
    expect(formatExportPage([], "jsonl", true)).toBe("");
  });
});
