import type { Evidence } from "../identity/evidence.ts";
import { foldName } from "../identity/names.ts";
import type { PubmedArticleRecord, PubmedAuthor } from "../sources/pubmed/types.ts";
import {
  closer,
  foldGiven,
  givenNamesOf,
  matchName,
  nameForms,
  sameFirstName,
  type NameForm,
  writtenName,
  type NameMatch,
} from "./name-match.ts";
import type { ColleagueName } from "./profile.ts";
import { WEIGHTS } from "./weights.ts";

/** A co-author as PubMed writes them, reduced to what tells two people apart. */
export interface Coauthor {
  /** Folded surname and first initial: "chen|w". */
  key: string;
  /** Folded first name when spelled out, else "". */
  first: string;
  /** Second initial, or "". */
  middle: string;
  /** PubMed's own short form, "Chen W". */
  display: string;
}

/**
 * Every person author of the record but the one at `exceptIndex` (the faculty member), and but
 * those `skip` says to leave out (roster colleagues, whom everyone in the division shares).
 */
export function coauthorsOf(
  record: PubmedArticleRecord,
  exceptIndex?: number,
  skip?: (author: PubmedAuthor) => boolean,
): Coauthor[] {
  const coauthors: Coauthor[] = [];
  record.authors.forEach((author, index) => {
    if (index === exceptIndex || skip?.(author)) return;
    const coauthor = toCoauthor(author);
    if (coauthor) coauthors.push(coauthor);
  });
  return coauthors;
}

function toCoauthor(author: PubmedAuthor): Coauthor | undefined {
  if (!author.lastName) return undefined;
  const last = foldName(author.lastName);
  const { given, initials } = givenNamesOf(author.foreName, author.initials);
  if (last === "" || initials === "") return undefined;
  const first = foldGiven(given[0] ?? "");
  return {
    key: `${last}|${initials.charAt(0).toLowerCase()}`,
    first: first.length > 1 ? first : "",
    middle: initials.charAt(1),
    display: `${author.lastName} ${initials}`,
  };
}

/** Same surname and initial, and neither spelled-out first names nor middle initials disagree. */
export function sameCoauthor(a: Coauthor, b: Coauthor): boolean {
  if (a.key !== b.key) return false;
  if (a.first && b.first && !sameFirstName(a.first, b.first)) return false;
  return !(a.middle && b.middle && a.middle !== b.middle);
}

/** Which items each co-author appears on. */
export class CoauthorIndex {
  private readonly byKey = new Map<string, Array<{ coauthor: Coauthor; items: Set<string> }>>();

  add(item: string, coauthors: readonly Coauthor[]): void {
    for (const coauthor of coauthors) {
      const entries = this.byKey.get(coauthor.key) ?? [];
      let entry = entries.find(
        (known) =>
          known.coauthor.first === coauthor.first &&
          known.coauthor.middle === coauthor.middle &&
          known.coauthor.display === coauthor.display,
      );
      if (!entry) {
        entry = { coauthor, items: new Set() };
        entries.push(entry);
        this.byKey.set(coauthor.key, entries);
      }
      entry.items.add(item);
    }
  }

  /**
   * The candidate's co-authors who appear on indexed items, with the items they appear on (other
   * than those in `exclude`), in the order of the candidate's author list.
   */
  shared(
    coauthors: readonly Coauthor[],
    exclude: ReadonlySet<string>,
  ): Array<{ coauthor: Coauthor; items: Set<string> }> {
    const found: Array<{ coauthor: Coauthor; items: Set<string> }> = [];
    const seen = new Set<string>();
    for (const coauthor of coauthors) {
      const items = new Set<string>();
      for (const entry of this.byKey.get(coauthor.key) ?? []) {
        if (!sameCoauthor(entry.coauthor, coauthor)) continue;
        for (const item of entry.items) if (!exclude.has(item)) items.add(item);
      }
      if (items.size > 0 && !seen.has(coauthor.display)) {
        seen.add(coauthor.display);
        found.push({ coauthor, items });
      }
    }
    return found;
  }
}

/** Roster colleagues, found by surname first. */
export class ColleagueIndex {
  private readonly bySurname = new Map<
    string,
    Array<{ display: string; forms: NameForm[]; colleague: ColleagueName }>
  >();

  constructor(colleagues: readonly ColleagueName[]) {
    for (const colleague of colleagues) {
      const forms = nameForms(colleague);
      const name = [colleague.firstName, colleague.middleName, colleague.lastName].filter(Boolean).join(" ");
      // Twins on the roster share a name: their id tells them apart in reasons.
      const display = colleague.id ? `${name} (${colleague.id})` : name;
      for (const form of forms) {
        // Each part of a compound surname finds the colleague: "Garcia" finds "Garcia Marquez".
        for (const part of new Set([form.last, ...form.last.split(" ")])) {
          const list = this.bySurname.get(part) ?? [];
          if (!list.some((known) => known.display === display)) list.push({ display, forms, colleague });
          this.bySurname.set(part, list);
        }
      }
    }
  }

  /** The roster colleague this author is, when the names agree without any conflict. */
  find(author: PubmedAuthor): string | undefined {
    return this.bestMatch(author)?.display;
  }

  /** The colleague whose name fits the author best, without any conflict, and how well. */
  bestMatch(
    author: PubmedAuthor,
  ): { display: string; match: NameMatch; colleague: ColleagueName } | undefined {
    if (!author.lastName) return undefined;
    const folded = foldName(author.lastName);
    const candidates = new Set(
      [folded, ...folded.split(" ")].flatMap((part) => this.bySurname.get(part) ?? []),
    );
    let best: { display: string; match: NameMatch; colleague: ColleagueName } | undefined;
    for (const entry of candidates) {
      const match = matchName(entry.forms, writtenName(author));
      if (!match || match.evidence.some((item) => item.weight < 0)) continue;
      if (!best || closer(match, best.match))
        best = { display: entry.display, match, colleague: entry.colleague };
    }
    return best;
  }
}

/**
 * The matched author may be a roster colleague rather than the person: "Smith Jenny" when both
 * Jennifer Smith and Jenny Smith are on the roster. The roster says they are two people, so the
 * colleague whose name fits as well or better speaks against the link.
 */
export function colleagueNamesakeEvidence(
  colleagues: ColleagueIndex,
  author: PubmedAuthor,
  own: NameMatch,
): Evidence[] {
  const colleague = colleagues.bestMatch(author);
  if (!colleague) return [];
  const written = writtenName(author).display;
  if (closer(colleague.match, own)) {
    return [
      {
        kind: "colleague_namesake",
        weight: WEIGHTS.colleagueFitsBetter,
        reason: `"${written}" fits roster colleague ${colleague.display} better than them`,
      },
    ];
  }
  if (!closer(own, colleague.match)) {
    return [
      {
        kind: "colleague_namesake",
        weight: WEIGHTS.colleagueFitsAsWell,
        reason: `"${written}" fits roster colleague ${colleague.display} as well as them: the two are indistinguishable by name`,
        indistinguishableFrom: colleague.display,
      },
    ];
  }
  return [];
}

/** Roster colleagues among the record's other authors. */
export function colleagueEvidence(
  colleagues: ColleagueIndex,
  record: PubmedArticleRecord,
  authorIndex: number,
): Evidence[] {
  const found = new Set<string>();
  record.authors.forEach((author, index) => {
    if (index === authorIndex) return;
    const colleague = colleagues.find(author);
    if (colleague) found.add(colleague);
  });
  if (found.size === 0) return [];
  const names = [...found].sort();
  const weight = Math.min(
    WEIGHTS.colleagueCap,
    WEIGHTS.colleagueFirst + WEIGHTS.colleagueMore * (names.length - 1),
  );
  return [
    {
      kind: "colleague_coauthor",
      weight,
      reason: `${names.length > 1 ? "co-authors" : "co-author"} ${names.join(", ")} ${names.length > 1 ? "are roster colleagues" : "is a roster colleague"}`,
    },
  ];
}
