/**
 * Grant numbers as sources write them, reduced to something comparable. PubMed's GrantList has
 * "R01 HL151234", "R01HL151234", "HL151234" or "5R01HL151234-05"; RePORTER has core project numbers
 * (R01HL151234); ORCID has whatever the person typed. NIH numbers compare on institute and serial,
 * the part PubMed never leaves out.
 */

export interface GrantNumber {
  /** What two numbers must share to be the same award: "HL151234" for NIH, the folded text otherwise. */
  key: string;
  /** As people read it: the core project number when the activity code is known ("R01HL151234"). */
  display: string;
  /** NIH activity code ("R01", "K23", "UL1") when the number gives one. */
  activityCode?: string;
}

// Optional application type, activity code, institute, six-digit serial, optional year and suffix.
const NIH = /^(?:\d)?([A-Z]\d{2}|[A-Z]{2}\d)?([A-Z]{2})(\d{6})(?:\d{2}(?:[AS]\d)*)?$/;

/** Undefined for text without digits or too short to tell one award from another. */
export function parseGrantNumber(value: string | undefined | null): GrantNumber | undefined {
  if (!value) return undefined;
  const compact = value.toUpperCase().replace(/[^A-Z0-9]/g, "");
  const nih = NIH.exec(compact);
  if (nih) {
    const [, activity, institute, serial] = nih;
    const key = `${institute}${serial}`;
    return activity ? { key, display: `${activity}${key}`, activityCode: activity } : { key, display: key };
  }
  // A number has digits; "n/a" or a funder's name is no number.
  return compact.length >= 5 && /\d/.test(compact) ? { key: compact, display: value.trim() } : undefined;
}

/** The number's comparison key, or undefined when it is no usable grant number. */
export function grantKey(value: string | undefined | null): string | undefined {
  return parseGrantNumber(value)?.key;
}

// Awards to an institution (centres, CTSAs, training programmes): every paper from the place
// acknowledges them, a namesake down the corridor included, so they say little about who wrote it.
const INSTITUTIONAL = /^(?:P\d{2}|UL1|U54|U24|KL2|TL1|T\d{2}|R25|D43)$/;

export function isInstitutionalGrant(grant: GrantNumber): boolean {
  return grant.activityCode !== undefined && INSTITUTIONAL.test(grant.activityCode);
}
