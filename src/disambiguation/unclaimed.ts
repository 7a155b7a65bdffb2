import type { Evidence } from "../identity/evidence.ts";
import { CoauthorIndex } from "./coauthors.ts";
import { relatedKeys, type CoauthorsFor, type ContextRecord } from "./context.ts";
import { UNCLAIMED_MAX_AUTHORS, WEIGHTS } from "./weights.ts";

/**
 * A record without an affiliation on the person (MEDLINE before 2014 gives the first author's
 * only), written with a roster colleague, whose other co-authors write with no other record of the
 * name in the results. Another author of the name would have to meet the person's roster colleague
 * on a paper of no one they otherwise write with: every author the results show has records of
 * their own, and a namesake's record carries their collaborators. The roster colleague then places
 * the record at home, with the person. Only where the results show no other author of the name at
 * home (there the colleague is that author's colleague too) and the name tells the person apart from
 * the roster (twins, a name written unlike theirs): the caller checks both. Not on a long author
 * list (UNCLAIMED_MAX_AUTHORS): a multicentre study or a consortium brings many sites together, and
 * a namesake there meets a roster colleague by chance, with co-authors of that paper only.
 */
export class UnclaimedRecords {
  private readonly index = new CoauthorIndex();
  /** Records that are the same work as another (errata, comments): keyed by the related PMID. */
  private readonly relatedTo = new Map<string, Set<string>>();

  /**
   * @param records every record of the name the person was matched on, and the items a person
   *   rejected: the records a co-author could tie the candidate to.
   * @param coauthorsFor the record's co-authors, roster colleagues left out (they write with everyone).
   */
  constructor(
    records: readonly ContextRecord[],
    private readonly coauthorsFor: CoauthorsFor,
  ) {
    for (const { key, record, authorIndex } of records) {
      if (authorIndex === undefined) continue;
      this.index.add(key, coauthorsFor(record, authorIndex));
      for (const related of relatedKeys(record)) {
        const keys = this.relatedTo.get(related) ?? new Set<string>();
        keys.add(key);
        this.relatedTo.set(related, keys);
      }
    }
  }

  /**
   * `colleague_unclaimed` when the record is such a record: `intrinsic` is its own evidence (a
   * roster colleague among it), `ownKeys` the person's anchored items, whose co-authors are theirs.
   */
  evidence(item: ContextRecord, intrinsic: readonly Evidence[], ownKeys: ReadonlySet<string>): Evidence[] {
    const { key, record, authorIndex } = item;
    if (authorIndex === undefined) return [];
    const author = record.authors[authorIndex];
    if (!author || author.affiliations.some((text) => text.trim() !== "")) return [];
    const people = record.authors.filter((other) => other.lastName !== undefined).length;
    if (people > UNCLAIMED_MAX_AUTHORS) return [];
    const colleague = intrinsic.find((piece) => piece.kind === "colleague_coauthor" && piece.weight > 0);
    if (!colleague) return [];
    const exclude = new Set<string>([
      key,
      ...relatedKeys(record),
      ...(this.relatedTo.get(key) ?? []),
      ...ownKeys,
    ]);
    if (this.index.shared(this.coauthorsFor(record, authorIndex), exclude).length > 0) return [];
    return [
      {
        kind: "colleague_unclaimed",
        weight: WEIGHTS.colleagueUnclaimed,
        reason: `no affiliation on them, but written with a roster colleague (${colleague.reason.replace(/^co-authors? /, "")}), by ${people} authors, none of whom writes with another record of this name in the results: no other author of the name claims it`,
      },
    ];
  }
}
