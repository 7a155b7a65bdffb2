/** Lower case, diacritics removed (Núñez → nunez, Søren → soren), punctuation to spaces. */
export function foldName(value: string): string {
  return (
    value
      .normalize("NFKD")
      .replace(/\p{M}+/gu, "")
      // Letters that NFKD does not decompose.
      .replace(/[øØ]/g, "o")
      .replace(/[łŁ]/g, "l")
      .replace(/[đĐ]/g, "d")
      .replace(/ß/g, "ss")
      .replace(/[æÆ]/g, "ae")
      .replace(/[œŒ]/g, "oe")
      .toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ")
      .trim()
  );
}

export interface PersonName {
  last: string;
  /** Given names in order: first, then middle names. */
  given: string[];
}

/**
 * Reads a name variant as people write them on a roster: "Last, First Middle" or
 * "First Middle Last" (the last word is the surname unless a comma says otherwise).
 */
export function parsePersonName(value: string): PersonName | undefined {
  const trimmed = value.trim();
  if (!trimmed) return undefined;
  const comma = trimmed.indexOf(",");
  if (comma >= 0) {
    const last = trimmed.slice(0, comma).trim();
    const given = splitGiven(trimmed.slice(comma + 1));
    return last ? { last, given } : undefined;
  }
  const words = trimmed.split(/\s+/);
  const last = words.pop()!;
  return { last, given: words.flatMap((word) => splitGiven(word)) };
}

function splitGiven(value: string): string[] {
  return value
    .split(/[\s.]+/)
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
