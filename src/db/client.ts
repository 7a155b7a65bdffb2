import { PrismaPg } from "@prisma/adapter-pg";
import { PrismaClient, type Prisma } from "../generated/prisma/client.ts";
import { storableValue } from "./storable.ts";

export type Db = PrismaClient;
/** A transaction's client: repositories take it to take part in a caller's transaction. */
export type Tx = Prisma.TransactionClient;
/** Either: repositories read and write through whichever they are given. */
export type DbClient = Db | Tx;

/**
 * A Prisma client over node-postgres; the caller owns it and must `$disconnect()` it. Every text
 * it writes is made storable first (src/db/storable.ts), whichever repository writes it.
 */
export function createDb(databaseUrl: string): Db {
  const adapter = new PrismaPg({ connectionString: databaseUrl });
  const client = new PrismaClient({ adapter }).$extends({
    query: {
      $allModels: {
        $allOperations: ({ args, query }) => query(storableValue(args)),
      },
    },
  });
  // The extension changes what is written, not any model's shape or method.
  return client as unknown as Db;
}
