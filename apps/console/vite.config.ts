import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";
import { stopWithNpmPlugin } from "../../scripts/lib/npmParent.js";

/**
 * The userpool serves the build at /_console/ on its JSON-API listener (docs/adr/0053), so every asset URL
 * carries that base and the API is same-origin. `npm run dev` proxies the API to a running `npm start`.
 */
export const CONSOLE_BASE = "/_console/";

export default defineConfig({
  base: CONSOLE_BASE,
  // `kill <npm's pid>` reaches Vite as its parent shell exiting (scripts/lib/npmParent.ts).
  plugins: [react(), stopWithNpmPlugin()],
  server: {
    port: 5174,
    strictPort: true,
    proxy: { "/_console/api": { target: process.env.CONSOLE_API_TARGET ?? "http://localhost:9229" } },
  },
  build: { sourcemap: true },
});
