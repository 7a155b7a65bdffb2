import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import {
  parsePubmedXml,
  parsePubmedXmlParallel,
  PubmedParseError,
  PubmedParsePool,
  splitArticleSet,
} from "../../src/sources/pubmed/parse.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/pubmed");
const bytes = (name: string): Buffer => readFileSync(path.join(fixtures, name));
const text = (name: string): string => bytes(name).toString("utf8");
const parse = (name: string): PubmedArticleRecord[] => parsePubmedXml(text(name));
const byPmid = (records: PubmedArticleRecord[], pmid: string): PubmedArticleRecord => {
  const found = records.find((record) => record.pmid === pmid);
  if (!found) throw new Error(`no record ${pmid}`);
  return found;
};

function parseError(run: () => unknown): PubmedParseError {
  try {
    run();
  } catch (error) {
    if (error instanceof PubmedParseError) return error;
    throw error;
  }
  throw new Error("expected a PubmedParseError");
}

const wellFormed = readdirSync(fixtures).filter(
  (name) => name.endsWith(".xml") && !/^(malformed|efetch-error|not-xml)/.test(name),
);

describe("publication dates", () => {
  const records = parse("dates.xml");

  it("reads Year, Month written as a name, and Day", () => {
    expect(byPmid(records, "90000001").publicationDate).toEqual({ year: 2021, month: 6, day: 15 });
  });

  it("reads Month written as a number", () => {
    expect(byPmid(records, "90000002").publicationDate).toEqual({ year: 2015, month: 3 });
  });

  it("reads a year alone", () => {
    expect(byPmid(records, "90000003").publicationDate).toEqual({ year: 1976 });
  });

  it("gives a season its first month and keeps the text as written", () => {
    expect(byPmid(records, "90000004").publicationDate).toEqual({
      year: 2012,
      month: 3,
      text: "2012 Spring",
    });
  });

  it("reads MedlineDate ranges as their first year and month, keeping the text", () => {
    expect(byPmid(records, "90000005").publicationDate).toEqual({
      year: 2019,
      month: 10,
      text: "2019 Oct-Dec",
    });
    expect(byPmid(records, "90000006").publicationDate).toEqual({
      year: 2019,
      month: 9,
      text: "2019 Sep/Oct",
    });
    expect(byPmid(records, "90000007").publicationDate).toEqual({
      year: 1998,
      month: 12,
      text: "1998 Dec-1999 Jan",
    });
    expect(byPmid(records, "90000008").publicationDate).toEqual({
      year: 2000,
      month: 3,
      text: "2000 Spring",
    });
  });

  it("reads the electronic date and only that ArticleDate", () => {
    expect(byPmid(records, "90000001").electronicDate).toEqual({ year: 2021, month: 5, day: 2 });
    expect(byPmid(records, "90000002").electronicDate).toBeUndefined();
  });
});

describe("authors", () => {
  const [record] = parse("authors.xml");
  const authors = record!.authors;

  it("keeps every author in order, persons and groups", () => {
    expect(authors.map((author) => author.lastName ?? author.collectiveName)).toEqual([
      "Núñez-García",
      "Johnson",
      "Müller",
      "Lee",
      "Smyth",
      "Northbridge Primary Care Research Network",
    ]);
  });

  it("reads names, initials, suffix and diacritics written raw or as character references", () => {
    expect(authors[0]).toMatchObject({ lastName: "Núñez-García", foreName: "María José", initials: "MJ" });
    expect(authors[1]).toMatchObject({
      lastName: "Johnson",
      foreName: "Robert E",
      initials: "RE",
      suffix: "Jr",
    });
    expect(authors[2]).toMatchObject({ lastName: "Müller", foreName: "Jürgen" });
  });

  it("normalises ORCID iDs written bare, as https:// or http:// links, or without hyphens", () => {
    expect(authors.map((author) => author.orcid)).toEqual([
      "0000-0002-1825-0097",
      "0000-0001-5109-3700",
      "0000-0003-1415-926X",
      "0000-0002-1694-233X",
      undefined,
      undefined,
    ]);
  });

  it("reads every affiliation, and not an affiliation's own identifiers", () => {
    expect(authors[0]!.affiliations).toEqual([
      "Division of General Internal Medicine, Northbridge University, Port Ellery, MA, USA.",
      "Port Ellery VA Medical Center, Port Ellery, MA, USA.",
      "Departamento de Medicina, Universidad de Salamanca, Salamanca, Spain.",
    ]);
    expect(authors[2]!.affiliations).toEqual([
      "Institut für Biometrie, Universität Heidelberg & Klinikum, Heidelberg, Germany.",
    ]);
    expect(authors[3]!.affiliations).toEqual([]);
  });

  it("flags equal contributions and invalid authors", () => {
    expect(authors.map((author) => author.equalContribution)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(authors.map((author) => author.valid)).toEqual([true, true, true, true, false, true]);
  });

  it("flattens markup in a collective name and leaves its person fields out", () => {
    expect(authors[5]).toEqual({
      collectiveName: "Northbridge Primary Care Research Network",
      affiliations: [],
      equalContribution: false,
      valid: true,
    });
  });

  it("reads the fields around the authors", () => {
    expect(record).toMatchObject({
      pmid: "90000101",
      doi: "10.5555/jsa.2023.0210",
      journal: "Journal of shared authorship",
      journalAbbreviation: "J Shared Auth",
      issn: "1555-0002",
      volume: "41",
      issue: "2",
      pages: "210-218",
      publicationTypes: ["Journal Article", "Randomized Controlled Trial"],
      citationStatus: "MEDLINE",
      publicationStatus: "ppublish",
    });
    expect(record!.pmcid).toBeUndefined();
  });
});

describe("titles, text and identifiers", () => {
  const records = parse("text-and-identifiers.xml");
  const marked = byPmid(records, "90000201");
  const vernacular = byPmid(records, "90000202");

  it("flattens inline markup and MathML in a title, decodes entities and collapses whitespace", () => {
    expect(marked.title).toBe(
      'The TERT locus, r2<0.25 and H2O: a "blood relationship" between V2max and café éclairs in Zürich.',
    );
  });

  it("flattens markup and decodes entities in the journal title", () => {
    expect(marked.journal).toBe("Frontiers in measurement & method");
  });

  it("keeps numeric-looking values as written", () => {
    expect(marked).toMatchObject({ pmid: "90000201", volume: "0012", issue: "007", pages: "0012" });
  });

  it("takes the DOI from ELocationID when PubmedData has none, and ignores other ELocationID types", () => {
    expect(marked.doi).toBe("10.5555/fmm.2018.00012");
    expect(marked.pmcid).toBeUndefined();
  });

  it("takes DOI and PMCID from the ArticleIdList, never from an ELocationID marked invalid", () => {
    expect(vernacular.doi).toBe("10.5555/gf.2020.e101");
    expect(vernacular.pmcid).toBe("PMC7000001");
  });

  it("joins StartPage and EndPage when there is no MedlinePgn", () => {
    expect(vernacular.pages).toBe("e101-e108");
  });

  it("reads the vernacular title and every language", () => {
    expect(vernacular.title).toBe("[Vernacular and English titles].");
    expect(vernacular.vernacularTitle).toBe("Titel in der Originalsprache.");
    expect(marked.languages).toEqual(["eng", "ger"]);
    expect(marked.citationStatus).toBe("PubMed-not-MEDLINE");
    expect(marked.publicationStatus).toBe("epublish");
  });
});

describe("grants, links, MeSH and keywords", () => {
  const records = parse("links-and-grants.xml");
  const trial = byPmid(records, "90000301");

  it("reads every grant, with the parts each one has", () => {
    expect(trial.grants).toEqual([
      { grantId: "R01 HL012345", acronym: "HL", agency: "NHLBI NIH HHS", country: "United States" },
      { grantId: "K23 AG000042", acronym: "AG", agency: "NIA NIH HHS", country: "United States" },
      { agency: "Wellcome Trust", country: "United Kingdom" },
    ]);
  });

  it("reads comments and corrections with their type, PMID and source", () => {
    expect(trial.commentsCorrections).toEqual([
      { refType: "CommentIn", pmid: "90000399", refSource: "J Funded Work. 2022 Apr;77(4):400." },
      { refType: "ErratumIn", pmid: "90000302", refSource: "J Funded Work. 2022 Jun;77(6):612." },
    ]);
    expect(byPmid(records, "90000302").commentsCorrections).toEqual([
      { refType: "ErratumFor", pmid: "90000301", refSource: "J Funded Work. 2022 Mar;77(3):300-310." },
    ]);
    expect(byPmid(records, "90000303").commentsCorrections[0]).toMatchObject({
      refType: "RetractionOf",
      pmid: "90000288",
    });
    expect(byPmid(records, "90000304").commentsCorrections[0]).toMatchObject({
      refType: "CommentOn",
      pmid: "90000301",
    });
  });

  it("reads MeSH descriptor names, not their qualifiers, and keywords with markup flattened", () => {
    expect(trial.meshHeadings).toEqual(["Humans", "Hypertension", "Aged"]);
    expect(trial.keywords).toEqual(["blood pressure", "APOL1 variants"]);
  });

  it("reads publication types, citation status and publication status", () => {
    expect(byPmid(records, "90000302").publicationTypes).toEqual(["Published Erratum"]);
    expect(byPmid(records, "90000304")).toMatchObject({
      publicationTypes: ["Comment", "Letter"],
      citationStatus: "In-Data-Review",
      publicationStatus: "aheadofprint",
    });
  });

  it("gives an old record's single affiliation to its first author, and takes its PMCID from OtherID", () => {
    const old = byPmid(records, "90000305");
    expect(old.authors.map((author) => author.affiliations)).toEqual([
      ["Department of Surgery, Northbridge University, Port Ellery, MA 02100, USA."],
      [],
    ]);
    expect(old.pmcid).toBe("PMC1234567");
  });
});

describe("sets with book articles", () => {
  const records = parse("multi-set-with-book.xml");

  it("returns articles and book articles in document order", () => {
    expect(records.map((record) => [record.kind, record.pmid])).toEqual([
      ["article", "90000401"],
      ["book-article", "90000402"],
      ["article", "90000403"],
      ["book-article", "90000404"],
    ]);
  });

  it("reads a book chapter: its title, the book as venue, its own authors and not the editors", () => {
    expect(records[1]).toEqual({
      kind: "book-article",
      pmid: "90000402",
      title: "Hypertension in Adults – an overview",
      journal: "NorthReviews®",
      publicationDate: { year: 2019, month: 8, day: 8 },
      languages: ["eng"],
      publicationTypes: ["Review"],
      authors: [
        {
          lastName: "Chapter",
          foreName: "Carla",
          initials: "C",
          affiliations: ["Northbridge University, Port Ellery, MA, USA."],
          equalContribution: false,
          valid: true,
        },
      ],
      grants: [],
      commentsCorrections: [],
      meshHeadings: [],
      keywords: ["hypertension"],
      publicationStatus: "ppublish",
    });
  });

  it("reads a whole book: the book title as title, the book's authors, its DOI", () => {
    expect(records[3]).toMatchObject({
      title: "A Whole Book Without Chapters",
      journal: "A Whole Book Without Chapters",
      doi: "10.5555/nbwhole",
      publicationDate: { year: 2018 },
      publicationTypes: ["Textbook"],
    });
    expect(records[3]!.authors.map((author) => author.lastName)).toEqual(["Writer"]);
  });
});

describe("bodies that are not an article set", () => {
  it("names where a cut-off body ends", () => {
    const error = parseError(() => parse("malformed-truncated.xml"));
    expect(error.message).toMatch(/cut short: the text ends inside <ArticleTitle>, at line 14, column 61/);
    expect([error.line, error.column]).toEqual([14, 61]);
  });

  it("gives the line and column of a mis-nested end tag", () => {
    const error = parseError(() => parse("malformed-mismatched.xml"));
    expect(error.message).toMatch(/^malformed XML at line 7, column 52: Expected closing tag 'ArticleTitle'/);
    expect([error.line, error.column]).toEqual([7, 52]);
  });

  it("reports an eFetchResult ERROR with NCBI's own words", () => {
    expect(parseError(() => parse("efetch-error.xml")).message).toBe(
      "EFetch returned an error instead of records: Cannot retrieve history data. query_key: 1, WebEnv: MCID_0000000000000000000000ab, retstart: 0, retmax: 500",
    );
  });

  it("says when the body is not XML at all, or empty", () => {
    expect(parseError(() => parse("not-xml.xml")).message).toMatch(
      /^not XML: no root element found \(the text starts "\{"error":"API rate limit/,
    );
    expect(parseError(() => parsePubmedXml("")).message).toBe("empty body: no XML found");
    expect(parseError(() => parsePubmedXml("<html><body>Bad Gateway</body></html>")).message).toMatch(
      /root element is <html>: a web page/,
    );
  });

  it("refuses other E-utilities' answers by name", () => {
    const esearch =
      '<?xml version="1.0" ?>\n<eSearchResult><Count>1</Count><IdList><Id>1</Id></IdList></eSearchResult>';
    expect(parseError(() => parsePubmedXml(esearch)).message).toBe(
      "expected a PubmedArticleSet (EFetch db=pubmed retmode=xml) but the root element is <eSearchResult>: an ESearch result, not EFetch",
    );
  });

  it("refuses a stray ampersand, a stray '<' and text after the set, with positions", () => {
    const set = (inner: string): string =>
      `<PubmedArticleSet>\n<PubmedArticle><MedlineCitation><PMID>1</PMID>${inner}</MedlineCitation></PubmedArticle>\n</PubmedArticleSet>`;
    expect(
      parseError(() => parsePubmedXml(set("<Article><ArticleTitle>A & B</ArticleTitle></Article>"))).line,
    ).toBe(2);
    expect(
      parseError(() => parsePubmedXml(set("<Article><ArticleTitle>A < B</ArticleTitle></Article>"))).message,
    ).toMatch(/line 2/);
    expect(parseError(() => parsePubmedXml(`${set("")}\ntrailing`)).message).toMatch(
      /^malformed XML at line 4/,
    );
  });

  it("refuses an article without a PMID", () => {
    const set =
      "<PubmedArticleSet><PubmedArticle><MedlineCitation><Article><ArticleTitle>T</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";
    for (const skipUnusedSubtrees of [true, false]) {
      expect(parseError(() => parsePubmedXml(set, { skipUnusedSubtrees })).message).toBe(
        "the PubmedArticle at position 1 in the set has no PMID",
      );
    }
    const article = (pmid: string): string =>
      `<PubmedArticle><MedlineCitation>${pmid ? `<PMID>${pmid}</PMID>` : ""}<Article><ArticleTitle>${"T".repeat(2000)}</ArticleTitle></Article></MedlineCitation></PubmedArticle>`;
    const many = `<PubmedArticleSet>${Array.from({ length: 40 }, (_, i) => article(i === 30 ? "" : String(i + 1))).join("\n")}</PubmedArticleSet>`;
    for (const skipUnusedSubtrees of [true, false]) {
      expect(parseError(() => parsePubmedXml(many, { skipUnusedSubtrees })).message).toBe(
        "the PubmedArticle at position 31 in the set has no PMID",
      );
      // A body that is also malformed is reported as malformed, whichever fault comes first.
      expect(
        parseError(() => parsePubmedXml(many.slice(0, -"</PubmedArticleSet>".length), { skipUnusedSubtrees }))
          .message,
      ).toMatch(/cut short/);
    }
  });

  it("reports the same error whichever path and input form", () => {
    for (const name of [
      "malformed-truncated.xml",
      "malformed-mismatched.xml",
      "efetch-error.xml",
      "not-xml.xml",
    ]) {
      const message = parseError(() => parsePubmedXml(text(name))).message;
      expect(parseError(() => parsePubmedXml(bytes(name))).message).toBe(message);
      expect(parseError(() => parsePubmedXml(text(name), { skipUnusedSubtrees: false })).message).toBe(
        message,
      );
    }
  });
});

describe("the fast path", () => {
  it.each(wellFormed)("gives exactly the plain parse's records for %s, from text and from bytes", (name) => {
    const plain = parsePubmedXml(text(name), { skipUnusedSubtrees: false });
    expect(plain.length).toBeGreaterThan(0);
    expect(parsePubmedXml(text(name))).toEqual(plain);
    expect(parsePubmedXml(bytes(name))).toEqual(plain);
  });

  it("reads a body with a byte order mark, comments or CDATA like one without", () => {
    const plain = parse("links-and-grants.xml");
    const body = text("links-and-grants.xml");
    expect(parsePubmedXml(`\ufeff${body}`)).toEqual(plain);
    expect(
      parsePubmedXml(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes("links-and-grants.xml")])),
    ).toEqual(plain);
    const commented = body.replace("<PubmedArticleSet>", "<PubmedArticleSet><!-- saved by hand -->");
    expect(parsePubmedXml(commented)).toEqual(plain);
    const cdata = body.replace(
      "<Agency>Wellcome Trust</Agency>",
      "<Agency><![CDATA[Wellcome Trust]]></Agency>",
    );
    expect(parsePubmedXml(cdata)).toEqual(plain);
  });

  it("reads an empty set as no records", () => {
    expect(parsePubmedXml('<?xml version="1.0" ?>\n<PubmedArticleSet></PubmedArticleSet>\n')).toEqual([]);
    expect(parsePubmedXml("<PubmedArticleSet/>")).toEqual([]);
  });
});

describe("parsing on worker threads", () => {
  // Enough articles to pass the size below which the set is parsed on the calling thread.
  const articles = [
    ...text("links-and-grants.xml").matchAll(/<PubmedArticle>[\s\S]*?<\/PubmedArticle>/g),
  ].map((m) => m[0]);
  const big: string[] = [];
  for (let i = 0; big.join("\n").length < 5 << 20; i += 1) {
    big.push(
      articles[i % articles.length]!.replace(
        /<PMID Version="1">(\d+)<\/PMID>/,
        `<PMID Version="1">${1_000_000 + i}</PMID>`,
      ),
    );
  }
  const bigSet = `<?xml version="1.0" ?>\n<PubmedArticleSet>\n${big.join("\n")}\n</PubmedArticleSet>\n`;
  const pool = new PubmedParsePool({ threads: 2 });
  afterAll(() => pool.close());

  it("splits a set into standalone sets at article boundaries", () => {
    const split = splitArticleSet(bigSet, 4)!;
    expect(split.count).toBe(4);
    const parts = Array.from({ length: split.count }, (_, i) => split.part(i) as string);
    for (const part of parts)
      expect(part).toMatch(
        /^<\?xml version="1.0" \?>\n<PubmedArticleSet>\n?<PubmedArticle>[\s\S]*<\/PubmedArticle>\n?<\/PubmedArticleSet>\n?$/,
      );
    expect(parts.flatMap((part) => parsePubmedXml(part))).toEqual(parsePubmedXml(bigSet));
  });

  it("gives the single-threaded records, in order, from text and from bytes", async () => {
    const single = parsePubmedXml(bigSet);
    expect(single.length).toBeGreaterThan(700);
    expect(await parsePubmedXmlParallel(bigSet, { pool })).toEqual(single);
    expect(await parsePubmedXmlParallel(Buffer.from(bigSet), { pool })).toEqual(single);
  });

  it("reports a fault with the position in the whole body", async () => {
    const broken = bigSet.replace("<Language>eng</Language>", "<Language>eng</Langage>");
    const expected = parseError(() => parsePubmedXml(broken));
    expect(expected.line).toBeGreaterThan(2);
    await expect(parsePubmedXmlParallel(Buffer.from(broken), { pool })).rejects.toThrow(expected.message);
    const cut = bigSet.slice(0, bigSet.length - 5000);
    await expect(parsePubmedXmlParallel(cut, { pool })).rejects.toThrow(/cut short/);
  });

  it("starts and closes a pool of its own when given none", async () => {
    expect(await parsePubmedXmlParallel(bigSet, { threads: 2 })).toHaveLength(big.length);
  });
});

describe("entity declarations", () => {
  const article =
    "<PubmedArticleSet><PubmedArticle><MedlineCitation><PMID>1</PMID><Article><ArticleTitle>&lol9;</ArticleTitle></Article></MedlineCitation></PubmedArticle></PubmedArticleSet>";

  it("refuses a billion-laughs body instead of keeping the entity as a title", () => {
    const laughs = [
      '<?xml version="1.0"?>',
      "<!DOCTYPE PubmedArticleSet [",
      ' <!ENTITY lol "lol">',
      ' <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">',
      ' <!ENTITY lol9 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">',
      "]>",
      article,
    ].join("\n");
    for (const skipUnusedSubtrees of [true, false]) {
      const error = parseError(() => parsePubmedXml(laughs, { skipUnusedSubtrees }));
      expect(error.message).toBe(
        'refused: the DOCTYPE declares an entity ("lol"); entities that expand into others can exhaust memory, at line 3, column 2. E-utilities never sends entity declarations.',
      );
      expect([error.line, error.column]).toEqual([3, 2]);
    }
  });

  it("refuses an external entity with a message naming it, not a stack trace", async () => {
    const xxe = `<!DOCTYPE PubmedArticleSet [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>\n${article.replace("&lol9;", "&xxe;")}`;
    expect(parseError(() => parsePubmedXml(Buffer.from(xxe))).message).toMatch(
      /^refused: the DOCTYPE declares an external entity \("xxe", SYSTEM\), which would read a file or URL, at line 1, column 30\./,
    );
    await expect(parsePubmedXmlParallel(xxe)).rejects.toBeInstanceOf(PubmedParseError);
  });

  it("still reads a body whose DOCTYPE only names its DTD", () => {
    const plain = `<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n${article.replace("&lol9;", "A title")}`;
    expect(parsePubmedXml(plain).map((record) => record.title)).toEqual(["A title"]);
  });
});
