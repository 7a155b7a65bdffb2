/**
 * Many people's incremental PubMed searches as one: their terms OR'd, limited to records entered
 * since the same day, one ESearch per group (POSTed when long), one EFetch of what the group found,
 * and each record handed to the people whose own search would have found it (./match-query.ts).
 * A record the reading hands to nobody is settled by PubMed itself: the group is halved and each
 * half asked which of those PMIDs it matches, down to the person.
 */
import { ESEARCH_MAX_IDS, type DateRange, type PubmedClient } from "./client.ts";
import { matchesAuthorQuery, recordAuthors } from "./match-query.ts";
import { parsePubmedXml } from "./parse.ts";
import {
  amongPmids,
  anyOf,
  enteredSince,
  withDateRange,
  writeAuthorQuery,
  type AuthorQuery,
} from "./query.ts";
import type { PubmedArticleRecord } from "./types.ts";

export interface SearchingPerson {
  id: string;
  query: AuthorQuery;
}

export interface TogetherOptions {
  /** Records entered on this day or later (the same for the whole group). */
  since: Date;
  /** Publication dates searched. */
  range: DateRange;
  /** An EFetch batch's records (default parsePubmedXml): how the harvest reads and reports bad XML. */
  read?: (batch: { pmids: string[]; xml: string }) => PubmedArticleRecord[];
}

export interface GroupAnswer {
  /** Each person's records (ids of `people`), in the order PubMed listed them. */
  records: Map<string, PubmedArticleRecord[]>;
  /** Records the reading of the terms handed to nobody, settled by asking PubMed. */
  settledByPubmed: number;
}

type Client = Pick<PubmedClient, "esearch" | "efetch" | "searchAllIds">;

// PMIDs per ESearch when PubMed is asked which of them a half of the group matches.
const SETTLE_PMIDS = 200;

/** One group's search: every person's records among what the group's one search found. */
export async function searchGroup(
  client: Client,
  people: readonly SearchingPerson[],
  options: TogetherOptions,
): Promise<GroupAnswer> {
  const pmids = await groupIds(client, people, options);
  const records: PubmedArticleRecord[] = [];
  const read = options.read ?? ((batch: { xml: string }) => parsePubmedXml(batch.xml));
  for await (const batch of client.efetch(pmids)) records.push(...read(batch));

  const found = new Map(people.map((person) => [person.id, new Set<string>()]));
  const unplaced: string[] = [];
  for (const record of records) {
    const authors = recordAuthors(record);
    const theirs = people.filter((person) => matchesAuthorQuery(person.query, authors));
    for (const person of theirs) found.get(person.id)!.add(record.pmid);
    if (theirs.length === 0) unplaced.push(record.pmid);
  }
  for (let start = 0; start < unplaced.length; start += SETTLE_PMIDS)
    await settle(client, people, unplaced.slice(start, start + SETTLE_PMIDS), found);

  return {
    records: new Map(
      people.map((person) => [person.id, records.filter((record) => found.get(person.id)!.has(record.pmid))]),
    ),
    settledByPubmed: unplaced.length,
  };
}

/**
 * The PMIDs the group's terms match among records entered since the day. ESearch lists at most
 * 9,999 ids of one search: past that the group is halved, and one person alone is split by date.
 */
async function groupIds(
  client: Client,
  people: readonly SearchingPerson[],
  options: TogetherOptions,
): Promise<string[]> {
  const term = enteredSince(anyOf(people.map((person) => writeAuthorQuery(person.query))), options.since);
  const answer = await client.esearch(withDateRange(term, options.range.from, options.range.to), {
    retmax: ESEARCH_MAX_IDS,
  });
  if (answer.count <= ESEARCH_MAX_IDS) return answer.ids;
  if (people.length === 1) return client.searchAllIds(term, options.range);
  const middle = Math.ceil(people.length / 2);
  const halves = [people.slice(0, middle), people.slice(middle)];
  const ids = new Set<string>();
  for (const half of halves) for (const id of await groupIds(client, half, options)) ids.add(id);
  return [...ids];
}

/** Hands each PMID to the people PubMed says it matches, halving the group until one person is left. */
async function settle(
  client: Client,
  people: readonly SearchingPerson[],
  pmids: readonly string[],
  found: Map<string, Set<string>>,
): Promise<void> {
  if (pmids.length === 0) return;
  if (people.length === 1) {
    for (const pmid of pmids) found.get(people[0]!.id)!.add(pmid);
    return;
  }
  const middle = Math.ceil(people.length / 2);
  for (const half of [people.slice(0, middle), people.slice(middle)]) {
    const term = amongPmids(anyOf(half.map((person) => writeAuthorQuery(person.query))), pmids);
    const wanted = new Set(pmids);
    const hits = (await client.esearch(term, { retmax: pmids.length })).ids.filter((id) => wanted.has(id));
    await settle(client, half, hits, found);
  }
}
