import { AFFILIATION_STYLES, type AffiliationStyle } from "./places.ts";
import type { PresentationScope } from "../division/types.ts";

/**
 * Research fields: where their people publish, how long their author lists are, what they write
 * about, and where they present. Mega-journals (PLoS One, BMJ Open, Medicine, Cureus) sit in
 * many fields' lists, so people of different fields meet in the same journals as they do.
 */

export interface Journal {
  title: string;
  abbreviation: string;
  issn?: string;
  doiStem: string;
  /** Authors' given names as initials only: some small journals still send MEDLINE no more. */
  initialsOnly: boolean;
  style: AffiliationStyle;
  /** First and last year it published. */
  since: number;
  until: number;
}

// abbreviation | title | ISSN | DOI stem | flags (i: initials only; s2013: first published 2013; u2012: last
// published 2012)
const JOURNAL_TABLE = `J Gen Intern Med|Journal of general internal medicine|1525-1497|10.1007/s11606|
JAMA Intern Med|JAMA internal medicine|2168-6106|10.1001/jamainternmed|s2013
Arch Intern Med|Archives of internal medicine|0003-9926|10.1001/archinternmed|u2012
Ann Intern Med|Annals of internal medicine|1539-3704|10.7326/M|
Am J Med|The American journal of medicine|0002-9343|10.1016/j.amjmed|
Med Care|Medical care|0025-7079|10.1097/MLR|
Health Serv Res|Health services research|0017-9124|10.1111/1475-6773|
J Am Board Fam Med|Journal of the American Board of Family Medicine : JABFM|1557-2625|10.3122/jabfm|
Am J Prev Med|American journal of preventive medicine|0749-3797|10.1016/j.amepre|
Health Aff (Millwood)|Health affairs (Project Hope)|0278-2715|10.1377/hlthaff|
JAMA Netw Open|JAMA network open|2574-3805|10.1001/jamanetworkopen|s2018
BMJ Open|BMJ open|2044-6055|10.1136/bmjopen|s2011
PLoS One|PloS one|1932-6203|10.1371/journal.pone|s2006
Medicine (Baltimore)|Medicine|0025-7974|10.1097/MD|
Cureus|Cureus|2168-8184|10.7759/cureus|s2009
J Hosp Med|Journal of hospital medicine|1553-5592|10.12788/jhm|s2006
BMJ Qual Saf|BMJ quality & safety|2044-5415|10.1136/bmjqs|s2010
Jt Comm J Qual Patient Saf|Joint Commission journal on quality and patient safety|1553-7250|10.1016/j.jcjq|s2005
Acad Med|Academic medicine : journal of the Association of American Medical Colleges|1040-2446|10.1097/ACM|
Med Educ|Medical education|0308-0110|10.1111/medu|
J Grad Med Educ|Journal of graduate medical education|1949-8349|10.4300/JGME|s2009
Teach Learn Med|Teaching and learning in medicine|1040-1334|10.1080/10401334|
Med Teach|Medical teacher|0142-159X|10.1080/0142159X|
BMC Med Educ|BMC medical education|1472-6920|10.1186/s12909|s2001
J Am Geriatr Soc|Journal of the American Geriatrics Society|0002-8614|10.1111/jgs|
J Gerontol A Biol Sci Med Sci|The journals of gerontology. Series A, Biological sciences and medical sciences|1079-5006|10.1093/gerona|
J Pain Symptom Manage|Journal of pain and symptom management|0885-3924|10.1016/j.jpainsymman|
J Palliat Med|Journal of palliative medicine|1096-6218|10.1089/jpm|
Drug Alcohol Depend|Drug and alcohol dependence|0376-8716|10.1016/j.drugalcdep|
Addiction|Addiction (Abingdon, England)|0965-2140|10.1111/add|
J Subst Abuse Treat|Journal of substance abuse treatment|0740-5472|10.1016/j.jsat|
Circulation|Circulation|0009-7322|10.1161/CIRCULATIONAHA|
J Am Heart Assoc|Journal of the American Heart Association|2047-9980|10.1161/JAHA|s2012
Am Heart J|American heart journal|0002-8703|10.1016/j.ahj|
Clin Infect Dis|Clinical infectious diseases : an official publication of the Infectious Diseases Society of America|1058-4838|10.1093/cid|
Open Forum Infect Dis|Open forum infectious diseases|2328-8957|10.1093/ofid|s2014
AIDS|AIDS (London, England)|0269-9370|10.1097/QAD|
J Acquir Immune Defic Syndr|Journal of acquired immune deficiency syndromes (1999)|1525-4135|10.1097/QAI|
Infect Control Hosp Epidemiol|Infection control and hospital epidemiology|0899-823X|10.1017/ice|
J Clin Oncol|Journal of clinical oncology : official journal of the American Society of Clinical Oncology|0732-183X|10.1200/JCO|
Cancer|Cancer|0008-543X|10.1002/cncr|
Cancer Epidemiol Biomarkers Prev|Cancer epidemiology, biomarkers & prevention|1055-9965|10.1158/1055-9965.EPI|
Ann Surg|Annals of surgery|0003-4932|10.1097/SLA|
JAMA Surg|JAMA surgery|2168-6254|10.1001/jamasurg|s2013
J Am Coll Surg|Journal of the American College of Surgeons|1072-7515|10.1016/j.jamcollsurg|
Radiology|Radiology|0033-8419|10.1148/radiol|
AJR Am J Roentgenol|AJR. American journal of roentgenology|0361-803X|10.2214/AJR|
Pediatrics|Pediatrics|0031-4005|10.1542/peds|
J Pediatr|The Journal of pediatrics|0022-3476|10.1016/j.jpeds|
Acad Pediatr|Academic pediatrics|1876-2859|10.1016/j.acap|s2009
Am J Psychiatry|The American journal of psychiatry|0002-953X|10.1176/appi.ajp|
Psychiatr Serv|Psychiatric services (Washington, D.C.)|1075-2730|10.1176/appi.ps|
J Affect Disord|Journal of affective disorders|0165-0327|10.1016/j.jad|
Nat Commun|Nature communications|2041-1723|10.1038/s41467|s2010
Sci Rep|Scientific reports|2045-2322|10.1038/s41598|s2011
PLoS Genet|PLoS genetics|1553-7390|10.1371/journal.pgen|
Hum Mol Genet|Human molecular genetics|0964-6906|10.1093/hmg|
Diabetes Care|Diabetes care|0149-5992|10.2337/dc|
J Clin Endocrinol Metab|The Journal of clinical endocrinology and metabolism|0021-972X|10.1210/clinem|
Kidney Int|Kidney international|0085-2538|10.1016/j.kint|
Clin Notes Q|Clinical notes quarterly||10.5555/cnq|i
Proc Midl Clin Soc|Proceedings of the Midland Clinical Society||10.5555/pmcs|i
Acta Med Boreal|Acta medica borealis||10.5555/amb|i
J Rural Remote Pract|Journal of rural and remote practice||10.5555/jrrp|i`;

/** A journal's house style of affiliations, the same for each run: a hash of its name picks it. */
function styleOf(abbreviation: string): AffiliationStyle {
  let hash = 0;
  for (const ch of abbreviation) hash = (hash * 33 + ch.charCodeAt(0)) % 1000;
  const total = AFFILIATION_STYLES.reduce((sum, [, weight]) => sum + weight, 0);
  let point = (hash / 1000) * total;
  for (const [style, weight] of AFFILIATION_STYLES) {
    point -= weight;
    if (point < 0) return style;
  }
  return "full";
}

export const JOURNALS: ReadonlyMap<string, Journal> = new Map(
  JOURNAL_TABLE.split("\n").map((line) => {
    const [abbreviation, title, issn, doiStem, flags] = line.split("|") as [
      string,
      string,
      string,
      string,
      string,
    ];
    const journal: Journal = {
      title,
      abbreviation,
      ...(issn ? { issn } : {}),
      doiStem,
      initialsOnly: flags.includes("i"),
      style: styleOf(abbreviation),
      since: Number(/s(\d{4})/.exec(flags)?.[1] ?? 1900),
      until: Number(/u(\d{4})/.exec(flags)?.[1] ?? 2100),
    };
    return [abbreviation, journal];
  }),
);

export interface Topic {
  /** As a title says it: "hospital readmission". */
  phrase: string;
  mesh: string;
}

export type FieldKey =
  | "general-medicine"
  | "hospital-medicine"
  | "medical-education"
  | "geriatrics"
  | "addiction"
  | "cardiology"
  | "infectious-disease"
  | "oncology"
  | "surgery"
  | "radiology"
  | "pediatrics"
  | "psychiatry"
  | "genomics"
  | "endocrinology";

export interface Field {
  key: FieldKey;
  journals: ReadonlyArray<readonly [Journal, number]>;
  /** Median author count of an original article around 2014. */
  medianAuthors: number;
  topics: readonly Topic[];
  populations: readonly string[];
  /** NIH institutes that fund it, by their two-letter code. */
  institutes: readonly string[];
}

const journalWeights = (spec: string): ReadonlyArray<readonly [Journal, number]> =>
  spec.split(";").map((entry) => {
    const [abbreviation, weight] = entry.split("=");
    const journal = JOURNALS.get(abbreviation!.trim());
    if (!journal) throw new Error(`unknown journal ${abbreviation}`);
    return [journal, Number(weight)] as const;
  });

const topics = (spec: string): readonly Topic[] =>
  spec.split(";").map((entry) => {
    const [phrase, mesh] = entry.split("=");
    return { phrase: phrase!.trim(), mesh: mesh!.trim() };
  });

const COMMON_POPULATIONS = [
  "adults in primary care",
  "Medicare beneficiaries",
  "veterans",
  "hospitalized adults",
  "safety-net patients",
  "rural patients",
  "adults with multimorbidity",
  "patients with limited English proficiency",
];

const FIELD_LIST: readonly Field[] = [
  {
    key: "general-medicine",
    journals: journalWeights(
      "J Gen Intern Med=5;JAMA Intern Med=2;Arch Intern Med=2;Ann Intern Med=1.5;Am J Med=1.5;Med Care=2;Health Serv Res=1.5;J Am Board Fam Med=1;Am J Prev Med=1;Health Aff (Millwood)=0.8;JAMA Netw Open=2;BMJ Open=1.5;PLoS One=2;Medicine (Baltimore)=0.5;Cureus=0.3;Clin Notes Q=0.4",
    ),
    medianAuthors: 6,
    topics: topics(
      "hypertension control=Hypertension;type 2 diabetes care=Diabetes Mellitus, Type 2;hospital readmission=Patient Readmission;health literacy=Health Literacy;opioid prescribing=Analgesics, Opioid;telemedicine visits=Telemedicine;colorectal cancer screening=Early Detection of Cancer;access to primary care=Primary Health Care;social needs screening=Social Determinants of Health;Medicaid expansion=Medicaid;patient-physician communication=Physician-Patient Relations;chronic kidney disease=Renal Insufficiency, Chronic",
    ),
    populations: COMMON_POPULATIONS,
    institutes: ["HS", "HL", "DK", "MD", "AG"],
  },
  {
    key: "hospital-medicine",
    journals: journalWeights(
      "J Hosp Med=5;BMJ Qual Saf=2;Jt Comm J Qual Patient Saf=1.5;J Gen Intern Med=2;JAMA Intern Med=1;JAMA Netw Open=1;Am J Med=1;BMJ Open=1;PLoS One=1;Cureus=0.5",
    ),
    medianAuthors: 6,
    topics: topics(
      "hospital discharge=Patient Discharge;length of stay=Length of Stay;handoff communication=Patient Handoff;hospitalist workload=Hospitalists;sepsis recognition=Sepsis;delirium=Delirium;inpatient falls=Accidental Falls;venous thromboembolism prophylaxis=Venous Thromboembolism;rapid response activation=Hospital Rapid Response Team;low-value care=Medical Overuse",
    ),
    populations: [
      "hospitalized adults",
      "medical inpatients",
      "older inpatients",
      "patients discharged home",
    ],
    institutes: ["HS", "HL", "AG"],
  },
  {
    key: "medical-education",
    journals: journalWeights(
      "Acad Med=5;Med Educ=2;J Grad Med Educ=3;Teach Learn Med=1.5;Med Teach=1.5;BMC Med Educ=1.5;J Gen Intern Med=1.5;Am J Med=0.8;Cureus=0.5",
    ),
    medianAuthors: 4.5,
    topics: topics(
      "residency training=Internship and Residency;clinical reasoning=Clinical Reasoning;physician burnout=Burnout, Professional;feedback to learners=Formative Feedback;competency assessment=Clinical Competence;curriculum design=Curriculum;simulation training=Simulation Training;diversity in the physician workforce=Cultural Diversity",
    ),
    populations: [
      "internal medicine residents",
      "medical students",
      "faculty physicians",
      "program directors",
    ],
    institutes: ["HS", "MD"],
  },
  {
    key: "geriatrics",
    journals: journalWeights(
      "J Am Geriatr Soc=5;J Gerontol A Biol Sci Med Sci=2;J Pain Symptom Manage=2;J Palliat Med=2;JAMA Intern Med=1;J Gen Intern Med=1;BMJ Open=0.8;PLoS One=0.8;Acta Med Boreal=0.3",
    ),
    medianAuthors: 6,
    topics: topics(
      "frailty=Frailty;dementia care=Dementia;advance care planning=Advance Care Planning;polypharmacy=Polypharmacy;falls=Accidental Falls;hospice use=Hospice Care;nursing home care=Nursing Homes;serious illness communication=Communication",
    ),
    populations: [
      "older adults",
      "nursing home residents",
      "Medicare beneficiaries",
      "persons living with dementia",
    ],
    institutes: ["AG", "NR"],
  },
  {
    key: "addiction",
    journals: journalWeights(
      "Drug Alcohol Depend=4;Addiction=2;J Subst Abuse Treat=2.5;J Gen Intern Med=1;JAMA Netw Open=1;PLoS One=1",
    ),
    medianAuthors: 6,
    topics: topics(
      "opioid use disorder=Opioid-Related Disorders;buprenorphine treatment=Buprenorphine;unhealthy alcohol use=Alcohol Drinking;smoking cessation=Smoking Cessation;harm reduction=Harm Reduction;naloxone distribution=Naloxone",
    ),
    populations: ["adults in primary care", "people who inject drugs", "hospitalized adults", "veterans"],
    institutes: ["DA", "AA"],
  },
  {
    key: "cardiology",
    journals: journalWeights(
      "Circulation=2;J Am Heart Assoc=4;Am Heart J=2;JAMA Netw Open=1;PLoS One=1;Medicine (Baltimore)=0.5",
    ),
    medianAuthors: 9,
    topics: topics(
      "heart failure=Heart Failure;atrial fibrillation=Atrial Fibrillation;acute myocardial infarction=Myocardial Infarction;statin therapy=Hydroxymethylglutaryl-CoA Reductase Inhibitors;cardiac rehabilitation=Cardiac Rehabilitation;blood pressure=Blood Pressure",
    ),
    populations: ["adults with heart failure", "Medicare beneficiaries", "veterans", "older adults"],
    institutes: ["HL"],
  },
  {
    key: "infectious-disease",
    journals: journalWeights(
      "Clin Infect Dis=4;Open Forum Infect Dis=3;AIDS=1.5;J Acquir Immune Defic Syndr=2;Infect Control Hosp Epidemiol=1.5;PLoS One=1",
    ),
    medianAuthors: 8,
    topics: topics(
      "HIV care=HIV Infections;pre-exposure prophylaxis=Pre-Exposure Prophylaxis;antimicrobial stewardship=Antimicrobial Stewardship;Clostridioides difficile infection=Clostridium Infections;hepatitis C treatment=Hepatitis C;COVID-19=COVID-19;influenza vaccination=Influenza Vaccines",
    ),
    populations: [
      "people with HIV",
      "hospitalized adults",
      "men who have sex with men",
      "health care workers",
    ],
    institutes: ["AI"],
  },
  {
    key: "oncology",
    journals: journalWeights(
      "J Clin Oncol=3;Cancer=3;Cancer Epidemiol Biomarkers Prev=2;JAMA Netw Open=1;PLoS One=1",
    ),
    medianAuthors: 10,
    topics: topics(
      "breast cancer=Breast Neoplasms;lung cancer screening=Lung Neoplasms;cancer survivorship=Cancer Survivors;immunotherapy=Immunotherapy;prostate cancer=Prostatic Neoplasms",
    ),
    populations: ["cancer survivors", "women with breast cancer", "older adults with cancer"],
    institutes: ["CA"],
  },
  {
    key: "surgery",
    journals: journalWeights("Ann Surg=3;JAMA Surg=2;J Am Coll Surg=3;Cureus=0.5"),
    medianAuthors: 7,
    topics: topics(
      "surgical site infection=Surgical Wound Infection;hip fracture=Hip Fractures;bariatric surgery=Bariatric Surgery;postoperative complications=Postoperative Complications;trauma care=Wounds and Injuries",
    ),
    populations: ["surgical patients", "older adults", "trauma patients"],
    institutes: ["GM", "DK"],
  },
  {
    key: "radiology",
    journals: journalWeights("Radiology=3;AJR Am J Roentgenol=3;PLoS One=0.5"),
    medianAuthors: 6,
    topics: topics(
      "incidental findings=Incidental Findings;CT use=Tomography, X-Ray Computed;MRI=Magnetic Resonance Imaging;screening mammography=Mammography",
    ),
    populations: ["emergency department patients", "women aged 40 to 74 years", "adults"],
    institutes: ["EB", "CA"],
  },
  {
    key: "pediatrics",
    journals: journalWeights("Pediatrics=4;J Pediatr=3;Acad Pediatr=2;PLoS One=0.5"),
    medianAuthors: 7,
    topics: topics(
      "childhood asthma=Asthma;childhood obesity=Pediatric Obesity;newborn care=Infant, Newborn;childhood vaccination=Vaccination;adolescent health=Adolescent Health",
    ),
    populations: ["children", "adolescents", "infants", "families"],
    institutes: ["HD"],
  },
  {
    key: "psychiatry",
    journals: journalWeights(
      "Am J Psychiatry=2;Psychiatr Serv=3;J Affect Disord=3;Proc Midl Clin Soc=0.3;BMJ Open=0.5",
    ),
    medianAuthors: 6,
    topics: topics(
      "depression=Depression;suicide prevention=Suicide;serious mental illness=Mental Disorders;integrated behavioral health=Delivery of Health Care, Integrated;anxiety=Anxiety",
    ),
    populations: ["adults with depression", "veterans", "adolescents", "primary care patients"],
    institutes: ["MH"],
  },
  {
    key: "genomics",
    journals: journalWeights("Nat Commun=2;Sci Rep=3;PLoS Genet=2;Hum Mol Genet=2"),
    medianAuthors: 14,
    topics: topics(
      "genome-wide association=Genome-Wide Association Study;polygenic risk=Multifactorial Inheritance;gene expression=Gene Expression Profiling;rare variants=Genetic Variation;DNA methylation=DNA Methylation",
    ),
    populations: ["population cohorts", "adults of diverse ancestry", "biobank participants"],
    institutes: ["HG", "GM"],
  },
  {
    key: "endocrinology",
    journals: journalWeights(
      "Diabetes Care=3;J Clin Endocrinol Metab=3;Kidney Int=2;J Rural Remote Pract=0.3;PLoS One=0.5",
    ),
    medianAuthors: 8,
    topics: topics(
      "diabetes management=Diabetes Mellitus;insulin therapy=Insulin;thyroid disease=Thyroid Diseases;obesity treatment=Obesity;diabetic kidney disease=Diabetic Nephropathies",
    ),
    populations: ["adults with diabetes", "youth with type 1 diabetes", "veterans"],
    institutes: ["DK"],
  },
];

export const FIELDS: ReadonlyMap<FieldKey, Field> = new Map(FIELD_LIST.map((field) => [field.key, field]));

export function field(key: FieldKey): Field {
  return FIELDS.get(key)!;
}

/** The fields of the division's own faculty: what a division of general medicine works on. */
export const DIVISION_FIELDS: ReadonlyArray<readonly [FieldKey, number]> = [
  ["general-medicine", 5],
  ["hospital-medicine", 2],
  ["medical-education", 1.5],
  ["geriatrics", 1.5],
  ["addiction", 1],
  ["infectious-disease", 0.6],
  ["cardiology", 0.5],
  ["endocrinology", 0.4],
];

/** Fields of everyone else: namesakes elsewhere mostly work on other things. */
export const WORLD_FIELDS: ReadonlyArray<readonly [FieldKey, number]> = [
  ["general-medicine", 2],
  ["cardiology", 2],
  ["oncology", 2],
  ["surgery", 1.5],
  ["radiology", 1],
  ["pediatrics", 1.5],
  ["psychiatry", 1.5],
  ["genomics", 1.5],
  ["endocrinology", 1.5],
  ["infectious-disease", 1.5],
  ["geriatrics", 0.7],
  ["hospital-medicine", 0.5],
  ["addiction", 0.5],
  ["medical-education", 0.5],
];

export const INSTITUTES: Readonly<Record<string, { abbreviation: string; name: string; agency: string }>> = {
  HL: { abbreviation: "NHLBI", name: "National Heart, Lung, and Blood Institute", agency: "NIH" },
  DK: {
    abbreviation: "NIDDK",
    name: "National Institute of Diabetes and Digestive and Kidney Diseases",
    agency: "NIH",
  },
  AG: { abbreviation: "NIA", name: "National Institute on Aging", agency: "NIH" },
  MD: {
    abbreviation: "NIMHD",
    name: "National Institute on Minority Health and Health Disparities",
    agency: "NIH",
  },
  HS: { abbreviation: "AHRQ", name: "Agency for Healthcare Research and Quality", agency: "AHRQ" },
  NR: { abbreviation: "NINR", name: "National Institute of Nursing Research", agency: "NIH" },
  DA: { abbreviation: "NIDA", name: "National Institute on Drug Abuse", agency: "NIH" },
  AA: { abbreviation: "NIAAA", name: "National Institute on Alcohol Abuse and Alcoholism", agency: "NIH" },
  AI: { abbreviation: "NIAID", name: "National Institute of Allergy and Infectious Diseases", agency: "NIH" },
  CA: { abbreviation: "NCI", name: "National Cancer Institute", agency: "NIH" },
  GM: { abbreviation: "NIGMS", name: "National Institute of General Medical Sciences", agency: "NIH" },
  EB: {
    abbreviation: "NIBIB",
    name: "National Institute of Biomedical Imaging and Bioengineering",
    agency: "NIH",
  },
  HD: {
    abbreviation: "NICHD",
    name: "Eunice Kennedy Shriver National Institute of Child Health and Human Development",
    agency: "NIH",
  },
  MH: { abbreviation: "NIMH", name: "National Institute of Mental Health", agency: "NIH" },
  HG: { abbreviation: "NHGRI", name: "National Human Genome Research Institute", agency: "NIH" },
};

/** Meetings where the division's faculty present, with the scope a faculty-affairs office gives them. */
export const MEETINGS: ReadonlyArray<readonly [string, PresentationScope]> = [
  ["Society of General Internal Medicine Annual Meeting", "national"],
  ["AcademyHealth Annual Research Meeting", "national"],
  ["Society of Hospital Medicine Annual Conference", "national"],
  ["American Geriatrics Society Annual Scientific Meeting", "national"],
  ["American College of Physicians Internal Medicine Meeting", "national"],
  ["SGIM Midwest Regional Meeting", "regional"],
  ["Indiana Chapter ACP Scientific Meeting", "regional"],
  ["International Conference on Residency Education", "international"],
  ["European Congress of Internal Medicine", "international"],
  ["Medicine Grand Rounds", "local"],
  ["Department of Medicine Research Day", "local"],
];
