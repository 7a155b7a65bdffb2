import type { Db } from "../db/client.ts";
import { runProgress, type RunProgress } from "./runs.ts";

export interface WaitOptions {
  pollMs?: number;
  onProgress?: (progress: RunProgress) => void;
  /** Stops waiting (the run goes on in the queues) when aborted. */
  signal?: AbortSignal;
}

/** Resolves when every job of the run has completed or failed for good. */
export async function waitForRun(db: Db, runId: string, options: WaitOptions = {}): Promise<RunProgress> {
  const pollMs = options.pollMs ?? 250;
  for (;;) {
    const progress = await runProgress(db, runId);
    options.onProgress?.(progress);
    if (progress.completed + progress.failed >= progress.total) return progress;
    if (options.signal?.aborted) throw new Error("stopped waiting for the run");
    await new Promise((resolve) => setTimeout(resolve, pollMs));
  }
}
