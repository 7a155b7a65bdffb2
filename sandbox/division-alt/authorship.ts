import { foldDiacritics } from "../../src/identity/names.ts";
import type { Journal } from "./fields.ts";
import { initialsOf } from "./names.ts";
import { stintAt, type Person } from "./people.ts";
import { DEPARTMENTS_BY_FIELD, affiliationText, withEmail } from "./places.ts";
import type { Stream } from "./random.ts";

/**
 * How one person appears on one paper, as MEDLINE records it: the name in the form the paper gave
 * it, the affiliation the era and the journal allowed, an e-mail address for some corresponding
 * authors, and an ORCID iD on a rising share of records from 2014.
 */

export interface WrittenName {
  lastName: string;
  foreName: string;
  initials: string;
  suffix?: string;
}

/** Given names reached MEDLINE as initials only before 2002; some journals still send no more. */
const FULL_NAMES_FROM = 2002;

export function writtenName(rng: Stream, person: Person, year: number, journal: Journal): WrittenName {
  const { name, habits } = person;
  let last = name.last;
  if (habits.maiden && year <= habits.maiden.until) last = habits.maiden.last;
  else if (name.surnameParts) {
    const draw = rng.float();
    if (draw < habits.firstPartOnly) last = name.surnameParts[0];
    else if (draw < habits.firstPartOnly + habits.hyphenated) last = name.surnameParts.join("-");
  }
  const first = habits.nickname && rng.chance(habits.nicknameShare) ? habits.nickname : name.first;
  const middle =
    name.middle === "" || rng.chance(habits.dropMiddle)
      ? ""
      : habits.middle === "full"
        ? name.middle
        : initialsOf(name.middle);
  const initials = initialsOf(first, middle);
  const initialsOnly = year < FULL_NAMES_FROM || journal.initialsOnly || rng.chance(habits.initialsOnly);
  let foreName = initialsOnly ? initials : [first, middle].filter(Boolean).join(" ");
  let written = { lastName: last, foreName, initials };
  if (rng.chance(habits.stripDiacritics)) {
    foreName = foldDiacritics(foreName);
    written = { lastName: foldDiacritics(last), foreName, initials: foldDiacritics(initials) };
  }
  return habits.suffix ? { ...written, suffix: habits.suffix } : written;
}

/** Which authors of a paper carry an affiliation: MEDLINE's rule changed in 2014. */
export type AffiliationMode = "first-only" | "all" | "none";

export function affiliationMode(rng: Stream, year: number): AffiliationMode {
  return year < 2014
    ? rng.weighted([
        ["first-only", 90],
        ["all", 6],
        ["none", 4],
      ] as const)
    : rng.weighted([
        ["all", 88],
        ["first-only", 7],
        ["none", 5],
      ] as const);
}

/** The e-mail address someone gives on a paper of that year. */
export function emailOn(rng: Stream, person: Person, year: number): string {
  const stint = stintAt(person, year);
  const atHome = stint.institution.key === "home";
  const roster = person.faculty?.rosterEmail;
  if (person.personalEmail && rng.chance(0.2)) return person.personalEmail;
  if (atHome && roster && rng.chance(0.85)) return roster;
  return `${person.emailLocal}@${stint.institution.domain}`;
}

export function affiliationsOf(
  rng: Stream,
  person: Person,
  year: number,
  journal: Journal,
  email: string | undefined,
): string[] {
  const stint = stintAt(person, year);
  const atHome = stint.institution.key === "home";
  const texts = [affiliationText(rng, stint, journal.style, { hospitalOnly: atHome && rng.chance(0.07) })];
  if (rng.chance(atHome ? 0.25 : 0.1)) {
    texts.push(
      atHome
        ? affiliationText(rng, stint, journal.style, { hospitalOnly: true })
        : affiliationText(
            rng,
            {
              institution: stint.institution,
              department: rng.pick(DEPARTMENTS_BY_FIELD["general-medicine"]!),
            },
            journal.style,
          ),
    );
  }
  const unique = [...new Set(texts)];
  // Before 2014 MEDLINE kept one affiliation element per author, places joined by semicolons.
  const joined =
    year < 2014
      ? [
          unique
            .map((text, i) => text.replace(/\.$/, "").replace(i > 0 ? /^From the / : /^$/, ""))
            .join("; ") + ".",
        ]
      : unique;
  if (email) joined[joined.length - 1] = withEmail(joined[joined.length - 1]!, email, year);
  return joined;
}

/** Whether this paper's record carries the person's ORCID iD. */
export function orcidShown(rng: Stream, person: Person, year: number): boolean {
  if (!person.orcid) return false;
  if (year < 2009) return false;
  if (year < 2014) return rng.chance(0.03);
  return rng.chance(person.orcidOnPapers * Math.min(1, 0.25 + 0.09 * (year - 2014)));
}
