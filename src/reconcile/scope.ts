/**
 * Presentation scope from a venue name: which listed society or meeting, or which regional or
 * local qualifier, the venue names. Pure; the lists come from the classification rules.
 */
import { foldDiacritics } from "../identity/names.ts";
import { PRESENTATION_SCOPES, type PresentationScope } from "../sources/candidate.ts";

// The scopes are the candidate's own field: sources (a CV row) may state one.
export { isPresentationScope, PRESENTATION_SCOPES, type PresentationScope } from "../sources/candidate.ts";

export interface ScopeEntry {
  /** What the rule is called in a classification: "SGIM", "regional or chapter meeting". */
  name: string;
  /** Acronyms, full names and meeting names, each matched as whole words. */
  match: string[];
  note?: string;
}

export type ScopeLists = Record<PresentationScope, readonly ScopeEntry[]>;

export interface VenueMatch {
  scope: PresentationScope;
  entry: string;
  /** The phrase as the rules write it. */
  phrase: string;
}

export interface VenueScope {
  /** The match that decides: its scope comes first in the scope order. */
  decided: VenueMatch;
  /** The first match of every later scope, passed over (e.g. SGIM under "SGIM Midwest Regional Meeting"). */
  passedOver: VenueMatch[];
}

/**
 * Lower case, accents and punctuation dropped, "&" read as "and", a possessive "'s" dropped, and
 * letters split from digits so that an acronym with a year ("SGIM2024", "ACC.23") still stands
 * as a word. Words are joined by single spaces.
 */
export function normalizePhrase(text: string): string {
  return foldDiacritics(text.normalize("NFKD"))
    .toLowerCase()
    .replace(/&/g, " and ")
    .replace(/['\u2018\u2019`]s\b/g, "")
    .replace(/['\u2018\u2019`]/g, "")
    .replace(/(?<=\p{L})(?=\p{N})|(?<=\p{N})(?=\p{L})/gu, " ")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim();
}

interface CompiledPhrase extends VenueMatch {
  /** Normalized and padded with spaces, so that a substring test is a whole-word test. */
  padded: string;
}

// Compiled once per rules object; rules are plain data, so a hand-made or edited copy compiles anew.
const compiled = new WeakMap<ScopeLists, Map<PresentationScope, CompiledPhrase[]>>();

function compile(lists: ScopeLists): Map<PresentationScope, CompiledPhrase[]> {
  let byScope = compiled.get(lists);
  if (!byScope) {
    byScope = new Map(
      PRESENTATION_SCOPES.map((scope) => [
        scope,
        lists[scope].flatMap((entry) =>
          entry.match.map((phrase) => ({
            scope,
            entry: entry.name,
            phrase,
            padded: ` ${normalizePhrase(phrase)} `,
          })),
        ),
      ]),
    );
    compiled.set(lists, byScope);
  }
  return byScope;
}

/**
 * The scope of a venue: the first scope in `order` with an entry that the venue names, and within
 * that scope the first such entry in the rules' order. Undefined when the venue names none.
 */
export function scopeOfVenue(
  venue: string,
  lists: ScopeLists,
  order: readonly PresentationScope[],
): VenueScope | undefined {
  const padded = ` ${normalizePhrase(venue)} `;
  if (padded.trim() === "") return undefined;
  const byScope = compile(lists);
  const matches = order.flatMap((scope) => {
    const hit = byScope.get(scope)?.find((phrase) => padded.includes(phrase.padded));
    return hit ? [{ scope: hit.scope, entry: hit.entry, phrase: hit.phrase }] : [];
  });
  const [decided, ...passedOver] = matches;
  return decided ? { decided, passedOver } : undefined;
}
