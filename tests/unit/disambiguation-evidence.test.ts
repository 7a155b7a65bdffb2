import { describe, expect, it } from "vitest";
import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import {
  scoreFacultyArticles,
  type ArticleScore,
  type KnownItem,
  type RejectedItem,
} from "../../src/disambiguation/score-articles.ts";
import { scoreEvidence, type Thresholds } from "../../src/disambiguation/score.ts";
import type { EvidenceKind } from "../../src/identity/evidence.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

// ---------------------------------------------------------------------------------------------
// Small records of our own: María José Núñez of Northfield University and the people around her.

function author(fields: Partial<PubmedAuthor>): PubmedAuthor {
  return { affiliations: [], equalContribution: false, valid: true, ...fields };
}

/** Someone else, with initials made from the fore name. */
function person(lastName: string, foreName: string, fields: Partial<PubmedAuthor> = {}): PubmedAuthor {
  const initials = foreName
    .split(/[\s-]+/)
    .map((part) => part.charAt(0).toUpperCase())
    .join("");
  return author({ lastName, foreName, initials, ...fields });
}

/** Núñez as PubMed prints her. */
function her(fields: Partial<PubmedAuthor> = {}): PubmedAuthor {
  return author({ lastName: "Núñez", foreName: "María J", initials: "MJ", ...fields });
}

let pmid = 30_000_000;

function article(authors: PubmedAuthor[], fields: Partial<PubmedArticleRecord> = {}): PubmedArticleRecord {
  pmid += 1;
  return {
    kind: "article",
    pmid: String(pmid),
    title: "Blood pressure control in primary care: a cohort study.",
    journal: "Journal of General Clinical Medicine",
    journalAbbreviation: "J Gen Clin Med",
    issn: "1522-8143",
    publicationDate: { year: 2018 },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors,
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
    ...fields,
  };
}

const ORCID = "0000-0002-1825-0097";
const HOME = "Division of General Internal Medicine, Northfield University, Northfield, MN, USA.";
const ELSEWHERE = "Department of Medicine, Carrow State University, Carrow, TX, USA.";
const WESTMARK = "Department of Epidemiology, University of Westmark, Westmark, OH, USA.";

const input: FacultyProfileInput = {
  id: "F001",
  lastName: "Núñez",
  firstName: "María",
  middleName: "José",
  nameVariants: ["Garcia, Maria J"],
  orcid: ORCID,
  affiliationTerms: ["Northfield University", "Northfield Memorial Hospital", "Department of Medicine"],
  orcidAffiliationTerms: ["University of Westmark", "Division of General Internal Medicine"],
  email: "maria.nunez@northfield.edu",
  hireDate: "2012-07-01",
  careerStartYear: 2006,
  grantNumbers: ["K23 HL151234"],
  colleagues: [
    { lastName: "Chen", firstName: "Wei" },
    { lastName: "Okafor", firstName: "Adaeze", middleName: "N" },
  ],
};
const profile = buildFacultyProfile(input);

const noContext = { accepted: [], rejected: [] };

function scoreOne(
  record: PubmedArticleRecord,
  context: { accepted: KnownItem[]; rejected: RejectedItem[] } = noContext,
  thresholds?: Thresholds,
  who = profile,
): ArticleScore {
  const found = scoreFacultyArticles(who, [{ record }], context, thresholds).find(
    (link) => link.pmid === record.pmid,
  );
  if (!found) throw new Error(`no score for ${record.pmid}`);
  return found;
}

function kinds(link: ArticleScore): EvidenceKind[] {
  return link.evidence.map((item) => item.kind);
}

/** Three items on her ORCID record, each with the same two co-authors, in the same journal. */
function anchors(coauthors: PubmedAuthor[], fields: Partial<PubmedArticleRecord> = {}): KnownItem[] {
  return [0, 1, 2].map(() => ({
    record: article([her({ affiliations: [HOME] }), ...coauthors], fields),
    via: "orcid" as const,
  }));
}

// A record with no affiliation on her, and nothing else to go on: the baseline every test moves.
const bare = (authors: PubmedAuthor[] = [her(), person("Roe", "Alan")], fields = {}): PubmedArticleRecord =>
  article(authors, fields);

// ---------------------------------------------------------------------------------------------

describe("evidence on the matched author", () => {
  it("accepts on the person's ORCID iD, and rejects on another", () => {
    const own = scoreOne(bare([her({ orcid: ORCID, affiliations: [ELSEWHERE] })]));
    expect(own.status).toBe("accepted");
    expect(own.score).toBe(100);
    expect(kinds(own)[0]).toBe("orcid_match");
    const theirs = scoreOne(bare([her({ orcid: "0000-0001-5109-3700", affiliations: [HOME] })]));
    expect(theirs.status).toBe("rejected");
    expect(theirs.score).toBe(0);
    expect(kinds(theirs)).toContain("orcid_conflict");
  });

  it("takes the author who carries the ORCID iD even under another name", () => {
    const link = scoreOne(bare([person("Roe", "Alan"), person("Castillo", "Maria", { orcid: ORCID })]));
    expect(link.authorIndex).toBe(1);
    expect(link.authorPosition).toBe("last");
    expect(link.status).toBe("accepted");
  });

  it("raises the score for a home affiliation, a past employer before the move, and the person's e-mail", () => {
    const none = scoreOne(bare()).score;
    const home = scoreOne(bare([her({ affiliations: [HOME] })]));
    expect(home.score).toBeGreaterThan(none);
    expect(home.evidence.find((e) => e.kind === "affiliation_match")!.reason).toContain(
      '"Northfield University"',
    );
    const past = scoreOne(bare([her({ affiliations: [WESTMARK] })], { publicationDate: { year: 2011 } }));
    expect(past.score).toBeGreaterThan(none);
    expect(kinds(past)).toContain("affiliation_past");
    const email = scoreOne(bare([her({ affiliations: [`${ELSEWHERE} maria.nunez@northfield.edu`] })]));
    expect(kinds(email)).toContain("email_match");
    expect(email.score).toBeGreaterThan(none);
  });

  it("takes an e-mail address only from the matched author's own affiliation, and only whole", () => {
    // Before 2014 MEDLINE wrote the corresponding author's address into one author's affiliation:
    // it anchors that author, not her when she is another author on the record.
    const onCoauthor = scoreOne(
      bare([
        her({ affiliations: [ELSEWHERE] }),
        person("Roe", "Alan", { affiliations: [`${ELSEWHERE} maria.nunez@northfield.edu`] }),
      ]),
    );
    expect(kinds(onCoauthor)).not.toContain("email_match");
    for (const address of ["maria.nunez2@northfield.edu", "ana.maria.nunez@northfield.edu"]) {
      const other = scoreOne(bare([her({ affiliations: [`${ELSEWHERE} ${address}`] })]));
      expect(kinds(other)).not.toContain("email_match");
    }
  });

  it("lowers the score for an affiliation elsewhere, less before the person's hire", () => {
    const none = scoreOne(bare()).score;
    const after = scoreOne(bare([her({ affiliations: [ELSEWHERE] })]));
    const before = scoreOne(bare([her({ affiliations: [ELSEWHERE] })], { publicationDate: { year: 2011 } }));
    expect(after.score).toBeLessThan(before.score);
    expect(before.score).toBeLessThan(none);
    expect(kinds(after)).toContain("affiliation_elsewhere");
  });

  it("gives no weight to a past employer years after the move", () => {
    const none = scoreOne(bare()).score;
    const late = scoreOne(bare([her({ affiliations: [WESTMARK] })], { publicationDate: { year: 2019 } }));
    expect(late.score).toBe(none);
  });

  it("does not take department words for an institution", () => {
    // "Department of Medicine" is on the roster and "Division of General Internal Medicine" on ORCID.
    expect(profile.homeTerms).toEqual(["Northfield University", "Northfield Memorial Hospital"]);
    expect(profile.pastTerms).toEqual(["University of Westmark"]);
    const link = scoreOne(
      bare([her({ affiliations: ["Department of Medicine, Some Other Hospital, Ohio."] })]),
    );
    expect(kinds(link)).toContain("affiliation_elsewhere");
  });

  it("raises the score when the full first name and middle initial agree, diacritics folded", () => {
    const initialOnly = scoreOne(bare([author({ lastName: "Nunez", foreName: "M", initials: "M" })]));
    const first = scoreOne(bare([author({ lastName: "Nunez", foreName: "Maria", initials: "M" })]));
    const firstAndMiddle = scoreOne(
      bare([author({ lastName: "Nunez", foreName: "Maria J", initials: "MJ" })]),
    );
    expect(first.score).toBeGreaterThan(initialOnly.score);
    expect(firstAndMiddle.score).toBeGreaterThan(first.score);
    expect(kinds(firstAndMiddle)).toEqual(
      expect.arrayContaining(["full_first_name", "middle_initial_agrees"]),
    );
  });

  it("lowers the score when the first name or the middle initial conflicts", () => {
    const agrees = scoreOne(bare()).score;
    const otherFirst = scoreOne(bare([author({ lastName: "Núñez", foreName: "Marcos", initials: "M" })]));
    const otherMiddle = scoreOne(bare([author({ lastName: "Núñez", foreName: "María L", initials: "ML" })]));
    expect(otherFirst.score).toBeLessThan(agrees);
    expect(kinds(otherFirst)).toContain("first_name_conflict");
    expect(otherMiddle.score).toBeLessThan(agrees);
    expect(otherMiddle.evidence.find((e) => e.kind === "middle_initial_conflict")!.reason).toBe(
      "middle initial L is not J",
    );
  });

  it("matches through a recorded name variant, and a shorter variant does not excuse a conflict", () => {
    const variant = scoreOne(bare([author({ lastName: "Garcia", foreName: "Maria J", initials: "MJ" })]));
    expect(variant.authorIndex).toBe(0);
    expect(kinds(variant)).toContain("name_variant");
    // "Lee, James" beside James A Lee must not let "Lee James B" through.
    const lee = buildFacultyProfile({
      id: "F2",
      lastName: "Lee",
      firstName: "James",
      middleName: "A",
      nameVariants: ["Lee, James", "J. Lee"],
    });
    const link = scoreOne(
      bare([author({ lastName: "Lee", foreName: "James B", initials: "JB" })]),
      noContext,
      undefined,
      lee,
    );
    expect(kinds(link)).toContain("middle_initial_conflict");
    const jae = scoreOne(
      bare([author({ lastName: "Lee", foreName: "Jae H", initials: "JH" })]),
      noContext,
      undefined,
      lee,
    );
    expect(kinds(jae)).toContain("first_name_conflict");
  });

  it("counts a common nickname as the same first name when PubMed can find it (same initial)", () => {
    const william = buildFacultyProfile({ id: "F3", lastName: "Hart", firstName: "William" });
    const bill = scoreOne(
      bare([author({ lastName: "Hart", foreName: "Bill", initials: "B" })]),
      noContext,
      undefined,
      william,
    );
    // "Bill" does not even share the initial: the name does not fit, so no author is matched.
    expect(bill.authorIndex).toBeUndefined();
    const will = scoreOne(
      bare([author({ lastName: "Hart", foreName: "Will", initials: "W" })]),
      noContext,
      undefined,
      william,
    );
    expect(kinds(will)).toContain("full_first_name");
  });

  it("rejects a record on which no author has a name that fits", () => {
    const link = scoreOne(bare([person("Roe", "Alan")]));
    expect(link.authorIndex).toBeUndefined();
    expect(kinds(link)).toEqual(["no_author_matched"]);
    expect(link.status).toBe("rejected");
  });

  it("raises the score for a roster colleague among the co-authors", () => {
    const none = scoreOne(bare()).score;
    const withColleague = scoreOne(bare([her(), person("Chen", "Wei")]));
    expect(withColleague.score).toBeGreaterThan(none);
    expect(withColleague.evidence.find((e) => e.kind === "colleague_coauthor")!.reason).toBe(
      "co-author Wei Chen is a roster colleague",
    );
    // Another Chen with another first name is not the colleague.
    expect(scoreOne(bare([her(), person("Chen", "Ming")])).score).toBe(none);
  });

  it("lowers the score when the author fits a roster colleague's name better", () => {
    const jennifer = buildFacultyProfile({
      id: "F4",
      lastName: "Smith",
      firstName: "Jennifer",
      colleagues: [{ lastName: "Smith", firstName: "Jenny" }],
    });
    const alone = buildFacultyProfile({ id: "F4", lastName: "Smith", firstName: "Jennifer" });
    const record = bare([person("Smith", "Jenny")]);
    const link = scoreOne(record, noContext, undefined, jennifer);
    expect(link.score).toBeLessThan(scoreOne(record, noContext, undefined, alone).score);
    expect(link.evidence.find((e) => e.kind === "colleague_namesake")!.reason).toContain("Jenny Smith");
  });

  it("raises the score for a grant of the person's own, less for an institution's", () => {
    const none = scoreOne(bare()).score;
    const own = scoreOne(bare(undefined, { grants: [{ grantId: "K23 HL151234", agency: "NHLBI NIH HHS" }] }));
    expect(own.score).toBeGreaterThan(none);
    expect(own.evidence.find((e) => e.kind === "grant_own")!.reason).toContain("K23HL151234");
    // PubMed often leaves out the activity code, or adds the year and suffix.
    expect(scoreOne(bare(undefined, { grants: [{ grantId: "HL-151234" }] })).score).toBe(own.score);
    expect(scoreOne(bare(undefined, { grants: [{ grantId: "5K23HL151234-03" }] })).score).toBe(own.score);
    expect(scoreOne(bare(undefined, { grants: [{ grantId: "R01 HL999999" }] })).score).toBe(none);
  });

  it("lowers the score for work from long before the person's career began", () => {
    const none = scoreOne(bare()).score;
    const early = scoreOne(bare(undefined, { publicationDate: { year: 1998 } }));
    expect(early.score).toBeLessThan(none);
    expect(early.evidence.find((e) => e.kind === "before_career")!.reason).toBe(
      "published 1998, 8 years before their earliest known position (2006)",
    );
    expect(scoreOne(bare(undefined, { publicationDate: { year: 2004 } })).score).toBe(none);
    // Without an earliest position, only work from long before the hire counts against.
    const hireOnly = buildFacultyProfile({ ...input, careerStartYear: null });
    expect(
      scoreOne(bare(undefined, { publicationDate: { year: 2000 } }), noContext, undefined, hireOnly).score,
    ).toBeLessThan(none);
    expect(
      scoreOne(bare(undefined, { publicationDate: { year: 2005 } }), noContext, undefined, hireOnly).score,
    ).toBe(none);
  });
});

describe("evidence from the person's accepted and rejected items", () => {
  const collaborators = [person("Ruiz", "Marta"), person("Kowalski", "Piotr")];

  it("raises the score for co-authors shared with accepted items, and names them", () => {
    const none = scoreOne(bare()).score;
    const link = scoreOne(bare([her(), ...collaborators]), {
      accepted: anchors(collaborators),
      rejected: [],
    });
    expect(link.score).toBeGreaterThan(none);
    expect(link.evidence.find((e) => e.kind === "coauthors_shared")!.reason).toBe(
      "shares co-authors Ruiz M, Kowalski P with 3 accepted items (Ruiz M on 3 of their anchored items)",
    );
  });

  it("counts a co-author only when they recur on the accepted items", () => {
    const once = [{ record: article([her(), ...collaborators]), via: "orcid" as const }];
    const link = scoreOne(bare([her(), ...collaborators]), { accepted: once, rejected: [] });
    expect(kinds(link)).not.toContain("coauthors_shared");
  });

  it("does not count an erratum's repeated author list as a second paper with the same co-authors", () => {
    const paper = article([her(), ...collaborators]);
    const erratum = article([her(), ...collaborators], {
      publicationTypes: ["Published Erratum"],
      commentsCorrections: [{ refType: "ErratumFor", pmid: paper.pmid }],
    });
    const candidate = bare([her(), ...collaborators]);
    const withErratum = scoreOne(candidate, {
      accepted: [
        { record: paper, via: "orcid" },
        { record: erratum, via: "orcid" },
      ],
      rejected: [],
    });
    expect(kinds(withErratum)).not.toContain("coauthors_shared");
    // Two real papers with them do make them recurring collaborators.
    const twoPapers = scoreOne(candidate, {
      accepted: [
        { record: paper, via: "orcid" },
        { record: article([her(), ...collaborators]), via: "orcid" },
      ],
      rejected: [],
    });
    expect(kinds(twoPapers)).toContain("coauthors_shared");
  });

  it("raises the score for the person's usual journal and subjects", () => {
    const subjects = {
      meshHeadings: ["Humans", "Hypertension", "Primary Health Care"],
      keywords: ["blood pressure"],
    };
    const accepted = anchors([person("Roe", "Alan")], subjects);
    const none = scoreOne(
      bare([her()], { journal: "Other Journal", journalAbbreviation: "Other J", issn: "1111-1111" }),
      {
        accepted,
        rejected: [],
      },
    );
    const sameJournal = scoreOne(bare([her()]), { accepted, rejected: [] });
    expect(sameJournal.score).toBeGreaterThan(none.score);
    expect(sameJournal.evidence.find((e) => e.kind === "journal_shared")!.reason).toBe(
      'journal "J Gen Clin Med" appears on 3 of 3 accepted items',
    );
    const sameSubjects = scoreOne(
      bare([her()], {
        journal: "Other Journal",
        journalAbbreviation: "Other J",
        issn: "1111-1111",
        ...subjects,
      }),
      { accepted, rejected: [] },
    );
    expect(sameSubjects.score).toBeGreaterThan(none.score);
    // Check tags such as Humans say nothing about a subject.
    expect(sameSubjects.evidence.find((e) => e.kind === "topics_shared")!.reason).not.toContain("Humans");
  });

  it("raises the score for a grant acknowledged on accepted items", () => {
    const grants = [{ grantId: "R01 AG012345" }];
    const accepted = anchors([person("Roe", "Alan")], { grants, issn: "2222-2222" });
    const none = scoreOne(bare([her()]), { accepted, rejected: [] }).score;
    const link = scoreOne(bare([her()], { grants }), { accepted, rejected: [] });
    expect(link.score).toBeGreaterThan(none);
    expect(kinds(link)).toContain("grant_on_accepted");
  });

  it("lowers the score for co-authors of items the person rejected", () => {
    const namesakeCrowd = [person("Tanaka", "Hiroshi"), person("Bauer", "Klaus")];
    const rejected: RejectedItem[] = [{ record: article([her(), ...namesakeCrowd]) }];
    const none = scoreOne(bare([her(), ...namesakeCrowd])).score;
    const link = scoreOne(bare([her(), ...namesakeCrowd]), { accepted: [], rejected });
    expect(link.score).toBeLessThan(none);
    expect(kinds(link)).toContain("coauthors_rejected");
  });
});

describe("scoring a person's candidates", () => {
  it("places each link by the thresholds it is given", () => {
    // Anchored (home affiliation), published years before her career began: a middling score.
    const record = bare([her({ affiliations: [HOME] })], { publicationDate: { year: 2001 } });
    const { score } = scoreOne(record);
    expect(scoreOne(record, noContext, { accept: score, reject: 0 }).status).toBe("accepted");
    expect(scoreOne(record, noContext, { accept: score + 1, reject: 0 }).status).toBe("pending");
    expect(scoreOne(record, noContext, { accept: 100, reject: score }).status).toBe("rejected");
  });

  it("makes the score exactly what the evidence weights add up to, clamped to 0-100", () => {
    for (const record of [
      bare(),
      bare([her({ affiliations: [HOME] }), person("Chen", "Wei")]),
      bare([her({ orcid: ORCID })]),
    ]) {
      const link = scoreOne(record);
      const total = 50 + link.evidence.reduce((sum, item) => sum + item.weight, 0);
      expect(link.score).toBe(Math.max(0, Math.min(100, total)));
      expect(scoreEvidence(link.evidence).score).toBe(link.score);
      for (const item of link.evidence) expect(item.reason.length).toBeGreaterThan(10);
    }
  });

  it("never gives a result for an item the person rejected or accepted, whatever its evidence", () => {
    const rejectedRecord = bare([her({ orcid: ORCID, affiliations: [HOME] })]);
    const acceptedRecord = bare([her()]);
    const open = bare([her({ affiliations: [HOME] })]);
    const results = scoreFacultyArticles(
      profile,
      [{ record: rejectedRecord }, { record: acceptedRecord }, { record: open }],
      { accepted: [{ pmid: acceptedRecord.pmid, via: "person" }], rejected: [{ pmid: rejectedRecord.pmid }] },
    );
    expect(results.map((link) => link.pmid)).toEqual([open.pmid]);
    // Found by DOI too, when the item was stored from another source.
    const byDoi = bare([her({ orcid: ORCID })], { doi: "10.5555/jgcm.2018.00001" });
    expect(
      scoreFacultyArticles(profile, [{ record: byDoi }], {
        accepted: [],
        rejected: [{ doi: "https://doi.org/10.5555/JGCM.2018.00001" }],
      }),
    ).toEqual([]);
  });

  it("accepts a work on the person's ORCID record", () => {
    const record = bare([her({ affiliations: [ELSEWHERE] })]);
    const link = scoreOne(record, { accepted: [{ pmid: record.pmid, via: "orcid" }], rejected: [] });
    expect(link.status).toBe("accepted");
    expect(kinds(link)[0]).toBe("orcid_record");
  });

  it("never lets an item count as evidence for itself, nor its erratum", () => {
    const collaborators = [person("Ruiz", "Marta"), person("Kowalski", "Piotr")];
    // Alone among the candidates, a sure link (home affiliation) is an anchor, but not for itself.
    const sure = bare([her({ affiliations: [HOME] }), ...collaborators]);
    const [link] = scoreFacultyArticles(profile, [{ record: sure }], noContext);
    expect(link!.anchor).toBe(true);
    expect(kinds(link!)).not.toContain("coauthors_shared");
    expect(kinds(link!)).not.toContain("journal_shared");
    // An ORCID work shares nothing with itself as a candidate, and its erratum does not count for it.
    const work = article([her(), ...collaborators]);
    const erratum = article([her(), ...collaborators], {
      publicationTypes: ["Published Erratum"],
      commentsCorrections: [{ refType: "ErratumFor", pmid: work.pmid }],
    });
    const again = article([her(), ...collaborators], {
      commentsCorrections: [{ refType: "ErratumIn", pmid: erratum.pmid }],
    });
    const accepted: KnownItem[] = [
      { record: work, via: "orcid" },
      { record: erratum, via: "person" },
    ];
    const scored = scoreOne(again, { accepted, rejected: [] });
    expect(scored.evidence.find((e) => e.kind === "coauthors_shared")).toBeUndefined();
  });

  it("does not let namesake papers lift each other: context evidence comes from anchors only", () => {
    const crowd = [person("Tanaka", "Hiroshi"), person("Bauer", "Klaus")];
    // Ten papers by someone of her name elsewhere, sharing co-authors with each other.
    const namesake = Array.from({ length: 10 }, () => ({ record: bare([her(), ...crowd]) }));
    const results = scoreFacultyArticles(profile, namesake, noContext);
    for (const link of results) {
      expect(kinds(link)).not.toContain("coauthors_shared");
      expect(link.status).toBe("pending");
    }
  });

  it("gives the same results for the same input, in the candidates' order", () => {
    const records = [
      bare([her({ affiliations: [HOME] }), person("Ruiz", "Marta")]),
      bare([person("Ruiz", "Marta"), her()]),
      bare([her({ orcid: ORCID })]),
      bare([her({ affiliations: [ELSEWHERE] })]),
    ];
    const run = (): ArticleScore[] =>
      scoreFacultyArticles(
        profile,
        records.map((record) => ({ record })),
        noContext,
      );
    expect(run()).toEqual(run());
    expect(run().map((link) => link.pmid)).toEqual(records.map((record) => record.pmid));
  });

  it("records the matched author's position among people and equal contribution", () => {
    const group = author({ collectiveName: "Northfield Primary Care Network" });
    const link = scoreOne(bare([person("Roe", "Alan"), her({ equalContribution: true }), group]));
    expect(link.authorIndex).toBe(1);
    expect(link.authorPosition).toBe("last");
    expect(link.equalContribution).toBe(true);
  });

  it("uses the author position the caller knows", () => {
    const record = bare([her(), person("Roe", "Alan"), her({ foreName: "María José", initials: "MJ" })]);
    const [link] = scoreFacultyArticles(profile, [{ record, authorIndex: 2 }], noContext);
    expect(link!.authorIndex).toBe(2);
  });
});
