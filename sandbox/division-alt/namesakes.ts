import { elsewhere } from "./collaboration.ts";
import { favouriteJournals } from "./faculty.ts";
import { field, JOURNALS, WORLD_FIELDS, type FieldKey, type Journal } from "./fields.ts";
import {
  drawFirstName,
  drawName,
  initialsOf,
  surnameCommonness,
  sameInitialFirstName,
  type NameParts,
} from "./names.ts";
import {
  addPerson,
  DEFAULT_HABITS,
  newOrcid,
  type NamesakeKind,
  type Person,
  type Stint,
  type World,
} from "./people.ts";
import {
  DEPARTMENTS_BY_FIELD,
  emailLocalPart,
  OTHER_HOME_DEPARTMENTS,
  type Department,
  type Institution,
} from "./places.ts";
import type { Stream } from "./random.ts";

/**
 * Other people a search for a faculty member's name finds. The hard ones are made on purpose: the
 * same first name and middle initial in the same field and journals; the same name in another
 * department of the home institution; someone at the faculty member's previous institution who
 * shares their co-authors there; someone whose papers give initials only. Common surnames get
 * more of every kind, as "Wang Y" and "Smith J" do in PubMed.
 */

const INITIALS_ONLY_JOURNALS: ReadonlyArray<readonly [Journal, number]> = [...JOURNALS.values()]
  .filter((journal) => journal.initialsOnly)
  .map((journal) => [journal, 3] as const);

const HOME_DEPARTMENT_FIELDS: Readonly<Record<string, FieldKey>> = {
  "Department of Surgery": "surgery",
  "Department of Radiology": "radiology",
  "Department of Pediatrics": "pediatrics",
  "Department of Psychiatry": "psychiatry",
  "Department of Epidemiology": "general-medicine",
  "Department of Neurology": "psychiatry",
  "Department of Pathology": "genomics",
  "Department of Emergency Medicine": "hospital-medicine",
  "Department of Biostatistics": "general-medicine",
  "Department of Obstetrics and Gynecology": "pediatrics",
  "Division of Cardiology": "cardiology",
  "Division of Infectious Diseases": "infectious-disease",
};

function fieldOfHomeDepartment(department: Department): FieldKey {
  return HOME_DEPARTMENT_FIELDS[department.unit ?? department.name] ?? "general-medicine";
}

/** Another middle name with the same initial as `middle` (or `middle` itself); "" stays "". */
function sameInitialMiddle(rng: Stream, base: NameParts): string {
  if (base.middle === "") return "";
  const initial = initialsOf(base.middle)[0];
  for (let tries = 0; tries < 12; tries++) {
    const other = drawFirstName(rng, base.heritage, base.female);
    if (initialsOf(other)[0] === initial && other !== base.first) return other;
  }
  return base.middle;
}

/** A middle name that does not share the faculty member's initial, or none. */
function otherMiddle(rng: Stream, base: NameParts): string {
  if (rng.chance(0.4)) return "";
  const initial = base.middle === "" ? undefined : initialsOf(base.middle)[0];
  for (let tries = 0; tries < 12; tries++) {
    const other = drawFirstName(rng, base.heritage, base.female);
    if (initialsOf(other)[0] !== initial && other !== base.first) return other;
  }
  return "";
}

function nameFor(rng: Stream, kind: NamesakeKind, of: Person): NameParts | undefined {
  const base = of.name;
  const shared = { heritage: base.heritage, female: base.female, last: base.last };
  switch (kind) {
    case "same-field":
      return { ...shared, first: base.first, middle: sameInitialMiddle(rng, base) };
    case "same-name":
      return { ...shared, first: base.first, middle: otherMiddle(rng, base) };
    case "home-department":
      return {
        ...shared,
        first: base.first,
        middle: rng.chance(0.4) ? sameInitialMiddle(rng, base) : otherMiddle(rng, base),
      };
    case "initials":
    case "previous-institution": {
      const first = rng.chance(0.5) ? base.first : (sameInitialFirstName(rng, base) ?? base.first);
      return {
        ...shared,
        first,
        middle: rng.chance(0.5) ? sameInitialMiddle(rng, base) : otherMiddle(rng, base),
      };
    }
    case "same-initial": {
      const female = rng.chance(0.5);
      const first = sameInitialFirstName(rng, { ...base, female });
      if (!first) return undefined;
      const drawn = drawName(rng, { heritage: base.heritage, female });
      return { ...shared, female, first, middle: drawn.middle };
    }
  }
}

function placeFor(
  world: World,
  rng: Stream,
  kind: NamesakeKind,
  of: Person,
  start: number,
  end: number,
  key: FieldKey,
): Stint[] {
  if (kind === "home-department") {
    return [{ institution: world.home, department: rng.pick(OTHER_HOME_DEPARTMENTS), from: start, to: end }];
  }
  if (kind === "previous-institution") {
    const previous = of.stints.find((stint) => stint.institution.key !== "home")!;
    return [
      {
        institution: previous.institution,
        department: rng.chance(0.5) ? previous.department : rng.pick(DEPARTMENTS_BY_FIELD[key]!),
        from: start,
        to: end,
      },
    ];
  }
  const department = rng.pick(DEPARTMENTS_BY_FIELD[key]!);
  const first: Institution = elsewhere(rng, world.home);
  if (end - start >= 6 && rng.chance(0.2)) {
    const move = rng.int(start + 2, end - 2);
    return [
      { institution: first, department, from: start, to: move },
      { institution: elsewhere(rng, world.home), department, from: move + 1, to: end },
    ];
  }
  return [{ institution: first, department, from: start, to: end }];
}

function careerFor(
  world: World,
  rng: Stream,
  kind: NamesakeKind,
  of: Person,
): { start: number; end: number } {
  const own = of.producer!;
  if (kind === "same-field")
    return { start: rng.int(own.careerStart - 8, own.careerStart + 6), end: world.toYear };
  if (kind === "previous-institution") {
    const previous = of.stints.find((stint) => stint.institution.key !== "home")!;
    return {
      start: previous.from - rng.int(0, 6),
      end: Math.min(world.toYear, previous.to + rng.int(3, 15)),
    };
  }
  const start = rng.int(world.fromYear - 20, world.toYear - 3);
  return { start, end: rng.chance(0.8) ? world.toYear : rng.int(start + 2, world.toYear) };
}

/**
 * An institution gives no two people one address: a namesake where a faculty member works (or
 * worked) with the address the faculty member has there gets a numbered one, as mail systems do.
 */
function distinctAddress(world: World, stints: readonly Stint[], local: string): string {
  const taken = new Set(
    world.people
      .filter(
        (person) =>
          person.faculty &&
          person.stints.some((stint) => stints.some((own) => own.institution.key === stint.institution.key)),
      )
      .map((person) => person.emailLocal),
  );
  let address = local;
  for (let n = 2; taken.has(address); n++) address = `${local}${n}`;
  return address;
}

function createNamesake(world: World, rng: Stream, kind: NamesakeKind, of: Person): Person | undefined {
  const name = nameFor(rng, kind, of);
  if (!name) return undefined;
  const { start, end } = careerFor(world, rng, kind, of);
  const key: FieldKey =
    kind === "same-field" || (kind === "previous-institution" && rng.chance(0.6))
      ? of.field
      : kind === "home-department"
        ? "general-medicine"
        : rng.weighted(WORLD_FIELDS);
  const stints = placeFor(world, rng, kind, of, start, end, key);
  const ownField = kind === "home-department" ? fieldOfHomeDepartment(stints[0]!.department) : key;
  const sharedJournals =
    kind === "same-field"
      ? of
          .producer!.journals.filter(([, weight]) => weight > 2)
          .map(([journal, weight]) => [journal, weight] as const)
      : [];
  const journals = favouriteJournals(rng, ownField, [
    ...sharedJournals,
    ...(kind === "initials" ? INITIALS_ONLY_JOURNALS : []),
  ]);
  const hasOrcid = rng.chance(start >= 2000 ? 0.65 : 0.45);
  return addPerson(world, {
    name,
    habits: {
      ...DEFAULT_HABITS,
      middle: rng.chance(0.75) ? "initial" : "full",
      initialsOnly: kind === "initials" ? 0.75 : 0,
    },
    stints,
    ...(hasOrcid
      ? { orcid: newOrcid(world, rng), orcidOnPapers: rng.between(0.2, 0.9) }
      : { orcidOnPapers: 0 }),
    emailLocal: distinctAddress(world, stints, emailLocalPart(rng, name.first, name.last)),
    field: ownField,
    namesake: { of, kind },
    producer: {
      careerStart: start,
      careerEnd: end,
      rate: Math.min(10, rng.logNormal(kind === "initials" ? 1.2 : 1.6, 0.8)),
      field: ownField,
      journals,
      topics:
        kind === "same-field" ? [...of.producer!.topics] : rng.sample(field(ownField).topics, rng.int(2, 3)),
    },
  });
}

export function createNamesakes(world: World, faculty: readonly Person[]): Person[] {
  const namesakes: Person[] = [];
  for (const person of faculty) {
    const rng = world.stream("namesakes").fork(person.faculty!.facultyId);
    const shortGiven = person.name.heritage === "chinese" || person.name.heritage === "korean" ? 1.3 : 1;
    const common = surnameCommonness(person.name.last) * shortGiven;
    const kinds: NamesakeKind[] = [];
    if (rng.chance(Math.min(0.8, 0.18 * common))) kinds.push("same-field");
    for (let n = rng.poisson(0.3 * common); n > 0; n--) kinds.push("same-name");
    if (rng.chance(Math.min(0.35, 0.05 * common))) kinds.push("home-department");
    if (rng.chance(Math.min(0.4, 0.1 * common))) kinds.push("initials");
    if (person.stints.some((stint) => stint.institution.key !== "home") && rng.chance(0.2))
      kinds.push("previous-institution");
    for (let n = rng.poisson(0.35 * common); n > 0; n--) kinds.push("same-initial");
    kinds.forEach((kind, index) => {
      const namesake = createNamesake(world, rng.fork(index), kind, person);
      if (namesake) namesakes.push(namesake);
    });
  }
  return namesakes;
}
