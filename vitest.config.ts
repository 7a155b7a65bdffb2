import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["tests/setup/node20.ts"],
    // Tests that start bin/scholartrack.js run the build in dist/: make sure it is the current one.
    globalSetup: ["tests/setup/build.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/**/*.timing.test.ts"],
          // Integration files each use their own database and queue prefix, so they can run in parallel.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "timing",
          // Files that count requests per second: run one at a time once the rest is done, so that
          // other test files do not starve their processes of CPU and blur what the clock says.
          include: ["tests/**/*.timing.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
