/**
 * The benchmarks' child processes (API sandboxes, workers), started and stopped in one place: every
 * child is stopped when the bench ends, fails, or is interrupted (SIGINT, SIGTERM), so that none
 * outlives it. Each child's CPU time is read from /proc, so a bench can say which process was busy.
 */
import { spawn, type ChildProcess, type SpawnOptions } from "node:child_process";
import { readFileSync } from "node:fs";

export interface Child {
  name: string;
  process: ChildProcess;
  /** Settles when the process has exited, with its exit code (null when a signal ended it). */
  exited: Promise<number | null>;
  /** CPU seconds (user and system) the process has used so far; undefined where /proc cannot say. */
  cpuSeconds(): number | undefined;
  /** SIGTERM, then waits for the exit (SIGKILL after `graceMs`). */
  stop(graceMs?: number): Promise<void>;
}

const running = new Set<ChildProcess>();
let guarded = false;

function stopAllNow(): void {
  for (const child of running) child.kill("SIGTERM");
}

/** Once per bench: whatever way it ends, its children are told to stop. */
function guardExit(): void {
  if (guarded) return;
  guarded = true;
  process.once("exit", stopAllNow);
  for (const [signal, code] of [
    ["SIGINT", 130],
    ["SIGTERM", 143],
  ] as const) {
    process.once(signal, () => {
      console.error(`bench: ${signal}: stopping ${running.size} child process(es)`);
      stopAllNow();
      process.exit(code);
    });
  }
}

// Linux's USER_HZ, the unit of /proc/<pid>/stat's CPU times, is 100 on every common build.
const CLOCK_TICKS_PER_SECOND = 100;

/** User and system CPU seconds of a running process, from /proc/<pid>/stat. */
export function processCpuSeconds(pid: number | undefined): number | undefined {
  if (pid === undefined) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces: the fields counted from after its ")".
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    // utime and stime are fields 14 and 15 of the line, 11 and 12 after the name.
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

/** This process's own CPU seconds (user and system). */
export function ownCpuSeconds(): number {
  const usage = process.cpuUsage();
  return (usage.user + usage.system) / 1e6;
}

/** Starts `node <args>` as a child of the bench, stopped with it. */
export function startNodeChild(name: string, args: readonly string[], options: SpawnOptions = {}): Child {
  guardExit();
  const child = spawn(process.execPath, args, options);
  running.add(child);
  const exited = new Promise<number | null>((resolve) =>
    child.once("exit", (code) => {
      running.delete(child);
      resolve(code);
    }),
  );
  // The pid stays readable until the exit: the last reading is kept for after it.
  let lastCpu: number | undefined;
  return {
    name,
    process: child,
    exited,
    cpuSeconds() {
      if (running.has(child)) lastCpu = processCpuSeconds(child.pid) ?? lastCpu;
      return lastCpu;
    },
    async stop(graceMs = 30_000) {
      if (!running.has(child)) return;
      lastCpu = processCpuSeconds(child.pid) ?? lastCpu;
      child.kill("SIGTERM");
      const forced = setTimeout(() => child.kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(forced);
    },
  };
}
