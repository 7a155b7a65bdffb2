import { foldDiacritics } from "../../src/identity/names.ts";
import type { Stream } from "./random.ts";

/**
 * Institutions, departments and the affiliation strings authors give for them. Every place here
 * is made up; the strings follow the habits of real MEDLINE affiliations: the unit, department,
 * institution, city, state or postcode and country in varying order and completeness, a
 * "From the ..." opening in some journals, two places joined by a semicolon before 2014 and as
 * separate affiliations after, an e-mail address at the end of some.
 */

export interface Institution {
  key: string;
  /** The university or hospital as it names itself, e.g. "Ashgrove University". */
  name: string;
  /** Longer forms authors write instead: a school of medicine, a medical center. */
  forms: readonly string[];
  /** Hospitals that belong to it or stand beside it (a VA medical center), written alone at times. */
  hospitals: readonly string[];
  city: string;
  /** Two-letter state or province, for US and Canadian places. */
  region?: string;
  regionName?: string;
  postcode?: string;
  country: string;
  /** ISO 3166 alpha-2. */
  countryCode: string;
  /** E-mail domain of its staff. */
  domain: string;
  /** The name NIH RePORTER gives the grantee organisation (upper case, abbreviated). */
  reporterName: string;
  ringgold: string;
}

export interface Department {
  name: string;
  /** A division or section inside it, e.g. "Division of General Internal Medicine". */
  unit?: string;
}

/** Where someone works during a span of years. */
export interface Placement {
  institution: Institution;
  department: Department;
}

const US_STATES: Readonly<Record<string, string>> = {
  OH: "Ohio",
  NC: "North Carolina",
  WI: "Wisconsin",
  PA: "Pennsylvania",
  CT: "Connecticut",
  TX: "Texas",
  MN: "Minnesota",
  MA: "Massachusetts",
  IL: "Illinois",
  CA: "California",
  MD: "Maryland",
  WA: "Washington",
  MO: "Missouri",
  GA: "Georgia",
  FL: "Florida",
  CO: "Colorado",
  TN: "Tennessee",
  NY: "New York",
  OR: "Oregon",
  MI: "Michigan",
  LA: "Louisiana",
  NJ: "New Jersey",
  VA: "Virginia",
  IA: "Iowa",
  AZ: "Arizona",
  UT: "Utah",
  NE: "Nebraska",
  KY: "Kentucky",
  RI: "Rhode Island",
  IN: "Indiana",
};

// name | city | state or country code | country (for places outside the US) | postcode
const OTHER_PLACES = `Harlow State University|Kessington|OH||43917
University of North Calder|Calder Falls|NC||27514
Brightwater Medical College|Brightwater|WI||53226
St. Aldric Hospital|Fenmore|PA||19107
Corliss University|New Alden|CT||06520
Trevino Health Sciences University|Sandoval|TX||78229
Pellham Clinic|Rochdale|MN||55905
University of Eastmarch|Eastmarch|MA||02115
Greyfield University|Greyfield|IL||60611
Lanford University|Palo Verde|CA||94305
Merrin Institute of Public Health|Baywater|MD||21205
Westhaven University|Westhaven|WA||98195
Crestmoor University|Crestmoor|MO||63110
Holloway Medical Center|Danforth|GA||30322
University of Southern Tamsin|Tamsin|FL||33136
Ridgeline University|Boulder Ridge|CO||80045
Oakhurst University|Oakhurst|TN||37232
Kingsbridge Medical Center|Kingsbridge|NY||10029
Ellery-Vance University|Port Vance|OR||97239
Marston University|Marston|MI||48109
Delacroix University|Bayou Verte|LA||70112
Sutter Valley University|Sutter|CA||95817
Brennan Cancer Institute|Harwick|NJ||08903
Quarry Hill University|Quarry Hill|VA||22908
Fairmount University|Fairmount|IA||52242
Castellan University|Mesa Roja|AZ||85724
Whitcombe University|Whitcombe|UT||84132
Lindell Health System|Aurora Bend|NE||68198
Calloway University|Brenton|KY||40536
New Bristol University|New Bristol|RI||02903
University of Halvard|Halvard|NO|Norway|
St. Oswin's Hospital|London|GB|UK|
Universität Rheinfeld|Rheinfeld|DE|Germany|
Université de Valmont|Valmont|FR|France|
Università di Montecorvo|Montecorvo|IT|Italy|
Universidad de San Isidro|San Isidro|ES|Spain|
Universidade Federal do Vale Verde|Vale Verde|BR|Brazil|
Tokai-Minami University|Minami|JP|Japan|
Hanseong University College of Medicine|Seoul|KR|Korea|
Jinling Medical University|Nanjing|CN|China|
Eastern Coast Medical University|Xiamen|CN|China|
All Saints Institute of Medical Sciences|Pune|IN|India|
Coral Bay University|Brisbane|AU|Australia|
Laurentide University|Trois-Lacs|CA|Canada|
Akoko University Teaching Hospital|Ibadan|NG|Nigeria|
Norrvik University Hospital|Norrvik|SE|Sweden|
Amstelveld Medical Centre|Amsterdam|NL|The Netherlands|`;

function reporterNameOf(name: string): string {
  return foldDiacritics(name)
    .toUpperCase()
    .replace(/\bST\. /g, "SAINT ")
    .replace(/'/g, "")
    .replace(/,/g, "");
}

function domainOf(name: string): string {
  const words = foldDiacritics(name)
    .toLowerCase()
    .replace(/[^a-z ]/g, "")
    .split(" ")
    .filter(
      (word) => !["university", "of", "the", "de", "di", "do", "st", "medical", "center"].includes(word),
    );
  return `${words.slice(0, 2).join("")}.${words.length > 0 ? "edu" : "org"}`;
}

function ringgoldOf(key: string): string {
  let hash = 7;
  for (const ch of key) hash = (hash * 31 + ch.charCodeAt(0)) % 90000;
  return String(10000 + hash);
}

function makeInstitution(
  name: string,
  city: string,
  code: string,
  country: string,
  postcode: string,
): Institution {
  const us = country === "";
  // "Hanseong University College of Medicine" already names its school.
  const academic = /Universit|College/.test(name) && !/College of/.test(name);
  const forms = academic ? [`${name} School of Medicine`, `${name} Medical Center`] : [];
  return {
    key: name,
    name,
    forms,
    hospitals: [],
    city,
    ...(us ? { region: code, regionName: US_STATES[code] ?? code, postcode } : {}),
    country: us ? "USA" : country,
    countryCode: us ? "US" : code,
    domain: domainOf(name),
    reporterName: reporterNameOf(name),
    ringgold: ringgoldOf(name),
  };
}

/** The other institutions of the world the division's people come from and write with. */
export const OTHER_INSTITUTIONS: readonly Institution[] = OTHER_PLACES.split("\n").map((line) => {
  const [name, city, code, country, postcode] = line.split("|");
  return makeInstitution(name!, city!, code!, country ?? "", postcode ?? "");
});

export const US_INSTITUTIONS = OTHER_INSTITUTIONS.filter((institution) => institution.countryCode === "US");

/** The division's own institution: Ashgrove University in Merriton, Indiana, unless named otherwise. */
export function homeInstitution(name = "Ashgrove University"): Institution {
  const base = makeInstitution(name, "Merriton", "IN", "", "46202");
  const stem = name.replace(/^University of /, "").split(" ")[0]!;
  return {
    ...base,
    key: "home",
    forms: [`${name} School of Medicine`, `${name} Medical Center`, `${name} Health`],
    hospitals: [`${stem} Memorial Hospital`, "Merriton VA Medical Center"],
    domain: `${foldDiacritics(stem)
      .toLowerCase()
      .replace(/[^a-z]/g, "")}.edu`,
  };
}

export const DIVISION_UNITS = {
  "General Internal Medicine": "Division of General Internal Medicine",
  "Hospital Medicine": "Section of Hospital Medicine",
  "Geriatrics and Palliative Care": "Division of Geriatrics and Palliative Care",
} as const;

export type DivisionName = keyof typeof DIVISION_UNITS;

/** Departments of the home institution other than Medicine, where the other namesakes work. */
export const OTHER_HOME_DEPARTMENTS: readonly Department[] = [
  { name: "Department of Surgery" },
  { name: "Department of Radiology" },
  { name: "Department of Pediatrics" },
  { name: "Department of Psychiatry" },
  { name: "Department of Epidemiology" },
  { name: "Department of Neurology" },
  { name: "Department of Pathology" },
  { name: "Department of Emergency Medicine" },
  { name: "Department of Biostatistics" },
  { name: "Department of Obstetrics and Gynecology" },
  { name: "Department of Medicine", unit: "Division of Cardiology" },
  { name: "Department of Medicine", unit: "Division of Infectious Diseases" },
];

/** Departments anywhere, for co-authors and namesakes at other places, by their field. */
export const DEPARTMENTS_BY_FIELD: Readonly<Record<string, readonly Department[]>> = {
  "general-medicine": [
    { name: "Department of Medicine", unit: "Division of General Internal Medicine" },
    { name: "Department of Medicine", unit: "Division of General Medicine" },
    { name: "Department of Medicine", unit: "Section of General Internal Medicine" },
    { name: "Department of Family Medicine" },
    { name: "Department of Health Policy and Management" },
    { name: "Center for Health Services Research" },
  ],
  "hospital-medicine": [
    { name: "Department of Medicine", unit: "Division of Hospital Medicine" },
    { name: "Department of Medicine", unit: "Section of Hospital Medicine" },
    { name: "Center for Quality and Patient Safety" },
  ],
  "medical-education": [
    { name: "Department of Medicine" },
    { name: "Office of Medical Education" },
    { name: "Department of Medical Education" },
  ],
  geriatrics: [
    { name: "Department of Medicine", unit: "Division of Geriatrics" },
    { name: "Department of Medicine", unit: "Division of Geriatric Medicine and Palliative Care" },
    { name: "Center on Aging" },
  ],
  addiction: [
    { name: "Department of Medicine", unit: "Section of Addiction Medicine" },
    { name: "Department of Psychiatry" },
  ],
  cardiology: [
    { name: "Department of Medicine", unit: "Division of Cardiology" },
    { name: "Department of Medicine", unit: "Cardiovascular Division" },
    { name: "Heart and Vascular Institute" },
  ],
  "infectious-disease": [
    { name: "Department of Medicine", unit: "Division of Infectious Diseases" },
    { name: "Department of Epidemiology" },
  ],
  oncology: [
    { name: "Department of Medicine", unit: "Division of Hematology and Oncology" },
    { name: "Department of Radiation Oncology" },
    { name: "Comprehensive Cancer Center" },
  ],
  surgery: [{ name: "Department of Surgery" }, { name: "Department of Orthopaedic Surgery" }],
  radiology: [{ name: "Department of Radiology" }, { name: "Department of Radiology and Imaging Sciences" }],
  pediatrics: [{ name: "Department of Pediatrics" }],
  psychiatry: [
    { name: "Department of Psychiatry" },
    { name: "Department of Psychiatry and Behavioral Sciences" },
  ],
  genomics: [
    { name: "Department of Genetics" },
    { name: "Department of Human Genetics" },
    { name: "Institute for Genomic Medicine" },
  ],
  endocrinology: [
    { name: "Department of Medicine", unit: "Division of Endocrinology, Diabetes and Metabolism" },
    { name: "Department of Medicine", unit: "Division of Nephrology" },
  ],
};

/** How a journal's affiliations read: the house style of its publisher. */
export type AffiliationStyle = "full" | "postcode" | "short" | "from" | "spelled-country";

export const AFFILIATION_STYLES: ReadonlyArray<readonly [AffiliationStyle, number]> = [
  ["full", 5],
  ["postcode", 2],
  ["short", 1.5],
  ["from", 0.7],
  ["spelled-country", 1.5],
];

function institutionForm(rng: Stream, institution: Institution): string {
  if (institution.forms.length > 0 && rng.chance(0.45)) return rng.pick(institution.forms);
  return institution.name;
}

function cityPart(style: AffiliationStyle, institution: Institution): string {
  const { city, region, regionName, postcode, country } = institution;
  if (institution.countryCode !== "US") return `${city}, ${country}`;
  switch (style) {
    case "full":
    case "from":
      return `${city}, ${region}, USA`;
    case "postcode":
      return `${city}, ${regionName} ${postcode}, USA`;
    case "short":
      return `${city}, ${region}`;
    case "spelled-country":
      return `${city}, ${region}, United States`;
  }
}

/**
 * One affiliation as an author gives it. `hospitalOnly` writes the hospital alone (a VA medical
 * center, say) as clinicians often do; the unit is dropped about half the time.
 */
export function affiliationText(
  rng: Stream,
  place: Placement,
  style: AffiliationStyle,
  options: { hospitalOnly?: boolean } = {},
): string {
  const { institution, department } = place;
  if (options.hospitalOnly && institution.hospitals.length > 0) {
    const hospital = rng.pick(institution.hospitals);
    return `${style === "from" ? "From the " : ""}${hospital}, ${cityPart(style, institution)}.`;
  }
  const parts: string[] = [];
  if (department.unit && style !== "short" && rng.chance(0.55)) parts.push(department.unit);
  if (style !== "short" || rng.chance(0.3)) parts.push(department.name);
  parts.push(institutionForm(rng, institution));
  parts.push(cityPart(style, institution));
  const text = parts.join(", ");
  return `${style === "from" ? "From the " : ""}${text}.`;
}

/** An e-mail address appended as MEDLINE shows it: bare before 2014, "Electronic address:" after. */
export function withEmail(affiliation: string, email: string, year: number): string {
  return year < 2014 ? `${affiliation} ${email}` : `${affiliation} Electronic address: ${email}.`;
}

/** "jane.doe", "jdoe" or "doej": the local part of someone's institutional address. */
export function emailLocalPart(rng: Stream, first: string, last: string): string {
  const clean = (value: string): string =>
    foldDiacritics(value)
      .toLowerCase()
      .replace(/[^a-z]/g, "");
  const f = clean(first);
  const l = clean(last);
  return rng.weighted([
    [`${f}.${l}`, 5],
    [`${f[0] ?? "x"}${l}`, 3],
    [`${l}${f[0] ?? "x"}`, 1],
    [`${f}_${l}`, 0.5],
  ]);
}
