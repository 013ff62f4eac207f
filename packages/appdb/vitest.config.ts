import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // PostgreSQL tests create schemas and migrate them; on two cores shared with other suites the 5 s
    // default is too short (the churn test timed out at 5 s under load).
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
