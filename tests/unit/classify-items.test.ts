import { describe, expect, it } from "vitest";
import {
  classifyItem,
  describeClassification,
  grantRoleOf,
  METRICS,
  orcidWorkKind,
  type ClassifiableItem,
  type PersonLink,
} from "../../src/reconcile/classify.ts";
import { loadClassificationRules, rulesVersion } from "../../src/reconcile/rules.ts";

const rules = loadClassificationRules();
const version = rulesVersion(rules);

function publication(fields: Partial<ClassifiableItem> = {}): ClassifiableItem {
  return {
    kind: "publication",
    title: "A paper",
    publicationTypes: [],
    sourceTypes: [],
    sources: [],
    ...fields,
  };
}

function fromPubmed(...publicationTypes: string[]): ClassifiableItem {
  return publication({ publicationTypes, sources: ["pubmed"] });
}

function presentation(venue: string | undefined, fields: Partial<ClassifiableItem> = {}): ClassifiableItem {
  return {
    kind: "presentation",
    title: "A talk",
    venue,
    publicationTypes: [],
    sourceTypes: ["conference-presentation"],
    sources: ["orcid"],
    ...fields,
  };
}

function grant(fields: Partial<ClassifiableItem> = {}): ClassifiableItem {
  return {
    kind: "grant",
    title: "A grant",
    publicationTypes: [],
    sourceTypes: ["R01"],
    sources: ["reporter"],
    ...fields,
  };
}

const noLink: PersonLink = {};

describe("METRICS", () => {
  it("are the six public metric names, in report order", () => {
    expect(METRICS).toEqual([
      "peer_reviewed_publications",
      "other_publications",
      "national_presentations",
      "other_presentations",
      "grants_pi_or_coi",
      "grants_other",
    ]);
  });
});

describe("publications", () => {
  it("counts a PubMed journal article as peer-reviewed, with the rule and version that counted it", () => {
    expect(classifyItem(fromPubmed("Journal Article", "Randomized Controlled Trial"), noLink, rules)).toEqual(
      {
        metric: "peer_reviewed_publications",
        counted: true,
        rule: "peerReviewed.pubmedTypes: Journal Article",
        rulesVersion: version,
        reason: "PubMed lists it as Journal Article, a type counted as peer-reviewed.",
      },
    );
  });

  it("counts reviews, systematic reviews and case reports as peer-reviewed", () => {
    for (const type of ["Review", "Systematic Review", "Meta-Analysis", "Case Reports"])
      expect(classifyItem(fromPubmed(type), noLink, rules)).toMatchObject({
        metric: "peer_reviewed_publications",
        rule: `peerReviewed.pubmedTypes: ${type}`,
      });
  });

  it("counts letters, comments and editorials as other publications, even when also a Journal Article", () => {
    expect(classifyItem(fromPubmed("Letter"), noLink, rules)).toMatchObject({
      metric: "other_publications",
      counted: true,
      rule: "peerReviewed.excludedPubmedTypes: Letter",
    });
    expect(classifyItem(fromPubmed("Editorial"), noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "peerReviewed.excludedPubmedTypes: Editorial",
    });
    expect(classifyItem(fromPubmed("Journal Article", "Comment"), noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "peerReviewed.excludedPubmedTypes: Comment",
    });
  });

  it("does not count a conference abstract published in a journal as peer-reviewed", () => {
    expect(classifyItem(fromPubmed("Journal Article", "Congress"), noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "peerReviewed.excludedPubmedTypes: Congress",
    });
    expect(classifyItem(fromPubmed("Meeting Abstract"), noLink, rules).metric).toBe("other_publications");
  });

  it("never counts a retracted paper, whether PubMed or the merge says so", () => {
    const byType = classifyItem(fromPubmed("Journal Article", "Retracted Publication"), noLink, rules);
    expect(byType).toMatchObject({
      metric: null,
      counted: false,
      rule: "not counted: retracted (notCounted.retractedPubmedTypes: Retracted Publication)",
      rulesVersion: version,
    });
    expect(byType.reason).toMatch(/retracted work is never counted/);
    expect(
      classifyItem(publication({ sourceTypes: ["journal-article"], retracted: true }), noLink, rules),
    ).toMatchObject({ metric: null, counted: false, rule: "not counted: retracted" });
  });

  it("never counts an erratum, a retraction notice or a comment linked to its target", () => {
    expect(classifyItem(fromPubmed("Published Erratum"), noLink, rules)).toMatchObject({
      metric: null,
      counted: false,
      rule: "not counted: notice (notCounted.noticePubmedTypes: Published Erratum)",
    });
    expect(classifyItem(fromPubmed("Retraction of Publication"), noLink, rules)).toMatchObject({
      counted: false,
      rule: "not counted: notice (notCounted.noticePubmedTypes: Retraction of Publication)",
    });
    expect(classifyItem({ ...fromPubmed("Letter", "Comment"), isNotice: true }, noLink, rules)).toMatchObject(
      { metric: null, counted: false, rule: "not counted: notice" },
    );
  });

  it("counts a preprint alone as another publication", () => {
    expect(classifyItem(fromPubmed("Preprint"), noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "peerReviewed.preprintPubmedTypes: Preprint",
    });
    expect(
      classifyItem(publication({ sourceTypes: ["preprint"], sources: ["orcid"] }), noLink, rules),
    ).toMatchObject({ metric: "other_publications", rule: "peerReviewed.preprintOrcidTypes: preprint" });
  });

  it("lets the published version decide a preprint merged with it", () => {
    expect(classifyItem(fromPubmed("Preprint", "Journal Article"), noLink, rules)).toMatchObject({
      metric: "peer_reviewed_publications",
      rule: "peerReviewed.pubmedTypes: Journal Article",
    });
    const mergedOnOrcid = publication({
      publicationTypes: ["Preprint"],
      sourceTypes: ["preprint", "journal-article"],
      sources: ["pubmed", "orcid"],
    });
    expect(classifyItem(mergedOnOrcid, noLink, rules)).toMatchObject({
      metric: "peer_reviewed_publications",
      rule: "peerReviewed.orcidTypes: journal-article",
    });
  });

  it("believes the merge when it finds only a preprint or a conference abstract, whatever the types say", () => {
    const mislabelled = publication({ sourceTypes: ["journal-article"], sources: ["orcid"], preprint: true });
    expect(classifyItem(mislabelled, noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "not peer-reviewed: preprint only",
    });
    const supplement = { ...fromPubmed("Journal Article"), conferenceAbstract: true };
    expect(classifyItem(supplement, noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "not peer-reviewed: conference abstract",
    });
    expect(classifyItem({ ...fromPubmed("Journal Article"), preprint: false }, noLink, rules).metric).toBe(
      "peer_reviewed_publications",
    );
  });

  it("takes PubMed's types over ORCID's", () => {
    const item = publication({
      publicationTypes: ["Letter"],
      sourceTypes: ["journal-article"],
      sources: ["pubmed", "orcid"],
    });
    expect(classifyItem(item, noLink, rules).rule).toBe("peerReviewed.excludedPubmedTypes: Letter");
  });

  it("falls back to ORCID when PubMed's types name nothing the rules know", () => {
    const item = publication({
      publicationTypes: ["Research Support, N.I.H., Extramural"],
      sourceTypes: ["journal-article"],
      sources: ["pubmed", "orcid"],
    });
    expect(classifyItem(item, noLink, rules).rule).toBe("peerReviewed.orcidTypes: journal-article");
  });

  it("counts an ORCID journal article as peer-reviewed and other ORCID work as other publications", () => {
    expect(
      classifyItem(publication({ sourceTypes: ["journal-article"], sources: ["orcid"] }), noLink, rules),
    ).toMatchObject({
      metric: "peer_reviewed_publications",
      rule: "peerReviewed.orcidTypes: journal-article",
    });
    expect(
      classifyItem(publication({ sourceTypes: ["book-chapter"], sources: ["orcid"] }), noLink, rules),
    ).toMatchObject({ metric: "other_publications", rule: "peerReviewed: no counted type" });
  });

  it("takes a CV row's own peer_reviewed for an item only on a CV", () => {
    const cv = (peerReviewed?: boolean): ClassifiableItem =>
      publication({ sourceTypes: ["cv"], sources: ["cv"], peerReviewed });
    expect(classifyItem(cv(true), noLink, rules)).toMatchObject({
      metric: "peer_reviewed_publications",
      rule: "cv.peer_reviewed: yes",
    });
    expect(classifyItem(cv(false), noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "cv.peer_reviewed: no",
    });
    expect(classifyItem(cv(), noLink, rules)).toMatchObject({
      metric: "other_publications",
      rule: "peerReviewed: no counted type",
    });
  });

  it("does not let a CV row call a PubMed letter peer-reviewed", () => {
    const item = publication({ publicationTypes: ["Letter"], sources: ["pubmed", "cv"], peerReviewed: true });
    expect(classifyItem(item, noLink, rules).metric).toBe("other_publications");
  });

  it("records author position and equal contribution", () => {
    const classification = classifyItem(
      fromPubmed("Journal Article"),
      { authorPosition: "first", equalContribution: true },
      rules,
    );
    expect(classification).toMatchObject({ authorPosition: "first", equalContribution: true });
    expect(describeClassification(classification)).toContain("author position: first (equal contribution)");
    expect(
      classifyItem(fromPubmed("Journal Article"), { authorPosition: "sole" }, rules).authorPosition,
    ).toBe("sole");
  });
});

describe("presentations", () => {
  it("counts the SGIM annual meeting as a national presentation", () => {
    const classification = classifyItem(
      presentation("SGIM Annual Meeting"),
      { authorPosition: "last" },
      rules,
    );
    expect(classification).toMatchObject({
      metric: "national_presentations",
      counted: true,
      scope: "national",
      rule: "presentations.scopes.national: SGIM",
      rulesVersion: version,
      authorPosition: "last",
    });
  });

  it("counts an SGIM regional meeting as regional, an other presentation", () => {
    const classification = classifyItem(presentation("SGIM Midwest Regional Meeting"), noLink, rules);
    expect(classification).toMatchObject({
      metric: "other_presentations",
      scope: "regional",
      rule: "presentations.scopes.regional: regional or chapter meeting",
    });
    expect(classification.reason).toContain("SGIM (national) is passed over");
  });

  it("counts an international congress in national_presentations", () => {
    expect(classifyItem(presentation("European Congress of Internal Medicine"), noLink, rules)).toMatchObject(
      {
        metric: "national_presentations",
        scope: "international",
        rule: "presentations.scopes.international: EFIM",
      },
    );
  });

  it("counts grand rounds as local, an other presentation", () => {
    expect(
      classifyItem(presentation("Department of Medicine Grand Rounds, Northfield University"), noLink, rules),
    ).toMatchObject({
      metric: "other_presentations",
      scope: "local",
      rule: "presentations.scopes.local: grand rounds",
    });
  });

  it("gives a venue it does not know the default scope, not national", () => {
    expect(classifyItem(presentation("Northfield Winter Medicine Retreat"), noLink, rules)).toMatchObject({
      metric: "other_presentations",
      scope: "unknown",
      rule: "presentations.defaultScope: unknown",
    });
    expect(classifyItem(presentation(undefined), noLink, rules).reason).toMatch(/^It has no venue/);
  });

  it("takes the item's own scope over its venue", () => {
    expect(
      classifyItem(presentation("Department of Medicine Grand Rounds", { scope: "national" }), noLink, rules),
    ).toMatchObject({ metric: "national_presentations", scope: "national", rule: "item.scope: national" });
    expect(
      classifyItem(
        presentation("SGIM Annual Meeting", { scope: "regional", sources: ["cv"] }),
        noLink,
        rules,
      ),
    ).toMatchObject({ metric: "other_presentations", rule: "item.scope: regional" });
  });

  it("reads the default rules' ORCID presentation types", () => {
    expect(orcidWorkKind("conference-poster", rules)).toBe("presentation");
    expect(orcidWorkKind("lecture-speech", rules)).toBe("presentation");
    expect(orcidWorkKind("journal-article", rules)).toBe("publication");
  });
});

describe("grants", () => {
  it("counts PI, multiple PI and co-investigator roles in grants_pi_or_coi", () => {
    for (const role of ["pi", "multiple_pi", "co_investigator"] as const)
      expect(classifyItem(grant({ role }), noLink, rules)).toMatchObject({
        metric: "grants_pi_or_coi",
        counted: true,
        rule: `grants.roles.${role}: grants_pi_or_coi`,
        rulesVersion: version,
      });
  });

  it("counts other roles in grants_other", () => {
    expect(classifyItem(grant({ role: "other" }), noLink, rules)).toMatchObject({
      metric: "grants_other",
      rule: "grants.roles.other: grants_other",
    });
    expect(classifyItem(grant(), { role: "Mentor" }, rules)).toMatchObject({
      metric: "grants_other",
      rule: "grants.roles.other: grants_other",
    });
  });

  it("takes the person's role on their link over the merged grant's", () => {
    const classification = classifyItem(grant({ role: "other" }), { role: "Co-I" }, rules);
    expect(classification).toMatchObject({
      metric: "grants_pi_or_coi",
      rule: "grants.roles.co_investigator: grants_pi_or_coi",
    });
    expect(classification.reason).toContain('"Co-I", read as co-investigator');
  });

  it("counts a grant with no known role as other, saying so", () => {
    expect(classifyItem(grant(), noLink, rules)).toMatchObject({
      metric: "grants_other",
      rule: "grants.unknownRole: other",
    });
    expect(classifyItem(grant(), { role: "advisor" }, rules).reason).toContain(
      '"advisor" is not one the rules name',
    );
  });

  it("reads the role names sources and CVs write", () => {
    expect(grantRoleOf("Principal Investigator", rules)).toBe("pi");
    expect(grantRoleOf("principal-investigator", rules)).toBe("pi");
    expect(grantRoleOf("PD/PI", rules)).toBe("pi");
    expect(grantRoleOf("MPI", rules)).toBe("multiple_pi");
    expect(grantRoleOf("multiple_pi", rules)).toBe("multiple_pi");
    expect(grantRoleOf("co-investigator", rules)).toBe("co_investigator");
    expect(grantRoleOf("Co-Investigator", rules)).toBe("co_investigator");
    expect(grantRoleOf("consultant", rules)).toBe("other");
    expect(grantRoleOf("wizard", rules)).toBeUndefined();
  });
});

describe("describeClassification", () => {
  it("prints what `items why` shows: metric, rule, rules version and reason", () => {
    const lines = describeClassification(classifyItem(fromPubmed("Letter"), noLink, rules));
    expect(lines).toEqual([
      "counted: yes, in other_publications",
      "rule: peerReviewed.excludedPubmedTypes: Letter",
      `rules version: ${version}`,
      "why: PubMed lists it as Letter, which is not counted as peer-reviewed; it counts in other_publications.",
    ]);
    expect(describeClassification(classifyItem(fromPubmed("Published Erratum"), noLink, rules))[0]).toBe(
      "counted: no",
    );
  });
});
