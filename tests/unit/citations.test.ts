import { describe, expect, it } from "vitest";
import { formatCitations, type CitableWork } from "../../src/reports/citations.ts";

const base: Omit<CitableWork, "id" | "kind" | "title"> = {
  authors: [],
  container: null,
  containerShort: null,
  year: null,
  volume: null,
  issue: null,
  pages: null,
  doi: null,
  pmid: null,
};

describe("citations", () => {
  it("cites a journal article in Vancouver style, with its DOI and PMID", () => {
    const [text] = formatCitations([
      {
        ...base,
        id: 1,
        kind: "journal-article",
        title: "Mentoring and the productivity of junior faculty",
        authors: ["Smith AB", "Jones C"],
        container: "Journal of General Internal Medicine",
        containerShort: "J Gen Intern Med",
        year: 2015,
        volume: "30",
        issue: "4",
        pages: "454-61",
        doi: "10.1007/s11606-014-3110-2",
        pmid: "25501234",
      },
    ]);
    expect(text).toBe(
      "Smith AB, Jones C. Mentoring and the productivity of junior faculty. J Gen Intern Med. 2015;30(4):454–61. " +
        "doi:10.1007/s11606-014-3110-2. PMID: 25501234.",
    );
  });

  it("cites a book chapter with the book as its container", () => {
    const [text] = formatCitations([
      {
        ...base,
        id: 2,
        kind: "book-chapter",
        title: "Building a mentoring program",
        authors: ["Smith AB"],
        container: "Faculty Development in the Health Professions",
        year: 2014,
        pages: "101-120",
      },
    ]);
    expect(text).toBe(
      "Smith AB. Building a mentoring program. In: Faculty Development in the Health Professions. 2014. p. 101–20.",
    );
  });

  it("cites an article without a DOI from what is known, adding no identifier", () => {
    const [text] = formatCitations([
      {
        ...base,
        id: 3,
        kind: "journal-article",
        title: "A survey of mentees",
        authors: ["Smith AB"],
        container: "Acad Med",
        containerShort: "Acad Med",
        year: 2016,
        volume: "91",
        pages: "1-5",
      },
    ]);
    expect(text).toBe("Smith AB. A survey of mentees. Acad Med. 2016;91:1–5.");
  });
});
