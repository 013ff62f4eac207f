import react from "@vitejs/plugin-react";
import { defineConfig, loadEnv } from "vite";
import { parseConfig } from "./src/config/config.ts";

// Port 3000 is the redirect URL registered on the dev client (docs/conventions.md), so it must not drift.
const PORT = 3000;

export default defineConfig(({ command, mode }) => {
  if (command === "build") {
    // A bundle with missing settings would only fail in the browser; fail the build instead, naming each one.
    const result = parseConfig(loadEnv(mode, import.meta.dirname, "VITE_"));
    if (!result.ok) {
      throw new Error(
        `apps/web is not configured for mode "${mode}":\n  - ${result.problems.join("\n  - ")}\n` +
          `For real Cognito copy .env.production.example to .env.production (or set the VITE_* variables); ` +
          `"npm run build" builds for the local stack from .env.development.`,
      );
    }
  }
  return {
    plugins: [react()],
    server: { port: PORT, strictPort: true },
    preview: { port: PORT, strictPort: true },
    build: { sourcemap: true },
  };
});
