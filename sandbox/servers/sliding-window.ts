const ONE_SECOND_MS = 1_000;

/**
 * Timestamps of the last second, oldest first, in a growable ring: `count(now)` is what a sliding
 * 1-second window holds, for both the limiter and the busiest-second statistic.
 */
export class SlidingWindow {
  private times: number[] = [];
  private head = 0;

  count(now: number): number {
    while (this.head < this.times.length && this.times[this.head]! <= now - ONE_SECOND_MS) this.head++;
    // Compact now and then so the array does not grow for ever.
    if (this.head > 1024 && this.head * 2 > this.times.length) {
      this.times = this.times.slice(this.head);
      this.head = 0;
    }
    return this.times.length - this.head;
  }

  add(now: number): void {
    this.times.push(now);
  }

  /** Adds an arrival and returns how many the last second now holds. */
  record(now: number): number {
    this.add(now);
    return this.count(now);
  }
}
