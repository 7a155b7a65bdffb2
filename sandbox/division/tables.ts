import { da, de, en, es, fr, pt_BR, tr, vi, type LocaleDefinition } from "@faker-js/faker";

// Fixed material: institutions, journals, topics, names. All fictional.

/** The mentoring program's launch: the cohort is the division's assistant professors of that year. */
export const PROGRAM_YEAR = 2013;

export interface Institution {
  name: string;
  city: string;
  region: string;
  country: string;
  departments: string[];
  locale: LocaleDefinition;
}

export const HOME_NAMES = [
  "Northbridge University",
  "Halvorsen University",
  "Castlereagh University",
  "Wexley University",
  "Stonemere University",
];

export const HOME_CITIES: ReadonlyArray<readonly [string, string, string, string]> = [
  ["Port Ellery", "MA", "Massachusetts", "02917"],
  ["Alder Falls", "OH", "Ohio", "44391"],
  ["Kestrel Bay", "OR", "Oregon", "97155"],
  ["Marrowgate", "PA", "Pennsylvania", "19388"],
];

export const OTHER_INSTITUTIONS: Institution[] = [
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

export const HOME_OTHER_DEPARTMENTS = [
  "Cardiology",
  "Psychiatry",
  "Emergency Medicine",
  "Biostatistics",
  "Pharmacy",
  "Radiology",
  "Nursing",
];

export const ORCID_COUNTRIES: Record<string, string> = {
  USA: "US",
  Spain: "ES",
  Denmark: "DK",
  France: "FR",
  Germany: "DE",
  Brazil: "BR",
  Turkey: "TR",
  Vietnam: "VN",
};

export interface Journal {
  title: string;
  abbreviation: string;
  code: string;
  issn: string;
  medline: boolean;
  dates: "monthly" | "seasonal" | "bimonthly" | "online";
  firstVolumeYear: number;
  language?: string;
}

export const JOURNALS: Journal[] = [
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

export interface Topic {
  phrase: string;
  mesh: string[];
  keywords: string[];
}

export const TOPICS: Topic[] = [
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

export const POPULATIONS = [
  "in primary care",
  "among older adults",
  "among veterans",
  "in safety-net clinics",
  "among Medicaid enrollees",
  "among patients with limited English proficiency",
  "in an academic general medicine practice",
  "among internal medicine residents",
];

export interface Design {
  phrase: string;
  types: string[];
  mesh: string[];
}

export const DESIGNS: Design[] = [
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

export const SPANISH_TITLES: ReadonlyArray<readonly [string, string]> = [
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

export const NIH_INSTITUTES: ReadonlyArray<readonly [string, string]> = [
  ["HL", "NHLBI NIH HHS"],
  ["AG", "NIA NIH HHS"],
  ["DK", "NIDDK NIH HHS"],
  ["MD", "NIMHD NIH HHS"],
  ["DA", "NIDA NIH HHS"],
  ["CA", "NCI NIH HHS"],
  ["HS", "AHRQ HHS"],
];

/** Surnames shared by many authors in PubMed: name-only searches for them are the hardest. */
export const COMMON_SURNAMES = [
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

export interface SpecialName {
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
export const SPECIAL_NAMES: SpecialName[] = [
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
