/**
 * A search asking for many people at once hands each record to the people whose own search would
 * have found it. The reading of a person's query (src/sources/pubmed/match-query.ts) is checked
 * against the sandbox's model of PubMed (sandbox/servers/term.ts) over a generated division, and
 * the OR of several people's terms against the union of their own searches.
 */
import { describe, expect, it } from "vitest";
import { generateDivision } from "../../sandbox/division/index.ts";
import { matchesTerm, parseTerm, prepareArticle } from "../../sandbox/servers/term.ts";
import { matchesAuthorQuery, recordAuthors } from "../../src/sources/pubmed/match-query.ts";
import {
  amongPmids,
  anyOf,
  authorQuery,
  buildAuthorQuery,
  writeAuthorQuery,
  type AuthorQuery,
  type QueryScope,
} from "../../src/sources/pubmed/query.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { rosterNames } from "../helpers/roster-names.ts";
import { journalArticle } from "../helpers/pubmed-record.ts";

const division = generateDivision({ facultyCount: 40, seed: 71 });

function queryOf(row: (typeof division.faculty)[number], scope: QueryScope): AuthorQuery {
  return authorQuery(rosterNames(row), { scope });
}

const prepared = division.articles.map((article) => ({
  article,
  prepared: prepareArticle(article),
  authors: recordAuthors(article),
}));

describe("which people's searches a record answers", () => {
  for (const scope of ["affiliation", "broad"] as const) {
    it(`reads each person's query as PubMed does, record by record (${scope} scope)`, () => {
      let matched = 0;
      const disagreements: string[] = [];
      for (const row of division.faculty) {
        const query = queryOf(row, scope);
        const term = parseTerm(writeAuthorQuery(query));
        for (const { article, prepared: ready, authors } of prepared) {
          const pubmed = matchesTerm(ready, term);
          if (matchesAuthorQuery(query, authors) !== pubmed)
            disagreements.push(`${row.faculty_id} ${article.pmid}`);
          if (pubmed) matched += 1;
        }
      }
      expect(disagreements).toEqual([]);
      // The division's people have papers: the comparison is not between two empty sets.
      expect(matched).toBeGreaterThan(division.faculty.length);
    });
  }

  it("writes the parts as buildAuthorQuery always has", () => {
    for (const row of division.faculty) {
      const names = rosterNames(row, false);
      expect(writeAuthorQuery(authorQuery(names))).toBe(buildAuthorQuery(names));
    }
  });

  it("an ORCID iD on the record finds its holder whatever name the paper gives", () => {
    const query: AuthorQuery = { orcid: "0000-0002-1825-0097", anywhere: ["Carberry Josiah"] };
    const article = withAuthors([{ lastName: "Someone", foreName: "Else", orcid: "0000-0002-1825-0097" }]);
    expect(matchesAuthorQuery(query, recordAuthors(article))).toBe(true);
    expect(matchesAuthorQuery({ ...query, orcid: "0000-0001-5109-3700" }, recordAuthors(article))).toBe(
      false,
    );
  });

  it("a name with initials needs an affiliation term somewhere on the record", () => {
    const query: AuthorQuery = {
      anywhere: [],
      withAffiliation: { names: ["Carberry J", "Carberry JS"], affiliations: ["Brown University"] },
    };
    const elsewhere = withAuthors([
      { lastName: "Carberry", foreName: "Josiah S", affiliations: ["Yale, New Haven"] },
    ]);
    const atBrown = withAuthors([
      { lastName: "Carberry", foreName: "J", affiliations: [] },
      { lastName: "Other", foreName: "A", affiliations: ["Brown University, Providence, RI"] },
    ]);
    expect(matchesAuthorQuery(query, recordAuthors(elsewhere))).toBe(false);
    expect(matchesAuthorQuery(query, recordAuthors(atBrown))).toBe(true);
  });
});

describe("several people's terms in one search", () => {
  it("finds what each person's own search finds, together", () => {
    const rows = division.faculty.slice(0, 12);
    const terms = rows.map((row) => writeAuthorQuery(queryOf(row, "broad")));
    const joint = parseTerm(anyOf(terms));
    const own = terms.map((term) => parseTerm(term));
    for (const { article, prepared: ready } of prepared) {
      const anyone = own.some((term) => matchesTerm(ready, term));
      expect(matchesTerm(ready, joint), article.pmid).toBe(anyone);
    }
  });

  it("limited to some PMIDs, finds only those of them its terms match", () => {
    const row = division.faculty.find((candidate) =>
      prepared.some(({ prepared: ready }) =>
        matchesTerm(ready, parseTerm(writeAuthorQuery(queryOf(candidate, "broad")))),
      ),
    )!;
    const term = writeAuthorQuery(queryOf(row, "broad"));
    const theirs = prepared.filter(({ prepared: ready }) => matchesTerm(ready, parseTerm(term)));
    const other = prepared.find(({ prepared: ready }) => !matchesTerm(ready, parseTerm(term)))!;
    const among = parseTerm(amongPmids(term, [theirs[0]!.article.pmid, other.article.pmid]));
    const found = prepared
      .filter(({ prepared: ready }) => matchesTerm(ready, among))
      .map(({ article }) => article.pmid);
    expect(found).toEqual([theirs[0]!.article.pmid]);
  });
});

function withAuthors(
  authors: Array<{ lastName: string; foreName: string; orcid?: string; affiliations?: string[] }>,
): PubmedArticleRecord {
  return journalArticle({
    pmid: "1",
    title: "A paper",
    authors: authors.map((author) => ({
      lastName: author.lastName,
      foreName: author.foreName,
      ...(author.orcid ? { orcid: author.orcid } : {}),
      affiliations: author.affiliations ?? [],
      equalContribution: false,
      valid: true,
    })),
  });
}
