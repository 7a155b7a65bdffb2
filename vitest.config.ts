import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["tests/**/*.test.ts"],
    setupFiles: ["tests/setup/node20.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Integration files each use their own database and queue prefix, so they can run in parallel.
    pool: "forks",
  },
});
