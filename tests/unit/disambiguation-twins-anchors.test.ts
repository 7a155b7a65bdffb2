import { describe, expect, it } from "vitest";
import { evidenceKinds, scoreRecords as score } from "../helpers/score-records.ts";
import { medlineAuthor as author, numberedArticles } from "../helpers/pubmed-record.ts";
import type { FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

// Two roster members named Anna Lindqvist at Northfield University, in one division, who write with
// the same close collaborator (Marta Ruiz). Each has records only she can be the author of: the
// first her e-mail, the second her ORCID iD.

const article = numberedArticles(36_000_001, 2018);
const HOME = "Division of General Internal Medicine, Northfield University, Northfield, MN, USA.";
const FIRST_EMAIL = "anna.lindqvist@northfield.edu";
const SECOND_EMAIL = "anna.lindqvist2@northfield.edu";
const SECOND_ORCID = "0000-0002-1825-0097";

const anna = (fields: Partial<PubmedAuthor> = {}): PubmedAuthor =>
  author("Lindqvist", "Anna", { affiliations: [HOME], ...fields });
const shared = author("Ruiz", "Marta");
const firstTeam = [author("Kowalski", "Piotr"), author("Haddad", "Samir")];
const secondTeam = [author("Tanaka", "Hiroshi"), author("Bauer", "Klaus")];

const firstOwn = Array.from({ length: 6 }, (_, at) =>
  article([anna({ affiliations: [`${HOME} ${FIRST_EMAIL}`] }), shared, ...firstTeam], 2012 + at),
);
const secondOwn = Array.from({ length: 6 }, (_, at) =>
  article([anna({ orcid: SECOND_ORCID }), shared, ...secondTeam], 2012 + at),
);
// A work on the second one's ORCID record, her name alone on it, with the first one's team.
const secondOrcidWork = article([anna(), ...firstTeam, author("Moreau", "Claire")]);

const roster = {
  lastName: "Lindqvist",
  firstName: "Anna",
  affiliationTerms: ["Northfield University"],
  division: "General Internal Medicine",
  hireDate: "2010-07-01",
};
const first: FacultyProfileInput = {
  ...roster,
  id: "F001",
  email: FIRST_EMAIL,
  colleagues: [
    {
      ...roster,
      id: "F002",
      orcid: SECOND_ORCID,
      email: SECOND_EMAIL,
      ownItems: [{ pmid: secondOrcidWork.pmid }],
    },
  ],
};
const second: FacultyProfileInput = {
  ...roster,
  id: "F002",
  orcid: SECOND_ORCID,
  email: SECOND_EMAIL,
  colleagues: [{ ...roster, id: "F001", email: FIRST_EMAIL }],
};

function scoreBoth(records: readonly PubmedArticleRecord[]) {
  const all = [...firstOwn, ...secondOwn, ...records];
  const ofFirst = score(first, all).slice(firstOwn.length + secondOwn.length);
  const ofSecond = score(second, all).slice(firstOwn.length + secondOwn.length);
  return { ofFirst, ofSecond };
}

describe("roster twins who share a collaborator", () => {
  it("keeps a record whose only tie is the shared collaborator pending for both", () => {
    const sharedOnly = article([anna(), shared, author("Stranger", "Sam")]);
    const { ofFirst, ofSecond } = scoreBoth([sharedOnly]);
    for (const link of [ofFirst[0]!, ofSecond[0]!]) {
      expect(link.status).toBe("pending");
      expect(link.evidence.some((piece) => piece.anchor)).toBe(false);
      expect(link.evidence.find((piece) => piece.kind === "unanchored")!.reason).toContain(
        "indistinguishable by name",
      );
    }
  });

  it("gives a record with the second one's ORCID iD to her, not to the first, whatever its co-authors", () => {
    const withOrcid = article([anna({ orcid: SECOND_ORCID }), shared, ...firstTeam]);
    const { ofFirst, ofSecond } = scoreBoth([withOrcid]);
    expect(ofSecond[0]!.status).toBe("accepted");
    expect(ofFirst[0]!.status).toBe("rejected");
    const against = ofFirst[0]!.evidence.find((piece) => piece.kind === "twin_anchor")!;
    expect(against.reason).toContain(`ORCID iD of roster colleague Anna Lindqvist (F002) (${SECOND_ORCID})`);
  });

  it("gives a record with the second one's e-mail to her, not to the first, whatever its co-authors", () => {
    const withEmail = article([anna({ affiliations: [`${HOME} ${SECOND_EMAIL}`] }), shared, ...firstTeam]);
    const { ofFirst, ofSecond } = scoreBoth([withEmail]);
    expect(ofSecond[0]!.status).toBe("accepted");
    expect(evidenceKinds(ofSecond[0]!)).toContain("email_match");
    expect(ofFirst[0]!.status).not.toBe("accepted");
    expect(evidenceKinds(ofFirst[0]!)).toContain("twin_anchor");
  });

  it("does not give the first one a work on the second one's ORCID record", () => {
    const { ofFirst } = scoreBoth([secondOrcidWork]);
    expect(ofFirst[0]!.status).not.toBe("accepted");
    expect(ofFirst[0]!.evidence.find((piece) => piece.kind === "twin_anchor")!.reason).toContain("own items");
  });

  it("still gives each her records with her own team only", () => {
    const firstTeamOnly = article([anna(), ...firstTeam, author("Stranger", "Sam")]);
    const secondTeamOnly = article([anna(), ...secondTeam, author("Stranger", "Sam")]);
    const { ofFirst, ofSecond } = scoreBoth([firstTeamOnly, secondTeamOnly]);
    expect(ofFirst[0]!.status).toBe("accepted");
    expect(ofFirst[1]!.status).not.toBe("accepted");
    expect(ofSecond[1]!.status).toBe("accepted");
    expect(ofSecond[0]!.status).not.toBe("accepted");
  });
});
