import { describe, expect, it } from "vitest";
import type { CandidateItem } from "../../src/sources/candidate.ts";
import {
  reconcileItems,
  type ReconcileInput,
  type ReconcileResult,
  type SourceInput,
} from "../../src/reconcile/dedupe.ts";
import { pubmedToCandidate } from "../../src/sources/pubmed/map.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";

// ---------------------------------------------------------------------------------------------
// Builders: one stored item per call, with what each source says.

type PubmedFields = Partial<PubmedArticleRecord> & { pmid: string; title: string; year?: number };

function pubmed(fields: PubmedFields): SourceInput {
  const { year = 2020, ...rest } = fields;
  const record: PubmedArticleRecord = {
    kind: "article",
    journal: "Journal of Clinical Oncology",
    journalAbbreviation: "J Clin Oncol",
    publicationDate: { year },
    languages: ["eng"],
    publicationTypes: ["Journal Article"],
    authors: [
      {
        lastName: "Okafor",
        foreName: "Chidi",
        initials: "C",
        affiliations: [],
        equalContribution: false,
        valid: true,
      },
      {
        lastName: "Lindqvist",
        foreName: "Maja",
        initials: "M",
        affiliations: [],
        equalContribution: false,
        valid: true,
      },
    ],
    grants: [],
    commentsCorrections: [],
    meshHeadings: [],
    keywords: [],
    ...rest,
  };
  return { source: "pubmed", sourceId: record.pmid, candidate: pubmedToCandidate(record) };
}

type CandidateFields = Partial<CandidateItem> & { title: string };

function candidate(source: string, sourceId: string, fields: CandidateFields): SourceInput {
  return {
    source,
    sourceId,
    candidate: { source, sourceId, kind: "publication", otherIds: [], contributors: [], ...fields },
  };
}

const orcid = (putCode: number, fields: CandidateFields): SourceInput =>
  candidate("orcid", String(putCode), { sourceType: "journal-article", ...fields });
const cv = (id: string, fields: CandidateFields): SourceInput => candidate("cv", id, fields);

function item(id: number, ...records: SourceInput[]): ReconcileInput {
  return { id, records };
}

const okafor = [{ name: "Chidi Okafor", role: "author" }];

function groupOf(result: ReconcileResult, id: number) {
  const group = result.groups.find((g) => g.memberIds.includes(id));
  if (!group) throw new Error(`no group holds item ${id}`);
  return group;
}

function counted(result: ReconcileResult): number[] {
  return result.groups
    .filter((group) => group.view.notice === undefined && !group.view.retracted)
    .map((group) => group.canonicalId);
}

const TITLE = "Adjuvant capecitabine after neoadjuvant chemotherapy in triple-negative breast cancer";

// ---------------------------------------------------------------------------------------------

describe("reconcileItems: the same work from several sources", () => {
  it("counts a paper listed by PubMed, ORCID (DOI upper case with https://doi.org/) and a CV once", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "33000001", title: `${TITLE}.`, doi: "10.1200/JCO.20.01234" })),
      item(
        2,
        orcid(9001, {
          title: TITLE,
          year: 2020,
          venue: "Journal of Clinical Oncology",
          doi: "https://doi.org/10.1200/JCO.20.01234",
        }),
      ),
      item(
        3,
        cv("cv-17", {
          title: "Adjuvant Capecitabine after Neoadjuvant Chemotherapy in Triple Negative Breast Cancer",
          year: 2020,
          venue: "J Clin Oncol",
          contributors: [{ name: "Okafor C" }, { name: "Lindqvist M" }],
        }),
      ),
    ]);

    expect(result.groups).toHaveLength(1);
    const [group] = result.groups;
    expect(group!.canonicalId).toBe(1);
    expect(group!.memberIds).toEqual([1, 2, 3]);
    expect(group!.view.sources.map((s) => `${s.source}:${s.sourceId}`)).toEqual([
      "pubmed:33000001",
      "orcid:9001",
      "cv:cv-17",
    ]);
    expect(group!.view.doi).toBe("10.1200/jco.20.01234");
    expect(group!.view.from.title).toBe("pubmed:33000001");
    expect(group!.view.from.sourceType).toBe("orcid:9001");
    expect(group!.why).toContain("same DOI 10.1200/jco.20.01234 (items 1, 2)");
    expect(group!.why.some((line) => /same title.*same first author Okafor.*items 1, 3/.test(line))).toBe(
      true,
    );
  });

  it("merges on PMCID alone, and on the NIH core project number for grants", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "31000002", title: "A study", pmcid: "PMC7654321" })),
      item(2, orcid(1, { title: "Something else entirely, as a CV may retitle it", pmcid: "pmc7654321" })),
      item(
        3,
        candidate("reporter", "R01AI139180", {
          kind: "grant",
          title: "Host factors in latent tuberculosis",
          grant: { grantNumber: "5R01AI139180-05", coreProjectNumber: "R01AI139180", funder: "NIAID" },
        }),
      ),
      item(
        4,
        cv("g1", {
          kind: "grant",
          title: "Host factors in latent TB infection",
          grant: { grantNumber: "R01 AI139180", role: "pi" },
        }),
      ),
    ]);
    expect(result.groups.map((g) => g.memberIds)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(groupOf(result, 4).view.grant?.funder).toBe("NIAID");
    expect(groupOf(result, 4).view.from.grant).toBe("reporter:R01AI139180");
  });

  it("takes bibliographic fields from PubMed and the type PubMed lacks from ORCID, naming each field's source", () => {
    const result = reconcileItems([
      item(
        1,
        orcid(5, {
          title: TITLE,
          year: 2021,
          venue: "JCO",
          doi: "10.1200/x.1",
          sourceType: "journal-article",
        }),
        pubmed({ pmid: "33000003", title: `${TITLE}.`, doi: "10.1200/X.1", year: 2020 }),
      ),
    ]);
    const view = result.groups[0]!.view;
    expect(view).toMatchObject({
      title: `${TITLE}.`,
      year: 2020,
      venue: "Journal of Clinical Oncology",
      pmid: "33000003",
      sourceType: "journal-article",
      publicationTypes: ["Journal Article"],
      firstAuthor: "Okafor C",
    });
    expect(view.from).toMatchObject({
      title: "pubmed:33000003",
      year: "pubmed:33000003",
      sourceType: "orcid:5",
    });
    expect(result.groups[0]!.why).toEqual(["item 1 stored as one from pubmed 33000003, orcid 5"]);
  });

  it("matches titles that differ in markup, diacritics, Greek letters, case and a trailing period", () => {
    const result = reconcileItems([
      item(
        1,
        orcid(1, {
          title: "<i>Café</i>-based β-blocker titration in heart failure with reduced ejection fraction",
          year: 2019,
          venue: "Circulation",
        }),
      ),
      item(
        2,
        cv("c1", {
          title: "Cafe based beta-blocker titration in heart failure with reduced ejection fraction.",
          year: 2019,
          venue: "Circulation",
        }),
      ),
    ]);
    expect(result.groups).toHaveLength(1);
    expect(result.groups[0]!.why[0]).toMatch(/^same title, same year 2019, same venue Circulation/);
  });

  it('matches "A randomized trial of X" with "X: a randomized trial", and a title without its subtitle', () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "1", title: "A randomized trial of metformin in early-onset type 2 diabetes" })),
      item(
        2,
        cv("a", {
          title: "Metformin in early-onset type II diabetes: a randomized trial",
          year: 2021,
          contributors: okafor,
        }),
      ),
      item(
        3,
        pubmed({
          pmid: "3",
          title: "Outcomes of transcatheter mitral valve repair in older adults: the EXPAND registry",
        }),
      ),
      item(
        4,
        cv("b", {
          title: "Outcomes of transcatheter mitral valve repair in older adults",
          year: 2020,
          venue: "J Clin Oncol",
        }),
      ),
    ]);
    expect(result.groups.map((g) => g.memberIds)).toEqual([
      [1, 2],
      [3, 4],
    ]);
    expect(groupOf(result, 4).why[0]).toMatch(/one title is the other without its subtitle/);
  });

  it("does not merge alike titles two years apart", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "1", title: TITLE, year: 2018 })),
      item(2, cv("a", { title: TITLE, year: 2020, venue: "J Clin Oncol", contributors: okafor })),
    ]);
    expect(result.groups).toHaveLength(2);
  });

  it("does not merge alike titles when neither the venue nor the first author agrees", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "1", title: TITLE, year: 2020 })),
      item(
        2,
        cv("a", {
          title: TITLE,
          year: 2020,
          venue: "Annals of Oncology",
          contributors: [{ name: "Wei Zhang" }],
        }),
      ),
    ]);
    expect(result.groups).toHaveLength(2);
  });

  it("never merges two PubMed records, and keeps apart alike items with different DOIs, saying why", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "1", title: "Effect of drug A on mortality in patients with septic shock" })),
      item(2, pubmed({ pmid: "2", title: "Effect of drug A on morbidity in patients with septic shock" })),
      item(3, orcid(1, { title: TITLE, year: 2020, venue: "J Clin Oncol", doi: "10.1200/aaa" })),
      item(4, orcid(2, { title: TITLE, year: 2020, venue: "J Clin Oncol", doi: "10.1200/bbb" })),
    ]);
    expect(result.groups).toHaveLength(4);
    expect(result.keptApart).toEqual([
      {
        ids: [3, 4],
        why: expect.stringMatching(
          /same title.*but different DOIs 10\.1200\/aaa and 10\.1200\/bbb/,
        ) as string,
      },
    ]);
  });

  it("joins a CV entry to the closer of two sibling papers, not both", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "1", title: "Effect of drug A on mortality in patients with septic shock" })),
      item(2, pubmed({ pmid: "2", title: "Effect of drug A on morbidity in patients with septic shock" })),
      item(
        3,
        cv("x", {
          title: "Effect of drug A on morbidity in patients with septic shock.",
          year: 2020,
          contributors: okafor,
        }),
      ),
    ]);
    expect(result.groups.map((g) => g.memberIds)).toEqual([[1], [2, 3]]);
  });
});

describe("reconcileItems: notices, retractions, versions and conference output", () => {
  it("does not count an erratum: it stays apart and points to its paper (by PMID, and by title)", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "33000001", title: TITLE })),
      item(
        2,
        pubmed({
          pmid: "33000099",
          title: "Erratum.",
          publicationTypes: ["Published Erratum"],
          commentsCorrections: [{ refType: "ErratumFor", pmid: "33000001" }],
        }),
      ),
      item(
        3,
        cv("e", {
          title: `Correction to: ${TITLE}`,
          year: 2021,
          venue: "J Clin Oncol",
          contributors: okafor,
        }),
      ),
    ]);
    expect(result.groups.map((g) => g.memberIds)).toEqual([[1], [2], [3]]);
    expect(counted(result)).toEqual([1]);
    expect(groupOf(result, 2).view.notice).toBe("erratum");
    expect(groupOf(result, 3).view.notice).toBe("correction");
    expect(result.relations.map(({ fromId, toId, type }) => ({ fromId, toId, type }))).toEqual([
      { fromId: 2, toId: 1, type: "erratum_for" },
      { fromId: 3, toId: 1, type: "correction_for" },
    ]);
  });

  it("flags a retracted paper and does not count it, nor its retraction notice", () => {
    const result = reconcileItems([
      item(
        1,
        pubmed({ pmid: "100", title: TITLE, publicationTypes: ["Journal Article", "Retracted Publication"] }),
      ),
      item(2, orcid(7, { title: TITLE, year: 2020, venue: "J Clin Oncol" })),
      item(
        3,
        pubmed({
          pmid: "200",
          title: `Retraction Note: ${TITLE}`,
          year: 2022,
          publicationTypes: ["Retraction of Publication"],
          commentsCorrections: [{ refType: "RetractionOf", pmid: "100" }],
        }),
      ),
      item(
        4,
        pubmed({
          pmid: "300",
          title: "Tumour cells evade cytotoxic T cells through a secreted decoy",
          year: 2019,
        }),
      ),
      item(
        5,
        cv("r", {
          title: "Retraction: Tumour cells evade cytotoxic T cells through a secreted decoy",
          year: 2021,
        }),
      ),
    ]);
    expect(result.retractedIds).toEqual([1, 4]);
    expect(groupOf(result, 2).memberIds).toEqual([1, 2]);
    expect(groupOf(result, 1).view.retracted).toBe(true);
    expect(groupOf(result, 1).view.retractedBecause).toMatch(/Retracted Publication/);
    expect(groupOf(result, 4).view.retractedBecause).toMatch(/retraction notice item 5/);
    expect(counted(result)).toEqual([]);
    expect(result.relations.filter((r) => r.type === "retraction_of").map((r) => [r.fromId, r.toId])).toEqual(
      [
        [3, 1],
        [5, 4],
      ],
    );
  });

  it("links a comment to the paper it comments on without merging them", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "100", title: TITLE })),
      item(
        2,
        pubmed({
          pmid: "101",
          title: "Capecitabine after neoadjuvant therapy: who benefits?",
          publicationTypes: ["Editorial", "Comment"],
          commentsCorrections: [{ refType: "CommentOn", pmid: "100" }],
        }),
      ),
      item(
        3,
        cv("c", { title: `Comment on: ${TITLE}`, year: 2020, venue: "J Clin Oncol", contributors: okafor }),
      ),
    ]);
    expect(result.groups).toHaveLength(3);
    expect(result.relations.map(({ fromId, toId, type }) => [fromId, toId, type])).toEqual([
      [2, 1, "comment_on"],
      [3, 1, "comment_on"],
    ]);
  });

  it("counts a preprint and its published article as one item, the article canonical", () => {
    const result = reconcileItems([
      item(
        1,
        orcid(11, {
          title: "Single-cell atlas of the ageing human thymus",
          sourceType: "preprint",
          year: 2019,
          venue: "bioRxiv",
          doi: "10.1101/2019.05.01.123456",
          otherIds: [{ type: "doi", value: "10.1038/s41586-020-0001-x", relationship: "version-of" }],
        }),
      ),
      item(
        2,
        pubmed({
          pmid: "32000001",
          title: "A single-cell atlas of the aging human thymus",
          doi: "10.1038/s41586-020-0001-x",
          year: 2020,
        }),
      ),
      // No version link: found by title, first author and years (a preprint may be two years earlier).
      item(
        3,
        cv("p", { title: TITLE, sourceType: "preprint", year: 2018, venue: "medRxiv", contributors: okafor }),
      ),
      item(4, pubmed({ pmid: "32000002", title: TITLE, doi: "10.1200/jco.20.9", year: 2020 })),
    ]);
    expect(result.groups.map((g) => [g.canonicalId, g.memberIds])).toEqual([
      [2, [1, 2]],
      [4, [3, 4]],
    ]);
    const view = groupOf(result, 1).view;
    expect(view).toMatchObject({ preprint: false, doi: "10.1038/s41586-020-0001-x", year: 2020 });
    expect(view.dois).toEqual(["10.1038/s41586-020-0001-x", "10.1101/2019.05.01.123456"]);
    expect(groupOf(result, 1).why[0]).toMatch(/item 1 is a version of DOI 10\.1038\/s41586-020-0001-x/);
  });

  it("matches an ORCID preprint without contributors to its article on a near-identical title, not one by another first author", () => {
    const preprint = (id: number, contributors: CandidateItem["contributors"]) =>
      item(
        id,
        orcid(id, {
          title: "Thymic involution across the human lifespan",
          sourceType: "preprint",
          year: 2019,
          venue: "bioRxiv",
          doi: `10.1101/2019.05.01.1234${id}`,
          contributors,
        }),
      );
    const article = item(
      2,
      pubmed({ pmid: "1", title: "Thymic involution across the human lifespan.", year: 2020 }),
    );
    expect(reconcileItems([preprint(1, []), article]).groups.map((g) => g.memberIds)).toEqual([[1, 2]]);
    expect(
      reconcileItems([preprint(1, [{ name: "Wei Zhang" }]), article]).groups.map((g) => g.memberIds),
    ).toEqual([[1], [2]]);
  });

  it("keeps a conference abstract and the later paper as two items, linked", () => {
    const result = reconcileItems([
      item(
        1,
        orcid(21, {
          kind: "presentation",
          sourceType: "conference-abstract",
          title: TITLE,
          year: 2018,
          venue: "ASCO Annual Meeting",
          contributors: okafor,
        }),
      ),
      item(2, pubmed({ pmid: "32000003", title: `${TITLE}.`, year: 2020 })),
      item(
        3,
        cv("talk", {
          kind: "presentation",
          sourceType: "conference-presentation",
          title: TITLE,
          year: 2018,
          venue: "American Society of Clinical Oncology Annual Meeting",
        }),
      ),
    ]);
    expect(result.groups.map((g) => g.memberIds)).toEqual([[1, 3], [2]]);
    expect(groupOf(result, 1).view.conference).toBe("abstract");
    expect(result.relations).toEqual([
      {
        fromId: 1,
        toId: 2,
        type: "abstract_of",
        why: "same title, abstract 2018, paper 2020, same first author Okafor",
      },
    ]);
  });
});

describe("reconcileItems: PubMed's own links", () => {
  it("merges a PubMed preprint with its article through UpdateIn/UpdateOf, the article canonical", () => {
    const result = reconcileItems([
      item(
        1,
        pubmed({
          pmid: "35000001",
          title: "Single-cell atlas of the ageing human thymus",
          journal: "bioRxiv",
          journalAbbreviation: "bioRxiv",
          doi: "10.1101/2021.03.04.433902",
          year: 2021,
          publicationTypes: ["Preprint"],
          commentsCorrections: [{ refType: "UpdateIn", pmid: "36000002" }],
        }),
      ),
      item(2, pubmed({ pmid: "36000002", title: "Ageing of the human thymus, cell by cell", year: 2022 })),
    ]);
    expect(result.groups.map((g) => [g.canonicalId, g.memberIds])).toEqual([[2, [1, 2]]]);
    expect(result.groups[0]!.view.pmids).toEqual(["35000001", "36000002"]);
  });

  it("flags an article retracted and republished, links it to its new version, and counts only the new one", () => {
    const result = reconcileItems([
      item(
        1,
        pubmed({
          pmid: "100",
          title: TITLE,
          year: 2018,
          commentsCorrections: [{ refType: "RetractedandRepublishedIn", pmid: "200" }],
        }),
      ),
      item(
        2,
        pubmed({
          pmid: "200",
          title: TITLE,
          year: 2019,
          commentsCorrections: [{ refType: "RetractedandRepublishedFrom", pmid: "100" }],
        }),
      ),
    ]);
    expect(result.groups).toHaveLength(2);
    expect(result.retractedIds).toEqual([1]);
    expect(counted(result)).toEqual([2]);
    expect(result.relations.map(({ fromId, toId, type }) => [fromId, toId, type])).toEqual([
      [1, 2, "republished_as"],
    ]);
  });

  it("keeps an erratum apart from its article even when PubMed gives it the article's DOI", () => {
    const result = reconcileItems([
      item(1, pubmed({ pmid: "100", title: TITLE, doi: "10.1200/jco.1" })),
      item(
        2,
        pubmed({
          pmid: "101",
          title: "Erratum.",
          doi: "10.1200/jco.1",
          publicationTypes: ["Published Erratum"],
          commentsCorrections: [{ refType: "ErratumFor", pmid: "100" }],
        }),
      ),
    ]);
    expect(result.groups.map((g) => g.memberIds)).toEqual([[1], [2]]);
    expect(result.keptApart).toEqual([
      { ids: [1, 2], why: "same DOI 10.1200/jco.1 (items 1, 2); but different PMIDs 100 and 101" },
    ]);
  });
});

describe("reconcileItems: a person's decisions", () => {
  const items = (): ReconcileInput[] => [
    item(1, pubmed({ pmid: "1", title: TITLE })),
    item(2, cv("a", { title: TITLE, year: 2020, contributors: okafor })),
    item(3, cv("b", { title: "Capecitabine in TNBC, the trial", year: 2020 })),
    item(4, orcid(4, { title: TITLE, year: 2021, venue: "J Clin Oncol", contributors: okafor })),
  ];

  it("merges what a person merged, however unlike, and says so", () => {
    const result = reconcileItems(items(), { merges: [[3, 1]], splits: [] });
    expect(result.groups.map((g) => g.memberIds)).toEqual([[1, 2, 3, 4]]);
    expect(result.groups[0]!.why[0]).toBe("merged by a person: items 3 and 1");
  });

  it("keeps a split item apart from every automatic match, and from chains through others, on every run", () => {
    const decisions = { merges: [], splits: [1] };
    const first = reconcileItems(items(), decisions);
    expect(first.groups.map((g) => g.memberIds)).toEqual([[1], [2, 4], [3]]);
    expect(groupOf(first, 1).why).toEqual(["item 1 split by a person: kept out of automatic merges"]);
    // Re-run with a new CV copy harvested since: the split still holds.
    const second = reconcileItems(
      [...items(), item(5, cv("c", { title: TITLE, year: 2020, contributors: okafor }))],
      decisions,
    );
    expect(second.groups.map((g) => g.memberIds)).toEqual([[1], [2, 4, 5], [3]]);
  });

  it("lets a person's merge join a split item, whatever the order of the decisions", () => {
    const result = reconcileItems(items(), { merges: [[1, 3]], splits: [1] });
    expect(result.groups.map((g) => g.memberIds)).toEqual([
      [1, 3],
      [2, 4],
    ]);
  });

  it("reports decisions about items that are gone", () => {
    const result = reconcileItems(items(), { merges: [[1, 99]], splits: [98] });
    expect(result.unknownDecisionIds).toEqual([98, 99]);
    expect(result.groups.map((g) => g.memberIds)).toEqual([[1, 2, 4], [3]]);
  });
});

describe("reconcileItems: determinism and cost", () => {
  it("gives the same result whatever the order of items and records", () => {
    const { items } = generated(600, 7);
    const forward = reconcileItems(items);
    const shuffled = shuffle(
      items.map((input) => ({ ...input, records: shuffle([...input.records], 3) })),
      11,
    );
    expect(reconcileItems(shuffled)).toEqual(forward);
  });

  it("compares a number of pairs that grows linearly with the number of items", () => {
    const small = reconcileItems(generated(2_000, 1).items).stats;
    const large = reconcileItems(generated(16_000, 2).items).stats;
    expect(large.largeBlocks).toBeGreaterThan(0);
    for (const stats of [small, large]) {
      expect(stats.candidatePairs).toBeLessThan(8 * stats.items);
      expect(stats.titleComparisons).toBeLessThan(4 * stats.items);
    }
    expect(large.candidatePairs / large.items).toBeLessThan(2 * (small.candidatePairs / small.items));
  });

  it("finds the duplicates it is meant to on a generated set", () => {
    const { items, truth } = generated(3_000, 5);
    const result = reconcileItems(items);
    let wrong = 0;
    let pairs = 0;
    for (const group of result.groups) {
      const works = new Set(group.memberIds.map((id) => truth.get(id)));
      if (works.size > 1) wrong++;
    }
    const expected = new Set(truth.values()).size;
    pairs = result.groups.length;
    expect(wrong).toBe(0);
    expect(pairs).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------
// A small generated ledger: works with titles from a long-tailed vocabulary, each arriving as one
// to three items (PubMed; ORCID with the DOI in another case; a CV with a retyped title).

function generated(count: number, seed: number): { items: ReconcileInput[]; truth: Map<number, number> } {
  const random = prng(seed);
  const word = (): string => {
    // Long-tailed: most words are rare, as gene, drug and place names are in real titles.
    const rank = Math.floor(Math.exp(random() * Math.log(40_000)));
    return syllables(rank);
  };
  // A third of the titles are made of common words but one, so that some blocks grow large.
  const common = "care outcomes patients risk trial cohort adults children disease therapy survival study"
    .concat(" mortality quality screening older women men hospital cancer heart kidney liver lung")
    .split(" ");
  const draft = (): string =>
    random() < 1 / 3
      ? [word(), ...Array.from({ length: 6 }, () => common[Math.floor(random() * common.length)])].join(" ")
      : Array.from({ length: 6 + Math.floor(random() * 6) }, word).join(" ");
  const used = new Set<string>();
  const items: ReconcileInput[] = [];
  const truth = new Map<number, number>();
  let work = 0;
  while (items.length < count) {
    work++;
    let title = draft();
    while (used.has(title)) title = draft();
    used.add(title);
    const year = 2010 + Math.floor(random() * 12);
    const doi = `10.1000/w${work}`;
    const author = [{ name: `${syllables(1000 + (work % 500))} J`, role: "author" }];
    const sources = 1 + Math.floor(random() * 3);
    const add = (records: SourceInput[]): void => {
      const id = items.length + 1;
      items.push({ id, records });
      truth.set(id, work);
    };
    add([
      candidate("pubmed", String(work), {
        title: `${title[0]!.toUpperCase()}${title.slice(1)}.`,
        year,
        doi,
        pmid: String(work),
        venue: "Journal of Things",
        contributors: author,
      }),
    ]);
    if (sources > 1)
      add([orcid(work, { title, year, doi: `https://doi.org/${doi.toUpperCase()}`, venue: "J Things" })]);
    // The CV's typist swaps two letters of the last word.
    const retyped = title.replace(/(\w)(\w)(\w*)$/, "$2$1$3");
    if (sources > 2) add([cv(`w${work}`, { title: retyped, year: year + 1, contributors: author })]);
  }
  return { items, truth };
}

function syllables(n: number): string {
  const parts = ["ka", "lo", "mi", "ne", "su", "ta", "vo", "ri", "pe", "zu", "ha", "do"];
  let text = "";
  let rest = n + 12;
  while (rest > 0) {
    text += parts[rest % parts.length];
    rest = Math.floor(rest / parts.length);
  }
  return text;
}

function prng(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 4_294_967_296;
  };
}

function shuffle<T>(values: T[], seed: number): T[] {
  const random = prng(seed);
  for (let i = values.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [values[i], values[j]] = [values[j]!, values[i]!];
  }
  return values;
}
