/**
 * The second piece of evidence a near title match needs: the same venue (journal, meeting or
 * funder, however abbreviated) or the same first author (by surname, however the source writes it).
 */
import { foldName, parsePersonName } from "../identity/names.ts";
import type { CandidateContributor } from "../sources/candidate.ts";

const VENUE_STOPWORDS = new Set(["the", "of", "and", "for", "in", "on", "de", "la", "und", "der", "fur"]);

/** A venue's words, lower case, without stopwords, years, ordinals ("61st") or a leading "the". */
export function venueTokens(venue: string): string[] {
  return foldName(venue.replace(/&/g, " and "))
    .split(" ")
    .filter((token) => token !== "" && !VENUE_STOPWORDS.has(token) && !/^\d+(?:st|nd|rd|th)?$/.test(token));
}

/**
 * The same venue: the same words; or one the abbreviation of the other word for word, as PubMed's
 * "J Clin Oncol" of "Journal of Clinical Oncology"; or an acronym standing for a run of the other's
 * words ("ASCO Annual Meeting", "American Society of Clinical Oncology Annual Meeting").
 */
export function venuesAgree(a: readonly string[], b: readonly string[]): boolean {
  if (a.length === 0 || b.length === 0) return false;
  if (a.length === b.length && a.every((token, index) => token === b[index])) return true;
  if (a.length === b.length && a.every((token, index) => abbreviates(token, b[index]!))) return true;
  return acronymAgrees(a, b) || acronymAgrees(b, a);
}

function abbreviates(a: string, b: string): boolean {
  return a.length <= b.length ? b.startsWith(a) : a.startsWith(b);
}

/** Every word of `short` that `long` lacks is the initials of a run of long's words, and those runs cover what short lacks. */
function acronymAgrees(short: readonly string[], long: readonly string[]): boolean {
  const longSet = new Set(long);
  const missing = short.filter((token) => !longSet.has(token));
  if (missing.length === 0 || missing.some((token) => token.length < 2)) return false;
  const covered = new Set<number>();
  for (const acronym of missing) {
    const start = findRun(acronym, long);
    if (start < 0) return false;
    for (let index = start; index < start + acronym.length; index++) covered.add(index);
  }
  const shortSet = new Set(short);
  return long.every((token, index) => shortSet.has(token) || covered.has(index));
}

function findRun(acronym: string, words: readonly string[]): number {
  for (let start = 0; start + acronym.length <= words.length; start++) {
    let matches = true;
    for (let offset = 0; offset < acronym.length && matches; offset++) {
      matches = words[start + offset]![0] === acronym[offset];
    }
    if (matches) return start;
  }
  return -1;
}

const AUTHOR_ROLES = new Set(["author", "first-author", "additional-author", "principal-investigator"]);

/** The contributor marked first (ORCID's sequence), else the first listed whose role is an author's. */
export function firstAuthor(contributors: readonly CandidateContributor[]): CandidateContributor | undefined {
  const authors = contributors.filter(
    (contributor) => contributor.role === undefined || AUTHOR_ROLES.has(contributor.role.toLowerCase()),
  );
  return authors.find((contributor) => contributor.sequence === "first") ?? authors[0];
}

/**
 * The surname of the record's first author (see `firstAuthor`), folded ("García-López" → "garcia lopez").
 */
export function firstAuthorSurname(contributors: readonly CandidateContributor[]): string | undefined {
  const first = firstAuthor(contributors);
  const parsed = first ? parsePersonName(first.name) : undefined;
  const surname = parsed ? foldName(parsed.last) : "";
  return surname === "" ? undefined : surname;
}

/** One surname is the other, or one of its parts (a double surname written in full or not). */
export function surnamesAgree(a: string, b: string): boolean {
  if (a === b) return true;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  const parts = new Set(longer.split(" "));
  return shorter.length >= 3 && shorter.split(" ").every((part) => parts.has(part));
}

/** A folded surname as people read it in an explanation: "garcia lopez" → "Garcia Lopez". */
export function capitalise(name: string): string {
  return name.replace(/\b\p{L}/gu, (letter) => letter.toUpperCase());
}

/** The first surname of `a` that agrees with one of `b`'s. */
export function sharedSurname(a: readonly string[], b: readonly string[]): string | undefined {
  return a.find((surname) => b.some((other) => surnamesAgree(surname, other)));
}

export interface Venue {
  name: string;
  tokens: string[];
}

/** The first venue of `a` that agrees with one of `b`'s. */
export function sharedVenue(a: readonly Venue[], b: readonly Venue[]): Venue | undefined {
  return a.find((venue) => b.some((other) => venuesAgree(venue.tokens, other.tokens)));
}
