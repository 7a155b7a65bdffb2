import { newCoauthor, elsewhere } from "./collaboration.ts";
import { field, type FieldKey } from "./fields.ts";
import { stintAt, type Person, type World } from "./people.ts";
import type { Institution } from "./places.ts";
import type { Stream } from "./random.ts";

/**
 * NIH (and AHRQ) awards of the faculty and of their namesakes: career awards early, research
 * project grants later, some with several PIs, some started at a previous institution and moved
 * with the PI, some renewed.
 */

export interface AwardYear {
  fiscalYear: number;
  /** 1 new, 2 renewal, 3 supplement, 5 continuation, 7 change of grantee institution. */
  applicationType: "1" | "2" | "3" | "5" | "7";
  supportYear: number;
  suffix?: string;
  institution: Institution;
  amount: number;
}

export interface Award {
  activity: string;
  institute: string;
  serial: string;
  /** e.g. "R01HL123456". */
  core: string;
  title: string;
  field: FieldKey;
  principalInvestigators: Array<{ person: Person; contact: boolean }>;
  years: AwardYear[];
}

const DURATION: Readonly<Record<string, number>> = {
  K23: 5,
  K08: 5,
  K01: 5,
  R01: 5,
  R21: 2,
  R03: 2,
  R18: 4,
  U01: 5,
  R34: 3,
};

const YEARLY_AMOUNT: Readonly<Record<string, number>> = {
  K23: 185000,
  K08: 190000,
  K01: 175000,
  R01: 520000,
  R21: 230000,
  R03: 82000,
  R18: 410000,
  U01: 860000,
  R34: 270000,
};

const AHRQ_ACTIVITIES = new Set(["R01", "R03", "R18", "K08"]);

function activityFor(rng: Stream, careerYears: number, first: boolean): string {
  if (first && careerYears <= 6 && rng.chance(0.6)) {
    return rng.weighted([
      ["K23", 5],
      ["K08", 2],
      ["K01", 1],
    ]);
  }
  return rng.weighted([
    ["R01", 5],
    ["R21", 2],
    ["R03", 1],
    ["R18", 0.8],
    ["U01", 0.6],
    ["R34", 0.6],
  ]);
}

function titleFor(rng: Stream, key: FieldKey, activity: string): string {
  const topic = rng.pick(field(key).topics).phrase;
  const population = rng.pick(field(key).populations);
  if (activity.startsWith("K"))
    return `Patient-oriented research career development in ${topic} among ${population}`;
  return rng.pick([
    `Improving ${topic} for ${population}`,
    `A pragmatic trial to reduce disparities in ${topic}`,
    `Understanding ${topic} in ${population}`,
    `Mechanisms and outcomes of ${topic}`,
    `Implementation of evidence-based ${topic} in primary care`,
  ]);
}

export interface AwardBook {
  awards: Award[];
  /** Awards by the id of each of their PIs. */
  byPerson: Map<number, Award[]>;
}

function awardCount(rng: Stream, person: Person): number {
  const track = person.faculty?.track;
  if (track === "Research") return rng.poisson(1.3);
  if (track === "Tenure") return rng.poisson(1.0);
  if (track === "Clinician Educator") return rng.poisson(0.12);
  if (track === "Clinical") return 0;
  const kind = person.namesake?.kind;
  const likely = kind === "same-field" || kind === "same-name" || kind === "home-department";
  return rng.chance(likely ? 0.3 : 0.1) ? 1 + rng.poisson(0.6) : 0;
}

function years(rng: Stream, world: World, contact: Person, activity: string, start: number): AwardYear[] {
  const result: AwardYear[] = [];
  const yearly = Math.round(YEARLY_AMOUNT[activity]! * rng.between(0.8, 1.25));
  const periods = activity === "R01" && rng.chance(0.25) ? 2 : 1;
  let fiscalYear = start;
  let supportYear = 1;
  for (let period = 0; period < periods; period++) {
    for (let year = 0; year < DURATION[activity]!; year++, fiscalYear++, supportYear++) {
      if (fiscalYear > world.toYear) return result;
      const institution = stintAt(contact, fiscalYear).institution;
      const moved = result.length > 0 && result[result.length - 1]!.institution.key !== institution.key;
      const applicationType = moved ? "7" : year > 0 ? "5" : period > 0 ? "2" : "1";
      result.push({
        fiscalYear,
        applicationType,
        supportYear,
        institution,
        amount: yearly + rng.int(-5000, 5000),
      });
      if (year === 2 && rng.chance(0.1)) {
        result.push({
          fiscalYear,
          applicationType: "3",
          supportYear,
          suffix: "S1",
          institution,
          amount: Math.round(yearly * 0.3),
        });
      }
    }
    fiscalYear += rng.int(0, 1);
  }
  return result;
}

export function createAwards(
  world: World,
  producers: readonly Person[],
  faculty: readonly Person[],
): AwardBook {
  const awards: Award[] = [];
  const byPerson = new Map<number, Award[]>();
  const serials = new Set<string>();
  const investigators = faculty.filter(
    (person) => person.faculty!.track === "Research" || person.faculty!.track === "Tenure",
  );
  for (const person of producers) {
    const rng = world.stream("awards").fork(person.id);
    const producer = person.producer!;
    const count = awardCount(rng, person);
    for (let n = 0; n < count; n++) {
      const earliest = Math.max(producer.careerStart + 2, world.fromYear - 4);
      const latest = Math.min(producer.careerEnd, world.toYear) - 1;
      if (earliest > latest) break;
      const start = rng.int(earliest, latest);
      let activity = activityFor(rng, start - producer.careerStart, n === 0);
      const institute = rng.pick(field(producer.field).institutes);
      if (institute === "HS" && !AHRQ_ACTIVITIES.has(activity)) activity = "R18";
      let serial: string;
      do serial = String(rng.int(10000, 299999)).padStart(6, "0");
      while (serials.has(`${institute}${serial}`));
      serials.add(`${institute}${serial}`);
      const pis: Award["principalInvestigators"] = [{ person, contact: true }];
      if (["R01", "U01", "R18"].includes(activity) && rng.chance(0.2)) {
        const colleagues = investigators.filter(
          (other) => other !== person && other.faculty!.twinId !== person.faculty?.facultyId,
        );
        const partner =
          person.faculty && colleagues.length > 0 && rng.chance(0.5)
            ? rng.pick(colleagues)
            : newCoauthor(world, rng, elsewhere(rng, stintAt(person, start).institution), producer.field);
        pis.push({ person: partner, contact: false });
        if (rng.chance(0.3)) pis.reverse().forEach((pi, i) => (pi.contact = i === 0));
      }
      const contact = pis.find((pi) => pi.contact)!.person;
      const award: Award = {
        activity,
        institute,
        serial,
        core: `${activity}${institute}${serial}`,
        title: titleFor(rng, producer.field, activity),
        field: producer.field,
        principalInvestigators: pis,
        years: years(rng, world, contact, activity, start),
      };
      if (award.years.length === 0) continue;
      awards.push(award);
      for (const pi of pis) byPerson.set(pi.person.id, [...(byPerson.get(pi.person.id) ?? []), award]);
    }
  }
  return { awards, byPerson };
}

/** The award's first and last fiscal years. */
export function awardSpan(award: Award): { first: number; last: number } {
  return { first: award.years[0]!.fiscalYear, last: award.years[award.years.length - 1]!.fiscalYear };
}
