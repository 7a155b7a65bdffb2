import type { PubmedArticleRecord, PubmedAuthor } from "../../src/sources/pubmed/types.ts";
import { externalId, orcidIdentifier, workContributor } from "./orcid-json.ts";
import type { OrcidDraft, OrcidRecordBuilder, WorkVersion } from "./orcid.ts";
import { DESIGNS, POPULATIONS } from "./tables.ts";
import { capitalize } from "./text.ts";
import type { TruthEntry } from "./types.ts";

// Works on ORCID records: the person's PubMed articles as the sources that sent them list them,
// and preprints.

/** ORCID member applications that add works to people's records. */
const CROSSREF = { clientId: "0000-0001-9884-1913", name: "Crossref" };
const SCOPUS = { clientId: "0000-0002-5982-8983", name: "Scopus - Elsevier" };

/** Europe PMC's import runs under an ORCID iD of its own, not a client id. */
const EUROPE_PMC = { orcid: "0000-0002-9157-3431", name: "Europe PubMed Central" };

/** A PubMed article as ORCID lists it: one group, with a version from each source that sent it. */
export function addArticleWork(
  builder: OrcidRecordBuilder,
  draft: OrcidDraft,
  article: PubmedArticleRecord,
  authorIndex: number,
): void {
  if (
    article.publicationTypes.includes("Published Erratum") ||
    article.publicationTypes.includes("Retraction of Publication")
  )
    return;
  const year = article.publicationDate?.year ?? builder.toYear;
  if (!builder.rng.chance(draft.completeness * (year >= 2013 ? 1 : 0.7))) return;
  const versions: WorkVersion[] = [];
  const doi = article.doi;
  const date = article.electronicDate ?? article.publicationDate ?? { year };
  const title = (article.vernacularTitle ?? article.title).replace(/\.$/, "");
  const authors = article.authors;
  const crossrefName = (author: PubmedAuthor): string =>
    author.collectiveName ?? `${author.foreName ?? ""} ${author.lastName ?? ""}`.trim();

  if (doi !== undefined && builder.rng.chance(0.7)) {
    // Crossref sometimes deposits the DOI in capitals.
    const value = builder.rng.chance(0.2) ? doi.toUpperCase() : doi;
    versions.push(
      builder.workVersion(draft, {
        source: builder.clientSource(CROSSREF),
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
  if (builder.rng.chance(0.45)) {
    versions.push(
      builder.workVersion(draft, {
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
  if (versions.length === 0 || builder.rng.chance(0.25)) {
    // Typed in by the owner: a DOI pasted as a link, in whatever case the publisher printed it.
    const ids = doi
      ? [
          builder.rng.chance(0.5)
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
      builder.workVersion(draft, {
        source: builder.ownSource(draft),
        type: "journal-article",
        title,
        journalTitle: builder.rng.chance(0.5) ? article.journal : article.journalAbbreviation,
        date: article.publicationDate ?? { year },
        ids,
        contributors: builder.rng.chance(0.5)
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
  if (doi !== undefined && builder.rng.chance(0.12)) {
    versions.push(
      builder.workVersion(draft, {
        source: builder.clientSource(SCOPUS, draft),
        type: "journal-article",
        title,
        journalTitle: article.journal,
        date: { year: date.year },
        ids: [
          externalId("doi", doi, doi),
          externalId(
            "eid",
            `2-s2.0-85${String(builder.rng.int(0, 999_999_999)).padStart(9, "0")}`,
            undefined,
          ),
        ],
        contributors: [],
      }),
    );
  }
  draft.works.push(versions);
}

/** A preprint or two on medRxiv, sometimes pointing at the article it became. */
export function addPreprints(
  builder: OrcidRecordBuilder,
  draft: OrcidDraft,
  truth: readonly TruthEntry[],
  articles: Map<string, PubmedArticleRecord>,
): void {
  if (draft.member.track === "clinician-educator" || builder.toYear < 2019) return;
  const count = builder.rng.weighted([
    [0, 5],
    [1, 3],
    [2, 1],
  ] as const);
  for (let n = 0; n < count; n++) {
    const year = builder.rng.int(Math.max(2019, builder.fromYear), builder.toYear);
    const month = builder.rng.int(1, 12);
    const day = builder.rng.int(1, 28);
    const doi = `10.1101/${year}.${String(month).padStart(2, "0")}.${String(day).padStart(2, "0")}.${builder.rng.int(19_000_000, 23_999_999)}`;
    const later = truth
      .map((entry) => articles.get(entry.pmid)!)
      .filter((article) => article.doi && (article.publicationDate?.year ?? 0) >= year);
    const published = later.length > 0 && builder.rng.chance(0.5) ? builder.rng.pick(later) : undefined;
    const topic = builder.rng.pick(draft.topics);
    const title = published
      ? published.title.replace(/\.$/, "")
      : `${capitalize(topic.phrase)} ${builder.rng.pick(POPULATIONS)}: ${builder.rng.pick(DESIGNS).phrase}`;
    const contributors = builder.coauthors(draft, builder.rng.int(2, 6), builder.rng.chance(0.6) ? 0 : -1);
    const crossref = builder.rng.chance(0.6);
    const version = builder.workVersion(draft, {
      source: crossref ? builder.clientSource(CROSSREF) : builder.ownSource(draft),
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
