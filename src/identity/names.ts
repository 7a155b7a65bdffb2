// Letters that Unicode does not decompose into a base letter and a mark.
const UNDECOMPOSED: Record<string, string> = {
  ø: "o",
  Ø: "O",
  æ: "ae",
  Æ: "Ae",
  œ: "oe",
  Œ: "Oe",
  ß: "ss",
  ł: "l",
  Ł: "L",
  đ: "d",
  Đ: "D",
  ı: "i",
  þ: "th",
  Þ: "Th",
  ð: "d",
  Ð: "D",
};

/** Diacritics removed, case and punctuation kept: "Núñez Łukasz" → "Nunez Lukasz". */
export function foldDiacritics(text: string): string {
  return text
    .normalize("NFD")
    .replace(/\p{Mn}/gu, "")
    .replace(/[øØæÆœŒßłŁđĐıþÞðÐ]/g, (letter) => UNDECOMPOSED[letter] ?? letter)
    .normalize("NFC");
}

const ASCII = /^[\x00-\x7f]*$/;

/** Lower case, diacritics removed (Núñez → nunez, Søren → soren), punctuation to spaces. */
export function foldName(value: string): string {
  // Most names are plain ASCII, which every normalization leaves as it is: scoring folds each
  // author of each record it reads, and the normalizations were most of that time.
  if (ASCII.test(value))
    return value
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, " ")
      .trim();
  return foldDiacritics(value.normalize("NFKD"))
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

export interface PersonName {
  last: string;
  /** Given names in order: first, then middle names. */
  given: string[];
}

const SUFFIXES = new Set(["jr", "sr", "ii", "iii", "iv", "v"]);

/**
 * Reads a name variant as people write them on a roster: "Last, First Middle", "First Middle
 * Last" (the last word is the surname unless a comma says otherwise), or PubMed's own "Last FM"
 * (a final word of one to three capitals after words in mixed case). Suffixes (Jr, III) are dropped.
 */
export function parsePersonName(value: string): PersonName | undefined {
  const trimmed = value.trim().replace(/\s+/g, " ");
  if (!trimmed) return undefined;
  const comma = trimmed.indexOf(",");
  if (comma >= 0) {
    const last = trimmed.slice(0, comma).trim();
    const given = splitGiven(trimmed.slice(comma + 1)).filter((word) => !isSuffix(word));
    return last ? { last, given } : undefined;
  }
  const words = trimmed.split(" ");
  while (words.length > 2 && isSuffix(words.at(-1)!)) words.pop();
  const final = words.at(-1)!;
  const rest = words.slice(0, -1);
  if (rest.length > 0 && /^\p{Lu}{1,3}$/u.test(final) && /\p{Ll}/u.test(rest.join(" "))) {
    return { last: rest.join(" "), given: [...final] };
  }
  return { last: final, given: rest.flatMap((word) => splitGiven(word)) };
}

function isSuffix(word: string): boolean {
  return SUFFIXES.has(word.replace(/\.$/, "").toLowerCase());
}

function splitGiven(value: string): string[] {
  return value
    .split(/[\s.,]+/)
    .map((part) => part.trim())
    .filter(Boolean);
}

/** Initials of given names, upper case: ["John", "Paul"] → "JP"; "Jean-Luc" → "JL". */
export function initialsOf(given: string[]): string {
  return given
    .flatMap((name) => name.split("-"))
    .map((part) => foldName(part).charAt(0).toUpperCase())
    .join("");
}
