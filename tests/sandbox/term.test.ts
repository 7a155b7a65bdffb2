import { describe, expect, it } from "vitest";
import { generateDivision } from "../../sandbox/division/index.ts";
import {
  ArticleIndex,
  TermSyntaxError,
  matchesTerm,
  parseTerm,
  translateTerm,
} from "../../sandbox/servers/term.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

function author(
  lastName: string,
  foreName: string,
  initials: string,
  extra: Partial<PubmedAuthor> = {},
): PubmedAuthor {
  return { lastName, foreName, initials, affiliations: [], equalContribution: false, valid: true, ...extra };
}

function article(
  pmid: string,
  authors: PubmedAuthor[],
  extra: Partial<PubmedArticleRecord> = {},
): PubmedArticleRecord {
  return {
    kind: "article",
    pmid,
    title: "A study of things.",
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors,
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
    publicationDate: { year: 2015, month: 6 },
    ...extra,
  };
}

function matches(record: PubmedArticleRecord, query: string): boolean {
  return matchesTerm(record, parseTerm(query));
}

const carberry = article("30000001", [
  author("Carberry", "Josiah S", "JS", {
    orcid: "0000-0002-1825-0097",
    affiliations: ["Department of Psychoceramics, Brown University, Providence, RI, USA."],
  }),
  author("Smith", "Anna", "A", { affiliations: ["Wexley University, Boston, MA, USA."] }),
]);

describe("sandbox query matching: fields", () => {
  it("finds an author by ORCID iD, whatever form the iD is written in", () => {
    expect(matches(carberry, '"0000-0002-1825-0097"[auid]')).toBe(true);
    expect(matches(carberry, "https://orcid.org/0000-0002-1825-0097[auid]")).toBe(true);
    expect(matches(carberry, '"0000-0001-5109-3700"[auid]')).toBe(false);
  });

  it('matches "Last FM" by initials prefix, as PubMed auto-truncates', () => {
    expect(matches(carberry, '"Carberry J"[au]')).toBe(true);
    expect(matches(carberry, '"Carberry JS"[au]')).toBe(true);
    expect(matches(carberry, '"Carberry JSX"[au]')).toBe(false);
    expect(matches(carberry, '"Carberry K"[au]')).toBe(false);
    const initialOnly = article("30000002", [author("Carberry", "J", "J")]);
    expect(matches(initialOnly, '"Carberry JS"[au]')).toBe(false);
    expect(matches(initialOnly, '"Carberry J"[au]')).toBe(true);
  });

  it('matches "Last First" on the forename and a bare surname on any forename', () => {
    expect(matches(carberry, '"Carberry Josiah"[au]')).toBe(true);
    expect(matches(carberry, '"Carberry Josiah S"[au]')).toBe(true);
    expect(matches(carberry, '"Carberry Joseph"[au]')).toBe(false);
    expect(matches(carberry, "Carberry[au]")).toBe(true);
    expect(matches(carberry, '"carberry josiah"[au]')).toBe(true);
  });

  it("compares names without case or diacritics, and hyphens as spaces", () => {
    const record = article("30000003", [
      author("Núñez", "María José", "MJ"),
      author("Østergaard", "Søren", "S"),
      author("García-Márquez", "Lucía", "L"),
      author("O'Brien", "Siobhán M", "SM"),
    ]);
    expect(matches(record, '"Nunez MJ"[au]')).toBe(true);
    expect(matches(record, '"NÚÑEZ M"[au]')).toBe(true);
    expect(matches(record, '"Nunez Maria"[au]')).toBe(true);
    expect(matches(record, '"Ostergaard S"[au]')).toBe(true);
    expect(matches(record, '"Ostergaard Soren"[au]')).toBe(true);
    expect(matches(record, '"Garcia Marquez L"[au]')).toBe(true);
    expect(matches(record, '"García-Márquez Lucía"[au]')).toBe(true);
    expect(matches(record, '"OBrien S"[au]')).toBe(true);
    expect(matches(record, '"Garcia L"[au]')).toBe(false);
    const plain = article("30000004", [author("Nunez", "Maria Jose", "MJ")]);
    expect(matches(plain, '"Núñez MJ"[au]')).toBe(true);
  });

  it("takes a name suffix into account only when the query gives one", () => {
    const record = article("30000005", [author("Johnson", "Robert E", "RE", { suffix: "Jr" })]);
    expect(matches(record, '"Johnson RE"[au]')).toBe(true);
    expect(matches(record, '"Johnson RE Jr"[au]')).toBe(true);
    expect(matches(record, '"Johnson RE Sr"[au]')).toBe(false);
  });

  it("matches an affiliation when all its words are in one author's affiliation", () => {
    expect(matches(carberry, '"Brown University"[ad]')).toBe(true);
    expect(matches(carberry, '"brown university providence"[ad]')).toBe(true);
    expect(matches(carberry, "Providence[ad]")).toBe(true);
    // "Wexley" and "Providence" are each somewhere, but not in one author's affiliation.
    expect(matches(carberry, '"Wexley Providence"[ad]')).toBe(false);
    expect(matches(carberry, '"Brown College"[ad]')).toBe(false);
  });

  it("matches publication dates by year, month, day and inclusive ranges", () => {
    const record = article("30000006", [], { publicationDate: { year: 2013, month: 12, day: 31 } });
    expect(matches(record, "2013[dp]")).toBe(true);
    expect(matches(record, "2013/12[dp]")).toBe(true);
    expect(matches(record, '"2013/12/31"[dp]')).toBe(true);
    expect(matches(record, "2014[dp]")).toBe(false);
    expect(matches(record, '("2011/01/01"[dp] : "2013/12/31"[dp])')).toBe(true);
    expect(matches(record, '"2014/01/01"[dp] : "2016/12/31"[dp]')).toBe(false);
    expect(matches(record, "2011:2013[dp]")).toBe(true);
    expect(matches(record, '"2011/01/01":"2013/12/30"[dp]')).toBe(false);
  });

  it("matches the entry date ([edat]): the earliest publication date, or the day the index was told", () => {
    const record = article("30000016", [author("Okafor", "Amara", "A")], {
      publicationDate: { year: 2014, month: 3 },
      electronicDate: { year: 2014, month: 1, day: 15 },
    });
    expect(matches(record, '("2014/01/15"[edat] : "3000"[edat])')).toBe(true);
    expect(matches(record, '("2014/01/16"[edat] : "3000"[edat])')).toBe(false);
    expect(translateTerm(parseTerm('"2014/01/16"[edat] : "3000"[edat]'))).toBe(
      "2014/01/16:3000[Entrez Date]",
    );
    // Entered late (an old paper indexed tonight): found by entry date, not by publication date.
    const index = new ArticleIndex([record], undefined, () => ({ year: 2026, month: 12, day: 7 }));
    expect(index.search(parseTerm('Okafor[au] AND ("2026/12/04"[edat] : "3000"[edat])'))).toEqual([
      "30000016",
    ]);
    expect(index.search(parseTerm('Okafor[au] AND ("2026/12/04"[dp] : "3000"[dp])'))).toEqual([]);
  });

  it("counts the electronic date as a publication date, as PubMed's [dp] does", () => {
    const record = article("30000007", [], {
      publicationDate: { year: 2014, month: 1 },
      electronicDate: { year: 2013, month: 11, day: 20 },
    });
    expect(matches(record, "2013[dp]")).toBe(true);
    expect(matches(record, "2014[dp]")).toBe(true);
    expect(matches(record, "2012[dp]")).toBe(false);
  });

  it("reads a year-only or seasonal date as the start of its period", () => {
    const yearOnly = article("30000008", [], { publicationDate: { year: 2012 } });
    expect(matches(yearOnly, "2012[dp]")).toBe(true);
    expect(matches(yearOnly, "2012/01[dp]")).toBe(true);
    expect(matches(yearOnly, "2012/06[dp]")).toBe(false);
    const spring = article("30000009", [], {
      publicationDate: { year: 2012, month: 3, text: "2012 Spring" },
    });
    expect(matches(spring, "2012/03[dp]")).toBe(true);
  });

  it("matches publication types, PMIDs, titles and untagged words", () => {
    const record = article("30000010", [author("Lee", "James", "J")], {
      title: "Blood pressure <130 mm Hg & outcomes.",
      publicationTypes: ["Journal Article", "Review"],
      meshHeadings: ["Hypertension"],
    });
    expect(matches(record, "review[pt]")).toBe(true);
    expect(matches(record, "letter[pt]")).toBe(false);
    expect(matches(record, "30000010[pmid]")).toBe(true);
    expect(matches(record, '"blood pressure"[ti]')).toBe(true);
    expect(matches(record, "hypertension")).toBe(true);
    expect(matches(record, "hypertension[ti]")).toBe(false);
  });
});

describe("sandbox query matching: operators", () => {
  const a = article("1", [author("Alpha", "Ann", "A")]);
  const b = article("2", [author("Beta", "Ben", "B")]);
  const c = article("3", [author("Gamma", "Gil", "G")]);
  const ab = article("4", [author("Alpha", "Ann", "A"), author("Beta", "Ben", "B")]);
  const ac = article("5", [author("Alpha", "Ann", "A"), author("Gamma", "Gil", "G")]);
  const all = [a, b, c, ab, ac];
  const hits = (query: string): string[] =>
    all
      .filter((record) => matches(record, query))
      .map((record) => record.pmid)
      .sort();

  it("applies AND, OR and NOT left to right, without precedence", () => {
    // Left to right: (Alpha OR Beta) AND Gamma. With AND binding tighter, "1", "2" and "4" would match too.
    expect(hits("Alpha[au] OR Beta[au] AND Gamma[au]")).toEqual(["5"]);
    // (Alpha AND Beta) OR Gamma.
    expect(hits("Alpha[au] AND Beta[au] OR Gamma[au]")).toEqual(["3", "4", "5"]);
    // (Alpha OR Beta) NOT Gamma.
    expect(hits("Alpha[au] OR Beta[au] NOT Gamma[au]")).toEqual(["1", "2", "4"]);
  });

  it("lets parentheses override the left-to-right order", () => {
    expect(hits("Alpha[au] OR (Beta[au] AND Gamma[au])")).toEqual(["1", "4", "5"]);
    expect(hits("Alpha[au] NOT (Beta[au] OR Gamma[au])")).toEqual(["1"]);
    expect(hits("((Alpha[au]))")).toEqual(["1", "4", "5"]);
  });

  it("ANDs terms written side by side", () => {
    expect(hits("Alpha[au] Beta[au]")).toEqual(["4"]);
  });

  it("evaluates the query ScholarTrack sends", () => {
    const query =
      '("0000-0002-1825-0097"[auid] OR (("Carberry J"[au] OR "Carberry Josiah"[au]) AND ("Brown University"[ad] OR "Providence"[ad]))) AND ("2011/01/01"[dp] : "2013/12/31"[dp])';
    const inWindow = { ...carberry, publicationDate: { year: 2012, month: 4 } };
    const outOfWindow = { ...carberry, publicationDate: { year: 2015, month: 4 } };
    const byNameElsewhere = article(
      "30000011",
      [author("Carberry", "Jane", "J", { affiliations: ["Wexley University, Boston."] })],
      {
        publicationDate: { year: 2012 },
      },
    );
    const byOrcidOnly = article(
      "30000012",
      [author("Carberry", "J", "J", { orcid: "0000-0002-1825-0097" })],
      {
        publicationDate: { year: 2011, month: 1, day: 1 },
      },
    );
    expect(matches(inWindow, query)).toBe(true);
    expect(matches(outOfWindow, query)).toBe(false);
    expect(matches(byNameElsewhere, query)).toBe(false);
    expect(matches(byOrcidOnly, query)).toBe(true);
    expect(translateTerm(parseTerm(query))).toBe(
      '("0000-0002-1825-0097"[auid] OR (("carberry j"[Author] OR "carberry josiah"[Author]) AND ("brown university"[Affiliation] OR "providence"[Affiliation]))) AND 2011/01/01:2013/12/31[Date - Publication]',
    );
  });
});

describe("sandbox query syntax errors", () => {
  it.each([
    ["", "Empty term"],
    ["   ", "Empty term"],
    ['("Smith J"[au]', 'Missing ")"'],
    ['"Smith J"[au])', 'Unbalanced ")"'],
    ['"Smith J"[au] AND', "nothing on its right"],
    ['AND "Smith J"[au]', "nothing on its left"],
    ['"Smith J"[au] OR AND "Lee J"[au]', "nothing on its right"],
    ['"Smith J[au]', "Unterminated quoted phrase"],
    ['"Smith J"[au', "Unterminated field tag"],
    ['"Smith J"[xyz]', "Unknown field tag [xyz]"],
    ["()", "Empty parentheses"],
    ['"last year"[dp]', "is not a date"],
    ['"2013/13/01"[dp]', "is not a date"],
    ['"2011"[dp] : ', "no upper bound"],
    ['"Smith"[au] : "Lee"[au]', "Only dates can be ranges"],
    ['""[au]', "Empty phrase"],
  ])("refuses %j", (query, message) => {
    expect(() => parseTerm(query)).toThrow(TermSyntaxError);
    expect(() => parseTerm(query)).toThrow(message);
  });
});

describe("sandbox article index", () => {
  const division = generateDivision({ facultyCount: 12, seed: 11 });
  const index = new ArticleIndex(division.articles);

  it("finds exactly what the reference matcher finds, most recent PMID first", () => {
    const queries = [
      ...division.faculty.map((row) => `"${row.last_name} ${row.first_name.charAt(0)}"[au]`),
      ...division.faculty
        .filter((row) => row.orcid)
        .map((row) => `"${row.orcid}"[auid] OR "${row.last_name}"[au] NOT 2015[dp]`),
      `"${division.institution}"[ad] AND ("2011/01/01"[dp] : "2013/12/31"[dp])`,
      `letter[pt] OR editorial[pt] AND "${division.institution}"[ad]`,
      "hypertension OR diabetes[ti]",
    ];
    for (const query of queries) {
      const tree = parseTerm(query);
      const expected = division.articles
        .filter((record) => matchesTerm(record, tree))
        .map((record) => record.pmid)
        .sort((x, y) => Number(y) - Number(x));
      expect(index.search(tree), query).toEqual(expected);
    }
  });

  it("can order by publication date instead", () => {
    const ids = index.search(parseTerm(`"${division.institution}"[ad]`), "pub_date");
    const dates = ids.map((id) => {
      const date = division.articles.find((record) => record.pmid === id)!.publicationDate!;
      return date.year * 10000 + (date.month ?? 1) * 100 + (date.day ?? 1);
    });
    expect(dates.length).toBeGreaterThan(10);
    expect([...dates].sort((x, y) => y - x)).toEqual(dates);
  });
});
