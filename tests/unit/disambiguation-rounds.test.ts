import { describe, expect, it } from "vitest";
import { buildFacultyProfile, type FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import { scoreFacultyArticles, type KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { medlineAuthor as author, numberedArticles } from "../helpers/pubmed-record.ts";
import { raviMenon } from "../helpers/faculty-profile.ts";

// Ravi Menon of Northfield University: one work on his ORCID record, and papers without an
// affiliation on him written with the same two collaborators (one cluster with the work).

const article = numberedArticles(34_000_000, 2012);

const ravi = raviMenon;

const menon = () => author("Menon", "Ravi");
const pair = () => [author("Quill", "Rhoda"), author("Ostrova", "Petra")];

function scoreWith(known: KnownItem[], others: PubmedArticleRecord[]) {
  return scoreFacultyArticles(
    buildFacultyProfile(ravi),
    [...known.map((item) => ({ record: item.record! })), ...others.map((record) => ({ record }))],
    { accepted: known, rejected: [] },
  );
}

describe("a record accepted through its cluster", () => {
  const own = article([menon(), ...pair()], 2010, "Journal A");
  const known: KnownItem[] = [{ pmid: own.pmid, record: own, authorIndex: 0, via: "orcid" }];
  const unplaced = [article([author("Stranger", "Sam"), menon(), ...pair()], 2011, "Journal B")];

  it("stays accepted once a second round of anchoring runs", () => {
    const links = scoreWith(known, unplaced);
    for (const record of unplaced) {
      const link = links.find((found) => found.pmid === record.pmid)!;
      expect(link.status).toBe("accepted");
      const cluster = link.evidence.find((piece) => piece.kind === "cluster_anchored");
      expect(cluster?.anchor).toBe(true);
      expect(cluster?.items).toContain(own.pmid);
      expect(link.evidence.map((piece) => piece.kind)).not.toContain("unanchored");
    }
  });
});

describe("a cluster at a place another author of the name shares", () => {
  const WESTMARK = "Department of Surgery, University of Westmark, Westmark, OH, USA.";
  const moved: FacultyProfileInput = {
    ...ravi,
    orcid: "0000-0002-1825-0097",
    previousAffiliations: ["University of Westmark"],
  };
  const own = article([menon(), ...pair()], 2006, "Journal A");
  const known: KnownItem[] = [{ pmid: own.pmid, record: own, authorIndex: 0, via: "orcid" }];
  const atWestmark = article(
    [author("Stranger", "Sam"), author("Menon", "Ravi", { affiliations: [WESTMARK] }), ...pair()],
    2005,
    "Journal B",
  );
  const otherMenon = article(
    [
      author("Menon", "Ravi", { affiliations: [WESTMARK], orcid: "0000-0002-1694-233X" }),
      author("Vance", "Ida"),
    ],
    2005,
    "Journal C",
  );

  it("corroborates a record there but does not anchor it", () => {
    const links = scoreFacultyArticles(
      buildFacultyProfile(moved),
      [own, atWestmark, otherMenon].map((record) => ({ record })),
      { accepted: known, rejected: [] },
    );
    const link = links.find((found) => found.pmid === atWestmark.pmid)!;
    expect(link.evidence.find((piece) => piece.kind === "affiliation_shared")).toBeDefined();
    const cluster = link.evidence.find((piece) => piece.kind === "cluster_anchored")!;
    expect(cluster.weight).toBe(10);
    expect(cluster.anchor).toBeUndefined();
    expect(cluster.reason).toContain("another author of this name works too");
    expect(link.status).toBe("pending");
  });
});

describe("a cluster joined through co-authors of another author of the name", () => {
  const EASTFIELD = "Department of Surgery, Eastfield University, Eastfield, OR, USA.";
  const works = [2009, 2010, 2011].map((year) => article([menon(), ...pair()], year, `Journal ${year}`));
  const known: KnownItem[] = works.map((record) => ({
    pmid: record.pmid,
    record,
    authorIndex: 0,
    via: "orcid" as const,
  }));
  // Another Ravi Menon, at another institution since well after the hire, writes with them too.
  const elsewhere = article(
    [author("Menon", "Ravi", { affiliations: [EASTFIELD] }), ...pair()],
    2015,
    "Journal E",
  );
  const unplaced = article([author("Stranger", "Sam"), menon(), ...pair()], 2016, "Journal X");

  it("corroborates the record but does not anchor it", () => {
    const links = scoreWith(known, [elsewhere, unplaced]);
    const link = links.find((found) => found.pmid === unplaced.pmid)!;
    expect(link.evidence.find((piece) => piece.kind === "coauthors_shared")!.reason).toContain(
      "write with another author of this name too",
    );
    const cluster = link.evidence.find((piece) => piece.kind === "cluster_anchored")!;
    expect(cluster.reason).toContain(
      "joined through co-authors who write with another author of this name too",
    );
    expect(cluster.anchor).toBeUndefined();
    expect(link.status).toBe("pending");
  });
});
