import type { DbClient } from "../client.ts";

/** Postgres answers a trivial query over this client's pool. */
export async function pingDatabase(db: DbClient): Promise<void> {
  await db.$queryRaw`SELECT 1`;
}
