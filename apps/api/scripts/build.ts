/**
 * Bundles the API into one ESM file, dist/main.mjs, for deployment (Elastic Beanstalk runs
 * `node dist/main.mjs`). Everything is inlined except better-sqlite3, whose native addon cannot be
 * bundled; it is only imported when SQLite is configured, so a PostgreSQL-only deployment needs no
 * node_modules at all.
 */
import { build } from "esbuild";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));

const result = await build({
  absWorkingDir: root,
  entryPoints: ["src/main.ts"],
  outfile: "dist/main.mjs",
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  sourcemap: true,
  // pg-native is pg's optional C binding, never installed here; better-sqlite3 is native.
  external: ["better-sqlite3", "pg-native"],
  // CommonJS dependencies (express, pino, pg) call require(); ESM output needs one to exist.
  banner: {
    js:
      "import { createRequire as __authhubCreateRequire } from 'node:module'; " +
      "const require = __authhubCreateRequire(import.meta.url);",
  },
  legalComments: "linked",
  metafile: true,
  logLevel: "warning",
});

const bytes = Object.values(result.metafile.outputs).reduce((n, o) => n + o.bytes, 0);
console.log(`built dist/main.mjs (${(bytes / 1024 / 1024).toFixed(1)} MiB with source map)`);
