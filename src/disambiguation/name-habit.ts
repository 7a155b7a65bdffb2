import type { Evidence } from "../identity/evidence.ts";
import type { PubmedAuthor } from "../sources/pubmed/types.ts";
import { givenNamesOf } from "./name-match.ts";
import { NAME_HABIT_RECORDS, NAME_HABIT_SHARE, WEIGHTS } from "./weights.ts";

/**
 * How a person writes their name, read from the records only they can be the author of (their
 * ORCID iD or e-mail on the author, works on their ORCID record): with a middle initial or
 * without, and which. People keep their byline: one who signs "Li WC" on twenty papers rarely
 * signs "Li W" on others, and one who never gives a middle initial rarely starts. A record
 * written otherwise may be theirs, but it may as well be another author of the name: it is
 * held to the rule for roster twins, and only separating evidence anchors it.
 */
export class NameHabit {
  /** The middle initial they write ("" for none), when their own records settle it. */
  readonly middle: string | undefined;
  readonly records: number;
  readonly agreeing: number;

  constructor(ownAuthors: readonly PubmedAuthor[]) {
    const counts = new Map<string, number>();
    for (const author of ownAuthors) {
      const middle = middleOf(author);
      counts.set(middle, (counts.get(middle) ?? 0) + 1);
    }
    this.records = ownAuthors.length;
    const [top, count] = [...counts].sort((a, b) => b[1] - a[1])[0] ?? ["", 0];
    this.agreeing = count;
    this.middle =
      this.records >= NAME_HABIT_RECORDS && count / this.records >= NAME_HABIT_SHARE ? top : undefined;
  }

  /**
   * Evidence that the author writes the name otherwise than the person always does: a middle
   * initial they never give, or none where they always give theirs. Undefined when their habit is
   * unknown or the record follows it; a different middle initial is a conflict already.
   */
  evidence(author: PubmedAuthor, display: string): Evidence | undefined {
    if (this.middle === undefined) return undefined;
    const written = middleOf(author);
    if (written === this.middle || (written !== "" && this.middle !== "")) return undefined;
    const habit = this.middle === "" ? "without a middle initial" : `with middle initial ${this.middle}`;
    return {
      kind: "name_form_unlike",
      weight: WEIGHTS.nameFormUnlike,
      reason: `written "${display}", where ${this.agreeing} of the ${this.records} records with their ORCID iD or e-mail give the name ${habit}: another author of the name may write it so, and only separating evidence (ORCID, e-mail, their own grant or co-authors) anchors it`,
    };
  }
}

function middleOf(author: PubmedAuthor): string {
  return givenNamesOf(author.foreName, author.initials).initials.charAt(1);
}
