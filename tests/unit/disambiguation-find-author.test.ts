/**
 * Which author of a PubMed record is the person, and what the name, ORCID and affiliation on that
 * author say, as scoring decides it on the record alone (src/disambiguation: the one matcher).
 */
import { describe, expect, it } from "vitest";
import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import { scoreFacultyArticles } from "../../src/disambiguation/score-articles.ts";
import { foldName, parsePersonName } from "../../src/identity/names.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

function author(fields: Partial<PubmedAuthor>): PubmedAuthor {
  return { affiliations: [], equalContribution: false, valid: true, ...fields };
}

function article(authors: PubmedAuthor[]): PubmedArticleRecord {
  return {
    kind: "article",
    pmid: "10000001",
    title: "A study",
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors,
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
  };
}

const nunez: FacultyProfileInput = {
  id: "F1",
  orcid: "0000-0002-1825-0097",
  lastName: "Núñez",
  firstName: "María",
  middleName: "José",
  nameVariants: ["Garcia, Maria J"],
  affiliationTerms: ["Northfield University", "Department of Medicine"],
};

const coauthor = author({ lastName: "Smith", foreName: "Alan", initials: "A" });

/** The link as scoring decides it on the record alone (no other items known). */
function matchFacultyAuthor(faculty: FacultyProfileInput, record: PubmedArticleRecord) {
  const [score] = scoreFacultyArticles(buildFacultyProfile(faculty), [{ record }], {
    accepted: [],
    rejected: [],
  });
  return score!;
}

describe("finding the person among a record's authors", () => {
  it("accepts the author who carries the faculty member's ORCID and records their position", () => {
    const match = matchFacultyAuthor(
      nunez,
      article([
        coauthor,
        author({ lastName: "Nunez", foreName: "M", initials: "M", orcid: "0000-0002-1825-0097" }),
      ]),
    );
    expect(match.status).toBe("accepted");
    expect(match.authorIndex).toBe(1);
    expect(match.authorPosition).toBe("last");
    expect(match.evidence.map((e) => e.kind)).toContain("orcid_match");
  });

  it("takes the author whose full name, middle initial and affiliation agree", () => {
    const match = matchFacultyAuthor(
      nunez,
      article([
        author({
          lastName: "Núñez",
          foreName: "María José",
          initials: "MJ",
          affiliations: ["Department of Medicine, Northfield University, Northfield, MN"],
        }),
        coauthor,
      ]),
    );
    expect(match.authorIndex).toBe(0);
    expect(match.authorPosition).toBe("first");
    expect(match.evidence.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["full_first_name", "middle_initial_agrees", "affiliation_match"]),
    );
  });

  it("folds diacritics so that Nunez M matches Núñez María", () => {
    const match = matchFacultyAuthor(
      nunez,
      article([author({ lastName: "Nunez", foreName: "M", initials: "M" })]),
    );
    expect(match.authorIndex).toBe(0);
    expect(match.authorPosition).toBe("sole");
  });

  it("matches through a recorded name variant", () => {
    const match = matchFacultyAuthor(
      nunez,
      article([coauthor, author({ lastName: "Garcia", foreName: "Maria J", initials: "MJ" }), coauthor]),
    );
    expect(match.authorIndex).toBe(1);
    expect(match.authorPosition).toBe("middle");
    expect(match.evidence.map((e) => e.kind)).toContain("name_variant");
  });

  it("scores an author elsewhere, with another middle initial, below one at home", () => {
    const home = matchFacultyAuthor(
      nunez,
      article([
        author({
          lastName: "Nunez",
          foreName: "Maria J",
          initials: "MJ",
          affiliations: ["Northfield University"],
        }),
      ]),
    );
    const elsewhere = matchFacultyAuthor(
      nunez,
      article([
        author({
          lastName: "Nunez",
          foreName: "Maria L",
          initials: "ML",
          affiliations: ["Hospital General, Madrid"],
        }),
      ]),
    );
    expect(home.score).toBeGreaterThan(elsewhere.score);
    expect(elsewhere.evidence.map((e) => e.kind)).toEqual(
      expect.arrayContaining(["middle_initial_conflict", "affiliation_elsewhere"]),
    );
  });

  it("rejects an author with a different spelled-out first name", () => {
    const match = matchFacultyAuthor(
      nunez,
      article([author({ lastName: "Nunez", foreName: "Marcos", initials: "M" })]),
    );
    expect(match.status).toBe("rejected");
    expect(match.evidence.map((e) => e.kind)).toContain("first_name_conflict");
  });

  it("counts a different ORCID on the matched author against the match", () => {
    const match = matchFacultyAuthor(
      nunez,
      article([
        author({ lastName: "Nunez", foreName: "Maria", initials: "M", orcid: "0000-0001-5109-3700" }),
      ]),
    );
    expect(match.status).not.toBe("accepted");
    expect(match.score).toBe(0);
    expect(match.evidence.map((e) => e.kind)).toContain("orcid_conflict");
  });

  it("records equal contribution of the matched author", () => {
    const match = matchFacultyAuthor(
      nunez,
      article([
        author({ lastName: "Nunez", foreName: "Maria", initials: "M", equalContribution: true }),
        coauthor,
      ]),
    );
    expect(match.equalContribution).toBe(true);
  });

  it("skips collective authors", () => {
    const match = matchFacultyAuthor(nunez, article([author({ collectiveName: "Nunez Study Group" })]));
    expect(match.authorIndex).toBeUndefined();
    expect(match.evidence[0]!.kind).toBe("no_author_matched");
  });
});

describe("names", () => {
  it("folds letters that Unicode does not decompose", () => {
    expect(foldName("Søren Łukasz-Straße")).toBe("soren lukasz strasse");
  });
  it("reads 'Last, First Middle' and 'First Middle Last'", () => {
    expect(parsePersonName("Garcia, Maria J.")).toEqual({ last: "Garcia", given: ["Maria", "J"] });
    expect(parsePersonName("Maria J Garcia")).toEqual({ last: "Garcia", given: ["Maria", "J"] });
  });
});

describe("name variants written PubMed's way", () => {
  it("reads 'Doe JQ' as surname Doe with initials J Q, and drops suffixes", () => {
    expect(parsePersonName("Doe JQ")).toEqual({ last: "Doe", given: ["J", "Q"] });
    expect(parsePersonName("Martin Luther King Jr.")).toEqual({ last: "King", given: ["Martin", "Luther"] });
    expect(parsePersonName("King, Martin L, Jr")).toEqual({ last: "King", given: ["Martin", "L"] });
  });

  it("matches an author through a PubMed-style variant", () => {
    const faculty: FacultyProfileInput = {
      id: "F2",
      lastName: "Roe",
      firstName: "Jane",
      nameVariants: ["Doe JQ"],
      affiliationTerms: [],
    };
    const match = matchFacultyAuthor(
      faculty,
      article([author({ lastName: "Doe", foreName: "J Q", initials: "JQ" })]),
    );
    expect(match.authorIndex).toBe(0);
    expect(match.evidence.map((e) => e.kind)).toContain("name_variant");
  });
});
