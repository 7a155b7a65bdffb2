import { DEPARTMENTS_BY_FIELD, OTHER_INSTITUTIONS, US_INSTITUTIONS, type Institution } from "./places.ts";
import { WORLD_FIELDS, type FieldKey } from "./fields.ts";
import { drawName } from "./names.ts";
import { emailLocalPart } from "./places.ts";
import { addPerson, DEFAULT_HABITS, newOrcid, type Person, type World } from "./people.ts";
import type { Stream } from "./random.ts";

/**
 * Who writes with whom. Each author keeps circles of co-authors: one per place they work (the
 * lab group, the department) and one of collaborators elsewhere. A circle grows by preferential
 * attachment, as a Pitman-Yor process: a co-author already in it comes back in proportion to how
 * often they have written with the author, and new ones keep joining at a rate that slows as the
 * circle grows but never stops. A few frequent co-authors and a long tail of one-off ones, as in
 * real author lists (a prolific author has hundreds of distinct co-authors).
 */
export class Circle {
  readonly members: Array<{ person: Person; uses: number }> = [];
  private total = 0;

  constructor(
    /** Larger: more new faces early on. */
    private readonly concentration: number,
    /** Between 0 and 1; larger: more new faces for ever (the tail of one-off co-authors). */
    private readonly discount: number,
    private readonly recruit: () => Person,
  ) {}

  /** Someone not in `exclude`, returning or new. */
  draw(rng: Stream, exclude: ReadonlySet<number>): Person {
    for (let tries = 0; tries < 8; tries++) {
      const chosen = this.choose(rng);
      if (chosen === undefined) break;
      if (!exclude.has(chosen.person.id)) {
        chosen.uses++;
        this.total++;
        return chosen.person;
      }
    }
    const fresh = { person: this.recruit(), uses: 1 };
    this.members.push(fresh);
    this.total++;
    return fresh.person;
  }

  /** Seeds the circle with people from elsewhere (a shared lab), as if they had written together. */
  adopt(person: Person, uses: number): void {
    if (uses < 1 || this.members.some((member) => member.person.id === person.id)) return;
    this.members.push({ person, uses });
    this.total += uses;
  }

  /** A returning member, or undefined for someone new. */
  private choose(rng: Stream): { person: Person; uses: number } | undefined {
    const { concentration, discount, members, total } = this;
    const fresh = (concentration + discount * members.length) / (concentration + total);
    if (members.length === 0 || rng.chance(fresh)) return undefined;
    let point = rng.float() * (total - discount * members.length);
    for (const member of members) {
      point -= member.uses - discount;
      if (point < 0) return member;
    }
    return members[members.length - 1]!;
  }
}

/** A co-author who works at `institution` in a department of `field` for the whole span. */
export function newCoauthor(world: World, rng: Stream, institution: Institution, field: FieldKey): Person {
  const name = drawName(rng);
  const department = rng.pick(DEPARTMENTS_BY_FIELD[field] ?? DEPARTMENTS_BY_FIELD["general-medicine"]!);
  const hasOrcid = rng.chance(0.3);
  return addPerson(world, {
    name,
    habits: {
      ...DEFAULT_HABITS,
      middle: rng.chance(0.8) ? "initial" : "full",
      dropMiddle: rng.chance(0.8) ? 0.03 : 0.3,
    },
    stints: [{ institution, department, from: 1900, to: 2100 }],
    ...(hasOrcid
      ? { orcid: newOrcid(world, rng), orcidOnPapers: rng.between(0.2, 0.8) }
      : { orcidOnPapers: 0 }),
    emailLocal: emailLocalPart(rng, name.first, name.last),
    field,
  });
}

/** Somewhere other than `here`: mostly in the US, a fifth abroad. */
export function elsewhere(rng: Stream, here: Institution): Institution {
  const pool = rng.chance(0.8) ? US_INSTITUTIONS : OTHER_INSTITUTIONS;
  for (;;) {
    const chosen = rng.pick(pool);
    if (chosen.key !== here.key) return chosen;
  }
}

/** The circles of one author: one per stint (by index) and one for collaborators elsewhere. */
export class Circles {
  private readonly local = new Map<number, Circle>();
  private external?: Circle;

  constructor(
    private readonly world: World,
    private readonly author: Person,
    private readonly rng: Stream,
  ) {}

  at(stintIndex: number): Circle {
    let circle = this.local.get(stintIndex);
    if (!circle) {
      const stint = this.author.stints[stintIndex]!;
      const field = this.author.field;
      circle = new Circle(4, 0.5, () => {
        const person = newCoauthor(this.world, this.rng, stint.institution, this.fieldNearby(field));
        // Half the lab works in the author's own department.
        if (this.rng.chance(0.5)) person.stints[0] = { ...person.stints[0]!, department: stint.department };
        return person;
      });
      this.local.set(stintIndex, circle);
    }
    return circle;
  }

  outside(): Circle {
    this.external ??= new Circle(6, 0.6, () => {
      const here = this.author.stints[0]!.institution;
      return newCoauthor(
        this.world,
        this.rng,
        elsewhere(this.rng, here),
        this.fieldNearby(this.author.field),
      );
    });
    return this.external;
  }

  /** Mostly their own field; now and then a biostatistician, an epidemiologist, a specialist. */
  private fieldNearby(field: FieldKey): FieldKey {
    return this.rng.chance(0.75) ? field : this.rng.weighted(WORLD_FIELDS);
  }
}
