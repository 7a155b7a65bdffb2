import type { Redis } from "ioredis";
import { OutageLog, type Logger } from "../logging.ts";

const redisOutages = new WeakMap<Redis, OutageLog>();

/** The one outage log of a Redis connection, shared by every queue and worker that uses it. */
export function redisOutageLog(redis: Redis, logger: Logger): OutageLog {
  let outage = redisOutages.get(redis);
  if (!outage) {
    // Workers' own blocking connections can report an error after this one is ready again; only
    // while this connection is not ready is an error the start of an outage.
    const created = new OutageLog(logger, "Redis", () => redis.status === "ready");
    redis.on("error", (error) => {
      if (!created.failed(error)) logger.error({ err: error.message }, "Redis connection error");
    });
    redis.on("ready", () => created.recovered());
    redisOutages.set(redis, created);
    outage = created;
  }
  return outage;
}
