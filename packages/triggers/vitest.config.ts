import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Two cores shared with other suites, PostgreSQL round trips and one esbuild run: be patient.
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
