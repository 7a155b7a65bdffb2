import { foldDiacritics } from "../../src/identity/names.ts";
import { elsewhere } from "./collaboration.ts";
import { DIVISION_FIELDS, field, type FieldKey, type Journal } from "./fields.ts";
import {
  drawName,
  drawSurname,
  initialsOf,
  nicknamesOf,
  sameInitialFirstName,
  type NameParts,
} from "./names.ts";
import {
  addPerson,
  DEFAULT_HABITS,
  newOrcid,
  type FacultyFacts,
  type NameHabits,
  type Person,
  type Stint,
  type Track,
  type World,
} from "./people.ts";
import { DEPARTMENTS_BY_FIELD, DIVISION_UNITS, emailLocalPart, type DivisionName } from "./places.ts";
import type { Stream } from "./random.ts";

/**
 * The roster: a division of general internal medicine with its hospital-medicine and geriatrics
 * sections. Careers are drawn first (when they started publishing, when they were hired, where
 * they were before), then names and the ways each writes theirs, then the pairs of roster members
 * whose names cannot be told apart, mentors and cohorts.
 */

const DIVISIONS: ReadonlyArray<readonly [DivisionName, number]> = [
  ["General Internal Medicine", 60],
  ["Hospital Medicine", 25],
  ["Geriatrics and Palliative Care", 15],
];

const TRACKS: Readonly<Record<DivisionName, ReadonlyArray<readonly [Track, number]>>> = {
  "General Internal Medicine": [
    ["Clinician Educator", 40],
    ["Tenure", 22],
    ["Research", 18],
    ["Clinical", 20],
  ],
  "Hospital Medicine": [
    ["Clinician Educator", 45],
    ["Tenure", 8],
    ["Research", 7],
    ["Clinical", 40],
  ],
  "Geriatrics and Palliative Care": [
    ["Clinician Educator", 40],
    ["Tenure", 20],
    ["Research", 15],
    ["Clinical", 25],
  ],
};

/** Papers a year at full stride: log-normal, so a few people write most of the papers. */
const RATES: Readonly<Record<Track, { median: number; spread: number }>> = {
  Research: { median: 4.5, spread: 0.6 },
  Tenure: { median: 3.5, spread: 0.6 },
  "Clinician Educator": { median: 0.9, spread: 0.8 },
  Clinical: { median: 0.35, spread: 0.9 },
};

function fieldFor(rng: Stream, division: DivisionName): FieldKey {
  switch (division) {
    case "Hospital Medicine":
      return rng.weighted([
        ["hospital-medicine", 7],
        ["medical-education", 3],
      ]);
    case "Geriatrics and Palliative Care":
      return rng.chance(0.8) ? "geriatrics" : "general-medicine";
    case "General Internal Medicine":
      return rng.weighted(
        DIVISION_FIELDS.filter(([key]) => key !== "hospital-medicine" && key !== "geriatrics"),
      );
  }
}

function rankFor(careerYears: number, track: Track): string {
  const base =
    careerYears < 4
      ? "Instructor"
      : careerYears < 10
        ? "Assistant Professor"
        : careerYears < 17
          ? "Associate Professor"
          : "Professor";
  return track === "Clinical" && base !== "Instructor" ? `Clinical ${base}` : base;
}

/** The journals a person favours: a handful of their field's, weighted up. */
export function favouriteJournals(
  rng: Stream,
  key: FieldKey,
  extra: ReadonlyArray<readonly [Journal, number]> = [],
): ReadonlyArray<readonly [Journal, number]> {
  const all = field(key).journals;
  const favourites = new Set(
    rng.sample(all, Math.min(all.length, rng.int(3, 6))).map(([journal]) => journal),
  );
  return [
    ...all.map(([journal, weight]) => [journal, favourites.has(journal) ? weight * 4 : weight] as const),
    ...extra,
  ];
}

function habitsFor(rng: Stream, name: NameParts, careerStart: number, toYear: number): NameHabits {
  const nicknames = nicknamesOf(name.first);
  const accented = foldDiacritics(`${name.first} ${name.last}`) !== `${name.first} ${name.last}`;
  const habits: NameHabits = {
    ...DEFAULT_HABITS,
    middle: rng.chance(0.75) ? "initial" : "full",
    dropMiddle: rng.weighted([
      [0.02, 6],
      [0.15, 3],
      [0.5, 1],
    ]),
    nicknameShare: 0,
    firstPartOnly: name.surnameParts ? rng.between(0.1, 0.3) : 0,
    hyphenated: name.surnameParts ? rng.between(0.05, 0.3) : 0,
    stripDiacritics: accented ? rng.between(0.05, 0.35) : 0,
    ...(name.heritage === "anglo" && !name.female && rng.chance(0.03) ? { suffix: "Jr" } : {}),
  };
  if (nicknames.length > 0 && rng.chance(0.3)) {
    habits.nickname = rng.pick(nicknames);
    habits.nicknameShare = rng.between(0.2, 1);
  }
  if (name.female && !name.surnameParts && careerStart < toYear - 6 && rng.chance(0.05)) {
    let maiden = drawSurname(rng, name.heritage);
    if (maiden === name.last) maiden = drawSurname(rng, "anglo");
    if (maiden !== name.last) habits.maiden = { last: maiden, until: rng.int(careerStart + 1, toYear - 3) };
  }
  return habits;
}

/** Where they were before the hire: trained at home, or one or two places elsewhere. */
function careerStints(
  world: World,
  rng: Stream,
  key: FieldKey,
  division: DivisionName,
  careerStart: number,
  hireYear: number,
): Stint[] {
  const home = {
    institution: world.home,
    department: { name: "Department of Medicine", unit: DIVISION_UNITS[division] },
  };
  const stints: Stint[] = [];
  if (careerStart < hireYear) {
    if (rng.chance(0.2)) {
      stints.push({ ...home, from: careerStart, to: hireYear - 1 });
    } else {
      const moves = hireYear - careerStart >= 6 && rng.chance(0.3) ? 2 : 1;
      let from = careerStart;
      for (let move = 0; move < moves; move++) {
        const to = move === moves - 1 ? hireYear - 1 : rng.int(from, hireYear - 2);
        stints.push({
          institution: elsewhere(rng, world.home),
          department: rng.pick(DEPARTMENTS_BY_FIELD[key]!),
          from,
          to,
        });
        from = to + 1;
      }
    }
  }
  stints.push({ ...home, from: hireYear, to: world.toYear + 10 });
  return stints;
}

function createOne(world: World, rng: Stream, index: number): Person {
  const division = rng.weighted(DIVISIONS);
  const key = fieldFor(rng, division);
  const track = rng.weighted(TRACKS[division]);
  const hireYear = world.toYear - Math.min(32, Math.floor(rng.logNormal(6, 0.9)));
  const careerStart = hireYear - (rng.chance(0.15) ? 0 : rng.int(1, rng.chance(0.25) ? 16 : 7));
  const name = drawName(rng);
  const stints = careerStints(world, rng, key, division, careerStart, hireYear);
  const started = careerStart >= 2008 ? 0.75 : careerStart >= 1998 ? 0.55 : 0.35;
  const orcid = rng.chance(started) ? newOrcid(world, rng) : undefined;
  const rate = Math.min(12, rng.logNormal(RATES[track].median, RATES[track].spread));
  const previous = stints.some((stint) => stint.institution.key !== "home");
  const month = rng.chance(0.6) ? 7 : rng.int(1, 12);
  const facts: FacultyFacts = {
    facultyId: `F${String(index + 1).padStart(3, "0")}`,
    division,
    track,
    rank: rankFor(world.toYear - careerStart, track),
    hireYear,
    hireDate: `${hireYear}-${String(month).padStart(2, "0")}-01`,
    orcidOnRoster: rng.chance(0.8),
    previousListed: previous && rng.chance(0.5),
    previousOnOrcid: rng.weighted([
      ["with-years", 2],
      ["without-years", 1],
      ["missing", 1],
    ]),
    currentOnOrcidWithYear: rng.chance(0.75),
    affiliationTerms: [],
    nameVariants: [],
    rosterMiddle: "",
    rosterLast: "",
    colleagues: [],
  };
  return addPerson(world, {
    name,
    habits: habitsFor(rng, name, careerStart, world.toYear),
    stints,
    ...(orcid ? { orcid } : {}),
    orcidOnPapers: orcid ? rng.between(0.3, 0.95) : 0,
    emailLocal: emailLocalPart(rng, name.first, name.last),
    ...(rng.chance(0.3)
      ? { personalEmail: `${emailLocalPart(rng, name.first, name.last)}${rng.int(1, 99)}@gmail.com` }
      : {}),
    field: key,
    faculty: facts,
    producer: {
      careerStart,
      careerEnd: world.toYear,
      rate,
      field: key,
      journals: favouriteJournals(rng, key),
      topics: rng.sample(field(key).topics, rng.int(2, 3)),
    },
  });
}

/**
 * Pairs of roster members the name alone cannot split: the same surname and first name, or the
 * same surname and first initial, neither with a middle name on record.
 */
function makeTwins(rng: Stream, faculty: Person[]): void {
  const pairs = faculty.length < 20 ? 1 : Math.max(2, Math.round(faculty.length / 40));
  const free = () =>
    rng.shuffle(
      faculty.filter(
        (person) => !person.faculty!.twinId && !person.name.surnameParts && !person.habits.maiden,
      ),
    );
  for (let pair = 0; pair < pairs; pair++) {
    const [first, second] = free();
    if (!first || !second) return;
    const sameName = pair % 2 === 0;
    const given = sameName ? first.name.first : sameInitialFirstName(rng, first.name);
    second.name = {
      heritage: first.name.heritage,
      female: first.name.female,
      last: first.name.last,
      first: given ?? first.name.first,
      middle: "",
    };
    first.name = { ...first.name, middle: "" };
    second.habits = {
      ...second.habits,
      firstPartOnly: 0,
      hyphenated: 0,
      stripDiacritics: first.habits.stripDiacritics,
    };
    delete second.habits.maiden;
    for (const person of [first, second]) {
      delete person.habits.nickname;
      delete person.habits.suffix;
      person.habits.nicknameShare = 0;
      person.emailLocal = emailLocalPart(rng, person.name.first, person.name.last);
    }
    if (rng.chance(0.5)) {
      second.field = first.field;
      second.producer = { ...second.producer!, field: first.field, topics: first.producer!.topics };
    }
    first.faculty!.twinId = second.faculty!.facultyId;
    second.faculty!.twinId = first.faculty!.facultyId;
  }
}

function junior(person: Person): boolean {
  return /Instructor|Assistant/.test(person.faculty!.rank);
}

function mentorsAndCohorts(world: World, rng: Stream, faculty: Person[]): void {
  const seniors = faculty.filter(
    (person) => /Associate|Professor$/.test(person.faculty!.rank) && !junior(person),
  );
  for (const person of faculty) {
    const facts = person.faculty!;
    if (junior(person) && seniors.length > 0 && rng.chance(0.55)) {
      const sameDivision = seniors.filter((senior) => senior.faculty!.division === facts.division);
      const mentor = rng.pick(sameDivision.length > 0 ? sameDivision : seniors);
      if (mentor.faculty!.twinId !== facts.facultyId) {
        facts.mentorId = mentor.faculty!.facultyId;
        facts.colleagues.push(mentor);
        mentor.faculty!.colleagues.push(person);
      }
    }
    if (junior(person) && rng.chance(0.35)) {
      const year = Math.min(world.toYear, Math.max(facts.hireYear, world.toYear - 6) + rng.int(0, 2));
      facts.cohort = `Scholars ${year}`;
      facts.programStart = `${year}-09-01`;
    }
  }
  for (const person of faculty) {
    const peers = rng
      .sample(faculty, rng.int(0, 3))
      .filter((peer) => peer !== person && peer.faculty!.facultyId !== person.faculty!.twinId);
    for (const peer of peers) {
      if (!person.faculty!.colleagues.includes(peer)) person.faculty!.colleagues.push(peer);
      if (!peer.faculty!.colleagues.includes(person)) peer.faculty!.colleagues.push(person);
    }
  }
}

/** What the roster says: its spelling of the name, variants it knows of, e-mail, affiliation terms. */
function rosterFacts(world: World, rng: Stream, person: Person, usedEmails: Set<string>): void {
  const facts = person.faculty!;
  const { name, habits } = person;
  facts.rosterLast = rng.chance(0.12) ? foldDiacritics(name.last) : name.last;
  facts.rosterMiddle =
    name.middle === ""
      ? ""
      : rng.weighted([
          [name.middle, 65],
          [initialsOf(name.middle), 20],
          ["", 15],
        ] as const);
  if (rng.chance(0.93)) {
    let local = person.emailLocal;
    for (let n = 2; usedEmails.has(local); n++) local = `${person.emailLocal}${n}`;
    usedEmails.add(local);
    person.emailLocal = local;
    facts.rosterEmail = `${local}@${world.home.domain}`;
  }
  const [memorial, va] = world.home.hospitals;
  if (!rng.chance(0.04)) {
    facts.affiliationTerms = [world.home.name];
    if (va && rng.chance(0.5)) facts.affiliationTerms.push(va);
    if (memorial && rng.chance(0.3)) facts.affiliationTerms.push(memorial);
  }
  const middle = facts.rosterMiddle === "" ? "" : ` ${facts.rosterMiddle}`;
  if (habits.nickname && rng.chance(0.5))
    facts.nameVariants.push(`${name.last}, ${habits.nickname}${middle}`);
  if (habits.maiden && rng.chance(0.6))
    facts.nameVariants.push(`${habits.maiden.last}, ${name.first}${middle}`);
  if (name.surnameParts && rng.chance(0.4))
    facts.nameVariants.push(`${name.surnameParts[0]}, ${name.first}${middle}`);
}

export function createFaculty(world: World, count: number): Person[] {
  const rng = world.stream("faculty");
  const faculty = Array.from({ length: count }, (_, index) => createOne(world, rng.fork(index), index));
  makeTwins(rng.fork("twins"), faculty);
  mentorsAndCohorts(world, rng.fork("mentors"), faculty);
  const usedEmails = new Set<string>();
  const roster = rng.fork("roster");
  for (const person of faculty) rosterFacts(world, roster, person, usedEmails);
  return faculty;
}
