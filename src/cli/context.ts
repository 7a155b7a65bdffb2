import type { Redis } from "ioredis";
import { config, type AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { connectDatabase } from "../db/connect.ts";
import { createLogger, type Logger } from "../logging.ts";
import { connectRedis } from "../queue/connection.ts";

/** What a command needs, created on first use and closed when the command ends. */
export class CliContext {
  exitCode = 0;
  private dbPromise?: Promise<Db>;
  private redisPromise?: Promise<Redis>;
  private loggerInstance?: Logger;
  private readonly closers: Array<() => Promise<unknown>> = [];

  constructor(
    readonly out: NodeJS.WritableStream = process.stdout,
    readonly err: NodeJS.WritableStream = process.stderr,
  ) {}

  get config(): AppConfig {
    return config();
  }

  get logger(): Logger {
    this.loggerInstance ??= createLogger(this.config.LOG_LEVEL);
    return this.loggerInstance;
  }

  db(): Promise<Db> {
    this.dbPromise ??= connectDatabase(this.config.DATABASE_URL).then((db) => {
      this.closers.push(() => db.$disconnect());
      return db;
    });
    return this.dbPromise;
  }

  redis(): Promise<Redis> {
    this.redisPromise ??= connectRedis(this.config.REDIS_URL).then((redis) => {
      this.closers.push(() => redis.quit().catch(() => redis.disconnect()));
      return redis;
    });
    return this.redisPromise;
  }

  /** Registers something to close when the command ends (queues, workers, servers). */
  onClose(closer: () => Promise<unknown>): void {
    this.closers.push(closer);
  }

  print(line = ""): void {
    this.out.write(`${line}\n`);
  }

  warn(line: string): void {
    this.err.write(`${line}\n`);
  }

  async close(): Promise<void> {
    // Last opened, first closed: workers before the connections they use.
    for (const closer of this.closers.reverse()) await closer().catch(() => undefined);
    this.closers.length = 0;
  }
}
