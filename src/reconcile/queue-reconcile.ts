import type { Queue } from "bullmq";
import { HARVEST_JOB_OPTIONS, reconcileJobId, type ReconcileJobData } from "../queue/definitions.ts";

/** Asks for the person's ledger to be rebuilt once a harvest job of theirs has stored its records. */
export async function queueReconcile(queue: Queue, facultyId: string, afterJobId: string): Promise<void> {
  const data: ReconcileJobData = { facultyId, after: afterJobId };
  await queue.add("reconcile", data, {
    ...HARVEST_JOB_OPTIONS,
    jobId: reconcileJobId(facultyId, afterJobId),
  });
}

/** Waits until the reconcile queue has nothing waiting or running (for `harvest --wait` and the demo). */
export async function waitForReconcileQueue(queue: Queue, pollMs = 250, timeoutMs = 600_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const counts = await queue.getJobCounts(
      "waiting",
      "active",
      "delayed",
      "prioritized",
      "waiting-children",
    );
    if (Object.values(counts).every((count) => count === 0)) return;
    if (Date.now() > deadline) throw new Error(`reconciliation still running after ${timeoutMs / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
