/**
 * The ORCID parsers and mappers against real recorded ORCID responses kept beside the repository
 * (../shared/fixtures/orcid, described in its MANIFEST). Every v3.0 JSON file must be read with
 * the facts below; XML, v2.0 and error bodies must be refused, never read as data.
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import {
  employmentsToAffiliationTerms,
  fundingsToCandidates,
  otherNamesToVariants,
  rankVersions,
  workToCandidate,
  worksToCandidates,
} from "../../src/sources/orcid/map.ts";
import {
  OrcidParseError,
  parseBulkWorks,
  parseEmployments,
  parseFunding,
  parseFundings,
  parsePerson,
  parseRecordLastModified,
  parseWork,
  parseWorksSummary,
} from "../../src/sources/orcid/parse.ts";

const repoRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
const shared = path.resolve(repoRoot, "../shared/fixtures/orcid");
const available = existsSync(shared);
if (!available) {
  console.warn(`ORCID conformance suite SKIPPED: no shared fixtures at ${shared}`);
}

const PARSERS = {
  parseWorksSummary,
  parseBulkWorks,
  parseWork,
  parseFundings,
  parseFunding,
  parsePerson,
  parseEmployments,
  parseRecordLastModified,
} as const;

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [path.relative(shared, full)];
  });
}

const read = (file: string): string => readFileSync(path.join(shared, file), "utf8");
const json = (file: string): Record<string, unknown> => JSON.parse(read(file)) as Record<string, unknown>;

function refusal(run: () => unknown): string {
  try {
    run();
  } catch (error) {
    if (error instanceof OrcidParseError) return error.message;
    throw error;
  }
  throw new Error("expected the parser to refuse the document");
}

describe.skipIf(!available)(`ORCID conformance: ${shared}`, () => {
  const files = available ? filesUnder(shared).sort() : [];

  describe("every file: a parser returns its data or refuses with OrcidParseError, nothing else", () => {
    it.each(files)("%s", (file) => {
      const text = read(file);
      for (const parse of Object.values(PARSERS)) {
        try {
          parse(text);
        } catch (error) {
          expect(error).toBeInstanceOf(OrcidParseError);
        }
      }
    });
  });

  describe("XML, v2.0 and error bodies are refused by every parser", () => {
    const refused = files.filter(
      (file) =>
        file.endsWith(".xml") || file.startsWith("legacy-") || path.basename(file).startsWith("error_"),
    );

    it("finds such files to check", () => {
      expect(refused.length).toBeGreaterThanOrEqual(7);
    });

    it.each(refused)("%s", (file) => {
      const text = read(file);
      const expected = file.endsWith(".xml")
        ? /^unsupported: XML \(<[\w:-]+>\)/
        : file.startsWith("legacy-")
          ? /^unsupported: an ORCID API v2\.x document/
          : /^ORCID error \(HTTP \d+, error-code \d+\) instead of data: /;
      for (const parse of Object.values(PARSERS)) expect(refusal(() => parse(text))).toMatch(expected);
    });

    it("names the XML document's root element", () => {
      expect(refusal(() => parseWorksSummary(read("samples-official/works-3.0.xml")))).toMatch(
        /<activities:works>/,
      );
      expect(refusal(() => parseFunding(read("samples-official/funding-full-3.0.xml")))).toMatch(
        /<funding:funding>/,
      );
      const record =
        "v3.0/record_xml_qa-server_fundings_peer-review_normalized-error__0000-0002-3874-7658.xml";
      expect(refusal(() => parseFundings(read(record)))).toMatch(/<record:record>/);
    });

    it("refuses each section of the v2.0 record too, never reading its upper-case values as v3.0 data", () => {
      const legacy = json(
        "legacy-v2.0/record_v2.0_fundings_translated-title_diacritic-org__0000-0003-2473-2313.json",
      );
      const activities = legacy["activities-summary"] as Record<string, unknown>;
      expect(refusal(() => parseWorksSummary(activities.works))).toMatch(/v2\.x .*"SELF"/);
      expect(refusal(() => parseFundings(activities.fundings))).toMatch(/v2\.x/);
      expect(refusal(() => parseEmployments(activities.employments))).toMatch(
        /v2\.x .*flat employment-summary list/,
      );
      expect(refusal(() => parsePerson(legacy.person))).toMatch(/v2\.x .*"PUBLIC"/);
    });

    it("reports ORCID's 404 body with its own message", () => {
      expect(
        refusal(() => parsePerson(read("v3.0/error_404_invalid-orcid-in-path__asdfadf-person.json"))),
      ).toBe(
        "ORCID error (HTTP 404, error-code 9016) instead of data: 404 Not Found: The resource was not found. Full validation error: ORCID iD asdfadf not found",
      );
    });
  });

  describe("works lists", () => {
    it("reads Stephen Eglen's 74 groups as 74 candidates, each DOI, PMID and PMCID once", () => {
      const groups = parseWorksSummary(
        read("v3.0/works-summary_doi-pmid-pmc-groups_multi-source__0000-0001-8607-8025.json"),
      );
      const candidates = worksToCandidates(groups, { orcid: "0000-0001-8607-8025" });
      expect(groups).toHaveLength(74);
      expect(groups.filter((group) => group.summaries.length > 1)).toHaveLength(4);
      expect(candidates).toHaveLength(74);
      expect(candidates.filter((candidate) => candidate.doi)).toHaveLength(54);
      expect(candidates.filter((candidate) => candidate.pmid)).toHaveLength(40);
      expect(candidates.filter((candidate) => candidate.pmcid)).toHaveLength(19);
      expect(
        candidates
          .filter((candidate) => candidate.kind === "presentation")
          .map((candidate) => candidate.sourceType),
      ).toEqual(["conference-abstract"]);
      expect(candidates.find((candidate) => candidate.pmid === "27030758")).toMatchObject({
        sourceId: "28902902",
        title:
          "Homeostatic Activity-Dependent Tuning of Recurrent Networks for Robust Propagation of Activity.",
        year: 2016,
        month: 3,
        // Europe PMC's version has no journal; Crossref's in the same group does.
        venue: "The Journal of Neuroscience",
        doi: "10.1523/jneurosci.2511-15.2016",
        pmcid: "PMC4812132",
      });
    });

    it("reads Josiah Carberry's works, preferring his own version on a tie", () => {
      const groups = parseWorksSummary(read("v3.0/works-summary__0000-0002-1825-0097_josiah-carberry.json"));
      expect(groups).toHaveLength(6);
      const [crossref, own] = groups[0]!.summaries;
      expect(crossref!.source).toEqual({
        name: "Crossref Metadata Search",
        clientId: "0000-0002-3054-1567",
        assertionOriginOrcid: "0000-0002-1825-0097",
      });
      expect(own!.source).toEqual({ name: "Josiah Carberry", orcid: "0000-0002-1825-0097" });
      expect(
        rankVersions(groups[0]!.summaries, "0000-0002-1825-0097").map((version) => version.putCode),
      ).toEqual([18777963, 9543020]);
      const candidates = worksToCandidates(groups, { orcid: "0000-0002-1825-0097" });
      expect(candidates[0]).toMatchObject({
        sourceId: "9543020",
        doi: "10.5555/12345680",
        year: 2012,
        otherIds: [{ type: "issn", value: "0264-3561", relationship: "part-of" }],
      });
      expect(candidates[5]).toMatchObject({
        doi: "10.1109/tps.1987.4316723",
        venue: "IEEE Transactions on Plasma Science",
        otherIds: [{ type: "eid", value: "2-s2.0-0023398608" }],
      });
    });

    it("reads Peter Binfield's works: conference papers are presentations, Scopus EIDs kept with their type", () => {
      const candidates = worksToCandidates(
        parseWorksSummary(read("v3.0/works-summary_doi-and-eid-ids__0000-0002-9341-7985.json")),
      );
      expect(
        candidates.map((candidate) => [candidate.sourceId, candidate.kind, candidate.doi ?? null]),
      ).toEqual([
        ["15536015", "publication", "10.3233/isu-130714"],
        ["5011717", "publication", "10.1038/npre.2009.2801"],
        ["15536016", "presentation", null],
        ["15536014", "publication", "10.1080/03615260801973992"],
        ["15536013", "publication", "10.1080/03615260801973414"],
        ["15536017", "presentation", null],
        ["15536018", "publication", null],
        ["15536019", "publication", null],
      ]);
      expect(candidates[0]!.otherIds).toEqual([{ type: "eid", value: "2-s2.0-84889654399" }]);
    });

    it("reads the sandbox works: no DOI from 'book1', '123' or 'foo', the owner's version first in a shared group", () => {
      const candidates = worksToCandidates(
        parseWorksSummary(
          read("v3.0/works-summary_sandbox_other-id-and-doi-groups__0000-0003-4997-3076.json"),
        ),
        { orcid: "0000-0003-4997-3076" },
      );
      expect(
        candidates.map((candidate) => [candidate.sourceId, candidate.sourceType, candidate.doi ?? null]),
      ).toEqual([
        ["1487805", "online-resource", null],
        ["1537385", "book", null],
        ["1547701", "data-set", "10.25982/101788.79/1828290"],
        ["1526002", "online-resource", null],
        ["1489307", "data-set", "10.25982/1668075"],
        ["1591568", "book", null],
      ]);
      expect(candidates[4]!.title).toBe("KBase Educators Overview");
      expect(candidates[0]!.otherIds).toEqual([
        { type: "other-id", value: "67335/259/" },
        { type: "uri", value: "kbase_web_services", relationship: "part-of" },
      ]);
    });
  });

  describe("full works", () => {
    it("reads a pretty-printed work with no ids and no contributors", () => {
      const work = parseWork(
        read("v3.0/work-single_bibtex-citation_pretty__0000-0002-0734-2199_put-code-40038622.json"),
      );
      expect(work).toMatchObject({
        putCode: 40038622,
        title: "Introducing an R package for luminescence dating analysis",
        journalTitle: "Ancient TL",
        publicationDate: { year: 2012 },
        externalIds: [],
        contributors: [],
        country: "GB",
        source: { name: "Sebastian Kreutzer", orcid: "0000-0002-0734-2199" },
      });
      expect(work.citation?.type).toBe("bibtex");
    });

    it("reads a compact work's four contributors in order, names with diacritics intact", () => {
      const work = parseWork(
        read("v3.0/work-single_compact-json__0000-0002-0734-2199_put-code-77226586.json"),
      );
      expect(work.contributors).toEqual([
        { name: "Sebastian Kreutzer", orcid: "0000-0002-0734-2199", role: "author" },
        { name: "Chantal Tribolo", role: "author" },
        { name: "Loïc Martin", role: "author" },
        { name: "Norbert Mercier", role: "author" },
      ]);
      expect(work.title).toBe("Dose-Rate Estimation using α-Al2O3:C Chips: Aftermath");
      expect(workToCandidate(work)).toMatchObject({
        kind: "publication",
        year: 2020,
        month: 6,
        day: 1,
        otherIds: [{ type: "source-work-id", value: "241a9e61-3cea-4173-bafa-23dbd14e5924" }],
      });
    });

    it("reads a limited work whose DOI ORCID could not normalise, and passes no DOI on", () => {
      const work = parseWork(
        read(
          "v3.0/work-single_limited-visibility_doi-normalization-error__0000-0001-7325-5491_put-code-141942.json",
        ),
      );
      expect(work).toMatchObject({
        visibility: "limited",
        title: "Title",
        subtitle: "subtitle",
        contributors: [],
      });
      expect(work).not.toHaveProperty("publicationDate");
      expect(work.externalIds).toEqual([
        {
          type: "doi",
          value: "123",
          normalizationError: "Cannot normalize identifier value doi:123",
          relationship: "self",
        },
      ]);
      const candidate = workToCandidate(work);
      expect(candidate.doi).toBeUndefined();
      expect(candidate.title).toBe("Title: subtitle");
    });

    it("reads a bulk read of one work, keeping each person once among its contributors", () => {
      const { works, errors } = parseBulkWorks(
        read("v3.0/works-bulk_single-put-code_sandbox__0000-0003-4997-3076_put-code-1487805.json"),
      );
      expect(errors).toEqual([]);
      expect(works).toHaveLength(1);
      expect(works[0]!.contributors).toHaveLength(6);
      expect(works[0]!.contributors[0]).toEqual({
        name: "Foo Fox",
        role: "http://credit.niso.org/contributor-roles/data-curation/",
      });
      const candidate = workToCandidate(works[0]!, { orcid: "0000-0003-4997-3076" });
      expect(candidate.contributors.map((contributor) => contributor.name)).toEqual([
        "Foo Fox",
        "Bar Bunny",
        "Erik Pearson",
      ]);
      expect(candidate.title).toBe("Test Publication: testing publication workflow");
      expect(candidate.doi).toBeUndefined();
    });
  });

  describe("person and employments", () => {
    it.each([
      ["v3.0/person__0000-0001-8607-8025.json", "0000-0001-8607-8025", ["Eglen, Stephen"]],
      ["v3.0/person__0000-0002-9341-7985.json", "0000-0002-9341-7985", ["Binfield, Peter"]],
      [
        "v3.0/person__0000-0002-1825-0097_josiah-carberry.json",
        "0000-0002-1825-0097",
        ["Carberry, Josiah", "Carberry, Josiah Stinkney", "Carberry, J.", "Carberry, J. S."],
      ],
      [
        "v3.0/person_with-addresses-keywords-urls__0000-0003-1444-9135.json",
        "0000-0003-1444-9135",
        ["Chamberlain, Scott", "Chamberlain, Scott A"],
      ],
    ])("reads %s", (file, orcid, variants) => {
      const person = parsePerson(read(file));
      expect(person.orcid).toBe(orcid);
      expect(otherNamesToVariants(person)).toEqual(variants);
    });

    it("reads Josiah Carberry's two open-ended employments", () => {
      const employments = parseEmployments(
        read("v3.0/employments_affiliation-groups__0000-0002-1825-0097.json"),
      );
      expect(
        employments.map((employment) => [
          employment.organization?.name,
          employment.startDate,
          employment.endDate ?? null,
        ]),
      ).toEqual([
        ["Wesleyan University", { year: 1930, month: 2, day: 29 }, null],
        ["Brown University", { year: 1929, month: 2, day: 29 }, null],
      ]);
      expect(employments[0]!.organization).toMatchObject({
        disambiguatedId: "5468",
        disambiguationSource: "RINGGOLD",
      });
      expect(employmentsToAffiliationTerms(employments)).toEqual([
        "Wesleyan University",
        "Brown University",
        "Psychoceramics",
      ]);
    });

    it("refuses an educations list where employments are expected", () => {
      expect(
        refusal(() => parseEmployments(read("v3.0/educations_empty__0000-0002-1825-0097.json"))),
      ).toMatch(/but this is the educations section/);
    });

    it.each(["v3.0/search_given-names-carl_rows-10.json", "v3.0/search_no-results_result-null.json"])(
      "refuses the search result %s",
      (file) => {
        expect(refusal(() => parseWorksSummary(read(file)))).toMatch(/but this is a search result/);
      },
    );
  });

  describe("the official v3.0 JSON record", () => {
    const record = available ? json("samples-official/record-full-3.0.json") : {};
    const activities = (record["activities-summary"] ?? {}) as Record<string, unknown>;
    const owner = "0000-0002-7319-2192";

    it("is refused whole by a section parser: its sections are read one by one", () => {
      expect(refusal(() => parseWorksSummary(record))).toMatch(/but this is a full record/);
    });

    it("says when it last changed: the latest of its history's, person's and activities' dates", () => {
      // history 1559917016886, activities-summary 1559917017189 (the latest).
      expect(parseRecordLastModified(record)?.getTime()).toBe(1559917017189);
      expect(refusal(() => parseRecordLastModified(record.person))).toMatch(
        /expected a full record \(GET \/\{orcid\}\/record\) but this is the person section/,
      );
    });

    it("reads its works: a version-of DOI stays out of doi, an unnormalisable self DOI is left out", () => {
      const [candidate] = worksToCandidates(parseWorksSummary(activities.works), { orcid: owner });
      expect(candidate).toMatchObject({
        sourceId: "178602",
        title: "Work Title",
        otherIds: [{ type: "doi", value: "10.1087/20120404", relationship: "version-of" }],
      });
      expect(candidate!.doi).toBeUndefined();
    });

    it("reads its fundings: one grant of two versions, with grant number, funder and years", () => {
      const groups = parseFundings(activities.fundings);
      expect(groups[0]!.summaries.map((summary) => summary.putCode)).toEqual([5132, 5909]);
      expect(fundingsToCandidates(groups, { orcid: owner })).toEqual([
        expect.objectContaining({
          sourceId: "5132",
          kind: "grant",
          title: "Grant title",
          grant: { funder: "Wellcome Trust", grantNumber: "1234", startYear: 2000, endYear: 2020 },
        }),
      ]);
    });

    it("reads its person and employments, skipping names that are no names", () => {
      const person = parsePerson(record.person);
      expect(person).toMatchObject({ orcid: owner, givenNames: "Three", familyName: "releasecandidate1" });
      expect(otherNamesToVariants(person)).toEqual(["releasecandidate1, Three", "Name, Other"]);
      const employments = parseEmployments(activities.employments);
      expect(employments).toHaveLength(1);
      expect(employments[0]).toMatchObject({
        department: "department-name",
        endDate: { year: 1948, month: 2, day: 2 },
      });
    });
  });
});
