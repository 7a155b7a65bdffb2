import { PermanentJobError } from "../../errors.ts";
import { distinctiveTerms } from "../../identity/terms.ts";
import {
  createRedisRateLimiter,
  pubmedRateLimit,
  pubmedRateLimitKey,
} from "../../ratelimit/redis-rate-limiter.ts";
import type {
  HarvestContext,
  HarvestedRecord,
  HarvestPerson,
  HarvestResult,
  HarvestSource,
} from "../source.ts";
import { PubmedClient } from "./client.ts";
import { pubmedToCandidate } from "./map.ts";
import { parsePubmedXml, PubmedParseError } from "./parse.ts";
import { buildAuthorQuery, enteredSince } from "./query.ts";
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
};

/** Search, fetch and parse one person's PubMed records within the years asked. */
async function harvestPubmed(
  person: HarvestPerson,
  context: HarvestContext<PubmedClient>,
): Promise<HarvestResult> {
  const { client, now } = context;
  // The ORCID record's other names and employers widen the search.
  const identity = {
    ...person,
    nameVariants: [...new Set([...person.nameVariants, ...person.orcidNameVariants])],
    // Department names alone ("Department of Medicine") match nearly every affiliation: left out.
    affiliationTerms: distinctiveTerms([...person.affiliationTerms, ...person.orcidAffiliationTerms]),
  };
  const byAuthor = buildAuthorQuery(identity, { scope: context.config.PUBMED_QUERY_SCOPE });
  // After a complete harvest, only records that entered PubMed since the last one (less the overlap).
  const query = context.incremental ? enteredSince(byAuthor, context.incremental.since) : byAuthor;
  const range = {
    from: { year: context.sinceYear ?? EARLIEST_YEAR, month: 1, day: 1 },
    to: { year: context.untilYear ?? now.getUTCFullYear() + 1, month: 12, day: 31 },
  };
  const pmids = await client.searchAllIds(query, range);
  // People's rejections stand: a rejected item is not fetched or linked again.
  const wanted = pmids.filter((pmid) => !context.rejected.pmids.has(pmid));

  const records: PubmedArticleRecord[] = [];
  for await (const batch of client.efetch(wanted)) {
    try {
      records.push(...parsePubmedXml(batch.xml));
    } catch (error) {
      if (error instanceof PubmedParseError) {
        throw new PermanentJobError(
          `EFetch of ${batch.pmids.length} PMIDs (${batch.pmids.slice(0, 3).join(", ")}${batch.pmids.length > 3 ? ", ..." : ""}) returned XML that cannot be read: ${error.message}`,
        );
      }
      throw error;
    }
  }
  return {
    records: articlesToHarvest(records),
    log: { searched: pmids.length, skippedRejected: pmids.length - wanted.length },
  };
}

/** Parsed records as harvested: each link pending, for scoring to decide. */
export function articlesToHarvest(records: readonly PubmedArticleRecord[]): HarvestedRecord[] {
  return records.map((record) => ({ payload: record, link: { status: "pending", evidence: [] } }));
}
