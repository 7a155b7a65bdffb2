import { describe, expect, it } from "vitest";
import { scoreRecords as score } from "../helpers/score-records.ts";
import type { FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import type { KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

// Small records of our own: Anna K Lindqvist of Northfield University, her namesakes and her twin.

function author(lastName: string, foreName: string, fields: Partial<PubmedAuthor> = {}): PubmedAuthor {
  const initials = foreName
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join("");
  return { lastName, foreName, initials, affiliations: [], equalContribution: false, valid: true, ...fields };
}

const anna = (fields: Partial<PubmedAuthor> = {}): PubmedAuthor => author("Lindqvist", "Anna K", fields);

let pmid = 31_000_000;
function article(authors: PubmedAuthor[], fields: Partial<PubmedArticleRecord> = {}): PubmedArticleRecord {
  pmid += 1;
  return {
    kind: "article",
    pmid: String(pmid),
    title: "Hypertension control in primary care: a cohort study.",
    journal: "Journal of General Clinical Medicine",
    journalAbbreviation: "J Gen Clin Med",
    issn: "1522-8143",
    publicationDate: { year: 2011 },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors,
    grants: [],
    commentsCorrections: [],
    meshHeadings: ["Hypertension", "Primary Health Care", "Blood Pressure"],
    keywords: [],
    ...fields,
  };
}

const ORCID = "0000-0002-1825-0097";
const HOME = "Division of General Internal Medicine, Northfield University, Northfield, MN, USA.";
const WESTMARK = "Department of Epidemiology, University of Westmark, Westmark, OH, USA.";

const base: FacultyProfileInput = {
  id: "F001",
  lastName: "Lindqvist",
  firstName: "Anna",
  middleName: "K",
  orcid: ORCID,
  affiliationTerms: ["Northfield University"],
  division: "General Internal Medicine",
  email: "anna.lindqvist@northfield.edu",
  hireDate: "2013-07-01",
  colleagues: [{ id: "F002", lastName: "Okafor", firstName: "Adaeze" }],
};

// Her collaborators, and her namesake's (who works somewhere else and publishes in her journals).
const hers = [author("Ruiz", "Marta"), author("Kowalski", "Piotr"), author("Haddad", "Samir")];
const theirs = [author("Tanaka", "Hiroshi"), author("Bauer", "Klaus"), author("Moreau", "Claire")];

/** Works on her ORCID record: her collaborators, her journal, her subjects. */
function ownWorks(count: number, coauthors = hers): KnownItem[] {
  return Array.from({ length: count }, () => ({
    record: article([anna({ affiliations: [HOME] }), ...coauthors]),
    via: "orcid" as const,
  }));
}

describe("anchored evidence", () => {
  it("never accepts on name agreement and corroboration alone, at any accept threshold", () => {
    // Full first name and middle initial, her journal and subjects, a roster colleague: no anchor.
    // (A long author list, a consortium's: on a short one that no other author of the name claims,
    // the roster colleague anchors; see disambiguation-unclaimed.test.ts.)
    const consortium = Array.from({ length: 7 }, (_, at) => author(`Member${at}`, "Kim"));
    const record = article([anna(), author("Okafor", "Adaeze"), author("Nobody", "Ned"), ...consortium]);
    for (const accept of [60, 75, 90]) {
      const [link] = score(base, [record], ownWorks(4), { accept, reject: 10 });
      expect(link!.status).toBe("pending");
      expect(link!.score).toBeLessThan(accept);
      expect(link!.evidence.some((piece) => piece.anchor)).toBe(false);
      expect(link!.evidence.map((piece) => piece.kind)).toEqual(
        expect.arrayContaining(["full_first_name", "middle_initial_agrees", "journal_shared", "unanchored"]),
      );
    }
    // The same record with her home affiliation is anchored, and accepted.
    const [anchored] = score(base, [article([anna({ affiliations: [HOME] }), author("Nobody", "Ned")])]);
    expect(anchored!.status).toBe("accepted");
    expect(anchored!.evidence.find((piece) => piece.kind === "affiliation_match")!.anchor).toBe(true);
  });

  it("anchors on recurring co-authors of anchored items, and names the items they come from", () => {
    const works = ownWorks(3);
    const record = article([author("Ruiz", "Marta"), anna(), author("Kowalski", "Piotr")]);
    const [link] = score(base, [record], works);
    expect(link!.status).toBe("accepted");
    const coauthors = link!.evidence.find((piece) => piece.kind === "coauthors_shared")!;
    expect(coauthors.anchor).toBe(true);
    expect(coauthors.items).toEqual(works.map((work) => work.record!.pmid).sort());
  });

  it("does not let a namesake cluster be lifted by one wrong accept", () => {
    // Her namesake's six papers, sharing their co-authors, in her journal, no affiliation on the
    // namesake; one of them wrongly carries her home institution and is accepted on it.
    const cluster = Array.from({ length: 6 }, (_, at) =>
      article([...theirs.slice(0, 2), anna(at === 0 ? { affiliations: [HOME] } : {}), theirs[2]!]),
    );
    const results = score(base, cluster, ownWorks(3));
    expect(results[0]!.status).toBe("accepted");
    for (const link of results.slice(1)) {
      expect(link.status).not.toBe("accepted");
      expect(link.evidence.find((piece) => piece.kind === "coauthors_shared")).toBeUndefined();
      expect(link.evidence.find((piece) => piece.kind === "cluster_anchored")).toBeUndefined();
    }
  });

  it("counts a cluster's items against the link when another ORCID iD anchors it elsewhere", () => {
    const other = "0000-0001-5109-3700";
    const cluster = [
      article([anna({ orcid: other }), ...theirs], { publicationDate: { year: 2015 } }),
      article([anna({ orcid: other }), ...theirs], { publicationDate: { year: 2016 } }),
      article([anna(), ...theirs], { publicationDate: { year: 2017 } }),
    ];
    const results = score(base, cluster, ownWorks(3));
    expect(results.slice(0, 2).map((link) => link.status)).toEqual(["rejected", "rejected"]);
    const last = results[2]!;
    expect(last.status).not.toBe("accepted");
    const against = last.evidence.find((piece) => piece.kind === "cluster_elsewhere")!;
    expect(against.weight).toBeLessThan(0);
    expect(against.reason).toContain("another ORCID iD");
    expect(against.items).toEqual([cluster[0]!.pmid, cluster[1]!.pmid]);
  });

  it("estimates how many other authors share the name and weakens name agreement for it", () => {
    const elsewhere = (place: string, orcid?: string): PubmedArticleRecord =>
      article(
        [anna({ affiliations: [`Department of Medicine, ${place}, USA.`], ...(orcid ? { orcid } : {}) })],
        {
          publicationDate: { year: 2018 },
        },
      );
    const records = [
      elsewhere("Carrow State University"),
      elsewhere("Lakeside Medical College", "0000-0001-5109-3700"),
      elsewhere("Riverton University Hospital"),
      elsewhere("Ashford Institute of Health"),
      article([anna(), author("Nobody", "Ned")]),
    ];
    const results = score(base, records);
    const bare = results[4]!;
    const estimate = bare.evidence.find((piece) => piece.kind === "name_ambiguity")!;
    expect(estimate.reason).toMatch(/^name shared by about 4 other authors in the results/);
    expect(bare.evidence.find((piece) => piece.kind === "full_first_name")!.weight).toBe(2);
    const [alone] = score(base, [article([anna(), author("Nobody", "Ned")])]);
    expect(alone!.evidence.find((piece) => piece.kind === "full_first_name")!.weight).toBe(10);
    expect(alone!.evidence.find((piece) => piece.kind === "name_ambiguity")).toBeUndefined();
  });

  it("anchors on one close collaborator however common the name, and not on an occasional one", () => {
    // Four other Anna K Lindqvists in the results: one shared co-author no longer anchors...
    const others = [
      "Carrow State University",
      "Lakeside Medical College",
      "Riverton University",
      "Ashford Institute",
    ].map((place) => article([anna({ affiliations: [`Department of Medicine, ${place}, USA.`] })]));
    const paper = article([anna(), author("Ruiz", "Marta"), author("Nobody", "Ned")]);
    const ruizOnly = (count: number): KnownItem[] =>
      Array.from({ length: count }, () => ({
        record: article([anna({ affiliations: [HOME] }), author("Ruiz", "Marta")]),
        via: "orcid" as const,
      }));
    const [occasional] = score(base, [paper, ...others], ruizOnly(2));
    expect(occasional!.status).not.toBe("accepted");
    expect(occasional!.evidence.find((piece) => piece.kind === "coauthors_shared")!.anchor).toBeUndefined();
    // On three of her anchored items she is a working relationship: that anchors a paper with no
    // affiliation on Anna, and not one placing her elsewhere.
    const [recurring] = score(base, [paper, ...others], ruizOnly(3));
    expect(recurring!.evidence.find((piece) => piece.kind === "coauthors_shared")!.anchor).toBe(true);
    const placed = article([
      anna({ affiliations: ["Department of Medicine, Carrow State University, USA."] }),
      author("Ruiz", "Marta"),
    ]);
    const [away] = score(base, [placed, ...others], ruizOnly(3));
    expect(away!.evidence.find((piece) => piece.kind === "coauthors_shared")!.anchor).toBeUndefined();
    // ... unless they are her close collaborator: on five of her anchored items or more.
    const [close] = score(base, [paper, ...others], ruizOnly(6));
    expect(close!.status).toBe("accepted");
    const line = close!.evidence.find((piece) => piece.kind === "coauthors_shared")!;
    expect(line.anchor).toBe(true);
    expect(line.weight).toBe(25);
    expect(line.reason).toContain("a close collaborator, on 6 of their 6 anchored items");
  });

  it("does not take another department at home for an anchor", () => {
    const [link] = score(base, [
      article([
        anna({ affiliations: ["Department of Radiology, Northfield University, Northfield, MN, USA."] }),
      ]),
    ]);
    expect(link!.status).toBe("pending");
    expect(link!.evidence.find((piece) => piece.kind === "affiliation_other_department")!.reason).toContain(
      "Radiology",
    );
  });
});

describe("twins on the roster", () => {
  // Two roster members named Anna Lindqvist, no middle name to split them.
  const twin: FacultyProfileInput = {
    ...base,
    middleName: null,
    colleagues: [{ id: "F002", lastName: "Lindqvist", firstName: "Anna", middleName: null }],
  };
  const annaPlain = (fields: Partial<PubmedAuthor> = {}): PubmedAuthor => author("Lindqvist", "Anna", fields);

  it("stays pending for both without separating evidence, saying the two are indistinguishable by name", () => {
    const record = article([annaPlain({ affiliations: [HOME] }), author("Nobody", "Ned")]);
    const [link] = score(twin, [record]);
    expect(link!.status).toBe("pending");
    const twinLine = link!.evidence.find((piece) => piece.indistinguishableFrom)!;
    expect(twinLine.indistinguishableFrom).toBe("Anna Lindqvist (F002)");
    expect(twinLine.reason).toContain("indistinguishable by name");
    const held = link!.evidence.find((piece) => piece.kind === "unanchored")!;
    expect(held.reason).toContain("Anna Lindqvist (F002)");
    // Her twin, scored the same way, is not given the paper either.
    const [other] = score(
      {
        ...twin,
        id: "F002",
        orcid: null,
        email: "a.lindqvist2@northfield.edu",
        colleagues: [{ id: "F001", lastName: "Lindqvist", firstName: "Anna" }],
      },
      [record],
    );
    expect(other!.status).toBe("pending");
  });

  it("goes to the twin whose ORCID iD, e-mail or own co-authors separate them", () => {
    const byOrcid = article([annaPlain({ orcid: ORCID, affiliations: [HOME] })]);
    const byEmail = article([annaPlain({ affiliations: [`${HOME} anna.lindqvist@northfield.edu`] })]);
    const byCoauthors = article([annaPlain(), author("Ruiz", "Marta"), author("Kowalski", "Piotr")]);
    const works = ownWorks(3).map((work) => ({
      ...work,
      record: { ...work.record!, authors: [annaPlain({ affiliations: [HOME] }), ...hers] },
    }));
    const results = score(twin, [byOrcid, byEmail, byCoauthors], works);
    expect(results.map((link) => link.status)).toEqual(["accepted", "accepted", "accepted"]);
  });
});

describe("previous positions", () => {
  const paper = (year: number): PubmedArticleRecord =>
    article([anna({ affiliations: [WESTMARK] }), author("Nobody", "Ned")], { publicationDate: { year } });

  it("accepts a paper from a previous institution in the years their ORCID employment gives", () => {
    const withEmployment: FacultyProfileInput = {
      ...base,
      employments: [
        { organization: "Northfield University", department: "Department of Medicine", startYear: 2013 },
        { organization: "University of Westmark", startYear: 2008, endYear: 2013 },
      ],
    };
    const [during, after] = score(withEmployment, [paper(2010), paper(2019)]);
    expect(during!.status).toBe("accepted");
    const past = during!.evidence.find((piece) => piece.kind === "affiliation_past")!;
    expect(past.anchor).toBe(true);
    expect(past.reason).toContain("2008-2013");
    expect(after!.status).not.toBe("accepted");
    expect(after!.evidence.find((piece) => piece.kind === "affiliation_past")!.weight).toBe(0);
  });

  it("accepts one from a roster previous affiliation up to their hire, and not without either", () => {
    const [listed] = score({ ...base, previousAffiliations: ["University of Westmark"] }, [paper(2011)]);
    expect(listed!.status).toBe("accepted");
    expect(listed!.evidence.find((piece) => piece.kind === "affiliation_past")!.reason).toContain(
      "on the roster",
    );
    const [unknown] = score(base, [paper(2011)]);
    expect(unknown!.status).not.toBe("accepted");
  });
});
