import pLimit from "p-limit";

/** How many people a command works on at once, and what it hears as each is done. */
export interface ManyPeopleOptions {
  /** At most this many people at once: each holds a database connection for its transaction. */
  concurrency: number;
  onDone?: (facultyId: string) => void;
}

/**
 * Does `work` for each person, at most `concurrency` at once, and returns the results in the
 * order of `facultyIds`. The first failure stops those not started yet.
 */
export async function forEachPerson<T>(
  facultyIds: readonly string[],
  options: ManyPeopleOptions,
  work: (facultyId: string) => Promise<T>,
): Promise<T[]> {
  let failed = false;
  return pLimit(options.concurrency).map(facultyIds, async (facultyId) => {
    // The first failure is the answer: whoever is still waiting is not started.
    if (failed) throw new Error("not started: another person's work failed");
    try {
      const result = await work(facultyId);
      options.onDone?.(facultyId);
      return result;
    } catch (error) {
      failed = true;
      throw error;
    }
  });
}
