import { readFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  employmentsToAffiliationTerms,
  fundingGroupToCandidate,
  fundingsToCandidates,
  fundingToCandidate,
  grantRole,
  otherNamesToVariants,
  rankVersions,
  workGroupToCandidate,
  workKind,
  worksToCandidates,
  workToCandidate,
} from "../../src/sources/orcid/map.ts";
import {
  parseBulkWorks,
  parseEmployments,
  parseFunding,
  parseFundings,
  parsePerson,
  parseWork,
  parseWorksSummary,
} from "../../src/sources/orcid/parse.ts";
import type {
  OrcidExternalId,
  OrcidFunding,
  OrcidWork,
  OrcidWorkGroup,
  OrcidWorkSummary,
} from "../../src/sources/orcid/types.ts";

const fixtures = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../fixtures/orcid");
const text = (name: string): string => readFileSync(path.join(fixtures, name), "utf8");

const OWNER = "0000-0002-5550-1238";
const COAUTHOR = "0000-0001-9876-5439";

const groups = parseWorksSummary(text("works-multi-source.json"));
const bulk = parseBulkWorks(text("works-bulk.json"));
const fullWorks = new Map(bulk.works.map((work) => [work.putCode, work]));
const candidates = worksToCandidates(groups, { orcid: OWNER, fullWorks });
const bySourceId = (id: string) => {
  const found = candidates.find((candidate) => candidate.sourceId === id);
  if (!found) throw new Error(`no candidate ${id}`);
  return found;
};

function summary(putCode: number, fields: Partial<OrcidWorkSummary> = {}): OrcidWorkSummary {
  return {
    putCode,
    type: "journal-article",
    title: `Work ${putCode}`,
    externalIds: [],
    source: {},
    ...fields,
  };
}
const self = (type: string, value: string): OrcidExternalId => ({ type, value, relationship: "self" });

describe("works: one candidate per group", () => {
  it("makes one candidate of a work three sources list, with every identifier normalised", () => {
    expect(candidates).toHaveLength(groups.length);
    const article = bySourceId("29800555");
    expect(article).toEqual({
      source: "orcid",
      sourceId: "29800555",
      kind: "publication",
      sourceType: "journal-article",
      title: "Mentoring and early-career productivity in academic cardiology: a cohort study.",
      year: 2016,
      month: 6,
      venue: "Journal of Cardiology Education",
      doi: "10.5555/jcard.2016.0412",
      pmid: "27330123",
      pmcid: "PMC4921877",
      otherIds: [{ type: "issn", value: "1555-0000", relationship: "part-of" }],
      contributors: [],
      url: "http://europepmc.org/abstract/med/27330123",
    });
  });

  it("takes the version with the most identifiers, and a field it lacks from the next version that has it", () => {
    const group = groups.at(-1)!;
    expect(rankVersions(group.summaries, OWNER).map((version) => version.putCode)).toEqual([
      30500777, 31000101, 29800555,
    ]);
    // Europe PMC's version has no journal; the owner's has none either; Crossref's has it.
    expect(workGroupToCandidate(group, { orcid: OWNER }).venue).toBe("Journal of Cardiology Education");
  });

  it("prefers the owner's own version when versions have as many identifiers", () => {
    const group: OrcidWorkGroup = {
      externalIds: [],
      summaries: [
        summary(700, {
          title: "From Crossref",
          externalIds: [self("doi", "10.5555/tie")],
          source: { clientId: "0000-0001-9884-1913" },
        }),
        summary(701, {
          title: "From the owner",
          externalIds: [self("doi", "10.5555/tie")],
          source: { orcid: OWNER },
        }),
      ],
    };
    expect(workGroupToCandidate(group, { orcid: OWNER }).title).toBe("From the owner");
    // Without knowing the owner, ORCID's order decides.
    expect(workGroupToCandidate(group).title).toBe("From Crossref");
  });

  it("then prefers the version the owner ranked highest", () => {
    const group: OrcidWorkGroup = {
      externalIds: [],
      summaries: [
        summary(800, { title: "Ranked 0", displayIndex: 0 }),
        summary(801, { title: "Ranked 5", displayIndex: 5 }),
      ],
    };
    expect(workGroupToCandidate(group).title).toBe("Ranked 5");
  });

  it("keeps the group's smallest put-code as its id whichever version is preferred", () => {
    const group: OrcidWorkGroup = {
      externalIds: [],
      summaries: [
        summary(900, { title: "Older" }),
        summary(500, { title: "Newer, richer", externalIds: [self("pmid", "1")] }),
      ],
    };
    expect(workGroupToCandidate(group)).toMatchObject({ sourceId: "500", title: "Newer, richer" });
    expect(workGroupToCandidate({ ...group, summaries: [...group.summaries, summary(100)] }).sourceId).toBe(
      "100",
    );
  });

  it("makes no candidate of a group with no versions", () => {
    expect(worksToCandidates([{ externalIds: [], summaries: [] }])).toEqual([]);
  });
});

describe("works: identifiers", () => {
  const idsOf = (...ids: OrcidExternalId[]) =>
    workGroupToCandidate({ externalIds: [], summaries: [summary(1, { externalIds: ids })] });

  it("reads DOIs written with a prefix or in upper case as one lower-case DOI", () => {
    for (const written of [
      "https://doi.org/10.5555/ABC.1",
      "http://dx.doi.org/10.5555/abc.1",
      "doi:10.5555/Abc.1",
      "10.5555/ABC.1",
    ]) {
      expect(idsOf(self("doi", written)).doi).toBe("10.5555/abc.1");
    }
  });

  it("reads a PMID as digits only and a PMCID as PMC followed by digits", () => {
    const candidate = idsOf(self("pmid", "PMID: 27330123"), self("pmc", "4921877"));
    expect(candidate.pmid).toBe("27330123");
    expect(candidate.pmcid).toBe("PMC4921877");
  });

  it("keeps every other id with its type", () => {
    expect(idsOf(self("eid", "2-s2.0-85000000001"), self("wosuid", "WOS:000123")).otherIds).toEqual([
      { type: "eid", value: "2-s2.0-85000000001" },
      { type: "wosuid", value: "WOS:000123" },
    ]);
  });

  it("never takes a part-of or version-of id for the work's own", () => {
    const candidate = idsOf(
      { type: "issn", value: "1555-0000", relationship: "part-of" },
      { type: "doi", value: "10.5555/JOURNAL", relationship: "part-of" },
      { type: "doi", value: "https://doi.org/10.5555/PUBLISHED", relationship: "version-of" },
    );
    expect(candidate.doi).toBeUndefined();
    expect(candidate.otherIds).toEqual([
      { type: "issn", value: "1555-0000", relationship: "part-of" },
      { type: "doi", value: "10.5555/journal", relationship: "part-of" },
      { type: "doi", value: "10.5555/published", relationship: "version-of" },
    ]);
  });

  it("puts a preprint's own DOI in doi and the published version's in otherIds", () => {
    const preprint = bySourceId("31000303");
    expect(preprint.doi).toBe("10.1101/2021.03.15.21253601");
    expect(preprint.otherIds).toEqual([
      { type: "doi", value: "10.5555/jgim.2022.0077", relationship: "version-of" },
    ]);
  });

  it("leaves out a self DOI that cannot be read as one rather than pass it on as an identity", () => {
    const candidate = bySourceId("31000505");
    expect(candidate.doi).toBeUndefined();
    expect(candidate.otherIds).toEqual([]);
  });

  it("keeps a second, different own DOI in otherIds", () => {
    const candidate = idsOf(
      self("doi", "10.5555/first"),
      self("doi", "10.5555/SECOND"),
      self("doi", "10.5555/FIRST"),
    );
    expect(candidate.doi).toBe("10.5555/first");
    expect(candidate.otherIds).toEqual([{ type: "doi", value: "10.5555/second" }]);
  });
});

describe("works: kinds, venues, titles, contributors", () => {
  it.each([
    ["journal-article", "publication"],
    ["review", "publication"],
    ["book", "publication"],
    ["book-chapter", "publication"],
    ["preprint", "publication"],
    ["journal-issue", "publication"],
    ["edited-book", "publication"],
    ["dissertation-thesis", "publication"],
    ["report", "publication"],
    ["working-paper", "publication"],
    ["data-set", "publication"],
    ["other", "publication"],
    ["conference-presentation", "presentation"],
    ["conference-poster", "presentation"],
    ["conference-abstract", "presentation"],
    ["lecture-speech", "presentation"],
    ["conference-paper", "presentation"],
  ])("counts a %s as a %s", (type, kind) => {
    expect(workKind(type)).toBe(kind);
  });

  it("keeps a poster's meeting as its venue, for scope rules", () => {
    expect(bySourceId("31000202")).toMatchObject({
      kind: "presentation",
      sourceType: "conference-poster",
      venue: "American Heart Association Scientific Sessions 2019",
      year: 2019,
      month: 11,
      day: 17,
    });
    expect(bySourceId("29100606")).toMatchObject({ kind: "presentation", venue: "Circulation" });
  });

  it("writes a subtitle after the title, as other sources do, unless the title already has it", () => {
    const withSubtitle = workToCandidate(parseWork(text("work-single.json")));
    expect(withSubtitle.title).toBe(
      "Mentoring and early-career productivity in academic cardiology: a cohort study",
    );
    const group = (title: string, subtitle: string) =>
      workGroupToCandidate({ externalIds: [], summaries: [summary(1, { title, subtitle })] }).title;
    expect(group("Why mentor?", "A survey")).toBe("Why mentor? A survey");
    expect(group("Mentoring: a survey", "A survey")).toBe("Mentoring: a survey");
  });

  it("takes contributors from the full work, in order, with the owner where the source placed them", () => {
    expect(bySourceId("31000202").contributors).toEqual([
      { name: "Amara N. Okafor", orcid: OWNER, role: "author", sequence: "first" },
      { name: "Daniel Reyes-Whitfield", orcid: COAUTHOR, role: "author", sequence: "additional" },
    ]);
    const single = workToCandidate(parseWork(text("work-single.json")), { orcid: OWNER });
    expect(single.contributors.map((contributor) => contributor.orcid ?? contributor.name)).toEqual([
      "Priya Natarajan",
      COAUTHOR,
      "Mei-Lin Zhou",
      OWNER,
    ]);
  });

  it("keeps a person listed once per role once, at their first place, so later authors keep their places", () => {
    expect(bySourceId("31000303").contributors.map((contributor) => contributor.name)).toEqual([
      "Priya Natarajan",
      "Amara N. Okafor",
      "Consortium for Equity in Academic Medicine",
      "Daniel Reyes-Whitfield",
    ]);
  });

  it("has no contributors when no full work was read", () => {
    expect(
      worksToCandidates(groups, { orcid: OWNER }).every((candidate) => candidate.contributors.length === 0),
    ).toBe(true);
  });

  it("uses a full work fetched for another version of the group", () => {
    const group: OrcidWorkGroup = {
      externalIds: [],
      summaries: [summary(1, { externalIds: [self("pmid", "5")] }), summary(2)],
    };
    const other: OrcidWork = { ...summary(2), contributors: [{ name: "Only Author", sequence: "first" }] };
    expect(workGroupToCandidate(group, { fullWorks: new Map([[2, other]]) }).contributors).toEqual([
      { name: "Only Author", sequence: "first" },
    ]);
  });

  it("gives no year, month or day when the date has no year", () => {
    const candidate = workGroupToCandidate({
      externalIds: [],
      summaries: [summary(1, { publicationDate: { month: 3, day: 2 } })],
    });
    expect(candidate).not.toHaveProperty("year");
    expect(candidate).not.toHaveProperty("month");
  });
});

describe("fundings: one grant per group", () => {
  const fundingGroups = parseFundings(text("fundings.json"));
  const full = parseFunding(text("funding-full.json"));
  const noDates = parseFunding(text("funding-no-dates.json"));
  const details = new Map([
    [full.putCode, full],
    [noDates.putCode, noDates],
  ]);
  const grants = fundingsToCandidates(fundingGroups, { orcid: OWNER, details });

  it("reads the grant from the owner's full item: funder, number, years, amount, role", () => {
    expect(grants).toHaveLength(3);
    expect(grants[0]).toEqual({
      source: "orcid",
      sourceId: "870055",
      kind: "grant",
      sourceType: "grant",
      title: "Mentored patient-oriented research career development award: arrhythmia outcomes after TAVR",
      year: 2017,
      month: 7,
      day: 1,
      venue: "National Heart, Lung, and Blood Institute",
      otherIds: [{ type: "grant_number", value: "P30AG000001", relationship: "part-of" }],
      contributors: [
        { name: "Amara N. Okafor", orcid: OWNER, role: "lead" },
        { name: "Daniel Reyes-Whitfield", orcid: COAUTHOR, role: "other-contribution" },
      ],
      grant: {
        funder: "National Heart, Lung, and Blood Institute",
        grantNumber: "K23HL150000",
        startYear: 2017,
        endYear: 2022,
        totalAmount: 745000,
        currency: "USD",
        role: "pi",
      },
    });
  });

  it("gives a co-lead the co-investigator role and leaves out the dates and amount a funding lacks", () => {
    expect(grants[1]).toMatchObject({
      sourceId: "880202",
      sourceType: "award",
      grant: { funder: "American Heart Association", grantNumber: "19CDA34660000", role: "co_investigator" },
    });
    expect(grants[1]!.grant).not.toHaveProperty("startYear");
    expect(grants[1]!.grant).not.toHaveProperty("totalAmount");
    expect(grants[1]).not.toHaveProperty("year");
  });

  it("has no role or amount from a summary alone", () => {
    const candidate = fundingGroupToCandidate(fundingGroups[2]!, { orcid: OWNER });
    expect(candidate.grant).toEqual({
      funder: "Northfield University School of Medicine",
      startYear: 2015,
      endYear: 2016,
    });
    expect(candidate.otherIds).toEqual([]);
  });

  it.each([
    ["lead", "pi"],
    ["principal-investigator", "pi"],
    ["Principal_Investigator", "pi"],
    ["co-lead", "co_investigator"],
    ["co-investigator", "co_investigator"],
    ["supported-by", "other"],
    ["other-contribution", "other"],
    ["http://credit.niso.org/contributor-roles/funding-acquisition/", "other"],
  ])("maps the contributor role %s to %s", (role, expected) => {
    expect(grantRole(role)).toBe(expected);
  });

  const funding = (fields: Partial<OrcidFunding>): OrcidFunding => ({
    putCode: 1,
    type: "grant",
    title: "A grant",
    externalIds: [],
    source: {},
    contributors: [],
    ...fields,
  });

  it("finds the owner by iD, or else as the only contributor without one; otherwise gives no role", () => {
    const others = [{ name: "Someone Else", orcid: COAUTHOR, role: "lead" }];
    expect(fundingToCandidate(funding({ contributors: others }), { orcid: OWNER }).grant).not.toHaveProperty(
      "role",
    );
    const alone = [{ name: "Amara Okafor", role: "co-investigator" }];
    expect(fundingToCandidate(funding({ contributors: alone }), { orcid: OWNER }).grant?.role).toBe(
      "co_investigator",
    );
    expect(fundingToCandidate(funding({}), { orcid: OWNER }).grant).not.toHaveProperty("role");
  });

  it("reads plain amounts and leaves out one it cannot read for sure", () => {
    const amount = (value: string) =>
      fundingToCandidate(funding({ amount: { value, currencyCode: "EUR" } })).grant;
    expect(amount("1,250,000")).toMatchObject({ totalAmount: 1250000, currency: "EUR" });
    expect(amount("1000.0")?.totalAmount).toBe(1000);
    expect(amount("1.000.000")).not.toHaveProperty("totalAmount");
  });
});

describe("names and affiliations", () => {
  it("turns the record's names into distinct 'Last, Given' variants", () => {
    expect(otherNamesToVariants(parsePerson(text("person.json")))).toEqual([
      "Okafor, Amara",
      "Okafor, Amara N.",
      "Okafor, Amara Nkechi",
      "Okafor, A. N.",
      "Okafor-Bell, Amara",
    ]);
  });

  it("reads PubMed-style and suffixed names, and skips names of one word or no letters", () => {
    expect(
      otherNamesToVariants({
        otherNames: ["Reyes-Whitfield DJ", "Daniel Reyes-Whitfield Jr.", "Daniel", "{}", "Reyes, MD"],
      }),
    ).toEqual(["Reyes-Whitfield, D J", "Reyes-Whitfield, Daniel"]);
  });

  it("lists each employer, then each department, once", () => {
    expect(employmentsToAffiliationTerms(parseEmployments(text("employments.json")))).toEqual([
      "Northfield University School of Medicine",
      "Lakeshore Veterans Affairs Medical Center",
      "Department of Medicine, Division of Cardiology",
      "Cardiology Section",
      "Department of Medicine",
    ]);
  });
});
