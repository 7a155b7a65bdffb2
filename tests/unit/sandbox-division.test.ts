import { parse } from "csv-parse/sync";
import { describe, expect, it } from "vitest";
import { isValidOrcid } from "../../src/identity/orcid.ts";
import { parseRoster, resolveRoster } from "../../src/roster/parse-roster.ts";
import { ROSTER_HEADER, generateDivision, rosterCsv, type RosterRow } from "../../src/sandbox/division.ts";
import { foldText } from "../../src/sandbox/term.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";

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
