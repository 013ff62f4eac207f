import { defineConfig } from "vitest/config";

export default defineConfig({
  // Creating a pool generates its RSA signing keys: allow for a busy machine.
  test: { globalSetup: ["./globalSetup.ts"], include: ["*.test.ts"], testTimeout: 30_000, hookTimeout: 60_000 },
});
