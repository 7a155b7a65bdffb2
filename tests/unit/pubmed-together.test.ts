/**
 * One PubMed search for a group of people (src/sources/pubmed/together.ts), against a stand-in
 * for E-utilities that answers with the sandbox's model of PubMed: each person gets what their own
 * search finds; a record the reading of the terms places with nobody is placed by asking PubMed;
 * a group whose search lists more than 9,999 ids is halved.
 */
import { describe, expect, it } from "vitest";
import { generateDivision } from "../../sandbox/division/index.ts";
import { pubmedArticleXml, wrapPubmedArticleSet } from "../../sandbox/servers/pubmed-xml.ts";
import { ArticleIndex, parseTerm } from "../../sandbox/servers/term.ts";
import { ESEARCH_MAX_IDS, type PubmedClient } from "../../src/sources/pubmed/client.ts";
import { authorQuery, writeAuthorQuery } from "../../src/sources/pubmed/query.ts";
import { searchGroup, type SearchingPerson } from "../../src/sources/pubmed/together.ts";
import type { PubmedArticleRecord } from "../../src/sources/pubmed/types.ts";
import { rosterNames } from "../helpers/roster-names.ts";

const division = generateDivision({ facultyCount: 12, seed: 23 });
const people: SearchingPerson[] = division.faculty.map((row) => ({
  id: row.faculty_id,
  query: authorQuery(rosterNames(row), { scope: "broad" }),
}));
const options = {
  since: new Date("1900-01-01T00:00:00Z"),
  range: { from: { year: 1900 }, to: { year: 2100 } },
};

type Client = Pick<PubmedClient, "esearch" | "efetch" | "searchAllIds">;

/**
 * ESearch answered by the sandbox's PubMed over `searched`; EFetch serves `fetched` (the same
 * records unless a test makes them differ). `tooMany(term)` makes a search report 10,000 hits.
 */
function standIn(
  searched: readonly PubmedArticleRecord[],
  fetched = searched,
  tooMany: (term: string) => boolean = () => false,
): Client & { terms: string[] } {
  const index = new ArticleIndex(searched);
  const byPmid = new Map(fetched.map((record) => [record.pmid, record]));
  const terms: string[] = [];
  return {
    terms,
    esearch(term: string) {
      terms.push(term);
      if (tooMany(term)) return Promise.resolve({ count: ESEARCH_MAX_IDS + 1, ids: [] });
      const ids = index.search(parseTerm(term));
      return Promise.resolve({ count: ids.length, ids });
    },
    async *efetch(pmids: readonly string[]) {
      await Promise.resolve();
      yield {
        pmids: [...pmids],
        xml: wrapPubmedArticleSet(pmids.map((pmid) => pubmedArticleXml(byPmid.get(pmid)!))),
      };
    },
    searchAllIds() {
      return Promise.reject(new Error("not expected: one person's search split by date"));
    },
  };
}

/** Each person's PMIDs by their own search, as PubMed (the sandbox) answers it. */
function ownSearches(records: readonly PubmedArticleRecord[]): Map<string, string[]> {
  const index = new ArticleIndex(records);
  return new Map(
    people.map((person) => [person.id, index.search(parseTerm(writeAuthorQuery(person.query))).sort()]),
  );
}

function pmidsOf(answer: Map<string, PubmedArticleRecord[]>): Map<string, string[]> {
  return new Map([...answer].map(([id, records]) => [id, records.map((record) => record.pmid).sort()]));
}

describe("one PubMed search for a group of people", () => {
  it("hands each person what their own search finds, in one search and one fetch", async () => {
    const client = standIn(division.articles);
    const answer = await searchGroup(client, people, options);
    expect(pmidsOf(answer.records)).toEqual(ownSearches(division.articles));
    expect(client.terms).toHaveLength(1);
    expect(answer.settledByPubmed).toBe(0);
    // Not everyone gets everything: the group's search is shared, its records are not.
    const counts = [...answer.records.values()].map((records) => records.length);
    expect(Math.max(...counts)).toBeLessThan(division.articles.length / 2);
  });

  it("asks PubMed whose a record is when the terms' reading places it with nobody", async () => {
    const owner = people.find((person) => (ownSearches(division.articles).get(person.id) ?? []).length > 0)!;
    const theirs = ownSearches(division.articles).get(owner.id)![0]!;
    // PubMed indexed an author form the fetched record no longer shows: its authors are renamed.
    const fetched = division.articles.map((record) =>
      record.pmid === theirs
        ? {
            ...record,
            authors: record.authors.map((author) => ({ ...author, lastName: "Qzx", orcid: undefined })),
          }
        : record,
    );
    const client = standIn(division.articles, fetched);
    const answer = await searchGroup(client, people, options);
    expect(answer.settledByPubmed).toBe(1);
    expect(pmidsOf(answer.records)).toEqual(ownSearches(division.articles));
    // The group's search, then halves asked about that one PMID down to the people it matches.
    expect(client.terms.length).toBeGreaterThan(2);
    expect(client.terms.slice(1).every((term) => term.includes(`"${theirs}"[pmid]`))).toBe(true);
  });

  it("halves a group whose search lists more than ESearch can", async () => {
    const ids = (term: string) => (term.match(/\[auid\]|"\[au\]/g) ?? []).length;
    const single = Math.max(...people.map((person) => ids(writeAuthorQuery(person.query))));
    // Any search for more than three people's terms is "too broad".
    const client = standIn(division.articles, division.articles, (term) => ids(term) > single * 3);
    const answer = await searchGroup(client, people, options);
    expect(pmidsOf(answer.records)).toEqual(ownSearches(division.articles));
    expect(client.terms.length).toBeGreaterThan(4);
  });
});
