import type { Redis } from "ioredis";
import type { AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import type { Logger } from "../logging.ts";
import { openQueues, type HarvestQueues } from "../queue/queues.ts";
import { loadClassificationRules, type ClassificationRules } from "../reconcile/rules.ts";
import { HARVEST_SOURCES } from "../sources/registry.ts";
import type { HarvestSource } from "../sources/source.ts";
import { rescoreSettingsFrom, type RescoreSettings } from "./rescore.ts";

/** What the services need, built once per process from the configuration. */
export interface Services {
  config: AppConfig;
  db: Db;
  redis: Redis;
  logger: Logger;
  /** Each harvested source's API client, by source name. */
  clients: ReadonlyMap<string, unknown>;
  queues: HarvestQueues;
  /** How links are scored and decided after each harvest. */
  scoring: RescoreSettings;
  /** How ledger lines are classified into metrics. */
  rules: ClassificationRules;
}

export function createServices(config: AppConfig, db: Db, redis: Redis, logger: Logger): Services {
  return {
    config,
    db,
    redis,
    logger,
    clients: new Map(HARVEST_SOURCES.map((source) => [source.name, source.createClient(config, redis)])),
    queues: openQueues(redis, config.QUEUE_PREFIX, logger),
    scoring: rescoreSettingsFrom(config),
    rules: loadClassificationRules(config.CLASSIFICATION_RULES_PATH),
  };
}

/** The source's API client, as `createServices` built it. */
export function clientOf<Client>(services: Pick<Services, "clients">, source: HarvestSource<Client>): Client {
  if (!services.clients.has(source.name)) throw new RangeError(`no client for source "${source.name}"`);
  return services.clients.get(source.name) as Client;
}
