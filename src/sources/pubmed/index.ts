import { PermanentJobError } from "../../errors.ts";
import { distinctiveTerms } from "../../identity/terms.ts";
import {
  createRedisRateLimiter,
  pubmedRateLimit,
  pubmedRateLimitKey,
} from "../../ratelimit/redis-rate-limiter.ts";
import type { AppConfig } from "../../config/env.ts";
import type {
  HarvestContext,
  HarvestedRecord,
  HarvestPerson,
  HarvestResult,
  HarvestSource,
  TogetherAnswers,
  TogetherEntry,
} from "../source.ts";
import { PubmedClient, type DateRange } from "./client.ts";
import { pubmedToCandidate } from "./map.ts";
import { parsePubmedXml, PubmedParseError } from "./parse.ts";
import { authorQuery, enteredSince, QueryBuildError, writeAuthorQuery, type AuthorQuery } from "./query.ts";
import { searchGroup, type SearchingPerson } from "./together.ts";
import type { PubmedArticleRecord } from "./types.ts";

// Publication dates before this year are not in PubMed in any number worth a query.
const EARLIEST_YEAR = 1900;

/**
 * PubMed through NCBI E-utilities: search by the person's names, ORCID iD and affiliations, fetch
 * and parse the records. The parsed record is what is stored. A name search says nothing sure
 * about who wrote a record, so every link is left to scoring (src/disambiguation).
 */
export const pubmedSource: HarvestSource<PubmedClient, "pubmed"> = {
  name: "pubmed",
  label: "PubMed",
  queue: "harvest-pubmed",
  profile: "reads",
  precedence: {
    rank: 0,
    fields: {
      kind: 0,
      title: 0,
      year: 0,
      venue: 0,
      doi: 0,
      pmid: 0,
      pmcid: 0,
      publicationTypes: 0,
      firstAuthor: 0,
    },
  },
  createClient(config, redis) {
    // The limiter lives in Redis, so every worker process on every machine shares NCBI's budget.
    const rateLimiter = createRedisRateLimiter(redis, {
      key: pubmedRateLimitKey(config.QUEUE_PREFIX),
      ...pubmedRateLimit(Boolean(config.NCBI_API_KEY)),
    });
    return new PubmedClient({
      baseUrl: config.PUBMED_EUTILS_URL,
      tool: config.NCBI_TOOL,
      timeoutMs: config.HTTP_TIMEOUT_MS,
      rateLimiter,
      ...(config.NCBI_API_KEY ? { apiKey: config.NCBI_API_KEY } : {}),
      ...(config.NCBI_EMAIL ? { email: config.NCBI_EMAIL } : {}),
    });
  },
  toCandidate: (payload) => pubmedToCandidate(payload as PubmedArticleRecord),
  scoredBy: "authors",
  article: (payload) => payload as PubmedArticleRecord,
  harvest: harvestPubmed,
  harvestTogether: harvestPubmedTogether,
};

/** What the person's search asks: their names, ORCID iD and affiliations, widened by their ORCID record. */
function personQuery(person: HarvestPerson, config: AppConfig): AuthorQuery {
  const identity = {
    ...person,
    nameVariants: [...new Set([...person.nameVariants, ...person.orcidNameVariants])],
    // Department names alone ("Department of Medicine") match nearly every affiliation: left out.
    affiliationTerms: distinctiveTerms([...person.affiliationTerms, ...person.orcidAffiliationTerms]),
  };
  return authorQuery(identity, { scope: config.PUBMED_QUERY_SCOPE });
}

/** The publication years asked, as a date range. */
function rangeOf(context: HarvestContext<unknown>): DateRange {
  return {
    from: { year: context.sinceYear ?? EARLIEST_YEAR, month: 1, day: 1 },
    to: { year: context.untilYear ?? context.now.getUTCFullYear() + 1, month: 12, day: 31 },
  };
}

/** Search, fetch and parse one person's PubMed records within the years asked. */
async function harvestPubmed(
  person: HarvestPerson,
  context: HarvestContext<PubmedClient>,
): Promise<HarvestResult> {
  const { client } = context;
  const byAuthor = writeAuthorQuery(personQuery(person, context.config));
  // After a complete harvest, only records that entered PubMed since the last one (less the overlap).
  const query = context.incremental ? enteredSince(byAuthor, context.incremental.since) : byAuthor;
  const pmids = await client.searchAllIds(query, rangeOf(context));
  // People's rejections stand: a rejected item is not fetched or linked again.
  const wanted = pmids.filter((pmid) => !context.rejected.pmids.has(pmid));

  const records: PubmedArticleRecord[] = [];
  for await (const batch of client.efetch(wanted)) records.push(...readBatch(batch));
  return {
    records: articlesToHarvest(records),
    log: { searched: pmids.length, skippedRejected: pmids.length - wanted.length },
  };
}

/** An EFetch batch's records; XML that cannot be read fails the job for good, naming the PMIDs. */
function readBatch(batch: { pmids: string[]; xml: string }): PubmedArticleRecord[] {
  try {
    return parsePubmedXml(batch.xml);
  } catch (error) {
    if (error instanceof PubmedParseError) {
      throw new PermanentJobError(
        `EFetch of ${batch.pmids.length} PMIDs (${batch.pmids.slice(0, 3).join(", ")}${batch.pmids.length > 3 ? ", ..." : ""}) returned XML that cannot be read: ${error.message}`,
      );
    }
    throw error;
  }
}

/**
 * Incremental searches of many people, PUBMED_BATCH_SIZE at a time among those searching from the
 * same day: one ESearch and one EFetch for the group instead of a search each (./together.ts).
 * Someone whose names cannot make a query is left to their own job, which says why.
 */
async function harvestPubmedTogether(
  entries: ReadonlyArray<TogetherEntry<PubmedClient>>,
): Promise<TogetherAnswers> {
  const answers: TogetherAnswers = new Map();
  const bySince = new Map<string, Array<SearchingPerson & { rejected: ReadonlySet<string> }>>();
  for (const { person, context } of entries) {
    let query: AuthorQuery;
    try {
      query = personQuery(person, context.config);
    } catch (error) {
      if (error instanceof QueryBuildError) continue;
      throw error;
    }
    const day = context.incremental.since.toISOString().slice(0, 10);
    bySince.set(day, [
      ...(bySince.get(day) ?? []),
      { id: person.id, query, rejected: context.rejected.pmids },
    ]);
  }
  const { context } = entries[0] ?? {};
  if (!context) return answers;
  const size = context.config.PUBMED_BATCH_SIZE;
  for (const [day, people] of bySince) {
    for (let start = 0; start < people.length; start += size) {
      const group = people.slice(start, start + size);
      try {
        const answer = await searchGroup(context.client, group, {
          since: new Date(`${day}T00:00:00Z`),
          range: rangeOf(context),
          read: readBatch,
        });
        for (const person of group) {
          const found = answer.records.get(person.id) ?? [];
          const wanted = found.filter((record) => !person.rejected.has(record.pmid));
          answers.set(person.id, {
            records: articlesToHarvest(wanted),
            log: { searched: found.length, skippedRejected: found.length - wanted.length },
            note: `searched in one request with ${group.length - 1} others`,
          });
        }
        if (answer.settledByPubmed > 0)
          context.logger.info(
            { records: answer.settledByPubmed, people: group.length },
            "records of a joint PubMed search placed by asking PubMed",
          );
      } catch (error) {
        for (const person of group)
          answers.set(person.id, error instanceof Error ? error : new Error(String(error)));
      }
    }
  }
  return answers;
}

/** Parsed records as harvested: each link pending, for scoring to decide. */
export function articlesToHarvest(records: readonly PubmedArticleRecord[]): HarvestedRecord[] {
  return records.map((record) => ({ payload: record, link: { status: "pending", evidence: [] } }));
}
