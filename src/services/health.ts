import type { Redis } from "ioredis";
import type { Db } from "../db/client.ts";
import { ping } from "../db/repositories/transaction.ts";

/** Postgres (migrated) and Redis both answer; throws when either does not. */
export async function checkHealth(db: Db, redis: Redis): Promise<void> {
  await ping(db);
  await redis.ping();
}
