import { describe, expect, it } from "vitest";
import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import { scoreFacultyArticles, type KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { medlineAuthor as author, numberedArticles } from "../helpers/pubmed-record.ts";

// Wei C Li of Northfield University signs "Li WC" on every work of his ORCID record; María
// Martínez signs "Martínez M". Each has a namesake in their own division who writes the name
// otherwise ("Li W", "Martínez MS").

const article = numberedArticles(35_000_000, 2016);
const HOME =
  "Division of General Internal Medicine, Department of Medicine, Northfield University, Northfield, MN, USA.";

const wei: FacultyProfileInput = {
  id: "F001",
  lastName: "Li",
  firstName: "Wei",
  middleName: "C",
  affiliationTerms: ["Northfield University"],
  division: "General Internal Medicine",
  hireDate: "2008-07-01",
};
const maria: FacultyProfileInput = {
  ...wei,
  id: "F002",
  lastName: "Martínez",
  firstName: "María",
  middleName: "",
};

/** Works on their ORCID record, each with a collaborator met once. */
function orcidWorks(signed: () => PubmedAuthor, count: number): KnownItem[] {
  return Array.from({ length: count }, (_, at) => {
    const record = article([signed(), author(`Once${at}`, "Olga")], 2010 + at, `Journal ${at}`);
    return { pmid: record.pmid, record, authorIndex: 0, via: "orcid" as const };
  });
}

function linkFor(input: FacultyProfileInput, known: KnownItem[], candidate: PubmedArticleRecord) {
  return scoreFacultyArticles(
    buildFacultyProfile(input),
    [...known.map((item) => ({ record: item.record! })), { record: candidate }],
    { accepted: known, rejected: [] },
  ).find((link) => link.pmid === candidate.pmid)!;
}

const atHome = (signed: PubmedAuthor): PubmedArticleRecord =>
  article([author("Stranger", "Sam"), { ...signed, affiliations: [HOME] }], 2017, "Journal X");

describe("a name written otherwise than the person's own records write it", () => {
  it("holds a home paper without the middle initial he always gives for review", () => {
    const known = orcidWorks(() => author("Li", "Wei C"), 6);
    const link = linkFor(wei, known, atHome(author("Li", "Wei")));
    const unlike = link.evidence.find((piece) => piece.kind === "name_form_unlike")!;
    expect(unlike.reason).toContain("6 of the 6 records");
    expect(unlike.reason).toContain("with middle initial C");
    expect(link.evidence.find((piece) => piece.kind === "affiliation_match")!.anchor).toBeUndefined();
    expect(link.status).toBe("pending");
  });

  it("accepts the same home paper written as he writes it", () => {
    const known = orcidWorks(() => author("Li", "Wei C"), 6);
    const link = linkFor(wei, known, atHome(author("Li", "Wei C")));
    expect(link.evidence.map((piece) => piece.kind)).not.toContain("name_form_unlike");
    expect(link.status).toBe("accepted");
  });

  it("holds a middle initial she never gives, where the roster gives her none", () => {
    const known = orcidWorks(() => author("Martínez", "María"), 5);
    const link = linkFor(maria, known, atHome(author("Martínez", "María S")));
    expect(link.evidence.find((piece) => piece.kind === "name_form_unlike")!.reason).toContain(
      "without a middle initial",
    );
    expect(link.status).toBe("pending");
  });

  it("reads no habit from too few records of their own", () => {
    const known = orcidWorks(() => author("Li", "Wei C"), 4);
    const link = linkFor(wei, known, atHome(author("Li", "Wei")));
    expect(link.evidence.map((piece) => piece.kind)).not.toContain("name_form_unlike");
    expect(link.status).toBe("accepted");
  });
});
