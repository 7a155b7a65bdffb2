const ORCID_PATTERN = /(\d{4})-?(\d{4})-?(\d{4})-?(\d{3}[\dX])/i;

/**
 * Extracts an ORCID iD in the canonical 0000-0000-0000-000X form from any of the ways it is
 * written (bare, hyphen-less, https://orcid.org/..., http://www.orcid.org/...); undefined when
 * there is none. The check digit is not verified here: see `isValidOrcid`.
 */
export function normalizeOrcid(value: string | undefined | null): string | undefined {
  if (!value) return undefined;
  const match = ORCID_PATTERN.exec(value.trim());
  if (!match) return undefined;
  return `${match[1]}-${match[2]}-${match[3]}-${match[4]!.toUpperCase()}`;
}

/** ISO 7064 11,2 check character over the first 15 digits, as ORCID defines it. */
export function orcidCheckCharacter(first15Digits: string): string {
  let total = 0;
  for (const digit of first15Digits) total = (total + Number(digit)) * 2;
  const result = (12 - (total % 11)) % 11;
  return result === 10 ? "X" : String(result);
}

/** True when the value is a canonical ORCID iD whose check character is right. */
export function isValidOrcid(value: string): boolean {
  if (!/^\d{4}-\d{4}-\d{4}-\d{3}[\dX]$/.test(value)) return false;
  const digits = value.replace(/-/g, "");
  return orcidCheckCharacter(digits.slice(0, 15)) === digits[15];
}
