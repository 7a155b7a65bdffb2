/**
 * PubMed search terms for a faculty member. Pure: no I/O.
 *
 * The queries use this grammar (a subset of PubMed's), which the local sandbox server parses too:
 *
 *   query   = or
 *   or      = and *( " OR " and )
 *   and     = unary *( ( " AND " / " NOT " ) unary )
 *   unary   = "(" query ")" / range / term
 *   term    = ( phrase / word ) "[" tag "]"            ; no space before "["
 *   range   = phrase "[dp]" " : " phrase "[dp]"         ; inclusive, inside its own parentheses here
 *   phrase  = DQUOTE 1*( any character but DQUOTE ) DQUOTE
 *   word    = 1*( any character but space, DQUOTE, "(", ")", "[", "]" )
 *   tag     = "auid" / "au" / "ad" / "dp" / "edat" / "pmid"
 *
 * - `auid`: an ORCID iD, 0000-0000-0000-000X. `au`: an author as PubMed indexes them, "Last FM"
 *   (initials without dots or spaces) or "Last First"; "Last J" also matches Last JS, Last JA, ...
 *   `ad`: words of an affiliation. `dp`: a publication date, YYYY/MM/DD.
 * - Operators are upper case with one space either side. PubMed reads Boolean operators left to
 *   right without precedence, so every group this module emits is parenthesised and precedence
 *   never matters.
 * - What this module emits: phrases only (never bare words), never NOT, and no double quote inside
 *   a phrase (they are removed from the input).
 */
import { DEFAULT_QUERY_SCOPE, type QueryScope } from "../../config/env.ts";
import { normalizeOrcid } from "../../identity/orcid.ts";
import { foldDiacritics, parsePersonName } from "../../identity/names.ts";

export interface FacultyNames {
  orcid?: string | null;
  lastName: string;
  firstName: string;
  middleName?: string | null;
  /** Other ways the name is written: "Last, First Middle" or "First Middle Last". */
  nameVariants: string[];
  /** Institution, city, department words matched against authors' affiliations. */
  affiliationTerms: string[];
}

/** A bound of a publication-date range; a missing month or day means the whole year or month. */
export interface DateBound {
  year: number;
  month?: number;
  day?: number;
}

export interface CalendarDay {
  year: number;
  month: number;
  day: number;
}

/** The faculty member's input cannot make a query (no name, an ORCID iD that is not one). */
export class QueryBuildError extends Error {
  override name = "QueryBuildError";
  /** Retrying cannot help: the roster entry must be corrected. */
  readonly transient = false;
}

/** An author as PubMed can index them: a surname, all initials, and the full first name when known. */
interface AuthorName {
  last: string;
  initials: string;
  first?: string;
}

/**
 * How wide a faculty member's search casts its net.
 *
 * - `affiliation`: the ORCID iD, or a name form together with an affiliation term. Precise, but
 *   MEDLINE kept only the first author's affiliation before 2014, so it misses about one paper in
 *   ten of a typical faculty member (more of a mid-career one's).
 * - `broad`: also every paper with the full name ("Last First"), wherever the author was. Finds
 *   nearly all of them, and many namesakes' papers: only with scoring (src/disambiguation/) that
 *   judges each record on its matched author does it pay.
 */
// The scopes are declared with the setting that chooses one (PUBMED_QUERY_SCOPE).
export { DEFAULT_QUERY_SCOPE, QUERY_SCOPES, type QueryScope } from "../../config/env.ts";

export interface AuthorQueryOptions {
  scope?: QueryScope;
}

/**
 * What a faculty member's search asks, before it is written as an ESearch term: the ORCID iD, the
 * author names that match wherever the author was, and the names that match only on a record
 * that also has one of the affiliation terms. `buildAuthorQuery` writes it; `matchesAuthorQuery`
 * (./match-query.ts) tells which records of a search asking for many people at once are this one's.
 */
export interface AuthorQuery {
  orcid?: string;
  /** `"Last F"`, `"Last FM"`, `"Last First"` forms, each as PubMed's [au] reads it. */
  anywhere: string[];
  withAffiliation?: { names: string[]; affiliations: string[] };
}

/**
 * The ESearch term for everything a faculty member may have written. In the affiliation scope
 * `("<orcid>"[auid] OR ((<name forms>) AND (<affiliations>)))`; in the broad scope
 * `("<orcid>"[auid] OR (<full names>) OR ((<other forms>) AND (<affiliations>)))`, the full names
 * ("Last First") matching wherever the author was. Without the ORCID part when it is unknown; with
 * no affiliation terms, the name forms alone in either scope.
 */
export function buildAuthorQuery(faculty: FacultyNames, options: AuthorQueryOptions = {}): string {
  return writeAuthorQuery(authorQuery(faculty, options));
}

/** What `buildAuthorQuery` asks for, as parts (see AuthorQuery). */
export function authorQuery(faculty: FacultyNames, options: AuthorQueryOptions = {}): AuthorQuery {
  const scope = options.scope ?? DEFAULT_QUERY_SCOPE;
  const last = clean(faculty.lastName);
  const first = clean(faculty.firstName);
  if (last === "" || initials(first) === "") {
    throw new QueryBuildError("a PubMed query needs both a last name and a first name");
  }
  const primary = authorName(last, first, clean(faculty.middleName ?? ""));
  const names = [primary, ...faculty.nameVariants.map(parseNameVariant).filter((name) => name !== undefined)];
  const forms = withFolded(names.flatMap(authorForms));

  const affiliations = withFolded(faculty.affiliationTerms.map(clean).filter((term) => term !== ""));
  let query: AuthorQuery;
  if (affiliations.length > 0) {
    const fullNames = scope === "broad" ? withFolded(names.flatMap(fullNameForm)) : [];
    // Full names already match anywhere, so beside them only the initials need the affiliation.
    const full = new Set(fullNames.map((name) => name.toLowerCase()));
    const withAffiliation = forms.filter((name) => !full.has(name.toLowerCase()));
    query = {
      anywhere: fullNames,
      ...(withAffiliation.length > 0 ? { withAffiliation: { names: withAffiliation, affiliations } } : {}),
    };
  } else {
    query = { anywhere: forms };
  }

  if (faculty.orcid !== undefined && faculty.orcid !== null && faculty.orcid.trim() !== "") {
    const orcid = normalizeOrcid(faculty.orcid);
    if (!orcid) throw new QueryBuildError(`"${faculty.orcid}" is not an ORCID iD (0000-0000-0000-000X)`);
    query.orcid = orcid;
  }
  return query;
}

/** The ESearch term for the parts, one parenthesised group unless it is a single term. */
export function writeAuthorQuery(query: AuthorQuery): string {
  const parts: string[] = [];
  if (query.orcid !== undefined) parts.push(`"${query.orcid}"[auid]`);
  if (query.anywhere.length > 0) parts.push(orGroup(query.anywhere, "au"));
  if (query.withAffiliation) {
    const { names, affiliations } = query.withAffiliation;
    parts.push(`(${orGroup(names, "au")} AND ${orGroup(affiliations, "ad")})`);
  }
  if (parts.length === 0) throw new QueryBuildError("a PubMed query needs at least one name or an ORCID iD");
  return parts.length === 1 ? parts[0]! : `(${parts.join(" OR ")})`;
}

/** Several people's terms in one: a record matching any of them. */
export function anyOf(terms: readonly string[]): string {
  if (terms.length === 0) throw new RangeError("anyOf needs at least one term");
  if (terms.length === 1) return terms[0]!;
  const grouped = terms.map((term) =>
    isOneGroup(term) || /^"[^"]*"\[\w+\]$/.test(term) ? term : `(${term})`,
  );
  return `(${grouped.join(" OR ")})`;
}

/** The query limited to these PMIDs: which of them it matches. */
export function amongPmids(query: string, pmids: readonly string[]): string {
  const bad = pmids.find((pmid) => !/^\d+$/.test(pmid));
  if (bad !== undefined || pmids.length === 0)
    throw new RangeError(`not a list of PMIDs: ${JSON.stringify(pmids)}`);
  const grouped = isOneGroup(query) ? query : `(${query})`;
  return `(${grouped} AND (${pmids.map((pmid) => `"${pmid}"[pmid]`).join(" OR ")}))`;
}

/** `("2011/01/01"[dp] : "2013/12/31"[dp])`: from the first day of `from` to the last day of `to`. */
export function dateClause(from: DateBound, to: DateBound): string {
  const start = firstDayOf(from);
  const end = lastDayOf(to);
  if (dayNumber(start) > dayNumber(end)) {
    throw new RangeError(`date range starts after it ends: ${formatDay(start)} to ${formatDay(end)}`);
  }
  return `("${formatDay(start)}"[dp] : "${formatDay(end)}"[dp])`;
}

/** The query limited to publication dates from `from` to `to`, inclusive. */
export function withDateRange(query: string, from: DateBound, to: DateBound): string {
  const grouped = isOneGroup(query) ? query : `(${query})`;
  return `(${grouped} AND ${dateClause(from, to)})`;
}

/**
 * The query limited to records that entered PubMed on `since`'s day or later
 * (`("2026/12/04"[edat] : "3000"[edat])`, PubMed's open-ended range), whatever their publication date.
 */
export function enteredSince(query: string, since: Date): string {
  const day = { year: since.getUTCFullYear(), month: since.getUTCMonth() + 1, day: since.getUTCDate() };
  const grouped = isOneGroup(query) ? query : `(${query})`;
  return `(${grouped} AND ("${formatDay(day)}"[edat] : "3000"[edat]))`;
}

export function firstDayOf(bound: DateBound): CalendarDay {
  return checkedDay({ year: bound.year, month: bound.month ?? 1, day: bound.day ?? 1 });
}

export function lastDayOf(bound: DateBound): CalendarDay {
  const month = bound.month ?? 12;
  return checkedDay({ year: bound.year, month, day: bound.day ?? daysInMonth(bound.year, month) });
}

/** Days since 1970-01-01, for counting and halving ranges. */
export function dayNumber(day: CalendarDay): number {
  return Date.UTC(day.year, day.month - 1, day.day) / 86_400_000;
}

export function dayFromNumber(days: number): CalendarDay {
  const date = new Date(days * 86_400_000);
  return { year: date.getUTCFullYear(), month: date.getUTCMonth() + 1, day: date.getUTCDate() };
}

export function formatDay(day: CalendarDay): string {
  return `${String(day.year).padStart(4, "0")}/${String(day.month).padStart(2, "0")}/${String(day.day).padStart(2, "0")}`;
}

function checkedDay(day: CalendarDay): CalendarDay {
  const { year, month } = day;
  const valid =
    Number.isInteger(year) &&
    year >= 1000 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day.day) &&
    day.day >= 1 &&
    day.day <= daysInMonth(year, month);
  if (!valid) throw new RangeError(`not a calendar date: ${year}/${month}/${day.day}`);
  return day;
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/**
 * A name variant as rosters write them (see parsePersonName). Undefined when there is no given
 * name to use: a surname alone would match half of PubMed.
 */
export function parseNameVariant(variant: string): AuthorName | undefined {
  const name = parsePersonName(clean(variant));
  if (!name || name.given.length === 0) return undefined;
  const [first = "", ...middle] = name.given;
  return initials(first) !== "" ? authorName(name.last, first, middle.join(" ")) : undefined;
}

function authorName(last: string, first: string, middle: string): AuthorName {
  const full = first.replace(/\./g, "").trim();
  // A first name written as an initial adds nothing beyond "Last F".
  return {
    last,
    initials: initials(first) + initials(middle),
    ...([...full].length > 1 ? { first: full } : {}),
  };
}

/** "Last First", when the first name is spelled out. */
function fullNameForm(name: AuthorName): string[] {
  return name.first === undefined ? [] : [`${name.last} ${name.first}`];
}

/** "Last F", "Last FM" and "Last First", as PubMed indexes authors. */
function authorForms(name: AuthorName): string[] {
  const forms = [`${name.last} ${[...name.initials][0]}`, `${name.last} ${name.initials}`];
  if (name.first !== undefined) forms.push(`${name.last} ${name.first}`);
  return forms;
}

/** "Jean-Pierre" -> "JP", "S." -> "S", "" -> "". */
function initials(names: string): string {
  return names
    .split(/[\s.-]+/)
    .filter((part) => part !== "")
    .map((part) => [...part][0]!.toUpperCase())
    .join("");
}

/** Each term as written, followed by its diacritic-free form when that differs; duplicates dropped. */
function withFolded(terms: string[]): string[] {
  const seen = new Set<string>();
  const result: string[] = [];
  for (const term of terms.flatMap((written) => [written, foldDiacritics(written)])) {
    const key = term.toLowerCase();
    if (seen.has(key)) continue;
    seen.add(key);
    result.push(term);
  }
  return result;
}

function orGroup(terms: string[], tag: string): string {
  return `(${terms.map((term) => `"${term}"[${tag}]`).join(" OR ")})`;
}

/** Double quotes would end a phrase early; runs of spaces mean nothing to PubMed. */
function clean(text: string): string {
  return text.replace(/"/g, "").replace(/\s+/g, " ").trim();
}

/** True when the whole query is one parenthesised group, so it needs no more parentheses. */
function isOneGroup(query: string): boolean {
  if (!query.startsWith("(")) return false;
  let depth = 0;
  let quoted = false;
  for (let index = 0; index < query.length; index += 1) {
    const char = query[index];
    if (char === '"') quoted = !quoted;
    if (quoted) continue;
    if (char === "(") depth += 1;
    if (char === ")") depth -= 1;
    if (depth === 0) return index === query.length - 1;
  }
  return false;
}
