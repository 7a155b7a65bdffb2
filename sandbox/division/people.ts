import { de, en, es, vi, type Faker, type LocaleDefinition } from "@faker-js/faker";
import { orcidCheckCharacter } from "../../src/identity/orcid.ts";
import type { PubmedAuthor, PubmedGrant } from "../../src/sources/pubmed/types.ts";
import type { Random, Stream } from "./random.ts";
import {
  COMMON_SURNAMES,
  HOME_CITIES,
  HOME_NAMES,
  HOME_OTHER_DEPARTMENTS,
  NIH_INSTITUTES,
  OTHER_INSTITUTIONS,
  PROGRAM_YEAR,
  SPECIAL_NAMES,
  type Institution,
  type Journal,
  type SpecialName,
} from "./tables.ts";
import { ascii, initialsOf, withoutAccents } from "./text.ts";
import type { RosterRow } from "./types.ts";

// The people: the faculty, the people they write with, and their namesakes.

export type Role = "full" | "associate" | "cohort" | "late";

export type Track = "clinician-educator" | "clinician-investigator" | "research";

export interface Person {
  lastName: string;
  foreName: string;
  suffix?: string;
  orcid?: string;
  affiliation: string;
}

export interface FacultyPlan {
  id: string;
  name: SpecialName;
  role: Role;
  track: Track;
  hireYear: number;
  hireMonth: number;
  programStartYear?: number;
  mentorId?: string;
  orcid?: string;
  email: string;
  /** Articles a year this person leads, before the program. */
  rate: number;
  prior: Institution;
  va: boolean;
  grants: PubmedGrant[];
}

export interface NamesakePlan {
  /** The faculty member they are mistaken for. */
  of: FacultyPlan;
  person: Person;
  /** Where they work: their circle of collaborators is drawn partly from there. */
  at: Institution;
  rate: number;
  showsOrcid: boolean;
  institution: "same" | "other";
}

/**
 * The hard cases of real data a realistic division adds (realism.ts implements them; declared
 * here so that the people need not import it).
 */
export interface RealismHooks {
  /** The journal of a paper by (or mistaken for) `member`. */
  journal(member: FacultyPlan | undefined, drawn: Journal): Journal;
  /** The roster's previous_affiliations cell for the member. */
  previousAffiliations(member: FacultyPlan): string;
  /** Namesakes beyond the default ones. */
  namesakes(people: People, member: FacultyPlan): NamesakePlan[];
  /** Whether a namesake's circle takes collaborators from their faculty member's. */
  sharesCollaborators(): boolean;
}

/** Whose circle of collaborators an article's outside co-authors come from. */
export type CircleOwner = FacultyPlan | NamesakePlan;

export type HomeInstitution = Institution & {
  hospital: string;
  short: string;
  domain: string;
  zip: string;
  stateName: string;
};

/** The home institution: the name given or a fictional one, and a fictional city. */
export function homeInstitution(rng: Random, institution: string | undefined): HomeInstitution {
  const name = institution ?? rng.pick(HOME_NAMES);
  const [city, region, stateName, zip] = rng.pick(HOME_CITIES);
  const stem =
    name
      .replace(/\b(University|College|of|the|The|School|Medicine|Medical|Center|Institute)\b/g, "")
      .trim() || name;
  return {
    name,
    city,
    region,
    stateName,
    zip,
    country: "USA",
    departments: HOME_OTHER_DEPARTMENTS,
    locale: en,
    hospital: `${stem} Memorial Hospital`,
    short: name.replace("University", "Univ.").replace("College", "Coll."),
    domain: `${ascii(stem) || "institution"}.edu`,
  };
}

export function externalAffiliation(institution: Institution, department: string): string {
  const country =
    institution.country === "USA"
      ? `${institution.region}, USA`
      : `${institution.region}, ${institution.country}`;
  return `Department of ${department}, ${institution.name}, ${institution.city}, ${country}.`;
}

/** The division's people and the PubMed author entries they make, all drawn from the main stream. */
export class People {
  /** Every PubMed choice but those made by the later passes, each of which has a stream of its own. */
  readonly rng: Random;
  readonly faculty: FacultyPlan[] = [];
  private readonly usedOrcids = new Set<string>();
  /** Stand-ins for outside co-authors, replaced by drawOutsideCoauthors (see fillPools). */
  readonly outsidePlaceholders: Person[] = [];
  readonly homePool: Person[] = [];
  readonly namesakePlans: NamesakePlan[] = [];

  constructor(
    private readonly main: Stream,
    readonly home: HomeInstitution,
    private readonly facultyCount: number,
    /** The hard cases of real data, when the division is asked to be realistic. */
    readonly realism?: RealismHooks,
  ) {
    this.rng = main.rng;
  }

  private faker(locale: LocaleDefinition): Faker {
    return this.main.faker(locale);
  }

  private newOrcid(rng: Random = this.rng): string {
    for (;;) {
      const digits = `000${rng.int(1, 3)}${String(rng.int(0, 99_999_999_999)).padStart(11, "0")}`;
      const orcid = `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 15)}${orcidCheckCharacter(digits)}`;
      if (!this.usedOrcids.has(orcid)) {
        this.usedOrcids.add(orcid);
        return orcid;
      }
    }
  }

  planFaculty(): void {
    const n = this.facultyCount;
    const seniors = n >= 2 ? Math.max(1, Math.round(n * 0.22)) : 0;
    const cohort = Math.max(n >= 2 ? 1 : n, Math.round(n * 0.66));
    const roles: Role[] = [];
    for (let i = 0; i < seniors; i++) roles.push(i < Math.ceil(seniors / 3) ? "full" : "associate");
    for (let i = 0; i < cohort && roles.length < n; i++) roles.push("cohort");
    while (roles.length < n) roles.push("late");
    const assigned = this.rng.shuffle(roles);

    const names = this.facultyNames(n);
    const emails = new Set<string>();
    for (let i = 0; i < n; i++) {
      const name = names[i]!;
      const role = assigned[i]!;
      const track: Track =
        role === "full" || role === "associate"
          ? this.rng.weighted([
              ["clinician-investigator", 2],
              ["research", 1],
              ["clinician-educator", 1],
            ] as const)
          : this.rng.weighted([
              ["clinician-educator", 11],
              ["clinician-investigator", 6],
              ["research", 3],
            ] as const);
      const hireYear =
        role === "full"
          ? this.rng.int(1995, 2004)
          : role === "associate"
            ? this.rng.int(2000, 2010)
            : role === "cohort"
              ? this.rng.int(2005, PROGRAM_YEAR - 1)
              : this.rng.int(PROGRAM_YEAR + 1, PROGRAM_YEAR + 4);
      const programStartYear =
        role === "cohort" ? PROGRAM_YEAR : role === "late" && hireYear <= 2015 ? 2015 : undefined;
      let email = `${ascii(name.first)}.${ascii(name.last)}@${this.home.domain}`;
      for (let k = 2; emails.has(email); k++)
        email = `${ascii(name.first)}.${ascii(name.last)}${k}@${this.home.domain}`;
      emails.add(email);
      const trackRate = track === "research" ? 1.8 : track === "clinician-investigator" ? 1.2 : 0.7;
      const roleRate = role === "full" || role === "associate" ? 1.5 : 0.45;
      // Output is skewed: a few people write most of a division's papers.
      const rate = roleRate * trackRate * Math.exp(0.7 * this.rng.normal() - 0.25);
      this.faculty.push({
        id: `F${String(i + 1).padStart(3, "0")}`,
        name,
        role,
        track,
        hireYear,
        // Most appointments start with the academic year.
        hireMonth: this.rng.weighted([
          [7, 6],
          [8, 1],
          [9, 1],
          [1, 1],
        ] as const),
        programStartYear,
        orcid: this.rng.chance(0.67) ? this.newOrcid() : undefined,
        email,
        rate,
        prior: this.rng.pick(OTHER_INSTITUTIONS),
        va: this.rng.chance(0.2),
        grants: track === "clinician-educator" ? [] : this.grantsFor(track),
      });
    }
    const mentors = this.rng.shuffle(this.faculty.filter((f) => f.role === "full" || f.role === "associate"));
    let next = 0;
    for (const member of this.faculty) {
      if (member.programStartYear !== undefined && mentors.length > 0) {
        member.mentorId = mentors[next++ % mentors.length]!.id;
      }
    }
  }

  private grantsFor(track: Track): PubmedGrant[] {
    const count = track === "research" ? 2 : 1;
    return Array.from({ length: count }, () => {
      const [acronym, agency] = this.rng.pick(NIH_INSTITUTES);
      const mechanism = this.rng.pick(["K23", "K08", "R01", "R03", "R21", "K24"]);
      return {
        grantId: `${mechanism} ${acronym}${String(this.rng.int(0, 159_999)).padStart(6, "0")}`,
        acronym,
        agency,
        country: "United States",
      };
    });
  }

  private facultyNames(n: number): SpecialName[] {
    const names: SpecialName[] = SPECIAL_NAMES.slice(0, n);
    const taken = new Set(names.map((name) => `${name.last}|${name.first}`));
    const faker = this.faker(en);
    while (names.length < n) {
      const last = this.rng.chance(0.12) ? this.rng.pick(COMMON_SURNAMES) : faker.person.lastName();
      const first = faker.person.firstName();
      if (taken.has(`${last}|${first}`)) continue;
      taken.add(`${last}|${first}`);
      const middle = this.rng.chance(0.55)
        ? this.rng.chance(0.35)
          ? faker.person.firstName().charAt(0)
          : faker.person.middleName()
        : undefined;
      const variants = middle && this.rng.chance(0.3) ? [`${last}, ${first}`] : [];
      const common = COMMON_SURNAMES.includes(last);
      names.push({
        last,
        first,
        middle,
        variants,
        namesakeCount: common ? 2 : this.rng.chance(0.15) ? 1 : 0,
      });
    }
    return names;
  }

  /** The faculty member's name as printed on an article of `year`. */
  private printedName(
    member: FacultyPlan,
    year: number,
    rng: Random = this.rng,
  ): { lastName: string; foreName: string; suffix?: string } {
    const { name } = member;
    let lastName = name.lastSpellings ? rng.weighted(name.lastSpellings) : name.last;
    if (name.maiden) {
      const { marriedIn } = name.maiden;
      if (year < marriedIn) lastName = name.maiden.name;
      else if (year === marriedIn) lastName = rng.pick([name.maiden.name, name.maiden.hyphenated, name.last]);
      else if (rng.chance(0.15)) lastName = name.maiden.hyphenated;
    }
    let foreName: string;
    if (name.foreSpellings) foreName = rng.weighted(name.foreSpellings);
    else if (name.middle) {
      foreName = rng.weighted([
        [`${name.first} ${name.middle.charAt(0)}`, 5],
        [`${name.first} ${name.middle}`, name.middle.length > 1 ? 2 : 0],
        [name.first, 3],
      ] as const);
    } else foreName = name.first;
    const suffix = name.suffix && rng.chance(0.7) ? name.suffix : undefined;
    return { lastName, foreName, suffix };
  }

  private homeAffiliation(member?: FacultyPlan, rng: Random = this.rng): string {
    const h = this.home;
    const variant = rng.weighted([
      [0, 35],
      [1, 20],
      [2, 15],
      [3, 8],
      [4, 12],
      [5, 10],
      [6, member?.va ? 15 : 0],
    ] as const);
    switch (variant) {
      case 0:
        return `Division of General Internal Medicine, Department of Medicine, ${h.name} School of Medicine, ${h.city}, ${h.region}, USA.`;
      case 1:
        return `Division of General Internal Medicine, ${h.name}, ${h.city}, ${h.stateName}, USA.`;
      case 2:
        return `Department of Medicine, ${h.hospital}, ${h.city}, ${h.region} ${h.zip}, USA.`;
      case 3:
        // Abbreviated: an institution-name search misses it, a city search does not.
        return `Section of General Medicine, ${h.short} Sch. of Med., ${h.city}, ${h.region}.`;
      case 4:
        return `Section of General Internal Medicine, ${h.name} Medical Center, ${h.city}, ${h.region}.`;
      case 5:
        return `Center for Health Services Research, ${h.name}, ${h.city}, ${h.region}, USA. ${member?.email ?? ""}`.trim();
      default:
        return `${h.city} VA Medical Center, ${h.city}, ${h.region}, USA.`;
    }
  }

  rosterRow(member: FacultyPlan): RosterRow {
    const h = this.home;
    const terms = [h.name, h.hospital, h.city, ...(member.va ? [`${h.city} VA Medical Center`] : [])];
    return {
      faculty_id: member.id,
      last_name: member.name.last,
      first_name: member.name.first,
      middle_name: member.name.middle ?? "",
      orcid: member.orcid ?? "",
      email: member.email,
      rank:
        member.role === "full"
          ? "full professor"
          : member.role === "associate"
            ? "associate professor"
            : "assistant professor",
      track: member.track,
      division: "General Internal Medicine",
      hire_date: `${member.hireYear}-${String(member.hireMonth).padStart(2, "0")}-01`,
      program_start: member.programStartYear === undefined ? "" : `${member.programStartYear}-07-01`,
      mentor_id: member.mentorId ?? "",
      cohort: member.programStartYear === undefined ? "" : `mentoring-${member.programStartYear}`,
      affiliation_terms: terms.join(";"),
      name_variants: member.name.variants.join(";"),
      reporter_profile_id: "",
      previous_affiliations: this.realism?.previousAffiliations(member) ?? "",
    };
  }

  /**
   * People from other departments of the home institution, whom the whole division writes with;
   * and stand-ins for the co-authors from outside it. Those are still made and drawn from the main
   * stream, as before people had circles of collaborators, so that every later choice of the
   * stream (and with it every PMID and title of a seed) stays as it was; drawOutsideCoauthors then
   * puts the real ones in their places.
   */
  fillPools(): void {
    const placeholderCount = 40 + 4 * this.facultyCount;
    for (let i = 0; i < placeholderCount; i++) {
      const institution = this.rng.pick(OTHER_INSTITUTIONS);
      this.outsidePlaceholders.push(this.newPerson(institution, this.rng.pick(institution.departments)));
    }
    for (let i = 0; i < 10 + Math.ceil(this.facultyCount / 5); i++) {
      this.homePool.push(this.newPerson(this.home, this.rng.pick(HOME_OTHER_DEPARTMENTS)));
    }
  }

  newPerson(
    institution: Institution,
    department: string,
    lastName?: string,
    foreName?: string,
    stream: Stream = this.main,
  ): Person {
    const { rng } = stream;
    // US institutions have international staff; elsewhere names follow the country.
    const locale =
      institution.country === "USA"
        ? rng.weighted([
            [en, 8],
            [es, 1],
            [vi, 1],
            [de, 1],
          ] as const)
        : institution.locale;
    const faker = stream.faker(locale);
    const first = foreName ?? faker.person.firstName();
    const withMiddle =
      foreName === undefined && rng.chance(0.4) ? `${first} ${faker.person.firstName().charAt(0)}` : first;
    return {
      lastName: lastName ?? faker.person.lastName(),
      foreName: withMiddle,
      suffix: rng.chance(0.02) ? rng.pick(["Jr", "III"]) : undefined,
      orcid: rng.chance(0.35) ? this.newOrcid(rng) : undefined,
      affiliation:
        institution === this.home
          ? `Department of ${department}, ${this.home.name} School of Medicine, ${this.home.city}, ${this.home.region}, USA.`
          : externalAffiliation(institution, department),
    };
  }

  employed(member: FacultyPlan, year: number): boolean {
    return member.hireYear <= year;
  }

  facultyAuthor(member: FacultyPlan, year: number, rng: Random = this.rng): PubmedAuthor {
    const printed = this.printedName(member, year, rng);
    // ORCID iDs reached PubMed records from 2013 on, and were given more often each year.
    const orcidChance = Math.min(0.8, Math.max(0, (year - 2012) * 0.1));
    const affiliations = this.employed(member, year)
      ? [
          this.homeAffiliation(member, rng),
          ...(rng.chance(0.1)
            ? [`${this.home.city} VA Medical Center, ${this.home.city}, ${this.home.region}, USA.`]
            : []),
        ]
      : [externalAffiliation(member.prior, rng.pick(member.prior.departments))];
    return {
      lastName: printed.lastName,
      foreName: printed.foreName,
      initials: initialsOf(printed.foreName),
      suffix: printed.suffix,
      orcid: member.orcid && rng.chance(orcidChance) ? member.orcid : undefined,
      affiliations,
      equalContribution: false,
      valid: true,
    };
  }

  personAuthor(person: Person, year: number, orcidChance = 0.5, rng: Random = this.rng): PubmedAuthor {
    return {
      lastName: person.lastName,
      foreName: person.foreName,
      initials: initialsOf(person.foreName),
      suffix: person.suffix,
      orcid: person.orcid && year >= 2013 && rng.chance(orcidChance) ? person.orcid : undefined,
      affiliations: [person.affiliation],
      equalContribution: false,
      valid: true,
    };
  }

  namesakesFor(member: FacultyPlan, index: number): NamesakePlan[] {
    const { name } = member;
    const plans: NamesakePlan[] = [];
    const count = name.namesakeCount ?? 0;
    const initial = name.first.charAt(0);
    const faker = this.faker(en);
    for (let k = 0; k < count; k++) {
      const institution = this.rng.pick(OTHER_INSTITUTIONS);
      const style = this.rng.weighted([
        ["same", 3],
        ["initial", 5],
        ["longer", 2],
      ] as const);
      let foreName = name.first;
      if (style !== "same") {
        for (let tries = 0; tries < 40; tries++) {
          const candidate = this.faker(institution.locale).person.firstName();
          if (ascii(candidate).charAt(0) === ascii(initial) && candidate !== name.first) {
            foreName = candidate;
            break;
          }
        }
      }
      if (style === "longer") foreName = `${foreName} ${faker.person.firstName().charAt(0)}`;
      else if (name.middle && this.rng.chance(0.5)) foreName = `${foreName} ${name.middle.charAt(0)}`;
      // Other databases and publishers drop accents: "Nunez" at another university still matches.
      const lastName = this.rng.chance(0.5) ? withoutAccents(name.last) : name.last;
      plans.push({
        of: member,
        person: this.newPerson(institution, this.rng.pick(institution.departments), lastName, foreName),
        at: institution,
        rate: 0.6 + this.rng.next() * 2.2,
        showsOrcid: this.rng.chance(0.5),
        institution: "other",
      });
    }
    // Someone with the same name down the corridor: the affiliation does not tell them apart.
    if (
      name.sameInstitutionNamesake ||
      (index === 0 && !this.faculty.some((f) => f.name.sameInstitutionNamesake))
    ) {
      const foreName = `${name.first.charAt(0) === "J" ? "Jae" : name.first} ${this.rng.pick(["H", "W", "S"])}`;
      plans.push({
        of: member,
        person: this.newPerson(this.home, "Radiology", name.last, foreName),
        at: this.home,
        rate: 1.2 + this.rng.next(),
        showsOrcid: false,
        institution: "same",
      });
    }
    if (this.realism) plans.push(...this.realism.namesakes(this, member));
    return plans;
  }
}
