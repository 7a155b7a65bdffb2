import type {
  PartialDate,
  PubmedArticleRecord,
  PubmedAuthor,
  PubmedGrant,
} from "../../src/sources/pubmed/types.ts";
import type { SandboxAbstract } from "../servers/pubmed-xml.ts";
import { MONTH_NAMES, ymd } from "./dates.ts";
import type { CircleOwner, FacultyPlan, NamesakePlan, People, Person } from "./people.ts";
import type { Random } from "./random.ts";
import { REALISTIC_YEARS_BEFORE_HIRE } from "./realism.ts";
import {
  DESIGNS,
  JOURNALS,
  POPULATIONS,
  SPANISH_TITLES,
  TOPICS,
  type Design,
  type Journal,
  type Topic,
} from "./tables.ts";

// The articles: the PubMed records of the faculty and of their namesakes, before PMIDs are given.

export interface Draft {
  record: PubmedArticleRecord;
  /** yyyymmdd the record entered PubMed: PMIDs are handed out in this order. */
  entered: number;
  truth: Array<{ facultyId: string; authorIndex: number }>;
  links: Array<{ refType: string; target: Draft }>;
  abstract?: SandboxAbstract;
  /** The author slots held by people from outside the home institution, whose paper it is, and its year. */
  outside?: { owner: CircleOwner; slots: number[]; year: number };
}

/** A namesake's article, and which author on it is the namesake of which faculty member. */
export interface NamesakeDraft {
  draft: Draft;
  plan: NamesakePlan;
  member: FacultyPlan;
  position: number;
  year: number;
  institution: "same" | "other";
}

type Kind = "research" | "review" | "case" | "letter" | "comment" | "editorial";

const SEASONS: ReadonlyArray<readonly [string, number]> = [
  ["Winter", 1],
  ["Spring", 3],
  ["Summer", 6],
  ["Fall", 9],
];

/** MEDLINE writes end pages without the digits they share with the start: 1123-1130 → 1123-30. */
function medlineEndPage(start: number, end: number): string {
  const s = String(start);
  const e = String(end);
  if (s.length !== e.length) return e;
  let i = 0;
  while (i < s.length - 1 && s[i] === e[i]) i++;
  return e.slice(i);
}

/** Writes the division's PubMed articles from the main stream, in the order the generator asks. */
export class ArticleWriter {
  readonly rng: Random;
  readonly drafts: Draft[] = [];
  readonly namesakeDrafts: NamesakeDraft[] = [];
  private doiSequence = 1;

  constructor(
    private readonly people: People,
    private readonly fromYear: number,
    private readonly toYear: number,
  ) {
    this.rng = people.rng;
  }

  writeFacultyArticles(member: FacultyPlan): void {
    const yearsBefore = this.people.realism ? REALISTIC_YEARS_BEFORE_HIRE : 3;
    const firstYear = Math.max(this.fromYear, member.hireYear - yearsBefore);
    for (let year = firstYear; year <= this.toYear; year++) {
      let rate = member.rate * (this.people.employed(member, year) ? 1 : 0.6);
      const start = member.programStartYear;
      if (start !== undefined) rate *= year > start ? 2.6 : year === start ? 1.4 : 1;
      const count = this.rng.poisson(rate);
      for (let i = 0; i < count; i++) this.facultyArticle(member, year);
    }
  }

  private pickKind(): Kind {
    return this.rng.weighted([
      ["research", 62],
      ["review", 10],
      ["case", 4],
      ["letter", 8],
      ["comment", 6],
      ["editorial", 5],
    ] as const);
  }

  private facultyArticle(lead: FacultyPlan, year: number): void {
    const kind = this.pickKind();
    const authorCount =
      kind === "research"
        ? this.rng.int(3, 11)
        : kind === "review"
          ? this.rng.int(2, 6)
          : kind === "case"
            ? this.rng.int(2, 5)
            : kind === "editorial"
              ? this.rng.int(1, 3)
              : this.rng.int(1, 4);

    const senior = lead.role === "full" || lead.role === "associate";
    let leadPosition: number;
    if (authorCount === 1) leadPosition = 0;
    else {
      const where = this.rng.weighted(
        kind === "research" || kind === "review" || kind === "case"
          ? ([
              ["first", senior ? 2 : 4],
              ["last", senior ? 4.5 : 1.5],
              ["middle", authorCount > 2 ? 4 : 0],
            ] as const)
          : ([
              ["first", 7],
              ["last", 2],
              ["middle", authorCount > 2 ? 1 : 0],
            ] as const),
      );
      leadPosition =
        where === "first" ? 0 : where === "last" ? authorCount - 1 : this.rng.int(1, authorCount - 2);
    }

    const slots: Array<FacultyPlan | Person | undefined> = new Array<FacultyPlan | Person | undefined>(
      authorCount,
    );
    slots[leadPosition] = lead;
    const colleagues = this.people.faculty.filter(
      (f) => f !== lead && this.people.employed(f, year) && this.people.employed(lead, year),
    );
    const mentor = this.people.faculty.find((f) => f.id === lead.mentorId);
    const wanted: FacultyPlan[] = [];
    if (
      mentor &&
      lead.programStartYear !== undefined &&
      year >= lead.programStartYear &&
      colleagues.includes(mentor) &&
      this.rng.chance(0.55)
    ) {
      wanted.push(mentor);
    }
    const extra = this.rng.weighted([
      [0, 6],
      [1, 3],
      [2, 1],
    ] as const);
    for (const colleague of this.rng.shuffle(colleagues.filter((f) => f !== mentor)).slice(0, extra))
      wanted.push(colleague);
    for (const colleague of wanted) {
      const free = [...slots.keys()].filter((i) => slots[i] === undefined);
      if (free.length === 0) break;
      // A mentor is usually the senior (last) author on the mentee's paper.
      const place =
        colleague === mentor && slots[authorCount - 1] === undefined ? authorCount - 1 : this.rng.pick(free);
      slots[place] = colleague;
    }

    const usedPeople = new Set<Person>();
    const authors: PubmedAuthor[] = [];
    const truth: Draft["truth"] = [];
    const outside: number[] = [];
    for (let i = 0; i < authorCount; i++) {
      let occupant = slots[i];
      if (occupant === undefined) {
        const pool = this.rng.chance(0.25) ? this.people.homePool : this.people.outsidePlaceholders;
        if (pool === this.people.outsidePlaceholders) outside.push(i);
        let person = this.rng.pick(pool);
        for (let tries = 0; usedPeople.has(person) && tries < 10; tries++) person = this.rng.pick(pool);
        usedPeople.add(person);
        occupant = person;
      }
      if ("id" in occupant) {
        truth.push({ facultyId: occupant.id, authorIndex: i });
        authors.push(this.people.facultyAuthor(occupant, year));
      } else authors.push(this.people.personAuthor(occupant, year));
    }
    if (kind === "research" && this.rng.chance(0.03)) {
      authors.push({
        collectiveName: `${this.people.home.hospital.replace(" Memorial Hospital", "")} Primary Care Research Network`,
        affiliations: [],
        equalContribution: false,
        valid: true,
      });
    }
    if (kind === "research" && authorCount > 2 && this.rng.chance(0.05)) {
      authors[0]!.equalContribution = true;
      authors[1]!.equalContribution = true;
    }
    this.trimAffiliations(authors, year);

    const grants =
      kind === "research" && this.rng.chance(0.45)
        ? [...lead.grants, ...wanted.flatMap((w) => w.grants)].slice(0, 3)
        : [];
    const draft = this.addDraft(this.articleRecord(kind, year, authors, grants, lead), truth);
    draft.outside = { owner: lead, slots: outside, year };
  }

  /** Before 2014 MEDLINE kept only the first author's affiliation; later ones are sometimes missing. */
  private trimAffiliations(authors: PubmedAuthor[], year: number, rng: Random = this.rng): void {
    authors.forEach((author, i) => {
      if (author.collectiveName) return;
      if (year < 2014 ? i > 0 || rng.chance(0.08) : rng.chance(0.06)) author.affiliations = [];
    });
  }

  private pubDates(
    journal: Journal,
    year: number,
  ): { publicationDate: PartialDate; electronicDate?: PartialDate; status: string } {
    const month = this.rng.int(1, 12);
    const day = this.rng.int(1, 28);
    if (journal.dates === "online") {
      const date = { year, month, day };
      return { publicationDate: date, electronicDate: date, status: "epublish" };
    }
    let publicationDate: PartialDate;
    if (journal.dates === "seasonal") {
      const [season, first] = SEASONS[Math.floor((month - 1) / 3)]!;
      publicationDate = { year, month: first, text: `${year} ${season}` };
    } else if (journal.dates === "bimonthly") {
      const first = month - ((month - 1) % 2);
      publicationDate = {
        year,
        month: first,
        text: `${year} ${MONTH_NAMES[first - 1]!}-${MONTH_NAMES[first]!}`,
      };
    } else if (this.rng.chance(0.03)) publicationDate = { year };
    else publicationDate = this.rng.chance(0.25) ? { year, month, day } : { year, month };
    let electronicDate: PartialDate | undefined;
    if (year >= 2009 && this.rng.chance(0.7)) {
      // Online first, up to four months before the issue: an epub in December of the year before is common.
      const moved = new Date(Date.UTC(year, (publicationDate.month ?? 1) - 1, day - this.rng.int(5, 120)));
      electronicDate = {
        year: moved.getUTCFullYear(),
        month: moved.getUTCMonth() + 1,
        day: moved.getUTCDate(),
      };
    }
    return { publicationDate, electronicDate, status: "ppublish" };
  }

  private articleRecord(
    kind: Kind,
    year: number,
    authors: PubmedAuthor[],
    grants: PubmedGrant[],
    /** The faculty member whose paper it is, or whom its namesake author is mistaken for. */
    member?: FacultyPlan,
  ): { record: PubmedArticleRecord; abstract?: SandboxAbstract } {
    const spanish = kind === "research" && this.rng.chance(0.02);
    const drawn = spanish
      ? JOURNALS.find((j) => j.language === "spa")!
      : this.rng.pick(JOURNALS.filter((j) => j.language === undefined));
    const journal = this.people.realism ? this.people.realism.journal(member, drawn) : drawn;
    const topic = this.rng.pick(TOPICS);
    const population = this.rng.pick(POPULATIONS);
    const design = this.rng.pick(DESIGNS);
    const dates = this.pubDates(journal, year);
    const publicationTypes: string[] = [];
    let title: string;
    let vernacularTitle: string | undefined;
    const capital = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
    switch (kind) {
      case "research":
        publicationTypes.push("Journal Article", ...design.types);
        title = this.rng.weighted([
          [`${capital(topic.phrase)} ${population}: ${design.phrase}.`, 5],
          [`Effect of a team-based intervention on ${topic.phrase} ${population}: ${design.phrase}.`, 2],
          [`Disparities in ${topic.phrase} by race & ethnicity ${population}.`, 1],
          [`Achieving systolic blood pressure <130 mm Hg ${population}: ${design.phrase}.`, 1],
        ] as const);
        if (spanish) {
          const [vernacular, english] = this.rng.pick(SPANISH_TITLES);
          title = `[${english}].`;
          vernacularTitle = `${vernacular}.`;
        }
        break;
      case "review":
        publicationTypes.push("Journal Article", "Review");
        if (this.rng.chance(0.4)) publicationTypes.push("Systematic Review");
        title = publicationTypes.includes("Systematic Review")
          ? `${capital(topic.phrase)} ${population}: a systematic review and meta-analysis.`
          : `${capital(topic.phrase)}: a narrative review for the generalist.`;
        if (publicationTypes.includes("Systematic Review") && this.rng.chance(0.5))
          publicationTypes.push("Meta-Analysis");
        break;
      case "case":
        publicationTypes.push("Case Reports", "Journal Article");
        title = `An unexpected cause of ${this.rng.pick(["fatigue", "hyponatremia", "weight loss", "syncope"])} in a patient seen ${population}.`;
        break;
      case "letter":
        publicationTypes.push("Letter");
        title = `${capital(topic.phrase)} ${population}: a call for better measurement.`;
        break;
      case "comment":
        publicationTypes.push("Letter", "Comment");
        title = this.rng.pick([
          `In reply.`,
          `Rethinking ${topic.phrase}.`,
          `More on ${topic.phrase} ${population}.`,
        ]);
        break;
      case "editorial":
        publicationTypes.push("Editorial");
        title = this.rng.pick([
          `The case for ${topic.phrase} in general internal medicine.`,
          `${capital(topic.phrase)}: where do we go from here?`,
        ]);
        break;
    }
    if (grants.some((g) => g.agency?.includes("NIH")))
      publicationTypes.push("Research Support, N.I.H., Extramural");
    if (grants.some((g) => g.agency === "AHRQ HHS"))
      publicationTypes.push("Research Support, U.S. Gov't, P.H.S.");
    if (kind === "research" && this.rng.chance(0.2))
      publicationTypes.push("Research Support, Non-U.S. Gov't");

    const latest = year === this.toYear && dates.status !== "epublish" && this.rng.chance(0.3);
    const citationStatus = latest
      ? this.rng.pick(["Publisher", "In-Data-Review"])
      : journal.medline
        ? "MEDLINE"
        : "PubMed-not-MEDLINE";
    const aheadOfPrint = citationStatus === "Publisher";
    const volume = String(year - journal.firstVolumeYear + 1);
    const startPage = this.rng.int(1, 1900);
    const endPage =
      startPage + (kind === "research" || kind === "review" ? this.rng.int(5, 14) : this.rng.int(0, 2));
    const pages =
      journal.dates === "online"
        ? `e${String(this.rng.int(100, 999_999)).padStart(6, "0")}`
        : endPage === startPage
          ? String(startPage)
          : `${startPage}-${medlineEndPage(startPage, endPage)}`;
    const mesh =
      citationStatus === "MEDLINE" && kind !== "letter" && kind !== "comment"
        ? [
            ...new Set([
              "Humans",
              ...topic.mesh,
              ...(kind === "research" ? design.mesh : []),
              ...this.rng
                .shuffle(["Female", "Male", "Middle Aged", "Aged", "Adult", "United States"])
                .slice(0, this.rng.int(1, 4)),
            ]),
          ].sort()
        : [];
    const record: PubmedArticleRecord = {
      kind: "article",
      pmid: "",
      doi: this.rng.chance(kind === "letter" || kind === "comment" ? 0.85 : 0.97)
        ? `10.5555/${journal.code}.${year}.${String(this.doiSequence++).padStart(5, "0")}`
        : undefined,
      title,
      vernacularTitle,
      journal: journal.title,
      journalAbbreviation: journal.abbreviation,
      issn: journal.issn,
      volume: aheadOfPrint ? undefined : volume,
      issue:
        aheadOfPrint || journal.dates === "online" ? undefined : String(dates.publicationDate.month ?? 1),
      pages: aheadOfPrint ? undefined : pages,
      publicationDate: aheadOfPrint
        ? (dates.electronicDate ?? { year, month: dates.publicationDate.month ?? 1, day: 1 })
        : dates.publicationDate,
      electronicDate: aheadOfPrint
        ? (dates.electronicDate ?? { year, month: dates.publicationDate.month ?? 1, day: 1 })
        : dates.electronicDate,
      languages: [journal.language ?? "eng"],
      publicationTypes,
      authors,
      grants,
      commentsCorrections: [],
      meshHeadings: mesh,
      keywords: this.rng.chance(0.35) ? this.rng.shuffle(topic.keywords) : [],
      citationStatus,
      publicationStatus: aheadOfPrint ? "aheadofprint" : dates.status,
    };
    const abstract = this.abstractFor(kind, topic, population, design);
    return { record, abstract };
  }

  private abstractFor(
    kind: Kind,
    topic: Topic,
    population: string,
    design: Design,
  ): SandboxAbstract | undefined {
    const n = this.rng.int(80, 4800);
    const percent = (low: number, high: number): string =>
      `${this.rng.int(low, high)}.${this.rng.int(0, 9)}%`;
    switch (kind) {
      case "research":
        return [
          { label: "BACKGROUND", text: `Little is known about ${topic.phrase} ${population}.` },
          {
            label: "METHODS",
            text: `We conducted ${design.phrase} of ${n} patients; the primary outcome was ${topic.phrase}.`,
          },
          {
            label: "RESULTS",
            text: `The primary outcome improved from ${percent(20, 50)} to ${percent(45, 80)} (P < .05); effects were similar across subgroups.`,
          },
          {
            label: "CONCLUSIONS",
            text: `Attention to ${topic.phrase} ${population} is feasible and worthwhile.`,
          },
        ];
      case "review":
        return `We reviewed the evidence on ${topic.phrase} ${population}, summarising ${this.rng.int(12, 90)} studies and the practical steps they support for clinicians and health systems.`;
      case "case":
        return `A patient seen ${population} presented with symptoms that were eventually explained by an uncommon condition. We describe the diagnostic reasoning and lessons for ${topic.phrase}.`;
      default:
        return undefined;
    }
  }

  private addDraft(
    built: { record: PubmedArticleRecord; abstract?: SandboxAbstract },
    truth: Draft["truth"],
  ): Draft {
    const { record } = built;
    const entered = Math.min(
      ...[record.publicationDate, record.electronicDate]
        .filter((d): d is PartialDate => d !== undefined)
        .map(ymd),
    );
    const draft: Draft = { record, entered, truth, links: [], abstract: built.abstract };
    this.drafts.push(draft);
    return draft;
  }

  /** Errata, retractions and comments on earlier papers: records a classifier must not count. */
  addCorrectionsAndRetractions(): void {
    const originals = this.drafts.filter((d) => d.record.publicationTypes.includes("Journal Article"));
    for (const original of originals) {
      const { record } = original;
      const year = record.publicationDate?.year ?? this.toYear;
      if (this.rng.chance(0.04)) {
        const later = this.later(record.publicationDate ?? { year }, this.rng.int(30, 300));
        if (later.year <= this.toYear) {
          const withAuthors = this.rng.chance(0.6);
          const erratum: PubmedArticleRecord = {
            ...record,
            pmid: "",
            doi: record.doi ? `${record.doi}.corr` : undefined,
            pmcid: undefined,
            title: `${this.rng.pick(["Correction to", "Corrigendum to", "Erratum in"])} "${record.title.replace(/\.$/, "")}".`,
            vernacularTitle: undefined,
            pages: String(this.rng.int(1, 1999)),
            issue: String(later.month ?? 1),
            volume: record.volume,
            publicationDate: later,
            electronicDate: undefined,
            publicationTypes: ["Published Erratum"],
            authors: withAuthors
              ? record.authors.map((a) => ({ ...a, affiliations: [...a.affiliations] }))
              : [],
            grants: [],
            commentsCorrections: [],
            meshHeadings: [],
            keywords: [],
            citationStatus:
              record.citationStatus === "MEDLINE" ? "PubMed-not-MEDLINE" : record.citationStatus,
            publicationStatus: "ppublish",
          };
          const draft = this.addDraft(
            { record: erratum },
            withAuthors ? original.truth.map((t) => ({ ...t })) : [],
          );
          draft.links.push({ refType: "ErratumFor", target: original });
          original.links.push({ refType: "ErratumIn", target: draft });
        }
      } else if (this.rng.chance(0.006)) {
        const later = this.later(record.publicationDate ?? { year }, this.rng.int(200, 700));
        if (later.year <= this.toYear) {
          record.publicationTypes.push("Retracted Publication");
          const notice: PubmedArticleRecord = {
            ...record,
            pmid: "",
            doi: undefined,
            pmcid: undefined,
            title: `Retraction notice to "${record.title.replace(/\.$/, "")}".`,
            vernacularTitle: undefined,
            pages: String(this.rng.int(1, 1999)),
            publicationDate: later,
            electronicDate: undefined,
            publicationTypes: ["Retraction of Publication"],
            authors: [],
            grants: [],
            commentsCorrections: [],
            meshHeadings: [],
            keywords: [],
            citationStatus: "PubMed-not-MEDLINE",
            publicationStatus: "ppublish",
          };
          const draft = this.addDraft({ record: notice }, []);
          draft.links.push({ refType: "RetractionOf", target: original });
          original.links.push({ refType: "RetractionIn", target: draft });
        }
      }
    }
    for (const comment of this.drafts.filter((d) => d.record.publicationTypes.includes("Comment"))) {
      const earlier = this.drafts.filter(
        (d) => d.entered < comment.entered && d.record.publicationTypes.includes("Journal Article"),
      );
      if (earlier.length === 0) continue;
      const target = this.rng.pick(earlier);
      comment.links.push({ refType: "CommentOn", target });
      target.links.push({ refType: "CommentIn", target: comment });
    }
  }

  private later(date: PartialDate, days: number): PartialDate {
    const moved = new Date(Date.UTC(date.year, (date.month ?? 1) - 1, (date.day ?? 15) + days));
    return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1 };
  }

  writeNamesakeArticles(): void {
    this.people.faculty.forEach((member, index) => {
      for (const plan of this.people.namesakesFor(member, index)) {
        this.people.namesakePlans.push(plan);
        for (let year = this.fromYear; year <= this.toYear; year++) {
          for (let n = this.rng.poisson(plan.rate); n > 0; n--) this.namesakeArticle(member, plan, year);
        }
      }
    });
  }

  private namesakeArticle(member: FacultyPlan, plan: NamesakePlan, year: number): void {
    const kind = this.rng.weighted([
      ["research", 8],
      ["review", 1],
      ["letter", 1],
    ] as const);
    const count = kind === "letter" ? this.rng.int(1, 3) : this.rng.int(2, 9);
    const position = this.rng.int(0, count - 1);
    const authors: PubmedAuthor[] = [];
    const used = new Set<Person>();
    for (let i = 0; i < count; i++) {
      if (i === position) {
        authors.push(this.people.personAuthor(plan.person, year, plan.showsOrcid ? 0.6 : 0));
        continue;
      }
      let person = this.rng.pick(this.people.outsidePlaceholders);
      for (let tries = 0; used.has(person) && tries < 10; tries++)
        person = this.rng.pick(this.people.outsidePlaceholders);
      used.add(person);
      authors.push(this.people.personAuthor(person, year));
    }
    this.trimAffiliations(authors, year);
    const draft = this.addDraft(this.articleRecord(kind, year, authors, [], member), []);
    draft.outside = { owner: plan, slots: [...authors.keys()].filter((i) => i !== position), year };
    this.namesakeDrafts.push({ draft, plan, member, position, year, institution: plan.institution });
  }
}
