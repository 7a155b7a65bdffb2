import { XMLValidator } from "fast-xml-parser";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { generateAltDivision, altRosterCsv, type AltDivision } from "../../sandbox/division-alt/index.ts";
import { divisionStatistics, type DivisionStatistics } from "../../sandbox/division-alt/statistics.ts";
import { toPubmedArticleSetXml } from "../../sandbox/servers/pubmed-xml.ts";
import { ArticleIndex, foldText, parseTerm } from "../../sandbox/servers/term.ts";
import { isValidOrcid } from "../../src/identity/orcid.ts";
import { parseRoster } from "../../src/roster/parse-roster.ts";
import {
  parseEmployments,
  parseFunding,
  parseFundings,
  parsePerson,
  parseWork,
  parseWorksSummary,
  workKind,
} from "../../src/sources/orcid/index.ts";
import { parsePubmedXml } from "../../src/sources/pubmed/parse.ts";
import type { PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { buildAuthorQuery } from "../../src/sources/pubmed/query.ts";
import { parseProjectsSearch } from "../../src/sources/reporter/parse.ts";

const digest = (division: AltDivision): string =>
  createHash("sha256").update(JSON.stringify(division)).digest("hex");

// Two full-size divisions for the aggregate properties, one small and one large for the sizes.
const divisions = [
  generateAltDivision({ facultyCount: 100, seed: 11 }),
  generateAltDivision({ facultyCount: 100, seed: 12 }),
];
const statistics: DivisionStatistics[] = divisions.map(divisionStatistics);
const small = generateAltDivision({ facultyCount: 30, seed: 5 });
/** The author is written with one of the surnames and the first initial of one of the first names. */
function expectWrittenAs(author: PubmedAuthor, names: { surnames: string[]; firstNames: string[] }): void {
  expect(names.surnames.map(foldText)).toContain(foldText(author.lastName ?? ""));
  expect(names.firstNames.map((first) => foldText(first)[0])).toContain(foldText(author.initials ?? "")[0]);
}

const both = (check: (stats: DivisionStatistics, division: AltDivision) => void): void =>
  divisions.forEach((division, i) => check(statistics[i]!, division));

describe("alternative division: construction", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(digest(generateAltDivision({ facultyCount: 30, seed: 5 }))).toBe(digest(small));
    expect(digest(generateAltDivision({ facultyCount: 30, seed: 6 }))).not.toBe(digest(small));
  });

  it("makes divisions of 30 to 300 faculty, with articles in PMID order", () => {
    const large = generateAltDivision({ facultyCount: 300, seed: 7 });
    for (const division of [small, large]) {
      const pmids = division.articles.map((article) => Number(article.pmid));
      expect(pmids).toEqual([...pmids].sort((a, b) => a - b));
      expect(new Set(pmids).size).toBe(pmids.length);
    }
    expect(small.faculty).toHaveLength(30);
    expect(large.faculty).toHaveLength(300);
    expect(large.truth.length).toBeGreaterThan(3 * small.truth.length);
  });

  it("writes every article as EFetch XML that ScholarTrack's parser reads back unchanged", () => {
    const xml = toPubmedArticleSetXml(small.articles, { abstracts: (pmid) => small.abstracts[pmid] });
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(parsePubmedXml(xml)).toEqual(small.articles);
  });

  it("gives ORCID records that ScholarTrack's ORCID parsers read, listing only the person's own papers", () => {
    const [division] = divisions;
    const truthPmids = new Set(division!.truth.map((entry) => `${entry.facultyId}/${entry.pmid}`));
    const byDoi = new Map(division!.articles.flatMap((a) => (a.doi ? [[a.doi, a.pmid] as const] : [])));
    const owners = new Map(division!.faculty.map((row) => [row.orcid, row.faculty_id]));
    let works = 0;
    for (const [orcid, record] of Object.entries(division!.orcidRecords)) {
      expect(isValidOrcid(orcid)).toBe(true);
      const groups = parseWorksSummary(record.works);
      expect(parsePerson(record.person).familyName).toBeTruthy();
      parseEmployments(record.employments);
      parseFundings(record.fundings);
      for (const detail of Object.values(record.workDetails)) parseWork(detail);
      for (const detail of Object.values(record.fundingDetails)) parseFunding(detail);
      const owner = owners.get(orcid);
      if (owner === undefined) continue;
      for (const group of groups) {
        const ids = group.externalIds;
        const pmid =
          ids.find((id) => id.type === "pmid")?.value ??
          byDoi.get(ids.find((id) => id.type === "doi")?.value ?? "");
        if (pmid === undefined) continue;
        works++;
        expect(truthPmids.has(`${owner}/${pmid}`)).toBe(true);
      }
    }
    expect(works).toBeGreaterThan(100);
  });

  it("gives RePORTER projects that ScholarTrack's parser reads, with every true award under its PI's profile id", () => {
    const [division] = divisions;
    const page = parseProjectsSearch({
      meta: { total: division!.reporterProjects.length, offset: 0, limit: division!.reporterProjects.length },
      results: division!.reporterProjects,
    });
    expect(page.projects).toHaveLength(division!.reporterProjects.length);
    expect(division!.grantTruth.length).toBeGreaterThan(5);
    for (const entry of division!.grantTruth) {
      const profileId = division!.reporterProfileIds[entry.facultyId];
      const records = page.projects.filter((project) => project.coreProjectNum === entry.coreProjectNum);
      expect(records.length).toBeGreaterThan(0);
      const pi = records[0]!.principalInvestigators.find((p) => p.profileId === profileId);
      expect(pi?.isContactPi).toBe(entry.role === "pi");
    }
  });

  it("writes a roster that imports without problems, previous affiliations in their own column", () => {
    const [division] = divisions;
    const parsed = parseRoster(altRosterCsv(division!.faculty));
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries).toHaveLength(100);
    const withPrevious = parseRoster(
      altRosterCsv(division!.faculty, division!.previousAffiliations, { previousAffiliations: true }),
    );
    expect(withPrevious.problems).toEqual([]);
    expect(Object.keys(division!.previousAffiliations).length).toBeGreaterThan(5);
  });
});

describe("alternative division: truth", () => {
  it("names the faculty member on every true authorship, by a name they publish under", () => {
    both((_, division) => {
      const byPmid = new Map(division.articles.map((article) => [article.pmid, article]));
      const seen = new Set<string>();
      for (const entry of division.truth) {
        const author = byPmid.get(entry.pmid)!.authors[entry.authorIndex]!;
        expectWrittenAs(author, division.publishedNames[entry.facultyId]!);
        const position = `${entry.pmid}/${entry.authorIndex}`;
        expect(seen.has(position)).toBe(false);
        seen.add(position);
      }
    });
  });

  it("lists as namesakes only other people whose surname and first initial match", () => {
    both((_, division) => {
      const byPmid = new Map(division.articles.map((article) => [article.pmid, article]));
      const faculty = new Map(division.faculty.map((row) => [row.faculty_id, row]));
      const trueAuthors = new Set(division.truth.map((entry) => `${entry.pmid}/${entry.authorIndex}`));
      for (const entry of division.namesakes) {
        expect(trueAuthors.has(`${entry.pmid}/${entry.authorIndex}`)).toBe(false);
        const author = byPmid.get(entry.pmid)!.authors[entry.authorIndex]!;
        expectWrittenAs(author, division.publishedNames[entry.facultyId]!);
        const orcid = faculty.get(entry.facultyId)!.orcid;
        if (author.orcid && orcid) expect(author.orcid).not.toBe(orcid);
      }
    });
  });

  it("lists each presentation as a conference or talk work on the person's readable ORCID record", () => {
    const [division] = divisions;
    const orcidOf = new Map(division!.faculty.map((row) => [row.faculty_id, row.orcid]));
    expect(division!.presentationTruth.length).toBeGreaterThan(10);
    for (const entry of division!.presentationTruth) {
      const record = Object.entries(division!.orcidRecords).find(([, r]) =>
        r.works.group.some((group) =>
          group["work-summary"].some((work) => work["put-code"] === entry.putCode),
        ),
      );
      expect(record).toBeDefined();
      const work = record![1].workDetails[String(entry.putCode)]!;
      expect(workKind(work.type)).toBe("presentation");
      if (orcidOf.get(entry.facultyId)) expect(record![0]).toBe(orcidOf.get(entry.facultyId));
    }
  });
});

describe("alternative division: MEDLINE's habits, in aggregate", () => {
  it("gives an affiliation to the first author only before 2014, to most authors after", () => {
    both((stats) => {
      expect(stats.affiliated.firstBefore2014).toBeGreaterThan(0.85);
      expect(stats.affiliated.middleBefore2014).toBeLessThan(0.12);
      expect(stats.affiliated.allFrom2014).toBeGreaterThan(0.7);
      expect(stats.affiliated.allFrom2014).toBeLessThan(0.95);
      expect(stats.affiliationsWithEmail).toBeGreaterThan(0.02);
      expect(stats.affiliationsWithEmail).toBeLessThan(0.15);
    });
  });

  it("shows ORCID iDs on author records rarely before 2014 and partly after", () => {
    both((stats) => {
      expect(stats.orcidOnFacultyAuthorships.before2014).toBeLessThan(0.03);
      expect(stats.orcidOnFacultyAuthorships.from2019).toBeGreaterThan(0.1);
      expect(stats.orcidOnFacultyAuthorships.from2019).toBeLessThan(0.7);
      expect(stats.orcidOnFacultyAuthorships.from2019).toBeGreaterThan(
        stats.orcidOnFacultyAuthorships.from2014to2018,
      );
    });
  });

  it("gives ORCID records to some faculty only, with works and employment years missing", () => {
    both((stats) => {
      expect(stats.orcid.onRoster).toBeGreaterThan(30);
      expect(stats.orcid.onRoster).toBeLessThan(85);
      expect(stats.orcid.incomplete).toBeGreaterThan(stats.orcid.readable / 2);
      expect(stats.orcid.medianWorksCoverage).toBeLessThan(0.95);
      expect(stats.orcid.employmentsWithoutYear).toBeGreaterThan(0);
      expect(stats.orcid.employmentsWithoutYear).toBeLessThan(stats.orcid.employments);
    });
  });

  it("has roster twins: the same surname and first name, and the same surname and first initial", () => {
    for (const division of [...divisions, small]) {
      const twins = divisionStatistics(division).rosterTwins.map(([a, b]) =>
        [a, b].map((id) => division.faculty.find((row) => row.faculty_id === id)!),
      );
      expect(twins.some(([a, b]) => a!.first_name === b!.first_name)).toBe(true);
      expect(twins.some(([a, b]) => a!.first_name !== b!.first_name)).toBe(true);
    }
  });

  it("has papers from previous institutions, listed on ORCID with years for some and on the roster for others", () => {
    both((stats, division) => {
      expect(stats.previousInstitutionAuthorships).toBeGreaterThan(0.02 * stats.trueLinks);
      const datedElsewhere = Object.values(division.orcidRecords).filter((record) =>
        parseEmployments(record.employments).some((job) => job.endDate?.year !== undefined),
      );
      expect(datedElsewhere.length).toBeGreaterThan(3);
      expect(Object.keys(division.previousAffiliations).length).toBeGreaterThan(5);
    });
  });

  it("has namesakes in the same journals, at the home institution, and written with initials only", () => {
    both((stats) => {
      expect(stats.namesakes.sameFirstAndMiddleInitialSameJournal).toBeGreaterThan(50);
      expect(stats.namesakeAuthorships.same).toBeGreaterThan(50);
      expect(stats.namesakes.facultyWithSameInstitutionNamesake).toBeGreaterThan(5);
      expect(stats.namesakes.initialsOnly).toBeGreaterThan(50);
      expect(stats.namesakes.facultyWithSharedCoauthorNames).toBeGreaterThan(10);
    });
  });

  it("finds namesakes with the product's own name search, as PubMed does", () => {
    const [division] = divisions;
    const index = new ArticleIndex(division!.articles);
    const namesakePmids = new Set(division!.namesakes.map((entry) => `${entry.facultyId}/${entry.pmid}`));
    let found = 0;
    for (const row of division!.faculty) {
      const query = buildAuthorQuery({
        lastName: row.last_name,
        firstName: row.first_name,
        middleName: row.middle_name,
        nameVariants: row.name_variants === "" ? [] : row.name_variants.split(";"),
        affiliationTerms: row.affiliation_terms === "" ? [] : row.affiliation_terms.split(";"),
      });
      found += index
        .search(parseTerm(query))
        .filter((pmid) => namesakePmids.has(`${row.faculty_id}/${pmid}`)).length;
    }
    expect(found).toBeGreaterThan(division!.truth.length / 2);
  });

  it("writes names as people do: nicknames, earlier surnames, initials, diacritics, two-part surnames", () => {
    const total = (pick: (stats: DivisionStatistics) => number): number =>
      statistics.reduce((sum, stats) => sum + pick(stats), 0);
    expect(total((stats) => stats.nameForms.otherFirstName)).toBeGreaterThan(0);
    expect(total((stats) => stats.nameForms.otherSurname)).toBeGreaterThan(0);
    expect(total((stats) => stats.nameForms.givenAsInitials)).toBeGreaterThan(0);
    expect(total((stats) => stats.roster.diacritics)).toBeGreaterThan(0);
    expect(total((stats) => stats.roster.compoundSurnames)).toBeGreaterThan(0);
    const married = divisions.some((division) =>
      Object.entries(division.publishedNames).some(([id, names]) =>
        names.surnames.some(
          (surname) =>
            !foldText(division.faculty.find((row) => row.faculty_id === id)!.last_name).includes(
              foldText(surname),
            ),
        ),
      ),
    );
    expect(married).toBe(true);
  });

  it("has skewed output per person and author lists that grow over the years", () => {
    both((stats) => {
      expect(stats.publicationsPerFaculty.gini).toBeGreaterThan(0.4);
      expect(stats.publicationsPerFaculty.max).toBeGreaterThan(4 * stats.publicationsPerFaculty.median);
      expect(stats.authorsByEra["2016-2025"]).toBeGreaterThan(stats.authorsByEra["2002-2008"]!);
    });
  });
});
