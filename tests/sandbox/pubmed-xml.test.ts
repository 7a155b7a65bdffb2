import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { generateDivision } from "../../sandbox/division/index.ts";
import { escapeXml, toPubmedArticleSetXml } from "../../sandbox/servers/pubmed-xml.ts";
import { parsePubmedXml } from "../../src/sources/pubmed/parse.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

// Numeric character references (&#xe9;) are decoded only with htmlEntities.
const parser = new XMLParser({
  ignoreAttributes: false,
  attributeNamePrefix: "@",
  htmlEntities: true,
  parseTagValue: false,
  isArray: (name) =>
    [
      "PubmedArticle",
      "Author",
      "AffiliationInfo",
      "PublicationType",
      "ArticleId",
      "CommentsCorrections",
      "MeshHeading",
      "Keyword",
      "Grant",
      "AbstractText",
      "Language",
      "PubMedPubDate",
    ].includes(name),
});

type Node = Record<string, unknown>;
const at = (node: unknown, ...path: Array<string | number>): unknown =>
  path.reduce<unknown>((current, key) => (current as Node | undefined)?.[key as string], node);
const textOf = (node: unknown): string => (typeof node === "string" ? node : String((node as Node)["#text"]));

const record: PubmedArticleRecord = {
  kind: "article",
  pmid: "23456789",
  doi: "10.5555/jgcm.2013.00042",
  pmcid: "PMC3812345",
  title: 'Blood pressure <130 mm Hg & "tight" control in Sjögren syndrome.',
  journal: "Health Services, Outcomes & Policy",
  journalAbbreviation: "Health Serv Outcomes Policy",
  issn: "1747-1050",
  volume: "19",
  issue: "3",
  pages: "1123-30",
  publicationDate: { year: 2013, month: 3, text: "2013 Spring" },
  electronicDate: { year: 2012, month: 12, day: 20 },
  languages: ["eng"],
  publicationTypes: ["Journal Article", "Research Support, N.I.H., Extramural"],
  authors: [
    {
      lastName: "Núñez",
      foreName: "María José",
      initials: "MJ",
      orcid: "0000-0002-1825-0097",
      affiliations: [
        "División de Medicina, Northbridge University, Port Ellery, MA, USA.",
        "Port Ellery VA Medical Center.",
      ],
      equalContribution: true,
      valid: true,
    },
    {
      lastName: "Johnson",
      foreName: "Robert E",
      initials: "RE",
      suffix: "Jr",
      affiliations: [],
      equalContribution: true,
      valid: true,
    },
    {
      collectiveName: "Northbridge Primary Care Research Network",
      affiliations: [],
      equalContribution: false,
      valid: true,
    },
  ],
  grants: [{ grantId: "K23 HL012345", acronym: "HL", agency: "NHLBI NIH HHS", country: "United States" }],
  commentsCorrections: [
    {
      refType: "ErratumIn",
      pmid: "24000001",
      refSource: "Health Serv Outcomes Policy. 2013 Nov;19(6):2000.",
    },
  ],
  meshHeadings: ["Humans", "Hypertension"],
  keywords: ["blood pressure"],
  citationStatus: "MEDLINE",
  publicationStatus: "ppublish",
};

describe("EFetch XML writer", () => {
  const abstracts = {
    "23456789": [
      { label: "BACKGROUND", text: "Little is known <yet>." },
      { label: "RESULTS", text: "It worked." },
    ],
  };
  const xml = toPubmedArticleSetXml([record], {
    abstracts: (pmid) => abstracts[pmid as keyof typeof abstracts],
  });
  const doc = parser.parse(xml) as Node;
  const article = at(doc, "PubmedArticleSet", "PubmedArticle", 0) as Node;
  const citation = at(article, "MedlineCitation") as Node;

  it("writes a well-formed document with EFetch's declaration and doctype", () => {
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(
      xml.startsWith(
        '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN"',
      ),
    ).toBe(true);
    expect(xml).toContain('<PubmedArticleSet>\n<PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"');
  });

  it("escapes markup characters and writes non-ASCII as character references", () => {
    expect(xml).toContain(
      "Blood pressure &lt;130 mm Hg &amp; &quot;tight&quot; control in Sj&#xf6;gren syndrome.",
    );
    expect(xml).toContain("<LastName>N&#xfa;&#xf1;ez</LastName>");
    expect(xml).not.toMatch(/[^\x00-\x7f]/);
    expect(escapeXml("a\u0001b\uFFFEc 😀")).toBe("abc &#x1f600;");
  });

  it("puts the citation fields where EFetch has them", () => {
    expect(at(citation, "@Status")).toBe("MEDLINE");
    expect(textOf(at(citation, "PMID"))).toBe("23456789");
    expect(at(citation, "PMID", "@Version")).toBe("1");
    const art = at(citation, "Article") as Node;
    expect(at(art, "@PubModel")).toBe("Print-Electronic");
    expect(textOf(at(art, "ArticleTitle"))).toBe(record.title);
    expect(at(art, "Journal", "Title")).toBe("Health Services, Outcomes & Policy");
    expect(at(art, "Journal", "JournalIssue", "Volume")).toBe("19");
    expect(at(art, "Journal", "JournalIssue", "PubDate")).toEqual({ Year: "2013", Season: "Spring" });
    expect(at(art, "Pagination")).toEqual({ StartPage: "1123", EndPage: "1130", MedlinePgn: "1123-30" });
    expect(textOf(at(art, "ELocationID"))).toBe("10.5555/jgcm.2013.00042");
    expect(at(art, "ELocationID", "@EIdType")).toBe("doi");
    expect(at(art, "Language")).toEqual(["eng"]);
    expect(at(art, "ArticleDate")).toMatchObject({
      Year: "2012",
      Month: "12",
      Day: "20",
      "@DateType": "Electronic",
    });
    expect(at(art, "GrantList", "Grant", 0)).toEqual({
      GrantID: "K23 HL012345",
      Acronym: "HL",
      Agency: "NHLBI NIH HHS",
      Country: "United States",
    });
    const types = at(art, "PublicationTypeList", "PublicationType") as Node[];
    expect(types.map(textOf)).toEqual(record.publicationTypes);
    expect(types[0]!["@UI"]).toBe("D016428");
    const sections = at(art, "Abstract", "AbstractText") as Node[];
    expect(sections.map((s) => [s["@Label"], s["@NlmCategory"], textOf(s)])).toEqual([
      ["BACKGROUND", "BACKGROUND", "Little is known <yet>."],
      ["RESULTS", "RESULTS", "It worked."],
    ]);
    expect(at(citation, "CommentsCorrectionsList", "CommentsCorrections", 0)).toMatchObject({
      "@RefType": "ErratumIn",
      RefSource: "Health Serv Outcomes Policy. 2013 Nov;19(6):2000.",
    });
    expect(textOf(at(citation, "CommentsCorrectionsList", "CommentsCorrections", 0, "PMID"))).toBe(
      "24000001",
    );
    expect(
      (at(citation, "MeshHeadingList", "MeshHeading") as Node[]).map((m) => textOf(m.DescriptorName)),
    ).toEqual(["Humans", "Hypertension"]);
    expect((at(citation, "KeywordList", "Keyword") as Node[]).map(textOf)).toEqual(["blood pressure"]);
  });

  it("writes authors with ORCID iDs, affiliations, suffixes, equal contribution and group names", () => {
    const authors = at(citation, "Article", "AuthorList", "Author") as Node[];
    expect(authors).toHaveLength(3);
    expect(authors[0]).toMatchObject({
      "@ValidYN": "Y",
      "@EqualContrib": "Y",
      LastName: "Núñez",
      ForeName: "María José",
      Initials: "MJ",
    });
    expect(textOf(authors[0]!.Identifier)).toBe("0000-0002-1825-0097");
    expect(at(authors[0], "Identifier", "@Source")).toBe("ORCID");
    expect((authors[0]!.AffiliationInfo as Node[]).map((a) => a.Affiliation)).toEqual(
      record.authors[0]!.affiliations,
    );
    expect(authors[1]).toMatchObject({ LastName: "Johnson", Suffix: "Jr", "@EqualContrib": "Y" });
    expect(authors[1]!.AffiliationInfo).toBeUndefined();
    expect(authors[2]).toMatchObject({ CollectiveName: "Northbridge Primary Care Research Network" });
    expect(authors[2]!["@EqualContrib"]).toBeUndefined();
  });

  it("writes PubmedData with a History and every article id", () => {
    const data = at(article, "PubmedData") as Node;
    expect(at(data, "PublicationStatus")).toBe("ppublish");
    const ids = (at(data, "ArticleIdList", "ArticleId") as Node[]).map((id) => [id["@IdType"], textOf(id)]);
    expect(ids).toEqual([
      ["pubmed", "23456789"],
      ["pmc", "PMC3812345"],
      ["doi", "10.5555/jgcm.2013.00042"],
    ]);
    const statuses = (at(data, "History", "PubMedPubDate") as Node[]).map((d) => d["@PubStatus"]);
    expect(statuses).toEqual(expect.arrayContaining(["pubmed", "medline", "entrez"]));
  });

  it("writes MedlineDate ranges, year-only dates and book articles", () => {
    const ranged = toPubmedArticleSetXml([
      { ...record, pmid: "1", publicationDate: { year: 2015, month: 1, text: "2015 Jan-Feb" } },
      { ...record, pmid: "2", publicationDate: { year: 2015 } },
      { ...record, pmid: "3", kind: "book-article", journal: "StatPearls" },
    ]);
    expect(XMLValidator.validate(ranged)).toBe(true);
    expect(ranged).toContain("<PubDate><MedlineDate>2015 Jan-Feb</MedlineDate></PubDate>");
    expect(ranged).toContain("<PubDate><Year>2015</Year></PubDate>");
    expect(ranged).toContain('<PubmedBookArticle><BookDocument><PMID Version="1">3</PMID>');
  });

  it("writes a whole generated division that ScholarTrack's parser reads back unchanged", () => {
    const division = generateDivision({ facultyCount: 20, seed: 3 });
    const all = toPubmedArticleSetXml(division.articles, { abstracts: (pmid) => division.abstracts[pmid] });
    expect(XMLValidator.validate(all)).toBe(true);
    expect((parser.parse(all) as Node).PubmedArticleSet).toBeDefined();
    expect(parsePubmedXml(all)).toEqual(division.articles);
  });
});
