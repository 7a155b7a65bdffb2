/**
 * Worker processes as a deployment runs them: `scholartrack worker` (every queue, closing cleanly
 * on SIGTERM), started as children of the bench with the environment it gives, and stopped with it.
 */
import path from "node:path";
import type { Queue } from "bullmq";
import { startNodeChild, type Child } from "./child-processes.ts";

export interface WorkerProcesses {
  children: Child[];
  /** Closes every worker (active jobs finish first) and waits for the processes to exit. */
  stop(): Promise<void>;
}

const CLI = path.resolve(import.meta.dirname, "../bin/scholartrack.js");

/**
 * Starts `count` worker processes and waits until each has a worker on every one of `queues`.
 * `profileDir`: each writes a V8 CPU profile there when it exits (node --cpu-prof).
 */
export async function startWorkerProcesses(options: {
  count: number;
  env: NodeJS.ProcessEnv;
  queues: readonly Queue[];
  profileDir?: string;
  timeoutMs?: number;
}): Promise<WorkerProcesses> {
  const profile = options.profileDir ? ["--cpu-prof", "--cpu-prof-dir", options.profileDir] : [];
  const children = Array.from({ length: options.count }, (_, index) =>
    startNodeChild(`worker ${index + 1}`, [...profile, CLI, "worker"], {
      env: options.env,
      // Their logs (stderr) are the bench's; stdout carries nothing a worker needs to say.
      stdio: ["ignore", "ignore", "inherit"],
    }),
  );
  const stop = async (): Promise<void> => {
    await Promise.all(children.map((child) => child.stop()));
  };
  try {
    const deadline = Date.now() + (options.timeoutMs ?? 60_000);
    for (;;) {
      const exited = children.find((child) => child.process.exitCode !== null);
      if (exited)
        throw new Error(`${exited.name} exited (code ${exited.process.exitCode}) before it started`);
      const counts = await Promise.all(options.queues.map((queue) => queue.getWorkersCount()));
      if (counts.every((count) => count >= options.count)) break;
      if (Date.now() > deadline)
        throw new Error(`the worker processes did not start in time (${counts.join(", ")})`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } catch (error) {
    await stop();
    throw error;
  }
  return { children, stop };
}
