import type { Db, Tx } from "../client.ts";

export interface TransactionOptions {
  /** How long the transaction may run, ms. */
  timeout?: number;
  /** How long to wait for a connection, ms. */
  maxWait?: number;
}

/** Runs `work` in one transaction: all of it is written, or none. */
export function inTransaction<T>(
  db: Db,
  work: (tx: Tx) => Promise<T>,
  options: TransactionOptions = {},
): Promise<T> {
  return db.$transaction(work, { timeout: options.timeout ?? 120_000, maxWait: options.maxWait ?? 30_000 });
}

/** Holds a lock on (namespace, key) until the transaction ends: one transaction at a time per key. */
export async function lockKey(tx: Tx, namespace: number, key: string): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${namespace}, hashtext(${key}))`;
}

/** Holds a lock on one id until the transaction ends. */
export async function lockId(tx: Tx, id: number): Promise<void> {
  await tx.$executeRaw`SELECT pg_advisory_xact_lock(${id})`;
}

/**
 * Holds a lock on each key until the transaction ends, taken in one global order (sorted by their
 * hash) so that two transactions locking overlapping keys can never deadlock.
 */
export async function lockKeys(tx: Tx, keys: readonly string[]): Promise<void> {
  if (keys.length === 0) return;
  await tx.$queryRaw`
    SELECT count(pg_advisory_xact_lock(lock_key))::int AS locked
    FROM (SELECT hashtextextended(key, 7) AS lock_key FROM unnest(${[...keys]}::text[]) AS key ORDER BY 1) AS ordered`;
}

/** True for a write that lost to a concurrent one (unique key taken, write conflict or deadlock). */
export function isWriteConflict(error: unknown): boolean {
  const code = (error as { code?: string }).code;
  // P2002: an identifier was taken by a job we could not lock against; P2034: write conflict or deadlock.
  if (code === "P2002" || code === "P2034") return true;
  // The same, as the pg adapter reports it from inside an interactive transaction.
  const cause = (error as { cause?: { kind?: string; code?: string } }).cause;
  return (
    cause?.kind === "TransactionWriteConflict" ||
    cause?.kind === "UniqueConstraintViolation" ||
    cause?.code === "40P01" ||
    cause?.code === "40001"
  );
}
