import { defineConfig } from "vitest/config";

// Unit tests of the operation handlers with fake services: no database, no server, a few seconds.
export default defineConfig({
  test: {
    include: ["src/targets/**/*.test.ts"],
    // Each test builds its own fakes and nothing mocks modules, so the files can share one module graph:
    // reloading it per file costs ten times more than the tests themselves.
    isolate: false,
    pool: "threads",
  },
});
