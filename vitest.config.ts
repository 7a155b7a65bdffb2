import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    setupFiles: ["tests/setup/node20.ts"],
    // Tests that start bin/scholartrack.js run the build in dist/: make sure it is the current one.
    globalSetup: ["tests/setup/build.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: "forks",
    // Two test files at a time (vitest's default leaves one of 2 CPUs idle): most of an integration
    // file's time is spent waiting on Postgres, Redis, child processes and timers, not computing.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: {
          name: "suite",
          include: ["tests/**/*.test.ts"],
          exclude: ["tests/**/*.timing.test.ts", "tests/e2e/**"],
          // Integration files each use their own database and queue prefix, so they can run in parallel.
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: "browser",
          // Each file drives one chromium: one file at a time, after the rest, so that browsers
          // neither starve each other nor the integration tests of the 2 CPUs CI has.
          include: ["tests/e2e/**/*.test.ts"],
          fileParallelism: false,
          sequence: { groupOrder: 1 },
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
          sequence: { groupOrder: 2 },
        },
      },
    ],
  },
});
