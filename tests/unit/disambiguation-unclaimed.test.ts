import { describe, expect, it } from "vitest";
import { evidenceKinds as kinds, scoreRecords as score } from "../helpers/score-records.ts";
import type { FacultyProfileInput } from "../../src/disambiguation/profile.ts";
import type { PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { medlineAuthor, numberedArticles } from "../helpers/pubmed-record.ts";

// Anna K Lindqvist of General Internal Medicine at Northfield University (hired 2013, formerly at
// the University of Westmark), her roster colleague Adaeze Okafor, and the other Anna K
// Lindqvists the search finds.

const author = medlineAuthor;
const anna = (fields: Partial<PubmedAuthor> = {}): PubmedAuthor => author("Lindqvist", "Anna K", fields);
const okafor = author("Okafor", "Adaeze");
const article = numberedArticles(35_000_000, 2012);

const NORTHFIELD = "Northfield University, Northfield, MN, USA.";
const RADIOLOGY = `Department of Radiology, ${NORTHFIELD}`;
const EASTFIELD = "Department of Surgery, Eastfield University, Eastfield, OR, USA.";
const WESTMARK = "Department of Medicine, University of Westmark, Westmark, OH, USA.";

const lindqvist: FacultyProfileInput = {
  id: "F001",
  lastName: "Lindqvist",
  firstName: "Anna",
  middleName: "K",
  affiliationTerms: ["Northfield University"],
  division: "General Internal Medicine",
  hireDate: "2013-07-01",
  colleagues: [{ id: "F002", lastName: "Okafor", firstName: "Adaeze" }],
};

describe("a record without affiliation, with a roster colleague, that no other author of the name claims", () => {
  // An Anna K Lindqvist in surgery at Eastfield writes with Vance Q: the search shows her too.
  const eastfield = article(
    [anna({ affiliations: [EASTFIELD] }), author("Vance", "Quentin"), author("Mbeki", "Thabo")],
    2014,
  );

  it("is anchored by the colleague when none of its co-authors writes with another record of the name", () => {
    const own = article([anna(), okafor, author("Lund", "Petra")]);
    const [link] = score(lindqvist, [own, eastfield]);
    expect(link!.status).toBe("accepted");
    const unclaimed = link!.evidence.find((piece) => piece.kind === "colleague_unclaimed")!;
    expect(unclaimed.anchor).toBe(true);
    expect(unclaimed.reason).toContain("roster colleague");
  });

  it("stays pending when a co-author writes with the other author's records", () => {
    const tied = article([anna(), okafor, author("Vance", "Quentin")]);
    const [link] = score(lindqvist, [tied, eastfield]);
    expect(link!.status).toBe("pending");
    expect(kinds(link!)).not.toContain("colleague_unclaimed");
  });

  it("stays pending when the results show two other authors of the name or more", () => {
    // Another Anna K Lindqvist at Southgate: some of the name's authors may have a record or two
    // of their own only, which nothing ties to them.
    const southgate = article(
      [anna({ affiliations: ["Department of Pediatrics, Southgate College, Southgate, TX, USA."] })],
      2015,
    );
    const own = article([anna(), okafor, author("Lund", "Petra")]);
    const [link] = score(lindqvist, [own, eastfield, southgate]);
    expect(link!.status).toBe("pending");
    expect(kinds(link!)).not.toContain("colleague_unclaimed");
    expect(link!.evidence.find((piece) => piece.kind === "name_ambiguity")!.reason).toContain(
      "about 2 other",
    );
  });

  it("stays pending on a long author list, a consortium's, where a namesake meets a colleague by chance", () => {
    const consortium = Array.from({ length: 8 }, (_, at) => author(`Member${at}`, "Kim"));
    const [link] = score(lindqvist, [article([anna(), okafor, ...consortium]), eastfield]);
    expect(link!.status).toBe("pending");
    expect(kinds(link!)).not.toContain("colleague_unclaimed");
    // Nine authors are few enough.
    const [short] = score(lindqvist, [article([anna(), okafor, ...consortium.slice(1)]), eastfield]);
    expect(short!.status).toBe("accepted");
  });

  it("stays pending without a roster colleague, or with an affiliation of its own", () => {
    const [alone] = score(lindqvist, [article([anna(), author("Lund", "Petra")]), eastfield]);
    expect(alone!.status).toBe("pending");
    const [placed] = score(lindqvist, [
      article([anna({ affiliations: [EASTFIELD] }), okafor, author("Lund", "Petra")], 2011),
      eastfield,
    ]);
    expect(kinds(placed!)).not.toContain("colleague_unclaimed");
  });

  it("stays pending where the results show another author of the name at home: the colleague is theirs too", () => {
    const own = article([anna(), okafor, author("Lund", "Petra")]);
    const radiology = [1, 2].map((n) =>
      article([anna({ affiliations: [RADIOLOGY] }), author(`Stranger${n}`, "Sam")], 2016),
    );
    const [link] = score(lindqvist, [own, ...radiology]);
    expect(link!.status).toBe("pending");
    expect(kinds(link!)).not.toContain("colleague_unclaimed");
  });

  it("leaves roster twins pending: the colleague may be the twin's", () => {
    const twins: FacultyProfileInput = {
      ...lindqvist,
      middleName: null,
      colleagues: [
        { id: "F002", lastName: "Okafor", firstName: "Adaeze" },
        { id: "F003", lastName: "Lindqvist", firstName: "Anna", middleName: null },
      ],
    };
    const own = article([author("Lindqvist", "Anna"), okafor, author("Lund", "Petra")]);
    const [link] = score(twins, [own]);
    expect(link!.status).toBe("pending");
    expect(kinds(link!)).not.toContain("colleague_unclaimed");
  });
});

describe("a cluster holding records at a former employer shared with another author of the name", () => {
  // Westmark on the roster without years: two papers there after her hire show another Anna K
  // Lindqvist working there, who writes with Hale R and Ortiz M as Anna did there.
  const rostered: FacultyProfileInput = { ...lindqvist, previousAffiliations: ["University of Westmark"] };
  const hale = author("Hale", "Rosa");
  const ortiz = author("Ortiz", "Miguel");

  it("carries no anchor to a record without affiliation that it joined", () => {
    const hers = article([anna({ affiliations: [WESTMARK] }), hale, ortiz], 2011);
    const theirs = [2014, 2015].map((year) =>
      article([anna({ affiliations: [WESTMARK] }), hale, ortiz, author(`Stranger${year}`, "Sam")], year),
    );
    const unplaced = article([anna(), hale, ortiz], 2017);
    const links = score(rostered, [unplaced, ...theirs], [{ record: hers, authorIndex: 0, via: "orcid" }]);
    const link = links[0]!;
    expect(link.status).toBe("pending");
    const cluster = link.evidence.find((piece) => piece.kind === "cluster_anchored")!;
    expect(cluster.anchor).toBeUndefined();
    expect(cluster.reason).toContain("at a place away from home where another author of this name works too");
  });

  it("still anchors such a record by a cluster of hers away from the shared place", () => {
    const hers = article([anna({ affiliations: [WESTMARK] }), hale, ortiz], 2011);
    const unplaced = article([anna(), hale, ortiz], 2017);
    const [link] = score(rostered, [unplaced], [{ record: hers, authorIndex: 0, via: "orcid" }]);
    expect(link!.status).toBe("accepted");
    expect(link!.evidence.find((piece) => piece.kind === "cluster_anchored")!.anchor).toBe(true);
  });
});
