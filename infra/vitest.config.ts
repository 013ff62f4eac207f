import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/support/globalSetup.ts"],
    // Synthesis and the CLI run are CPU-bound and slow on a busy machine; none of them waits on a network.
    testTimeout: 180_000,
    hookTimeout: 300_000,
  },
});
