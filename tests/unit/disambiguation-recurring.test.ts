import { describe, expect, it } from "vitest";
import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import { scoreFacultyArticles, type KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { medlineAuthor, numberedArticles } from "../helpers/pubmed-record.ts";
import { raviMenon } from "../helpers/faculty-profile.ts";

// Ravi Menon of Northfield University, with works on his ORCID record (anchored items) and papers
// the search finds without an affiliation on him.

const author = medlineAuthor;

const article = numberedArticles(33_000_000, 2012);

const ravi = raviMenon;

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
  return links
    .find((link) => link.pmid === candidate.pmid)!
    .evidence.find((piece) => piece.kind === "coauthors_shared");
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
      [
        author("Menon", "Ravi", {
          affiliations: ["Department of Medical Education, Eastbrook College, Eastbrook, VT, USA."],
        }),
      ],
      2005,
    );
    const [link] = scoreFacultyArticles(profile, [{ record: elsewhere }], { accepted: [], rejected: [] });
    expect(link!.evidence.map((piece) => piece.kind)).not.toContain("affiliation_past");
    expect(link!.status).not.toBe("accepted");
  });
});

/** Records of other Ravi Menons, after his hire, at three institutions he never worked at. */
function namesakesElsewhere(extra: PubmedAuthor[] = []): PubmedArticleRecord[] {
  return [
    "Eastbrook College, Eastbrook, VT, USA.",
    "Westfield University, Westfield, OR, USA.",
    "Southport Hospital, Southport, ME, USA.",
  ].map((place, at) =>
    article(
      [author("Menon", "Ravi", { affiliations: [place] }), author(`Far${at}`, "Fay"), ...extra],
      2015 + at,
    ),
  );
}

function scoreWith(input: FacultyProfileInput, known: KnownItem[], others: PubmedArticleRecord[]) {
  return scoreFacultyArticles(
    buildFacultyProfile(input),
    [...known.map((item) => ({ record: item.record! })), ...others.map((record) => ({ record }))],
    { accepted: known, rejected: [] },
  );
}

describe("a collaborator of a common name", () => {
  const worksWith = (coauthor: () => PubmedAuthor, count: number, offset = 0): KnownItem[] =>
    Array.from({ length: count }, (_, at) => {
      const record = article(
        [menon(), coauthor(), author(`Once${offset + at}`, "Olga")],
        2009 + at,
        `Journal ${offset + at}`,
      );
      return { pmid: record.pmid, record, authorIndex: 0, via: "orcid" as const };
    });
  const alone = (count: number, offset: number): KnownItem[] =>
    Array.from({ length: count }, (_, at) => {
      const record = article(
        [menon(), author(`Solo${offset + at}`, "Sid")],
        2009 + at,
        `Journal ${offset + at}`,
      );
      return { pmid: record.pmid, record, authorIndex: 0, via: "orcid" as const };
    });
  const lineFor = (known: KnownItem[], coauthor: () => PubmedAuthor) => {
    const candidate = article([author("Stranger", "Sam"), menon(), coauthor()], 2012, "Journal X");
    return scoreWith(ravi, known, [candidate])
      .find((link) => link.pmid === candidate.pmid)!
      .evidence.find((piece) => piece.kind === "coauthors_shared")!;
  };

  it("is close on five items of a prolific person's when the surname is rare there, not when it is common", () => {
    // Five of 30 anchored items: under a fifth.
    const kroninen = (): PubmedAuthor => author("Kroninen", "Dalia");
    const rare = lineFor([...worksWith(kroninen, 5), ...alone(25, 100)], kroninen);
    expect(rare.weight).toBe(25);
    expect(rare.reason).toContain("a close collaborator");
    const wangY = (): PubmedAuthor => author("Wang", "Yi");
    const otherWangs = [author("Wang", "Li"), author("Wang", "Jun")].flatMap((wang, at) =>
      worksWith(() => wang, 1, 200 + at),
    );
    const common = lineFor([...worksWith(wangY, 5), ...otherWangs, ...alone(23, 300)], wangY);
    expect(common.weight).toBe(20);
    expect(common.reason).not.toContain("close collaborator");
  });
});

describe("one recurring collaborator, with other authors of the name about", () => {
  it("anchors a record without an affiliation on him when the collaborator writes with none of them", () => {
    const candidate = article([author("Stranger", "Sam"), menon(), marwell()], 2012, "Journal X");
    const links = scoreWith(ravi, orcidWorks(3), [...namesakesElsewhere(), candidate]);
    const line = links.find((link) => link.pmid === candidate.pmid)!.evidence;
    expect(line.find((piece) => piece.kind === "name_ambiguity")!.reason).toContain("about 3 other authors");
    expect(line.find((piece) => piece.kind === "coauthors_shared")!.anchor).toBe(true);
    expect(line.map((piece) => piece.kind)).not.toContain("unanchored");
  });

  it("does not anchor on a collaborator who writes with another author of the name too", () => {
    const candidate = article([author("Stranger", "Sam"), menon(), marwell()], 2012, "Journal X");
    const others = namesakesElsewhere();
    others[0]!.authors.push(marwell());
    const links = scoreWith(ravi, orcidWorks(3), [...others, candidate]);
    const shared = links
      .find((link) => link.pmid === candidate.pmid)!
      .evidence.find((piece) => piece.kind === "coauthors_shared")!;
    expect(shared.anchor).toBeUndefined();
    expect(shared.reason).toContain("Marwell EJ writes with another author of this name too");
  });
});

describe("a past employer nobody gave the years of", () => {
  const moved: FacultyProfileInput = { ...ravi, previousAffiliations: ["University of Westmark"] };
  const WESTMARK = "Department of Surgery, University of Westmark, Westmark, OH, USA.";
  const quill = (): PubmedAuthor => author("Quill", "Rhoda");
  const ostrova = (): PubmedAuthor => author("Ostrova", "Petra");
  const atWestmark = (year: number): PubmedArticleRecord =>
    article([author("Menon", "Ravi", { affiliations: [WESTMARK] }), quill(), ostrova()], year);

  it("anchors its own papers but lends their co-authors to no other paper while nothing else anchors their cluster", () => {
    const there = [atWestmark(2004), atWestmark(2005), atWestmark(2006)];
    const unplaced = article([author("Stranger", "Sam"), menon(), quill(), ostrova()], 2005);
    const links = scoreWith(moved, [], [...there, unplaced]);
    expect(links[0]!.status).toBe("accepted");
    const kinds = links[3]!.evidence.map((piece) => piece.kind);
    expect(kinds).not.toContain("coauthors_shared");
    expect(links[3]!.status).not.toBe("accepted");
  });

  it("lends them once a work on his ORCID record sits in the same cluster", () => {
    const there = [atWestmark(2004), atWestmark(2005), atWestmark(2006)];
    const own = article([menon(), quill(), ostrova()], 2007);
    const known: KnownItem[] = [{ pmid: own.pmid, record: own, authorIndex: 0, via: "orcid" }];
    const unplaced = article([author("Stranger", "Sam"), menon(), quill(), ostrova()], 2005);
    const links = scoreWith(moved, known, [...there, unplaced]);
    const shared = links
      .find((link) => link.pmid === unplaced.pmid)!
      .evidence.find((piece) => piece.kind === "coauthors_shared")!;
    expect(shared.items).toEqual(expect.arrayContaining(there.map((record) => record.pmid)));
  });
});

describe("a grant on his anchored items", () => {
  const withGrant = (count: number): KnownItem[] =>
    Array.from({ length: count }, (_, at) => {
      const record = article([menon(), author(`Once${at}`, "Olga")], 2010 + at, `Journal ${at}`);
      record.grants = [{ grantId: "R01 HL123456" }];
      return { pmid: record.pmid, record, authorIndex: 0, via: "orcid" as const };
    });
  const grantLine = (known: KnownItem[]) => {
    const candidate = article([author("Stranger", "Sam"), menon()], 2012, "Journal X");
    candidate.grants = [{ grantId: "R01 HL123456" }];
    const link = scoreWith(ravi, known, [candidate]).find((found) => found.pmid === candidate.pmid)!;
    return { line: link.evidence.find((piece) => piece.kind === "grant_on_accepted")!, link };
  };

  it("anchors when an investigator's award is acknowledged on three of them, not on two", () => {
    const three = grantLine(withGrant(3));
    expect(three.line.anchor).toBe(true);
    expect(three.line.reason).toContain("a grant of their research");
    expect(three.link.evidence.map((piece) => piece.kind)).not.toContain("unanchored");
    expect(grantLine(withGrant(2)).line.anchor).toBeUndefined();
  });
});
