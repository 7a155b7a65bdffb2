import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";

export type Db = PrismaClient;
/** A transaction's client: repositories take it to take part in a caller's transaction. */
export type Tx = Prisma.TransactionClient;
/** Either: repositories read and write through whichever they are given. */
export type DbClient = Db | Tx;

/** A Prisma client over node-postgres; the caller owns it and must `$disconnect()` it. */
export function createDb(databaseUrl: string): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl });
  return new PrismaClient({ adapter });
}
