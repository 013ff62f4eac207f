/** Paths of the monorepo the stack is assembled from. */
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);

/**
 * How the start banner shows a path: relative inside the repository, absolute anywhere else. A data directory
 * elsewhere (--data-dir, or a sibling such as /work/main2 whose name begins with the repository's) is never "../…".
 */
export function displayPath(path: string, root = REPO_ROOT): string {
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(path)) return path; // a database URL (already redacted), not a path
  const full = resolve(path);
  const rel = relative(root, full);
  if (rel === "") return ".";
  return rel.startsWith("..") || isAbsolute(rel) ? full : rel;
}
