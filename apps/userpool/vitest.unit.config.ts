import { defineConfig } from "vitest/config";

// Unit tests of the operation handlers with fake services: no database, no server, a few seconds.
export default defineConfig({
  test: {
    include: ["src/targets/**/*.test.ts"],
  },
});
