import type { PartialDate, PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import type { SandboxAbstract } from "../servers/pubmed-xml.ts";
import { foldText } from "../servers/term.ts";
import type { NamesakeEntry, TruthEntry } from "../division/types.ts";
import type { Draft, DraftAuthor } from "./articles.ts";
import type { Journal } from "./fields.ts";
import { stintAt, type Person, type World } from "./people.ts";
import type { Stream } from "./random.ts";
import { abstractOf, designOf, keywordsOf, meshOf, publicationTypesOf, titleOf } from "./writing.ts";
import { field } from "./fields.ts";

/**
 * Drafts as PubMed records: PMIDs that grow with the date as PubMed's do, DOIs, PMC ids for
 * papers under the NIH public-access policy, pages, dates, statuses. Then the truth: every
 * authorship of a faculty member, and every other author a search for a faculty name would
 * find (same surname, same first initial), with where they were.
 */

/** PMIDs handed out by the first of January of some years (PubMed's pace, rounded). */
const PMID_BY_YEAR: ReadonlyArray<readonly [number, number]> = [
  [2000, 10_600_000],
  [2002, 11_800_000],
  [2004, 14_700_000],
  [2006, 16_400_000],
  [2008, 18_100_000],
  [2010, 20_000_000],
  [2012, 22_200_000],
  [2014, 24_400_000],
  [2016, 26_700_000],
  [2018, 29_300_000],
  [2020, 31_900_000],
  [2022, 34_900_000],
  [2024, 38_200_000],
  [2026, 41_500_000],
];

function pmidAround(time: number): number {
  const [firstYear, firstPmid] = PMID_BY_YEAR[0]!;
  if (time < firstYear) return Math.max(1_000_000, firstPmid - (firstYear - time) * 500_000);
  for (let i = 1; i < PMID_BY_YEAR.length; i++) {
    const [year, pmid] = PMID_BY_YEAR[i]!;
    const [previousYear, previousPmid] = PMID_BY_YEAR[i - 1]!;
    if (time < year)
      return previousPmid + ((time - previousYear) / (year - previousYear)) * (pmid - previousPmid);
  }
  const [lastYear, lastPmid] = PMID_BY_YEAR[PMID_BY_YEAR.length - 1]!;
  return lastPmid + (time - lastYear) * 1_700_000;
}

const ONLINE_ONLY = new Set([
  "PLoS One",
  "BMJ Open",
  "JAMA Netw Open",
  "Sci Rep",
  "Nat Commun",
  "Cureus",
  "Medicine (Baltimore)",
  "BMC Med Educ",
  "Open Forum Infect Dis",
  "J Am Heart Assoc",
  "PLoS Genet",
]);

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** "1123-30": MEDLINE leaves off the end page's leading digits it shares with the start. */
function medlinePages(start: number, end: number): string {
  const a = String(start);
  const b = String(end);
  if (a.length !== b.length) return `${a}-${b}`;
  let same = 0;
  while (same < a.length - 1 && a[same] === b[same]) same++;
  return `${a}-${b.slice(same)}`;
}

function firstVolumeYear(journal: Journal): number {
  let hash = 0;
  for (const ch of journal.title) hash = (hash * 31 + ch.charCodeAt(0)) % 60;
  return 1950 + hash;
}

function doiFor(journal: Journal, year: number, serial: number): string {
  if (journal.doiStem.endsWith("/M"))
    return `${journal.doiStem}${String(year % 100).padStart(2, "0")}-${serial % 10000}`;
  return `${journal.doiStem}.${year}.${String(serial).padStart(5, "0")}`;
}

function electronicBefore(rng: Stream, year: number, month: number): PartialDate {
  const date = new Date(Date.UTC(year, month - 1, 15) - rng.int(10, 90) * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

function recordAuthor(author: DraftAuthor): PubmedAuthor {
  if (author.collectiveName)
    return { collectiveName: author.collectiveName, affiliations: [], equalContribution: false, valid: true };
  const name = author.name!;
  return {
    lastName: name.lastName,
    foreName: name.foreName,
    initials: name.initials,
    ...(name.suffix ? { suffix: name.suffix } : {}),
    ...(author.orcid ? { orcid: author.orcid } : {}),
    affiliations: author.affiliations,
    equalContribution: author.equalContribution,
    valid: true,
  };
}

export interface PubmedRecords {
  articles: PubmedArticleRecord[];
  abstracts: Record<string, SandboxAbstract>;
  /** The draft each article came from, in the same order. */
  drafts: Draft[];
}

export function toRecords(world: World, drafts: readonly Draft[]): PubmedRecords {
  const rng = world.stream("pubmed");
  const used = new Set<number>();
  const dois = new Set<string>();
  const numbered = drafts.map((draft) => {
    let pmid: number;
    do pmid = Math.round(pmidAround(draft.year + (draft.month - 1 + rng.float()) / 12) + rng.int(0, 20_000));
    while (used.has(pmid));
    used.add(pmid);
    return { draft, pmid };
  });
  numbered.sort((a, b) => a.pmid - b.pmid);

  const articles: PubmedArticleRecord[] = [];
  const abstracts: Record<string, SandboxAbstract> = {};
  const recentByJournal = new Map<string, Array<{ pmid: string; refSource: string; year: number }>>();
  for (const { draft, pmid } of numbered) {
    const { journal, year, month } = draft;
    const online = ONLINE_ONLY.has(journal.abbreviation);
    const population = rng.pick(field(draft.field).populations);
    const [design, designMesh] = designOf(rng);
    const volume = String(Math.max(1, year - firstVolumeYear(journal)));
    const issue = online ? undefined : String(rng.int(1, 12));
    const start = rng.int(1, 2400);
    const pages = online
      ? `e${rng.int(10000, 99999)}`
      : medlinePages(start, start + (draft.kind === "letter" ? 1 : rng.int(3, 12)));
    let doi: string | undefined;
    if (rng.chance(year >= 2008 ? 0.97 : 0.85)) {
      do doi = doiFor(journal, year, rng.int(1, 99999));
      while (dois.has(doi));
      dois.add(doi);
    }
    const nih = draft.grants.some((grant) => grant.agency?.includes("NIH"));
    const pmc = rng.chance(nih && year >= 2008 ? 0.7 : 0.12);
    const ranged = !online && rng.chance(0.02) && month < 12;
    const publicationDate: PartialDate = ranged
      ? { year, month, text: `${year} ${MONTHS[month - 1]}-${MONTHS[month]}` }
      : { year, month, ...(draft.day ? { day: draft.day } : {}) };
    const recent = year >= world.toYear && rng.chance(0.5);
    const citationStatus =
      journal.abbreviation === "Cureus" || journal.initialsOnly
        ? "PubMed-not-MEDLINE"
        : recent
          ? rng.pick(["In-Data-Review", "Publisher", "PubMed-not-MEDLINE"])
          : "MEDLINE";
    const publicationTypes = publicationTypesOf(rng, draft);
    const commentOn =
      draft.kind === "letter" && publicationTypes.includes("Comment")
        ? (recentByJournal.get(journal.abbreviation) ?? []).find((earlier) => earlier.year >= year - 2)
        : undefined;
    const record: PubmedArticleRecord = {
      kind: "article",
      pmid: String(pmid),
      ...(doi ? { doi } : {}),
      ...(pmc
        ? { pmcid: `PMC${Math.max(1_000_000, 2_000_000 + (year - 2008) * 600_000) + rng.int(0, 599_999)}` }
        : {}),
      title: titleOf(rng, draft, population, design),
      journal: journal.title,
      journalAbbreviation: journal.abbreviation,
      ...(journal.issn ? { issn: journal.issn } : {}),
      volume,
      ...(issue ? { issue } : {}),
      pages,
      publicationDate,
      ...(year >= 2006 && rng.chance(0.7) ? { electronicDate: electronicBefore(rng, year, month) } : {}),
      languages: ["eng"],
      publicationTypes,
      authors: draft.authors.map(recordAuthor),
      grants: draft.grants,
      commentsCorrections: commentOn
        ? [{ refType: "CommentOn", pmid: commentOn.pmid, refSource: commentOn.refSource }]
        : [],
      meshHeadings: citationStatus === "MEDLINE" ? meshOf(rng, draft, designMesh) : [],
      keywords: keywordsOf(rng, draft),
      citationStatus,
      publicationStatus: online ? "epublish" : citationStatus === "Publisher" ? "aheadofprint" : "ppublish",
    };
    articles.push(record);
    const abstract = abstractOf(rng, draft, population, design);
    if (abstract) abstracts[record.pmid] = abstract;
    if (draft.kind === "research") {
      const list = recentByJournal.get(journal.abbreviation) ?? [];
      list.unshift({
        pmid: record.pmid,
        refSource: `${journal.abbreviation}. ${year} ${MONTHS[month - 1]};${volume}${issue ? `(${issue})` : ""}:${pages}.`,
        year,
      });
      recentByJournal.set(journal.abbreviation, list.slice(0, 5));
    }
  }
  return { articles, abstracts, drafts: numbered.map(({ draft }) => draft) };
}

/** The surname and first-initial keys under which a search for a faculty member finds authors. */
function nameKeys(person: Person): { surnames: Set<string>; initials: Set<string> } {
  const { name, habits, faculty } = person;
  const surnames = new Set([foldText(name.last), foldText(faculty?.rosterLast ?? name.last)]);
  if (habits.maiden) surnames.add(foldText(habits.maiden.last));
  if (name.surnameParts) surnames.add(foldText(name.surnameParts[0]));
  const initials = new Set([foldText(name.first)[0]!]);
  if (habits.nickname) initials.add(foldText(habits.nickname)[0]!);
  return { surnames, initials };
}

export function truthOf(
  faculty: readonly Person[],
  records: PubmedRecords,
): { truth: TruthEntry[]; namesakes: NamesakeEntry[] } {
  const bySurname = new Map<string, Array<{ person: Person; initials: Set<string> }>>();
  for (const person of faculty) {
    const keys = nameKeys(person);
    for (const surname of keys.surnames)
      bySurname.set(surname, [...(bySurname.get(surname) ?? []), { person, initials: keys.initials }]);
  }
  const truth: TruthEntry[] = [];
  const namesakes: NamesakeEntry[] = [];
  records.articles.forEach((article, index) => {
    const draft = records.drafts[index]!;
    draft.authors.forEach((author, authorIndex) => {
      const person = author.person;
      if (!person || !author.name) return;
      if (person.faculty) {
        truth.push({ facultyId: person.faculty.facultyId, pmid: article.pmid, authorIndex });
        return;
      }
      const initial = foldText(author.name.initials)[0];
      for (const candidate of bySurname.get(foldText(author.name.lastName)) ?? []) {
        if (initial === undefined || !candidate.initials.has(initial)) continue;
        const home = stintAt(person, draft.year).institution.key === "home";
        namesakes.push({
          facultyId: candidate.person.faculty!.facultyId,
          pmid: article.pmid,
          authorIndex,
          institution: home ? "same" : "other",
        });
      }
    });
  });
  return { truth, namesakes };
}
