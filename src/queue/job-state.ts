import type { Queue } from "bullmq";

/** What the queue says of a job: still to run or running, finished either way, or unknown to it. */
export type QueuedJobState =
  { state: "pending" } | { state: "completed" } | { state: "failed"; reason: string } | { state: "missing" };

export async function queuedJobState(queue: Queue, jobId: string): Promise<QueuedJobState> {
  const job = await queue.getJob(jobId);
  if (!job) return { state: "missing" };
  const state = await job.getState();
  if (state === "completed") return { state: "completed" };
  if (state === "failed") return { state: "failed", reason: job.failedReason || "failed in the queue" };
  // The job's hash can outlive its place in every list (a half-lost Redis): BullMQ says "unknown".
  if (state === "unknown") return { state: "missing" };
  return { state: "pending" };
}
