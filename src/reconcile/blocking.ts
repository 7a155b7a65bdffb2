/**
 * Blocking for the fuzzy title match: an item is compared only with items that share a pair of its
 * rarest title words, so the work grows with the number of items, not with its square.
 *
 * Each title takes its RAREST_TOKENS rarest content words (by how many items use them, ties by the
 * word) and keys on every pair of them. A pair of words is far rarer than either word, so most
 * blocks stay small as the ledger grows. Two versions of one title that differ in up to two words
 * (typos, British and American spelling) still share a key: whatever two words change, the two
 * rarest of the words they share are among the four rarest of each. Word order does not matter,
 * and a title with a subtitle is keyed on its main part too, for the version that drops it.
 *
 * A block of up to SMALL_BLOCK items is compared pair by pair. A larger one (titles made only of
 * common words: "Usual care for asthma in children") is compared by sorted neighbourhood: its
 * titles (and main titles) sorted as written, read backwards, and word by word, each compared with
 * the WINDOW titles after it in each order, so that its cost grows with its size, not with the
 * square of it.
 */
import { compareText, type TitleForm } from "./title.ts";

export const RAREST_TOKENS = 4;
export const SMALL_BLOCK = 16;
export const WINDOW = 5;

export interface BlockingStats {
  blocks: number;
  /** Blocks larger than SMALL_BLOCK, compared by sorted neighbourhood. */
  largeBlocks: number;
  /** Distinct pairs that share a block: the candidates for a fuzzy match. */
  candidatePairs: number;
}

interface Entry {
  key: string;
  item: number;
}

interface SortKeys {
  text: string;
  sorted: string;
  reversed: string;
}

interface Orders {
  byText: Entry[];
  bySorted: Entry[];
  /** By the text read backwards: a typo in a title's first word does not move it away from its twin. */
  byReversed: Entry[];
}

export class TitleIndex {
  private readonly frequency = new Map<string, number>();
  private readonly blocks = new Map<string, number[]>();
  private readonly orders = new Map<string, Orders>();
  private readonly sortKeys: Array<SortKeys[] | undefined> = [];
  private readonly titles: ReadonlyArray<readonly TitleForm[]>;
  private readonly earliest: Float64Array;
  private readonly latest: Float64Array;
  private readonly maxYearGap: number;

  /**
   * `titles[i]` are the title forms of item i, `years[i]` its years. Pairs more than `maxYearGap`
   * years apart are never offered (an item without a year is offered with every other).
   */
  constructor(
    titles: ReadonlyArray<readonly TitleForm[]>,
    years: ReadonlyArray<readonly number[]> = [],
    maxYearGap = Infinity,
  ) {
    this.titles = titles;
    this.maxYearGap = maxYearGap;
    // NaN for an item without a year: every comparison with it is false, so it is never "apart".
    const dated = (item: number): readonly number[] => (years[item]?.length ? years[item] : [NaN]);
    this.earliest = Float64Array.from(titles, (_, item) => Math.min(...dated(item)));
    this.latest = Float64Array.from(titles, (_, item) => Math.max(...dated(item)));
    for (const forms of titles) {
      for (const token of new Set(forms.flatMap((form) => form.content))) {
        this.frequency.set(token, (this.frequency.get(token) ?? 0) + 1);
      }
    }
    titles.forEach((forms, item) => {
      for (const key of this.keysOfAll(forms)) {
        const block = this.blocks.get(key);
        if (block) block.push(item);
        else this.blocks.set(key, [item]);
      }
    });
  }

  /** A title's keys: each pair of its rarest content words; the whole title when it has fewer than two. */
  keys(form: TitleForm): string[] {
    const rarest = [...new Set(form.content)]
      .map((token) => ({ token, count: this.frequency.get(token) ?? 0 }))
      .sort((a, b) => a.count - b.count || compareText(a.token, b.token))
      .slice(0, RAREST_TOKENS)
      .map(({ token }) => token)
      .sort(compareText);
    if (rarest.length < 2) return form.text === "" ? [] : [`=${form.text}`];
    const keys: string[] = [];
    for (let i = 0; i < rarest.length; i++) {
      for (let j = i + 1; j < rarest.length; j++) keys.push(`${rarest[i]} ${rarest[j]}`);
    }
    return keys;
  }

  private keysOfAll(forms: readonly TitleForm[]): Set<string> {
    return new Set(forms.flatMap((form) => [...this.keys(form), ...(form.main ? this.keys(form.main) : [])]));
  }

  /** Items that share a key with any of these titles (in a large block, its neighbours), in item order. */
  candidates(forms: readonly TitleForm[]): number[] {
    const found = new Set<number>();
    for (const key of this.keysOfAll(forms)) {
      const block = this.blocks.get(key);
      if (block === undefined) continue;
      if (block.length <= SMALL_BLOCK) {
        for (const item of block) found.add(item);
        continue;
      }
      const { byText, bySorted, byReversed } = this.ordersOf(key, block);
      for (const form of forms) {
        for (const [order, probe] of [
          [byText, form.text],
          [bySorted, form.sorted],
          [byReversed, reversed(form.text)],
        ] as const) {
          const at = lowerBound(order, probe);
          for (let i = Math.max(0, at - WINDOW); i < Math.min(order.length, at + WINDOW); i++) {
            found.add(order[i]!.item);
          }
        }
      }
    }
    return [...found].sort((a, b) => a - b);
  }

  /**
   * Every distinct pair of items that share a block (by neighbourhood in a large one), each once,
   * in order of the lower index, then the higher.
   */
  pairs(visit: (a: number, b: number) => void): BlockingStats {
    const width = this.titles.length;
    // Pairs as numbers (a * width + b) in a typed array, sorted and deduplicated at the end: far
    // less memory and garbage than a Set of millions of pairs.
    let codes = new Float64Array(1024);
    let length = 0;
    const offer = (x: number, y: number): void => {
      if (x === y || this.yearsApart(x, y)) return;
      if (length === codes.length) {
        const grown = new Float64Array(codes.length * 2);
        grown.set(codes);
        codes = grown;
      }
      codes[length++] = x < y ? x * width + y : y * width + x;
    };
    let largeBlocks = 0;
    for (const [key, block] of this.blocks) {
      if (block.length <= SMALL_BLOCK) {
        for (let i = 0; i < block.length; i++) {
          for (let j = i + 1; j < block.length; j++) offer(block[i]!, block[j]!);
        }
        continue;
      }
      largeBlocks++;
      const { byText, bySorted, byReversed } = this.ordersOf(key, block);
      for (const order of [byText, bySorted, byReversed]) {
        for (let i = 0; i < order.length; i++) {
          for (let j = i + 1; j <= i + WINDOW && j < order.length; j++) offer(order[i]!.item, order[j]!.item);
        }
      }
    }
    const sorted = codes.subarray(0, length).sort();
    let candidatePairs = 0;
    for (let i = 0; i < sorted.length; i++) {
      const code = sorted[i]!;
      if (i > 0 && code === sorted[i - 1]) continue;
      candidatePairs++;
      const a = Math.floor(code / width);
      visit(a, code - a * width);
    }
    return { blocks: this.blocks.size, largeBlocks, candidatePairs };
  }

  /** Both dated, and no year of one within maxYearGap of a year of the other's span. */
  private yearsApart(x: number, y: number): boolean {
    const gap = Math.max(this.earliest[x]! - this.latest[y]!, this.earliest[y]! - this.latest[x]!);
    return gap > this.maxYearGap;
  }

  /** An item's sort keys for sorted neighbourhood (its titles and main titles), computed once. */
  private sortKeysOf(item: number): SortKeys[] {
    const known = this.sortKeys[item];
    if (known) return known;
    const keys = this.titles[item]!.flatMap((form) => (form.main ? [form, form.main] : [form])).map(
      (form) => ({
        text: form.text,
        sorted: form.sorted,
        reversed: reversed(form.text),
      }),
    );
    this.sortKeys[item] = keys;
    return keys;
  }

  private ordersOf(key: string, block: readonly number[]): Orders {
    const known = this.orders.get(key);
    if (known) return known;
    const entries = (of: keyof SortKeys): Entry[] =>
      block
        .flatMap((item) => this.sortKeysOf(item).map((keys) => ({ key: keys[of], item })))
        .sort((a, b) => compareText(a.key, b.key) || a.item - b.item);
    const orders = { byText: entries("text"), bySorted: entries("sorted"), byReversed: entries("reversed") };
    this.orders.set(key, orders);
    return orders;
  }
}

function reversed(text: string): string {
  return text.split("").reverse().join("");
}

/** The first position in `entries` whose key is not before `probe`. */
function lowerBound(entries: readonly Entry[], probe: string): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (entries[middle]!.key < probe) low = middle + 1;
    else high = middle;
  }
  return low;
}
