import { orcidCheckCharacter } from "../../src/identity/orcid.ts";
import type { FieldKey, Journal, Topic } from "./fields.ts";
import type { NameParts } from "./names.ts";
import type { Institution, Placement } from "./places.ts";
import type { Stream } from "./random.ts";

/**
 * Everyone in the alternative division's world: the roster's faculty, their namesakes, and the
 * co-authors of both. Each is one person with one name history, so the same co-author is written
 * the same way on every paper and can be counted on (or be confused) as in real data.
 */

/** A span of years (inclusive) someone spends at one place. */
export interface Stint extends Placement {
  from: number;
  to: number;
}

export interface NameHabits {
  /** How the middle name is written when it is: its initial ("John A") or spelled out. */
  middle: "initial" | "full";
  /** Share of papers whose record leaves the middle initial off. */
  dropMiddle: number;
  /** A familiar form of the first name, and the share of papers written with it. */
  nickname?: string;
  nicknameShare: number;
  /** The surname before a marriage, written on papers up to `until` (inclusive). */
  maiden?: { last: string; until: number };
  /** For a two-part surname: shares of papers with the first part alone, and hyphenated. */
  firstPartOnly: number;
  hyphenated: number;
  /** Share of papers whose publisher dropped the diacritics. */
  stripDiacritics: number;
  /** Share of papers with the given names as initials only, beyond the journals that always do. */
  initialsOnly: number;
  suffix?: string;
}

export type Track = "Tenure" | "Research" | "Clinician Educator" | "Clinical";

export interface FacultyFacts {
  facultyId: string;
  division: string;
  track: Track;
  rank: string;
  hireYear: number;
  hireDate: string;
  rosterEmail?: string;
  /** The ORCID iD is on the roster (people with one do not always give it). */
  orcidOnRoster: boolean;
  mentorId?: string;
  cohort?: string;
  programStart?: string;
  /** A roster member whose name fits this one's equally (see `twins` in faculty.ts). */
  twinId?: string;
  /** Their previous institutions are on the roster (`previous_affiliations`). */
  previousListed: boolean;
  /** How their previous positions show on their ORCID record. */
  previousOnOrcid: "with-years" | "without-years" | "missing";
  currentOnOrcidWithYear: boolean;
  affiliationTerms: string[];
  nameVariants: string[];
  /** How the roster writes the middle name. */
  rosterMiddle: string;
  rosterLast: string;
  /** Division colleagues they write with: mentor, mentees, a few peers. */
  colleagues: Person[];
}

export type NamesakeKind =
  "same-field" | "same-name" | "home-department" | "initials" | "previous-institution" | "same-initial";

export interface ProducerFacts {
  /** First and last year of their publishing life. */
  careerStart: number;
  careerEnd: number;
  /** Papers a year at full stride. */
  rate: number;
  field: FieldKey;
  journals: ReadonlyArray<readonly [Journal, number]>;
  topics: readonly Topic[];
}

export interface Person {
  id: number;
  name: NameParts;
  habits: NameHabits;
  stints: Stint[];
  orcid?: string;
  /** Highest share of their papers, from 2014 on, whose record carries their ORCID iD. */
  orcidOnPapers: number;
  /** Their institutional e-mail local part; the domain is each stint's. */
  emailLocal: string;
  /** A personal address some of them give instead of the institutional one. */
  personalEmail?: string;
  field: FieldKey;
  faculty?: FacultyFacts;
  producer?: ProducerFacts;
  namesake?: { of: Person; kind: NamesakeKind };
}

export const DEFAULT_HABITS: NameHabits = {
  middle: "initial",
  dropMiddle: 0.05,
  nicknameShare: 0,
  firstPartOnly: 0,
  hyphenated: 0,
  stripDiacritics: 0.1,
  initialsOnly: 0,
};

export interface World {
  stream: (label: string) => Stream;
  home: Institution;
  fromYear: number;
  toYear: number;
  people: Person[];
  usedOrcids: Set<string>;
}

export function addPerson(world: World, person: Omit<Person, "id">): Person {
  const added = { ...person, id: world.people.length };
  world.people.push(added);
  return added;
}

/** Where someone was in a year: the stint covering it, else the nearest one. */
export function stintAt(person: Person, year: number): Stint {
  const covering = person.stints.find((stint) => stint.from <= year && year <= stint.to);
  if (covering) return covering;
  return year < person.stints[0]!.from ? person.stints[0]! : person.stints[person.stints.length - 1]!;
}

/** A new ORCID iD with a valid check character, in the ranges ORCID issues (0000-0001..3, 0009). */
export function newOrcid(world: World, rng: Stream): string {
  for (;;) {
    const block = rng.weighted([
      ["00000001", 3],
      ["00000002", 4],
      ["00000003", 3],
      ["00090001", 1],
    ] as const);
    const digits = `${block}${String(rng.int(0, 9999999)).padStart(7, "0")}`;
    const id = `${digits}${orcidCheckCharacter(digits)}`.replace(
      /^(\d{4})(\d{4})(\d{4})(\d{3}[\dX])$/,
      "$1-$2-$3-$4",
    );
    if (!world.usedOrcids.has(id)) {
      world.usedOrcids.add(id);
      return id;
    }
  }
}
