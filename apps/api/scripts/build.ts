/**
 * Bundles the API into one ESM file, dist/main.mjs, for deployment (Elastic Beanstalk runs
 * `node dist/main.mjs`; `npm run start:prod -w apps/api` does the same here). Everything is inlined
 * except better-sqlite3, whose native addon cannot be bundled; it is only imported when SQLite is
 * configured, so a PostgreSQL-only deployment needs no node_modules at all.
 */
import { fileURLToPath } from "node:url";
import { bundleServer } from "../../../scripts/lib/serverBundle.js";

const bytes = await bundleServer({
  root: fileURLToPath(new URL("..", import.meta.url)),
  entry: "src/main.ts",
  outfile: "dist/main.mjs",
  // pg-native is pg's optional C binding, never installed here; better-sqlite3 is native.
  external: ["better-sqlite3", "pg-native"],
});
console.log(`built dist/main.mjs (${(bytes / 1024 / 1024).toFixed(1)} MiB with source map)`);
