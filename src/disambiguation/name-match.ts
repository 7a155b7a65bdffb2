import type { Evidence } from "../identity/evidence.ts";
import { foldDiacritics, foldName, initialsOf, parsePersonName } from "../identity/names.ts";
import type { PubmedAuthor } from "../sources/pubmed/types.ts";
import { WEIGHTS } from "./weights.ts";

/**
 * Does a written name (a PubMed author, a RePORTER PI) fit one of the person's names, and how well:
 * surname and first initial must agree for the name to be considered at all; then spelled-out
 * first names and middle initials agree or conflict.
 */

export interface NameForm {
  /** Folded surname. */
  last: string;
  /** Folded given names, spaces and hyphens removed within each ("soo-jin" -> "soojin"). */
  given: string[];
  /** Upper-case initials of the given names, a hyphenated name giving two ("Soo-Jin" -> "SJ"). */
  initials: string;
  /** True for a recorded variant (maiden name, transliteration) rather than the roster name. */
  variant: boolean;
}

export interface WrittenName {
  lastName: string;
  /** Given names as written: "María José", "M J", "J". */
  foreName?: string;
  /** Initials as the source gives them, when it does ("MJ"). */
  initials?: string;
  /** How reasons quote the name. */
  display: string;
}

export interface NameMatch {
  form: NameForm;
  evidence: Evidence[];
  /** Sum of the evidence weights. */
  weight: number;
  /** The spelled-out first names are the same name, not a prefix or nickname of each other. */
  exactFirst: boolean;
}

export interface PersonNames {
  lastName: string;
  firstName: string;
  middleName?: string | null;
  nameVariants?: readonly string[];
}

export function nameForms(person: PersonNames): NameForm[] {
  const given = [person.firstName, person.middleName ?? ""]
    .flatMap((name) => name.split(/\s+/))
    .filter(Boolean);
  const names = [{ name: { last: person.lastName, given }, variant: false }];
  for (const written of person.nameVariants ?? []) {
    const parsed = parsePersonName(written);
    if (parsed && parsed.given.length > 0) names.push({ name: parsed, variant: true });
  }
  const forms: NameForm[] = [];
  const seen = new Set<string>();
  for (const { name, variant } of names) {
    const form: NameForm = {
      last: foldName(name.last),
      given: name.given.map(foldGiven).filter(Boolean),
      initials: initialsOf(name.given),
      variant,
    };
    const key = `${form.last}|${form.given.join(" ")}|${form.initials}`;
    if (form.last === "" || form.initials === "" || seen.has(key)) continue;
    seen.add(key);
    forms.push(form);
  }
  // "J. Lee" or "Lee, James" beside James A Lee says nothing new, and must not let "Lee Jae" or
  // "Lee James B" through by leaving out what conflicts.
  return forms.filter((form) => !forms.some((other) => other !== form && shortens(form, other)));
}

/** The form is the other with given names cut to initials or left off, and says nothing else. */
function shortens(form: NameForm, other: NameForm): boolean {
  if (form.last !== other.last || form.given.length > other.given.length) return false;
  if (form.given.join(" ") === other.given.join(" ") && form.initials === other.initials) return false;
  return (
    other.initials.startsWith(form.initials) &&
    form.given.every((name, i) => {
      const full = other.given[i]!;
      return name.length === 1 ? full.startsWith(name) : name === full;
    })
  );
}

/** A PubMed author's name as matching reads it. */
export function writtenName(author: PubmedAuthor): WrittenName {
  return {
    lastName: author.lastName ?? "",
    ...(author.foreName !== undefined ? { foreName: author.foreName } : {}),
    ...(author.initials !== undefined ? { initials: author.initials } : {}),
    display: `${author.lastName ?? ""} ${author.foreName ?? author.initials ?? ""}`.trim(),
  };
}

/** The best fit of the written name to any of the forms, or undefined when surname or first initial differ. */
export function matchName(forms: readonly NameForm[], name: WrittenName): NameMatch | undefined {
  let best: NameMatch | undefined;
  for (const form of forms) {
    const match = matchForm(form, name);
    if (match && (!best || closer(match, best))) best = match;
  }
  return best;
}

function matchForm(form: NameForm, name: WrittenName): NameMatch | undefined {
  if (!surnamesAgree(form.last, foldName(name.lastName))) return undefined;
  const { given: writtenGiven, initials } = givenNamesOf(name.foreName, name.initials);
  const given = writtenGiven.map(foldGiven).filter(Boolean);
  if (initials === "" || initials[0] !== form.initials[0]) return undefined;

  const evidence: Evidence[] = [];
  let exactFirst = false;
  const theirs = form.given[0] ?? "";
  const written = given[0] ?? "";
  const writtenFirst = writtenGiven[0] ?? "";
  if (written.length > 1 && theirs.length > 1) {
    if (sameFirstName(theirs, written)) {
      exactFirst = theirs === written;
      evidence.push({
        kind: "full_first_name",
        weight: WEIGHTS.firstNameAgrees,
        reason: `first name "${writtenFirst}" agrees`,
      });
    } else {
      evidence.push({
        kind: "first_name_conflict",
        weight: WEIGHTS.firstNameConflict,
        reason: `first name "${writtenFirst}" is not "${capitalised(theirs)}"`,
      });
    }
  } else {
    evidence.push({ kind: "initials", weight: 0, reason: `only initials (${initials}) to compare` });
  }
  const theirMiddle = form.initials.charAt(1);
  const writtenMiddle = initials.charAt(1);
  if (theirMiddle && writtenMiddle) {
    evidence.push(
      theirMiddle === writtenMiddle
        ? {
            kind: "middle_initial_agrees",
            weight: WEIGHTS.middleInitialAgrees,
            reason: `middle initial ${writtenMiddle} agrees`,
          }
        : {
            kind: "middle_initial_conflict",
            weight: WEIGHTS.middleInitialConflict,
            reason: `middle initial ${writtenMiddle} is not ${theirMiddle}`,
          },
    );
  }
  if (form.variant) {
    evidence.push({
      kind: "name_variant",
      weight: 0,
      reason: `"${name.display}" is one of their recorded name variants`,
    });
  }
  return { form, evidence, weight: evidence.reduce((sum, item) => sum + item.weight, 0), exactFirst };
}

/** More evidence for, then an exact first name, then the roster's own name over a variant. */
export function closer(a: NameMatch, b: NameMatch): boolean {
  if (a.weight !== b.weight) return a.weight > b.weight;
  if (a.exactFirst !== b.exactFirst) return a.exactFirst;
  return !a.form.variant && b.form.variant;
}

/** Surnames agree when equal after folding, or when one is a hyphen/space part of the other. */
export function surnamesAgree(a: string, b: string): boolean {
  if (a === "" || b === "") return false;
  if (a === b) return true;
  const aParts = a.split(" ");
  const bParts = b.split(" ");
  return (aParts.length === 1 && bParts.includes(a)) || (bParts.length === 1 && aParts.includes(b));
}

// Nicknames people publish under, both ways. A short list of the common English ones: a first name
// outside it that is neither equal nor a prefix ("Chris"/"Christopher") counts as another name.
const NICKNAMES: ReadonlyArray<readonly string[]> = [
  ["william", "bill", "will", "billy", "liam"],
  ["robert", "bob", "rob", "bobby", "bert"],
  ["richard", "rick", "dick", "rich"],
  ["james", "jim", "jimmy", "jamie"],
  ["john", "jack", "johnny"],
  ["joseph", "joe", "joey"],
  ["thomas", "tom", "tommy"],
  ["michael", "mike", "mick"],
  ["edward", "ed", "ted", "ned", "eddie"],
  ["charles", "chuck", "charlie"],
  ["elizabeth", "liz", "beth", "betsy", "eliza", "betty", "lisa"],
  ["margaret", "peggy", "maggie", "meg", "marge"],
  ["katherine", "kate", "kathy", "katie", "kathryn", "catherine"],
  ["jennifer", "jenny", "jen"],
  ["susan", "sue", "suzy"],
  ["deborah", "debbie", "deb", "debra"],
  ["patricia", "pat", "patty", "trish"],
  ["rebecca", "becky"],
  ["alexander", "alex", "sasha"],
  ["anthony", "tony"],
  ["daniel", "dan", "danny"],
  ["benjamin", "ben"],
  ["andrew", "andy", "drew"],
  ["steven", "stephen", "steve"],
  ["lawrence", "larry"],
];
const NICKNAME_GROUP = new Map<string, number>();
NICKNAMES.forEach((group, index) => group.forEach((name) => NICKNAME_GROUP.set(name, index)));

/** Equal, one a prefix of the other of three letters or more ("Chris"/"Christopher"), or nicknames. */
export function sameFirstName(a: string, b: string): boolean {
  if (a === b) return true;
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  if (short.length >= 3 && long.startsWith(short)) return true;
  const group = NICKNAME_GROUP.get(a);
  return group !== undefined && group === NICKNAME_GROUP.get(b);
}

/** Given names as written ("M. J." -> M, J) and their upper-case initials, the source's own when it gives them. */
export function givenNamesOf(
  foreName: string | undefined,
  initials: string | undefined,
): { given: string[]; initials: string } {
  const given = (foreName ?? "")
    .split(/[\s.]+/)
    .filter(Boolean)
    .flatMap((name) => (initialsWrittenAsName(name, initials) ? [...name] : [name]));
  // MEDLINE keeps diacritics in initials ("Ó" for Óscar, "Ö" for Özlem): folded, not dropped.
  const written = initials !== undefined ? foldName(initials) : initialsOf(given);
  return { given, initials: written.toUpperCase().replace(/[^A-Z]/g, "") };
}

/**
 * Older MEDLINE records give the initials as the fore name ("Smith AA", fore name "AA"): capitals
 * only, two to four of them, and the record's initials when it gives them. Read as a first name,
 * "AA" conflicted with "Alice A".
 */
function initialsWrittenAsName(name: string, initials: string | undefined): boolean {
  const folded = foldDiacritics(name.normalize("NFKD"));
  if (!/^[A-Z]{2,4}$/.test(folded)) return false;
  return initials === undefined || foldDiacritics(initials.normalize("NFKD")).startsWith(folded);
}

export function foldGiven(name: string): string {
  return foldName(name).replace(/\s+/g, "");
}

function capitalised(folded: string): string {
  return folded.charAt(0).toUpperCase() + folded.slice(1);
}
