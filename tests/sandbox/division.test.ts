import { parse } from "csv-parse/sync";
import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { isValidOrcid } from "../../src/identity/orcid.ts";
import { parseRoster, resolveRoster } from "../../src/roster/parse-roster.ts";
import {
  ROSTER_HEADER,
  generateDivision,
  rosterCsv,
  type FictionalDivision,
  type RosterRow,
} from "../../sandbox/division/index.ts";
import { foldText } from "../../sandbox/servers/term.ts";
import {
  employmentsToAffiliationTerms,
  otherNamesToVariants,
  parseBulkWorks,
  parseEmployments,
  parseFunding,
  parseFundings,
  parsePerson,
  parseWork,
  parseWorksSummary,
  worksToCandidates,
  type OrcidWorkGroup,
} from "../../src/sources/orcid/index.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { collapseProjectsWithMatches } from "../../src/sources/reporter/map.ts";
import { parseProjectsSearch } from "../../src/sources/reporter/parse.ts";

const division = generateDivision();
const large = generateDivision({ facultyCount: 200, seed: 99 });

/** Surnames a faculty member publishes under: the roster's and its name variants' ("Last, First"). */
function surnames(row: RosterRow): Set<string> {
  const variants = row.name_variants === "" ? [] : row.name_variants.split(";");
  return new Set([row.last_name, ...variants.map((variant) => variant.split(",")[0]!)].map(foldText));
}

/** Transliterations such as Müller / Mueller are listed as variants; the first initial must agree. */
function sameName(author: PubmedAuthor, row: RosterRow): boolean {
  return (
    surnames(row).has(foldText(author.lastName ?? "")) &&
    foldText(author.initials ?? "").startsWith(foldText(row.first_name).charAt(0))
  );
}

function byPmid(records: PubmedArticleRecord[]): Map<string, PubmedArticleRecord> {
  return new Map(records.map((record) => [record.pmid, record]));
}

describe("generated division", () => {
  it("is the same for the same seed and differs for another", () => {
    expect(generateDivision({ facultyCount: 8, seed: 5 })).toEqual(
      generateDivision({ facultyCount: 8, seed: 5 }),
    );
    const other = generateDivision({ facultyCount: 8, seed: 6 });
    expect(other.articles.map((a) => a.pmid)).not.toEqual(
      generateDivision({ facultyCount: 8, seed: 5 }).articles.map((a) => a.pmid),
    );
  });

  it("has 30 faculty by default with ids F001 onwards", () => {
    expect(division.faculty).toHaveLength(30);
    expect(division.faculty.map((row) => row.faculty_id)).toEqual(
      Array.from({ length: 30 }, (_, i) => `F${String(i + 1).padStart(3, "0")}`),
    );
    expect(large.faculty).toHaveLength(200);
  });

  it("gives about two thirds of the faculty a valid ORCID iD, none shared", () => {
    for (const d of [division, large]) {
      const orcids = d.faculty.map((row) => row.orcid).filter((orcid) => orcid !== "");
      expect(orcids.every(isValidOrcid)).toBe(true);
      expect(new Set(orcids).size).toBe(orcids.length);
      const share = orcids.length / d.faculty.length;
      expect(share).toBeGreaterThan(0.5);
      expect(share).toBeLessThan(0.82);
    }
    const onArticles = large.articles.flatMap((a) =>
      a.authors.map((author) => author.orcid).filter((o) => o !== undefined),
    );
    expect(onArticles.length).toBeGreaterThan(100);
    expect(onArticles.every(isValidOrcid)).toBe(true);
  });

  it("includes names with diacritics, very common surnames and a maiden-name variant", () => {
    const lastNames = division.faculty.map((row) => row.last_name);
    expect(lastNames).toEqual(expect.arrayContaining(["Núñez", "Østergaard", "Smith", "Lee", "Wang"]));
    expect(division.faculty.some((row) => row.first_name === "Søren")).toBe(true);
    const married = division.faculty.find((row) => row.name_variants.includes("Castellano, "))!;
    expect(married.last_name).toBe("Whitfield");
    // Before the marriage the articles carry the maiden name, and they are hers.
    const articles = byPmid(division.articles);
    const maidenEntries = division.truth.filter(
      (t) =>
        t.facultyId === married.faculty_id &&
        articles.get(t.pmid)!.authors[t.authorIndex]!.lastName === "Castellano",
    );
    expect(maidenEntries.length).toBeGreaterThan(0);
    for (const t of maidenEntries)
      expect(articles.get(t.pmid)!.publicationDate!.year).toBeLessThanOrEqual(2014);
  });

  it("runs the mentoring program from 2013 for a cohort of assistant professors, mentored by senior faculty", () => {
    const cohort = division.faculty.filter((row) => row.cohort === "mentoring-2013");
    expect(cohort.length).toBeGreaterThanOrEqual(15);
    const ids = new Map(division.faculty.map((row) => [row.faculty_id, row]));
    for (const row of cohort) {
      expect(row.rank).toBe("assistant professor");
      expect(row.program_start).toBe("2013-07-01");
      expect(row.hire_date < row.program_start).toBe(true);
      const mentor = ids.get(row.mentor_id)!;
      expect(mentor.faculty_id).not.toBe(row.faculty_id);
      expect(["associate professor", "full professor"]).toContain(mentor.rank);
    }
    for (const row of division.faculty.filter((r) => r.cohort === "")) expect(row.program_start).toBe("");
  });

  it("has the cohort publish more after the program started", () => {
    const cohort = new Set(
      division.faculty.filter((row) => row.cohort === "mentoring-2013").map((row) => row.faculty_id),
    );
    const articles = byPmid(division.articles);
    const count = (from: number, to: number): number =>
      division.truth.filter((t) => {
        const year = articles.get(t.pmid)!.publicationDate!.year;
        return cohort.has(t.facultyId) && year >= from && year <= to;
      }).length;
    expect(count(2014, 2016)).toBeGreaterThan(1.5 * count(2011, 2013));
  });

  it("gives every article a unique 8-digit PMID, in order", () => {
    for (const d of [division, large]) {
      const pmids = d.articles.map((a) => a.pmid);
      expect(pmids.every((pmid) => /^\d{8}$/.test(pmid))).toBe(true);
      expect(new Set(pmids).size).toBe(pmids.length);
      expect([...pmids].sort()).toEqual(pmids);
    }
  });

  it("points every truth entry at an author who bears the faculty member's name", () => {
    for (const d of [division, large]) {
      const articles = byPmid(d.articles);
      const faculty = new Map(d.faculty.map((row) => [row.faculty_id, row]));
      expect(d.truth.length).toBeGreaterThan(d.faculty.length);
      for (const entry of d.truth) {
        const author = articles.get(entry.pmid)?.authors[entry.authorIndex];
        expect(author, `${entry.facultyId} on ${entry.pmid}`).toBeDefined();
        expect(
          sameName(author!, faculty.get(entry.facultyId)!),
          `${entry.facultyId} as ${author!.lastName} ${author!.initials}`,
        ).toBe(true);
      }
      const keys = d.truth.map((t) => `${t.facultyId}/${t.pmid}`);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });

  it("varies author positions, and shows the faculty member's ORCID iD on only some articles", () => {
    const articles = byPmid(large.articles);
    const positions = new Set<string>();
    let withOrcid = 0;
    let withoutOrcid = 0;
    const orcids = new Map(large.faculty.map((row) => [row.faculty_id, row.orcid]));
    for (const t of large.truth) {
      const record = articles.get(t.pmid)!;
      const n = record.authors.filter((a) => !a.collectiveName).length;
      positions.add(
        n === 1 ? "sole" : t.authorIndex === 0 ? "first" : t.authorIndex === n - 1 ? "last" : "middle",
      );
      if (orcids.get(t.facultyId)) {
        if (record.authors[t.authorIndex]!.orcid === orcids.get(t.facultyId)) withOrcid++;
        else withoutOrcid++;
      }
    }
    expect(positions).toEqual(new Set(["sole", "first", "last", "middle"]));
    expect(withOrcid).toBeGreaterThan(50);
    expect(withoutOrcid).toBeGreaterThan(withOrcid);
  });

  it("has namesakes at other institutions, and one at the same institution, that a name search also finds", () => {
    const claimed = new Set(division.truth.map((t) => `${t.pmid}/${t.authorIndex}`));
    let elsewhere = 0;
    let sameInstitution = 0;
    for (const row of division.faculty) {
      for (const record of division.articles) {
        record.authors.forEach((author, i) => {
          if (claimed.has(`${record.pmid}/${i}`) || !sameName(author, row)) return;
          if (foldText(author.lastName!) !== foldText(row.last_name)) return;
          if (author.affiliations.some((aff) => aff.includes(division.institution))) sameInstitution++;
          else elsewhere++;
        });
      }
    }
    expect(elsewhere).toBeGreaterThan(20);
    expect(sameInstitution).toBeGreaterThan(0);
    // Namesakes' own articles are not the faculty's: none of their authors is in the truth.
    const facultyArticles = new Set(division.truth.map((t) => t.pmid));
    expect(division.articles.filter((a) => !facultyArticles.has(a.pmid)).length).toBeGreaterThan(20);
  });

  it("lists the namesakes' authorships, each bearing the surname of the faculty member it is mistaken for", () => {
    for (const d of [division, large]) {
      const articles = byPmid(d.articles);
      const faculty = new Map(d.faculty.map((row) => [row.faculty_id, row]));
      const claimed = new Set(d.truth.map((t) => `${t.pmid}/${t.authorIndex}`));
      expect(d.namesakes.length).toBeGreaterThan(50);
      for (const entry of d.namesakes) {
        const author = articles.get(entry.pmid)!.authors[entry.authorIndex]!;
        expect(claimed.has(`${entry.pmid}/${entry.authorIndex}`)).toBe(false);
        expect(surnames(faculty.get(entry.facultyId)!)).toContain(foldText(author.lastName!));
        const home = author.affiliations.some((aff) => aff.includes(d.institution));
        if (home) expect(entry.institution).toBe("same");
      }
      expect(d.namesakes.some((entry) => entry.institution === "same")).toBe(true);
    }
  });

  it("puts someone from the home institution on some namesakes' papers, now and then a faculty member", () => {
    const owners = new Set(large.truth.map((t) => t.pmid));
    const articles = byPmid(large.articles);
    const elsewhere = large.namesakes.filter((entry) => entry.institution === "other");
    const withHome = elsewhere.filter((entry) =>
      articles
        .get(entry.pmid)!
        .authors.some(
          (author, i) =>
            i !== entry.authorIndex && author.affiliations.some((aff) => aff.includes(large.institution)),
        ),
    );
    const withFaculty = elsewhere.filter((entry) => owners.has(entry.pmid));
    // About one namesake paper in seven; a quarter of those co-authors are on the roster.
    expect(withHome.length / elsewhere.length).toBeGreaterThan(0.05);
    expect(withHome.length / elsewhere.length).toBeLessThan(0.2);
    expect(withFaculty.length).toBeGreaterThan(5);
    expect(withFaculty.length).toBeLessThan(withHome.length + withFaculty.length);
  });

  it("gives each person recurring outside collaborators, whom a namesake's paper seldom shares", () => {
    let shared = 0;
    for (const d of [division, large]) {
      const articles = byPmid(d.articles);
      const key = (author: PubmedAuthor): string => `${author.lastName}|${author.foreName}`;
      const home = new Set(
        d.articles.flatMap((a) =>
          a.authors
            .filter((author) => author.affiliations.some((aff) => aff.includes(d.institution)))
            .map(key),
        ),
      );
      // Each faculty member's co-authors from outside the home institution, by papers they are on.
      const outside = new Map<string, Map<string, number>>();
      const papers = new Map<string, number>();
      for (const t of d.truth) {
        const record = articles.get(t.pmid)!;
        if (record.publicationTypes.includes("Published Erratum")) continue;
        papers.set(t.facultyId, (papers.get(t.facultyId) ?? 0) + 1);
        const counts = outside.get(t.facultyId) ?? new Map<string, number>();
        outside.set(t.facultyId, counts);
        record.authors.forEach((author, i) => {
          if (i !== t.authorIndex && author.lastName && !home.has(key(author)))
            counts.set(key(author), (counts.get(key(author)) ?? 0) + 1);
        });
      }
      const prolific = [...papers].filter(([, count]) => count >= 10);
      const withCore = prolific.filter(
        ([id, count]) => Math.max(...outside.get(id)!.values()) >= 0.2 * count,
      );
      expect(withCore.length / prolific.length).toBeGreaterThan(0.6);

      const elsewhere = d.namesakes.filter((entry) => entry.institution === "other");
      const sharing = elsewhere.filter((entry) =>
        articles
          .get(entry.pmid)!
          .authors.some(
            (author, i) =>
              i !== entry.authorIndex &&
              author.lastName !== undefined &&
              !home.has(key(author)) &&
              (outside.get(entry.facultyId)?.get(key(author)) ?? 0) >= 2,
          ),
      );
      // Rare, whatever the division's size: a stranger's circle is not one's own.
      expect(sharing.length / elsewhere.length).toBeLessThan(0.05);
      shared += sharing.length;
    }
    // ... but it happens, as it does in PubMed.
    expect(shared).toBeGreaterThan(0);
  });

  it("has the publication types, corrections and identifiers a classifier must handle", () => {
    const types = new Set(large.articles.flatMap((a) => a.publicationTypes));
    for (const type of [
      "Journal Article",
      "Review",
      "Letter",
      "Editorial",
      "Comment",
      "Published Erratum",
      "Case Reports",
    ]) {
      expect(types, type).toContain(type);
    }
    const articles = byPmid(large.articles);
    const errata = large.articles.filter((a) => a.publicationTypes.includes("Published Erratum"));
    expect(errata.length).toBeGreaterThan(5);
    for (const erratum of errata) {
      const link = erratum.commentsCorrections.find((c) => c.refType === "ErratumFor")!;
      const original = articles.get(link.pmid!)!;
      expect(original.commentsCorrections).toContainEqual(
        expect.objectContaining({ refType: "ErratumIn", pmid: erratum.pmid }),
      );
    }
    expect(large.articles.filter((a) => a.doi?.startsWith("10.5555/")).length).toBeGreaterThan(
      large.articles.length * 0.8,
    );
    const pmcids = large.articles.map((a) => a.pmcid).filter((p) => p !== undefined);
    expect(pmcids.length).toBeGreaterThan(100);
    expect(pmcids.every((p) => /^PMC\d{7}$/.test(p))).toBe(true);
    expect(large.articles.some((a) => a.authors.some((author) => author.affiliations.length === 0))).toBe(
      true,
    );
    expect(large.articles.some((a) => a.authors.some((author) => author.collectiveName))).toBe(true);
    expect(large.articles.some((a) => a.publicationDate?.text?.endsWith("Spring"))).toBe(true);
    expect(
      large.articles.some((a) => a.electronicDate && a.electronicDate.year < a.publicationDate!.year),
    ).toBe(true);
  });

  it("uses the institution it is given", () => {
    const named = generateDivision({
      facultyCount: 3,
      institution: "University of Brightwater",
      fromYear: 2012,
      toYear: 2014,
    });
    expect(named.institution).toBe("University of Brightwater");
    expect(named.faculty[0]!.affiliation_terms.split(";")[0]).toBe("University of Brightwater");
    expect(
      named.articles.every((a) => a.publicationDate!.year >= 2012 && a.publicationDate!.year <= 2014),
    ).toBe(true);
  });

  it("refuses a faculty count or year range that makes no sense", () => {
    expect(() => generateDivision({ facultyCount: 0 })).toThrow(RangeError);
    expect(() => generateDivision({ fromYear: 2020, toYear: 2010 })).toThrow(RangeError);
  });
});

describe("generated roster CSV", () => {
  const csv = rosterCsv(division);

  it("has the roster header and one properly quoted row per faculty member", () => {
    expect(csv.split("\n")[0]).toBe(ROSTER_HEADER.join(","));
    const rows = parse<RosterRow>(csv, { columns: true });
    expect(rows).toEqual(division.faculty);
    // Name variants hold commas ("Castellano, Elena R"), so their cells are quoted.
    expect(csv).toContain('"Castellano, Elena R;Castellano-Whitfield, Elena R"');
  });

  it("imports into ScholarTrack without a single problem", () => {
    for (const d of [division, large]) {
      const parsed = parseRoster(rosterCsv(d));
      expect(parsed.problems).toEqual([]);
      expect(parsed.entries).toHaveLength(d.faculty.length);
      expect(resolveRoster(parsed, { existingIds: new Set(), orcidOwners: new Map() }).problems).toEqual([]);
    }
  });
});

/** The PubMed part of a division as one digest: roster, articles, truth and abstracts. */
function pubmedDigest(d: FictionalDivision): { pmidsAndTitles: string; whole: string } {
  const sha = (text: string): string => createHash("sha256").update(text).digest("hex");
  return {
    pmidsAndTitles: sha(d.articles.map((a) => `${a.pmid}\t${a.title}`).join("\n")),
    whole: sha(
      JSON.stringify({
        institution: d.institution,
        // The confirmed RePORTER profile ids came with the RePORTER part; previous affiliations
        // are listed only by the realistic division (empty here).
        faculty: d.faculty.map(
          ({ reporter_profile_id: _confirmed, previous_affiliations: _previous, ...row }) => row,
        ),
        articles: d.articles,
        truth: d.truth,
        abstracts: d.abstracts,
      }),
    ),
  };
}

const PRESENTATION_TYPES = new Set([
  "conference-presentation",
  "conference-poster",
  "lecture-speech",
  "conference-abstract",
]);

describe("generated division: what ORCID and RePORTER hold", () => {
  it("leaves the PubMed part of a seed's division exactly as it was before ORCID and RePORTER were added", () => {
    // Digests taken from the generator before it made ORCID records or RePORTER projects. The
    // `whole` digests were taken again, deliberately, when home co-authors were put on some
    // namesakes' papers, and again when outside co-authors came to be drawn from each person's
    // circle of collaborators (and most namesakes left their faculty member's former employer),
    // each from a stream of its own: every PMID and title stayed as it was.
    expect(division.articles).toHaveLength(776);
    expect([division.articles[0]!.pmid, division.articles.at(-1)!.pmid]).toEqual(["18249061", "33400319"]);
    expect(pubmedDigest(division)).toEqual({
      pmidsAndTitles: "f2d21823c02a10d8f3618fbcb089f78203f3d89244b640935086721ed6fe8379",
      whole: "206b87515539fa01716c274853b5f9714ee480ac33b4db651e73b54f000bbbd9",
    });
    const small = generateDivision({ facultyCount: 12, seed: 7 });
    expect(small.articles).toHaveLength(574);
    expect(pubmedDigest(small)).toEqual({
      pmidsAndTitles: "e34149a12725dad319049c5a23993764a36768b68170d0cae6be9a14fe799e37",
      whole: "498dc567b6bbd83e1ec42ee04687406f7797beb13db60ab58ab1a38f4636cdd5",
    });
    expect(pubmedDigest(large).pmidsAndTitles).toBe(
      "d4e023e634f08c94b71b9d2f4db059b5bec0253793a2b1bc02ae8adb3ce24c53",
    );
  });

  it("gives the roster a confirmed RePORTER profile id for some PIs, each the one RePORTER lists for them", () => {
    const confirmed = division.faculty.filter((row) => row.reporter_profile_id !== "");
    const pis = Object.keys(division.reporterProfileIds);
    expect(confirmed.length).toBeGreaterThan(0);
    expect(confirmed.length).toBeLessThan(pis.length);
    for (const row of confirmed) {
      expect(Number(row.reporter_profile_id)).toBe(division.reporterProfileIds[row.faculty_id]);
    }
  });

  it("makes the same ORCID records and RePORTER projects for the same seed, and others for another", () => {
    const a = generateDivision({ facultyCount: 10, seed: 5 });
    const b = generateDivision({ facultyCount: 10, seed: 5 });
    expect(a.orcidRecords).toEqual(b.orcidRecords);
    expect(a.reporterProjects).toEqual(b.reporterProjects);
    expect(a.grantTruth).toEqual(b.grantTruth);
    expect(a.presentationTruth).toEqual(b.presentationTruth);
    const other = generateDivision({ facultyCount: 10, seed: 6 });
    expect(other.reporterProjects.map((p) => p.project_num)).not.toEqual(
      a.reporterProjects.map((p) => p.project_num),
    );
  });

  it("keeps an ORCID record for exactly the faculty with an ORCID iD, one of them deactivated", () => {
    for (const d of [division, large]) {
      const orcids = d.faculty.map((row) => row.orcid).filter((orcid) => orcid !== "");
      expect(Object.keys(d.orcidRecords).sort()).toEqual([...orcids].sort());
      const deactivated = Object.entries(d.orcidRecords).filter(
        ([, record]) => record.status === "deactivated",
      );
      expect(deactivated).toHaveLength(1);
      const [id, record] = deactivated[0]!;
      expect(record.works.group).toEqual([]);
      const owner = d.faculty.find((row) => row.orcid === id)!;
      expect(d.presentationTruth.some((entry) => entry.facultyId === owner.faculty_id)).toBe(false);
    }
  });

  it("writes every ORCID document so that our parsers read it without an error", () => {
    for (const d of [division, large]) {
      for (const [orcid, record] of Object.entries(d.orcidRecords)) {
        // As text, the way the API sends them.
        const groups = parseWorksSummary(JSON.stringify(record.works));
        const summaryCodes = groups.flatMap((group) => group.summaries.map((summary) => summary.putCode));
        expect(Object.keys(record.workDetails).map(Number).sort()).toEqual([...summaryCodes].sort());
        for (const [key, detail] of Object.entries(record.workDetails)) {
          const work = parseWork(JSON.stringify(detail));
          expect(work.putCode).toBe(Number(key));
          expect(work.path).toBe(`/${orcid}/work/${key}`);
        }
        const bulk = parseBulkWorks(
          JSON.stringify({
            bulk: summaryCodes.map((code) => ({ work: { ...record.workDetails[code], path: null } })),
          }),
          summaryCodes,
        );
        expect(bulk.errors).toEqual([]);
        expect(bulk.works).toHaveLength(summaryCodes.length);
        const fundingGroups = parseFundings(JSON.stringify(record.fundings));
        const fundingCodes = fundingGroups.flatMap((group) =>
          group.summaries.map((summary) => summary.putCode),
        );
        expect(Object.keys(record.fundingDetails).map(Number).sort()).toEqual([...fundingCodes].sort());
        for (const detail of Object.values(record.fundingDetails)) parseFunding(JSON.stringify(detail));
        const person = parsePerson(JSON.stringify(record.person));
        expect(person.orcid).toBe(orcid);
        parseEmployments(JSON.stringify(record.employments));
      }
    }
  });

  it("groups only versions that share an identifier, as ORCID does", () => {
    const key = (id: { type: string; value: string; normalized?: string; relationship?: string }): string =>
      `${id.type}|${(id.normalized ?? id.value).toLowerCase()}`;
    let grouped = 0;
    for (const record of Object.values(large.orcidRecords)) {
      for (const group of [...parseWorksSummary(record.works), ...parseFundings(record.fundings)]) {
        if (group.summaries.length < 2) continue;
        grouped++;
        const ids = new Set(group.externalIds.map(key));
        for (const summary of group.summaries)
          expect(summary.externalIds.some((id) => id.relationship === "self" && ids.has(key(id)))).toBe(true);
      }
    }
    expect(grouped).toBeGreaterThan(50);
  });

  it("lists many but not all of a person's PubMed articles on ORCID, tied to them by DOI or PMID", () => {
    const articles = byPmid(large.articles);
    let listed = 0;
    let theirs = 0;
    let upperCaseDoiLinks = 0;
    let multiSource = 0;
    let doiOnly = 0;
    for (const row of large.faculty) {
      const record = large.orcidRecords[row.orcid];
      if (!record || record.status === "deactivated") continue;
      const own = large.truth.filter((t) => t.facultyId === row.faculty_id).map((t) => articles.get(t.pmid)!);
      const pmids = new Set(own.map((a) => a.pmid));
      const dois = new Set(own.flatMap((a) => (a.doi ? [a.doi] : [])));
      const groups: OrcidWorkGroup[] = parseWorksSummary(record.works);
      for (const candidate of worksToCandidates(groups, { orcid: row.orcid })) {
        if (candidate.sourceType !== "journal-article") continue;
        listed++;
        expect(
          (candidate.pmid !== undefined && pmids.has(candidate.pmid)) ||
            (candidate.doi !== undefined && dois.has(candidate.doi)),
          `${row.faculty_id}: ${candidate.title}`,
        ).toBe(true);
        if (candidate.pmid === undefined) doiOnly++;
      }
      theirs += own.filter((a) => !a.publicationTypes.includes("Published Erratum")).length;
      for (const group of groups) {
        if (group.summaries.length > 1) multiSource++;
        for (const summary of group.summaries)
          if (
            summary.externalIds.some(
              (id) => id.type === "doi" && /^https:\/\/doi\.org\/10\.5555\/[A-Z]/.test(id.value),
            )
          )
            upperCaseDoiLinks++;
      }
    }
    expect(listed).toBeGreaterThan(theirs * 0.35);
    expect(listed).toBeLessThan(theirs * 0.9);
    expect(upperCaseDoiLinks).toBeGreaterThan(20);
    expect(multiSource).toBeGreaterThan(50);
    expect(doiOnly).toBeGreaterThan(20);
    const preprints = Object.values(large.orcidRecords).flatMap((r) =>
      r.works.group.flatMap((g) => g["work-summary"]).filter((s) => s.type === "preprint"),
    );
    expect(preprints.length).toBeGreaterThan(5);
  });

  it("has presentations only ORCID knows, each in the truth, national ones more often once the program began", () => {
    const typesSeen = new Set<string>();
    const venues = new Set<string>();
    for (const d of [division, large]) {
      const truth = new Map(
        d.presentationTruth.map((entry) => [`${entry.facultyId}/${entry.putCode}`, entry]),
      );
      expect(truth.size).toBe(d.presentationTruth.length);
      for (const row of d.faculty) {
        const record = d.orcidRecords[row.orcid];
        if (!record || record.status === "deactivated") continue;
        for (const summary of record.works.group.flatMap((group) => group["work-summary"])) {
          const presentation = PRESENTATION_TYPES.has(summary.type);
          expect(
            truth.has(`${row.faculty_id}/${summary["put-code"]}`),
            `${row.faculty_id}/${summary["put-code"]}`,
          ).toBe(presentation);
          if (!presentation) continue;
          typesSeen.add(summary.type);
          venues.add(summary["journal-title"]!.value);
          expect(summary["external-ids"]["external-id"]).toEqual([]);
        }
      }
    }
    expect(typesSeen).toEqual(PRESENTATION_TYPES);
    expect(venues).toContain("SGIM Annual Meeting");
    expect(venues).toContain("Society of Hospital Medicine Annual Conference");
    expect([...venues].some((venue) => venue.startsWith("Department of Medicine Grand Rounds"))).toBe(true);
    expect(new Set(large.presentationTruth.map((entry) => entry.scope))).toEqual(
      new Set(["international", "national", "regional", "local"]),
    );

    const cohort = new Set(
      large.faculty.filter((row) => row.cohort === "mentoring-2013").map((row) => row.faculty_id),
    );
    const yearOf = new Map<string, number>();
    for (const row of large.faculty) {
      const record = large.orcidRecords[row.orcid];
      for (const summary of record?.works.group.flatMap((group) => group["work-summary"]) ?? [])
        yearOf.set(
          `${row.faculty_id}/${summary["put-code"]}`,
          Number(summary["publication-date"]!.year!.value),
        );
    }
    const national = (from: number, to: number): number =>
      large.presentationTruth.filter((entry) => {
        const year = yearOf.get(`${entry.facultyId}/${entry.putCode}`)!;
        return cohort.has(entry.facultyId) && entry.scope === "national" && year >= from && year <= to;
      }).length;
    expect(national(2014, 2016)).toBeGreaterThan(1.5 * national(2011, 2013));
  });

  it("gives ORCID the names and employers a harvest learns variants and affiliations from", () => {
    const married = division.faculty.find((row) => row.name_variants.includes("Castellano, "))!;
    for (const row of division.faculty) {
      const record = division.orcidRecords[row.orcid];
      if (!record || record.status === "deactivated") continue;
      const person = parsePerson(record.person);
      expect(person.familyName).toBe(row.last_name);
      expect(otherNamesToVariants(person)[0]).toMatch(
        new RegExp(`^${row.last_name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}, ${row.first_name}`),
      );
      const employments = parseEmployments(record.employments);
      expect(employments.length).toBeGreaterThanOrEqual(2);
      expect(employments[0]!.organization!.name).toBe(division.institution);
      expect(employments[0]!.endDate).toBeUndefined();
      expect(employments.at(-1)!.organization!.name).not.toBe(division.institution);
      expect(employmentsToAffiliationTerms(employments)).toContain(division.institution);
      if (row === married) {
        const variants = otherNamesToVariants(person).map((variant) => variant.split(",")[0]);
        expect(variants).toEqual(expect.arrayContaining(["Castellano"]));
      }
    }
  });

  it("lists NIH and foundation fundings on ORCID, with lead and co-lead roles, amounts, and some without dates", () => {
    const roles = new Set<string>();
    const funders = new Set<string>();
    let undated = 0;
    let withAmount = 0;
    for (const record of Object.values(large.orcidRecords)) {
      for (const detail of Object.values(record.fundingDetails)) {
        const funding = parseFunding(detail);
        funders.add(funding.organization!.name);
        for (const contributor of funding.contributors) roles.add(contributor.role ?? "");
        if (funding.startDate === undefined) undated++;
        if (funding.amount !== undefined) withAmount++;
      }
    }
    expect(roles).toEqual(new Set(["lead", "co-lead"]));
    expect(funders).toContain("National Heart, Lung, and Blood Institute");
    expect([...funders].some((name) => name.includes("Foundation"))).toBe(true);
    expect(undated).toBeGreaterThan(5);
    expect(withAmount).toBeGreaterThan(20);
  });

  it("has RePORTER records for about a third of the faculty, each PI with one stable profile id", () => {
    for (const d of [division, large]) {
      const page = parseProjectsSearch({
        meta: { total: d.reporterProjects.length, offset: 0, limit: d.reporterProjects.length },
        results: d.reporterProjects,
      });
      expect(page.projects).toHaveLength(d.reporterProjects.length);
      const pis = new Set(d.grantTruth.map((entry) => entry.facultyId));
      expect(pis.size / d.faculty.length).toBeGreaterThan(0.25);
      expect(pis.size / d.faculty.length).toBeLessThan(0.5);
      expect(Object.keys(d.reporterProfileIds).sort()).toEqual([...pis].sort());
      expect(new Set(Object.values(d.reporterProfileIds)).size).toBe(pis.size);
      const applIds = d.reporterProjects.map((project) => project.appl_id);
      expect(new Set(applIds).size).toBe(applIds.length);

      // A profile id is one person's: the same name on every record that carries it.
      const nameOf = new Map<number, string>();
      for (const project of d.reporterProjects) {
        for (const pi of project.principal_investigators) {
          const name = `${pi.first_name} ${pi.last_name}`.toUpperCase();
          expect(nameOf.get(pi.profile_id) ?? name).toBe(name);
          nameOf.set(pi.profile_id, name);
        }
      }
    }
  });

  it("writes awards as RePORTER does: type 1 then type 5 years, renewals, supplements, multiple PIs", () => {
    const byCore = new Map<string, FictionalDivision["reporterProjects"]>();
    for (const project of large.reporterProjects)
      byCore.set(project.core_project_num, [...(byCore.get(project.core_project_num) ?? []), project]);
    for (const [core, records] of byCore) {
      const sorted = [...records].sort((a, b) => a.appl_id - b.appl_id);
      expect(sorted[0]!.project_num, core).toMatch(new RegExp(`^1${core}-01$`));
      for (const record of sorted.slice(1))
        expect(record.project_num, core).toMatch(new RegExp(`^[235]${core}-\\d{2}(S1)?$`));
      const years = sorted.filter((record) => record.award_type !== "3").map((record) => record.fiscal_year);
      expect(years, core).toEqual([...years].sort((a, b) => a - b));
    }
    const numbers = large.reporterProjects.map((project) => project.project_num);
    expect(numbers.some((number) => /^2R01[A-Z]{2}\d{6}-0[5-6]$/.test(number))).toBe(true);
    expect(numbers.some((number) => /^3R(01|21)[A-Z]{2}\d{6}-\d{2}S1$/.test(number))).toBe(true);
    expect(large.reporterProjects.some((project) => project.principal_investigators.length > 1)).toBe(true);
    for (const code of ["R01", "K23", "R21"])
      expect(
        large.reporterProjects.some((project) => project.activity_code === code),
        code,
      ).toBe(true);
  });

  it("puts each faculty PI in the grant truth with the role RePORTER's records give them", () => {
    for (const d of [division, large]) {
      for (const row of d.faculty) {
        const profileId = d.reporterProfileIds[row.faculty_id];
        if (profileId === undefined) continue;
        const theirs = d.reporterProjects.filter((project) =>
          project.principal_investigators.some((pi) => pi.profile_id === profileId),
        );
        const grants = collapseProjectsWithMatches(
          parseProjectsSearch({ meta: { total: theirs.length, offset: 0, limit: 500 }, results: theirs })
            .projects,
          {
            profileId,
            firstName: row.first_name,
            lastName: row.last_name,
          },
        );
        expect(
          grants
            .map((grant) => ({
              facultyId: row.faculty_id,
              coreProjectNum: grant.candidate.sourceId,
              role: grant.match!.role,
            }))
            .sort((a, b) => a.coreProjectNum.localeCompare(b.coreProjectNum)),
        ).toEqual(d.grantTruth.filter((entry) => entry.facultyId === row.faculty_id));
      }
    }
    expect(large.grantTruth.filter((entry) => entry.role === "multiple_pi").length).toBeGreaterThan(5);
  });

  it("has namesakes' awards at other organisations under profile ids that are not the faculty's", () => {
    const ids = new Set(Object.values(division.reporterProfileIds));
    const namesakes = division.reporterProjects.filter((project) =>
      project.principal_investigators.some(
        (pi) =>
          !ids.has(pi.profile_id) &&
          division.faculty.some(
            (row) =>
              foldText(row.last_name) === foldText(pi.last_name) &&
              foldText(row.first_name) === foldText(pi.first_name),
          ),
      ),
    );
    expect(namesakes.length).toBeGreaterThan(3);
    for (const project of namesakes)
      expect(project.organization.org_name).not.toBe(division.institution.toUpperCase());
  });
});

describe("generated division: realistic", () => {
  const realistic = generateDivision({ facultyCount: 100, seed: 5, realistic: true });
  const articles = byPmid(realistic.articles);
  const rows = new Map(realistic.faculty.map((row) => [row.faculty_id, row]));

  it("leaves the default division as it was: no previous affiliations on the roster", () => {
    expect(division.faculty.every((row) => row.previous_affiliations === "")).toBe(true);
    expect(generateDivision({ realistic: false }).articles).toHaveLength(division.articles.length);
  });

  it("has twins on the roster: the same first and last name, no middle name, different e-mail", () => {
    const byName = new Map<string, RosterRow[]>();
    for (const row of realistic.faculty) {
      const key = `${row.last_name}|${row.first_name}`;
      byName.set(key, [...(byName.get(key) ?? []), row]);
    }
    const twins = [...byName.values()].filter((group) => group.length === 2);
    expect(twins.length).toBeGreaterThanOrEqual(2);
    for (const [a, b] of twins) {
      expect(a!.middle_name).toBe("");
      expect(b!.middle_name).toBe("");
      expect(a!.email).not.toBe(b!.email);
    }
  });

  it("has namesakes who publish under the very name (first name and middle initial), elsewhere and at home", () => {
    let exactElsewhere = 0;
    let exactAtHome = 0;
    for (const entry of realistic.namesakes) {
      const row = rows.get(entry.facultyId)!;
      if (row.middle_name === "") continue;
      const author = articles.get(entry.pmid)!.authors[entry.authorIndex]!;
      if (author.foreName !== `${row.first_name} ${row.middle_name.charAt(0)}`) continue;
      if (entry.institution === "same") exactAtHome++;
      else exactElsewhere++;
    }
    expect(exactElsewhere).toBeGreaterThan(50);
    expect(exactAtHome).toBeGreaterThan(5);
  });

  it("puts namesakes' papers in the journals their faculty member publishes in", () => {
    const journalsOf = new Map<string, Set<string>>();
    for (const entry of realistic.truth) {
      const set = journalsOf.get(entry.facultyId) ?? new Set<string>();
      set.add(articles.get(entry.pmid)!.issn!);
      journalsOf.set(entry.facultyId, set);
    }
    const topJournal = new Map<string, string>();
    for (const [id] of journalsOf) {
      const counts = new Map<string, number>();
      for (const entry of realistic.truth.filter((t) => t.facultyId === id)) {
        const issn = articles.get(entry.pmid)!.issn!;
        counts.set(issn, (counts.get(issn) ?? 0) + 1);
      }
      topJournal.set(id, [...counts].sort((a, b) => b[1] - a[1])[0]![0]);
    }
    const inTop = realistic.namesakes.filter(
      (entry) => articles.get(entry.pmid)!.issn === topJournal.get(entry.facultyId),
    ).length;
    // Ten journals: by chance one namesake paper in ten would be in their faculty member's first journal.
    expect(inTop / realistic.namesakes.length).toBeGreaterThan(0.2);
  });

  it("lists former employers on some roster rows, the one the ORCID record and the early papers name", () => {
    const listed = realistic.faculty.filter((row) => row.previous_affiliations !== "");
    expect(listed.length).toBeGreaterThan(30);
    expect(listed.length).toBeLessThan(70);
    let fromThere = 0;
    for (const entry of realistic.truth) {
      const row = rows.get(entry.facultyId)!;
      if (row.previous_affiliations === "") continue;
      const author = articles.get(entry.pmid)!.authors[entry.authorIndex]!;
      if (author.affiliations.some((aff) => aff.includes(row.previous_affiliations))) fromThere++;
    }
    expect(fromThere).toBeGreaterThan(5);
    const withOrcid = listed.filter((row) => row.orcid !== "" && realistic.orcidRecords[row.orcid]);
    for (const row of withOrcid) {
      const record = realistic.orcidRecords[row.orcid]!;
      if ((record.status ?? "ok") !== "ok") continue;
      expect(employmentsToAffiliationTerms(parseEmployments(record.employments))).toContain(
        row.previous_affiliations,
      );
    }
    const parsed = parseRoster(rosterCsv(realistic), "roster.csv");
    expect(parsed.problems).toEqual([]);
    expect(parsed.rows.filter((entry) => entry.previousAffiliations.length > 0)).toHaveLength(listed.length);
  });
});
