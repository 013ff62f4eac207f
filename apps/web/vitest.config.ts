import react from "@vitejs/plugin-react";
import { defineConfig } from "vitest/config";

export default defineConfig({
  plugins: [react()],
  test: {
    environment: "happy-dom",
    setupFiles: ["./src/test/setup.ts"],
    include: ["src/**/*.test.{ts,tsx}"],
    // Tests must not pick up a developer's .env values: each test passes its own config.
    env: {},
    restoreMocks: true,
    unstubGlobals: true,
  },
});
