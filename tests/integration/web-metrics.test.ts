import { UnrecoverableError } from "bullmq";
import { describe, expect, it } from "vitest";
import { createLogger } from "../../src/logging.ts";
import { jobOutcomes } from "../../src/metrics/process-metrics.ts";
import { reconcileJobSchema } from "../../src/queue/definitions.ts";
import { defineWorker, startWorkers, type WorkerDefinition } from "../../src/queue/worker-host.ts";
import { listenForMetrics } from "../../src/metrics/listener.ts";
import { webOverAccessWorld } from "../helpers/web.ts";

describe("/metrics", () => {
  const shared = webOverAccessWorld();

  const scrape = (authorization?: string) =>
    shared.web.app.inject({ url: "/metrics", headers: authorization ? { authorization } : {} });

  /** The value of one series in Prometheus text, e.g. `scholartrack_queue_jobs{queue="x",state="waiting"}`. */
  function valueOf(text: string, series: string): number | undefined {
    const line = text.split("\n").find((candidate) => candidate.startsWith(`${series} `));
    return line === undefined ? undefined : Number(line.slice(series.length + 1));
  }

  it("shows an admin token queue depths read from the queues, and the metric families", async () => {
    const queue = shared.web.services.queues.reconcile;
    await queue.add("one", { facultyId: "F1" });
    await queue.add("two", { facultyId: "F2" });
    await queue.add("later", { facultyId: "F3" }, { delay: 60_000 });
    await shared.web.app.inject({ url: "/healthz" });

    const response = await scrape(`Bearer ${shared.world.tokens.admin}`);
    expect(response.statusCode).toBe(200);
    expect(response.headers["content-type"]).toContain("text/plain");
    const text = response.body;
    for (const name of [
      "scholartrack_queue_jobs",
      "scholartrack_harvest_jobs",
      "scholartrack_harvest_job_duration_seconds",
      "scholartrack_jobs_total",
      "scholartrack_job_duration_seconds",
      "scholartrack_api_requests_total",
      "scholartrack_http_request_duration_seconds",
    ]) {
      expect(text).toContain(`# TYPE ${name} `);
    }
    expect(valueOf(text, `scholartrack_queue_jobs{queue="${queue.name}",state="waiting"}`)).toBe(2);
    expect(valueOf(text, `scholartrack_queue_jobs{queue="${queue.name}",state="delayed"}`)).toBe(1);
    expect(valueOf(text, `scholartrack_queue_jobs{queue="${queue.name}",state="active"}`)).toBe(0);
    expect(valueOf(text, `scholartrack_queue_jobs{queue="${queue.name}",state="failed"}`)).toBe(0);
    expect(
      valueOf(
        text,
        'scholartrack_http_request_duration_seconds_count{method="GET",route="/healthz",status="200"}',
      ),
    ).toBeGreaterThanOrEqual(1);
  });

  it("counts harvest jobs by source and status from their rows", async () => {
    const run = await shared.testDb.db.harvestRun.create({
      data: { id: "run-metrics", trigger: "manual", sources: ["pubmed"] },
    });
    await shared.testDb.db.harvestJob.create({
      data: { id: "pubmed-F1-run", runId: run.id, facultyId: "F1", source: "pubmed", status: "failed" },
    });
    const text = (await scrape(`Bearer ${shared.world.tokens.admin}`)).body;
    expect(valueOf(text, 'scholartrack_harvest_jobs{source="pubmed",status="failed"}')).toBe(1);
  });

  it("is 404 for a mentor's token, a faculty token, an unknown token and anonymous callers", async () => {
    for (const authorization of [
      `Bearer ${shared.world.tokens.mentor}`,
      `Bearer ${shared.world.tokens.faculty}`,
      "Bearer nonsense",
      undefined,
    ]) {
      const response = await scrape(authorization);
      expect(response.statusCode).toBe(404);
      expect(response.body).not.toContain("scholartrack_queue_jobs");
    }
  });

  it("serves the same text without sign-in on an internal listener", async () => {
    const server = await listenForMetrics(shared.web.app.metricsRegistry, "127.0.0.1", 0);
    try {
      const address = server.address();
      if (address === null || typeof address === "string") throw new Error("no port");
      const base = `http://127.0.0.1:${address.port}`;
      const metrics = await fetch(`${base}/metrics`);
      expect(metrics.status).toBe(200);
      expect(await metrics.text()).toContain("# TYPE scholartrack_queue_jobs gauge");
      expect((await fetch(`${base}/other`)).status).toBe(404);
    } finally {
      server.close();
    }
  });

  it("counts the job attempts this process's workers ran, by queue and outcome", async () => {
    const queue = shared.web.services.queues.reconcile;
    const series = async (outcome: string) =>
      (await jobOutcomes.get()).values.find(
        (value) => value.labels.queue === queue.name && value.labels.outcome === outcome,
      )?.value ?? 0;
    const [completedBefore, failedBefore] = [await series("completed"), await series("failed")];
    await queue.add("bad", { facultyId: "BAD" });
    const running = startWorkers(
      [
        defineWorker({
          queue: "reconcile",
          schema: reconcileJobSchema,
          process: (data) => {
            if (data.facultyId === "BAD") throw new UnrecoverableError("no such person");
            return Promise.resolve("done");
          },
        }),
      ] as unknown as WorkerDefinition<never>[],
      {
        connection: shared.web.services.redis,
        prefix: shared.web.services.config.QUEUE_PREFIX,
        logger: createLogger("silent"),
        concurrency: 1,
      },
    );
    try {
      // The two waiting jobs of the first test complete; the delayed one is not due yet.
      const until = Date.now() + 15_000;
      while (
        (await series("completed")) < completedBefore + 2 ||
        (await series("failed")) < failedBefore + 1
      ) {
        if (Date.now() > until) throw new Error("the jobs did not finish");
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    } finally {
      await running.close();
    }
    expect(await series("completed")).toBe(completedBefore + 2);
    expect(await series("failed")).toBe(failedBefore + 1);
    const text = (await scrape(`Bearer ${shared.world.tokens.admin}`)).body;
    expect(text).toMatch(
      new RegExp(
        `scholartrack_job_duration_seconds_count\\{queue="${queue.name}",outcome="completed"\\} [1-9]`,
      ),
    );
  });
});
