import { describe, expect, it } from "vitest";
import { evidenceKinds as kinds, scoreRecords as score } from "../helpers/score-records.ts";
import type { FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import type { KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

// Anna K Lindqvist of the Division of General Internal Medicine, Northfield University, and the
// other Anna K Lindqvists the search finds at Northfield and at her former employer.

function author(lastName: string, foreName: string, fields: Partial<PubmedAuthor> = {}): PubmedAuthor {
  const initials = foreName
    .split(/\s+/)
    .map((part) => part.charAt(0))
    .join("");
  return { lastName, foreName, initials, affiliations: [], equalContribution: false, valid: true, ...fields };
}

const anna = (fields: Partial<PubmedAuthor> = {}): PubmedAuthor => author("Lindqvist", "Anna K", fields);

let pmid = 32_000_000;
function article(authors: PubmedAuthor[], year = 2018): PubmedArticleRecord {
  pmid += 1;
  return {
    kind: "article",
    pmid: String(pmid),
    title: "Hypertension control in primary care: a cohort study.",
    journal: "Journal of General Clinical Medicine",
    journalAbbreviation: "J Gen Clin Med",
    issn: "1522-8143",
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

const ORCID = "0000-0002-1825-0097";
const CITY = "Northfield, MN, USA.";
const INSTITUTION_ONLY = `Northfield University, ${CITY}`;
const HER_DIVISION = `Division of General Internal Medicine, Northfield University, ${CITY}`;
const MEDICINE = `Department of Medicine, Northfield University, ${CITY}`;
const RADIOLOGY = `Department of Radiology, Northfield University, ${CITY}`;
const CARDIOLOGY = `Division of Cardiology, Department of Medicine, Northfield University, ${CITY}`;
const WESTMARK = "University of Westmark, Westmark, OH, USA.";

const anna0: FacultyProfileInput = {
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

const stranger = (n: number): PubmedAuthor => author(`Stranger${n}`, "Sam");

/** Her namesake's papers at Northfield, in the department given. */
const namesakeAt = (
  affiliation: string,
  count = 2,
  fields: Partial<PubmedAuthor> = {},
): PubmedArticleRecord[] =>
  Array.from({ length: count }, (_, at) =>
    article([anna({ affiliations: [affiliation], ...fields }), stranger(100 + at)]),
  );

describe("a namesake at her own institution", () => {
  it("takes away the home institution's anchor when another department there has someone of her name", () => {
    const paper = article([anna({ affiliations: [INSTITUTION_ONLY] }), stranger(1)]);
    // Alone, her institution anchors the paper.
    const [alone] = score(anna0, [paper]);
    expect(alone!.status).toBe("accepted");
    // With an Anna K Lindqvist of Radiology in the results, it names no department: pending.
    const radiology = namesakeAt(RADIOLOGY);
    const results = score(anna0, [paper, ...radiology]);
    const link = results[0]!;
    expect(link.status).toBe("pending");
    const shared = link.evidence.find((piece) => piece.kind === "affiliation_shared")!;
    expect(shared.anchor).toBeUndefined();
    expect(shared.reason).toContain("another department (Radiology)");
    expect(shared.items).toEqual(radiology.map((record) => record.pmid));
    expect(link.evidence.find((piece) => piece.kind === "name_ambiguity")!.reason).toContain(
      "1 at their own or a past institution",
    );
  });

  it("anchors on her own division named at home, and on the department of medicine when the namesake's is another", () => {
    const division = article([anna({ affiliations: [HER_DIVISION] }), stranger(2)]);
    const medicine = article([anna({ affiliations: [MEDICINE] }), stranger(3)]);
    const [byDivision, byMedicine] = score(anna0, [division, medicine, ...namesakeAt(RADIOLOGY)]);
    expect(byDivision!.status).toBe("accepted");
    const own = byDivision!.evidence.find((piece) => piece.kind === "affiliation_match")!;
    expect(own.anchor).toBe(true);
    expect(own.reason).toContain("General Internal Medicine");
    expect(byMedicine!.status).toBe("accepted");
    // A cardiologist of her name is in the department of medicine too: "Medicine" no longer separates.
    const [division2, medicine2] = score(anna0, [division, medicine, ...namesakeAt(CARDIOLOGY)]);
    expect(division2!.status).toBe("accepted");
    expect(medicine2!.status).toBe("pending");
    expect(kinds(medicine2!)).toContain("affiliation_shared");
  });

  it("takes a division of medicine other than hers for another department", () => {
    const [link] = score(anna0, [article([anna({ affiliations: [CARDIOLOGY] }), stranger(4)])]);
    expect(link!.status).toBe("pending");
    expect(link!.evidence.find((piece) => piece.kind === "affiliation_other_department")!.reason).toContain(
      "Cardiology",
    );
  });

  it("counts another ORCID iD at home as a namesake there", () => {
    const paper = article([anna({ affiliations: [INSTITUTION_ONLY] }), stranger(5)]);
    const [link] = score(anna0, [
      paper,
      ...namesakeAt(INSTITUTION_ONLY, 1, { orcid: "0000-0001-5109-3700" }),
    ]);
    expect(link!.status).toBe("pending");
    expect(link!.evidence.find((piece) => piece.kind === "affiliation_shared")!.reason).toContain(
      "another ORCID iD",
    );
  });

  it("does not let roster colleagues anchor her papers while a namesake works at home", () => {
    // Her ORCID works are written with her roster colleague Adaeze Okafor and Marta Ruiz.
    const okafor = author("Okafor", "Adaeze");
    const works: KnownItem[] = [0, 1, 2].map(() => ({
      record: article([anna({ affiliations: [HER_DIVISION] }), okafor, stranger(9)]),
      via: "orcid" as const,
    }));
    const paper = article([anna(), okafor, stranger(6)]);
    const [alone] = score(anna0, [paper], works);
    expect(alone!.status).toBe("accepted");
    expect(alone!.evidence.find((piece) => piece.kind === "coauthors_shared")!.anchor).toBe(true);
    const [withNamesake] = score(anna0, [paper, ...namesakeAt(RADIOLOGY)], works);
    expect(withNamesake!.status).not.toBe("accepted");
    expect(kinds(withNamesake!)).not.toContain("coauthors_shared");
  });

  it("takes the rest of the roster's terms for her institution's other names", () => {
    const paper = article([anna({ affiliations: [`Northfield Memorial Hospital, ${CITY}`] }), stranger(7)]);
    const [without] = score(anna0, [paper]);
    expect(kinds(without!)).toContain("affiliation_elsewhere");
    const [withTerms] = score({ ...anna0, institutionTerms: ["Northfield Memorial Hospital"] }, [paper]);
    expect(withTerms!.status).toBe("accepted");
    expect(withTerms!.evidence.find((piece) => piece.kind === "affiliation_match")!.anchor).toBe(true);
  });
});

describe("a namesake at her former employer", () => {
  const employed: FacultyProfileInput = {
    ...anna0,
    employments: [
      { organization: "Northfield University", startYear: 2013 },
      { organization: "University of Westmark", startYear: 2008, endYear: 2013 },
    ],
  };
  const atWestmark = (year: number): PubmedArticleRecord =>
    article([anna({ affiliations: [WESTMARK] }), stranger(year)], year);

  it("takes away the past employer's anchor when papers there go on for years after she left", () => {
    const during = atWestmark(2010);
    // One late paper is an old affiliation kept: her paper from there is still anchored.
    expect(score(employed, [during, atWestmark(2019)])[0]!.status).toBe("accepted");
    // Several are someone of her name working there.
    const late = [atWestmark(2019), atWestmark(2020), atWestmark(2021)];
    const [link] = score(employed, [during, ...late]);
    expect(link!.status).not.toBe("accepted");
    const shared = link!.evidence.find((piece) => piece.kind === "affiliation_shared")!;
    expect(shared.reason).toContain('past employer "University of Westmark"');
    expect(shared.reason).toContain("in years they were not there");
    expect(shared.items).toEqual(late.map((record) => record.pmid));
  });

  it("takes her former employer in years she was not there, where someone of her name works then, for that author's", () => {
    const during = atWestmark(2010);
    const lateWith = (year: number): PubmedArticleRecord =>
      article([anna({ affiliations: [WESTMARK] }), author("Vossberg", "Tilda"), stranger(year)], year);
    const late = [lateWith(2019), lateWith(2020), lateWith(2021)];
    // A paper without an affiliation, with the other author's collaborator at Westmark.
    const unplaced = article([anna(), author("Vossberg", "Tilda"), stranger(7)], 2020);
    const links = score(employed, [during, ...late, unplaced]);
    const lateLink = links[1]!;
    const against = lateLink.evidence.find((piece) => piece.kind === "affiliation_past_other")!;
    expect(against.weight).toBe(-30);
    expect(against.reason).toContain("not in 2019");
    expect(against.items).toEqual(late.map((record) => record.pmid));
    expect(lateLink.status).not.toBe("accepted");
    // Her collaborators there are known by her years: the late papers' co-authors count against.
    expect(kinds(links[4]!)).toContain("coauthors_elsewhere");
    // One late paper alone shows nobody else there: no evidence either way, as before.
    const [, alone] = score(employed, [during, lateWith(2019)]);
    expect(alone!.evidence.find((piece) => piece.kind === "affiliation_past")!.weight).toBe(0);
  });
});

describe("a namesake at a former employer of unknown years", () => {
  // Westmark on the roster, without years: taken to end at her hire in 2013, with its lag.
  const rostered: FacultyProfileInput = { ...anna0, previousAffiliations: ["University of Westmark"] };
  const atWestmark = (year: number): PubmedArticleRecord =>
    article([anna({ affiliations: [WESTMARK] }), stranger(year)], year);

  it("takes two papers there in the years just after her hire for someone of her name working there", () => {
    const before = atWestmark(2010);
    // One paper there the year after the move is one finished after it: hers is still anchored.
    expect(score(rostered, [before, atWestmark(2014)])[0]!.status).toBe("accepted");
    const justAfter = [atWestmark(2014), atWestmark(2015)];
    const [link] = score(rostered, [before, ...justAfter]);
    expect(link!.status).not.toBe("accepted");
    const shared = link!.evidence.find((piece) => piece.kind === "affiliation_shared")!;
    expect(shared.reason).toContain('past employer "University of Westmark"');
    expect(shared.reason).toContain("just after their hire");
    expect(shared.items).toEqual(justAfter.map((record) => record.pmid));
  });

  it("keeps the lag for a past employer whose years ORCID gives", () => {
    const dated: FacultyProfileInput = {
      ...anna0,
      employments: [{ organization: "University of Westmark", startYear: 2008, endYear: 2013 }],
    };
    const [link] = score(dated, [atWestmark(2010), atWestmark(2014), atWestmark(2015)]);
    expect(link!.status).toBe("accepted");
  });
});

describe("one former employer under two names", () => {
  it("counts papers at the roster's and ORCID's names of one institution as one place", () => {
    const both: FacultyProfileInput = {
      ...anna0,
      previousAffiliations: ["University of Westmark"],
      employments: [{ organization: "University of Westmark Medical Center" }],
    };
    const at = (affiliation: string, year: number): PubmedArticleRecord =>
      article([anna({ affiliations: [affiliation] }), stranger(year)], year);
    const before = at(WESTMARK, 2010);
    const justAfter = [
      at(WESTMARK, 2014),
      at("University of Westmark Medical Center, Westmark, OH, USA.", 2015),
    ];
    const [link] = score(both, [before, ...justAfter]);
    expect(link!.status).not.toBe("accepted");
    expect(link!.evidence.find((piece) => piece.kind === "affiliation_shared")!.items).toEqual(
      justAfter.map((record) => record.pmid),
    );
  });
});
