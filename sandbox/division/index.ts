import { Faker, base, da, de, en, es, fr, pt_BR, tr, vi, type LocaleDefinition } from "@faker-js/faker";
import { stringify } from "csv-stringify/sync";
import { orcidCheckCharacter } from "../../src/identity/orcid.ts";
import type {
  PartialDate,
  PubmedArticleRecord,
  PubmedAuthor,
  PubmedCommentCorrection,
  PubmedGrant,
} from "../../src/sources/pubmed/types.ts";
import type {
  OrcidDateJson,
  OrcidEmploymentSummaryJson,
  OrcidEmploymentsJson,
  OrcidExternalIdJson,
  OrcidExternalIdsJson,
  OrcidFundingContributorJson,
  OrcidFundingJson,
  OrcidFundingSummaryJson,
  OrcidFundingsJson,
  OrcidIdentifierJson,
  OrcidOrganizationJson,
  OrcidPersonJson,
  OrcidSourceJson,
  OrcidValue,
  OrcidWorkContributorJson,
  OrcidWorkJson,
  OrcidWorkSummaryJson,
  OrcidWorksJson,
} from "../../src/sources/orcid/types.ts";
import type {
  ReporterOrganizationJson,
  ReporterPiJson,
  ReporterProjectJson,
} from "../../src/sources/reporter/types.ts";
import type { SandboxAbstract } from "../servers/pubmed-xml.ts";
import { DEFAULT_DIVISION_SEED } from "../../src/cli/sandbox.ts";
import { EXTRA_ROSTER_COLUMNS, ROSTER_COLUMNS } from "../../src/roster/parse-roster.ts";

/**
 * A fictional division of general internal medicine, with the publication record PubMed would hold
 * for it: the faculty roster, their articles and their namesakes' articles, and which author on
 * which article each faculty member really is. Everything is invented; the same seed gives the
 * same division.
 */

/** The roster CSV columns, as faculty affairs write them. */
export const ROSTER_HEADER = [...ROSTER_COLUMNS, ...EXTRA_ROSTER_COLUMNS] as const;

/** One roster CSV row, every column a string ("" when empty); the list columns are `;`-separated. */
export type RosterRow = Record<(typeof ROSTER_HEADER)[number], string>;

/** Faculty member `facultyId` is author `authorIndex` (0-based) of article `pmid`. */
export interface TruthEntry {
  facultyId: string;
  pmid: string;
  authorIndex: number;
}

/**
 * Author `authorIndex` of article `pmid` is a namesake of faculty member `facultyId`: someone else
 * whose name a search for theirs finds, at another institution or at the same one.
 */
export interface NamesakeEntry {
  facultyId: string;
  pmid: string;
  authorIndex: number;
  institution: "same" | "other";
}

/** Faculty member `facultyId` is a principal investigator of the NIH award `coreProjectNum`. */
export interface GrantTruthEntry {
  facultyId: string;
  /** e.g. "R01HL012345": every fiscal year, renewal and supplement of the award. */
  coreProjectNum: string;
  /** pi: the contact PI; multiple_pi: one of several PIs, never the contact. */
  role: "pi" | "multiple_pi";
}

/** Where a presentation was given, as a faculty-affairs office would count it. */
export type PresentationScope = "international" | "national" | "regional" | "local";

/** Work `putCode` on faculty member `facultyId`'s ORCID record is a presentation of theirs. */
export interface PresentationTruthEntry {
  facultyId: string;
  putCode: number;
  scope: PresentationScope;
}

export interface FictionalDivision {
  institution: string;
  faculty: RosterRow[];
  /** Faculty members' articles and their namesakes', in PMID order. */
  articles: PubmedArticleRecord[];
  truth: TruthEntry[];
  /** The namesakes' authorships on their own articles (never the faculty's): the hard cases of a name search. */
  namesakes: NamesakeEntry[];
  /** Abstract text by PMID, for the EFetch XML (letters, editorials and errata have none). */
  abstracts: Record<string, SandboxAbstract>;
  /** What the ORCID public API v3.0 holds for each faculty member with an ORCID iD, by iD. */
  orcidRecords: Record<string, SandboxOrcidRecord>;
  /** RePORTER v2 project records (one per fiscal year of an award): the faculty's and namesakes'. */
  reporterProjects: ReporterProjectJson[];
  /**
   * RePORTER profile id by faculty id, for the faculty who are PIs in RePORTER (kept out of the
   * roster CSV, whose columns are fixed).
   */
  reporterProfileIds: Record<string, number>;
  grantTruth: GrantTruthEntry[];
  presentationTruth: PresentationTruthEntry[];
}

/**
 * One ORCID record: each section's document as the API serves it, and the full items behind the
 * summaries (by put-code) for the single-item and bulk reads.
 */
export interface SandboxOrcidRecord {
  /** ok (the default) is readable; ORCID answers 409 for a deactivated or locked record. */
  status?: "ok" | "deactivated" | "locked";
  works: OrcidWorksJson;
  workDetails: Record<string, OrcidWorkJson>;
  fundings: OrcidFundingsJson;
  fundingDetails: Record<string, OrcidFundingJson>;
  person: OrcidPersonJson;
  employments: OrcidEmploymentsJson;
}

export interface DivisionOptions {
  facultyCount?: number;
  seed?: number;
  /** First and last publication year of the articles generated. */
  fromYear?: number;
  toYear?: number;
  institution?: string;
}

export const DEFAULT_SEED = DEFAULT_DIVISION_SEED;
/** The mentoring program's launch: the cohort is the division's assistant professors of that year. */
export const PROGRAM_YEAR = 2013;

export function generateDivision(options: DivisionOptions = {}): FictionalDivision {
  const facultyCount = options.facultyCount ?? 30;
  const fromYear = options.fromYear ?? 2008;
  const toYear = options.toYear ?? 2020;
  if (!Number.isInteger(facultyCount) || facultyCount < 1)
    throw new RangeError("facultyCount must be a positive integer");
  if (!(Number.isInteger(fromYear) && Number.isInteger(toYear) && fromYear <= toYear)) {
    throw new RangeError("fromYear and toYear must be years with fromYear <= toYear");
  }
  return new DivisionBuilder(
    options.seed ?? DEFAULT_SEED,
    facultyCount,
    fromYear,
    toYear,
    options.institution,
  ).build();
}

/** The roster as CSV with the standard header, quoted where a value needs it. */
export function rosterCsv(division: Pick<FictionalDivision, "faculty">): string {
  return stringify(division.faculty, { header: true, columns: [...ROSTER_HEADER] });
}

// ---------------------------------------------------------------------------------------------
// Randomness: one seeded stream for every choice, one seeded Faker per locale for names.

class Random {
  private state: number;

  constructor(seed: number) {
    this.state = (seed ^ 0x5bd1e995) >>> 0;
  }

  /** mulberry32: small, fast, and the same on every platform. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

/**
 * A seeded stream of choices with Fakers of its own, so that what one part of the generator draws
 * leaves every other part's draws as they were.
 */
class Stream {
  readonly rng: Random;
  private readonly fakers = new Map<LocaleDefinition, Faker>();

  constructor(private readonly seed: number) {
    this.rng = new Random(seed);
  }

  /** One Faker per locale, seeded in the order the locales are first asked for. */
  faker(locale: LocaleDefinition): Faker {
    let faker = this.fakers.get(locale);
    if (!faker) {
      faker = new Faker({ locale: [locale, en, base] });
      faker.seed(this.seed + this.fakers.size * 7919);
      this.fakers.set(locale, faker);
    }
    return faker;
  }
}

// ---------------------------------------------------------------------------------------------
// Fixed material: institutions, journals, topics, names. All fictional.

interface Institution {
  name: string;
  city: string;
  region: string;
  country: string;
  departments: string[];
  locale: LocaleDefinition;
}

const HOME_NAMES = [
  "Northbridge University",
  "Halvorsen University",
  "Castlereagh University",
  "Wexley University",
  "Stonemere University",
];
const HOME_CITIES: ReadonlyArray<readonly [string, string, string, string]> = [
  ["Port Ellery", "MA", "Massachusetts", "02917"],
  ["Alder Falls", "OH", "Ohio", "44391"],
  ["Kestrel Bay", "OR", "Oregon", "97155"],
  ["Marrowgate", "PA", "Pennsylvania", "19388"],
];

const OTHER_INSTITUTIONS: Institution[] = [
  {
    name: "University of Westmark",
    city: "Westmark",
    region: "OH",
    country: "USA",
    departments: ["Medicine", "Epidemiology", "Family Medicine"],
    locale: en,
  },
  {
    name: "Carrow State University",
    city: "Carrow",
    region: "TX",
    country: "USA",
    departments: ["Internal Medicine", "Public Health"],
    locale: en,
  },
  {
    name: "Lindenfeld Medical College",
    city: "Lindenfeld",
    region: "WI",
    country: "USA",
    departments: ["Medicine", "Cardiology"],
    locale: en,
  },
  {
    name: "Bramhall Institute of Health",
    city: "Bramhall",
    region: "CA",
    country: "USA",
    departments: ["Health Policy", "Medicine"],
    locale: en,
  },
  {
    name: "St. Aldric Hospital",
    city: "Easton Mills",
    region: "PA",
    country: "USA",
    departments: ["Hospital Medicine", "Nephrology"],
    locale: en,
  },
  {
    name: "Universidad de Valdoria",
    city: "Valdoria",
    region: "Castilla",
    country: "Spain",
    departments: ["Medicina Interna", "Salud Pública"],
    locale: es,
  },
  {
    name: "Østerlund Universitetshospital",
    city: "Østerlund",
    region: "Jylland",
    country: "Denmark",
    departments: ["Internal Medicine", "Clinical Epidemiology"],
    locale: da,
  },
  {
    name: "Université de Montclair-sur-Loire",
    city: "Montclair-sur-Loire",
    region: "Centre",
    country: "France",
    departments: ["Médecine Interne", "Santé Publique"],
    locale: fr,
  },
  {
    name: "Klinikum Grünwalde",
    city: "Grünwalde",
    region: "Bayern",
    country: "Germany",
    departments: ["Innere Medizin", "Allgemeinmedizin"],
    locale: de,
  },
  {
    name: "Universidade Federal de Serra Alta",
    city: "Serra Alta",
    region: "MG",
    country: "Brazil",
    departments: ["Clínica Médica"],
    locale: pt_BR,
  },
  {
    name: "Karaburun Üniversitesi Tıp Fakültesi",
    city: "Karaburun",
    region: "İzmir",
    country: "Turkey",
    departments: ["İç Hastalıkları"],
    locale: tr,
  },
  {
    name: "Hoa Sen Medical University",
    city: "Hoa Sen",
    region: "Khanh Hoa",
    country: "Vietnam",
    departments: ["Internal Medicine"],
    locale: vi,
  },
];

const HOME_OTHER_DEPARTMENTS = [
  "Cardiology",
  "Psychiatry",
  "Emergency Medicine",
  "Biostatistics",
  "Pharmacy",
  "Radiology",
  "Nursing",
];

interface Journal {
  title: string;
  abbreviation: string;
  code: string;
  issn: string;
  medline: boolean;
  dates: "monthly" | "seasonal" | "bimonthly" | "online";
  firstVolumeYear: number;
  language?: string;
}

const JOURNALS: Journal[] = [
  {
    title: "Journal of General Clinical Medicine",
    abbreviation: "J Gen Clin Med",
    code: "jgcm",
    issn: issn(1522, 814),
    medline: true,
    dates: "monthly",
    firstVolumeYear: 1986,
  },
  {
    title: "Annals of Ambulatory Care",
    abbreviation: "Ann Ambul Care",
    code: "aac",
    issn: issn(2047, 339),
    medline: true,
    dates: "monthly",
    firstVolumeYear: 1979,
  },
  {
    title: "Primary Care Research Quarterly",
    abbreviation: "Prim Care Res Q",
    code: "pcrq",
    issn: issn(1094, 562),
    medline: true,
    dates: "seasonal",
    firstVolumeYear: 1998,
  },
  {
    title: "Hospital Medicine Reports",
    abbreviation: "Hosp Med Rep",
    code: "hmr",
    issn: issn(2381, 407),
    medline: false,
    dates: "monthly",
    firstVolumeYear: 2006,
  },
  {
    title: "Medical Education Perspectives",
    abbreviation: "Med Educ Perspect",
    code: "mep",
    issn: issn(1365, 928),
    medline: true,
    dates: "monthly",
    firstVolumeYear: 1990,
  },
  {
    title: "Health Services, Outcomes & Policy",
    abbreviation: "Health Serv Outcomes Policy",
    code: "hsop",
    issn: issn(1747, 105),
    medline: true,
    dates: "bimonthly",
    firstVolumeYear: 1995,
  },
  {
    title: "Open Journal of Clinical Investigation",
    abbreviation: "Open J Clin Invest",
    code: "ojci",
    issn: issn(2470, 651),
    medline: false,
    dates: "online",
    firstVolumeYear: 2009,
  },
  {
    title: "Clinical Epidemiology Letters",
    abbreviation: "Clin Epidemiol Lett",
    code: "cel",
    issn: issn(1879, 233),
    medline: false,
    dates: "monthly",
    firstVolumeYear: 2001,
  },
  {
    title: "Geriatric Practice Today",
    abbreviation: "Geriatr Pract Today",
    code: "gpt",
    issn: issn(1553, 470),
    medline: true,
    dates: "bimonthly",
    firstVolumeYear: 1993,
  },
  {
    title: "Revista Clínica de Medicina General",
    abbreviation: "Rev Clin Med Gen",
    code: "rcmg",
    issn: issn(1699, 385),
    medline: true,
    dates: "monthly",
    firstVolumeYear: 1984,
    language: "spa",
  },
];

/** An ISSN from seven digits, with its mod-11 check character. */
function issn(first: number, second: number): string {
  const digits = `${first}${second}`;
  const total = [...digits].reduce((sum, digit, i) => sum + Number(digit) * (8 - i), 0);
  const check = (11 - (total % 11)) % 11;
  return `${first}-${second}${check === 10 ? "X" : check}`;
}

interface Topic {
  phrase: string;
  mesh: string[];
  keywords: string[];
}

const TOPICS: Topic[] = [
  { phrase: "blood pressure control", mesh: ["Hypertension"], keywords: ["hypertension", "blood pressure"] },
  {
    phrase: "type 2 diabetes self-management",
    mesh: ["Diabetes Mellitus, Type 2"],
    keywords: ["diabetes", "self-management"],
  },
  { phrase: "opioid prescribing", mesh: ["Analgesics, Opioid"], keywords: ["opioids", "chronic pain"] },
  {
    phrase: "advance care planning",
    mesh: ["Advance Care Planning"],
    keywords: ["advance directives", "end of life"],
  },
  {
    phrase: "30-day readmissions",
    mesh: ["Patient Readmission"],
    keywords: ["readmission", "care transitions"],
  },
  {
    phrase: "colorectal cancer screening",
    mesh: ["Early Detection of Cancer"],
    keywords: ["cancer screening", "colonoscopy"],
  },
  { phrase: "patient portal use", mesh: ["Patient Portals"], keywords: ["patient portal", "digital health"] },
  { phrase: "health literacy", mesh: ["Health Literacy"], keywords: ["health literacy"] },
  { phrase: "medication adherence", mesh: ["Medication Adherence"], keywords: ["adherence", "polypharmacy"] },
  { phrase: "telehealth follow-up", mesh: ["Telemedicine"], keywords: ["telehealth", "virtual care"] },
  {
    phrase: "resident burnout",
    mesh: ["Burnout", "Internship and Residency"],
    keywords: ["burnout", "graduate medical education"],
  },
  { phrase: "faculty mentoring", mesh: ["Mentoring"], keywords: ["mentoring", "career development"] },
  { phrase: "deprescribing", mesh: ["Aged"], keywords: ["deprescribing", "older adults"] },
  {
    phrase: "Sjögren syndrome recognition",
    mesh: ["Primary Health Care"],
    keywords: ["Sjögren syndrome", "diagnosis"],
  },
];

const POPULATIONS = [
  "in primary care",
  "among older adults",
  "among veterans",
  "in safety-net clinics",
  "among Medicaid enrollees",
  "among patients with limited English proficiency",
  "in an academic general medicine practice",
  "among internal medicine residents",
];

interface Design {
  phrase: string;
  types: string[];
  mesh: string[];
}

const DESIGNS: Design[] = [
  { phrase: "a randomized controlled trial", types: ["Randomized Controlled Trial"], mesh: [] },
  { phrase: "a retrospective cohort study", types: [], mesh: ["Retrospective Studies", "Cohort Studies"] },
  {
    phrase: "a cross-sectional survey",
    types: [],
    mesh: ["Cross-Sectional Studies", "Surveys and Questionnaires"],
  },
  { phrase: "a qualitative study", types: [], mesh: [] },
  { phrase: "a quality improvement initiative", types: [], mesh: ["Quality Improvement"] },
  {
    phrase: "a multicenter observational study",
    types: ["Observational Study", "Multicenter Study"],
    mesh: ["Cohort Studies"],
  },
];

const SPANISH_TITLES: ReadonlyArray<readonly [string, string]> = [
  ["Control de la presión arterial en atención primaria", "Blood pressure control in primary care"],
  [
    "Alfabetización en salud y adherencia terapéutica en pacientes mayores",
    "Health literacy and treatment adherence in older patients",
  ],
  [
    "Reingresos hospitalarios a 30 días en medicina interna",
    "Thirty-day hospital readmissions in internal medicine",
  ],
];

const NIH_INSTITUTES: ReadonlyArray<readonly [string, string]> = [
  ["HL", "NHLBI NIH HHS"],
  ["AG", "NIA NIH HHS"],
  ["DK", "NIDDK NIH HHS"],
  ["MD", "NIMHD NIH HHS"],
  ["DA", "NIDA NIH HHS"],
  ["CA", "NCI NIH HHS"],
  ["HS", "AHRQ HHS"],
];

/** Surnames shared by many authors in PubMed: name-only searches for them are the hardest. */
const COMMON_SURNAMES = [
  "Smith",
  "Johnson",
  "Brown",
  "Lee",
  "Kim",
  "Patel",
  "Nguyen",
  "Wang",
  "Chen",
  "Garcia",
  "Miller",
  "Li",
  "Zhang",
];

interface SpecialName {
  last: string;
  first: string;
  middle?: string;
  suffix?: string;
  /** How PubMed spells the surname, by weight, when it varies (dropped accents, transliteration). */
  lastSpellings?: ReadonlyArray<readonly [string, number]>;
  foreSpellings?: ReadonlyArray<readonly [string, number]>;
  maiden?: { name: string; hyphenated: string; marriedIn: number };
  variants: string[];
  sameInstitutionNamesake?: boolean;
  namesakeCount?: number;
}

/** The people who make name matching hard, placed first so that even a small division has them. */
const SPECIAL_NAMES: SpecialName[] = [
  { last: "Smith", first: "Jennifer", middle: "A", variants: ["Smith, Jennifer"], namesakeCount: 3 },
  {
    last: "Núñez",
    first: "María",
    middle: "José",
    lastSpellings: [
      ["Núñez", 8],
      ["Nunez", 2],
    ],
    foreSpellings: [
      ["María José", 7],
      ["María J", 2],
      ["Maria Jose", 1],
    ],
    variants: ["Nunez, Maria Jose"],
    namesakeCount: 1,
  },
  { last: "Lee", first: "James", variants: [], sameInstitutionNamesake: true, namesakeCount: 2 },
  {
    last: "Østergaard",
    first: "Søren",
    lastSpellings: [
      ["Østergaard", 7],
      ["Ostergaard", 3],
    ],
    variants: ["Ostergaard, Soren"],
  },
  {
    last: "Whitfield",
    first: "Elena",
    middle: "R",
    maiden: { name: "Castellano", hyphenated: "Castellano-Whitfield", marriedIn: 2014 },
    variants: ["Castellano, Elena R", "Castellano-Whitfield, Elena R"],
  },
  { last: "Wang", first: "Li", variants: [], namesakeCount: 3 },
  { last: "Patel", first: "Anil", middle: "K", variants: [], namesakeCount: 2 },
  {
    last: "García-Márquez",
    first: "Lucía",
    lastSpellings: [
      ["García-Márquez", 6],
      ["García Márquez", 2],
      ["Garcia-Marquez", 2],
    ],
    variants: ["Garcia-Marquez, Lucia", "García Márquez, Lucía"],
  },
  {
    last: "Müller",
    first: "Jürgen",
    lastSpellings: [
      ["Müller", 7],
      ["Mueller", 3],
    ],
    variants: ["Mueller, Jurgen"],
  },
  { last: "Nguyen", first: "Minh", middle: "D", variants: [], namesakeCount: 2 },
  {
    last: "Kim",
    first: "Soo-Jin",
    foreSpellings: [
      ["Soo-Jin", 8],
      ["Soo Jin", 2],
    ],
    variants: ["Kim, Soo Jin"],
    namesakeCount: 2,
  },
  {
    last: "Johnson",
    first: "Robert",
    middle: "E",
    suffix: "Jr",
    variants: ["Johnson, Robert"],
    namesakeCount: 2,
  },
  { last: "O'Brien", first: "Siobhán", middle: "M", variants: ["OBrien, Siobhan M"] },
  {
    last: "Çelik",
    first: "Ayşe",
    lastSpellings: [
      ["Çelik", 8],
      ["Celik", 2],
    ],
    variants: ["Celik, Ayse"],
  },
];

// ---------------------------------------------------------------------------------------------
// The people

type Role = "full" | "associate" | "cohort" | "late";
type Track = "clinician-educator" | "clinician-investigator" | "research";

interface Person {
  lastName: string;
  foreName: string;
  suffix?: string;
  orcid?: string;
  affiliation: string;
}

interface FacultyPlan {
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

interface NamesakePlan {
  /** The faculty member they are mistaken for. */
  of: FacultyPlan;
  person: Person;
  /** Where they work: their circle of collaborators is drawn partly from there. */
  at: Institution;
  rate: number;
  showsOrcid: boolean;
  institution: "same" | "other";
}

/** Whose circle of collaborators an article's outside co-authors come from. */
type CircleOwner = FacultyPlan | NamesakePlan;

/** A recurring collaborator, and how often they write with the circle's owner (relative weight). */
interface CircleMember {
  person: Person;
  weight: number;
}

interface Draft {
  record: PubmedArticleRecord;
  /** yyyymmdd the record entered PubMed: PMIDs are handed out in this order. */
  entered: number;
  truth: Array<{ facultyId: string; authorIndex: number }>;
  links: Array<{ refType: string; target: Draft }>;
  abstract?: SandboxAbstract;
  /** The author slots held by people from outside the home institution, whose paper it is, and its year. */
  outside?: { owner: CircleOwner; slots: number[]; year: number };
}

type Kind = "research" | "review" | "case" | "letter" | "comment" | "editorial";

type HomeInstitution = Institution & {
  hospital: string;
  short: string;
  domain: string;
  zip: string;
  stateName: string;
};

type PubmedPart = Pick<
  FictionalDivision,
  "institution" | "faculty" | "articles" | "truth" | "namesakes" | "abstracts"
>;

function initialsOf(foreName: string): string {
  return foreName
    .split(/[\s-]+/)
    .filter(Boolean)
    .map((part) => part.charAt(0).toUpperCase())
    .join("");
}

/** Letters and digits only, lower case: for e-mail addresses and domains. */
function ascii(value: string): string {
  return withoutAccents(value)
    .replace(/[^A-Za-z0-9]+/g, "")
    .toLowerCase();
}

/** "Núñez" → "Nunez", "Østergaard" → "Ostergaard": how other databases print accented names. */
function withoutAccents(value: string): string {
  return value
    .normalize("NFD")
    .replace(/\p{M}+/gu, "")
    .replace(/ø/g, "o")
    .replace(/Ø/g, "O")
    .replace(/ı/g, "i");
}

function ymd(date: PartialDate): number {
  return date.year * 10000 + (date.month ?? 1) * 100 + (date.day ?? 1);
}

const MONTH_NAMES = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SEASONS: ReadonlyArray<readonly [string, number]> = [
  ["Winter", 1],
  ["Spring", 3],
  ["Summer", 6],
  ["Fall", 9],
];

/** Piecewise-linear PubMed growth, so a fictional PMID looks like one assigned in its year. */
const PMID_BY_YEAR: ReadonlyArray<readonly [number, number]> = [
  [2000, 10_650_000],
  [2005, 15_650_000],
  [2008, 18_170_000],
  [2010, 20_050_000],
  [2013, 23_300_000],
  [2015, 25_550_000],
  [2018, 29_300_000],
  [2020, 31_900_000],
  [2022, 34_900_000],
  [2025, 39_700_000],
];
const PMC_BY_YEAR: ReadonlyArray<readonly [number, number]> = [
  [2000, 1_000_000],
  [2008, 2_450_000],
  [2010, 2_900_000],
  [2013, 3_700_000],
  [2016, 5_000_000],
  [2018, 6_100_000],
  [2020, 7_600_000],
  [2023, 10_500_000],
];

function interpolate(table: ReadonlyArray<readonly [number, number]>, year: number): number {
  const first = table[0]!;
  const last = table[table.length - 1]!;
  let lower = first;
  let upper = table[1]!;
  if (year >= last[0]) [lower, upper] = [table[table.length - 2]!, last];
  else
    for (let i = 0; i + 1 < table.length; i++)
      if (year >= table[i]![0] && year < table[i + 1]![0]) [lower, upper] = [table[i]!, table[i + 1]!];
  const slope = (upper[1] - lower[1]) / (upper[0] - lower[0]);
  return lower[1] + (year - lower[0]) * slope;
}

// ---------------------------------------------------------------------------------------------

/** The stream that puts home co-authors on namesakes' papers (see addHomeCoauthorsToNamesakeArticles). */
const NAMESAKE_COAUTHOR_STREAM = 0x4e5c;
/** The stream that draws outside co-authors from circles of collaborators (see drawOutsideCoauthors). */
const CIRCLE_STREAM = 0x3c1e;
/**
 * Researchers at the other institutions: circles are drawn from them, and one-off co-authors. As
 * many whatever the division's size: the world a namesake shares by chance does not shrink with
 * the roster.
 */
const WORLD_SIZE = 3000;
/** Share of a paper's outside co-authors who come from its author's circle; the rest are one-offs. */
const FROM_CIRCLE = 0.8;
/** Share of the namesakes first placed at their faculty member's former employer who stay there. */
const STAYS_AT_FORMER_EMPLOYER = 0.2;

class DivisionBuilder {
  /** Every PubMed choice but those made by the later passes, each of which has a stream of its own. */
  private readonly main: Stream;
  private readonly rng: Random;
  private readonly home: HomeInstitution;
  private readonly drafts: Draft[] = [];
  private readonly faculty: FacultyPlan[] = [];
  private readonly usedOrcids = new Set<string>();
  /** Stand-ins for outside co-authors, replaced by drawOutsideCoauthors (see fillPools). */
  private readonly outsidePlaceholders: Person[] = [];
  private readonly homePool: Person[] = [];
  private readonly namesakePlans: NamesakePlan[] = [];
  private readonly namesakeDrafts: Array<{
    draft: Draft;
    plan: NamesakePlan;
    member: FacultyPlan;
    position: number;
    year: number;
    institution: "same" | "other";
  }> = [];
  private doiSequence = 1;

  constructor(
    private readonly seed: number,
    private readonly facultyCount: number,
    private readonly fromYear: number,
    private readonly toYear: number,
    institution: string | undefined,
  ) {
    this.main = new Stream(seed);
    this.rng = this.main.rng;
    const name = institution ?? this.rng.pick(HOME_NAMES);
    const [city, region, stateName, zip] = this.rng.pick(HOME_CITIES);
    const stem =
      name
        .replace(/\b(University|College|of|the|The|School|Medicine|Medical|Center|Institute)\b/g, "")
        .trim() || name;
    this.home = {
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

  build(): FictionalDivision {
    this.planFaculty();
    this.fillPools();
    for (const member of this.faculty) this.writeFacultyArticles(member);
    this.addCorrectionsAndRetractions();
    this.writeNamesakeArticles();
    this.drawOutsideCoauthors();
    this.addHomeCoauthorsToNamesakeArticles();
    const pubmed = this.finish();
    // After the PubMed part is complete, and from a stream of its own, so that the PubMed part of a
    // division stays what it was before ORCID and RePORTER were added.
    const activity = new ActivityBuilder(
      this.seed,
      this.faculty,
      this.home,
      pubmed,
      this.fromYear,
      this.toYear,
    ).build();
    // Faculty affairs have confirmed every other PI's RePORTER profile id; the rest are found by name.
    const faculty = pubmed.faculty.map((row, index) => {
      const profileId = activity.reporterProfileIds[row.faculty_id];
      const confirmed = profileId !== undefined && index % 2 === 0;
      return { ...row, reporter_profile_id: confirmed ? String(profileId) : "" };
    });
    return { ...pubmed, ...activity, faculty };
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

  // -- faculty --------------------------------------------------------------------------------

  private planFaculty(): void {
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

  private static externalAffiliation(institution: Institution, department: string): string {
    const country =
      institution.country === "USA"
        ? `${institution.region}, USA`
        : `${institution.region}, ${institution.country}`;
    return `Department of ${department}, ${institution.name}, ${institution.city}, ${country}.`;
  }

  private rosterRow(member: FacultyPlan): RosterRow {
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
    };
  }

  // -- pools of co-authors ---------------------------------------------------------------------

  /**
   * People from other departments of the home institution, whom the whole division writes with;
   * and stand-ins for the co-authors from outside it. Those are still made and drawn from the main
   * stream, as before people had circles of collaborators, so that every later choice of the
   * stream (and with it every PMID and title of a seed) stays as it was; drawOutsideCoauthors then
   * puts the real ones in their places.
   */
  private fillPools(): void {
    const placeholderCount = 40 + 4 * this.facultyCount;
    for (let i = 0; i < placeholderCount; i++) {
      const institution = this.rng.pick(OTHER_INSTITUTIONS);
      this.outsidePlaceholders.push(this.newPerson(institution, this.rng.pick(institution.departments)));
    }
    for (let i = 0; i < 10 + Math.ceil(this.facultyCount / 5); i++) {
      this.homePool.push(this.newPerson(this.home, this.rng.pick(HOME_OTHER_DEPARTMENTS)));
    }
  }

  private newPerson(
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
          : DivisionBuilder.externalAffiliation(institution, department),
    };
  }

  // -- articles --------------------------------------------------------------------------------

  private employed(member: FacultyPlan, year: number): boolean {
    return member.hireYear <= year;
  }

  private writeFacultyArticles(member: FacultyPlan): void {
    const firstYear = Math.max(this.fromYear, member.hireYear - 3);
    for (let year = firstYear; year <= this.toYear; year++) {
      let rate = member.rate * (this.employed(member, year) ? 1 : 0.6);
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
    const colleagues = this.faculty.filter(
      (f) => f !== lead && this.employed(f, year) && this.employed(lead, year),
    );
    const mentor = this.faculty.find((f) => f.id === lead.mentorId);
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
        const pool = this.rng.chance(0.25) ? this.homePool : this.outsidePlaceholders;
        if (pool === this.outsidePlaceholders) outside.push(i);
        let person = this.rng.pick(pool);
        for (let tries = 0; usedPeople.has(person) && tries < 10; tries++) person = this.rng.pick(pool);
        usedPeople.add(person);
        occupant = person;
      }
      if ("id" in occupant) {
        truth.push({ facultyId: occupant.id, authorIndex: i });
        authors.push(this.facultyAuthor(occupant, year));
      } else authors.push(this.personAuthor(occupant, year));
    }
    if (kind === "research" && this.rng.chance(0.03)) {
      authors.push({
        collectiveName: `${this.home.hospital.replace(" Memorial Hospital", "")} Primary Care Research Network`,
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
    const draft = this.addDraft(this.articleRecord(kind, year, authors, grants), truth);
    draft.outside = { owner: lead, slots: outside, year };
  }

  private facultyAuthor(member: FacultyPlan, year: number, rng: Random = this.rng): PubmedAuthor {
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
      : [DivisionBuilder.externalAffiliation(member.prior, rng.pick(member.prior.departments))];
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

  private personAuthor(
    person: Person,
    year: number,
    orcidChance = 0.5,
    rng: Random = this.rng,
  ): PubmedAuthor {
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
  ): { record: PubmedArticleRecord; abstract?: SandboxAbstract } {
    const spanish = kind === "research" && this.rng.chance(0.02);
    const journal = spanish
      ? JOURNALS.find((j) => j.language === "spa")!
      : this.rng.pick(JOURNALS.filter((j) => j.language === undefined));
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
  private addCorrectionsAndRetractions(): void {
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

  // -- namesakes -------------------------------------------------------------------------------

  private namesakesFor(member: FacultyPlan, index: number): NamesakePlan[] {
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
    return plans;
  }

  private writeNamesakeArticles(): void {
    this.faculty.forEach((member, index) => {
      for (const plan of this.namesakesFor(member, index)) {
        this.namesakePlans.push(plan);
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
        authors.push(this.personAuthor(plan.person, year, plan.showsOrcid ? 0.6 : 0));
        continue;
      }
      let person = this.rng.pick(this.outsidePlaceholders);
      for (let tries = 0; used.has(person) && tries < 10; tries++)
        person = this.rng.pick(this.outsidePlaceholders);
      used.add(person);
      authors.push(this.personAuthor(person, year));
    }
    this.trimAffiliations(authors, year);
    const draft = this.addDraft(this.articleRecord(kind, year, authors, []), []);
    draft.outside = { owner: plan, slots: [...authors.keys()].filter((i) => i !== position), year };
    this.namesakeDrafts.push({ draft, plan, member, position, year, institution: plan.institution });
  }

  // -- circles of collaborators ------------------------------------------------------------------

  /**
   * Puts the outside co-authors on every faculty and namesake paper: most from its author's circle
   * of recurring collaborators (their own group, long-term partners), the rest one-off co-authors
   * from the world at large. A namesake's circle is their own, so a namesake's paper shares
   * co-authors with a faculty member's papers only by the chance that one of their collaborators,
   * or a one-off, is also one of the faculty member's. Drawn from a stream of its own, after every
   * other PubMed choice of the main stream, so that the PMIDs and titles of a seed stay as they were.
   */
  private drawOutsideCoauthors(): void {
    const stream = new Stream(this.seed ^ CIRCLE_STREAM);
    const { rng } = stream;
    this.moveNamesakesFromFormerEmployers(rng);
    const world: Person[] = [];
    const worldAt = new Map<Institution, Person[]>(OTHER_INSTITUTIONS.map((inst) => [inst, []]));
    for (let i = 0; i < WORLD_SIZE; i++) {
      const institution = rng.pick(OTHER_INSTITUTIONS);
      const person = this.newPerson(
        institution,
        rng.pick(institution.departments),
        undefined,
        undefined,
        stream,
      );
      world.push(person);
      worldAt.get(institution)!.push(person);
    }

    const circles = new Map<CircleOwner, CircleMember[]>();
    // Mentors' circles first: a mentee takes on some of their mentor's collaborators.
    const byId = new Map(this.faculty.map((member) => [member.id, member]));
    const ordered = [
      ...this.faculty.filter((member) => member.mentorId === undefined),
      ...this.faculty.filter((member) => member.mentorId !== undefined),
    ];
    const built: CircleMember[][] = [];
    for (const member of ordered) {
      const people = new Set<Person>();
      const mentor = member.mentorId === undefined ? undefined : circles.get(byId.get(member.mentorId)!);
      for (const { person } of rng.shuffle(mentor ?? []).slice(0, rng.int(2, 4))) people.add(person);
      // Colleagues in one division share collaborators: a multicentre study, a network.
      if (built.length > 0)
        for (const { person } of rng.shuffle(rng.pick(built)).slice(0, rng.int(0, 2))) people.add(person);
      // Where they trained: their former mentor, fellows of their year.
      for (const person of rng.shuffle(worldAt.get(member.prior)!).slice(0, rng.int(2, 5)))
        people.add(person);
      const circle = this.circle(people, rng.int(8, 20), world, rng);
      circles.set(member, circle);
      built.push(circle);
    }
    for (const plan of this.namesakePlans) {
      const people = new Set<Person>();
      // Their own group (trainees, staff: theirs alone), and a colleague or two of their department.
      for (let k = rng.int(3, 7); k > 0; k--)
        people.add(this.newPerson(plan.at, rng.pick(plan.at.departments), undefined, undefined, stream));
      for (const person of rng.shuffle(worldAt.get(plan.at) ?? []).slice(0, rng.int(0, 2)))
        people.add(person);
      circles.set(plan, this.circle(people, rng.int(6, 18), world, rng));
    }

    const weighted = new Map(
      [...circles].map(([owner, circle]) => [
        owner,
        circle.map(({ person, weight }) => [person, weight] as const),
      ]),
    );
    for (const draft of this.drafts) {
      if (!draft.outside) continue;
      const { owner, slots, year } = draft.outside;
      const circle = weighted.get(owner)!;
      const { authors } = draft.record;
      const used = new Set<Person>();
      for (const slot of slots) {
        const draw = (): Person => (rng.chance(FROM_CIRCLE) ? rng.weighted(circle) : rng.pick(world));
        let person = draw();
        for (let tries = 0; used.has(person) && tries < 10; tries++) person = draw();
        used.add(person);
        const author = this.personAuthor(person, year, 0.5, rng);
        // The placeholder's affiliation was kept or dropped as MEDLINE does: the same for its successor.
        if (authors[slot]!.affiliations.length === 0) author.affiliations = [];
        authors[slot] = author;
      }
    }
    // An erratum lists the authors of the article it corrects.
    for (const draft of this.drafts) {
      const original = draft.links.find((link) => link.refType === "ErratumFor")?.target;
      if (original && draft.record.authors.length > 0)
        draft.record.authors = original.record.authors.map((a) => ({
          ...a,
          affiliations: [...a.affiliations],
        }));
    }
  }

  /**
   * The world here has a dozen other institutions, so a namesake placed among them would work at
   * their faculty member's former employer one time in twelve: far more often than real namesakes,
   * spread over thousands of institutions, do. Most of them move elsewhere (of the same country
   * or not, as they were); some stay, for it happens: a large university holds several people of
   * a common name. The faculty member's papers from there are the hard case they make.
   */
  private moveNamesakesFromFormerEmployers(rng: Random): void {
    const moved = new Set<NamesakePlan>();
    for (const plan of this.namesakePlans) {
      if (plan.at !== plan.of.prior || rng.chance(STAYS_AT_FORMER_EMPLOYER)) continue;
      const american = plan.at.country === "USA";
      const elsewhere = OTHER_INSTITUTIONS.filter(
        (institution) => institution !== plan.at && (institution.country === "USA") === american,
      );
      plan.at = rng.pick(elsewhere);
      plan.person.affiliation = DivisionBuilder.externalAffiliation(plan.at, rng.pick(plan.at.departments));
      moved.add(plan);
    }
    for (const { draft, plan, position } of this.namesakeDrafts) {
      const author = draft.record.authors[position]!;
      if (moved.has(plan) && author.affiliations.length > 0) author.affiliations = [plan.person.affiliation];
    }
  }

  /**
   * `people`, then others from the world until there are `size`, each with how often they write
   * with the owner: a few close collaborators on most papers, others now and then.
   */
  private circle(people: Set<Person>, size: number, world: readonly Person[], rng: Random): CircleMember[] {
    while (people.size < size) people.add(rng.pick(world));
    return [...people].map((person) => ({ person, weight: Math.exp(0.8 * rng.normal()) }));
  }

  /**
   * Someone from the home institution on a namesake's paper: a multicentre study, a former trainee.
   * PubMed's [ad] matches any author's affiliation, so a name-plus-affiliation search takes the
   * paper for the faculty member's; sometimes the co-author is on the roster, so the paper is
   * theirs and the namesake is their co-author. Drawn from a stream of its own, after every other
   * PubMed choice, so that the PMIDs, titles and every other article of a seed stay as they were.
   */
  private addHomeCoauthorsToNamesakeArticles(): void {
    const rng = new Random(this.seed ^ NAMESAKE_COAUTHOR_STREAM);
    for (const { draft, member, position, year } of this.namesakeDrafts) {
      if (!rng.chance(0.15)) continue;
      const { authors } = draft.record;
      const free = [...authors.keys()].filter((index) => index !== position);
      if (free.length === 0) continue;
      const slot = rng.pick(free);
      const colleagues = this.faculty.filter((other) => other !== member && this.employed(other, year));
      const colleague = colleagues.length > 0 && rng.chance(0.25) ? rng.pick(colleagues) : undefined;
      const author = colleague
        ? this.facultyAuthor(colleague, year, rng)
        : this.personAuthor(rng.pick(this.homePool), year, 0.5, rng);
      // As MEDLINE keeps them: before 2014 only the first author's affiliation.
      if (year < 2014 ? slot > 0 || rng.chance(0.08) : rng.chance(0.06)) author.affiliations = [];
      authors[slot] = author;
      if (colleague) draft.truth.push({ facultyId: colleague.id, authorIndex: slot });
    }
  }

  // -- identifiers and output ------------------------------------------------------------------

  private finish(): PubmedPart {
    const ordered = this.drafts.map((draft, order) => ({ draft, order }));
    ordered.sort((a, b) => a.draft.entered - b.draft.entered || a.order - b.order);
    const pmids = new Set<string>();
    let previous = 0;
    for (const { draft } of ordered) {
      const at = Math.floor(draft.entered / 10000) + (Math.floor(draft.entered / 100) % 100) / 12;
      const value = Math.min(
        99_999_999,
        Math.max(
          10_000_000,
          previous + 1 + this.rng.int(0, 40),
          Math.round(interpolate(PMID_BY_YEAR, at)) + this.rng.int(0, 900),
        ),
      );
      previous = value;
      draft.record.pmid = String(value);
      pmids.add(draft.record.pmid);
    }
    let previousPmc = 0;
    for (const { draft } of ordered) {
      const { record } = draft;
      const funded = record.grants.length > 0;
      const eligible =
        record.publicationTypes.includes("Journal Article") && (record.publicationDate?.year ?? 0) >= 2008;
      if (eligible && this.rng.chance(funded ? 0.85 : 0.15)) {
        const at = Math.floor(draft.entered / 10000) + (Math.floor(draft.entered / 100) % 100) / 12;
        previousPmc = Math.max(
          previousPmc + 1 + this.rng.int(0, 30),
          Math.round(interpolate(PMC_BY_YEAR, at)) + this.rng.int(0, 500),
        );
        record.pmcid = `PMC${previousPmc}`;
      }
    }
    for (const { draft } of ordered) {
      draft.record.commentsCorrections = draft.links.map(({ refType, target }): PubmedCommentCorrection => ({
        refType,
        pmid: target.record.pmid,
        refSource: citation(target.record),
      }));
    }

    const articles = ordered.map(({ draft }) => draft.record);
    const truth: TruthEntry[] = ordered.flatMap(({ draft }) =>
      draft.truth.map((t) => ({
        facultyId: t.facultyId,
        pmid: draft.record.pmid,
        authorIndex: t.authorIndex,
      })),
    );
    const namesakes: NamesakeEntry[] = this.namesakeDrafts.map(
      ({ draft, member, position, institution }) => ({
        facultyId: member.id,
        pmid: draft.record.pmid,
        authorIndex: position,
        institution,
      }),
    );
    namesakes.sort((a, b) => a.pmid.localeCompare(b.pmid) || a.facultyId.localeCompare(b.facultyId));
    const abstracts: Record<string, SandboxAbstract> = {};
    for (const { draft } of ordered)
      if (draft.abstract !== undefined) abstracts[draft.record.pmid] = draft.abstract;
    return {
      institution: this.home.name,
      faculty: this.faculty.map((member) => this.rosterRow(member)),
      articles,
      truth,
      namesakes,
      abstracts,
    };
  }
}

/** MEDLINE writes end pages without the digits they share with the start: 1123-1130 → 1123-30. */
function medlineEndPage(start: number, end: number): string {
  const s = String(start);
  const e = String(end);
  if (s.length !== e.length) return e;
  let i = 0;
  while (i < s.length - 1 && s[i] === e[i]) i++;
  return e.slice(i);
}

/** The RefSource a CommentsCorrections entry gives for the record it points to. */
function citation(record: PubmedArticleRecord): string {
  const date = record.publicationDate;
  const when =
    date?.text ?? (date ? `${date.year}${date.month ? ` ${MONTH_NAMES[date.month - 1]!}` : ""}` : "");
  const volume = record.volume ? `;${record.volume}${record.issue ? `(${record.issue})` : ""}` : "";
  const pages = record.pages ? `:${record.pages}` : "";
  const doi = record.doi ? ` doi: ${record.doi}.` : "";
  return `${record.journalAbbreviation ?? record.journal ?? ""}. ${when}${volume}${pages}.${doi}`;
}

// ---------------------------------------------------------------------------------------------
// ORCID records and RePORTER projects. Drawn from a stream of their own, after the PubMed part is
// complete, so that a seed's PubMed part is the same with or without them.

const ACTIVITY_STREAM = 0x0c1d;
const DAY_MS = 86_400_000;

interface Ic {
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

const MECHANISMS: Record<string, Mechanism> = {
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

const STUDY_SECTIONS: ReadonlyArray<readonly [string, string]> = [
  ["HSOD", "Health Services Organization and Delivery Study Section [HSOD]"],
  ["HDEP", "Health Disparities and Equity Promotion Study Section [HDEP]"],
  ["CIHB", "Community Influences on Health Behavior Study Section [CIHB]"],
  ["NRCS", "Nursing and Related Clinical Sciences Study Section [NRCS]"],
  ["MPOR", "NHLBI Mentored Patient-Oriented Research Review Committee [MPOR]"],
];

const ORCID_COUNTRIES: Record<string, string> = {
  USA: "US",
  Spain: "ES",
  Denmark: "DK",
  France: "FR",
  Germany: "DE",
  Brazil: "BR",
  Turkey: "TR",
  Vietnam: "VN",
};

/** SGIM's region for the home institution's state. */
const SGIM_REGIONS: Record<string, string> = {
  MA: "New England",
  OH: "Midwest",
  OR: "Northwest",
  PA: "Mid-Atlantic",
};

interface Meeting {
  name: string;
  months: readonly number[];
}

const NATIONAL_MEETINGS: Meeting[] = [
  { name: "SGIM Annual Meeting", months: [4, 5] },
  { name: "Society of Hospital Medicine Annual Conference", months: [3, 4] },
  { name: "ACP Internal Medicine Meeting", months: [4] },
  { name: "AcademyHealth Annual Research Meeting", months: [6] },
  { name: "American Geriatrics Society Annual Scientific Meeting", months: [5] },
  { name: "AAMC Learn Serve Lead", months: [11] },
  { name: "Academic Internal Medicine Week", months: [3, 4] },
];

const INTERNATIONAL_MEETINGS: Meeting[] = [
  { name: "International Conference on Residency Education", months: [9, 10] },
  { name: "European Congress of Internal Medicine", months: [3] },
];

const PRESENTATION_TYPES: Record<PresentationScope, ReadonlyArray<readonly [string, number]>> = {
  international: [
    ["conference-presentation", 1],
    ["conference-poster", 1],
  ],
  national: [
    ["conference-presentation", 7],
    ["conference-poster", 8],
    ["conference-abstract", 5],
  ],
  regional: [
    ["conference-presentation", 1],
    ["conference-poster", 2],
  ],
  local: [
    ["lecture-speech", 6],
    ["conference-presentation", 4],
  ],
};

interface Foundation {
  name: string;
  city: string;
  region: string;
  type: OrcidFundingSummaryJson["type"];
  amount: readonly [number, number];
  /** What the funder calls the award. */
  definedType: string;
}

const FOUNDATIONS: Foundation[] = [
  {
    name: "Harwell Foundation for Primary Care",
    city: "Boston",
    region: "MA",
    type: "grant",
    amount: [25_000, 150_000],
    definedType: "Practice Innovation Grant",
  },
  {
    name: "Lakemont Health Trust",
    city: "Chicago",
    region: "IL",
    type: "grant",
    amount: [50_000, 300_000],
    definedType: "Health Equity Research Grant",
  },
  {
    name: "Alder Family Foundation",
    city: "Minneapolis",
    region: "MN",
    type: "salary-award",
    amount: [90_000, 240_000],
    definedType: "Scholars in Aging Award",
  },
  {
    name: "Society of General Internal Medicine",
    city: "Alexandria",
    region: "VA",
    type: "award",
    amount: [10_000, 50_000],
    definedType: "Career Development Award",
  },
  {
    name: "Brightwater Medical Education Fund",
    city: "Philadelphia",
    region: "PA",
    type: "grant",
    amount: [10_000, 60_000],
    definedType: "Educational Innovation Grant",
  },
];

/** ORCID member applications that add works to people's records. */
const CROSSREF = { clientId: "0000-0001-9884-1913", name: "Crossref" };
const SCOPUS = { clientId: "0000-0002-5982-8983", name: "Scopus - Elsevier" };
/** Europe PMC's import runs under an ORCID iD of its own, not a client id. */
const EUROPE_PMC = { orcid: "0000-0002-9157-3431", name: "Europe PubMed Central" };

/** RePORTER's application ids grow with the fiscal year. */
const APPL_ID_BY_YEAR: ReadonlyArray<readonly [number, number]> = [
  [2000, 6_000_000],
  [2005, 6_900_000],
  [2008, 7_450_000],
  [2012, 8_250_000],
  [2016, 9_100_000],
  [2020, 9_950_000],
  [2024, 10_950_000],
];

interface WorkVersion {
  summary: OrcidWorkSummaryJson;
  detail: OrcidWorkJson;
  /** yyyymmdd of the work, to list the newest first as ORCID does. */
  sortKey: number;
}

interface FundingVersion {
  summary: OrcidFundingSummaryJson;
  detail: OrcidFundingJson;
  sortKey: number;
}

interface OrcidDraft {
  member: FacultyPlan;
  orcid: string;
  /** The name the owner's own entries carry as their source name. */
  displayName: string;
  /** Topics the person works on: grants, talks and preprints are about them. */
  topics: Topic[];
  works: WorkVersion[][];
  fundings: FundingVersion[][];
  /** How much of their PubMed output the person keeps on ORCID. */
  completeness: number;
}

interface WorkSpec {
  source: OrcidSourceJson;
  type: string;
  title: string;
  journalTitle?: string;
  date: PartialDate;
  ids: OrcidExternalIdJson[];
  url?: string;
  contributors: OrcidWorkContributorJson[];
  displayIndex?: string;
}

interface ReporterPerson {
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

interface Award {
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

class ActivityBuilder {
  private readonly rng: Random;
  private readonly faker: Faker;
  private readonly drafts = new Map<string, OrcidDraft>();
  private readonly draftsByFaculty = new Map<string, OrcidDraft>();
  private readonly reporterPeople = new Map<string, ReporterPerson>();
  private readonly usedProfileIds = new Set<number>();
  private readonly usedSerials = new Set<string>();
  private readonly organizations = new Map<string, ReporterOrganizationJson>();
  private readonly awards: Award[] = [];
  private readonly presentationTruth: PresentationTruthEntry[] = [];
  private workPutCode: number;
  private fundingPutCode: number;
  private otherPutCode: number;
  private readonly institutionClient: { clientId: string; name: string };
  private readonly homeRor: string;
  private deactivated?: string;

  constructor(
    seed: number,
    private readonly faculty: readonly FacultyPlan[],
    private readonly home: HomeInstitution,
    private readonly pubmed: PubmedPart,
    private readonly fromYear: number,
    private readonly toYear: number,
  ) {
    this.rng = new Random(seed ^ ACTIVITY_STREAM);
    this.faker = new Faker({ locale: [en, base] });
    this.faker.seed(seed ^ ACTIVITY_STREAM);
    this.workPutCode = this.rng.int(20_000_000, 30_000_000);
    this.fundingPutCode = this.rng.int(400_000, 900_000);
    this.otherPutCode = this.rng.int(1_000_000, 3_000_000);
    this.institutionClient = {
      clientId: `APP-${this.code(16, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789")}`,
      name: `${home.name} Research Information System`,
    };
    this.homeRor = `https://ror.org/0${this.code(6, "0123456789abcdefghjkmnpqrstvwxyz")}${this.rng.int(10, 99)}`;
  }

  build(): Omit<FictionalDivision, keyof PubmedPart> {
    this.planAwards();
    this.planNamesakeAwards();
    const reporterProjects = this.writeProjects();
    const grantTruth = this.grantTruth();

    const withOrcid = this.faculty.filter((member) => member.orcid !== undefined);
    for (const member of withOrcid) {
      const orcid = member.orcid!;
      const draft: OrcidDraft = {
        member,
        orcid,
        displayName: this.displayName(member),
        topics: this.rng.shuffle(TOPICS).slice(0, 2),
        works: [],
        fundings: [],
        completeness: 0.3 + 0.65 * this.rng.next(),
      };
      this.drafts.set(orcid, draft);
      this.draftsByFaculty.set(member.id, draft);
    }
    // One record ORCID has deactivated, so the harvest meets that answer: not when it is the only one.
    if (withOrcid.length >= 2) this.deactivated = this.rng.pick(withOrcid).orcid;

    const truthByFaculty = new Map<string, TruthEntry[]>();
    for (const entry of this.pubmed.truth) {
      const entries = truthByFaculty.get(entry.facultyId);
      if (entries) entries.push(entry);
      else truthByFaculty.set(entry.facultyId, [entry]);
    }
    const articles = new Map(this.pubmed.articles.map((article) => [article.pmid, article]));
    const live = [...this.drafts.values()].filter((draft) => draft.orcid !== this.deactivated);
    for (const draft of live) {
      for (const entry of truthByFaculty.get(draft.member.id) ?? [])
        this.articleWork(draft, articles.get(entry.pmid)!, entry.authorIndex);
      this.preprints(draft, truthByFaculty.get(draft.member.id) ?? [], articles);
      this.presentations(draft);
      this.awardFundings(draft);
      this.foundationFundings(draft);
    }

    const orcidRecords: Record<string, SandboxOrcidRecord> = {};
    for (const draft of this.drafts.values()) {
      orcidRecords[draft.orcid] =
        draft.orcid === this.deactivated ? this.deactivatedRecord(draft) : this.record(draft);
    }
    // Only people RePORTER lists have a profile: not one whose award has yet to be funded.
    const listed = new Set(
      reporterProjects.flatMap((project) => project.principal_investigators.map((pi) => pi.profile_id)),
    );
    const reporterProfileIds: Record<string, number> = {};
    for (const member of this.faculty) {
      const person = this.reporterPeople.get(member.id);
      if (person && listed.has(person.profileId)) reporterProfileIds[member.id] = person.profileId;
    }
    return {
      orcidRecords,
      reporterProjects,
      reporterProfileIds,
      grantTruth,
      presentationTruth: this.presentationTruth,
    };
  }

  private code(length: number, alphabet: string): string {
    return Array.from({ length }, () => alphabet.charAt(this.rng.int(0, alphabet.length - 1))).join("");
  }

  // -- RePORTER -------------------------------------------------------------------------------

  /** About a third of the faculty lead NIH awards: the grants their articles cite, or one of their own. */
  private planAwards(): void {
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
  private planNamesakeAwards(): void {
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
      const uei = this.code(12, "ABCDEFGHJKLMNPQRSTUVWXYZ0123456789");
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

  /** Every fiscal-year record of every award, application ids in order of award, sorted by them. */
  private writeProjects(): ReporterProjectJson[] {
    const now = new Date(Date.UTC(this.toYear, 8, 30));
    const pending: Array<{ record: ReporterProjectJson; budgetStart: number }> = [];
    for (const award of this.awards) {
      const mechanism = MECHANISMS[award.activity]!;
      const base = this.rng.int(mechanism.amount[0], mechanism.amount[1]);
      const indirectRate =
        mechanism.indirect[0] + (mechanism.indirect[1] - mechanism.indirect[0]) * this.rng.next();
      const total = award.segments.reduce((sum, years) => sum + years, 0);
      const segmentEnd = (segment: number): Date =>
        addDays(
          addYears(
            award.start,
            award.segments.slice(0, segment + 1).reduce((sum, years) => sum + years, 0),
          ),
          -1,
        );
      const projectEnd = segmentEnd(award.segments.length - 1);
      const [srgCode, srgName] = award.activity.startsWith("K")
        ? STUDY_SECTIONS[4]!
        : this.rng.pick(STUDY_SECTIONS.slice(0, 4));
      const officer = {
        first_name: this.faker.person.firstName().toUpperCase(),
        middle_name: this.rng.chance(0.5) ? this.faker.person.firstName().charAt(0).toUpperCase() : "",
        last_name: this.faker.person.lastName().toUpperCase(),
      };
      const programOfficer = {
        ...officer,
        full_name: `${officer.first_name} ${officer.middle_name} ${officer.last_name}`,
      };
      for (let supportYear = 1; supportYear <= total; supportYear++) {
        const budgetStart = addYears(award.start, supportYear - 1);
        const fiscalYear = fiscalYearOf(budgetStart);
        if (fiscalYear > this.toYear) break;
        const segment = supportYear <= award.segments[0]! ? 0 : 1;
        const type =
          supportYear === 1 ? "1" : segment === 1 && supportYear === award.segments[0]! + 1 ? "2" : "5";
        const amount = Math.round(base * (1 + this.rng.int(-3, 3) / 100));
        const shared = {
          award,
          fiscalYear,
          projectEnd: segmentEnd(segment),
          active: projectEnd > now,
          indirectRate,
          srg: [srgCode, srgName] as const,
          programOfficer,
        };
        pending.push({
          record: this.projectRecord({ ...shared, type, supportYear, suffix: "", amount, budgetStart }),
          budgetStart: budgetStart.getTime(),
        });
        if (award.supplementYear === supportYear) {
          const start = addDays(budgetStart, this.rng.int(60, 200));
          pending.push({
            record: this.projectRecord({
              ...shared,
              fiscalYear: fiscalYearOf(start),
              type: "3",
              supportYear,
              suffix: "S1",
              amount: this.rng.int(40_000, 160_000),
              budgetStart: start,
            }),
            budgetStart: start.getTime(),
          });
        }
      }
    }
    pending.sort((a, b) => a.record.fiscal_year - b.record.fiscal_year || a.budgetStart - b.budgetStart);
    let previous = 0;
    for (const { record } of pending) {
      previous = Math.max(
        previous + 1 + this.rng.int(0, 3_000),
        Math.round(interpolate(APPL_ID_BY_YEAR, record.fiscal_year)) + this.rng.int(0, 60_000),
      );
      record.appl_id = previous;
      record.project_detail_url = `https://reporter.nih.gov/project-details/${previous}`;
    }
    return pending.map(({ record }) => record);
  }

  private projectRecord(spec: {
    award: Award;
    fiscalYear: number;
    type: string;
    supportYear: number;
    suffix: string;
    amount: number;
    budgetStart: Date;
    projectEnd: Date;
    active: boolean;
    indirectRate: number;
    srg: readonly [string, string];
    programOfficer: ReporterProjectJson["program_officers"][number];
  }): ReporterProjectJson {
    const { award } = spec;
    const support = String(spec.supportYear).padStart(2, "0");
    const direct = Math.round(spec.amount / (1 + spec.indirectRate));
    const indirect = spec.amount - direct;
    const budgetEnd = addDays(
      spec.suffix ? addYears(award.start, spec.supportYear) : addYears(spec.budgetStart, 1),
      -1,
    );
    const contact = award.contact;
    const organization = contact.organization;
    const record: ReporterProjectJson = {
      appl_id: 0,
      subproject_id: null,
      fiscal_year: spec.fiscalYear,
      project_num: `${spec.type}${award.activity}${award.ic.code}${award.serial}-${support}${spec.suffix}`,
      project_serial_num: `${award.ic.code}${award.serial}`,
      organization,
      award_type: spec.type,
      activity_code: award.activity,
      award_amount: spec.amount,
      is_active: spec.active,
      project_num_split: {
        appl_type_code: spec.type,
        activity_code: award.activity,
        ic_code: award.ic.code,
        serial_num: award.serial,
        support_year: support,
        full_support_year: `${support}${spec.suffix}`,
        suffix_code: spec.suffix,
      },
      // The contact PI first, as RePORTER lists them.
      principal_investigators: [contact, ...award.pis.filter((pi) => pi !== contact)].map((pi) =>
        reporterPiJson(pi, pi === contact),
      ),
      contact_pi_name:
        `${contact.last.toUpperCase()}, ${contact.first.toUpperCase()} ${contact.middle.toUpperCase()}`.replace(
          / +$/,
          " ",
        ),
      program_officers: [spec.programOfficer],
      agency_ic_admin: { code: award.ic.code, abbreviation: award.ic.abbreviation, name: award.ic.name },
      agency_ic_fundings: [
        {
          fy: spec.fiscalYear,
          code: award.ic.code,
          name: award.ic.name,
          abbreviation: award.ic.abbreviation,
          total_cost: spec.amount,
          direct_cost_ic: direct,
          indirect_cost_ic: indirect,
        },
      ],
      cong_dist: contact.congressionalDistrict,
      spending_categories: null,
      project_start_date: reporterDate(award.start),
      project_end_date: reporterDate(spec.projectEnd),
      organization_type: { name: "SCHOOLS OF MEDICINE", code: "20", is_other: false },
      geo_lat_lon: null,
      opportunity_number: MECHANISMS[award.activity]!.opportunity,
      full_study_section: {
        srg_code: spec.srg[0],
        srg_flex: null,
        sra_designator_code: null,
        sra_flex_code: null,
        group_code: null,
        name: spec.srg[1],
      },
      award_notice_date: reporterDate(addDays(spec.budgetStart, -this.rng.int(5, 45))),
      is_new: spec.type === "1",
      mechanism_code_dc: MECHANISMS[award.activity]!.budgetMechanism,
      core_project_num: award.core,
      terms: null,
      pref_terms: null,
      abstract_text:
        `Little is known about ${award.topic.phrase} ${award.population}. ` +
        `This project will test practical strategies for ${award.topic.phrase} and measure their effect on patient outcomes.`,
      project_title: award.title,
      phr_text: `Narrative\nBetter ${award.topic.phrase} could improve the health of patients seen ${award.population}.`,
      spending_categories_desc: null,
      agency_code: award.ic.agency,
      covid_response: null,
      arra_funded: "N",
      budget_start: reporterDate(spec.budgetStart),
      budget_end: reporterDate(budgetEnd),
      cfda_code: award.ic.cfda,
      funding_mechanism: "Non-SBIR/STTR",
      direct_cost_amt: direct,
      indirect_cost_amt: indirect,
      project_detail_url: "",
      date_added: `${reporterDate(addDays(spec.budgetStart, this.rng.int(1, 20))).slice(0, 10)}T${String(this.rng.int(6, 22)).padStart(2, "0")}:${String(this.rng.int(0, 59)).padStart(2, "0")}:${String(this.rng.int(0, 59)).padStart(2, "0")}`,
    };
    award.records.push(record);
    return record;
  }

  /** The faculty PIs of every award that has a record: contact PI in any year → pi, else multiple_pi. */
  private grantTruth(): GrantTruthEntry[] {
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

  // -- ORCID ----------------------------------------------------------------------------------

  private displayName(member: FacultyPlan): string {
    const { name } = member;
    const middle = name.middle ? ` ${name.middle.length === 1 ? `${name.middle}.` : name.middle}` : "";
    return `${name.first}${middle} ${name.last}${name.suffix ? ` ${name.suffix}` : ""}`;
  }

  private ownSource(draft: OrcidDraft): OrcidSourceJson {
    return {
      "source-orcid": orcidIdentifier(draft.orcid),
      "source-client-id": null,
      "source-name": { value: draft.displayName },
      "assertion-origin-orcid": null,
      "assertion-origin-client-id": null,
      "assertion-origin-name": null,
    };
  }

  private clientSource(client: { clientId: string; name: string }, draft?: OrcidDraft): OrcidSourceJson {
    return {
      "source-orcid": null,
      "source-client-id": {
        uri: `https://orcid.org/client/${client.clientId}`,
        path: client.clientId,
        host: "orcid.org",
      },
      "source-name": { value: client.name },
      "assertion-origin-orcid": draft ? orcidIdentifier(draft.orcid) : null,
      "assertion-origin-client-id": null,
      "assertion-origin-name": draft ? { value: draft.displayName } : null,
    };
  }

  /** Milliseconds since 1970 of when an item of `year` reached ORCID: not before ORCID opened. */
  private stamp(date: PartialDate): number {
    const at =
      Date.UTC(Math.max(date.year, 2013), (date.month ?? 1) - 1, date.day ?? 1) +
      this.rng.int(3, 200) * DAY_MS +
      this.rng.int(0, DAY_MS - 1);
    return Math.min(at, Date.UTC(this.toYear, 11, 31, 12));
  }

  private workVersion(draft: OrcidDraft, spec: WorkSpec): WorkVersion {
    this.workPutCode += this.rng.int(1, 90_000);
    const putCode = this.workPutCode;
    const created = this.stamp(spec.date);
    const common = {
      "put-code": putCode,
      "created-date": { value: created },
      "last-modified-date": { value: created + (this.rng.chance(0.3) ? this.rng.int(1, 90) * DAY_MS : 0) },
      source: spec.source,
      title: { title: { value: spec.title }, subtitle: null, "translated-title": null },
      "external-ids": { "external-id": spec.ids },
      url: spec.url === undefined ? null : { value: spec.url },
      type: spec.type,
      "publication-date": orcidDate(spec.date),
      "journal-title": spec.journalTitle === undefined ? null : { value: spec.journalTitle },
      visibility: "public" as const,
      path: `/${draft.orcid}/work/${putCode}`,
    };
    return {
      summary: { ...common, "display-index": spec.displayIndex ?? "0" },
      detail: {
        ...common,
        "short-description": null,
        citation: null,
        contributors: { contributor: spec.contributors },
        "language-code": this.rng.chance(0.5) ? "en" : null,
        country: null,
      },
      sortKey: ymd(spec.date),
    };
  }

  /** A PubMed article as ORCID lists it: one group, with a version from each source that sent it. */
  private articleWork(draft: OrcidDraft, article: PubmedArticleRecord, authorIndex: number): void {
    if (
      article.publicationTypes.includes("Published Erratum") ||
      article.publicationTypes.includes("Retraction of Publication")
    )
      return;
    const year = article.publicationDate?.year ?? this.toYear;
    if (!this.rng.chance(draft.completeness * (year >= 2013 ? 1 : 0.7))) return;
    const versions: WorkVersion[] = [];
    const doi = article.doi;
    const date = article.electronicDate ?? article.publicationDate ?? { year };
    const title = (article.vernacularTitle ?? article.title).replace(/\.$/, "");
    const authors = article.authors;
    const crossrefName = (author: PubmedAuthor): string =>
      author.collectiveName ?? `${author.foreName ?? ""} ${author.lastName ?? ""}`.trim();

    if (doi !== undefined && this.rng.chance(0.7)) {
      // Crossref sometimes deposits the DOI in capitals.
      const value = this.rng.chance(0.2) ? doi.toUpperCase() : doi;
      versions.push(
        this.workVersion(draft, {
          source: this.clientSource(CROSSREF),
          type: "journal-article",
          title,
          journalTitle: article.journal,
          date,
          ids: [externalId("doi", value, doi.toLowerCase(), `https://doi.org/${value}`)],
          url: `https://doi.org/${value}`,
          contributors: authors.map((author, i) =>
            workContributor(crossrefName(author), author.orcid, i === 0 ? "first" : "additional"),
          ),
        }),
      );
    }
    if (this.rng.chance(0.45)) {
      versions.push(
        this.workVersion(draft, {
          source: {
            "source-orcid": orcidIdentifier(EUROPE_PMC.orcid),
            "source-client-id": null,
            "source-name": { value: EUROPE_PMC.name },
            "assertion-origin-orcid": null,
            "assertion-origin-client-id": null,
            "assertion-origin-name": null,
          },
          type: "journal-article",
          title: article.vernacularTitle ?? article.title,
          date: { year: date.year, month: date.month },
          ids: [
            externalId("pmid", article.pmid, article.pmid),
            ...(article.pmcid ? [externalId("pmc", article.pmcid, article.pmcid)] : []),
            ...(doi ? [externalId("doi", doi, doi)] : []),
          ],
          url: `http://europepmc.org/abstract/med/${article.pmid}`,
          contributors: authors.map((author) =>
            workContributor(
              author.collectiveName ?? `${author.lastName ?? ""} ${author.initials ?? ""}`.trim(),
              author.orcid,
              null,
            ),
          ),
        }),
      );
    }
    if (versions.length === 0 || this.rng.chance(0.25)) {
      // Typed in by the owner: a DOI pasted as a link, in whatever case the publisher printed it.
      const ids = doi
        ? [
            this.rng.chance(0.5)
              ? externalId(
                  "doi",
                  `https://doi.org/${doi.toUpperCase()}`,
                  doi,
                  `https://doi.org/${doi.toUpperCase()}`,
                )
              : externalId("doi", doi, doi, `https://doi.org/${doi}`),
          ]
        : [externalId("pmid", article.pmid, article.pmid)];
      const own = authors[authorIndex]!;
      versions.push(
        this.workVersion(draft, {
          source: this.ownSource(draft),
          type: "journal-article",
          title,
          journalTitle: this.rng.chance(0.5) ? article.journal : article.journalAbbreviation,
          date: article.publicationDate ?? { year },
          ids,
          contributors: this.rng.chance(0.5)
            ? [workContributor(crossrefName(own), draft.orcid, authorIndex === 0 ? "first" : "additional")]
            : authors.map((author, i) =>
                workContributor(
                  crossrefName(author),
                  i === authorIndex ? draft.orcid : undefined,
                  i === 0 ? "first" : "additional",
                ),
              ),
          displayIndex: "1",
        }),
      );
    }
    if (doi !== undefined && this.rng.chance(0.12)) {
      versions.push(
        this.workVersion(draft, {
          source: this.clientSource(SCOPUS, draft),
          type: "journal-article",
          title,
          journalTitle: article.journal,
          date: { year: date.year },
          ids: [
            externalId("doi", doi, doi),
            externalId("eid", `2-s2.0-85${String(this.rng.int(0, 999_999_999)).padStart(9, "0")}`, undefined),
          ],
          contributors: [],
        }),
      );
    }
    draft.works.push(versions);
  }

  /** A preprint or two on medRxiv, sometimes pointing at the article it became. */
  private preprints(
    draft: OrcidDraft,
    truth: readonly TruthEntry[],
    articles: Map<string, PubmedArticleRecord>,
  ): void {
    if (draft.member.track === "clinician-educator" || this.toYear < 2019) return;
    const count = this.rng.weighted([
      [0, 5],
      [1, 3],
      [2, 1],
    ] as const);
    for (let n = 0; n < count; n++) {
      const year = this.rng.int(Math.max(2019, this.fromYear), this.toYear);
      const month = this.rng.int(1, 12);
      const day = this.rng.int(1, 28);
      const doi = `10.1101/${year}.${String(month).padStart(2, "0")}.${String(day).padStart(2, "0")}.${this.rng.int(19_000_000, 23_999_999)}`;
      const later = truth
        .map((entry) => articles.get(entry.pmid)!)
        .filter((article) => article.doi && (article.publicationDate?.year ?? 0) >= year);
      const published = later.length > 0 && this.rng.chance(0.5) ? this.rng.pick(later) : undefined;
      const topic = this.rng.pick(draft.topics);
      const title = published
        ? published.title.replace(/\.$/, "")
        : `${capitalize(topic.phrase)} ${this.rng.pick(POPULATIONS)}: ${this.rng.pick(DESIGNS).phrase}`;
      const contributors = this.coauthors(draft, this.rng.int(2, 6), this.rng.chance(0.6) ? 0 : -1);
      const crossref = this.rng.chance(0.6);
      const version = this.workVersion(draft, {
        source: crossref ? this.clientSource(CROSSREF) : this.ownSource(draft),
        type: "preprint",
        title,
        journalTitle: "medRxiv",
        date: { year, month, day },
        ids: [
          externalId("doi", doi, doi, `https://doi.org/${doi}`),
          ...(published?.doi
            ? [
                externalId(
                  "doi",
                  published.doi,
                  published.doi,
                  `https://doi.org/${published.doi}`,
                  "version-of",
                ),
              ]
            : []),
        ],
        url: `https://www.medrxiv.org/content/${doi}v1`,
        contributors,
      });
      draft.works.push([version]);
    }
  }

  /**
   * Contributors of a talk or preprint: the owner at `ownerAt` (0 first, -1 last) and made-up
   * co-authors; the owner's mentor among them when given.
   */
  private coauthors(
    draft: OrcidDraft,
    count: number,
    ownerAt: number,
    mentor?: OrcidDraft,
  ): OrcidWorkContributorJson[] {
    const names: Array<{ name: string; orcid?: string }> = Array.from(
      { length: Math.max(0, count - 1) },
      () => ({
        name: `${this.faker.person.firstName()} ${this.faker.person.lastName()}`,
      }),
    );
    if (mentor) names.push({ name: mentor.displayName, orcid: mentor.orcid });
    const owner = { name: draft.displayName, orcid: draft.orcid };
    if (ownerAt === 0) names.unshift(owner);
    else if (ownerAt === -1 && !mentor) names.push(owner);
    else names.splice(Math.min(names.length, 1 + this.rng.int(0, Math.max(0, names.length - 1))), 0, owner);
    return names.map((person, i) =>
      workContributor(person.name, person.orcid, i === 0 ? "first" : "additional"),
    );
  }

  /** Talks and posters that exist only on ORCID: more national ones once the program began. */
  private presentations(draft: OrcidDraft): void {
    const { member } = draft;
    if (!this.rng.chance(0.85)) return;
    const senior = member.role === "full" || member.role === "associate";
    for (let year = Math.max(this.fromYear, member.hireYear - 2); year <= this.toYear; year++) {
      const post = member.programStartYear !== undefined && year > member.programStartYear;
      const employed = year >= member.hireYear;
      const national = this.rng.poisson((senior ? 0.8 : 0.45) * (post ? 2.1 : 1) * (employed ? 1 : 0.6));
      for (let n = 0; n < national; n++)
        this.presentation(draft, year, this.rng.chance(0.92) ? "national" : "international");
      if (!employed) continue;
      const other = this.rng.poisson((senior ? 0.6 : 0.4) * (post ? 1.4 : 1));
      for (let n = 0; n < other; n++)
        this.presentation(draft, year, this.rng.chance(0.55) ? "local" : "regional");
    }
  }

  private presentation(draft: OrcidDraft, year: number, scope: PresentationScope): void {
    const { member } = draft;
    const meeting: Meeting =
      scope === "national"
        ? this.rng.pick(NATIONAL_MEETINGS)
        : scope === "international"
          ? this.rng.pick(INTERNATIONAL_MEETINGS)
          : scope === "regional"
            ? {
                name: `SGIM ${SGIM_REGIONS[this.home.region] ?? "Midwest"} Regional Meeting`,
                months: [2, 3, 10],
              }
            : {
                name: this.rng.pick([
                  `Department of Medicine Grand Rounds, ${this.home.name}`,
                  "Division of General Internal Medicine Research in Progress Conference",
                  `${this.home.name} Medical Education Day`,
                  `${this.home.hospital} Quality and Safety Symposium`,
                ]),
                months: [1, 2, 3, 4, 5, 6, 9, 10, 11, 12],
              };
    const type = this.rng.weighted(PRESENTATION_TYPES[scope]);
    const topic = this.rng.pick(draft.topics);
    const population = this.rng.pick(POPULATIONS);
    const title =
      type === "lecture-speech"
        ? `${capitalize(topic.phrase)}: what the generalist needs to know`
        : this.rng.pick([
            `${capitalize(topic.phrase)} ${population}: early results`,
            `Implementing ${topic.phrase} ${population}: lessons from a quality improvement initiative`,
            `Teaching ${topic.phrase} to internal medicine residents: a curriculum evaluation`,
            `Patient perspectives on ${topic.phrase} ${population}`,
          ]);
    const mentorDraft = member.mentorId ? this.draftsByFaculty.get(member.mentorId) : undefined;
    const afterStart = member.programStartYear !== undefined && year >= member.programStartYear;
    const withMentor =
      mentorDraft !== undefined && afterStart && this.rng.chance(0.5) ? mentorDraft : undefined;
    const contributors =
      type === "lecture-speech"
        ? [workContributor(draft.displayName, draft.orcid, "first")]
        : this.coauthors(draft, this.rng.int(1, 5), this.rng.chance(0.7) ? 0 : 1, withMentor);
    const date = {
      year,
      month: this.rng.pick(meeting.months),
      day: this.rng.chance(0.6) ? this.rng.int(1, 28) : undefined,
    };
    const on = (owner: OrcidDraft): void => {
      const version = this.workVersion(owner, {
        source: this.ownSource(owner),
        type,
        title,
        journalTitle: meeting.name,
        date,
        ids: [],
        contributors,
      });
      owner.works.push([version]);
      this.presentationTruth.push({
        facultyId: owner.member.id,
        putCode: version.summary["put-code"],
        scope,
      });
    };
    on(draft);
    // A co-presenting mentor sometimes lists the talk too: the same talk on two records.
    if (withMentor && withMentor.orcid !== this.deactivated && this.rng.chance(0.4)) on(withMentor);
  }

  private fundingVersion(
    draft: OrcidDraft,
    spec: {
      source: OrcidSourceJson;
      type: OrcidFundingSummaryJson["type"];
      title: string;
      organization: OrcidOrganizationJson;
      grantNumber?: string;
      url?: string;
      start?: PartialDate;
      end?: PartialDate;
      definedType?: string;
      amount?: number;
      contributors: OrcidFundingContributorJson[];
      displayIndex?: string;
    },
  ): FundingVersion {
    this.fundingPutCode += this.rng.int(1, 5_000);
    const putCode = this.fundingPutCode;
    const created = this.stamp(spec.start ?? { year: this.toYear - 1 });
    const common = {
      "put-code": putCode,
      "created-date": { value: created },
      "last-modified-date": { value: created },
      source: spec.source,
      title: { title: { value: spec.title }, "translated-title": null },
      "external-ids": {
        "external-id":
          spec.grantNumber === undefined
            ? []
            : [externalId("grant_number", spec.grantNumber, undefined, spec.url)],
      },
      url: spec.url === undefined ? null : { value: spec.url },
      type: spec.type,
      "start-date": spec.start === undefined ? null : orcidDate(spec.start),
      "end-date": spec.end === undefined ? null : orcidDate(spec.end),
      organization: spec.organization,
      visibility: "public" as const,
      path: `/${draft.orcid}/funding/${putCode}`,
    };
    return {
      summary: { ...common, "display-index": spec.displayIndex ?? "0" },
      detail: {
        ...common,
        "organization-defined-type": spec.definedType === undefined ? null : { value: spec.definedType },
        "short-description": null,
        amount: spec.amount === undefined ? null : { value: String(spec.amount), "currency-code": "USD" },
        contributors: { contributor: spec.contributors },
      },
      sortKey: spec.start ? ymd(spec.start) : 0,
    };
  }

  /** The person's NIH awards as they list them on ORCID: lead if the contact PI, co-lead otherwise. */
  private awardFundings(draft: OrcidDraft): void {
    for (const award of this.awards) {
      if (award.records.length === 0) continue;
      const self = award.pis.find((pi) => pi.facultyId === draft.member.id);
      if (!self || !this.rng.chance(0.75)) continue;
      const first = award.records.reduce((a, b) => (a.appl_id < b.appl_id ? a : b));
      const grantNumber = this.rng.weighted([
        [award.core, 5],
        [first.project_num, 2],
        [`${award.activity} ${award.ic.code}${award.serial}`, 3],
      ] as const);
      const end = addDays(
        addYears(
          award.start,
          award.segments.reduce((sum, years) => sum + years, 0),
        ),
        -1,
      );
      const dated = this.rng.chance(0.8);
      const total = award.records.reduce((sum, record) => sum + record.award_amount, 0);
      const role = self === award.contact ? "lead" : "co-lead";
      const contributors = this.rng.chance(0.2)
        ? []
        : [
            fundingContributor(draft.displayName, draft.orcid, role),
            ...(this.rng.chance(0.3)
              ? award.pis
                  .filter((pi) => pi !== self)
                  .map((pi) =>
                    fundingContributor(
                      `${capitalize(pi.first.toLowerCase())} ${capitalize(pi.last.toLowerCase())}`,
                      undefined,
                      pi === award.contact ? "lead" : "co-lead",
                    ),
                  )
              : []),
          ];
      const spec = {
        type: "grant" as const,
        title: award.title,
        organization: {
          name: award.ic.name,
          address: { city: award.ic.city, region: "MD", country: "US" },
          "disambiguated-organization": {
            "disambiguated-organization-identifier": `http://dx.doi.org/10.13039/${award.ic.fundref}`,
            "disambiguation-source": "FUNDREF",
          },
        },
        grantNumber,
        url: this.rng.chance(0.4) ? first.project_detail_url : undefined,
        start: dated ? dateOf(award.start) : undefined,
        end: dated ? dateOf(end) : undefined,
        definedType: MECHANISMS[award.activity]!.definedType,
        amount: this.rng.chance(0.5) ? total : undefined,
        contributors,
      };
      // The institution's research system sends some awards too, under the core number; ORCID
      // groups the owner's entry with it only when the owner wrote the number the same way.
      const bySystem = this.rng.chance(0.35);
      const own = !bySystem || this.rng.chance(0.4);
      const ownVersion = own
        ? this.fundingVersion(draft, { ...spec, source: this.ownSource(draft), displayIndex: "1" })
        : undefined;
      const systemVersion = bySystem
        ? this.fundingVersion(draft, {
            ...spec,
            grantNumber: award.core,
            source: this.clientSource(this.institutionClient, draft),
          })
        : undefined;
      if (ownVersion && systemVersion && spec.grantNumber === award.core)
        draft.fundings.push([ownVersion, systemVersion]);
      else for (const version of [ownVersion, systemVersion]) if (version) draft.fundings.push([version]);
    }
  }

  /** Foundation and society awards, which only ORCID (or a CV) knows: some without dates or numbers. */
  private foundationFundings(draft: OrcidDraft): void {
    const { member } = draft;
    const count = this.rng.weighted([
      [0, 4],
      [1, 3],
      [2, 2],
      [3, 1],
    ] as const);
    for (let n = 0; n < count; n++) {
      const funder = this.rng.pick(FOUNDATIONS);
      const year = this.rng.int(Math.max(this.fromYear, member.hireYear - 1), this.toYear);
      const years = this.rng.int(1, 3);
      const dated = this.rng.chance(0.75);
      const topic = this.rng.pick(draft.topics);
      draft.fundings.push([
        this.fundingVersion(draft, {
          source: this.ownSource(draft),
          type: funder.type,
          title:
            funder.type === "grant"
              ? `${capitalize(topic.phrase)} ${this.rng.pick(POPULATIONS)}`
              : `${funder.definedType}: ${topic.phrase}`,
          organization: {
            name: funder.name,
            address: { city: funder.city, region: funder.region, country: "US" },
            "disambiguated-organization": null,
          },
          grantNumber: this.rng.chance(0.5)
            ? `${ascii(funder.name).slice(0, 3).toUpperCase()}-${year}-${this.rng.int(100, 999)}`
            : undefined,
          start: dated ? { year, month: this.rng.pick([1, 7, 9]), day: 1 } : undefined,
          end: dated && this.rng.chance(0.8) ? { year: year + years, month: 6, day: 30 } : undefined,
          definedType: funder.definedType,
          amount: this.rng.chance(0.6)
            ? this.rng.int(funder.amount[0] / 1000, funder.amount[1] / 1000) * 1000
            : undefined,
          contributors: this.rng.chance(0.7)
            ? [fundingContributor(draft.displayName, draft.orcid, "lead")]
            : [],
        }),
      ]);
    }
  }

  // -- documents ------------------------------------------------------------------------------

  private record(draft: OrcidDraft): SandboxOrcidRecord {
    const works = draft.works
      .filter((versions) => versions.length > 0)
      .sort((a, b) => b[0]!.sortKey - a[0]!.sortKey || a[0]!.summary["put-code"] - b[0]!.summary["put-code"]);
    const fundings = draft.fundings
      .filter((versions) => versions.length > 0)
      .sort((a, b) => b[0]!.sortKey - a[0]!.sortKey || a[0]!.summary["put-code"] - b[0]!.summary["put-code"]);
    const workGroups = works.map((versions) => ({
      "last-modified-date": {
        value: Math.max(...versions.map((v) => v.summary["last-modified-date"].value)),
      },
      "external-ids": { "external-id": groupIds(versions.map((v) => v.summary)) },
      "work-summary": versions.map((v) => v.summary),
    }));
    const fundingGroups = fundings.map((versions) => ({
      "last-modified-date": {
        value: Math.max(...versions.map((v) => v.summary["last-modified-date"].value)),
      },
      "external-ids": { "external-id": groupIds(versions.map((v) => v.summary)) },
      "funding-summary": versions.map((v) => v.summary),
    }));
    const latest = (
      groups: ReadonlyArray<{ "last-modified-date": OrcidValue<number> }>,
    ): OrcidValue<number> | null =>
      groups.length === 0
        ? null
        : { value: Math.max(...groups.map((group) => group["last-modified-date"].value)) };
    return {
      works: { "last-modified-date": latest(workGroups), group: workGroups, path: `/${draft.orcid}/works` },
      workDetails: Object.fromEntries(
        works.flat().map((version) => [String(version.detail["put-code"]), version.detail]),
      ),
      fundings: {
        "last-modified-date": latest(fundingGroups),
        group: fundingGroups,
        path: `/${draft.orcid}/fundings`,
      },
      fundingDetails: Object.fromEntries(
        fundings.flat().map((version) => [String(version.detail["put-code"]), version.detail]),
      ),
      person: this.person(draft),
      employments: this.employments(draft),
    };
  }

  /** What ORCID still holds of a deactivated record: nothing, under its placeholder names. */
  private deactivatedRecord(draft: OrcidDraft): SandboxOrcidRecord {
    const person = this.personDocument(
      draft.orcid,
      "Given Names Deactivated",
      "Family Name Deactivated",
      null,
      [],
    );
    return {
      status: "deactivated",
      works: { "last-modified-date": null, group: [], path: `/${draft.orcid}/works` },
      workDetails: {},
      fundings: { "last-modified-date": null, group: [], path: `/${draft.orcid}/fundings` },
      fundingDetails: {},
      person,
      employments: {
        "last-modified-date": null,
        "affiliation-group": [],
        path: `/${draft.orcid}/employments`,
      },
    };
  }

  /** The record's names, with the other names the person publishes under (maiden name, no accents, initials). */
  private person(draft: OrcidDraft): OrcidPersonJson {
    const { name } = draft.member;
    const given = name.middle && this.rng.chance(0.3) ? `${name.first} ${name.middle}` : name.first;
    const others: string[] = [];
    for (const variant of name.variants) {
      const [last, first] = variant.split(",").map((part) => part.trim());
      others.push(this.rng.chance(0.5) || !first ? variant : `${first} ${last}`);
    }
    if (this.rng.chance(0.35))
      others.push(
        `${initialsOf(name.first).split("").join(". ")}.${name.middle ? ` ${name.middle.charAt(0)}.` : ""} ${name.last}`,
      );
    if (withoutAccents(`${name.first} ${name.last}`) !== `${name.first} ${name.last}` && this.rng.chance(0.5))
      others.push(withoutAccents(`${name.first} ${name.last}`));
    const credit = this.rng.chance(0.4) ? draft.displayName : null;
    return this.personDocument(draft.orcid, given, name.last, credit, [...new Set(others)]);
  }

  private personDocument(
    orcid: string,
    given: string,
    family: string,
    credit: string | null,
    otherNames: readonly string[],
  ): OrcidPersonJson {
    const created = this.stamp({ year: 2013 });
    const source = {
      "source-orcid": orcidIdentifier(orcid),
      "source-client-id": null,
      "source-name": { value: `${given} ${family}` },
      "assertion-origin-orcid": null,
      "assertion-origin-client-id": null,
      "assertion-origin-name": null,
    };
    const items = otherNames.map((content, index) => {
      this.otherPutCode += this.rng.int(1, 9_000);
      return {
        "created-date": { value: created },
        "last-modified-date": { value: created },
        source,
        content,
        visibility: "public" as const,
        path: `/${orcid}/other-names/${this.otherPutCode}`,
        "put-code": this.otherPutCode,
        "display-index": otherNames.length - index,
      };
    });
    const empty = (items: string, path: string): OrcidPersonJson["emails"] => ({
      "last-modified-date": null,
      [items]: [],
      path: `/${orcid}/${path}`,
    });
    return {
      "last-modified-date": { value: created },
      name: {
        "created-date": { value: created },
        "last-modified-date": { value: created },
        "given-names": { value: given },
        "family-name": { value: family },
        "credit-name": credit === null ? null : { value: credit },
        source: null,
        visibility: "public",
        path: orcid,
      },
      "other-names": {
        "last-modified-date": items.length > 0 ? { value: created } : null,
        "other-name": items,
        path: `/${orcid}/other-names`,
      },
      biography: null,
      "researcher-urls": empty("researcher-url", "researcher-urls"),
      emails: empty("email", "email"),
      addresses: empty("address", "address"),
      keywords: empty("keyword", "keywords"),
      "external-identifiers": empty("external-identifier", "external-identifiers"),
      path: `/${orcid}/person`,
    };
  }

  /** The current appointment (a promotion splits it in two) and the position held before it. */
  private employments(draft: OrcidDraft): OrcidEmploymentsJson {
    const { member } = draft;
    const home: OrcidOrganizationJson = {
      name: this.home.name,
      address: { city: this.home.city, region: this.home.region, country: "US" },
      "disambiguated-organization": {
        "disambiguated-organization-identifier": this.homeRor,
        "disambiguation-source": "ROR",
      },
    };
    const prior = member.prior;
    const priorOrganization: OrcidOrganizationJson = {
      name: prior.name,
      address: { city: prior.city, region: prior.region, country: ORCID_COUNTRIES[prior.country] ?? "US" },
      "disambiguated-organization": {
        "disambiguated-organization-identifier": String(this.rng.int(1000, 99_999)),
        "disambiguation-source": "RINGGOLD",
      },
    };
    const department = this.rng.chance(0.5)
      ? "Department of Medicine"
      : "Division of General Internal Medicine";
    const hired = { year: member.hireYear, month: member.hireMonth, day: 1 };
    const entries: Array<
      Omit<
        OrcidEmploymentSummaryJson,
        | "put-code"
        | "path"
        | "created-date"
        | "last-modified-date"
        | "source"
        | "url"
        | "external-ids"
        | "display-index"
        | "visibility"
      >
    > = [];
    const ranks =
      member.role === "full"
        ? ["Associate Professor of Medicine", "Professor of Medicine"]
        : member.role === "associate"
          ? ["Assistant Professor of Medicine", "Associate Professor of Medicine"]
          : ["Assistant Professor of Medicine"];
    const promoted = member.hireYear + this.rng.int(5, 7);
    if (ranks.length === 2 && promoted <= this.toYear) {
      entries.push({
        "department-name": department,
        "role-title": ranks[1]!,
        "start-date": orcidDate({ year: promoted, month: 7, day: 1 }),
        "end-date": null,
        organization: home,
      });
      entries.push({
        "department-name": department,
        "role-title": ranks[0]!,
        "start-date": orcidDate(hired),
        "end-date": orcidDate({ year: promoted, month: 6, day: 30 }),
        organization: home,
      });
    } else {
      entries.push({
        "department-name": department,
        "role-title": ranks.at(-1)!,
        "start-date": orcidDate(hired),
        "end-date": null,
        organization: home,
      });
    }
    const priorStart = member.hireYear - this.rng.int(2, 4);
    entries.push({
      "department-name": this.rng.pick(prior.departments),
      "role-title": this.rng.pick([
        "Clinical Instructor",
        "Fellow in General Internal Medicine",
        "Assistant Professor",
        "Research Fellow",
      ]),
      "start-date": orcidDate({ year: priorStart, month: 7, day: this.rng.chance(0.5) ? 1 : undefined }),
      "end-date": orcidDate({
        year: member.hireMonth <= 1 ? member.hireYear - 1 : member.hireYear,
        month: member.hireMonth <= 1 ? 12 : member.hireMonth - 1,
      }),
      organization: priorOrganization,
    });
    const source = this.ownSource(draft);
    const groups = entries.map((entry) => {
      this.otherPutCode += this.rng.int(1, 9_000);
      const created = this.stamp({ year: 2013 });
      const summary: OrcidEmploymentSummaryJson = {
        "created-date": { value: created },
        "last-modified-date": { value: created },
        source,
        "put-code": this.otherPutCode,
        ...entry,
        url: null,
        "external-ids": null,
        "display-index": "0",
        visibility: "public",
        path: `/${draft.orcid}/employment/${this.otherPutCode}`,
      };
      return {
        "last-modified-date": { value: created },
        "external-ids": { "external-id": [] as never[] },
        summaries: [{ "employment-summary": summary }],
      };
    });
    return {
      "last-modified-date": { value: Math.max(...groups.map((group) => group["last-modified-date"].value)) },
      "affiliation-group": groups,
      path: `/${draft.orcid}/employments`,
    };
  }
}

function orcidIdentifier(orcid: string): OrcidIdentifierJson {
  return { uri: `https://orcid.org/${orcid}`, path: orcid, host: "orcid.org" };
}

function orcidDate(date: PartialDate): OrcidDateJson {
  const two = (n: number | undefined): OrcidValue | null =>
    n === undefined ? null : { value: String(n).padStart(2, "0") };
  return {
    year: { value: String(date.year) },
    month: two(date.month),
    day: date.month === undefined ? null : two(date.day),
  };
}

function externalId(
  type: string,
  value: string,
  normalized: string | undefined,
  url?: string,
  relationship: OrcidExternalIdJson["external-id-relationship"] = "self",
): OrcidExternalIdJson {
  return {
    "external-id-type": type,
    "external-id-value": value,
    "external-id-normalized":
      type === "grant_number"
        ? null
        : { value: (normalized ?? value).toLowerCase().replace(/^pmc/, "PMC"), transient: true },
    "external-id-normalized-error": null,
    "external-id-url": url === undefined ? null : { value: url },
    "external-id-relationship": relationship,
  };
}

/** A group is keyed on its versions' own identifiers, each once (by ORCID's normalised form). */
function groupIds(versions: ReadonlyArray<{ "external-ids": OrcidExternalIdsJson }>): OrcidExternalIdJson[] {
  const seen = new Set<string>();
  const ids: OrcidExternalIdJson[] = [];
  for (const version of versions) {
    for (const id of version["external-ids"]["external-id"]) {
      if (id["external-id-relationship"] !== "self") continue;
      const key = `${id["external-id-type"]}|${id["external-id-normalized"]?.value ?? id["external-id-value"]}`;
      if (seen.has(key)) continue;
      seen.add(key);
      ids.push(id);
    }
  }
  return ids;
}

function workContributor(
  name: string,
  orcid: string | undefined,
  sequence: "first" | "additional" | null,
): OrcidWorkContributorJson {
  return {
    "contributor-orcid": orcid === undefined ? null : orcidIdentifier(orcid),
    "credit-name": { value: name },
    "contributor-email": null,
    "contributor-attributes": { "contributor-sequence": sequence, "contributor-role": "author" },
  };
}

function fundingContributor(
  name: string,
  orcid: string | undefined,
  role: string,
): OrcidFundingContributorJson {
  return {
    "contributor-orcid": orcid === undefined ? null : orcidIdentifier(orcid),
    "credit-name": { value: name },
    "contributor-email": null,
    "contributor-attributes": { "contributor-role": role },
  };
}

function reporterPiJson(person: ReporterPerson, contact: boolean): ReporterPiJson {
  const cased = (value: string): string =>
    person.mixedCase
      ? value.replace(/\p{L}+/gu, (word) => word.charAt(0).toUpperCase() + word.slice(1).toLowerCase())
      : value.toUpperCase();
  return {
    profile_id: person.profileId,
    first_name: cased(person.first),
    middle_name: cased(person.middle),
    last_name: cased(person.last),
    is_contact_pi: contact,
    // RePORTER joins the parts with single spaces, leaving two where the middle name is empty.
    full_name: `${cased(person.first)} ${cased(person.middle)} ${cased(person.last)}`.replace(/^ +| +$/g, ""),
    title: person.title,
  };
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

function addYears(date: Date, years: number): Date {
  return new Date(Date.UTC(date.getUTCFullYear() + years, date.getUTCMonth(), date.getUTCDate()));
}

function addDays(date: Date, days: number): Date {
  return new Date(date.getTime() + days * DAY_MS);
}

/** NIH's fiscal year N runs from October 1 of N-1 to September 30 of N. */
function fiscalYearOf(date: Date): number {
  return date.getUTCMonth() >= 9 ? date.getUTCFullYear() + 1 : date.getUTCFullYear();
}

/** A calendar day as RePORTER v2 writes it: local midnight, no zone. */
function reporterDate(date: Date): string {
  return `${date.toISOString().slice(0, 10)}T00:00:00`;
}

function dateOf(date: Date): PartialDate {
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}
