import type { Faker } from "@faker-js/faker";
import type { ReporterOrganizationJson, ReporterProjectJson } from "../../src/sources/reporter/types.ts";
import type { FacultyPlan, HomeInstitution } from "./people.ts";
import type { Random } from "./random.ts";
import {
  ORCID_COUNTRIES,
  OTHER_INSTITUTIONS,
  POPULATIONS,
  PROGRAM_YEAR,
  TOPICS,
  type Institution,
  type Topic,
} from "./tables.ts";
import { withoutAccents } from "./text.ts";
import type { GrantTruthEntry } from "./types.ts";

// NIH awards: the faculty's (the grants their articles cite, or their own) and their namesakes',
// with the people RePORTER lists on them.

export interface Ic {
  code: string;
  abbreviation: string;
  name: string;
  agency: string;
  cfda: string;
  /** Crossref Funder Registry id, as ORCID disambiguates funders. */
  fundref: string;
  city: string;
}

const ICS: Record<string, Ic> = {
  HL: ic("HL", "NHLBI", "National Heart, Lung, and Blood Institute", "837", "100000050"),
  AG: ic("AG", "NIA", "National Institute on Aging", "866", "100000049"),
  DK: ic(
    "DK",
    "NIDDK",
    "National Institute of Diabetes and Digestive and Kidney Diseases",
    "847",
    "100000062",
  ),
  MD: ic("MD", "NIMHD", "National Institute on Minority Health and Health Disparities", "307", "100006545"),
  DA: ic("DA", "NIDA", "National Institute on Drug Abuse", "279", "100000026"),
  CA: ic("CA", "NCI", "National Cancer Institute", "393", "100000054"),
  AI: ic("AI", "NIAID", "National Institute of Allergy and Infectious Diseases", "855", "100000060"),
  MH: ic("MH", "NIMH", "National Institute of Mental Health", "242", "100000025"),
  HS: {
    ...ic("HS", "AHRQ", "Agency for Healthcare Research and Quality", "226", "100000133"),
    agency: "AHRQ",
    city: "Rockville",
  },
};

function ic(code: string, abbreviation: string, name: string, cfda: string, fundref: string): Ic {
  return { code, abbreviation, name, agency: "NIH", cfda, fundref, city: "Bethesda" };
}

interface Mechanism {
  years: readonly [number, number];
  amount: readonly [number, number];
  /** Indirect costs as a share of direct costs. */
  indirect: readonly [number, number];
  definedType: string;
  budgetMechanism: string;
  opportunity: string;
}

export const MECHANISMS: Record<string, Mechanism> = {
  K23: {
    years: [5, 5],
    amount: [165_000, 198_000],
    indirect: [0.08, 0.08],
    definedType: "Mentored Patient-Oriented Research Career Development Award (K23)",
    budgetMechanism: "OR",
    opportunity: "PA-19-118",
  },
  K08: {
    years: [5, 5],
    amount: [160_000, 192_000],
    indirect: [0.08, 0.08],
    definedType: "Mentored Clinical Scientist Research Career Development Award (K08)",
    budgetMechanism: "OR",
    opportunity: "PA-19-117",
  },
  K24: {
    years: [5, 5],
    amount: [170_000, 205_000],
    indirect: [0.08, 0.08],
    definedType: "Midcareer Investigator Award in Patient-Oriented Research (K24)",
    budgetMechanism: "OR",
    opportunity: "PA-18-398",
  },
  R01: {
    years: [4, 5],
    amount: [380_000, 720_000],
    indirect: [0.5, 0.66],
    definedType: "Research Project Grant (R01)",
    budgetMechanism: "RP",
    opportunity: "PA-19-056",
  },
  R21: {
    years: [2, 2],
    amount: [190_000, 275_000],
    indirect: [0.5, 0.66],
    definedType: "Exploratory/Developmental Research Grant (R21)",
    budgetMechanism: "RP",
    opportunity: "PA-19-053",
  },
  R03: {
    years: [2, 2],
    amount: [75_000, 82_000],
    indirect: [0.5, 0.66],
    definedType: "Small Research Grant (R03)",
    budgetMechanism: "RP",
    opportunity: "PA-19-052",
  },
};

export interface ReporterPerson {
  profileId: number;
  first: string;
  middle: string;
  last: string;
  /** Older eRA records write names as typed ("Sandra  Cascio"), newer ones in capitals. */
  mixedCase: boolean;
  title: string | null;
  facultyId?: string;
  organization: ReporterOrganizationJson;
  congressionalDistrict: string;
}

export interface Award {
  activity: string;
  ic: Ic;
  serial: string;
  core: string;
  title: string;
  topic: Topic;
  population: string;
  pis: ReporterPerson[];
  contact: ReporterPerson;
  start: Date;
  /** Years of each competitive segment: a renewal adds a second. */
  segments: number[];
  supplementYear?: number;
  /** Each fiscal-year record's appl_id is set once all records exist; kept for ORCID links. */
  records: ReporterProjectJson[];
}

/** Plans the division's NIH awards and their principal investigators. */
export class AwardPlanner {
  readonly awards: Award[] = [];
  private readonly reporterPeople = new Map<string, ReporterPerson>();
  private readonly usedProfileIds = new Set<number>();
  private readonly usedSerials = new Set<string>();
  private readonly organizations = new Map<string, ReporterOrganizationJson>();

  constructor(
    private readonly rng: Random,
    private readonly faker: Faker,
    private readonly home: HomeInstitution,
    private readonly faculty: readonly FacultyPlan[],
    private readonly fromYear: number,
    private readonly toYear: number,
  ) {}

  /** About a third of the faculty lead NIH awards: the grants their articles cite, or one of their own. */
  planAwards(): void {
    const target = Math.max(this.faculty.length >= 2 ? 1 : 0, Math.round(this.faculty.length / 3));
    const funded = this.rng.shuffle(this.faculty.filter((member) => member.grants.length > 0));
    const others = this.rng.shuffle(this.faculty.filter((member) => member.grants.length === 0));
    for (const member of [...funded, ...others].slice(0, target)) {
      const numbers = member.grants.flatMap((grant) => {
        const match = /^([A-Z]\d{2}) ([A-Z]{2})(\d{6})$/.exec(grant.grantId ?? "");
        return match && MECHANISMS[match[1]!] && ICS[match[2]!]
          ? [[match[1]!, match[2]!, match[3]!] as const]
          : [];
      });
      if (numbers.length === 0) {
        const activity = this.rng.pick(["K23", "R03", "R21"]);
        numbers.push([activity, this.rng.pick(["HL", "AG", "DK", "MD", "HS"]), this.serial()]);
      }
      if (
        member.track === "research" &&
        (member.role === "full" || member.role === "associate") &&
        this.rng.chance(0.5)
      )
        numbers.push(["R01", this.rng.pick(["HL", "AG", "DK", "MD", "DA", "CA", "HS"]), this.serial()]);
      for (const [activity, icCode, serial] of numbers) {
        if (this.usedSerials.has(`${icCode}${serial}`)) continue;
        this.usedSerials.add(`${icCode}${serial}`);
        this.facultyAward(member, activity, ICS[icCode]!, serial);
      }
    }
  }

  private serial(): string {
    for (;;) {
      const serial = String(this.rng.int(0, 159_999)).padStart(6, "0");
      if (![...this.usedSerials].some((used) => used.endsWith(serial))) return serial;
    }
  }

  private facultyAward(member: FacultyPlan, activity: string, icInfo: Ic, serial: string): void {
    const mechanism = MECHANISMS[activity]!;
    const career = activity.startsWith("K") && activity !== "K24";
    let [low, high] =
      member.role === "cohort"
        ? this.rng.chance(career ? 0.65 : 0.75)
          ? [PROGRAM_YEAR + 1, career ? PROGRAM_YEAR + 4 : this.toYear - 1]
          : [member.hireYear, PROGRAM_YEAR]
        : member.role === "late"
          ? [member.hireYear + 1, this.toYear - 1]
          : [this.fromYear - 4, this.toYear - 2];
    low = Math.max(low, this.fromYear - 5);
    high = Math.min(Math.max(high, low), this.toYear);
    let startYear = this.rng.int(low, high);
    const priorUs = member.prior.country === "USA";
    if (startYear < member.hireYear && !priorUs) startYear = member.hireYear;

    const self = this.facultyReporterPerson(member, startYear);
    let pis = [self];
    let contact = self;
    if (!activity.startsWith("K") && this.rng.chance(0.4)) {
      const colleagues = this.faculty.filter((other) => other !== member && other.hireYear <= startYear);
      const partner =
        colleagues.length > 0 && this.rng.chance(0.5)
          ? this.facultyReporterPerson(this.rng.pick(colleagues), startYear)
          : this.externalReporterPerson();
      pis = [self, partner];
      contact = this.rng.chance(0.6) ? self : partner;
    }
    const years = this.rng.int(mechanism.years[0], mechanism.years[1]);
    const segments = [years];
    if (activity === "R01" && startYear + years <= this.toYear && this.rng.chance(0.4))
      segments.push(this.rng.int(4, 5));
    const topic = this.rng.pick(TOPICS);
    this.awards.push({
      activity,
      ic: icInfo,
      serial,
      core: `${activity}${icInfo.code}${serial}`,
      title: this.awardTitle(topic),
      topic,
      population: this.rng.pick(POPULATIONS),
      pis,
      contact,
      start: new Date(Date.UTC(startYear, this.rng.pick([3, 6, 6, 7, 8, 11]), 1)),
      segments,
      supplementYear:
        (activity === "R01" || activity === "R21") && this.rng.chance(0.25)
          ? this.rng.int(2, years)
          : undefined,
      records: [],
    });
  }

  /** People with the faculty's names who hold NIH awards elsewhere: a name-only search finds them too. */
  planNamesakeAwards(): void {
    const usOthers = OTHER_INSTITUTIONS.filter((institution) => institution.country === "USA");
    let forced = false;
    for (const member of this.faculty) {
      const count = member.name.namesakeCount ?? 0;
      const force: boolean = !forced && count > 0;
      if (!(force || (count > 0 && this.rng.chance(0.6)) || this.rng.chance(0.05))) continue;
      forced ||= force;
      const institution = this.rng.pick(usOthers);
      const person = this.newReporterPerson(
        withoutAccents(member.name.first),
        this.rng.chance(0.5) ? this.faker.person.firstName().charAt(0) : "",
        withoutAccents(member.name.last),
        this.organization(institution),
      );
      for (let n = this.rng.chance(0.7) ? 1 : 2; n > 0; n--) {
        const activity = this.rng.pick(["R01", "R21", "K08", "R03", "K23", "R01"]);
        const icInfo = ICS[this.rng.pick(Object.keys(ICS))]!;
        const serial = this.serial();
        this.usedSerials.add(`${icInfo.code}${serial}`);
        const startYear = this.rng.int(this.fromYear - 2, this.toYear - 1);
        const topic = this.rng.pick(TOPICS);
        this.awards.push({
          activity,
          ic: icInfo,
          serial,
          core: `${activity}${icInfo.code}${serial}`,
          title: this.awardTitle(topic),
          topic,
          population: this.rng.pick(POPULATIONS),
          pis: [person],
          contact: person,
          start: new Date(Date.UTC(startYear, this.rng.pick([3, 6, 8, 11]), 1)),
          segments: [this.rng.int(MECHANISMS[activity]!.years[0], MECHANISMS[activity]!.years[1])],
          records: [],
        });
      }
    }
  }

  private awardTitle(topic: Topic): string {
    const capital = topic.phrase.charAt(0).toUpperCase() + topic.phrase.slice(1);
    return this.rng.pick([
      `Improving ${topic.phrase} in primary care`,
      `A pragmatic trial of team-based support for ${topic.phrase}`,
      `Understanding disparities in ${topic.phrase}`,
      `Patient-centered strategies for ${topic.phrase} in older adults`,
      `${capital} after hospital discharge: a mixed-methods study`,
    ]);
  }

  private newProfileId(): number {
    for (;;) {
      const id = this.rng.int(1_800_000, 16_000_000);
      if (!this.usedProfileIds.has(id)) {
        this.usedProfileIds.add(id);
        return id;
      }
    }
  }

  private newReporterPerson(
    first: string,
    middle: string,
    last: string,
    organization: ReporterOrganizationJson,
    title: string | null = this.rng.pick(["PROFESSOR", "ASSOCIATE PROFESSOR", "ASSISTANT PROFESSOR", ""]),
  ): ReporterPerson {
    const mixedCase = this.rng.chance(0.15);
    return {
      profileId: this.newProfileId(),
      first,
      middle,
      last,
      mixedCase,
      title: mixedCase ? "" : title,
      organization,
      congressionalDistrict: `${organization.org_state ?? "US"}-${String(this.rng.int(1, 12)).padStart(2, "0")}`,
    };
  }

  /** The faculty member as RePORTER lists them; an award begun before they joined is at their prior institution. */
  private facultyReporterPerson(member: FacultyPlan, startYear: number): ReporterPerson {
    let person = this.reporterPeople.get(member.id);
    if (!person) {
      // eRA Commons names carry no accents, and a middle name only as its initial.
      const middle = member.name.middle ? withoutAccents(member.name.middle).charAt(0) : "";
      person = {
        ...this.newReporterPerson(
          withoutAccents(member.name.first),
          middle,
          withoutAccents(member.name.last),
          this.homeOrganization(),
          null,
        ),
        title:
          member.role === "full"
            ? "PROFESSOR"
            : member.role === "associate"
              ? "ASSOCIATE PROFESSOR"
              : "ASSISTANT PROFESSOR",
        facultyId: member.id,
      };
      this.reporterPeople.set(member.id, person);
    }
    if (startYear < member.hireYear && member.prior.country === "USA")
      return { ...person, organization: this.organization(member.prior) };
    return person;
  }

  private externalReporterPerson(): ReporterPerson {
    const institution = this.rng.pick(OTHER_INSTITUTIONS.filter((other) => other.country === "USA"));
    return this.newReporterPerson(
      this.faker.person.firstName(),
      this.rng.chance(0.6) ? this.faker.person.firstName().charAt(0) : "",
      this.faker.person.lastName(),
      this.organization(institution),
    );
  }

  private homeOrganization(): ReporterOrganizationJson {
    return this.organizationFor(this.home.name, this.home.city, this.home.region, "USA", this.home.zip);
  }

  private organization(institution: Institution): ReporterOrganizationJson {
    return this.organizationFor(institution.name, institution.city, institution.region, institution.country);
  }

  private organizationFor(
    name: string,
    city: string,
    region: string,
    country: string,
    zip?: string,
  ): ReporterOrganizationJson {
    let organization = this.organizations.get(name);
    if (!organization) {
      const us = country === "USA";
      const duns = String(this.rng.int(10_000_000, 999_999_999)).padStart(9, "0");
      const uei = this.rng.code(12, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789");
      const ipf = this.rng.int(100_000, 9_999_999);
      organization = {
        org_name: withoutAccents(name).toUpperCase(),
        city: null,
        country: null,
        org_city: withoutAccents(city).toUpperCase(),
        org_country: us ? "UNITED STATES" : withoutAccents(country).toUpperCase(),
        org_state: us ? region : null,
        org_state_name: null,
        dept_type: "INTERNAL MEDICINE/MEDICINE",
        fips_country_code: null,
        org_duns: [duns],
        org_ueis: [uei],
        primary_duns: duns,
        primary_uei: uei,
        org_fips: us ? "US" : (ORCID_COUNTRIES[country] ?? "XX"),
        org_ipf_code: String(ipf),
        org_zipcode: us
          ? `${zip ?? String(this.rng.int(10_000, 99_999))}${String(this.rng.int(1000, 9999))}`
          : null,
        external_org_id: ipf,
      };
      this.organizations.set(name, organization);
    }
    return organization;
  }

  /** The faculty PIs of every award that has a record: contact PI in any year → pi, else multiple_pi. */
  grantTruth(): GrantTruthEntry[] {
    const truth: GrantTruthEntry[] = [];
    for (const award of this.awards) {
      if (award.records.length === 0) continue;
      for (const pi of award.pis) {
        if (pi.facultyId === undefined) continue;
        truth.push({
          facultyId: pi.facultyId,
          coreProjectNum: award.core,
          role: pi.profileId === award.contact.profileId ? "pi" : "multiple_pi",
        });
      }
    }
    return truth.sort(
      (a, b) => a.facultyId.localeCompare(b.facultyId) || a.coreProjectNum.localeCompare(b.coreProjectNum),
    );
  }

  /** Profile ids of the faculty RePORTER lists as PIs in `projects`, by faculty id. */
  reporterProfileIds(projects: readonly ReporterProjectJson[]): Record<string, number> {
    // Only people RePORTER lists have a profile: not one whose award has yet to be funded.
    const listed = new Set(
      projects.flatMap((project) => project.principal_investigators.map((pi) => pi.profile_id)),
    );
    const reporterProfileIds: Record<string, number> = {};
    for (const member of this.faculty) {
      const person = this.reporterPeople.get(member.id);
      if (person && listed.has(person.profileId)) reporterProfileIds[member.id] = person.profileId;
    }
    return reporterProfileIds;
  }
}
