import type { Redis } from "ioredis";
import { OutageLog, type Logger } from "../logging.ts";

const redisOutages = new WeakMap<Redis, OutageLog>();

/** The one outage log of a Redis connection, shared by every queue and worker that uses it. */
export function redisOutageLog(redis: Redis, logger: Logger): OutageLog {
  let outage = redisOutages.get(redis);
  if (!outage) {
    const created = new OutageLog(logger, "Redis");
    redis.on("ready", () => created.recovered());
    redisOutages.set(redis, created);
    outage = created;
  }
  return outage;
}
