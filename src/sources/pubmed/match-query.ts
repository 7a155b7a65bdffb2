/**
 * Whether a fetched record is one a person's own search (an AuthorQuery) would have found, read as
 * PubMed reads the tags: [auid] an author's ORCID iD; [au] "Last F" an author with that surname
 * whose initials start with F, "Last First" one whose first given name is First; [ad] every word
 * of the term in one affiliation of any author. Case, accents and punctuation do not count. Pure.
 *
 * A search asking for many people at once hands each of them the records their own search would
 * have returned; a record none of them seems to match is settled by asking PubMed (see
 * ./together.ts), so a reading narrower than PubMed's costs requests, never records.
 */
import { foldDiacritics } from "../../identity/names.ts";
import { normalizeOrcid } from "../../identity/orcid.ts";
import type { AuthorQuery } from "./query.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "./types.ts";

/** Name suffixes PubMed keeps apart from the initials ("Smith J Jr"). */
const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "v", "2nd", "3rd"]);

interface AuthorWords {
  last: string;
  initials: string;
  given: string[];
  suffix: string;
  orcid: string | undefined;
  affiliations: Array<ReadonlySet<string>>;
}

/** A record's authors, folded once for every person it is tested against. */
export interface RecordAuthors {
  authors: AuthorWords[];
}

export function recordAuthors(record: PubmedArticleRecord): RecordAuthors {
  return { authors: record.authors.map(authorWords) };
}

function authorWords(author: PubmedAuthor): AuthorWords {
  const given = words(author.foreName ?? "");
  return {
    last: words(author.lastName ?? "").join(" "),
    initials: words(author.initials ?? "").join("") || given.map((word) => word[0]).join(""),
    given,
    suffix: words(author.suffix ?? "").join(" "),
    orcid: normalizeOrcid(author.orcid),
    affiliations: author.affiliations.map((affiliation) => new Set(words(affiliation))),
  };
}

/** True when the person's search would have found the record. */
export function matchesAuthorQuery(query: AuthorQuery, record: RecordAuthors): boolean {
  const { authors } = record;
  if (query.orcid !== undefined && authors.some((author) => author.orcid === query.orcid)) return true;
  const named = (names: readonly string[]) =>
    names.some((name) => {
      const wanted = words(name);
      return wanted.length > 0 && authors.some((author) => authorIs(author, wanted));
    });
  if (named(query.anywhere)) return true;
  if (!query.withAffiliation) return false;
  const { names, affiliations } = query.withAffiliation;
  const placed = affiliations.some((term) => {
    const wanted = words(term);
    return (
      wanted.length > 0 &&
      authors.some((author) =>
        author.affiliations.some((affiliation) => wanted.every((word) => affiliation.has(word))),
      )
    );
  });
  return placed && named(names);
}

/** [au]: the surname (tried at every split of a multi-word one), then the given names or initials. */
function authorIs(author: AuthorWords, wanted: readonly string[]): boolean {
  for (let split = 1; split <= wanted.length; split++) {
    if (author.last === wanted.slice(0, split).join(" ") && givenFits(author, wanted.slice(split)))
      return true;
  }
  return false;
}

function givenFits(author: AuthorWords, wanted: readonly string[]): boolean {
  let rest = wanted;
  const lastWord = rest.at(-1);
  if (rest.length > 1 && lastWord !== undefined && SUFFIXES.has(lastWord)) {
    if (author.suffix !== lastWord) return false;
    rest = rest.slice(0, -1);
  }
  if (rest.length === 0) return true;
  const only = rest[0]!;
  // "Smith JA": initials, which PubMed reads as a prefix (JA matches JAB).
  if (rest.length === 1 && only.length <= 3 && author.initials.startsWith(only)) return true;
  if (rest.length > author.given.length) return false;
  return rest.every((word, index) => {
    const given = author.given[index]!;
    return word.length === 1 ? given.startsWith(word) : given === word;
  });
}

function words(value: string): string[] {
  const folded = foldDiacritics(value)
    .toLowerCase()
    .replace(/['’`]/g, "")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
  return folded === "" ? [] : folded.split(" ");
}
