import type { Session } from "fastify";
import type { Redis } from "ioredis";

type Callback = (error?: Error) => void;

const REWRITE_AFTER_MS = 60_000;
/** Sessions whose last write is remembered; beyond it the oldest is forgotten (and written next time). */
const REMEMBERED_WRITES = 10_000;
type CallbackSession = (error: Error | null, session?: Session | null) => void;

/** @fastify/session's session says whether its data changed since it was read (its cookie aside). */
function isUnchanged(session: Session): boolean {
  return (session as Partial<{ isModified(): boolean }>).isModified?.() === false;
}

/**
 * Sessions kept server-side in Redis, each expiring after the idle timeout (every request that
 * saves the session starts it again, at most once a minute for an unchanged session).
 * connect-redis would do, but its current major needs node 22.
 */
export class RedisSessionStore {
  /** When this process last wrote each session, oldest first; a bounded memory of recent writes. */
  private readonly writtenAt = new Map<string, number>();
  /**
   * An unchanged session written this recently is not written again: rolling sessions would
   * otherwise rewrite it on every page. Its idle timer then starts up to this much early.
   */
  private readonly rewriteAfterMs: number;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly idleSeconds: number,
  ) {
    this.rewriteAfterMs = Math.min(REWRITE_AFTER_MS, (idleSeconds * 1000) / 30);
  }

  private key(sessionId: string): string {
    return `${this.prefix}:session:${sessionId}`;
  }

  set(sessionId: string, session: Session, callback: Callback): void {
    const now = Date.now();
    const written = this.writtenAt.get(sessionId);
    if (written !== undefined && now - written < this.rewriteAfterMs && isUnchanged(session)) {
      callback();
      return;
    }
    this.redis.set(this.key(sessionId), JSON.stringify(session), "EX", this.idleSeconds).then(() => {
      this.remember(sessionId, now);
      callback();
    }, callback);
  }

  private remember(sessionId: string, at: number): void {
    this.writtenAt.delete(sessionId);
    this.writtenAt.set(sessionId, at);
    if (this.writtenAt.size > REMEMBERED_WRITES) {
      const oldest = this.writtenAt.keys().next().value;
      if (oldest !== undefined) this.writtenAt.delete(oldest);
    }
  }

  get(sessionId: string, callback: CallbackSession): void {
    this.redis.get(this.key(sessionId)).then(
      (text) => callback(null, text === null ? null : (JSON.parse(text) as Session)),
      (error: Error) => callback(error),
    );
  }

  destroy(sessionId: string, callback: Callback): void {
    this.writtenAt.delete(sessionId);
    this.redis.del(this.key(sessionId)).then(() => callback(), callback);
  }
}
