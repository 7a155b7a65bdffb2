/**
 * bench:nightly's generated school and what its three nights serve: the first night as generated,
 * the second with new PubMed records entered today, the third with some ORCID records edited today
 * (the people renamed on night 3 are renamed in the database, by the bench). Pure: the sandbox
 * process (./nightly-sandboxes.ts) builds the nights from it, and tells the bench what it needs.
 */
import type { FictionalDivision } from "../sandbox/division/index.ts";
import type { Day } from "../sandbox/servers/entry-date.ts";
import type { PubmedArticleRecord } from "../src/sources/pubmed/types.ts";

export type NightNumber = 1 | 2 | 3;

export interface NightWorld {
  articles: PubmedArticleRecord[];
  entryDates: Record<string, Day>;
  orcidRecords: FictionalDivision["orcidRecords"];
}

/** What the bench needs to know of the school (the sandbox process holds the rest). */
export interface SchoolSummary {
  facultyCount: number;
  pubmedRecords: number;
  orcidRecords: number;
  reporterProjects: number;
  rosterCsv: string;
  /** PMIDs of the records new on night 2. */
  added: string[];
  /** Faculty the bench renames before night 3. */
  renamed: string[];
  /** Faculty whose ORCID records are edited before night 3. */
  edited: string[];
}

/** What the bench and the sandbox process say to each other over IPC. */
export type ToSandboxes = { type: "serve"; night: NightNumber };
export type FromSandboxes =
  | { type: "school"; school: SchoolSummary }
  | { type: "serving"; night: NightNumber; urls: { pubmed: string; orcid: string; reporter: string } };

const dayOf = (date: Date): Day => ({
  year: date.getUTCFullYear(),
  month: date.getUTCMonth() + 1,
  day: date.getUTCDate(),
});

/**
 * New papers of the faculty's, copied from ones they have under new PMIDs and DOIs (no PMC id: a
 * shared one would make each the same item as its original), entered today.
 */
export function newPapers(division: FictionalDivision, count: number): PubmedArticleRecord[] {
  const ours = division.truth;
  const firstPmid = Math.max(...division.articles.map((article) => Number(article.pmid))) + 1;
  return Array.from({ length: count }, (_, index) => {
    const entry = ours[(index * 7919) % ours.length]!;
    const { pmcid: _shared, ...original } = division.articles.find((article) => article.pmid === entry.pmid)!;
    const pmid = String(firstPmid + index);
    return {
      ...structuredClone(original),
      pmid,
      doi: `10.5555/nightly.${pmid}`,
      title: `${original.title.replace(/\.$/, "")}: a follow-up (${pmid}).`,
      commentsCorrections: [],
    };
  });
}

/** The school's three nights: a share of new records on night 2, `changed` people changed on night 3. */
export function planNights(
  division: FictionalDivision,
  options: { newShare: number; changed: number; today: Date },
): { summary: Omit<SchoolSummary, "rosterCsv">; nights: Record<NightNumber, NightWorld> } {
  const added = newPapers(division, Math.max(1, Math.round(division.articles.length * options.newShare)));
  const entryDates = Object.fromEntries(added.map((article) => [article.pmid, dayOf(options.today)]));
  const secondArticles = [...division.articles, ...added];

  // Night 3: half the changed people take another name, the other half edit their ORCID records.
  const withOrcid = division.faculty.filter((row) => row.orcid && division.orcidRecords[row.orcid]);
  const renamed = division.faculty.filter((row) => !row.orcid).slice(0, Math.ceil(options.changed / 2));
  const edited = withOrcid.slice(0, options.changed - renamed.length);
  const thirdOrcid = { ...division.orcidRecords };
  for (const row of edited)
    thirdOrcid[row.orcid] = { ...thirdOrcid[row.orcid]!, lastModified: options.today.getTime() };

  return {
    summary: {
      facultyCount: division.faculty.length,
      pubmedRecords: division.articles.length,
      orcidRecords: Object.keys(division.orcidRecords).length,
      reporterProjects: division.reporterProjects.length,
      added: added.map((article) => article.pmid),
      renamed: renamed.map((row) => row.faculty_id),
      edited: edited.map((row) => row.faculty_id),
    },
    nights: {
      1: { articles: division.articles, entryDates: {}, orcidRecords: division.orcidRecords },
      2: { articles: secondArticles, entryDates, orcidRecords: division.orcidRecords },
      3: { articles: secondArticles, entryDates, orcidRecords: thirdOrcid },
    },
  };
}
