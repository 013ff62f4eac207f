/**
 * Builds the console for the stack (`npm start`) with Vite's programmatic API, when its `dist/` is missing or
 * older than anything it is built from. Lives in this workspace because it is the one that declares Vite.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { build } from "vite";

export const CONSOLE_ROOT = import.meta.dirname;
export const CONSOLE_DIST = join(CONSOLE_ROOT, "dist");

// What the build reads: the sources, the page, the build configuration and the installed versions.
const INPUTS = [
  "src",
  "index.html",
  "vite.config.ts",
  "package.json",
  "../../package-lock.json",
  // styles.css imports the web app's stylesheet (one visual language).
  "../web/src/styles.css",
  // The shared UI kit is consumed as source (docs/adr/0057).
  "../../packages/ui/src",
];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = st.mtimeMs; // a deleted file shows only as its directory's change
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why the console must be (re)built, or undefined when dist/ is current. */
export function consoleStaleReason(dist = CONSOLE_DIST): string | undefined {
  const index = join(dist, "index.html");
  if (!existsSync(index)) return "not built yet";
  const built = statSync(index).mtimeMs;
  const changed = INPUTS.map((p) => join(CONSOLE_ROOT, p)).find((p) => existsSync(p) && newestMtime(p) > built);
  return changed ? `${relative(join(CONSOLE_ROOT, "../.."), changed)} changed since the last build` : undefined;
}

/** Builds into `dist` when stale; returns what it did. */
export async function ensureConsoleBuild(
  dist = CONSOLE_DIST,
): Promise<{ dir: string; built: boolean; reason?: string }> {
  const reason = consoleStaleReason(dist);
  if (!reason) return { dir: dist, built: false };
  // React's production build is chosen by NODE_ENV; a test runner's NODE_ENV=test would give the development one.
  const nodeEnv = process.env.NODE_ENV;
  process.env.NODE_ENV = "production";
  try {
    await build({
      root: CONSOLE_ROOT,
      configFile: join(CONSOLE_ROOT, "vite.config.ts"),
      mode: "production",
      logLevel: "warn",
      build: { outDir: dist, emptyOutDir: true },
    });
  } finally {
    if (nodeEnv === undefined) delete process.env.NODE_ENV;
    else process.env.NODE_ENV = nodeEnv;
  }
  if (!existsSync(join(dist, "index.html"))) throw new Error(`vite build wrote no index.html to ${dist}`);
  return { dir: dist, built: true, reason };
}
