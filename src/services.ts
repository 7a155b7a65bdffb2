import type { Redis } from "ioredis";
import type { AppConfig } from "./config/env.ts";
import type { Db } from "./db/client.ts";
import type { Logger } from "./logging.ts";
import { openQueues, type HarvestQueues } from "./queue/queues.ts";
import { loadClassificationRules, type ClassificationRules } from "./reconcile/rules.ts";
import type { RescoreSettings } from "./review/rescore.ts";
import { rescoreSettingsFrom } from "./review/thresholds.ts";
import {
  createRedisRateLimiter,
  pubmedRateLimit,
  pubmedRateLimitKey,
} from "./ratelimit/redis-rate-limiter.ts";
import { createOrcidRateLimiter, OrcidClient } from "./sources/orcid/client.ts";
import { PubmedClient } from "./sources/pubmed/client.ts";
import { createReporterRateLimiter, ReporterClient } from "./sources/reporter/client.ts";

/** What the job services need, built once per process from the configuration. */
export interface Services {
  config: AppConfig;
  db: Db;
  redis: Redis;
  logger: Logger;
  pubmed: PubmedClient;
  orcid: OrcidClient;
  reporter: ReporterClient;
  queues: HarvestQueues;
  /** How links are scored and decided after each harvest. */
  scoring: RescoreSettings;
  /** How ledger lines are classified into metrics. */
  rules: ClassificationRules;
}

export function createServices(config: AppConfig, db: Db, redis: Redis, logger: Logger): Services {
  const hasKey = Boolean(config.NCBI_API_KEY);
  // The limiter lives in Redis, so every worker process on every machine shares NCBI's budget.
  const rateLimiter = createRedisRateLimiter(redis, {
    key: pubmedRateLimitKey(config.QUEUE_PREFIX),
    ...pubmedRateLimit(hasKey),
  });
  const pubmed = new PubmedClient({
    baseUrl: config.PUBMED_EUTILS_URL,
    tool: config.NCBI_TOOL,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    rateLimiter,
    ...(config.NCBI_API_KEY ? { apiKey: config.NCBI_API_KEY } : {}),
    ...(config.NCBI_EMAIL ? { email: config.NCBI_EMAIL } : {}),
  });
  const orcid = new OrcidClient({
    baseUrl: config.ORCID_API_URL,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    rateLimiter: createOrcidRateLimiter(redis, config.QUEUE_PREFIX),
  });
  const reporter = new ReporterClient({
    baseUrl: config.REPORTER_API_URL,
    timeoutMs: config.HTTP_TIMEOUT_MS,
    rateLimiter: createReporterRateLimiter(redis, config.QUEUE_PREFIX),
  });
  const queues = openQueues(redis, config.QUEUE_PREFIX);
  return {
    config,
    db,
    redis,
    logger,
    pubmed,
    orcid,
    reporter,
    queues,
    scoring: rescoreSettingsFrom(config),
    rules: loadClassificationRules(config.CLASSIFICATION_RULES_PATH),
  };
}
