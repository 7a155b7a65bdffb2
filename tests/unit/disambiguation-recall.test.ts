import { describe, expect, it } from "vitest";
import { scoreRecords as score } from "../helpers/score-records.ts";
import { Clusters } from "../../src/disambiguation/clusters.ts";
import { coauthorsOf } from "../../src/disambiguation/coauthors.ts";
import type { CoauthorsFor } from "../../src/disambiguation/context.ts";
import { matchName, nameForms } from "../../src/disambiguation/name-match.ts";
import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import {
  scoreFacultyArticles,
  type ArticleScore,
  type KnownItem,
} from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { medlineAuthor, numberedArticles } from "../helpers/pubmed-record.ts";
import { raviMenon } from "../helpers/faculty-profile.ts";

// Small records of our own: Óscar Sánchez López and the Park twins of Northfield University, and
// Ravi Menon with his long-time collaborator.

const author = medlineAuthor;
const HOME = "Northfield University, Northfield, MN, USA.";

const article = numberedArticles(34_000_000, 2016);

describe("initials with diacritics", () => {
  const oscar = {
    lastName: "Sánchez López",
    firstName: "Óscar",
  };

  it("finds MEDLINE's Sánchez-López Ó (initials Ó) as Óscar Sánchez López", () => {
    const written = {
      lastName: "Sánchez-López",
      foreName: "Óscar",
      initials: "Ó",
      display: "Sánchez-López Óscar",
    };
    const match = matchName(nameForms(oscar), written);
    expect(match).toBeDefined();
    expect(match!.evidence.map((piece) => piece.kind)).toContain("full_first_name");
    // Folded, Ö and Ó are one letter: "Ömer" is then another first name, not a missing initial.
    const omer = matchName(nameForms(oscar), { ...written, foreName: "Ömer", initials: "Ö" });
    expect(omer!.evidence.map((piece) => piece.kind)).toContain("first_name_conflict");
  });

  it("accepts his own paper written that way, on his e-mail and home affiliation", () => {
    const record = article([
      author("Sánchez-López", "Óscar", {
        initials: "Ó",
        affiliations: [`Division of General Internal Medicine, ${HOME} oscar.sanchez@northfield.edu`],
      }),
      author("Nobody", "Ned"),
    ]);
    const [link] = score(
      {
        id: "F030",
        ...oscar,
        affiliationTerms: ["Northfield University"],
        email: "oscar.sanchez@northfield.edu",
        hireDate: "2010-07-01",
      },
      [record],
    );
    expect(link!.authorIndex).toBe(0);
    expect(link!.status).toBe("accepted");
  });
});

describe("twins on the roster told apart by the place", () => {
  // Two roster members named Min Park at Northfield: one in General Internal Medicine (hired 2004),
  // one in Hospital Medicine (hired 2018).
  const gim: FacultyProfileInput = {
    id: "F052",
    lastName: "Park",
    firstName: "Min",
    affiliationTerms: ["Northfield University"],
    division: "General Internal Medicine",
    hireDate: "2004-07-01",
    colleagues: [
      {
        id: "F054",
        lastName: "Park",
        firstName: "Min",
        division: "Hospital Medicine",
        hireDate: "2018-07-01",
      },
    ],
  };
  const min = (affiliation?: string): PubmedAuthor =>
    author("Park", "Min", affiliation ? { affiliations: [affiliation] } : {});

  it("gives a home paper naming her division, and not the twin's, to her", () => {
    const record = article(
      [min(`Division of General Internal Medicine, Department of Medicine, ${HOME}`)],
      2020,
    );
    const [link] = score(gim, [record]);
    expect(link!.status).toBe("accepted");
    const separated = link!.evidence.find((piece) => piece.kind === "twin_separated")!;
    expect(separated.anchor).toBe(true);
    expect(separated.reason).toContain("General Internal Medicine");
    expect(separated.reason).toContain("Min Park (F054)");
  });

  it("keeps one naming only the department of medicine, which both share, pending", () => {
    const record = article([min(`Department of Medicine, ${HOME}`)], 2020);
    const [link] = score(gim, [record]);
    expect(link!.status).toBe("pending");
    expect(link!.evidence.map((piece) => piece.kind)).not.toContain("twin_separated");
    expect(link!.evidence.find((piece) => piece.kind === "unanchored")!.reason).toContain("Min Park (F054)");
  });

  it("gives a home paper from years before the twin came (and trained here) to the one who was here", () => {
    const [early, late] = score(gim, [article([min(HOME)], 2010), article([min(HOME)], 2016)]);
    expect(early!.status).toBe("accepted");
    expect(early!.evidence.find((piece) => piece.kind === "twin_separated")!.reason).toContain("2018");
    // 2016 is within three years of the twin's hire: they may have trained here then.
    expect(late!.status).toBe("pending");
    // The twin hired in 2018 gets neither.
    const twin: FacultyProfileInput = {
      ...gim,
      id: "F054",
      division: "Hospital Medicine",
      hireDate: "2018-07-01",
      colleagues: [
        {
          id: "F052",
          lastName: "Park",
          firstName: "Min",
          division: "General Internal Medicine",
          hireDate: "2004-07-01",
        },
      ],
    };
    expect(score(twin, [article([min(HOME)], 2010)])[0]!.status).not.toBe("accepted");
  });
});

describe("a long-standing collaborator", () => {
  const ravi = raviMenon;
  const marwell = (): PubmedAuthor => author("Marwell", "Edith J");
  /** Works on his ORCID record with Marwell EJ, among many without her. */
  function works(withHer: number, without: number): KnownItem[] {
    return Array.from({ length: withHer + without }, (_, at) => {
      const others = at < withHer ? [marwell()] : [author(`Solo${at}`, "Sid")];
      const record = article(
        [author("Menon", "Ravi"), ...others, author(`Once${at}`, "Olga")],
        2009,
        `Journal ${at}`,
      );
      return { pmid: record.pmid, record, authorIndex: 0, via: "orcid" as const };
    });
  }
  function line(known: KnownItem[], namesakeWritesWithHer = false) {
    const candidate = article(
      [author("Stranger", "Sam"), author("Menon", "Ravi"), marwell()],
      2012,
      "Journal X",
    );
    const namesake = article(
      [
        author("Menon", "Ravi", { affiliations: ["Eastbrook College, Eastbrook, VT, USA."] }),
        ...(namesakeWritesWithHer ? [marwell()] : [author("Far", "Fay")]),
      ],
      2015,
    );
    const links = scoreFacultyArticles(
      buildFacultyProfile(ravi),
      [...known.map((item) => ({ record: item.record! })), { record: namesake }, { record: candidate }],
      { accepted: known, rejected: [] },
    );
    return links.find((link) => link.pmid === candidate.pmid)!;
  }

  it("weighs more on ten anchored items than on nine, and accepts a paper without an affiliation on him", () => {
    const nine = line(works(9, 51)).evidence.find((piece) => piece.kind === "coauthors_shared")!;
    expect(nine.weight).toBeLessThan(30);
    expect(nine.reason).not.toContain("long-standing");
    const ten = line(works(10, 50));
    const shared = ten.evidence.find((piece) => piece.kind === "coauthors_shared")!;
    expect(shared.weight).toBe(30);
    expect(shared.reason).toContain("a long-standing collaborator, on 10 of their 60 anchored items");
    expect(ten.status).toBe("accepted");
  });

  it("is not long-standing when she writes with another author of the name too", () => {
    const link = line(works(10, 50), true);
    const shared = link.evidence.find((piece) => piece.kind === "coauthors_shared")!;
    expect(shared.reason).not.toContain("long-standing");
    expect(link.status).not.toBe("accepted");
  });
});

describe("a place his own records show him at before his hire", () => {
  const ravi: FacultyProfileInput = {
    id: "F001",
    lastName: "Menon",
    firstName: "Ravi",
    affiliationTerms: ["Northfield University"],
    hireDate: "2008-07-01",
  };
  const EASTBROOK = "Department of Medicine, Eastbrook College, Eastbrook, VT, USA.";
  const atEastbrook = (year: number): PubmedArticleRecord =>
    article([author("Menon", "Ravi", { affiliations: [EASTBROOK] }), author(`Other${year}`, "Oona")], year);
  /** A work on his ORCID record, written at Eastbrook College in 2005. */
  const ownWork = (): KnownItem => {
    const record = atEastbrook(2005);
    return { pmid: record.pmid, record, authorIndex: 0, via: "orcid" };
  };

  it("anchors a record there in nearby years, naming the record that places him there", () => {
    const work = ownWork();
    const [near, far] = score(ravi, [atEastbrook(2007), atEastbrook(1999)], [work]);
    expect(near!.status).toBe("accepted");
    const place = near!.evidence.find((piece) => piece.kind === "affiliation_past")!;
    expect(place.anchor).toBe(true);
    expect(place.items).toEqual([work.pmid]);
    expect(place.reason).toContain("their own records");
    // Six years from it: somewhere else before his hire, as before.
    expect(far!.status).not.toBe("accepted");
    expect(far!.evidence.map((piece) => piece.kind)).toContain("affiliation_elsewhere");
  });

  it("says nothing for the place without a record of his own there", () => {
    const [link] = score(ravi, [atEastbrook(2007)]);
    expect(link!.status).not.toBe("accepted");
    expect(link!.evidence.find((piece) => piece.kind === "affiliation_elsewhere")!.weight).toBe(-10);
  });

  // A namesake at his former place: another Ravi Menon at Eastbrook College, shown by a record
  // there with another ORCID iD, or by records there years after Ravi came here.
  const RAVI_ORCID = "0000-0002-1825-0097";
  const OTHER_ORCID = "0000-0001-5109-3700";
  const raviWithOrcid: FacultyProfileInput = { ...ravi, orcid: RAVI_ORCID };
  const placeOf = (link: ArticleScore) =>
    link.evidence.find((piece) => piece.kind === "affiliation_past" || piece.kind === "affiliation_shared");

  it("does not anchor a record at his former place where another author of the name works, with another ORCID iD", () => {
    const work = ownWork();
    const namesake = article(
      [author("Menon", "Ravi", { affiliations: [EASTBROOK], orcid: OTHER_ORCID }), author("Hale", "Ida")],
      2006,
    );
    const [near, other] = score(raviWithOrcid, [atEastbrook(2007), namesake], [work]);
    expect(other!.status).toBe("rejected");
    const place = near!.evidence.find((piece) => piece.kind === "affiliation_shared")!;
    expect(place.weight).toBe(15);
    expect(place.anchor).toBeFalsy();
    expect(place.reason).toContain("their own records");
    expect(place.reason).toContain("another author of this name works there too (another ORCID iD)");
    expect(place.items).toEqual([namesake.pmid]);
    expect(near!.evidence.some((piece) => piece.anchor)).toBe(false);
    expect(near!.status).not.toBe("accepted");
  });

  it("does not anchor it when two records there are from years after his hire, when he was here", () => {
    const work = ownWork();
    const late = [atEastbrook(2011), atEastbrook(2014)];
    const [near] = score(ravi, [atEastbrook(2007), ...late], [work]);
    const place = placeOf(near!)!;
    expect(place.kind).toBe("affiliation_shared");
    expect(place.reason).toContain("in years they were not there (after their hire)");
    expect(near!.status).not.toBe("accepted");
  });

  it("does not join his records there on one collaborator when another author of the name works there", () => {
    const withPrice = (year: number): PubmedArticleRecord =>
      article(
        [
          author("Menon", "Ravi", { affiliations: [EASTBROOK] }),
          author("Price", "Kay"),
          author(`New${year}`, "Ned"),
        ],
        year,
      );
    const records = [withPrice(2005), withPrice(2007)].map((record) => ({
      key: record.pmid,
      record,
      authorIndex: 0,
    }));
    const coauthors: CoauthorsFor = (record, index) => coauthorsOf(record, index);
    const homeTerms = ["Northfield University"];
    // Nobody else of the name there: one collaborator and the same institution make one author.
    expect(new Clusters(records, coauthors, homeTerms).all()).toHaveLength(1);
    // Another author of the name there meets his collaborators there too.
    expect(new Clusters(records, coauthors, homeTerms, new Set(["eastbrook college"])).all()).toHaveLength(2);
  });

  it("still anchors it with no namesake there: one late record (an old affiliation kept), another iD elsewhere", () => {
    const work = ownWork();
    const elsewhere = article(
      [
        author("Menon", "Ravi", {
          affiliations: ["Westfield College, Westfield, OH, USA."],
          orcid: OTHER_ORCID,
        }),
      ],
      2006,
    );
    const [near] = score(raviWithOrcid, [atEastbrook(2007), atEastbrook(2011), elsewhere], [work]);
    const place = placeOf(near!)!;
    expect(place.kind).toBe("affiliation_past");
    expect(place.anchor).toBe(true);
    expect(near!.status).toBe("accepted");
  });
});
