import { describe, expect, it } from "vitest";
import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import { scoreFacultyArticles, type KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

// Ravi Menon of Northfield University, with works on his ORCID record (anchored items) and papers
// the search finds without an affiliation on him.

function author(lastName: string, foreName: string, fields: Partial<PubmedAuthor> = {}): PubmedAuthor {
  const initials = foreName
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join("");
  return { lastName, foreName, initials, affiliations: [], equalContribution: false, valid: true, ...fields };
}

let pmid = 33_000_000;
function article(authors: PubmedAuthor[], year = 2012, journal = "J Gen Clin Med"): PubmedArticleRecord {
  pmid += 1;
  return {
    kind: "article",
    pmid: String(pmid),
    title: "A study.",
    journal,
    journalAbbreviation: journal,
    publicationDate: { year },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors,
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
  };
}

const ravi: FacultyProfileInput = {
  id: "F001",
  lastName: "Menon",
  firstName: "Ravi",
  affiliationTerms: ["Northfield University"],
  division: "General Internal Medicine",
  hireDate: "2008-07-01",
};

const menon = (): PubmedAuthor => author("Menon", "Ravi");
const marwell = (): PubmedAuthor => author("Marwell", "Edith J");

/** Works on his ORCID record, each written with Marwell EJ and someone met once. */
function orcidWorks(count: number): KnownItem[] {
  return Array.from({ length: count }, (_, at) => {
    const record = article([menon(), marwell(), author(`Once${at}`, "Olga")], 2010 + at, `Journal ${at}`);
    return { pmid: record.pmid, record, authorIndex: 0, via: "orcid" as const };
  });
}

function coauthorLine(known: KnownItem[]) {
  const candidate = article([author("Stranger", "Sam"), menon(), marwell()], 2012, "Journal X");
  const links = scoreFacultyArticles(
    buildFacultyProfile(ravi),
    [...known.map((item) => ({ record: item.record! })), { record: candidate }],
    { accepted: known, rejected: [] },
  );
  return links.find((link) => link.pmid === candidate.pmid)!.evidence.find((piece) => piece.kind === "coauthors_shared");
}

describe("a recurring co-author", () => {
  it("weighs more on three distinct anchored items than on two", () => {
    expect(coauthorLine(orcidWorks(2))!.weight).toBe(15);
    const three = coauthorLine(orcidWorks(3))!;
    expect(three.weight).toBe(20);
    expect(three.reason).toContain("Marwell EJ on 3 of their anchored items");
    expect(three.anchor).toBe(true);
  });
});

describe("past employers", () => {
  it("takes no department alone for a past employer: every institution has one", () => {
    const profile = buildFacultyProfile({
      ...ravi,
      orcidAffiliationTerms: ["University of Westmark", "Department of Medical Education"],
      employments: [
        {
          organization: "University of Westmark",
          department: "Department of Medical Education",
          startYear: 2001,
          endYear: 2008,
        },
      ],
    });
    expect(profile.pastPositions.map((position) => position.term)).toEqual(["University of Westmark"]);
    const elsewhere = article(
      [author("Menon", "Ravi", { affiliations: ["Department of Medical Education, Eastbrook College, Eastbrook, VT, USA."] })],
      2005,
    );
    const [link] = scoreFacultyArticles(profile, [{ record: elsewhere }], { accepted: [], rejected: [] });
    expect(link!.evidence.map((piece) => piece.kind)).not.toContain("affiliation_past");
    expect(link!.status).not.toBe("accepted");
  });
});
