import type { Session } from "fastify";
import type { Redis } from "ioredis";

type Callback = (error?: Error) => void;
type CallbackSession = (error: Error | null, session?: Session | null) => void;

/**
 * Sessions kept server-side in Redis, each expiring after the idle timeout (every request that
 * saves the session starts it again). connect-redis would do, but its current major needs node 22.
 */
export class RedisSessionStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly idleSeconds: number,
  ) {}

  private key(sessionId: string): string {
    return `${this.prefix}:session:${sessionId}`;
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    this.redis
      .set(this.key(sessionId), JSON.stringify(session), "EX", this.idleSeconds)
      .then(() => callback(), callback);
  }

  get(sessionId: string, callback: CallbackSession): void {
    this.redis.get(this.key(sessionId)).then(
      (text) => callback(null, text === null ? null : (JSON.parse(text) as Session)),
      (error: Error) => callback(error),
    );
  }

  destroy(sessionId: string, callback: Callback): void {
    this.redis.del(this.key(sessionId)).then(() => callback(), callback);
  }
}
