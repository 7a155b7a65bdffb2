import { Faker, base, en, type LocaleDefinition } from "@faker-js/faker";

// Randomness: one seeded stream for every choice, one seeded Faker per locale for names.

export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = (seed ^ 0x5bd1e995) >>> 0;
  }

  /** mulberry32: small, fast, and the same on every platform. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = Math.imul(this.state ^ (this.state >>> 15), 1 | this.state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  int(min: number, max: number): number {
    return min + Math.floor(this.next() * (max - min + 1));
  }

  chance(probability: number): boolean {
    return this.next() < probability;
  }

  pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.next() * items.length)]!;
  }

  weighted<T>(entries: ReadonlyArray<readonly [T, number]>): T {
    const total = entries.reduce((sum, [, weight]) => sum + weight, 0);
    let roll = this.next() * total;
    for (const [value, weight] of entries) {
      roll -= weight;
      if (roll < 0) return value;
    }
    return entries[entries.length - 1]![0];
  }

  poisson(mean: number): number {
    const limit = Math.exp(-mean);
    let count = 0;
    let product = this.next();
    while (product > limit) {
      count++;
      product *= this.next();
    }
    return count;
  }

  normal(): number {
    return Math.sqrt(-2 * Math.log(1 - this.next())) * Math.cos(2 * Math.PI * this.next());
  }

  /** `length` characters drawn from `alphabet`, e.g. an identifier's letters and digits. */
  code(length: number, alphabet: string): string {
    return Array.from({ length }, () => alphabet.charAt(this.int(0, alphabet.length - 1))).join("");
  }

  shuffle<T>(items: readonly T[]): T[] {
    const copy = [...items];
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      [copy[i], copy[j]] = [copy[j]!, copy[i]!];
    }
    return copy;
  }
}

export /**
 * A seeded stream of choices with Fakers of its own, so that what one part of the generator draws
 * leaves every other part's draws as they were.
 */
class Stream {
  readonly rng: Random;
  private readonly fakers = new Map<LocaleDefinition, Faker>();

  constructor(private readonly seed: number) {
    this.rng = new Random(seed);
  }

  /** One Faker per locale, seeded in the order the locales are first asked for. */
  faker(locale: LocaleDefinition): Faker {
    let faker = this.fakers.get(locale);
    if (!faker) {
      faker = new Faker({ locale: [locale, en, base] });
      faker.seed(this.seed + this.fakers.size * 7919);
      this.fakers.set(locale, faker);
    }
    return faker;
  }
}
