import { Gauge, Histogram, Registry } from "prom-client";
import { processRegistry } from "../metrics/process-metrics.ts";
import type { Services } from "./context.ts";

/** The queue states /metrics reports, as BullMQ counts them. */
export const QUEUE_DEPTH_STATES = ["waiting", "active", "delayed", "failed"] as const;

export interface AppMetrics {
  /** Everything a scrape shows: this app's metrics and the process's own counters. */
  registry: Registry;
  httpDuration: Histogram<"method" | "route" | "status">;
}

/**
 * The metrics of one web app (or one metrics listener). Queue depths are read from BullMQ and job
 * outcomes from the job rows in Postgres at scrape time, so they hold whichever process ran the
 * jobs; request latencies are this app's own.
 */
export function createAppMetrics(services: Services): AppMetrics {
  const registry = new Registry();
  const queues = [
    ...Object.values(services.queues.bySource),
    services.queues.schedule,
    services.queues.reconcile,
    services.queues.completePass,
  ];
  new Gauge({
    name: "scholartrack_queue_jobs",
    help: "Jobs in each queue by state, read from the queue when scraped",
    labelNames: ["queue", "state"] as const,
    registers: [registry],
    async collect() {
      this.reset();
      await Promise.all(
        queues.map(async (queue) => {
          const counts = await queue.getJobCounts(...QUEUE_DEPTH_STATES);
          for (const state of QUEUE_DEPTH_STATES) this.set({ queue: queue.name, state }, counts[state] ?? 0);
        }),
      );
    },
  });
  new Gauge({
    name: "scholartrack_harvest_jobs",
    help: "Harvest jobs recorded in Postgres by source and status, whichever process ran them",
    labelNames: ["source", "status"] as const,
    registers: [registry],
    async collect() {
      const groups = await services.db.harvestJob.groupBy({
        by: ["source", "status"],
        _count: { _all: true },
      });
      this.reset();
      for (const group of groups) this.set({ source: group.source, status: group.status }, group._count._all);
    },
  });
  new Histogram({
    name: "scholartrack_harvest_job_duration_seconds",
    help: "How long finished harvest jobs took (first start to finish), from Postgres at scrape time",
    labelNames: ["source", "status"] as const,
    buckets: [0.1, 0.5, 1, 2.5, 5, 10, 30, 60, 300],
    registers: [registry],
    async collect() {
      const rows = await services.db.$queryRaw<Array<{ source: string; status: string; seconds: number }>>`
        SELECT source, status::text AS status,
               EXTRACT(EPOCH FROM ("finishedAt" - "startedAt"))::float8 AS seconds
        FROM "HarvestJob" WHERE "startedAt" IS NOT NULL AND "finishedAt" IS NOT NULL`;
      this.reset();
      for (const row of rows) this.observe({ source: row.source, status: row.status }, row.seconds);
    },
  });
  const httpDuration = new Histogram({
    name: "scholartrack_http_request_duration_seconds",
    help: "Web app response times by method, route and status",
    labelNames: ["method", "route", "status"] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.2, 0.5, 1, 2.5, 5],
    registers: [registry],
  });
  return { registry: Registry.merge([processRegistry, registry]), httpDuration };
}
