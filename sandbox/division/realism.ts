import type { FacultyPlan, NamesakePlan, People, RealismHooks } from "./people.ts";
import { Random } from "./random.ts";
import { HOME_OTHER_DEPARTMENTS, JOURNALS, OTHER_INSTITUTIONS, type Journal } from "./tables.ts";
import { ascii } from "./text.ts";

// The hard cases real MEDLINE data has and the default division spares its users: asked for with
// `realistic: true` (the disambiguation bench does). Every choice is drawn from a stream of its
// own, so that a division asked for without them stays exactly what it was.

/** The stream of the realistic division's extra choices. */
const REALISM_STREAM = 0x7ea1;

/** Share of the faculty with a namesake elsewhere who has the same first name and middle initial. */
const EXACT_NAMESAKE_ELSEWHERE = 0.3;
/** Share with a namesake of the same first name and middle initial in another department at home. */
const EXACT_NAMESAKE_AT_HOME = 0.15;
/** Share of a person's papers (and of their namesakes') in the few journals they return to. */
const IN_FAVOURITE_JOURNALS = 0.6;
/** Share of the faculty whose roster row lists where they worked before (previous_affiliations). */
const PREVIOUS_ON_ROSTER = 0.5;
/** Chance that a namesake's circle of collaborators takes one or two of their faculty member's. */
const SHARED_COLLABORATOR = 0.35;
/** Years before their hire from which the faculty's papers at their former employer are written. */
export const REALISTIC_YEARS_BEFORE_HIRE = 6;

export class Realism implements RealismHooks {
  readonly rng: Random;
  private readonly favourites = new Map<FacultyPlan, Journal[]>();
  private readonly listsPrevious = new Set<FacultyPlan>();

  constructor(seed: number) {
    this.rng = new Random(seed ^ REALISM_STREAM);
  }

  /**
   * After the faculty are planned: twins on the roster (two people with the same first and last
   * name and no middle name to split them), the journals each person returns to, and whose roster
   * row names their former employer.
   */
  planFaculty(people: People): void {
    const { rng } = this;
    const plain = people.faculty.filter(
      (member) =>
        !member.name.foreSpellings &&
        !member.name.lastSpellings &&
        !member.name.maiden &&
        !member.name.suffix &&
        !member.name.sameInstitutionNamesake,
    );
    const pairs = people.faculty.length >= 10 ? Math.max(1, Math.round(people.faculty.length / 40)) : 0;
    const shuffled = rng.shuffle(plain);
    for (let k = 0; k < pairs && shuffled.length >= 2; k++) {
      const first = shuffled.pop()!;
      const second = shuffled.pop()!;
      first.name = { ...first.name, middle: undefined, variants: [] };
      second.name = { ...first.name, namesakeCount: 0 };
      second.email = `${ascii(first.name.first)}.${ascii(first.name.last)}${k + 2}@${people.home.domain}`;
    }
    const english = JOURNALS.filter((journal) => journal.language === undefined);
    for (const member of people.faculty) {
      this.favourites.set(member, rng.shuffle(english).slice(0, rng.int(2, 3)));
      if (rng.chance(PREVIOUS_ON_ROSTER)) this.listsPrevious.add(member);
    }
  }

  /** The journal of a paper by (or mistaken for) `member`: often one of the few they return to. */
  journal(member: FacultyPlan | undefined, drawn: Journal): Journal {
    const favourites = member && this.favourites.get(member);
    if (!favourites || drawn.language !== undefined || !this.rng.chance(IN_FAVOURITE_JOURNALS)) return drawn;
    return this.rng.pick(favourites);
  }

  /** The roster's previous_affiliations cell for the member. */
  previousAffiliations(member: FacultyPlan): string {
    return this.listsPrevious.has(member) ? member.prior.name : "";
  }

  /**
   * Namesakes with the very name the member publishes under (first name and middle initial):
   * elsewhere, and now and then in another department of the home institution.
   */
  namesakes(people: People, member: FacultyPlan): NamesakePlan[] {
    const { rng } = this;
    const { name } = member;
    const foreName = name.middle ? `${name.first} ${name.middle.charAt(0)}` : name.first;
    const plans: NamesakePlan[] = [];
    if (rng.chance(EXACT_NAMESAKE_ELSEWHERE)) {
      const at = rng.pick(OTHER_INSTITUTIONS);
      plans.push({
        of: member,
        person: people.newPerson(at, rng.pick(at.departments), name.last, foreName),
        at,
        rate: 0.6 + rng.next() * 2.2,
        showsOrcid: rng.chance(0.5),
        institution: "other",
      });
    }
    if (rng.chance(EXACT_NAMESAKE_AT_HOME)) {
      plans.push({
        of: member,
        person: people.newPerson(people.home, rng.pick(HOME_OTHER_DEPARTMENTS), name.last, foreName),
        at: people.home,
        rate: 0.8 + rng.next() * 1.5,
        showsOrcid: rng.chance(0.3),
        institution: "same",
      });
    }
    return plans;
  }

  /** Whether a namesake's circle takes collaborators from their faculty member's: the same field. */
  sharesCollaborators(): boolean {
    return this.rng.chance(SHARED_COLLABORATOR);
  }
}
