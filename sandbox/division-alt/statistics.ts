import { foldText } from "../servers/term.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import type { FictionalDivision } from "../division/types.ts";

/**
 * Measures of how MEDLINE-like a division is, computed from what the division publishes (records,
 * roster, ORCID records, truth): what the tests bound and README.md reports. Works on any
 * `FictionalDivision`, so the two generators can be compared.
 */

export interface DivisionStatistics {
  faculty: number;
  articles: number;
  trueLinks: number;
  namesakeAuthorships: { same: number; other: number };
  publicationsPerFaculty: { median: number; mean: number; max: number; none: number; gini: number };
  /** Median author count of articles by span of years. */
  authorsByEra: Record<string, number>;
  /** Share of authors with at least one affiliation. */
  affiliated: { firstBefore2014: number; middleBefore2014: number; allFrom2014: number };
  /** Share of affiliation strings holding an e-mail address. */
  affiliationsWithEmail: number;
  /** Share of the faculty's own authorships whose record carries an ORCID iD. */
  orcidOnFacultyAuthorships: { before2014: number; from2014to2018: number; from2019: number };
  orcid: {
    /** Faculty with an iD on the roster. */
    onRoster: number;
    /** Readable records among them. */
    readable: number;
    /** Median share of the person's PubMed articles their record lists. */
    medianWorksCoverage: number;
    /** Records listing fewer than all of the person's articles. */
    incomplete: number;
    /** Employments without a start year, out of all employments. */
    employmentsWithoutYear: number;
    employments: number;
  };
  /** Roster pairs with the same surname and first initial, neither with a middle name. */
  rosterTwins: Array<[string, string]>;
  /** Faculty authorships before the hire year whose author gives an affiliation, none of it home. */
  previousInstitutionAuthorships: number;
  namesakes: {
    /** Namesake authorships with the same first name and middle initial as the faculty member. */
    sameFirstAndMiddleInitial: number;
    /** ... of those, in a journal the faculty member published in too. */
    sameFirstAndMiddleInitialSameJournal: number;
    /** Namesake authorships with the given names as initials only. */
    initialsOnly: number;
    /** Faculty with a namesake at their own institution. */
    facultyWithSameInstitutionNamesake: number;
    /** Faculty whose true and namesake papers share a co-author name ("Wang Y"). */
    facultyWithSharedCoauthorNames: number;
  };
  /** Faculty authorships written with a name other than the roster's. */
  nameForms: { otherSurname: number; otherFirstName: number; givenAsInitials: number };
  roster: { compoundSurnames: number; diacritics: number; nameVariants: number };
}

function median(values: readonly number[]): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
}

/** 0 when everyone publishes the same, towards 1 when a few publish everything. */
function gini(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const total = sorted.reduce((sum, value) => sum + value, 0);
  if (total === 0) return 0;
  const weighted = sorted.reduce((sum, value, i) => sum + (i + 1) * value, 0);
  return (2 * weighted) / (sorted.length * total) - (sorted.length + 1) / sorted.length;
}

const share = (part: number, whole: number): number => (whole === 0 ? 0 : part / whole);
const yearOf = (article: PubmedArticleRecord): number => article.publicationDate?.year ?? 0;
const isInitialsOnly = (author: PubmedAuthor): boolean =>
  author.foreName !== undefined && author.foreName === author.initials;
const coauthorKey = (author: PubmedAuthor): string =>
  `${foldText(author.lastName ?? "")} ${foldText(author.initials ?? "").slice(0, 1)}`;

export function divisionStatistics(division: FictionalDivision): DivisionStatistics {
  const byPmid = new Map(division.articles.map((article) => [article.pmid, article]));
  const rows = new Map(division.faculty.map((row) => [row.faculty_id, row]));
  const home = foldText(division.institution);

  const perFaculty = new Map(division.faculty.map((row) => [row.faculty_id, 0]));
  for (const entry of division.truth)
    perFaculty.set(entry.facultyId, (perFaculty.get(entry.facultyId) ?? 0) + 1);
  const counts = [...perFaculty.values()];

  const eras: Record<string, number[]> = { "2002-2008": [], "2009-2015": [], "2016-2025": [] };
  let firstBefore = [0, 0];
  let middleBefore = [0, 0];
  let allFrom = [0, 0];
  let affiliations = 0;
  let emails = 0;
  for (const article of division.articles) {
    const year = yearOf(article);
    const people = article.authors.filter((author) => author.collectiveName === undefined);
    const era = year <= 2008 ? "2002-2008" : year <= 2015 ? "2009-2015" : "2016-2025";
    eras[era]?.push(people.length);
    people.forEach((author, index) => {
      const has = author.affiliations.length > 0 ? 1 : 0;
      if (year < 2014 && index === 0) firstBefore = [firstBefore[0]! + has, firstBefore[1]! + 1];
      else if (year < 2014 && index < people.length - 1)
        middleBefore = [middleBefore[0]! + has, middleBefore[1]! + 1];
      if (year >= 2014) allFrom = [allFrom[0]! + has, allFrom[1]! + 1];
      affiliations += author.affiliations.length;
      emails += author.affiliations.filter((text) => text.includes("@")).length;
    });
  }

  const orcidBy = { before2014: [0, 0], from2014to2018: [0, 0], from2019: [0, 0] };
  let previousInstitution = 0;
  const nameForms = { otherSurname: 0, otherFirstName: 0, givenAsInitials: 0 };
  const journalsOf = new Map<string, Set<string>>();
  const coauthorsOf = new Map<string, Set<string>>();
  for (const entry of division.truth) {
    const article = byPmid.get(entry.pmid)!;
    const author = article.authors[entry.authorIndex]!;
    const row = rows.get(entry.facultyId)!;
    const year = yearOf(article);
    const bucket =
      year < 2014 ? orcidBy.before2014 : year <= 2018 ? orcidBy.from2014to2018 : orcidBy.from2019;
    bucket[1]!++;
    if (row.orcid !== "" && author.orcid === row.orcid) bucket[0]!++;
    const hireYear = Number(row.hire_date.slice(0, 4));
    const elsewhere =
      author.affiliations.length > 0 && !author.affiliations.some((text) => foldText(text).includes(home));
    if (year < hireYear && elsewhere) previousInstitution++;
    if (foldText(author.lastName ?? "") !== foldText(row.last_name)) nameForms.otherSurname++;
    if (isInitialsOnly(author)) nameForms.givenAsInitials++;
    else if (foldText(author.foreName ?? "").split(" ")[0] !== foldText(row.first_name).split(" ")[0])
      nameForms.otherFirstName++;
    journalsOf.set(
      entry.facultyId,
      (journalsOf.get(entry.facultyId) ?? new Set()).add(article.journal ?? ""),
    );
    const coauthors = coauthorsOf.get(entry.facultyId) ?? new Set<string>();
    article.authors.forEach(
      (other, i) => i !== entry.authorIndex && other.lastName && coauthors.add(coauthorKey(other)),
    );
    coauthorsOf.set(entry.facultyId, coauthors);
  }

  const namesakes = {
    sameFirstAndMiddleInitial: 0,
    sameFirstAndMiddleInitialSameJournal: 0,
    initialsOnly: 0,
    facultyWithSameInstitutionNamesake: 0,
    facultyWithSharedCoauthorNames: 0,
  };
  const sameInstitution = new Set<string>();
  const sharedCoauthors = new Set<string>();
  for (const entry of division.namesakes) {
    const article = byPmid.get(entry.pmid)!;
    const author = article.authors[entry.authorIndex]!;
    const row = rows.get(entry.facultyId)!;
    if (entry.institution === "same") sameInstitution.add(entry.facultyId);
    if (isInitialsOnly(author)) namesakes.initialsOnly++;
    const first = foldText(author.foreName ?? "").split(" ")[0];
    const middleInitial = foldText(author.initials ?? "").slice(1, 2);
    if (
      !isInitialsOnly(author) &&
      first === foldText(row.first_name).split(" ")[0] &&
      middleInitial === foldText(row.middle_name).slice(0, 1)
    ) {
      namesakes.sameFirstAndMiddleInitial++;
      if (journalsOf.get(entry.facultyId)?.has(article.journal ?? ""))
        namesakes.sameFirstAndMiddleInitialSameJournal++;
    }
    const own = coauthorsOf.get(entry.facultyId);
    if (
      own &&
      article.authors.some(
        (other, i) => i !== entry.authorIndex && other.lastName && own.has(coauthorKey(other)),
      )
    )
      sharedCoauthors.add(entry.facultyId);
  }
  namesakes.facultyWithSameInstitutionNamesake = sameInstitution.size;
  namesakes.facultyWithSharedCoauthorNames = sharedCoauthors.size;

  const rosterTwins: Array<[string, string]> = [];
  division.faculty.forEach((a, i) =>
    division.faculty.slice(i + 1).forEach((b) => {
      if (
        a.middle_name === "" &&
        b.middle_name === "" &&
        foldText(a.last_name) === foldText(b.last_name) &&
        foldText(a.first_name)[0] === foldText(b.first_name)[0]
      )
        rosterTwins.push([a.faculty_id, b.faculty_id]);
    }),
  );

  const articlesOf = new Map<string, Set<string>>();
  for (const entry of division.truth)
    articlesOf.set(entry.facultyId, (articlesOf.get(entry.facultyId) ?? new Set()).add(entry.pmid));
  const pmidByDoi = new Map(division.articles.flatMap((a) => (a.doi ? [[a.doi, a.pmid] as const] : [])));
  const coverages: number[] = [];
  let incomplete = 0;
  let readable = 0;
  let employments = 0;
  let withoutYear = 0;
  const onRoster = division.faculty.filter((row) => row.orcid !== "");
  for (const row of onRoster) {
    const record = division.orcidRecords[row.orcid];
    if (!record || (record.status ?? "ok") !== "ok") continue;
    readable++;
    const listed = new Set(
      record.works.group.flatMap((group) =>
        group["external-ids"]["external-id"].flatMap((id) => {
          if (id["external-id-type"] === "pmid") return [id["external-id-value"]];
          const pmid = id["external-id-type"] === "doi" ? pmidByDoi.get(id["external-id-value"]) : undefined;
          return pmid ? [pmid] : [];
        }),
      ),
    );
    const own = articlesOf.get(row.faculty_id) ?? new Set<string>();
    if (own.size > 0) {
      const found = [...own].filter((pmid) => listed.has(pmid)).length;
      coverages.push(found / own.size);
      if (found < own.size) incomplete++;
    }
    for (const group of record.employments["affiliation-group"])
      for (const { "employment-summary": summary } of group.summaries) {
        employments++;
        if (!summary["start-date"]?.year) withoutYear++;
      }
  }

  return {
    faculty: division.faculty.length,
    articles: division.articles.length,
    trueLinks: division.truth.length,
    namesakeAuthorships: {
      same: division.namesakes.filter((entry) => entry.institution === "same").length,
      other: division.namesakes.filter((entry) => entry.institution === "other").length,
    },
    publicationsPerFaculty: {
      median: median(counts),
      mean: counts.reduce((sum, n) => sum + n, 0) / Math.max(1, counts.length),
      max: Math.max(0, ...counts),
      none: counts.filter((n) => n === 0).length,
      gini: gini(counts),
    },
    authorsByEra: Object.fromEntries(Object.entries(eras).map(([era, values]) => [era, median(values)])),
    affiliated: {
      firstBefore2014: share(firstBefore[0]!, firstBefore[1]!),
      middleBefore2014: share(middleBefore[0]!, middleBefore[1]!),
      allFrom2014: share(allFrom[0]!, allFrom[1]!),
    },
    affiliationsWithEmail: share(emails, affiliations),
    orcidOnFacultyAuthorships: {
      before2014: share(orcidBy.before2014[0]!, orcidBy.before2014[1]!),
      from2014to2018: share(orcidBy.from2014to2018[0]!, orcidBy.from2014to2018[1]!),
      from2019: share(orcidBy.from2019[0]!, orcidBy.from2019[1]!),
    },
    orcid: {
      onRoster: onRoster.length,
      readable,
      medianWorksCoverage: median(coverages),
      incomplete,
      employmentsWithoutYear: withoutYear,
      employments,
    },
    rosterTwins,
    previousInstitutionAuthorships: previousInstitution,
    namesakes,
    nameForms,
    roster: {
      compoundSurnames: division.faculty.filter((row) => /[\s-]/.test(row.last_name.trim())).length,
      diacritics: division.faculty.filter((row) => /[^\x00-\x7f]/.test(row.last_name + row.first_name))
        .length,
      nameVariants: division.faculty.filter((row) => row.name_variants !== "").length,
    },
  };
}
