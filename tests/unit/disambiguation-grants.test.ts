import { describe, expect, it } from "vitest";
import { buildFacultyProfile } from "../../src/disambiguation/profile.ts";
import { scoreGrantLink, type GrantLinkCandidate } from "../../src/disambiguation/score-grants.ts";
import type { KnownItem } from "../../src/disambiguation/score-articles.ts";
import type { CandidateItem } from "../../src/sources/candidate.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

const input = {
  id: "F001",
  lastName: "Okafor",
  firstName: "Adaeze",
  middleName: "N",
  affiliationTerms: ["Northfield University"],
  orcidAffiliationTerms: ["University of Westmark"],
  hireDate: "2012-07-01",
  careerStartYear: 2006,
  reporterProfileId: 11_223_344,
};
const profile = buildFacultyProfile(input);

function grant(pis: string[], fields: Partial<CandidateItem> = {}): CandidateItem {
  return {
    source: "reporter",
    sourceId: "R01HL151234",
    kind: "grant",
    sourceType: "R01",
    title: "Improving blood pressure control in primary care",
    year: 2016,
    otherIds: [{ type: "grant_number", value: "R01HL151234" }],
    contributors: pis.map((name, index) => ({
      name,
      role: index === 0 ? "contact-principal-investigator" : "principal-investigator",
    })),
    grant: {
      coreProjectNumber: "R01HL151234",
      grantNumber: "5R01HL151234-03",
      startYear: 2016,
      endYear: 2020,
    },
    ...fields,
  };
}

const byName = (reason = 'PI name "ADAEZE N OKAFOR" agrees with first and last name on 5R01HL151234-03') => ({
  kind: "name" as const,
  reason,
});

function acknowledging(grantId: string): KnownItem {
  const record: PubmedArticleRecord = {
    kind: "article",
    pmid: "31000001",
    title: "A trial",
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors: [],
    grants: [{ grantId }],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
  };
  return { record, via: "person" };
}

const none = { accepted: [] };

function score(link: GrantLinkCandidate, context: { accepted: KnownItem[] } = none) {
  return scoreGrantLink(profile, link, context);
}

describe("scoreGrantLink", () => {
  it("accepts on the person's confirmed RePORTER profile id, keeping the id on the evidence", () => {
    const result = score({
      candidate: grant(["ADAEZE N OKAFOR"]),
      match: {
        kind: "profile_id",
        reason: "RePORTER profile id 11223344 on 5R01HL151234-03",
        profileId: 11_223_344,
      },
    });
    expect(result.status).toBe("accepted");
    expect(result.score).toBe(100);
    expect(result.evidence[0]).toMatchObject({ kind: "reporter_profile_id", reporterProfileId: 11_223_344 });
  });

  it("rejects a PI whose profile id is not the person's confirmed one", () => {
    const result = score({
      candidate: grant(["ADAEZE N OKAFOR"]),
      match: { kind: "name", reason: "PI name agrees", profileId: 99_999_999 },
    });
    expect(result.status).toBe("rejected");
    expect(result.evidence.map((e) => e.kind)).toContain("reporter_profile_conflict");
  });

  it("weighs the PI's name: full first name and middle initial for, a conflict against", () => {
    const full = score({ candidate: grant(["ADAEZE N OKAFOR"]), match: byName() }).score;
    const first = score({ candidate: grant(["ADAEZE OKAFOR"]), match: byName() }).score;
    const initial = score({ candidate: grant(["A OKAFOR"]), match: byName() }).score;
    const otherMiddle = score({ candidate: grant(["ADAEZE C OKAFOR"]), match: byName() });
    expect(full).toBeGreaterThan(first);
    expect(first).toBeGreaterThan(initial);
    expect(otherMiddle.score).toBeLessThan(initial);
    expect(otherMiddle.evidence.map((e) => e.kind)).toContain("middle_initial_conflict");
  });

  it("takes the best-fitting PI of several, and keeps the harvest's reason and profile id", () => {
    const result = score({
      candidate: grant(["JOHN SMITH", "ADAEZE N OKAFOR"]),
      match: { ...byName(), profileId: 11_223_344 },
    });
    expect(result.evidence[0]).toMatchObject({
      kind: "reporter_name",
      weight: 0,
      reporterProfileId: 11_223_344,
    });
    expect(result.evidence.map((e) => e.kind)).toContain("middle_initial_agrees");
  });

  it("raises the score for an award to their home or past institution", () => {
    const base = score({ candidate: grant(["ADAEZE N OKAFOR"]), match: byName() }).score;
    const home = score({
      candidate: grant(["ADAEZE N OKAFOR"]),
      match: byName(),
      organization: "NORTHFIELD UNIVERSITY",
    });
    const past = score({
      candidate: grant(["ADAEZE N OKAFOR"]),
      match: byName(),
      organization: "UNIVERSITY OF WESTMARK",
    });
    expect(home.score).toBeGreaterThan(past.score);
    expect(past.score).toBeGreaterThan(base);
    expect(
      score({
        candidate: grant(["ADAEZE N OKAFOR"]),
        match: byName(),
        organization: "CARROW STATE UNIVERSITY",
      }).score,
    ).toBe(base);
  });

  it("raises the score when their accepted articles acknowledge the award, less for an institutional one", () => {
    const base = score({ candidate: grant(["ADAEZE OKAFOR"]), match: byName() }).score;
    const acknowledged = score(
      { candidate: grant(["ADAEZE OKAFOR"]), match: byName() },
      { accepted: [acknowledging("R01 HL151234")] },
    );
    expect(acknowledged.score).toBeGreaterThan(base);
    expect(acknowledged.status).toBe("accepted");
    expect(acknowledged.evidence.find((e) => e.kind === "grant_on_accepted")!.reason).toBe(
      "R01HL151234 is acknowledged on 1 of their accepted articles",
    );
    const center = grant(["ADAEZE OKAFOR"], {
      sourceId: "UL1TR000001",
      grant: { coreProjectNumber: "UL1TR000001", startYear: 2016 },
    });
    const centerScore = score(
      { candidate: center, match: byName() },
      { accepted: [acknowledging("UL1 TR000001")] },
    ).score;
    expect(centerScore).toBeGreaterThan(base);
    expect(centerScore).toBeLessThan(acknowledged.score);
  });

  it("raises the score for an award among their own grants", () => {
    const withOwn = buildFacultyProfile({ ...input, grantNumbers: ["R01 HL151234"] });
    const base = score({ candidate: grant(["ADAEZE OKAFOR"]), match: byName() }).score;
    const own = scoreGrantLink(withOwn, { candidate: grant(["ADAEZE OKAFOR"]), match: byName() }, none);
    expect(own.score).toBeGreaterThan(base);
    expect(own.evidence.map((e) => e.kind)).toContain("grant_own");
  });

  it("lowers the score for an award that started long before their career", () => {
    const base = score({ candidate: grant(["ADAEZE OKAFOR"]), match: byName() }).score;
    const early = score({
      candidate: grant(["ADAEZE OKAFOR"], {
        year: 1996,
        grant: { coreProjectNumber: "R01HL151234", startYear: 1996 },
      }),
      match: byName(),
    });
    expect(early.score).toBeLessThan(base);
    expect(early.evidence.find((e) => e.kind === "before_career")!.reason).toMatch(/^started 1996/);
  });

  it("places the link by the thresholds it is given", () => {
    const link = { candidate: grant(["ADAEZE N OKAFOR"]), match: byName() };
    const { score: value } = score(link);
    expect(scoreGrantLink(profile, link, none, { accept: value, reject: 0 }).status).toBe("accepted");
    expect(scoreGrantLink(profile, link, none, { accept: value + 1, reject: 0 }).status).toBe("pending");
    expect(scoreGrantLink(profile, link, none, { accept: 100, reject: value }).status).toBe("rejected");
  });
});
