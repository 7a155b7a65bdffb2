/**
 * Titles as dedupe compares them: normalised (markup, entities, case, diacritics, Greek letters,
 * punctuation and a trailing period do not count), compared with a normalised edit distance, and
 * read for the notices (errata, corrections, retractions, comments) that name another item's title.
 */
import { distance } from "fastest-levenshtein";
import { foldDiacritics } from "../identity/names.ts";

/**
 * Two titles at least this alike (1 - edit distance / longer length) are the same title. At 0.9 a
 * 100-character title may differ by ten characters: spelling (randomised/randomized), a typo, a
 * dropped article, "&" for "and". A different word in a short title (a sibling paper's other
 * outcome) falls below it; numbers must agree besides (see `numbers`), so Part 1 and Part 2 do not
 * meet however alike the rest is.
 */
export const TITLE_THRESHOLD = 0.9;

/** A title needs this many content words before a near match (not an exact one) is trusted. */
export const MIN_CONTENT_TOKENS = 4;

/** One title without its subtitle matches the full title when its main part is this alike. */
const SUBTITLE_MAIN_THRESHOLD = 0.95;

// Score given to "one title is the other without its subtitle": a match, but ranked below near-identical titles.
const SUBTITLE_SCORE = 0.9;

export const STOPWORDS = new Set([
  "a",
  "an",
  "the",
  "of",
  "in",
  "on",
  "for",
  "and",
  "or",
  "to",
  "with",
  "by",
  "at",
  "from",
  "as",
  "is",
  "are",
  "its",
  "vs",
  "versus",
  "into",
]);

export interface TitleForm {
  /** Normalised text: lower case, letters and digits without diacritics, single spaces. */
  text: string;
  /** Its words without stopwords. */
  content: string[];
  /** Content tokens sorted and joined: the same for "A randomized trial of X" and "X: a randomized trial". */
  sorted: string;
  /** Numbers in the title, sorted. Roman numerals are read as digits (ii-xv; i and v after part, phase, type...). */
  numbers: string;
  /** The part before the first colon or dash, when the title has a subtitle. */
  main?: TitleForm;
}

const ENTITIES: Record<string, string> = {
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  nbsp: " ",
  ndash: "-",
  mdash: "-",
};

const GREEK: Record<string, string> = {
  α: "alpha",
  β: "beta",
  γ: "gamma",
  δ: "delta",
  ε: "epsilon",
  ζ: "zeta",
  η: "eta",
  θ: "theta",
  ι: "iota",
  κ: "kappa",
  λ: "lambda",
  μ: "mu",
  ν: "nu",
  ξ: "xi",
  π: "pi",
  ρ: "rho",
  σ: "sigma",
  ς: "sigma",
  τ: "tau",
  υ: "upsilon",
  φ: "phi",
  χ: "chi",
  ψ: "psi",
  ω: "omega",
};

/** Entities decoded and tags removed, case and punctuation kept: what a person would read. */
export function plainTitle(raw: string): string {
  return raw
    .replace(/<\/?[a-z][a-z0-9:-]*(?:\s[^<>]*)?\/?>/gi, "")
    .replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (match, code: string) => {
      if (code[0] === "#") {
        const point =
          code[1] === "x" || code[1] === "X" ? parseInt(code.slice(2), 16) : Number(code.slice(1));
        return Number.isFinite(point) && point <= 0x10ffff ? String.fromCodePoint(point) : match;
      }
      return ENTITIES[code.toLowerCase()] ?? match;
    })
    .replace(/\s+/g, " ")
    .trim();
}

/**
 * Lower case, without markup, diacritics or punctuation; Greek letters spelt out; "&" read as "and";
 * letters and digits apart (COVID-19, COVID19 and COVID 19 all "covid 19").
 */
export function normalizeTitle(raw: string): string {
  return normalizePlain(plainTitle(raw));
}

function normalizePlain(plain: string): string {
  return foldDiacritics(plain.normalize("NFKD"))
    .toLowerCase()
    .replace(/[\u03b1-\u03c9]/g, (letter) => ` ${GREEK[letter] ?? letter} `)
    .replace(/&/g, " and ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .replace(/(\p{L})(?=\p{N})|(\p{N})(?=\p{L})/gu, "$1$2 ")
    .trim();
}

const ROMAN: Record<string, string> = {
  ii: "2",
  iii: "3",
  iv: "4",
  vi: "6",
  vii: "7",
  viii: "8",
  ix: "9",
  xi: "11",
  xii: "12",
  xiii: "13",
  xiv: "14",
  xv: "15",
};
// "i" and "v" are words or letters too ("vitamin D and E", "factor V"): numerals only after these.
const NUMBERED = new Set(["part", "phase", "type", "stage", "grade", "class", "study", "trial", "volume"]);

/** Roman numerals as digits (Type II → type 2), so that both spellings read the same. */
function arabic(tokens: readonly string[]): string[] {
  return tokens.map((token, index) => {
    if (ROMAN[token]) return ROMAN[token];
    if ((token === "i" || token === "v") && NUMBERED.has(tokens[index - 1] ?? ""))
      return token === "i" ? "1" : "5";
    return token;
  });
}

function numbersOf(tokens: readonly string[]): string {
  return tokens
    .flatMap((token) => token.match(/\d+/g) ?? [])
    .map((digits) => String(Number(digits)))
    .sort()
    .join(" ");
}

function formOf(normalized: string): TitleForm {
  const tokens = normalized === "" ? [] : arabic(normalized.split(" "));
  const content = tokens.filter((token) => !STOPWORDS.has(token));
  return {
    text: tokens.join(" "),
    content,
    sorted: [...content].sort().join(" "),
    numbers: numbersOf(tokens),
  };
}

export function titleForm(raw: string): TitleForm {
  const plain = plainTitle(raw);
  const form = formOf(normalizePlain(plain));
  const split = /^(.{12,}?)\s*(?::|\s[-–—]\s)\s*\S/.exec(plain);
  if (split?.[1]) {
    const main = formOf(normalizePlain(split[1]));
    if (main.content.length >= MIN_CONTENT_TOKENS && main.text !== form.text) form.main = main;
  }
  return form;
}

/** Code-unit order: the same on every machine, unlike localeCompare. */
export function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** 1 - edit distance / longer length. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1;
  const longer = Math.max(a.length, b.length);
  return longer === 0 ? 1 : 1 - distance(a, b) / longer;
}

export interface TitleMatch {
  score: number;
  how: "same" | "alike" | "reordered" | "subtitle";
}

/**
 * Whether two titles are the same title, and how alike: the same once normalised; alike (edit
 * distance, or the same words in another order) at TITLE_THRESHOLD or more with the same numbers;
 * or one is the other without its subtitle. A title with fewer than MIN_CONTENT_TOKENS content
 * words ("Editorial", "Reply") must be the same.
 */
export function compareTitles(a: TitleForm, b: TitleForm): TitleMatch | undefined {
  if (a.text === "" || b.text === "") return undefined;
  if (a.text === b.text) return { score: 1, how: "same" };
  const short = Math.min(a.content.length, b.content.length) < MIN_CONTENT_TOKENS;
  if (short) return a.sorted === b.sorted && a.sorted !== "" ? { score: 1, how: "reordered" } : undefined;
  if (a.numbers === b.numbers && wordsAgree(a, b)) {
    // Lengths this far apart cannot reach the threshold: skip the distance.
    const ratio = Math.min(a.text.length, b.text.length) / Math.max(a.text.length, b.text.length);
    if (ratio >= TITLE_THRESHOLD - 0.05) {
      const alike = similarity(a.text, b.text);
      if (alike >= TITLE_THRESHOLD) return { score: round(alike), how: "alike" };
      const reordered = similarity(a.sorted, b.sorted);
      if (reordered >= TITLE_THRESHOLD) return { score: round(reordered), how: "reordered" };
    }
  }
  return subtitleMatch(a, b) ?? subtitleMatch(b, a);
}

function subtitleMatch(full: TitleForm, bare: TitleForm): TitleMatch | undefined {
  const main = full.main;
  if (main === undefined || main.numbers !== bare.numbers || bare.main !== undefined) return undefined;
  if (!wordsAgree(main, bare)) return undefined;
  const alike = similarity(main.text, bare.text);
  return alike >= SUBTITLE_MAIN_THRESHOLD
    ? { score: round(SUBTITLE_SCORE * alike), how: "subtitle" }
    : undefined;
}

/**
 * Word by word, the titles differ only by misspellings and words left out of one of them: each
 * word one has and the other lacks pairs off with a word of the other spelt almost alike
 * (randomised/randomized, a typo, letters swapped), and what is left unpaired is on one side only
 * (a dropped "severe"), one word, or one in six of a long title. A word that stands where the other
 * has a different word ("mortality" for "morbidity", one drug for another) leaves an unpaired
 * word on each side: not the same title, however alike the characters are.
 */
export function wordsAgree(a: TitleForm, b: TitleForm): boolean {
  const onlyA = without(a.content, b.content);
  const onlyB = without(b.content, a.content);
  if (onlyA.length > 0 && onlyB.length > 0) respace(a.text.split(" "), b.text.split(" "), onlyA, onlyB);
  if (onlyA.length === 0 && onlyB.length === 0) return true;
  const unpairedB = [...onlyB];
  const unpairedA: string[] = [];
  for (const token of onlyA) {
    const partner = unpairedB.findIndex((other) => spelledAlike(token, other));
    if (partner >= 0) unpairedB.splice(partner, 1);
    else unpairedA.push(token);
  }
  if (unpairedA.length > 0 && unpairedB.length > 0) return false;
  const dropped = unpairedA.length + unpairedB.length;
  return dropped <= Math.max(1, Math.floor(Math.max(a.content.length, b.content.length) / 6));
}

/**
 * Takes out of `onlyA` and `onlyB` the words that differ only by where a space falls: "heart
 * failure" and "heartfailure", or letters swapped across a space ("predicts costs", "predictsc osts").
 */
function respace(a: readonly string[], b: readonly string[], onlyA: string[], onlyB: string[]): void {
  const drop = (list: string[], words: readonly string[]): void => {
    for (const word of words) {
      const at = list.indexOf(word);
      if (at >= 0) list.splice(at, 1);
    }
  };
  const joins = (tokens: readonly string[]): Map<string, string[]> => {
    const found = new Map<string, string[]>();
    for (const token of tokens) found.set(token, [token]);
    for (let i = 0; i + 1 < tokens.length; i++) {
      const pair = [tokens[i]!, tokens[i + 1]!];
      if (!found.has(pair.join(""))) found.set(pair.join(""), pair);
    }
    return found;
  };
  const inB = joins(b);
  for (const [joined, words] of joins(a)) {
    const other = inB.get(joined);
    if (other === undefined || words.join(" ") === other.join(" ")) continue;
    if (!words.some((word) => onlyA.includes(word)) || !other.some((word) => onlyB.includes(word))) continue;
    drop(onlyA, words);
    drop(onlyB, other);
  }
}

/** The words of `a` left when each word of `b` takes away one equal word. */
function without(a: readonly string[], b: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const token of b) counts.set(token, (counts.get(token) ?? 0) + 1);
  return a.filter((token) => {
    const left = counts.get(token) ?? 0;
    if (left > 0) counts.set(token, left - 1);
    return left === 0;
  });
}

// Prefixes that make a word's opposite, not its misspelling: hypertension is not hypotension.
const OPPOSITE_PREFIXES: ReadonlyArray<[string, string]> = [
  ["hyper", "hypo"],
  ["pre", "post"],
  ["intra", "inter"],
  ["intra", "extra"],
  ["in", "de"],
  ["in", "ex"],
  ["over", "under"],
  ["sub", "supra"],
  ["fe", ""],
  ["wo", ""],
  ["un", ""],
  ["non", ""],
];

/**
 * Whether two words are one word spelt two ways: one letter added, dropped or changed in a word of
 * five letters or more (tumour/tumor, randomised/randomized, a typo), the same letters with two
 * swapped (centre/center, lnug/lung), or one the other's start (programme/program, an
 * abbreviation). Never a word and its opposite, never two numbers, and never two words of four
 * letters or less that are not the same letters: KRAS is not NRAS; nor two words two letters apart
 * (dapagliflozin is not empagliflozin).
 */
function spelledAlike(a: string, b: string): boolean {
  if (OPPOSITE_PREFIXES.some(([x, y]) => opposite(a, b, x, y) || opposite(b, a, x, y))) return false;
  if (/\d/.test(a) || /\d/.test(b)) return false;
  const anagram = a.length === b.length && [...a].sort().join("") === [...b].sort().join("");
  if (anagram) return distance(a, b) <= 2;
  if (Math.min(a.length, b.length) <= 4) return false;
  const [shorter, longer] = a.length <= b.length ? [a, b] : [b, a];
  return distance(a, b) <= 1 || longer.startsWith(shorter);
}

function opposite(a: string, b: string, x: string, y: string): boolean {
  return (
    a.startsWith(x) && b.startsWith(y) && a.length - x.length >= 3 && a.slice(x.length) === b.slice(y.length)
  );
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

// ---------------------------------------------------------------------------------------------
// Notices

export type NoticeType = "erratum" | "correction" | "retraction" | "concern" | "comment";

export interface NoticeTitle {
  type: NoticeType;
  /** The title of the item the notice is about, when the notice names it. */
  refersTo?: string;
}

// A notice word, then a colon, or "to"/"for"/"on" and the title (in quotes after "of"):
// "Correction of hyponatremia ...", "Retraction of the eyelid ..." and "Response to treatment ..."
// are articles, not notices.
const QUOTE = `["“‘'«]`;
const NOTICE_PATTERNS: ReadonlyArray<[RegExp, NoticeType]> = [
  [/^(?:erratum|errata|corrigendum|corrigenda)\b(?:\s+(?:to|for|in|on)\b)?\s*:?\s*(.*)$/i, "erratum"],
  [/^correction\s+for\s+[^,]{1,60}\bet\s+al\.?,\s*(.*)$/i, "correction"],
  [
    new RegExp(
      `^(?:(?:author|authors'?|publisher'?s?|editorial)\\s+)?correction(?:\\s+notice)?(?:\\s*:\\s*|\\s+to\\b\\s*:?\\s*|\\s+(?:for|of)\\s*:\\s*|\\s+(?:for|of)\\s+(?=${QUOTE})|\\s*\\.?$)(.*)$`,
      "i",
    ),
    "correction",
  ],
  [
    new RegExp(
      `^(?:notice\\s+of\\s+retraction|retraction(?:\\s+(?:note|notice|statement))?)(?:\\s*:\\s*|\\s+(?:to|for|on)\\b\\s*:?\\s*|\\s+of\\s*:\\s*|\\s+of\\s+(?=${QUOTE})|\\s*\\.?$)(.*)$`,
      "i",
    ),
    "retraction",
  ],
  [
    /^(?:editorial\s+)?expressions?\s+of\s+concern(?:\s*:\s*|\s+(?:to|for|on|about|regarding)\b\s*:?\s*|\s*\.?$)(.*)$/i,
    "concern",
  ],
  [
    new RegExp(
      `^(?:comment(?:ary)?\\s+on|re|reply\\s+to|response\\s+to|in\\s+reply\\s+to|in\\s+response\\s+to)(?:\\s*:\\s*|\\s+(?=${QUOTE}))(.*)$`,
      "i",
    ),
    "comment",
  ],
];

/** What a notice's title says it is and which title it refers to; undefined for an ordinary title. */
export function parseNoticeTitle(raw: string): NoticeTitle | undefined {
  const plain = plainTitle(raw);
  for (const [pattern, type] of NOTICE_PATTERNS) {
    const match = pattern.exec(plain);
    if (!match) continue;
    const refersTo = referencedTitle(match[1] ?? "");
    return refersTo ? { type, refersTo } : { type };
  }
  return undefined;
}

/** "Retracted: <title>" or "Withdrawn: <title>": the item is itself retracted; its real title. */
export function parseRetractedTitle(raw: string): string | undefined {
  const match = /^(?:retracted|withdrawn)(?:\s+article)?\s*:\s*(.+)$/i.exec(plainTitle(raw));
  return match?.[1];
}

/** The title a notice names, without quotes and the citation that often follows it. */
function referencedTitle(rest: string): string | undefined {
  const text = rest
    .replace(/\s*\[[^\]]*\]\s*\.?\s*$/, "")
    .replace(/\s*\((?:vol|volume)\b[^)]*\)\s*\.?\s*$/i, "")
    .replace(/^["“‘'«]+|["”’'»]+\.?$/g, "")
    .replace(/["”’'»]+\s*$/, "")
    .trim();
  return normalizeTitle(text).split(" ").filter(Boolean).length >= 2 ? text : undefined;
}
