/** Paths of the monorepo the stack is assembled from. */
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const repoPath = (...parts: string[]): string => join(REPO_ROOT, ...parts);
