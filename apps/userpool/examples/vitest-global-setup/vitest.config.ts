import { defineConfig } from "vitest/config";

export default defineConfig({
  // The first sign-up of a process is slow on a busy machine (pool keys, first password checks).
  test: { globalSetup: ["./globalSetup.ts"], include: ["*.test.ts"], testTimeout: 120_000, hookTimeout: 120_000 },
});
