import cliProgress from "cli-progress";
import { estimateSecondsLeft, type RunProgress } from "../services/runs.ts";
import { formatDuration } from "./duration.ts";

export interface ProgressReporter {
  update(progress: RunProgress): void;
  stop(): void;
}

/** A progress bar on a terminal; plain lines (one per 10% or so) in logs and pipes. */
export function createProgressReporter(
  stream: NodeJS.WritableStream & { isTTY?: boolean },
): ProgressReporter {
  if (stream.isTTY) {
    const bar = new cliProgress.SingleBar(
      {
        stream,
        format:
          "harvest |{bar}| {value}/{total} jobs | {records} records | {failed} failed | ETA {eta_formatted}",
        hideCursor: true,
      },
      cliProgress.Presets.shades_classic,
    );
    let started = false;
    return {
      update(progress) {
        const done = progress.completed + progress.failed;
        const payload = { records: progress.recordsFetched, failed: progress.failed };
        if (!started) {
          bar.start(progress.total, done, payload);
          started = true;
        } else bar.update(done, payload);
      },
      stop() {
        if (started) bar.stop();
      },
    };
  }
  let lastReported = -1;
  const startedAt = new Date();
  return {
    update(progress) {
      const done = progress.completed + progress.failed;
      const step = Math.max(1, Math.ceil(progress.total / 10));
      if (done === lastReported || (done < progress.total && done - lastReported < step && lastReported >= 0))
        return;
      lastReported = done;
      const left = estimateSecondsLeft(progress, startedAt, new Date());
      stream.write(
        `harvest: ${done}/${progress.total} jobs done, ${progress.recordsFetched} records, ${progress.failed} failed` +
          (left === null ? "" : `, about ${formatDuration(left)} left`) +
          "\n",
      );
    },
    stop() {},
  };
}
