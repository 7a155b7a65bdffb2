import { Faker, base, da, de, en, es, fr, pt_BR, tr, vi, type LocaleDefinition } from "@faker-js/faker";
import { stringify } from "csv-stringify/sync";
import { orcidCheckCharacter } from "../identity/orcid.ts";
import type {
  PartialDate,
  PubmedArticleRecord,
  PubmedAuthor,
  PubmedCommentCorrection,
  PubmedGrant,
} from "../sources/pubmed/types.ts";
import type { SandboxAbstract } from "./pubmed-xml.ts";
import { ROSTER_COLUMNS } from "../roster/parse-roster.ts";

/**
 * A fictional division of general internal medicine, with the publication record PubMed would hold
 * for it: the faculty roster, their articles and their namesakes' articles, and which author on
 * which article each faculty member really is. Everything is invented; the same seed gives the
 * same division.
 */

/** The roster CSV columns, as faculty affairs write them. */
export const ROSTER_HEADER = ROSTER_COLUMNS;

/** One roster CSV row, every column a string ("" when empty); the list columns are `;`-separated. */
export type RosterRow = Record<(typeof ROSTER_HEADER)[number], string>;

/** Faculty member `facultyId` is author `authorIndex` (0-based) of article `pmid`. */
export interface TruthEntry {
  facultyId: string;
  pmid: string;
  authorIndex: number;
}

export interface FictionalDivision {
  institution: string;
  faculty: RosterRow[];
  /** Faculty members' articles and their namesakes', in PMID order. */
  articles: PubmedArticleRecord[];
  truth: TruthEntry[];
  /** Abstract text by PMID, for the EFetch XML (letters, editorials and errata have none). */
  abstracts: Record<string, SandboxAbstract>;
}

export interface DivisionOptions {
  facultyCount?: number;
  seed?: number;
  /** First and last publication year of the articles generated. */
  fromYear?: number;
  toYear?: number;
  institution?: string;
}

export const DEFAULT_SEED = 2013;
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
  person: Person;
  rate: number;
  showsOrcid: boolean;
}

interface Draft {
  record: PubmedArticleRecord;
  /** yyyymmdd the record entered PubMed: PMIDs are handed out in this order. */
  entered: number;
  truth: Array<{ facultyId: string; authorIndex: number }>;
  links: Array<{ refType: string; target: Draft }>;
  abstract?: SandboxAbstract;
}

type Kind = "research" | "review" | "case" | "letter" | "comment" | "editorial";

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

class DivisionBuilder {
  private readonly rng: Random;
  private readonly fakers = new Map<LocaleDefinition, Faker>();
  private readonly home: Institution & {
    hospital: string;
    short: string;
    domain: string;
    zip: string;
    stateName: string;
  };
  private readonly drafts: Draft[] = [];
  private readonly faculty: FacultyPlan[] = [];
  private readonly usedOrcids = new Set<string>();
  private readonly externalPool: Person[] = [];
  private readonly homePool: Person[] = [];
  private doiSequence = 1;

  constructor(
    private readonly seed: number,
    private readonly facultyCount: number,
    private readonly fromYear: number,
    private readonly toYear: number,
    institution: string | undefined,
  ) {
    this.rng = new Random(seed);
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
    return this.finish();
  }

  private faker(locale: LocaleDefinition): Faker {
    let faker = this.fakers.get(locale);
    if (!faker) {
      faker = new Faker({ locale: [locale, en, base] });
      faker.seed(this.seed + this.fakers.size * 7919);
      this.fakers.set(locale, faker);
    }
    return faker;
  }

  private newOrcid(): string {
    for (;;) {
      const digits = `000${this.rng.int(1, 3)}${String(this.rng.int(0, 99_999_999_999)).padStart(11, "0")}`;
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
  ): { lastName: string; foreName: string; suffix?: string } {
    const { name } = member;
    let lastName = name.lastSpellings ? this.rng.weighted(name.lastSpellings) : name.last;
    if (name.maiden) {
      const { marriedIn } = name.maiden;
      if (year < marriedIn) lastName = name.maiden.name;
      else if (year === marriedIn)
        lastName = this.rng.pick([name.maiden.name, name.maiden.hyphenated, name.last]);
      else if (this.rng.chance(0.15)) lastName = name.maiden.hyphenated;
    }
    let foreName: string;
    if (name.foreSpellings) foreName = this.rng.weighted(name.foreSpellings);
    else if (name.middle) {
      foreName = this.rng.weighted([
        [`${name.first} ${name.middle.charAt(0)}`, 5],
        [`${name.first} ${name.middle}`, name.middle.length > 1 ? 2 : 0],
        [name.first, 3],
      ] as const);
    } else foreName = name.first;
    const suffix = name.suffix && this.rng.chance(0.7) ? name.suffix : undefined;
    return { lastName, foreName, suffix };
  }

  private homeAffiliation(member?: FacultyPlan): string {
    const h = this.home;
    const variant = this.rng.weighted([
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
    };
  }

  // -- pools of co-authors ---------------------------------------------------------------------

  private fillPools(): void {
    const externalCount = 40 + 4 * this.facultyCount;
    for (let i = 0; i < externalCount; i++) {
      const institution = this.rng.pick(OTHER_INSTITUTIONS);
      this.externalPool.push(this.newPerson(institution, this.rng.pick(institution.departments)));
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
  ): Person {
    // US institutions have international staff; elsewhere names follow the country.
    const locale =
      institution.country === "USA"
        ? this.rng.weighted([
            [en, 8],
            [es, 1],
            [vi, 1],
            [de, 1],
          ] as const)
        : institution.locale;
    const faker = this.faker(locale);
    const first = foreName ?? faker.person.firstName();
    const withMiddle =
      foreName === undefined && this.rng.chance(0.4)
        ? `${first} ${faker.person.firstName().charAt(0)}`
        : first;
    return {
      lastName: lastName ?? faker.person.lastName(),
      foreName: withMiddle,
      suffix: this.rng.chance(0.02) ? this.rng.pick(["Jr", "III"]) : undefined,
      orcid: this.rng.chance(0.35) ? this.newOrcid() : undefined,
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
    for (let i = 0; i < authorCount; i++) {
      let occupant = slots[i];
      if (occupant === undefined) {
        const pool = this.rng.chance(0.25) ? this.homePool : this.externalPool;
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
    this.addDraft(this.articleRecord(kind, year, authors, grants), truth);
  }

  private facultyAuthor(member: FacultyPlan, year: number): PubmedAuthor {
    const printed = this.printedName(member, year);
    // ORCID iDs reached PubMed records from 2013 on, and were given more often each year.
    const orcidChance = Math.min(0.8, Math.max(0, (year - 2012) * 0.1));
    const affiliations = this.employed(member, year)
      ? [
          this.homeAffiliation(member),
          ...(this.rng.chance(0.1)
            ? [`${this.home.city} VA Medical Center, ${this.home.city}, ${this.home.region}, USA.`]
            : []),
        ]
      : [DivisionBuilder.externalAffiliation(member.prior, this.rng.pick(member.prior.departments))];
    return {
      lastName: printed.lastName,
      foreName: printed.foreName,
      initials: initialsOf(printed.foreName),
      suffix: printed.suffix,
      orcid: member.orcid && this.rng.chance(orcidChance) ? member.orcid : undefined,
      affiliations,
      equalContribution: false,
      valid: true,
    };
  }

  private personAuthor(person: Person, year: number, orcidChance = 0.5): PubmedAuthor {
    return {
      lastName: person.lastName,
      foreName: person.foreName,
      initials: initialsOf(person.foreName),
      suffix: person.suffix,
      orcid: person.orcid && year >= 2013 && this.rng.chance(orcidChance) ? person.orcid : undefined,
      affiliations: [person.affiliation],
      equalContribution: false,
      valid: true,
    };
  }

  /** Before 2014 MEDLINE kept only the first author's affiliation; later ones are sometimes missing. */
  private trimAffiliations(authors: PubmedAuthor[], year: number): void {
    authors.forEach((author, i) => {
      if (author.collectiveName) return;
      if (year < 2014 ? i > 0 || this.rng.chance(0.08) : this.rng.chance(0.06)) author.affiliations = [];
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
        person: this.newPerson(institution, this.rng.pick(institution.departments), lastName, foreName),
        rate: 0.6 + this.rng.next() * 2.2,
        showsOrcid: this.rng.chance(0.5),
      });
    }
    // Someone with the same name down the corridor: the affiliation does not tell them apart.
    if (
      name.sameInstitutionNamesake ||
      (index === 0 && !this.faculty.some((f) => f.name.sameInstitutionNamesake))
    ) {
      const foreName = `${name.first.charAt(0) === "J" ? "Jae" : name.first} ${this.rng.pick(["H", "W", "S"])}`;
      plans.push({
        person: this.newPerson(this.home, "Radiology", name.last, foreName),
        rate: 1.2 + this.rng.next(),
        showsOrcid: false,
      });
    }
    return plans;
  }

  private writeNamesakeArticles(): void {
    this.faculty.forEach((member, index) => {
      for (const plan of this.namesakesFor(member, index)) {
        for (let year = this.fromYear; year <= this.toYear; year++) {
          for (let n = this.rng.poisson(plan.rate); n > 0; n--) this.namesakeArticle(plan, year);
        }
      }
    });
  }

  private namesakeArticle(plan: NamesakePlan, year: number): void {
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
      let person = this.rng.pick(this.externalPool);
      for (let tries = 0; used.has(person) && tries < 10; tries++) person = this.rng.pick(this.externalPool);
      used.add(person);
      authors.push(this.personAuthor(person, year));
    }
    this.trimAffiliations(authors, year);
    this.addDraft(this.articleRecord(kind, year, authors, []), []);
  }

  // -- identifiers and output ------------------------------------------------------------------

  private finish(): FictionalDivision {
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
    const abstracts: Record<string, SandboxAbstract> = {};
    for (const { draft } of ordered)
      if (draft.abstract !== undefined) abstracts[draft.record.pmid] = draft.abstract;
    return {
      institution: this.home.name,
      faculty: this.faculty.map((member) => this.rosterRow(member)),
      articles,
      truth,
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
