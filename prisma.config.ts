import path from "node:path";
import { PrismaPg } from "@prisma/adapter-pg";
import { defineConfig } from "prisma/config";

// Prisma's native engines cannot be downloaded in every environment we run in, so the
// CLI uses the JavaScript engine and talks to Postgres through @prisma/adapter-pg.
export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join("prisma", "schema.prisma"),
  adapter: () =>
    Promise.resolve(
      new PrismaPg({
        connectionString: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/scholartrack",
      }),
    ),
});
