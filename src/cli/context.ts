import type { Redis } from "ioredis";
import { config, type AppConfig } from "../config/env.ts";
import type { Db } from "../db/client.ts";
import { createLogger, type Logger } from "../logging.ts";
import type { Services } from "../services/context.ts";

// Prisma, ioredis, BullMQ and the API clients load when a command first asks for them, so that
// commands which need none of them (help, parse, health) start quickly.

/** What a command needs, created on first use and closed when the command ends. */
export class CliContext {
  exitCode = 0;
  /** Where `--password-stdin` and the like read from. */
  input: NodeJS.ReadableStream = process.stdin;
  private dbPromise?: Promise<Db>;
  private redisPromise?: Promise<Redis>;
  private loggerInstance?: Logger;
  private servicesPromise?: Promise<Services>;
  private readonly closers: Array<() => Promise<unknown>> = [];

  constructor(
    readonly out: NodeJS.WritableStream = process.stdout,
    readonly err: NodeJS.WritableStream = process.stderr,
    private readonly configOverride?: AppConfig,
  ) {}

  get config(): AppConfig {
    return this.configOverride ?? config();
  }

  /** A context of its own (own connections) with some settings replaced, e.g. for the demo's sandbox. */
  withConfig(overrides: Partial<AppConfig>): CliContext {
    return new CliContext(this.out, this.err, { ...this.config, ...overrides });
  }

  get logger(): Logger {
    this.loggerInstance ??= createLogger(this.config.LOG_LEVEL);
    return this.loggerInstance;
  }

  db(): Promise<Db> {
    this.dbPromise ??= (async () => {
      const { connectDatabase } = await import("../db/connect.ts");
      const db = await connectDatabase(this.config.DATABASE_URL);
      this.closers.push(() => db.$disconnect());
      return db;
    })();
    return this.dbPromise;
  }

  redis(): Promise<Redis> {
    this.redisPromise ??= (async () => {
      const { connectRedis } = await import("../queue/connection.ts");
      const redis = await connectRedis(this.config.REDIS_URL);
      this.closers.push(() => redis.quit().catch(() => redis.disconnect()));
      return redis;
    })();
    return this.redisPromise;
  }

  /** Database, Redis, queues and API clients for commands that run or queue jobs. */
  services(): Promise<Services> {
    this.servicesPromise ??= (async () => {
      const [db, redis, { createServices }] = await Promise.all([
        this.db(),
        this.redis(),
        import("../services/context.ts"),
      ]);
      const services = createServices(this.config, db, redis, this.logger);
      this.closers.push(() => services.queues.close());
      return services;
    })();
    return this.servicesPromise;
  }

  /** Registers something to close when the command ends (queues, workers, servers). */
  onClose(closer: () => Promise<unknown>): void {
    this.closers.push(closer);
  }

  /** Everything on the input stream, as text. */
  async readInput(): Promise<string> {
    const chunks: Buffer[] = [];
    for await (const chunk of this.input) chunks.push(Buffer.from(chunk));
    return Buffer.concat(chunks).toString("utf8");
  }

  print(line = ""): void {
    this.out.write(`${line}\n`);
  }

  warn(line: string): void {
    this.err.write(`${line}\n`);
  }

  async close(): Promise<void> {
    // A connection still being opened when the command failed (Redis, when Postgres could not be
    // reached) registers its closer once open: wait for it, or it would keep the process alive.
    await Promise.allSettled([this.dbPromise, this.redisPromise, this.servicesPromise]);
    // Last opened, first closed: workers before the connections they use.
    for (const closer of this.closers.reverse()) await closer().catch(() => undefined);
    this.closers.length = 0;
  }
}
