import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.e2e.ts"],
    globalSetup: ["./support/globalSetup.ts"],
    // Each file starts a whole stack and a browser; one at a time on a 2-core machine, each in its own
    // process (the in-process trigger reads the app database location from process.env).
    pool: "forks",
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 180_000,
    // The AWS SDK (admin calls) warns that releases after January 2027 need Node 22: true, and noted in
    // the README, but repeated in every test process it buries the results.
    env: { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: "true" },
  },
});
