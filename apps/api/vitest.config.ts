import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    // Load tests push 10,000 requests through HTTP on a shared 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
