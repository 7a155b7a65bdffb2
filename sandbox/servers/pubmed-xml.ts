import type { PartialDate, PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { entrezDate, fullDate, type Day } from "./entry-date.ts";

/** EFetch XML for PubMed records, in the shape and encoding NCBI serves (PubMedArticle DTD 2025). */

/** An abstract: plain text, or labelled sections (BACKGROUND, METHODS, ...) as structured abstracts are. */
export type SandboxAbstract = string | ReadonlyArray<{ label: string; text: string }>;

export type AbstractLookup = (pmid: string) => SandboxAbstract | undefined;

export const PUBMED_XML_PROLOG =
  '<?xml version="1.0" ?>\n' +
  '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" ' +
  '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n';

/** A whole EFetch response for these records, in the order given. */
export function toPubmedArticleSetXml(
  records: readonly PubmedArticleRecord[],
  options: { abstracts?: AbstractLookup } = {},
): string {
  return wrapPubmedArticleSet(
    records.map((record) => pubmedArticleXml(record, options.abstracts?.(record.pmid))),
  );
}

/** Joins article elements rendered by `pubmedArticleXml` into a response, as EFetch lays it out. */
export function wrapPubmedArticleSet(articleElements: readonly string[]): string {
  return `${PUBMED_XML_PROLOG}<PubmedArticleSet>\n${articleElements.join("")}</PubmedArticleSet>\n`;
}

/**
 * Escapes text for element content and attribute values. Non-ASCII characters are written as
 * character references (&#xe9;), as EFetch writes them; characters XML 1.0 forbids are dropped.
 */
export function escapeXml(value: string): string {
  // Most values need nothing done; testing first keeps rendering thousands of records quick.
  if (!NEEDS_ESCAPE.test(value)) return value;
  return value.replace(ESCAPED, (ch) => {
    switch (ch) {
      case "&":
        return "&amp;";
      case "<":
        return "&lt;";
      case ">":
        return "&gt;";
      case '"':
        return "&quot;";
    }
    const code = ch.codePointAt(0)!;
    if (code < 0x20 || code === 0xfffe || code === 0xffff || (code >= 0xd800 && code <= 0xdfff)) return "";
    return `&#x${code.toString(16)};`;
  });
}

const NEEDS_ESCAPE = /[&<>"]|[^\t\n\r\x20-\x7e]/u;
const ESCAPED = /[&<>"]|[^\t\n\r\x20-\x7e]/gu;

function element(
  name: string,
  content: string | undefined,
  attributes: Record<string, string | undefined> = {},
): string {
  if (content === undefined) return "";
  return `<${name}${attributeList(attributes)}>${content}</${name}>`;
}

function text(
  name: string,
  value: string | number | undefined,
  attributes: Record<string, string | undefined> = {},
): string {
  if (value === undefined || value === "") return "";
  return element(name, escapeXml(String(value)), attributes);
}

function attributeList(attributes: Record<string, string | undefined>): string {
  let out = "";
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined) out += ` ${name}="${escapeXml(value)}"`;
  }
  return out;
}

const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const SEASON_TEXT = /^(\d{4}) (Spring|Summer|Fall|Autumn|Winter)$/;

const pad2 = (value: number): string => String(value).padStart(2, "0");

/** PubDate as MEDLINE writes it: Year, Month as "Jan", Day; or Year + Season; or a MedlineDate. */
function pubDateXml(date: PartialDate): string {
  if (date.text !== undefined) {
    const season = SEASON_TEXT.exec(date.text);
    if (season) return `<PubDate><Year>${season[1]}</Year><Season>${season[2]}</Season></PubDate>`;
    return `<PubDate>${text("MedlineDate", date.text)}</PubDate>`;
  }
  const month = date.month === undefined ? "" : `<Month>${MONTHS[date.month - 1]}</Month>`;
  const day = date.month === undefined || date.day === undefined ? "" : `<Day>${pad2(date.day)}</Day>`;
  return `<PubDate><Year>${date.year}</Year>${month}${day}</PubDate>`;
}

/** ArticleDate and the DateRevised family use numeric two-digit months. */
function numericDate(
  name: string,
  date: { year: number; month: number; day: number },
  attributes = {},
): string {
  return element(
    name,
    `<Year>${date.year}</Year><Month>${pad2(date.month)}</Month><Day>${pad2(date.day)}</Day>`,
    attributes,
  );
}

/** A date some days later, for the History and DateRevised dates a record accrues after it enters PubMed. */
function later(
  date: { year: number; month: number; day: number },
  days: number,
): { year: number; month: number; day: number } {
  const moved = new Date(Date.UTC(date.year, date.month - 1, Math.min(date.day, 28) + days));
  return { year: moved.getUTCFullYear(), month: moved.getUTCMonth() + 1, day: moved.getUTCDate() };
}

function historyDate(
  status: string,
  date: { year: number; month: number; day: number },
  hour: number,
): string {
  return (
    `<PubMedPubDate PubStatus="${status}"><Year>${date.year}</Year><Month>${date.month}</Month>` +
    `<Day>${date.day}</Day><Hour>${hour}</Hour><Minute>0</Minute></PubMedPubDate>`
  );
}

/** Small, stable number from a PMID, so the same record always renders the same bytes. */
function pmidNumber(pmid: string, modulo: number): number {
  let total = 0;
  for (const ch of pmid) total = (total * 31 + ch.charCodeAt(0)) % 1_000_003;
  return total % modulo;
}

function paginationXml(pages: string | undefined): string {
  if (!pages) return "";
  const range = /^([A-Za-z]?)(\d+)-([A-Za-z]?)(\d+)$/.exec(pages);
  if (!range)
    return `<Pagination><StartPage>${escapeXml(pages)}</StartPage><MedlinePgn>${escapeXml(pages)}</MedlinePgn></Pagination>`;
  const [, prefix, start, , end] = range as unknown as [string, string, string, string, string];
  // MEDLINE abbreviates the end page ("1123-30"); StartPage/EndPage carry it in full.
  const fullEnd = end.length < start.length ? start.slice(0, start.length - end.length) + end : end;
  return (
    `<Pagination><StartPage>${escapeXml(prefix + start)}</StartPage><EndPage>${escapeXml(prefix + fullEnd)}</EndPage>` +
    `<MedlinePgn>${escapeXml(pages)}</MedlinePgn></Pagination>`
  );
}

function authorXml(author: PubmedAuthor): string {
  const name = author.collectiveName
    ? text("CollectiveName", author.collectiveName)
    : text("LastName", author.lastName) +
      text("ForeName", author.foreName) +
      text("Initials", author.initials) +
      text("Suffix", author.suffix);
  const orcid = text("Identifier", author.orcid, { Source: "ORCID" });
  const affiliations = author.affiliations
    .map((affiliation) => `<AffiliationInfo>${text("Affiliation", affiliation)}</AffiliationInfo>`)
    .join("");
  const attributes = {
    ValidYN: author.valid ? "Y" : "N",
    EqualContrib: author.equalContribution ? "Y" : undefined,
  };
  return element("Author", name + orcid + affiliations, attributes);
}

function abstractXml(abstract: SandboxAbstract | undefined): string {
  if (abstract === undefined || abstract.length === 0) return "";
  if (typeof abstract === "string") return `<Abstract>${text("AbstractText", abstract)}</Abstract>`;
  const sections = abstract
    .map((section) =>
      text("AbstractText", section.text, {
        Label: section.label.toUpperCase(),
        NlmCategory: nlmCategory(section.label),
      }),
    )
    .join("");
  return `<Abstract>${sections}</Abstract>`;
}

function nlmCategory(label: string): string {
  const upper = label.toUpperCase();
  if (/BACKGROUND|INTRODUCTION|CONTEXT|IMPORTANCE/.test(upper)) return "BACKGROUND";
  if (/OBJECTIVE|AIM|PURPOSE/.test(upper)) return "OBJECTIVE";
  if (/METHOD|DESIGN|SETTING|PARTICIPANTS/.test(upper)) return "METHODS";
  if (/RESULT|FINDING/.test(upper)) return "RESULTS";
  if (/CONCLUSION|INTERPRETATION/.test(upper)) return "CONCLUSIONS";
  return "UNASSIGNED";
}

/** MeSH publication-type identifiers, so PublicationType carries its UI attribute as PubMed's does. */
const PUBLICATION_TYPE_UI: Readonly<Record<string, string>> = {
  "Journal Article": "D016428",
  Review: "D016454",
  "Systematic Review": "D000078182",
  "Meta-Analysis": "D017418",
  Letter: "D016422",
  Editorial: "D016421",
  Comment: "D016420",
  "Published Erratum": "D016425",
  "Retraction of Publication": "D016441",
  "Retracted Publication": "D016440",
  "Case Reports": "D002363",
  "Randomized Controlled Trial": "D016449",
  "Clinical Trial": "D016430",
  "Observational Study": "D064888",
  "Multicenter Study": "D016448",
  "Comparative Study": "D003160",
  "Practice Guideline": "D017065",
  "Research Support, N.I.H., Extramural": "D052061",
  "Research Support, Non-U.S. Gov't": "D013485",
  "Research Support, U.S. Gov't, Non-P.H.S.": "D013486",
  "Research Support, U.S. Gov't, P.H.S.": "D013487",
  "Introductory Journal Article": "D054711",
  News: "D016433",
  "Historical Article": "D016456",
  Biography: "D019215",
  "Video-Audio Media": "D059040",
};

/**
 * A stable stand-in for a MeSH descriptor UI the table does not know: "D" and six digits from
 * the name. The sandbox invents these; only the attribute's presence and shape matter to readers.
 */
function meshUi(name: string): string {
  const known = MESH_UI[name];
  if (known) return known;
  let total = 7;
  for (const ch of name) total = (total * 131 + ch.charCodeAt(0)) % 1_000_000;
  return `D${String(total).padStart(6, "0")}`;
}

const MESH_UI: Readonly<Record<string, string>> = {
  Humans: "D006801",
  Male: "D008297",
  Female: "D005260",
  Adult: "D000328",
  Aged: "D000368",
  "Middle Aged": "D008875",
  Hypertension: "D006973",
  "Diabetes Mellitus, Type 2": "D003924",
  "Primary Health Care": "D011320",
  "Internal Medicine": "D007388",
  "Patient Readmission": "D010359",
  "Quality Improvement": "D058996",
  "Retrospective Studies": "D012189",
  "Cross-Sectional Studies": "D003430",
  "Cohort Studies": "D015331",
  "Surveys and Questionnaires": "D011795",
  Telemedicine: "D017216",
  "United States": "D014481",
  "Internship and Residency": "D007396",
  "Health Literacy": "D057220",
  "Medication Adherence": "D055118",
  "Advance Care Planning": "D032722",
  "Analgesics, Opioid": "D000701",
  "Early Detection of Cancer": "D055088",
  "Patient Portals": "D000076251",
  Mentoring: "D000068476",
  Burnout: "D002055",
};

function meshHeadingXml(heading: string): string {
  // "Hypertension/drug therapy*" style: qualifiers after slashes, a star marks a major topic.
  const [descriptor, ...qualifiers] = heading.split("/");
  const major = (value: string): { name: string; major: string } =>
    value.endsWith("*")
      ? { name: value.slice(0, -1).trim(), major: "Y" }
      : { name: value.trim(), major: "N" };
  const d = major(descriptor ?? heading);
  const qualifierXml = qualifiers
    .map((q) => major(q))
    .map((q) => text("QualifierName", q.name, { UI: `Q${meshUi(q.name).slice(1)}`, MajorTopicYN: q.major }))
    .join("");
  return `<MeshHeading>${text("DescriptorName", d.name, { UI: meshUi(d.name), MajorTopicYN: d.major })}${qualifierXml}</MeshHeading>`;
}

function pubModel(record: PubmedArticleRecord): string {
  if (record.publicationStatus === "epublish") return "Electronic";
  if (record.publicationStatus === "aheadofprint") return "Print-Electronic";
  return record.electronicDate ? "Print-Electronic" : "Print";
}

/** One `<PubmedArticle>` (or `<PubmedBookArticle>`) element, without the surrounding set. */
export function pubmedArticleXml(
  record: PubmedArticleRecord,
  abstract?: SandboxAbstract,
  entered: Day = entrezDate(record),
): string {
  if (record.kind === "book-article") return bookArticleXml(record, abstract, entered);
  const status = record.citationStatus ?? "MEDLINE";
  const hour = pmidNumber(record.pmid, 24);
  const medline = status === "MEDLINE" ? later(entered, 30 + pmidNumber(record.pmid, 60)) : undefined;
  const revised = later(entered, 60 + pmidNumber(record.pmid, 300));
  const issue = record.publicationDate
    ? pubDateXml(record.publicationDate)
    : `<PubDate><Year>${entered.year}</Year></PubDate>`;

  const journal =
    "<Journal>" +
    text("ISSN", record.issn, {
      IssnType: record.publicationStatus === "epublish" ? "Electronic" : "Print",
    }) +
    `<JournalIssue CitedMedium="${record.publicationStatus === "epublish" ? "Internet" : "Print"}">` +
    text("Volume", record.volume) +
    text("Issue", record.issue) +
    issue +
    "</JournalIssue>" +
    text("Title", record.journal) +
    text("ISOAbbreviation", record.journalAbbreviation) +
    "</Journal>";

  const authors = record.authors.length
    ? `<AuthorList CompleteYN="Y">${record.authors.map(authorXml).join("")}</AuthorList>`
    : "";
  const languages = (record.languages.length ? record.languages : ["eng"])
    .map((language) => text("Language", language))
    .join("");
  const grants = record.grants.length
    ? `<GrantList CompleteYN="Y">${record.grants
        .map(
          (g) =>
            `<Grant>${text("GrantID", g.grantId)}${text("Acronym", g.acronym)}${text("Agency", g.agency)}${text("Country", g.country)}</Grant>`,
        )
        .join("")}</GrantList>`
    : "";
  const types = `<PublicationTypeList>${record.publicationTypes
    .map((type) => text("PublicationType", type, { UI: PUBLICATION_TYPE_UI[type] }))
    .join("")}</PublicationTypeList>`;
  const articleDate = record.electronicDate
    ? numericDate("ArticleDate", fullDate(record.electronicDate), { DateType: "Electronic" })
    : "";

  const article =
    `<Article PubModel="${pubModel(record)}">` +
    journal +
    text("ArticleTitle", record.title) +
    paginationXml(record.pages) +
    text("ELocationID", record.doi, { EIdType: "doi", ValidYN: "Y" }) +
    abstractXml(abstract) +
    authors +
    languages +
    grants +
    types +
    text("VernacularTitle", record.vernacularTitle) +
    articleDate +
    "</Article>";

  const journalInfo =
    "<MedlineJournalInfo><Country>United States</Country>" +
    text("MedlineTA", record.journalAbbreviation ?? record.journal ?? "Unknown") +
    text("NlmUniqueID", String(100_000_000 + pmidNumber(record.journal ?? "", 9_000_000))) +
    text("ISSNLinking", record.issn) +
    "</MedlineJournalInfo>";
  const comments = record.commentsCorrections.length
    ? `<CommentsCorrectionsList>${record.commentsCorrections
        .map((c) =>
          element(
            "CommentsCorrections",
            text("RefSource", c.refSource ?? "") + text("PMID", c.pmid, { Version: "1" }),
            { RefType: c.refType },
          ),
        )
        .join("")}</CommentsCorrectionsList>`
    : "";
  const mesh = record.meshHeadings.length
    ? `<MeshHeadingList>${record.meshHeadings.map(meshHeadingXml).join("")}</MeshHeadingList>`
    : "";
  const keywords = record.keywords.length
    ? `<KeywordList Owner="NOTNLM">${record.keywords.map((k) => text("Keyword", k, { MajorTopicYN: "N" })).join("")}</KeywordList>`
    : "";

  const citation = element(
    "MedlineCitation",
    text("PMID", record.pmid, { Version: "1" }) +
      (medline ? numericDate("DateCompleted", medline) : "") +
      numericDate("DateRevised", revised) +
      article +
      journalInfo +
      (status === "MEDLINE" ? "<CitationSubset>IM</CitationSubset>" : "") +
      comments +
      mesh +
      keywords,
    { Status: status, Owner: "NLM", IndexingMethod: status === "MEDLINE" ? "Curated" : undefined },
  );

  const history =
    "<History>" +
    (record.electronicDate && record.publicationStatus !== "epublish"
      ? historyDate("received", later(entered, -120), 0)
      : "") +
    historyDate("pubmed", entered, hour) +
    (medline ? historyDate("medline", medline, hour) : historyDate("medline", entered, hour)) +
    historyDate("entrez", entered, hour) +
    "</History>";
  const ids =
    "<ArticleIdList>" +
    text("ArticleId", record.pmid, { IdType: "pubmed" }) +
    text("ArticleId", record.pmcid, { IdType: "pmc" }) +
    text("ArticleId", record.doi, { IdType: "doi" }) +
    "</ArticleIdList>";
  const pubmedData = `<PubmedData>${history}${text("PublicationStatus", record.publicationStatus ?? "ppublish")}${ids}</PubmedData>`;
  return `<PubmedArticle>${citation}${pubmedData}</PubmedArticle>`;
}

function bookArticleXml(
  record: PubmedArticleRecord,
  abstract: SandboxAbstract | undefined,
  entered: Day,
): string {
  const date = record.publicationDate ?? { year: entered.year };
  const authors = record.authors.length
    ? `<AuthorList Type="authors">${record.authors.map(authorXml).join("")}</AuthorList>`
    : "";
  const document =
    "<BookDocument>" +
    text("PMID", record.pmid, { Version: "1" }) +
    `<ArticleIdList>${text("ArticleId", record.pmid, { IdType: "pubmed" })}${text("ArticleId", record.doi, { IdType: "doi" })}</ArticleIdList>` +
    "<Book>" +
    `<Publisher><PublisherName>${escapeXml(record.journal ?? "Unknown")}</PublisherName></Publisher>` +
    text("BookTitle", record.journal ?? record.title) +
    pubDateXml(date) +
    "</Book>" +
    text("ArticleTitle", record.title) +
    (record.languages.length ? record.languages : ["eng"])
      .map((language) => text("Language", language))
      .join("") +
    authors +
    record.publicationTypes
      .map((type) => text("PublicationType", type, { UI: PUBLICATION_TYPE_UI[type] }))
      .join("") +
    abstractXml(abstract) +
    "</BookDocument>";
  const data = `<PubmedBookData><History>${historyDate("pubmed", entered, 0)}</History>${text("PublicationStatus", record.publicationStatus ?? "ppublish")}<ArticleIdList>${text("ArticleId", record.pmid, { IdType: "pubmed" })}</ArticleIdList></PubmedBookData>`;
  return `<PubmedBookArticle>${document}${data}</PubmedBookArticle>`;
}
