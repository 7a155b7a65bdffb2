/**
 * `npm run bench:reconcile`: time and memory to reconcile a division's ledger, and how they grow
 * with its size (10,000 to 100,000 items; 2,000 people at 100,000, the same 50 items a person
 * throughout), with correctness against the generated truth.
 *
 * Each paper arrives as one to three items (PubMed; ORCID with the DOI upper case or behind a
 * https://doi.org/ prefix, often without contributors; a CV with the title retyped: case, a trailing
 * period, markup, British spelling, a typo, the subtitle dropped, "&" for "and", no DOI), so that
 * every source record is an item of its own: the worst case, in which dedupe finds every exact key
 * too. Besides: articles known only by title; preprints and their articles (with or without
 * ORCID's version-of link); conference abstracts and their later papers; presentations and
 * grants only on CVs and ORCID; errata, retraction notices and comments linked by PMID or named by
 * title; and sibling papers (one word different, same first author and journal) as hard negatives.
 *
 * Each size runs in a process of its own (so that its peak RSS is its own): once over the whole
 * division in one call (the blocking's worst case), and once per person (as the reconcile worker
 * runs). Times are the best of --runs runs (3), with that run's CPU time: the machine may be busy.
 * Options: --sizes 10000,25000,50000,100000  --seed 2026  --runs 3  --verbose (lists wrong merges).
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runInNewContext } from "node:vm";
import { setFlagsFromString } from "node:v8";
import type { CandidateContributor, CandidateItem } from "../src/sources/candidate.ts";
import {
  reconcileItems,
  type ReconcileInput,
  type ReconcileResult,
  type SourceInput,
} from "../src/reconcile/dedupe.ts";
import { pubmedToCandidate } from "../src/sources/pubmed/map.ts";
import type { PubmedArticleRecord } from "../src/sources/pubmed/types.ts";

const ITEMS_PER_PERSON = 50;

const option = (name: string, fallback: string): string => {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? fallback : (process.argv[at + 1] ?? fallback);
};
const seed = Number(option("seed", "2026"));
const verbose = process.argv.includes("--verbose");
const runs = Number(option("runs", "3"));

// ---------------------------------------------------------------------------------------------
// Generated division

type WorkKind = "article" | "preprint" | "abstract" | "presentation" | "grant" | "notice";

interface Truth {
  /** The work each item is, by item id: items of one work should be one group. */
  work: Map<number, number>;
  workKind: Map<number, WorkKind>;
  /** Expected links between works: [from work, to work, relation type]. */
  relations: Array<[number, number, string]>;
  retractedWorks: Set<number>;
  /** Items by person. */
  people: number[][];
}

interface Division {
  items: ReconcileInput[];
  truth: Truth;
}

function prng(state: number): () => number {
  let s = state >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4_294_967_296;
  };
}

const JOURNALS: Array<[string, string]> = [
  ["Journal of Clinical Oncology", "J Clin Oncol"],
  ["The New England journal of medicine", "N Engl J Med"],
  ["JAMA internal medicine", "JAMA Intern Med"],
  ["Circulation", "Circulation"],
  ["Clinical infectious diseases", "Clin Infect Dis"],
  ["American journal of respiratory and critical care medicine", "Am J Respir Crit Care Med"],
  ["Annals of internal medicine", "Ann Intern Med"],
  ["Journal of the American Geriatrics Society", "J Am Geriatr Soc"],
  ["Pediatrics", "Pediatrics"],
  ["Journal of general internal medicine", "J Gen Intern Med"],
  ["Academic medicine", "Acad Med"],
  ["Hepatology", "Hepatology"],
  ["Kidney international", "Kidney Int"],
  ["Journal of the American Society of Nephrology", "J Am Soc Nephrol"],
  ["Diabetes care", "Diabetes Care"],
  ["Blood", "Blood"],
  ["Gastroenterology", "Gastroenterology"],
  ["Journal of immunology", "J Immunol"],
  ["PloS one", "PLoS One"],
  ["BMJ open", "BMJ Open"],
];
const MEETINGS: Array<[string, string]> = [
  ["American Society of Clinical Oncology Annual Meeting", "ASCO Annual Meeting"],
  ["American Thoracic Society International Conference", "ATS International Conference"],
  ["American Heart Association Scientific Sessions", "AHA Scientific Sessions"],
  ["Society of General Internal Medicine Annual Meeting", "SGIM Annual Meeting"],
  ["Infectious Diseases Society of America IDWeek", "IDSA IDWeek"],
  ["American Society of Hematology Annual Meeting", "ASH Annual Meeting"],
  ["Digestive Disease Week", "DDW"],
  ["Pediatric Academic Societies Meeting", "PAS Meeting"],
];
const DISEASES = [
  "heart failure",
  "sepsis",
  "type 2 diabetes",
  "chronic kidney disease",
  "asthma",
  "COPD",
  "breast cancer",
  "colorectal cancer",
  "tuberculosis",
  "HIV infection",
  "atrial fibrillation",
  "stroke",
  "depression",
  "hepatitis C",
  "obesity",
  "pneumonia",
  "acute myeloid leukemia",
  "lupus nephritis",
  "Crohn's disease",
  "hip fracture",
];
const POPULATIONS = [
  "older adults",
  "children",
  "adolescents",
  "pregnant women",
  "veterans",
  "nursing home residents",
  "kidney transplant recipients",
  "rural primary care patients",
  "critically ill adults",
  "medical residents",
];
const OUTCOMES = [
  "mortality",
  "readmission",
  "quality of life",
  "hospitalization",
  "adherence",
  "costs",
  "survival",
];
const DESIGNS = [
  ": a randomized trial",
  ": a cohort study",
  ": a systematic review and meta-analysis",
  ": a cross-sectional study",
  "",
];
const SPELLING: Array<[RegExp, string]> = [
  [/randomized/g, "randomised"],
  [/hospitalization/g, "hospitalisation"],
  [/tumor/g, "tumour"],
  [/leukemia/g, "leukaemia"],
  [/aging/g, "ageing"],
];

function generateDivision(size: number, seedValue: number): Division {
  const random = prng(seedValue);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const chance = (p: number): boolean => random() < p;
  // Words of a long tail (gene, drug, place and programme names): log-uniform ranks, most of them rare.
  const syllables = [
    "ka",
    "lo",
    "mi",
    "ne",
    "su",
    "ta",
    "vo",
    "ri",
    "pe",
    "zu",
    "ha",
    "do",
    "bre",
    "xi",
    "fa",
    "gu",
  ];
  const rare = (scale: number): string => {
    let rank = Math.floor(Math.exp(random() * Math.log(scale)));
    let word = "";
    do {
      word += syllables[rank % syllables.length];
      rank = Math.floor(rank / syllables.length);
    } while (rank > 0);
    return word.length < 4 ? `${word}ol` : word;
  };
  const drug = (): string => `${rare(60_000)}${pick(["mab", "nib", "stat", "pril", "vir"])}`;
  const gene = (): string => `${rare(30_000).toUpperCase().slice(0, 4)}${1 + Math.floor(random() * 20)}`;
  const used = new Set<string>();
  const title = (): string => {
    for (;;) {
      const text = draft();
      const key = text.toLowerCase().replace(/[^a-z0-9]+/g, " ");
      if (used.has(key)) continue;
      used.add(key);
      return text;
    }
  };
  const draft = (): string => {
    switch (Math.floor(random() * 6)) {
      case 0:
        return `${cap(drug())} versus ${pick(["placebo", "usual care", drug()])} for ${pick(DISEASES)} in ${pick(POPULATIONS)}${pick(DESIGNS)}`;
      case 1:
        return `Association of ${rare(20_000)} ${pick(["exposure", "use", "levels", "status"])} with ${pick(OUTCOMES)} among ${pick(POPULATIONS)} with ${pick(DISEASES)}${pick(DESIGNS)}`;
      case 2:
        return `${gene()} expression predicts ${pick(OUTCOMES)} in ${pick(DISEASES)}`;
      case 3:
        return `The ${cap(rare(40_000))} ${pick(["programme", "initiative", "collaborative", "registry"])}: ${pick(["lessons", "outcomes", "five years"])} of ${rare(20_000)} ${pick(["screening", "care", "mentoring", "telehealth"])} in ${pick(POPULATIONS)}`;
      case 4:
        return `Effect of ${rare(30_000)} ${pick(["training", "coaching", "nudges", "navigation"])} on ${pick(OUTCOMES)} in ${pick(DISEASES)}${pick(DESIGNS)}`;
      default:
        return `${cap(pick(OUTCOMES))} after ${rare(30_000)} ${pick(["surgery", "therapy", "transplantation", "ablation"])} in ${rare(20_000)} ${pick(POPULATIONS)}`;
    }
  };
  const retype = (text: string): string => {
    let out = text;
    // CVs drop a design subtitle (": a randomized trial"); dropping one that says which paper of a
    // registry it is would leave a title dedupe rightly refuses to match on.
    if (chance(0.1) && DESIGNS.some((design) => design !== "" && out.endsWith(design))) {
      out = out.slice(0, out.indexOf(": "));
    }
    if (chance(0.3)) out = out.replace(/\b\w/g, (c) => c.toUpperCase());
    if (chance(0.3)) out = `${out}.`;
    if (chance(0.15)) for (const [from, to] of SPELLING) out = out.replace(from, to);
    if (chance(0.1)) out = out.replace(/ and /, " & ");
    if (chance(0.1)) {
      const at = 5 + Math.floor(random() * (out.length - 10));
      out = `${out.slice(0, at)}${out[at + 1] ?? ""}${out[at]}${out.slice(at + 2)}`;
    }
    if (chance(0.05)) out = out.replace(/^(\S+)/, "<i>$1</i>");
    return out;
  };
  const doiVariant = (doi: string): string =>
    pick([
      doi,
      doi.toUpperCase(),
      `https://doi.org/${doi.toUpperCase()}`,
      `doi:${doi}`,
      `http://dx.doi.org/${doi}`,
    ]);

  const items: ReconcileInput[] = [];
  const truth: Truth = {
    work: new Map(),
    workKind: new Map(),
    relations: [],
    retractedWorks: new Set(),
    people: [],
  };
  let work = 0;
  let pmid = 10_000_000;
  const add = (person: number[], workId: number, records: SourceInput[]): number => {
    const id = items.length + 1;
    items.push({ id, records });
    truth.work.set(id, workId);
    person.push(id);
    return id;
  };
  const people = Math.max(1, Math.round(size / ITEMS_PER_PERSON));
  const noticed = new Set<string>();
  for (let p = 0; items.length < size; p++) {
    const person: number[] = [];
    truth.people.push(person);
    const surname = cap(rare(5_000));
    const coauthors = Array.from({ length: 8 }, () => cap(rare(5_000)));
    const budget = Math.min(size - items.length, Math.round((size - items.length) / Math.max(1, people - p)));
    const articles: Array<{
      work: number;
      title: string;
      year: number;
      pmid?: string;
      first: string;
      journal: [string, string];
    }> = [];
    while (person.length < budget) {
      const roll = random();
      const year = 2008 + Math.floor(random() * 15);
      const first = chance(0.4) ? surname : pick(coauthors);
      const authors = [first, ...coauthors.filter((name) => name !== first).slice(0, 3)];
      const journal = pick(JOURNALS);
      const text = title();
      work++;
      if (roll < 0.6 || (roll >= 0.96 && articles.length === 0)) {
        // An article: PubMed (most), ORCID, a CV; sometimes with a sibling paper alike in all but one word.
        truth.workKind.set(work, "article");
        const doi = chance(0.92) ? `10.${1000 + Math.floor(random() * 8000)}/w${work}` : undefined;
        const inPubmed = chance(0.85);
        const articlePmid = inPubmed ? String(pmid++) : undefined;
        const retracted = chance(0.01);
        if (inPubmed)
          add(person, work, [
            pubmedSource(
              articlePmid!,
              text,
              year,
              journal,
              authors,
              doi,
              retracted ? ["Journal Article", "Retracted Publication"] : undefined,
            ),
          ]);
        if (!inPubmed || chance(0.6)) {
          add(person, work, [
            orcidSource(
              work,
              text,
              year,
              chance(0.5) ? journal[0] : journal[1],
              doi ? doiVariant(doi) : undefined,
              chance(0.5) ? authors : [],
            ),
          ]);
        }
        if (chance(0.5))
          add(person, work, [
            cvSource(
              `a${work}`,
              retype(text),
              year + (chance(0.1) ? 1 : 0),
              journal[1],
              authors,
              doi && chance(0.3) ? doiVariant(doi) : undefined,
            ),
          ]);
        articles.push({
          work,
          title: text,
          year,
          first,
          journal,
          ...(articlePmid ? { pmid: articlePmid } : {}),
        });
        if (retracted && articlePmid) {
          truth.retractedWorks.add(work);
          const notice = ++work;
          truth.workKind.set(notice, "notice");
          truth.relations.push([notice, work - 1, "retraction_of"]);
          add(person, notice, [
            pubmedSource(
              String(pmid++),
              `Retraction Note: ${text}`,
              year + 2,
              journal,
              authors,
              undefined,
              ["Retraction of Publication"],
              [{ refType: "RetractionOf", pmid: articlePmid }],
            ),
          ]);
        }
        if (chance(0.05) && inPubmed) {
          const sibling = ++work;
          truth.workKind.set(sibling, "article");
          const words = text.split(" ");
          const at = 1 + Math.floor(random() * (words.length - 1));
          words[at] = rare(60_000);
          add(person, sibling, [
            pubmedSource(String(pmid++), words.join(" "), year, journal, authors, `10.5555/s${sibling}`),
          ]);
        }
      } else if (roll < 0.65) {
        // A preprint and its article, a year or so apart; ORCID's version-of link more often than not.
        truth.workKind.set(work, "preprint");
        const doi = `10.${1000 + Math.floor(random() * 8000)}/w${work}`;
        const preprintDoi = `10.1101/${year - 1}.0${1 + Math.floor(random() * 9)}.1${String(work).padStart(5, "0")}`;
        add(person, work, [
          candidateSource("orcid", `pp${work}`, {
            title: retype(text),
            year: year - (chance(0.7) ? 1 : 0),
            venue: "medRxiv",
            doi: preprintDoi,
            sourceType: "preprint",
            otherIds: chance(0.6) ? [{ type: "doi", value: doi, relationship: "version-of" }] : [],
            // ORCID's work summaries carry no contributors.
            contributors: chance(0.5) ? names(authors) : [],
          }),
        ]);
        add(person, work, [pubmedSource(String(pmid++), text, year, journal, authors, doi)]);
        if (chance(0.3)) add(person, work, [orcidSource(work, text, year, journal[0], doiVariant(doi), [])]);
      } else if (roll < 0.73) {
        // A conference abstract and, a year or two later, the paper.
        const abstract = work;
        truth.workKind.set(abstract, "abstract");
        const meeting = pick(MEETINGS);
        const paper = ++work;
        truth.workKind.set(paper, "article");
        truth.relations.push([abstract, paper, "abstract_of"]);
        add(person, abstract, [
          candidateSource("orcid", `ab${abstract}`, {
            kind: "presentation",
            sourceType: "conference-abstract",
            title: text,
            year,
            venue: meeting[0],
            contributors: names(authors),
          }),
        ]);
        if (chance(0.5)) {
          add(person, abstract, [
            candidateSource("cv", `ab${abstract}`, {
              kind: "presentation",
              sourceType: "conference-abstract",
              title: retype(text),
              year,
              venue: meeting[1],
              contributors: names(authors),
            }),
          ]);
        }
        add(person, paper, [
          pubmedSource(
            String(pmid++),
            text,
            year + 1 + Math.floor(random() * 2),
            journal,
            authors,
            `10.4444/p${paper}`,
          ),
        ]);
      } else if (roll < 0.85) {
        // A presentation: on the CV, sometimes on ORCID too.
        truth.workKind.set(work, "presentation");
        const meeting = pick(MEETINGS);
        const type = pick(["conference-presentation", "conference-poster", "lecture-speech"]);
        add(person, work, [
          candidateSource("cv", `pr${work}`, {
            kind: "presentation",
            sourceType: type,
            title: text,
            year,
            venue: meeting[1],
            contributors: names([surname]),
          }),
        ]);
        if (chance(0.4)) {
          add(person, work, [
            candidateSource("orcid", `pr${work}`, {
              kind: "presentation",
              sourceType: type,
              title: retype(text),
              year,
              venue: meeting[0],
            }),
          ]);
        }
      } else if (roll < 0.91) {
        // A grant: RePORTER, ORCID and the CV, each writing the number its own way.
        truth.workKind.set(work, "grant");
        const serial = String(100_000 + work).slice(-6);
        const core = `R01${pick(["AI", "HL", "CA", "DK", "MH"])}${serial}`;
        const grantTitle = `${cap(rare(20_000))} ${pick(["mechanisms", "pathways", "interventions"])} in ${pick(DISEASES)}`;
        add(person, work, [
          candidateSource("reporter", core, {
            kind: "grant",
            title: grantTitle.toUpperCase(),
            year,
            grant: {
              grantNumber: `5${core}-0${1 + Math.floor(random() * 5)}`,
              coreProjectNumber: core,
              funder: "NIH",
            },
          }),
        ]);
        if (chance(0.5))
          add(person, work, [
            candidateSource("orcid", `g${work}`, {
              kind: "grant",
              title: grantTitle,
              year,
              grant: { grantNumber: `${core.slice(0, 3)} ${core.slice(3)}` },
            }),
          ]);
        if (chance(0.6))
          add(person, work, [
            candidateSource("cv", `g${work}`, {
              kind: "grant",
              title: retype(grantTitle),
              year,
              grant: { grantNumber: core.toLowerCase(), role: "pi" },
            }),
          ]);
      } else if (articles.length > 0) {
        // A notice about one of their articles: an erratum or a comment, linked by PMID or named by title.
        const target = pick(articles);
        const type = random() < 0.6 ? "erratum" : "comment";
        if (noticed.has(`${target.work} ${type}`)) continue;
        noticed.add(`${target.work} ${type}`);
        truth.workKind.set(work, "notice");
        if (type === "erratum") {
          truth.relations.push([work, target.work, target.pmid ? "erratum_for" : "correction_for"]);
          if (target.pmid) {
            add(person, work, [
              pubmedSource(
                String(pmid++),
                "Erratum.",
                target.year + 1,
                target.journal,
                [target.first],
                undefined,
                ["Published Erratum"],
                [{ refType: "ErratumFor", pmid: target.pmid }],
              ),
            ]);
          } else {
            add(person, work, [
              cvSource(`e${work}`, `Correction to: ${target.title}`, target.year + 1, target.journal[1], [
                target.first,
              ]),
            ]);
          }
        } else {
          truth.relations.push([work, target.work, "comment_on"]);
          add(person, work, [
            target.pmid
              ? pubmedSource(
                  String(pmid++),
                  `${cap(rare(20_000))} and the limits of ${rare(20_000)}`,
                  target.year,
                  target.journal,
                  [pick(coauthors)],
                  undefined,
                  ["Editorial", "Comment"],
                  [{ refType: "CommentOn", pmid: target.pmid }],
                )
              : cvSource(`c${work}`, `Comment on: ${target.title}`, target.year, target.journal[1], [
                  pick(coauthors),
                ]),
          ]);
        }
      }
    }
  }
  return { items, truth };
}

function cap(text: string): string {
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function names(surnames: readonly string[]): CandidateContributor[] {
  return surnames.map((surname) => ({ name: `${surname} J`, role: "author" }));
}

function pubmedSource(
  pmid: string,
  title: string,
  year: number,
  journal: [string, string],
  authors: readonly string[],
  doi?: string,
  publicationTypes: string[] = ["Journal Article"],
  commentsCorrections: PubmedArticleRecord["commentsCorrections"] = [],
): SourceInput {
  const record: PubmedArticleRecord = {
    kind: "article",
    pmid,
    ...(doi ? { doi } : {}),
    title,
    journal: journal[0],
    journalAbbreviation: journal[1],
    publicationDate: { year },
    languages: ["eng"],
    publicationTypes,
    authors: authors.map((lastName) => ({
      lastName,
      initials: "J",
      affiliations: [],
      equalContribution: false,
      valid: true,
    })),
    grants: [],
    commentsCorrections,
    meshHeadings: [],
    keywords: [],
  };
  return { source: "pubmed", sourceId: pmid, candidate: pubmedToCandidate(record) };
}

function candidateSource(
  source: string,
  sourceId: string,
  fields: Partial<CandidateItem> & { title: string },
): SourceInput {
  return {
    source,
    sourceId,
    candidate: { source, sourceId, kind: "publication", otherIds: [], contributors: [], ...fields },
  };
}

function orcidSource(
  work: number,
  title: string,
  year: number,
  venue: string,
  doi: string | undefined,
  authors: readonly string[],
): SourceInput {
  return candidateSource("orcid", `w${work}`, {
    sourceType: "journal-article",
    title,
    year,
    venue,
    ...(doi ? { doi } : {}),
    contributors: names(authors),
  });
}

function cvSource(
  id: string,
  title: string,
  year: number,
  venue: string,
  authors: readonly string[],
  doi?: string,
): SourceInput {
  return candidateSource("cv", id, {
    title,
    year,
    venue,
    ...(doi ? { doi } : {}),
    contributors: names(authors),
  });
}

// ---------------------------------------------------------------------------------------------
// Correctness against the truth

interface Score {
  truePairs: number;
  mergedPairs: number;
  rightPairs: number;
  wrongGroups: number;
  relationsExpected: number;
  relationsFound: number;
  relationsWrong: number;
  retractedExpected: number;
  retractedFlagged: number;
  retractedWrong: number;
  countedExpected: number;
  counted: number;
  examples: string[];
}

function score(division: Division, result: ReconcileResult): Score {
  const { truth } = division;
  const byId = new Map(division.items.map((input) => [input.id, input]));
  const describeItem = (id: number): string =>
    `${id} (work ${truth.work.get(id)}, ${truth.workKind.get(truth.work.get(id)!)}) ` +
    byId
      .get(id)!
      .records.map(
        (r) =>
          `${r.source}:"${r.candidate.title}" ${r.candidate.year} ${r.candidate.venue ?? ""} ${r.candidate.contributors[0]?.name ?? ""} ${r.candidate.doi ?? ""}`,
      )
      .join(" + ");
  const pairs = (n: number): number => (n * (n - 1)) / 2;
  const examples: string[] = [];

  const byWork = new Map<number, number>();
  for (const work of truth.work.values()) byWork.set(work, (byWork.get(work) ?? 0) + 1);
  let truePairs = 0;
  for (const count of byWork.values()) truePairs += pairs(count);
  let mergedPairs = 0;
  let rightPairs = 0;
  let wrongGroups = 0;
  const workOfGroup = new Map<number, number>();
  const groupOfItem = new Map<number, number>();
  for (const group of result.groups) {
    mergedPairs += pairs(group.memberIds.length);
    const counts = new Map<number, number>();
    for (const id of group.memberIds) {
      counts.set(truth.work.get(id)!, (counts.get(truth.work.get(id)!) ?? 0) + 1);
      groupOfItem.set(id, group.canonicalId);
    }
    for (const count of counts.values()) rightPairs += pairs(count);
    if (counts.size > 1) {
      wrongGroups++;
      if (examples.length < 10)
        examples.push(`wrong merge ${group.memberIds.map(describeItem).join("  ++  ")}`);
    }
    workOfGroup.set(group.canonicalId, truth.work.get(group.canonicalId)!);
  }
  const firstOfWork = new Map<number, number>();
  for (const [id, work] of truth.work) {
    const first = firstOfWork.get(work);
    if (first === undefined) firstOfWork.set(work, id);
    else if (groupOfItem.get(first) !== groupOfItem.get(id) && examples.length < 30) {
      examples.push(`missed ${describeItem(first)}  ||  ${describeItem(id)}`);
    }
  }

  const expected = new Set(truth.relations.map(([from, to, type]) => `${from}|${to}|${type}`));
  const foundKeys = new Set<string>();
  let relationsUnexpected = 0;
  for (const relation of result.relations) {
    const key = `${workOfGroup.get(relation.fromId)}|${workOfGroup.get(relation.toId)}|${relation.type}`;
    if (expected.has(key)) {
      foundKeys.add(key);
      continue;
    }
    relationsUnexpected++;
    if (examples.length < 40) {
      examples.push(
        `unexpected relation ${relation.type} ${describeItem(relation.fromId)}  ->  ${describeItem(relation.toId)}: ${relation.why}`,
      );
    }
  }
  const retractedWorks = new Set(result.retractedIds.map((id) => workOfGroup.get(id)!));
  const countedWorks = [...truth.workKind].filter(
    ([work, kind]) => kind !== "notice" && !truth.retractedWorks.has(work),
  ).length;
  return {
    truePairs,
    mergedPairs,
    rightPairs,
    wrongGroups,
    relationsExpected: expected.size,
    relationsFound: foundKeys.size,
    relationsWrong: relationsUnexpected,
    retractedExpected: truth.retractedWorks.size,
    retractedFlagged: [...retractedWorks].filter((work) => truth.retractedWorks.has(work)).length,
    retractedWrong: [...retractedWorks].filter((work) => !truth.retractedWorks.has(work)).length,
    countedExpected: countedWorks,
    counted: result.groups.filter((group) => group.view.notice === undefined && !group.view.retracted).length,
    examples,
  };
}

// ---------------------------------------------------------------------------------------------
// One size, in a process of its own

interface SizeResult {
  items: number;
  people: number;
  globalMs: number;
  globalCpuMs: number;
  perPersonMs: number;
  perPersonCpuMs: number;
  candidatePairs: number;
  titleComparisons: number;
  largeBlocks: number;
  rssBeforeMb: number;
  peakRssMb: number;
  heapBeforeMb: number;
  heapAfterMb: number;
  score: Score;
  perPersonScore: Score;
}

function gc(): void {
  setFlagsFromString("--expose-gc");
  const collect = runInNewContext("gc") as (() => void) | undefined;
  collect?.();
}

/** Best wall time (and the CPU time of that run) of `runs` runs; the last run's value. */
function timed<T>(runs: number, run: () => T): { ms: number; cpuMs: number; value: T } {
  let best = { ms: Infinity, cpuMs: Infinity };
  let value: T | undefined;
  for (let i = 0; i < runs; i++) {
    gc();
    const cpu = process.cpuUsage();
    const started = performance.now();
    value = run();
    const ms = performance.now() - started;
    const used = process.cpuUsage(cpu);
    if (ms < best.ms) best = { ms, cpuMs: (used.user + used.system) / 1000 };
  }
  return { ...best, value: value! };
}

function runSize(size: number): SizeResult {
  const division = generateDivision(size, seed + size);
  // Warm the JIT on a small ledger first: the figures are of the steady state of a long-lived worker.
  reconcileItems(generateDivision(3_000, seed).items);
  gc();
  const mb = (bytes: number): number => Math.round(bytes / 1e5) / 10;
  const rssBefore = process.memoryUsage().rss;
  const heapBefore = process.memoryUsage().heapUsed;
  // The first run alone, for memory: its peak RSS is this process's, since generating took less.
  const result = reconcileItems(division.items);
  const peakRss = process.resourceUsage().maxRSS * 1024;
  gc();
  const heapAfter = process.memoryUsage().heapUsed;
  const global = timed(runs, () => reconcileItems(division.items));

  const byId = new Map(division.items.map((input) => [input.id, input]));
  const people = division.truth.people.map((ids) => ids.map((id) => byId.get(id)!));
  const perPerson = timed(runs, () => people.map((items) => reconcileItems(items)));
  const merged: ReconcileResult = {
    ...result,
    groups: perPerson.value.flatMap((r) => r.groups),
    relations: perPerson.value.flatMap((r) => r.relations),
    retractedIds: perPerson.value.flatMap((r) => r.retractedIds),
  };
  return {
    items: division.items.length,
    people: division.truth.people.length,
    globalMs: global.ms,
    globalCpuMs: global.cpuMs,
    perPersonMs: perPerson.ms,
    perPersonCpuMs: perPerson.cpuMs,
    candidatePairs: result.stats.candidatePairs,
    titleComparisons: result.stats.titleComparisons,
    largeBlocks: result.stats.largeBlocks,
    rssBeforeMb: mb(rssBefore),
    peakRssMb: mb(peakRss),
    heapBeforeMb: mb(heapBefore),
    heapAfterMb: mb(heapAfter),
    score: score(division, result),
    perPersonScore: score(division, merged),
  };
}

// ---------------------------------------------------------------------------------------------

const childAt = process.argv.indexOf("--child");
if (childAt !== -1) {
  process.stdout.write(`${JSON.stringify(runSize(Number(process.argv[childAt + 1])))}\n`);
} else {
  const sizes = option("sizes", "10000,25000,50000,100000").split(",").map(Number);
  const results: SizeResult[] = [];
  console.log(
    `reconcile bench: ${ITEMS_PER_PERSON} items a person, seed ${seed}; each size in its own process\n`,
  );
  const header = [
    "   items  people",
    "one call: wall ms   cpu ms  µs/item  pairs/item  titles/item",
    "per person: wall ms  µs/item",
    "RSS before → peak MB",
    "result heap MB",
  ];
  console.log(header.join(" | "));
  for (const size of sizes) {
    const child = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        fileURLToPath(import.meta.url),
        "--child",
        String(size),
        "--seed",
        String(seed),
        "--runs",
        String(runs),
      ],
      { encoding: "utf8", maxBuffer: 1 << 26, stdio: ["ignore", "pipe", "inherit"] },
    );
    if (child.status !== 0) throw new Error(`the ${size}-item run failed (exit ${child.status})`);
    const r = JSON.parse(child.stdout.trim().split("\n").pop()!) as SizeResult;
    results.push(r);
    const perItem = (ms: number): string => ((ms * 1000) / r.items).toFixed(1);
    console.log(
      [
        `${pad(r.items, 8)} ${pad(r.people, 7)}`,
        `${pad(r.globalMs.toFixed(0), 17)} ${pad(r.globalCpuMs.toFixed(0), 8)} ${pad(perItem(r.globalMs), 8)} ${pad((r.candidatePairs / r.items).toFixed(2), 11)} ${pad((r.titleComparisons / r.items).toFixed(2), 12)}`,
        `${pad(r.perPersonMs.toFixed(0), 19)} ${pad(perItem(r.perPersonMs), 8)}`,
        `${pad(r.rssBeforeMb.toFixed(0), 10)} → ${pad(r.peakRssMb.toFixed(0), 7)}`,
        pad((r.heapAfterMb - r.heapBeforeMb).toFixed(0), 14),
      ].join(" | "),
    );
  }
  const first = results[0]!;
  const last = results.at(-1)!;
  if (results.length > 1) {
    const ratio = (x: number, y: number): string => `×${(x / last.items / (y / first.items)).toFixed(2)}`;
    console.log(
      `\ngrowth ${first.items} → ${last.items} items (×${(last.items / first.items).toFixed(0)}), per item: one call wall ${ratio(last.globalMs, first.globalMs)}, cpu ${ratio(last.globalCpuMs, first.globalCpuMs)}; per person wall ${ratio(last.perPersonMs, first.perPersonMs)}; candidate pairs ${ratio(last.candidatePairs, first.candidatePairs)}, title comparisons ${ratio(last.titleComparisons, first.titleComparisons)}; peak RSS added per item ${ratio((last.peakRssMb - last.rssBeforeMb) * 1e6, (first.peakRssMb - first.rssBeforeMb) * 1e6)}`,
    );
    console.log(
      `large blocks (compared by sorted neighbourhood): ${results.map((r) => r.largeBlocks).join(", ")}`,
    );
  }
  console.log(
    "\ncorrectness against the generated truth (one call over the division; per person in brackets):",
  );
  for (const r of results) {
    const s = r.score;
    const p = r.perPersonScore;
    const pct = (a: number, b: number): string => (b === 0 ? "-" : `${((100 * a) / b).toFixed(2)}%`);
    console.log(
      `${pad(r.items, 8)} items: pairs merged right ${s.rightPairs}/${s.truePairs} (recall ${pct(s.rightPairs, s.truePairs)} [${pct(p.rightPairs, p.truePairs)}]), merged wrong ${s.mergedPairs - s.rightPairs} [${p.mergedPairs - p.rightPairs}] in ${s.wrongGroups} groups; relations ${s.relationsFound}/${s.relationsExpected} [${p.relationsFound}], unexpected ${s.relationsWrong} [${p.relationsWrong}]; retracted flagged ${s.retractedFlagged}/${s.retractedExpected}, wrongly ${s.retractedWrong}; counted ${s.counted} of ${s.countedExpected} true [${p.counted}]`,
    );
  }
  if (verbose) for (const line of last.score.examples) console.log(`  ${line}`);
}

function pad(value: string | number, width: number): string {
  return String(value).padStart(width);
}
