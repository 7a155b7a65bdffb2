import { Counter, Histogram, Registry } from "prom-client";

/**
 * What this process itself sees happen: the requests its API clients make and the jobs its
 * workers finish. Counted where they happen (src/http, the worker host); each process exposes its
 * own, so a web process shows no job outcomes of workers running elsewhere (those come from the
 * job rows in Postgres, src/services/metrics.ts).
 */
export const processRegistry = new Registry();

export const apiRequests = new Counter({
  name: "scholartrack_api_requests_total",
  help: "Requests to upstream APIs by source and outcome (HTTP status, or timeout/network/body)",
  labelNames: ["source", "status"] as const,
  registers: [processRegistry],
});

export const jobOutcomes = new Counter({
  name: "scholartrack_jobs_total",
  help: "Job attempts finished by this process's workers, by queue and outcome",
  labelNames: ["queue", "outcome"] as const,
  registers: [processRegistry],
});

export const jobDuration = new Histogram({
  name: "scholartrack_job_duration_seconds",
  help: "How long a job attempt ran in this process's workers, by queue and outcome",
  labelNames: ["queue", "outcome"] as const,
  buckets: [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300],
  registers: [processRegistry],
});

/** The upstream service an endpoint description names: "PubMed esearch.fcgi" is pubmed. */
export function sourceOfEndpoint(endpoint: string): string {
  return (endpoint.split(" ")[0] ?? endpoint).toLowerCase();
}
