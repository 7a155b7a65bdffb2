import { describe, expect, it } from "vitest";
import { evidenceKinds, scoreRecords as score } from "../helpers/score-records.ts";
import { journalArticle, medlineAuthor } from "../helpers/pubmed-record.ts";
import type { FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import type { KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

// Small records of our own: Anna K Lindqvist of Northfield University, her roster twin, and another
// Anna K Lindqvist at Northfield who writes with a team of her own.

const author = medlineAuthor;

let pmid = 35_000_000;
function article(authors: PubmedAuthor[], year = 2016): PubmedArticleRecord {
  pmid += 1;
  return journalArticle({
    pmid: String(pmid),
    title: "Hypertension control in primary care: a cohort study.",
    journal: "Journal of General Clinical Medicine",
    journalAbbreviation: "J Gen Clin Med",
    issn: "1522-8143",
    publicationDate: { year },
    authors,
    meshHeadings: ["Hypertension", "Primary Health Care"],
  });
}

const ORCID = "0000-0002-1825-0097";
const HOME = "Division of General Internal Medicine, Northfield University, Northfield, MN, USA.";

const base: FacultyProfileInput = {
  id: "F001",
  lastName: "Lindqvist",
  firstName: "Anna",
  middleName: "K",
  orcid: ORCID,
  affiliationTerms: ["Northfield University"],
  division: "General Internal Medicine",
  email: "anna.lindqvist@northfield.edu",
  hireDate: "2010-07-01",
  colleagues: [{ id: "F003", lastName: "Okafor", firstName: "Adaeze" }],
};

const hers = [author("Ruiz", "Marta"), author("Kowalski", "Piotr"), author("Haddad", "Samir")];

describe("roster twins who write with the same people", () => {
  // Two roster members named Anna Lindqvist in one division; F001 has an ORCID record.
  const twin: FacultyProfileInput = {
    ...base,
    middleName: null,
    colleagues: [{ id: "F002", lastName: "Lindqvist", firstName: "Anna", middleName: null }],
  };
  const annaPlain = (fields: Partial<PubmedAuthor> = {}): PubmedAuthor => author("Lindqvist", "Anna", fields);
  const works = (count: number): KnownItem[] =>
    Array.from({ length: count }, () => ({
      record: article([annaPlain({ affiliations: [HOME] }), ...hers]),
      via: "orcid" as const,
    }));
  // Two records with two of her collaborators, and two others: separated by co-authors.
  const joint = [0, 1].map(() =>
    article([
      annaPlain(),
      author("Ruiz", "Marta"),
      author("Kowalski", "Piotr"),
      author("Tanaka", "Hiroshi"),
      author("Bauer", "Klaus"),
    ]),
  );
  // A paper with one of those others (one shared co-author joins no cluster): the twin's, or
  // hers with someone met on the joint ones.
  const others = article([annaPlain(), author("Tanaka", "Hiroshi"), author("Stranger", "Sam")]);

  it("with ten records of her own, takes no collaborators from records her co-authors lifted", () => {
    const [first, second, other] = score(twin, [...joint, others], works(10));
    expect(first!.status).toBe("accepted");
    expect(second!.status).toBe("accepted");
    // Tanaka is on two lifted records, which would otherwise anchor this one in the
    // next round: the twin may write with her collaborators too, and these may be the twin's.
    expect(other!.status).toBe("pending");
    expect(other!.evidence.find((piece) => piece.kind === "coauthors_shared")).toBeUndefined();
    expect(other!.evidence.find((piece) => piece.indistinguishableFrom)!.indistinguishableFrom).toBe(
      "Anna Lindqvist (F002)",
    );
  });

  it("with few records of her own, still learns her collaborators from the records they lifted", () => {
    const [, , other] = score(twin, [...joint, others], works(4));
    expect(other!.status).toBe("accepted");
    expect(other!.evidence.find((piece) => piece.kind === "coauthors_shared")!.items).toEqual(
      joint.map((record) => record.pmid),
    );
  });
});

describe("another author of the name at home, in a team of their own", () => {
  const anna = (fields: Partial<PubmedAuthor> = {}): PubmedAuthor => author("Lindqvist", "Anna K", fields);
  // Her ORCID-bearing records, with her collaborators.
  const own = Array.from({ length: 8 }, () =>
    article([anna({ orcid: ORCID, affiliations: [HOME] }), ...hers]),
  );
  const team = [author("Tanaka", "Hiroshi"), author("Bauer", "Klaus"), author("Moreau", "Claire")];
  const teamRecords = [2015, 2017, 2019].map((year) =>
    article([anna({ affiliations: [HOME] }), ...team], year),
  );
  const withHers = article([
    anna({ affiliations: [HOME] }),
    author("Ruiz", "Marta"),
    author("Nobody", "Ned"),
  ]);
  const alone = article([anna({ affiliations: [HOME] }), author("Stranger", "Sam")]);

  it("holds home records of a team none of her own records' co-authors writes with", () => {
    const results = score(base, [...own, ...teamRecords, withHers, alone]);
    for (const link of results.slice(8, 11)) {
      expect(link.status).toBe("pending");
      const home = link.evidence.find((piece) => piece.kind === "affiliation_other_team")!;
      expect(home.anchor).toBeFalsy();
      expect(home.reason).toContain("another author of this name at home");
      expect(evidenceKinds(link)).not.toContain("affiliation_match");
    }
    // Her own home records still anchor on the affiliation, with her collaborators or alone.
    expect(results[11]!.status).toBe("accepted");
    expect(results[12]!.status).toBe("accepted");
    expect(evidenceKinds(results[12]!)).toContain("affiliation_match");
  });

  it("still holds such a team when one of its records meets one of her co-authors by chance", () => {
    const bigTeam = [2012, 2013, 2014, 2015, 2016].map((year) =>
      article([anna({ affiliations: [HOME] }), ...team], year),
    );
    // One of the team's papers has a long author list that happens to include her collaborator.
    const chance = article([anna({ affiliations: [HOME] }), ...team, author("Ruiz", "Marta")], 2018);
    const results = score(base, [...own, ...bigTeam, chance]);
    // (That paper itself is hers to claim through her collaborator; the team's others are not.)
    for (const link of results.slice(8, 13)) {
      expect(link.status).toBe("pending");
      expect(evidenceKinds(link)).toContain("affiliation_other_team");
    }
  });

  it("needs enough of her own records to know her collaborators", () => {
    const results = score(base, [...own.slice(0, 7), ...teamRecords]);
    for (const link of results.slice(7)) expect(link.status).toBe("accepted");
  });
});
