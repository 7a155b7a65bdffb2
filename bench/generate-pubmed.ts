/**
 * Writes a PubmedArticleSet shaped like real EFetch output (db=pubmed, retmode=xml): structured
 * abstracts, author lists with affiliations and ORCID iDs, MeSH headings, history dates and
 * reference lists, which together make up most of the bytes of a real response. The content is
 * synthetic and deterministic (seeded), so every run measures the same file.
 *
 * Usage: tsx bench/generate-pubmed.ts [articles=30000] [out=bench/out/pubmed-<articles>.xml]
 */
import { once } from "node:events";
import { createWriteStream, mkdirSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const LAST_NAMES = [
  "Smith",
  "Nguyễn",
  "García",
  "Müller",
  "O'Brien",
  "Kowalski",
  "Søndergaard",
  "Zhang",
  "Patel",
  "Öztürk",
  "Rossi",
  "Dubois",
  "Silva",
  "Kim",
  "Johansson",
  "Ćosić",
  "De Luca",
  "van der Berg",
  "Yamamoto",
  "Hernández",
  "Williams",
  "Ferreira",
  "Łukasiewicz",
  "Ahmed",
  "Brown",
  "Novák",
];
const FORE_NAMES = [
  "Maria",
  "John A",
  "Wei",
  "José Luis",
  "Anna-Lena",
  "Ravi",
  "Søren",
  "Zoë",
  "Chloé",
  "Michael J",
  "Fatima",
  "Jürgen",
  "Ingrid",
  "Kenji",
  "Ana Paula",
  "Robert",
  "Emily",
  "Łucja",
  "Olivier",
  "Priya",
];
const JOURNALS: Array<[string, string, string]> = [
  ["The New England journal of medicine", "N Engl J Med", "1533-4406"],
  ["JAMA network open", "JAMA Netw Open", "2574-3805"],
  ["Journal of general internal medicine", "J Gen Intern Med", "1525-1497"],
  ["Academic medicine : journal of the Association of American Medical Colleges", "Acad Med", "1938-808X"],
  ["PloS one", "PLoS One", "1932-6203"],
  ["BMJ open", "BMJ Open", "2044-6055"],
  ["Medical education", "Med Educ", "1365-2923"],
  [
    "Clinical infectious diseases : an official publication of the Infectious Diseases Society of America",
    "Clin Infect Dis",
    "1537-6591",
  ],
];
const WORDS = (
  "patients outcomes cohort mentoring faculty randomized trial association risk survival analysis " +
  "clinical training program evaluation retrospective prospective incidence mortality hospital " +
  "intervention quality improvement primary care adults children women disparities cancer diabetes " +
  "hypertension telomere length genetic variants inflammation biomarkers imaging surgery " +
  "readmission screening adherence vaccination infection antibiotic resistance cost effectiveness"
).split(" ");
const MESH = [
  "Humans",
  "Female",
  "Male",
  "Adult",
  "Middle Aged",
  "Aged",
  "Retrospective Studies",
  "Cohort Studies",
  "Risk Factors",
  "Mentors",
  "Faculty, Medical",
  "Treatment Outcome",
  "Prospective Studies",
  "Surveys and Questionnaires",
  "Quality Improvement",
  "United States",
  "Child",
  "Adolescent",
  "Pancreatic Neoplasms",
  "Telomere",
  "Diabetes Mellitus, Type 2",
  "Hypertension",
  "Time Factors",
];
const QUALIFIERS = [
  "epidemiology",
  "therapy",
  "genetics",
  "diagnosis",
  "statistics & numerical data",
  "education",
];
const AFFILIATIONS = [
  "Department of Medicine, Division of General Internal Medicine, University Hospital, Boston, MA, USA.",
  "Channing Division of Network Medicine, Brigham and Women's Hospital and Harvard Medical School, Boston, Massachusetts, USA.",
  "Department of Epidemiology, School of Public Health, Seattle, WA 98195, USA.",
  "Institut für Medizinische Biometrie, Universität Heidelberg, Heidelberg, Germany.",
  "Dipartimento di Medicina Clinica, Università degli Studi di Napoli Federico II, Napoli, Italy.",
  "Department of Pediatrics, Faculty of Medicine, Kyoto University, Kyoto, Japan.",
];
const PUBLICATION_TYPES: Array<[string, string]> = [
  ["D016428", "Journal Article"],
  ["D016449", "Randomized Controlled Trial"],
  ["D016454", "Review"],
  ["D016422", "Letter"],
  ["D016421", "Editorial"],
  ["D013485", "Research Support, Non-U.S. Gov't"],
  ["D052061", "Research Support, N.I.H., Extramural"],
];

/** mulberry32: small, fast and deterministic, so the benchmark file is the same on every run. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const rand = random(20240601);
const int = (min: number, max: number): number => min + Math.floor(rand() * (max - min + 1));
const pick = <T>(items: readonly T[]): T => items[Math.floor(rand() * items.length)]!;
const pad = (n: number, width = 2): string => String(n).padStart(width, "0");
const escape = (text: string): string =>
  text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

function sentence(words: number): string {
  const parts: string[] = [];
  for (let i = 0; i < words; i += 1) parts.push(pick(WORDS));
  const text = parts.join(" ");
  return `${text[0]!.toUpperCase()}${text.slice(1)}`;
}

function orcid(): string {
  const digits = Array.from({ length: 15 }, () => int(0, 9)).join("");
  let total = 0;
  for (const digit of digits) total = (total + Number(digit)) * 2;
  const check = (12 - (total % 11)) % 11;
  const all = `${digits}${check === 10 ? "X" : check}`;
  const canonical = `${all.slice(0, 4)}-${all.slice(4, 8)}-${all.slice(8, 12)}-${all.slice(12)}`;
  return pick([canonical, `https://orcid.org/${canonical}`, `http://orcid.org/${canonical}`]);
}

function ymd(tag: string, year: number, attrs = ""): string {
  return `<${tag}${attrs}><Year>${year}</Year><Month>${pad(int(1, 12))}</Month><Day>${pad(int(1, 28))}</Day></${tag}>`;
}

function pubDate(year: number): string {
  const roll = rand();
  if (roll < 0.55) return `<PubDate><Year>${year}</Year><Month>${pick(MONTHS)}</Month></PubDate>`;
  if (roll < 0.75)
    return `<PubDate><Year>${year}</Year><Month>${pick(MONTHS)}</Month><Day>${int(1, 28)}</Day></PubDate>`;
  if (roll < 0.85) return `<PubDate><Year>${year}</Year></PubDate>`;
  if (roll < 0.93)
    return `<PubDate><Year>${year}</Year><Season>${pick(["Spring", "Summer", "Fall", "Winter"])}</Season></PubDate>`;
  return `<PubDate><MedlineDate>${year} ${pick(["Jan-Feb", "Oct-Dec", "Sep/Oct", "Mar-Apr"])}</MedlineDate></PubDate>`;
}

function title(): string {
  const roll = rand();
  if (roll < 0.15)
    return `${sentence(5)} <i>${pick(["TERT", "BRCA1", "in vivo", "Staphylococcus aureus"])}</i> ${sentence(6)}.`;
  if (roll < 0.2) return `${sentence(6)} &amp; ${sentence(4)}: H<sub>2</sub>O and r<sup>2</sup>&lt;0.25.`;
  return `${sentence(int(8, 16))}.`;
}

function author(index: number): string {
  if (rand() < 0.02)
    return `<Author ValidYN="Y"><CollectiveName>${sentence(3)} Study Group</CollectiveName></Author>`;
  const last = LAST_NAMES[int(0, LAST_NAMES.length - 1)]!;
  const fore = pick(FORE_NAMES);
  const initials = fore
    .split(/[\s-]+/)
    .map((part) => part[0])
    .join("");
  const parts = [
    `<LastName>${escape(last)}</LastName>`,
    `<ForeName>${fore}</ForeName>`,
    `<Initials>${initials}</Initials>`,
  ];
  if (rand() < 0.02) parts.push("<Suffix>Jr</Suffix>");
  if (rand() < 0.3) parts.push(`<Identifier Source="ORCID">${orcid()}</Identifier>`);
  const affiliations = rand() < 0.1 ? 2 : 1;
  for (let i = 0; i < affiliations; i += 1)
    parts.push(`<AffiliationInfo><Affiliation>${escape(pick(AFFILIATIONS))}</Affiliation></AffiliationInfo>`);
  const equal = index < 2 && rand() < 0.1 ? ' EqualContrib="Y"' : "";
  return `<Author ValidYN="Y"${equal}>${parts.join("")}</Author>`;
}

function abstract(): string {
  const sections =
    rand() < 0.5 ? ["BACKGROUND", "METHODS", "RESULTS", "CONCLUSIONS"] : ["OBJECTIVE", "RESULTS"];
  const texts = sections.map(
    (label) =>
      `<AbstractText Label="${label}" NlmCategory="${label}">${sentence(int(8, 22))} (95% CI, 1.07 to 2.78; p&lt;0.05).</AbstractText>`,
  );
  return `<Abstract>${texts.join("")}<CopyrightInformation>© ${int(2000, 2024)} The Authors.</CopyrightInformation></Abstract>`;
}

function reference(): string {
  const id = int(1_000_000, 39_000_000);
  return `<Reference><Citation>${pick(LAST_NAMES)} ${pick(["A", "JB", "M", "RK"])}, et al. ${sentence(int(4, 8))}. ${pick(JOURNALS)[1]}. ${int(1990, 2024)};${int(1, 99)}:${int(1, 999)}-${int(1000, 1999)}.</Citation><ArticleIdList><ArticleId IdType="pubmed">${id}</ArticleId></ArticleIdList></Reference>`;
}

function article(pmid: number): string {
  const year = int(2005, 2024);
  const [journal, abbreviation, issn] = pick(JOURNALS);
  const doi = `10.${int(1000, 9999)}/${abbreviation.toLowerCase().replace(/\s+/g, "")}.${year}.${int(1, 99999)}`;
  const first = int(1, 1800);
  const last = first + int(3, 12);
  const authorCount = int(1, 4);
  const authors = Array.from({ length: authorCount }, (_, i) => author(i)).join("\n");
  const types = [PUBLICATION_TYPES[0]!, ...(rand() < 0.4 ? [pick(PUBLICATION_TYPES.slice(1))] : [])];
  const mesh = Array.from({ length: int(3, 6) }, () => {
    const qualifiers = Array.from(
      { length: int(0, 1) },
      () =>
        `<QualifierName UI="Q00000${int(1, 9)}" MajorTopicYN="N">${escape(pick(QUALIFIERS))}</QualifierName>`,
    ).join("");
    return `<MeshHeading><DescriptorName UI="D00${int(1000, 9999)}" MajorTopicYN="${rand() < 0.2 ? "Y" : "N"}">${pick(MESH)}</DescriptorName>${qualifiers}</MeshHeading>`;
  }).join("\n");
  const grants =
    rand() < 0.35
      ? `<GrantList CompleteYN="Y"><Grant><GrantID>R01 CA${int(100000, 299999)}</GrantID><Acronym>CA</Acronym><Agency>NCI NIH HHS</Agency><Country>United States</Country></Grant></GrantList>`
      : "";
  const keywords =
    rand() < 0.5
      ? `<KeywordList Owner="NOTNLM">${Array.from({ length: int(3, 6) }, () => `<Keyword MajorTopicYN="N">${pick(WORDS)} ${pick(WORDS)}</Keyword>`).join("")}</KeywordList>`
      : "";
  const comments =
    rand() < 0.08
      ? `<CommentsCorrectionsList><CommentsCorrections RefType="${pick(["CommentIn", "ErratumIn", "CommentOn"])}"><RefSource>${abbreviation}. ${year};${int(1, 99)}:${int(1, 999)}</RefSource><PMID Version="1">${pmid + 17}</PMID></CommentsCorrections></CommentsCorrectionsList>`
      : "";
  const pmc = rand() < 0.4 ? `<ArticleId IdType="pmc">PMC${int(1000000, 9999999)}</ArticleId>` : "";
  const references = Array.from({ length: int(1, 5) }, reference).join("\n");
  return `<PubmedArticle>
<MedlineCitation Status="MEDLINE" Owner="NLM" IndexingMethod="Automated">
<PMID Version="1">${pmid}</PMID>
${ymd("DateCompleted", year + 1)}
${ymd("DateRevised", year + 2)}
<Article PubModel="Print-Electronic">
<Journal><ISSN IssnType="Electronic">${issn}</ISSN><JournalIssue CitedMedium="Internet"><Volume>${int(1, 120)}</Volume><Issue>${int(1, 12)}</Issue>${pubDate(year)}</JournalIssue><Title>${escape(journal)}</Title><ISOAbbreviation>${abbreviation}</ISOAbbreviation></Journal>
<ArticleTitle>${title()}</ArticleTitle>
<Pagination><StartPage>${first}</StartPage><EndPage>${last}</EndPage><MedlinePgn>${first}-${last}</MedlinePgn></Pagination>
<ELocationID EIdType="doi" ValidYN="Y">${doi}</ELocationID>
${abstract()}
<AuthorList CompleteYN="Y">
${authors}
</AuthorList>
<Language>eng</Language>
${grants}
<PublicationTypeList>${types.map(([ui, name]) => `<PublicationType UI="${ui}">${escape(name)}</PublicationType>`).join("")}</PublicationTypeList>
${ymd("ArticleDate", year, ' DateType="Electronic"')}
</Article>
<MedlineJournalInfo><Country>United States</Country><MedlineTA>${abbreviation}</MedlineTA><NlmUniqueID>${int(100000, 999999)}</NlmUniqueID><ISSNLinking>${issn}</ISSNLinking></MedlineJournalInfo>
<CitationSubset>IM</CitationSubset>
${comments}
<MeshHeadingList>
${mesh}
</MeshHeadingList>
${keywords}
</MedlineCitation>
<PubmedData>
<History>${ymd("PubMedPubDate", year, ' PubStatus="received"')}${ymd("PubMedPubDate", year, ' PubStatus="accepted"')}${ymd("PubMedPubDate", year, ' PubStatus="entrez"')}</History>
<PublicationStatus>${pick(["ppublish", "ppublish", "epublish", "aheadofprint"])}</PublicationStatus>
<ArticleIdList><ArticleId IdType="pubmed">${pmid}</ArticleId><ArticleId IdType="doi">${doi}</ArticleId>${pmc}</ArticleIdList>
<ReferenceList>
${references}
</ReferenceList>
</PubmedData>
</PubmedArticle>
`;
}

export async function generatePubmedSet(articles: number, outFile: string): Promise<void> {
  mkdirSync(path.dirname(outFile), { recursive: true });
  const out = createWriteStream(outFile);
  const write = async (chunk: string): Promise<void> => {
    if (!out.write(chunk)) await once(out, "drain");
  };
  await write(
    '<?xml version="1.0" ?>\n<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" "https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n<PubmedArticleSet>\n',
  );
  let batch = "";
  for (let i = 0; i < articles; i += 1) {
    batch += article(30_000_000 + i * 7);
    if (batch.length > 1 << 20) {
      await write(batch);
      batch = "";
    }
  }
  await write(`${batch}</PubmedArticleSet>\n`);
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const articles = Number(process.argv[2] ?? 30_000);
  const outFile =
    process.argv[3] ??
    path.join(path.dirname(fileURLToPath(import.meta.url)), "out", `pubmed-${articles}.xml`);
  await generatePubmedSet(articles, outFile);
  console.log(`wrote ${articles} articles to ${outFile}`);
}
