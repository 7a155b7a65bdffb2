import type { PubmedGrant } from "../../src/sources/pubmed/types.ts";
import { awardSpan, type AwardBook } from "./awards.ts";
import {
  affiliationMode,
  affiliationsOf,
  emailOn,
  orcidShown,
  writtenName,
  type WrittenName,
} from "./authorship.ts";
import { Circles } from "./collaboration.ts";
import { field, INSTITUTES, type FieldKey, type Journal, type Topic } from "./fields.ts";
import { stintAt, type Person, type World } from "./people.ts";
import type { Stream } from "./random.ts";

/**
 * The papers: for each author whose own papers are made (faculty and namesakes), a yearly count
 * that follows their career, then for each paper its kind, journal, author list and the way
 * MEDLINE recorded each author. What the paper is about comes later (pubmed.ts).
 */

export type ArticleKind = "research" | "trial" | "review" | "letter" | "editorial" | "case";

export interface DraftAuthor {
  person?: Person;
  collectiveName?: string;
  name?: WrittenName;
  orcid?: string;
  affiliations: string[];
  equalContribution: boolean;
}

export interface Draft {
  year: number;
  month: number;
  day?: number;
  journal: Journal;
  field: FieldKey;
  topic: Topic;
  kind: ArticleKind;
  authors: DraftAuthor[];
  grants: PubmedGrant[];
  producer: Person;
}

const KINDS: ReadonlyArray<readonly [ArticleKind, number]> = [
  ["research", 70],
  ["trial", 4],
  ["review", 8],
  ["letter", 8],
  ["editorial", 4],
  ["case", 6],
];

/** Author lists grew by about a third between 2005 and 2024; trials and genomics run long. */
function authorCount(rng: Stream, key: FieldKey, year: number, kind: ArticleKind): number {
  const era = Math.min(1.35, Math.max(0.65, 0.8 + 0.025 * (year - 2005)));
  const median = field(key).medianAuthors * era;
  switch (kind) {
    case "letter":
      return rng.int(1, 4);
    case "editorial":
      return rng.int(1, 3);
    case "case":
      return Math.max(2, Math.round(rng.logNormal(4, 0.3)));
    case "review":
      return Math.max(1, Math.min(30, Math.round(rng.logNormal(median * 0.7, 0.5))));
    case "trial":
      return Math.max(3, Math.min(60, Math.round(rng.logNormal(median * 1.5, 0.4))));
    case "research":
      return Math.max(2, Math.min(80, Math.round(rng.logNormal(median, 0.45))));
  }
}

/** Where the producer stands in the list: juniors first, seniors last, everyone in the middle often. */
function producerPosition(rng: Stream, count: number, careerYears: number, kind: ArticleKind): number {
  if (count === 1) return 0;
  if (kind === "letter" || kind === "editorial") return rng.chance(0.8) ? 0 : count - 1;
  const [firstShare, lastShare] = careerYears < 5 ? [0.5, 0.05] : careerYears < 12 ? [0.25, 0.3] : [0.1, 0.5];
  const draw = rng.float();
  if (draw < firstShare) return 0;
  if (draw < firstShare + lastShare) return count - 1;
  return count === 2 ? 1 : rng.int(1, count - 2);
}

function atHome(person: Person, year: number): boolean {
  return (
    stintAt(person, year).institution.key === "home" &&
    person.stints.some((s) => s.from <= year && year <= s.to)
  );
}

/** Grant numbers as papers cite them: "R01 HL123456", "R01HL123456" or "HL123456". */
function grantsCited(rng: Stream, awards: AwardBook, person: Person, year: number): PubmedGrant[] {
  return (awards.byPerson.get(person.id) ?? [])
    .filter((award) => {
      const { first, last } = awardSpan(award);
      return first <= year && year <= last + 1 && rng.chance(0.55);
    })
    .map((award) => {
      const institute = INSTITUTES[award.institute]!;
      const grantId = rng.weighted([
        [`${award.activity} ${award.institute}${award.serial}`, 5],
        [award.core, 3],
        [`${award.institute}${award.serial}`, 2],
      ]);
      return {
        grantId,
        acronym: award.institute,
        agency: institute.agency === "AHRQ" ? "AHRQ HHS" : `${institute.abbreviation} NIH HHS`,
        country: "United States",
      };
    });
}

const COLLECTIVES = ["Investigators", "Study Group", "Consortium", "Research Network"];

export class DraftWriter {
  private readonly circles = new Map<number, Circles>();

  constructor(
    private readonly world: World,
    private readonly awards: AwardBook,
  ) {}

  circlesOf(person: Person): Circles {
    let circles = this.circles.get(person.id);
    if (!circles) {
      circles = new Circles(this.world, person, this.world.stream("circles").fork(person.id));
      this.circles.set(person.id, circles);
    }
    return circles;
  }

  /** Every paper of one producer over the division's years. */
  papersOf(person: Person): Draft[] {
    const producer = person.producer!;
    const rng = this.world.stream("articles").fork(person.id);
    const drafts: Draft[] = [];
    const from = Math.max(this.world.fromYear, producer.careerStart);
    const to = Math.min(this.world.toYear, producer.careerEnd);
    for (let year = from; year <= to; year++) {
      const careerYears = year - producer.careerStart;
      const stride = Math.min(1, 0.3 + 0.14 * careerYears) * (1 + Math.min(0.4, 0.015 * careerYears));
      for (let n = rng.poisson(producer.rate * stride); n > 0; n--)
        drafts.push(this.paper(rng, person, year));
    }
    return drafts;
  }

  private paper(rng: Stream, person: Person, year: number): Draft {
    const producer = person.producer!;
    const kind = rng.weighted(
      producer.field === "medical-education" ? KINDS.filter(([k]) => k !== "trial" && k !== "case") : KINDS,
    );
    const publishing = producer.journals.filter(
      ([journal]) => journal.since <= year && year <= journal.until,
    );
    const journal = rng.weighted(publishing.length > 0 ? publishing : producer.journals);
    const topic = rng.chance(0.8) ? rng.pick(producer.topics) : rng.pick(field(producer.field).topics);
    const count = authorCount(rng, producer.field, year, kind);
    const position = producerPosition(rng, count, year - producer.careerStart, kind);
    const slots: Array<Person | undefined> = Array.from({ length: count }, () => undefined);
    slots[position] = person;
    const taken = new Set<number>([person.id]);
    const free = () => slots.flatMap((slot, i) => (slot === undefined ? [i] : []));

    if (person.faculty && atHome(person, year)) {
      for (const colleague of rng.shuffle(person.faculty.colleagues)) {
        const open = free();
        if (open.length === 0) break;
        if (!atHome(colleague, year) || !rng.chance(0.2)) continue;
        const slot = open.includes(count - 1) && rng.chance(0.5) ? count - 1 : rng.pick(open);
        slots[slot] = colleague;
        taken.add(colleague.id);
      }
    }
    const circles = this.circlesOf(person);
    const stintIndex = person.stints.indexOf(stintAt(person, year));
    for (const slot of free()) {
      const circle = rng.chance(0.62) ? circles.at(stintIndex) : circles.outside();
      const coauthor = circle.draw(rng, taken);
      slots[slot] = coauthor;
      taken.add(coauthor.id);
    }

    const mode = affiliationMode(rng, year);
    const corresponding = rng.chance(0.7) ? 0 : count - 1;
    const authors: DraftAuthor[] = slots.map((author, index) => {
      const someone = author!;
      const affiliated = mode === "all" ? rng.chance(0.93) : mode === "first-only" && index === 0;
      const emailed =
        affiliated && index === corresponding && rng.chance(year < 2014 ? 0.35 : 0.25)
          ? emailOn(rng, someone, year)
          : undefined;
      const orcid = orcidShown(rng, someone, year) ? someone.orcid : undefined;
      return {
        person: someone,
        name: writtenName(rng, someone, year, journal),
        ...(orcid ? { orcid } : {}),
        affiliations: affiliated ? affiliationsOf(rng, someone, year, journal, emailed) : [],
        equalContribution: false,
      };
    });
    if (year >= 2012 && count >= 3 && rng.chance(0.03)) {
      authors[0]!.equalContribution = true;
      authors[1]!.equalContribution = true;
    }
    if ((kind === "research" || kind === "trial") && count >= 8 && rng.chance(0.04)) {
      authors.push({
        collectiveName: `${topic.phrase.replace(/^./, (c) => c.toUpperCase())} ${rng.pick(COLLECTIVES)}`,
        affiliations: [],
        equalContribution: false,
      });
    }
    const grants =
      kind === "research" || kind === "trial"
        ? [
            ...new Map(
              slots
                .filter((author) => author === person || rng.chance(0.15))
                .flatMap((author) => grantsCited(rng, this.awards, author!, year))
                .map((grant) => [grant.grantId, grant]),
            ).values(),
          ]
        : [];
    return {
      year,
      month: rng.int(1, 12),
      ...(rng.chance(0.6) ? { day: rng.int(1, 28) } : {}),
      journal,
      field: producer.field,
      topic,
      kind,
      authors,
      grants,
      producer: person,
    };
  }
}
