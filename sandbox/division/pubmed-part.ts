import type { PubmedArticleRecord, PubmedCommentCorrection } from "../../src/sources/pubmed/types.ts";
import type { SandboxAbstract } from "../servers/pubmed-xml.ts";
import type { ArticleWriter } from "./articles.ts";
import { interpolate, MONTH_NAMES } from "./dates.ts";
import type { People } from "./people.ts";
import type { NamesakeEntry, PubmedPart, TruthEntry } from "./types.ts";

// What PubMed holds: the articles with their PMIDs, PMCIDs and links, the truth and the roster.

/** Piecewise-linear PubMed growth, so a fictional PMID looks like one assigned in its year. */
const PMID_BY_YEAR: ReadonlyArray<readonly [number, number]> = [
  [2000, 10_650_000],
  [2005, 15_650_000],
  [2008, 18_170_000],
  [2010, 20_050_000],
  [2013, 23_300_000],
  [2015, 25_550_000],
  [2018, 29_300_000],
  [2020, 31_900_000],
  [2022, 34_900_000],
  [2025, 39_700_000],
];

const PMC_BY_YEAR: ReadonlyArray<readonly [number, number]> = [
  [2000, 1_000_000],
  [2008, 2_450_000],
  [2010, 2_900_000],
  [2013, 3_700_000],
  [2016, 5_000_000],
  [2018, 6_100_000],
  [2020, 7_600_000],
  [2023, 10_500_000],
];

/** Gives every article its PMID (in the order they entered PubMed) and PMCID, and links errata and comments. */
export function finishPubmedPart(people: People, writer: ArticleWriter): PubmedPart {
  const ordered = writer.drafts.map((draft, order) => ({ draft, order }));
  ordered.sort((a, b) => a.draft.entered - b.draft.entered || a.order - b.order);
  const pmids = new Set<string>();
  let previous = 0;
  for (const { draft } of ordered) {
    const at = Math.floor(draft.entered / 10000) + (Math.floor(draft.entered / 100) % 100) / 12;
    const value = Math.min(
      99_999_999,
      Math.max(
        10_000_000,
        previous + 1 + people.rng.int(0, 40),
        Math.round(interpolate(PMID_BY_YEAR, at)) + people.rng.int(0, 900),
      ),
    );
    previous = value;
    draft.record.pmid = String(value);
    pmids.add(draft.record.pmid);
  }
  let previousPmc = 0;
  for (const { draft } of ordered) {
    const { record } = draft;
    const funded = record.grants.length > 0;
    const eligible =
      record.publicationTypes.includes("Journal Article") && (record.publicationDate?.year ?? 0) >= 2008;
    if (eligible && people.rng.chance(funded ? 0.85 : 0.15)) {
      const at = Math.floor(draft.entered / 10000) + (Math.floor(draft.entered / 100) % 100) / 12;
      previousPmc = Math.max(
        previousPmc + 1 + people.rng.int(0, 30),
        Math.round(interpolate(PMC_BY_YEAR, at)) + people.rng.int(0, 500),
      );
      record.pmcid = `PMC${previousPmc}`;
    }
  }
  for (const { draft } of ordered) {
    draft.record.commentsCorrections = draft.links.map(({ refType, target }): PubmedCommentCorrection => ({
      refType,
      pmid: target.record.pmid,
      refSource: citation(target.record),
    }));
  }

  const articles = ordered.map(({ draft }) => draft.record);
  const truth: TruthEntry[] = ordered.flatMap(({ draft }) =>
    draft.truth.map((t) => ({
      facultyId: t.facultyId,
      pmid: draft.record.pmid,
      authorIndex: t.authorIndex,
    })),
  );
  const namesakes: NamesakeEntry[] = writer.namesakeDrafts.map(
    ({ draft, member, position, institution }) => ({
      facultyId: member.id,
      pmid: draft.record.pmid,
      authorIndex: position,
      institution,
    }),
  );
  namesakes.sort((a, b) => a.pmid.localeCompare(b.pmid) || a.facultyId.localeCompare(b.facultyId));
  const abstracts: Record<string, SandboxAbstract> = {};
  for (const { draft } of ordered)
    if (draft.abstract !== undefined) abstracts[draft.record.pmid] = draft.abstract;
  return {
    institution: people.home.name,
    faculty: people.faculty.map((member) => people.rosterRow(member)),
    articles,
    truth,
    namesakes,
    abstracts,
  };
}

/** The RefSource a CommentsCorrections entry gives for the record it points to. */
function citation(record: PubmedArticleRecord): string {
  const date = record.publicationDate;
  const when =
    date?.text ?? (date ? `${date.year}${date.month ? ` ${MONTH_NAMES[date.month - 1]!}` : ""}` : "");
  const volume = record.volume ? `;${record.volume}${record.issue ? `(${record.issue})` : ""}` : "";
  const pages = record.pages ? `:${record.pages}` : "";
  const doi = record.doi ? ` doi: ${record.doi}.` : "";
  return `${record.journalAbbreviation ?? record.journal ?? ""}. ${when}${volume}${pages}.${doi}`;
}
