/**
 * The user-sync trigger runs from its built Lambda bundle (packages/triggers/dist/index.mjs), the
 * same file that is deployed. A fresh clone has no dist/, and an edit to the trigger or the app
 * database package makes it stale, so the stack rebuilds it when any input is newer.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { repoPath, REPO_ROOT } from "./repo.js";
import { runCommand } from "./run.js";

export const TRIGGERS_BUNDLE = repoPath("packages/triggers/dist/index.mjs");

// What the bundle is built from: its own sources and build script, and the app database package it inlines.
const INPUTS = [
  repoPath("packages/triggers/src"),
  repoPath("packages/triggers/build.ts"),
  repoPath("packages/appdb/src"),
  repoPath("package-lock.json"),
];

function newestMtime(path: string): number {
  const st = statSync(path);
  if (!st.isDirectory()) return st.mtimeMs;
  let newest = 0;
  for (const entry of readdirSync(path)) newest = Math.max(newest, newestMtime(join(path, entry)));
  return newest;
}

/** Why the bundle must be (re)built, or undefined when it is up to date. */
export function triggersBundleStaleReason(): string | undefined {
  if (!existsSync(TRIGGERS_BUNDLE)) return "not built yet";
  const built = statSync(TRIGGERS_BUNDLE).mtimeMs;
  const changed = INPUTS.find((p) => existsSync(p) && newestMtime(p) > built);
  return changed ? `${changed.slice(REPO_ROOT.length + 1)} changed since the last build` : undefined;
}

/** Builds the bundle when missing or stale; returns what it did. */
export async function ensureTriggersBundle(): Promise<{ built: boolean; reason?: string }> {
  const reason = triggersBundleStaleReason();
  if (!reason) return { built: false };
  await runCommand("npm", ["run", "build", "-w", "packages/triggers"], { cwd: REPO_ROOT });
  return { built: true, reason };
}
