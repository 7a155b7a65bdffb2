import nock from "nock";

export const EUTILS_HOST = "https://eutils.ncbi.nlm.nih.gov";

/** One PubMed article as EFetch gives it, with the named author first. */
export function pubmedArticleXml(
  pmid: string,
  title: string,
  author: { lastName: string; foreName: string; initials: string },
  doi?: string,
): string {
  const ids = doi
    ? `<ArticleIdList><ArticleId IdType="pubmed">${pmid}</ArticleId><ArticleId IdType="doi">${doi}</ArticleId></ArticleIdList>`
    : "";
  return `<?xml version="1.0" ?>
<PubmedArticleSet><PubmedArticle><MedlineCitation Status="MEDLINE" Owner="NLM"><PMID Version="1">${pmid}</PMID><Article PubModel="Print"><Journal><JournalIssue CitedMedium="Print"><PubDate><Year>2016</Year></PubDate></JournalIssue><Title>Journal of Tests</Title></Journal><ArticleTitle>${title}</ArticleTitle><AuthorList CompleteYN="Y"><Author ValidYN="Y"><LastName>${author.lastName}</LastName><ForeName>${author.foreName}</ForeName><Initials>${author.initials}</Initials></Author><Author ValidYN="Y"><LastName>Chen</LastName><ForeName>Wei</ForeName><Initials>W</Initials></Author></AuthorList><Language>eng</Language><PublicationTypeList><PublicationType UI="D016428">Journal Article</PublicationType></PublicationTypeList></Article></MedlineCitation><PubmedData>${ids}</PubmedData></PubmedArticle></PubmedArticleSet>`;
}

/** EFetch answers the XML for the PMID (once). */
export function nockEfetch(pmid: string, xml: string): nock.Scope {
  return nock(EUTILS_HOST)
    .post("/entrez/eutils/efetch.fcgi", (body: string) => new URLSearchParams(body).get("id") === pmid)
    .reply(200, xml);
}

/** ESearch answers the DOI's `[aid]` search with these PMIDs (once). */
export function nockDoiSearch(doi: string, pmids: string[]): nock.Scope {
  return nock(EUTILS_HOST)
    .get("/entrez/eutils/esearch.fcgi")
    .query((query) => query.term === `"${doi}"[aid]` && query.db === "pubmed")
    .reply(200, {
      header: { type: "esearch", version: "0.3" },
      esearchresult: {
        count: String(pmids.length),
        retmax: String(pmids.length),
        retstart: "0",
        idlist: pmids,
      },
    });
}
