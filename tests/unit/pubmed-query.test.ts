import { describe, expect, it } from "vitest";
import { matchesTerm, parseTerm } from "../../sandbox/servers/term.ts";
import {
  buildAuthorQuery,
  dateClause,
  DEFAULT_QUERY_SCOPE,
  parseNameVariant,
  QUERY_SCOPES,
  QueryBuildError,
  withDateRange,
  type FacultyNames,
  type QueryScope,
} from "../../src/sources/pubmed/query.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { foldDiacritics } from "../../src/identity/names.ts";

const carberry: FacultyNames = {
  orcid: "0000-0002-1825-0097",
  lastName: "Carberry",
  firstName: "Josiah",
  middleName: "Stinkney",
  nameVariants: [],
  affiliationTerms: ["Brown University", "Providence"],
};

describe("buildAuthorQuery", () => {
  it("ORs the ORCID with the name forms ANDed with the affiliation terms, in the affiliation scope", () => {
    expect(buildAuthorQuery(carberry, { scope: "affiliation" })).toBe(
      '("0000-0002-1825-0097"[auid] OR (("Carberry J"[au] OR "Carberry JS"[au] OR "Carberry Josiah"[au]) ' +
        'AND ("Brown University"[ad] OR "Providence"[ad])))',
    );
  });

  it("searches by name and affiliation alone when the ORCID is not known, in the affiliation scope", () => {
    for (const orcid of [undefined, null, ""]) {
      expect(buildAuthorQuery({ ...carberry, orcid }, { scope: "affiliation" })).toBe(
        '(("Carberry J"[au] OR "Carberry JS"[au] OR "Carberry Josiah"[au]) AND ("Brown University"[ad] OR "Providence"[ad]))',
      );
    }
  });

  it("also takes the full name wherever the author was, in the broad scope (the default)", () => {
    const broad =
      '("0000-0002-1825-0097"[auid] OR ("Carberry Josiah"[au]) OR (("Carberry J"[au] OR "Carberry JS"[au]) ' +
      'AND ("Brown University"[ad] OR "Providence"[ad])))';
    expect(DEFAULT_QUERY_SCOPE).toBe("broad");
    expect(buildAuthorQuery(carberry)).toBe(broad);
    expect(buildAuthorQuery(carberry, { scope: "broad" })).toBe(broad);
    expect(buildAuthorQuery({ ...carberry, orcid: null })).toBe(
      '(("Carberry Josiah"[au]) OR (("Carberry J"[au] OR "Carberry JS"[au]) ' +
        'AND ("Brown University"[ad] OR "Providence"[ad])))',
    );
  });

  it("adds every spelled-out first name of the variants to the broad scope, but no initials alone", () => {
    const query = buildAuthorQuery(
      { ...carberry, orcid: null, nameVariants: ["Carberry-Smith, Josiah S.", "J. S. Carberry"] },
      { scope: "broad" },
    );
    expect(query).toBe(
      '(("Carberry Josiah"[au] OR "Carberry-Smith Josiah"[au]) OR (("Carberry J"[au] OR "Carberry JS"[au] OR ' +
        '"Carberry-Smith J"[au] OR "Carberry-Smith JS"[au]) AND ("Brown University"[ad] OR "Providence"[ad])))',
    );
    // A first name written as an initial has no full-name form: the broad scope adds nothing.
    expect(buildAuthorQuery({ ...carberry, firstName: "J.", nameVariants: [] }, { scope: "broad" })).toBe(
      buildAuthorQuery({ ...carberry, firstName: "J.", nameVariants: [] }, { scope: "affiliation" }),
    );
  });

  it("searches by the names alone in either scope when there are no affiliation terms", () => {
    for (const scope of QUERY_SCOPES) {
      expect(buildAuthorQuery({ ...carberry, orcid: null, affiliationTerms: [] }, { scope })).toBe(
        '("Carberry J"[au] OR "Carberry JS"[au] OR "Carberry Josiah"[au])',
      );
    }
  });

  it("finds in the sandbox what each scope promises: the broad one also the full name elsewhere", () => {
    const record = (foreName: string, affiliation: string): PubmedArticleRecord => ({
      kind: "article",
      pmid: String(10_000_000 + foreName.length + affiliation.length),
      title: "A study",
      languages: ["eng"],
      publicationTypes: ["Journal Article"],
      authors: [
        {
          lastName: "Carberry",
          foreName,
          initials: foreName.replace(/[^A-Z]/g, ""),
          affiliations: affiliation ? [affiliation] : [],
          equalContribution: false,
          valid: true,
        },
      ],
      grants: [],
      commentsCorrections: [],
      meshHeadings: [],
      keywords: [],
    });
    const names = { ...carberry, orcid: null };
    const cases: Array<[PubmedArticleRecord, boolean, boolean]> = [
      [record("Josiah S", "Brown University, Providence, RI"), true, true],
      [record("Josiah S", ""), false, true],
      [record("Josiah", "Elsewhere University"), false, true],
      [record("J S", ""), false, false],
      [record("Jane", "Elsewhere University"), false, false],
    ];
    for (const [article, byAffiliation, broad] of cases) {
      const found = (scope: QueryScope): boolean =>
        matchesTerm(article, parseTerm(buildAuthorQuery(names, { scope })));
      expect(found("affiliation"), article.authors[0]!.foreName).toBe(byAffiliation);
      expect(found("broad"), article.authors[0]!.foreName).toBe(broad);
    }
  });

  it("uses the names alone when there are no affiliation terms", () => {
    expect(buildAuthorQuery({ ...carberry, orcid: null, affiliationTerms: [] })).toBe(
      '("Carberry J"[au] OR "Carberry JS"[au] OR "Carberry Josiah"[au])',
    );
    expect(buildAuthorQuery({ ...carberry, affiliationTerms: ["  "] })).toBe(
      '("0000-0002-1825-0097"[auid] OR ("Carberry J"[au] OR "Carberry JS"[au] OR "Carberry Josiah"[au]))',
    );
  });

  it("writes the ORCID in canonical form whatever form the roster used", () => {
    expect(buildAuthorQuery({ ...carberry, orcid: "https://orcid.org/0000-0002-1825-0097" })).toMatch(
      /^\("0000-0002-1825-0097"\[auid\] OR /,
    );
  });

  it("refuses an ORCID iD that is not one, and a missing name, as permanent problems", () => {
    expect(() => buildAuthorQuery({ ...carberry, orcid: "12345" })).toThrow(QueryBuildError);
    expect(() => buildAuthorQuery({ ...carberry, firstName: " " })).toThrow(/last name and a first name/);
    expect(() => buildAuthorQuery({ ...carberry, lastName: "" })).toThrow(QueryBuildError);
    expect(new QueryBuildError("any").transient).toBe(false);
  });

  it("writes one initial when there is no middle name, without repeating it", () => {
    expect(buildAuthorQuery({ ...carberry, orcid: null, middleName: null, affiliationTerms: [] })).toBe(
      '("Carberry J"[au] OR "Carberry Josiah"[au])',
    );
  });

  it("adds each name variant's forms, in either written order", () => {
    const query = buildAuthorQuery({
      ...carberry,
      orcid: null,
      affiliationTerms: [],
      nameVariants: ["Carberry-Smith, Josiah S.", "Jo S Carberry"],
    });
    expect(query).toBe(
      '("Carberry J"[au] OR "Carberry JS"[au] OR "Carberry Josiah"[au] OR "Carberry-Smith J"[au] OR ' +
        '"Carberry-Smith JS"[au] OR "Carberry-Smith Josiah"[au] OR "Carberry Jo"[au])',
    );
  });

  it("keeps diacritics as written and adds the folded spelling", () => {
    const query = buildAuthorQuery({
      lastName: "Muñoz",
      firstName: "Émile",
      nameVariants: ["Søren Kierkegaard"],
      affiliationTerms: ["Universität Zürich"],
    });
    expect(query).toBe(
      '(("Muñoz Émile"[au] OR "Munoz Emile"[au] OR "Kierkegaard Søren"[au] OR "Kierkegaard Soren"[au]) OR ' +
        '(("Muñoz É"[au] OR "Munoz E"[au] OR "Kierkegaard S"[au]) AND ("Universität Zürich"[ad] OR "Universitat Zurich"[ad])))',
    );
  });

  it("removes double quotes from every term so that none can end a phrase early", () => {
    const query = buildAuthorQuery({
      lastName: 'O"Brien',
      firstName: '"Pat"',
      nameVariants: [],
      affiliationTerms: ['The "Best" Hospital'],
    });
    expect(query).toBe('(("OBrien Pat"[au]) OR (("OBrien P"[au]) AND ("The Best Hospital"[ad])))');
    // Every quote opens or closes a phrase.
    expect(query.match(/"[^"]*"\[\w+\]/g)).toHaveLength(3);
  });

  it("lists each form once however many variants produce it", () => {
    const query = buildAuthorQuery({
      ...carberry,
      orcid: null,
      affiliationTerms: [],
      nameVariants: ["Carberry, Josiah S", "Josiah Stinkney Carberry", "carberry, josiah"],
    });
    expect(query).toBe('("Carberry J"[au] OR "Carberry JS"[au] OR "Carberry Josiah"[au])');
  });
});

describe("parseNameVariant", () => {
  it("reads 'Last, First Middle'", () => {
    expect(parseNameVariant("van der Berg, Anna Maria")).toEqual({
      last: "van der Berg",
      initials: "AM",
      first: "Anna",
    });
  });

  it("reads 'First Middle Last', setting aside a suffix", () => {
    expect(parseNameVariant("Jean-Pierre K. Dupont Jr.")).toEqual({
      last: "Dupont",
      initials: "JPK",
      first: "Jean-Pierre",
    });
  });

  it("reads PubMed's own 'Last FM' form", () => {
    expect(parseNameVariant("Doe JQ")).toEqual({ last: "Doe", initials: "JQ" });
    expect(parseNameVariant("De La Cruz M")).toEqual({ last: "De La Cruz", initials: "M" });
  });

  it("ignores a variant with no given name", () => {
    expect(parseNameVariant("Carberry")).toBeUndefined();
    expect(parseNameVariant("Carberry, ")).toBeUndefined();
    expect(parseNameVariant("  ")).toBeUndefined();
  });
});

describe("foldDiacritics", () => {
  it("folds marks and the letters Unicode does not decompose", () => {
    expect(foldDiacritics("Núñez Łukasz Ørsted Straße Æbelø")).toBe("Nunez Lukasz Orsted Strasse Aebelo");
  });
});

describe("dateClause", () => {
  it("spans whole years when only years are given", () => {
    expect(dateClause({ year: 2011 }, { year: 2013 })).toBe('("2011/01/01"[dp] : "2013/12/31"[dp])');
  });

  it("spans whole months, leap days included", () => {
    expect(dateClause({ year: 2012, month: 2 }, { year: 2012, month: 2 })).toBe(
      '("2012/02/01"[dp] : "2012/02/29"[dp])',
    );
    expect(dateClause({ year: 2013, month: 2 }, { year: 2013, month: 2 })).toBe(
      '("2013/02/01"[dp] : "2013/02/28"[dp])',
    );
  });

  it("keeps exact days", () => {
    expect(dateClause({ year: 2014, month: 7, day: 4 }, { year: 2014, month: 7, day: 4 })).toBe(
      '("2014/07/04"[dp] : "2014/07/04"[dp])',
    );
  });

  it("refuses a range that ends before it starts, and dates that do not exist", () => {
    expect(() => dateClause({ year: 2014 }, { year: 2013 })).toThrow(/starts after it ends/);
    expect(() => dateClause({ year: 2013, month: 2, day: 29 }, { year: 2014 })).toThrow(
      /not a calendar date/,
    );
    expect(() => dateClause({ year: 2013, month: 13 }, { year: 2014 })).toThrow(RangeError);
  });
});

describe("withDateRange", () => {
  it("ANDs a grouped query with the date range without extra parentheses", () => {
    expect(withDateRange('("Carberry J"[au] OR "Carberry JS"[au])', { year: 2011 }, { year: 2013 })).toBe(
      '(("Carberry J"[au] OR "Carberry JS"[au]) AND ("2011/01/01"[dp] : "2013/12/31"[dp]))',
    );
  });

  it("groups a query that is not one group before ANDing it", () => {
    expect(withDateRange('"Carberry J"[au] OR "Doe J"[au]', { year: 2011 }, { year: 2011 })).toBe(
      '(("Carberry J"[au] OR "Doe J"[au]) AND ("2011/01/01"[dp] : "2011/12/31"[dp]))',
    );
    expect(withDateRange('("A"[au]) OR ("B"[au])', { year: 2011 }, { year: 2011 })).toBe(
      '((("A"[au]) OR ("B"[au])) AND ("2011/01/01"[dp] : "2011/12/31"[dp]))',
    );
  });
});
