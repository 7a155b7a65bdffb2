import { describe, expect, it } from "vitest";
import { forEachPerson } from "../../src/services/many-people.ts";

/** A stand-in for one person's work that records how many are under way at once. */
function counting(delayMs: (facultyId: string) => number) {
  const state = { now: 0, most: 0, started: [] as string[] };
  const work = async (facultyId: string) => {
    state.started.push(facultyId);
    state.now += 1;
    state.most = Math.max(state.most, state.now);
    await new Promise((resolve) => setTimeout(resolve, delayMs(facultyId)));
    state.now -= 1;
    if (facultyId === "FAIL") throw new Error(`${facultyId} failed`);
    return `ledger of ${facultyId}`;
  };
  return { state, work };
}

describe("working on many people at once", () => {
  const people = Array.from({ length: 9 }, (_, index) => `F${index + 1}`);

  it("has at most `concurrency` people under way, and answers in the order asked", async () => {
    for (const concurrency of [1, 2, 4]) {
      // Later people finish sooner, so answers would come back out of order if not put back.
      const { state, work } = counting((id) => 40 - Number(id.slice(1)) * 3);
      const done: string[] = [];
      const results = await forEachPerson(people, { concurrency, onDone: (id) => done.push(id) }, work);
      expect(state.most).toBe(concurrency);
      expect(results).toEqual(people.map((id) => `ledger of ${id}`));
      expect(done.sort()).toEqual([...people].sort());
    }
  });

  it("starts nobody new once one person's work fails", async () => {
    // FAIL fails first, while F1 is still under way.
    const { state, work } = counting((id) => (id === "FAIL" ? 10 : 30));
    await expect(
      forEachPerson(["F1", "FAIL", "F3", "F4", "F5", "F6"], { concurrency: 2 }, work),
    ).rejects.toThrow("FAIL failed");
    await new Promise((resolve) => setTimeout(resolve, 60));
    expect(state.started).toEqual(["F1", "FAIL"]);
  });
});
