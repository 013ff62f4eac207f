/**
 * The userpool configuration of the stack: config/userpool.stack.json, with its localhost origins
 * moved to the ports this stack really uses (the e2e tests run on free ports), and an optional
 * adjustment for a test (a 5-minute client, code verification).
 */
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import type { UserpoolFileConfig } from "@authhub/userpool";
import { repoPath } from "./repo.js";

export const STACK_CONFIG_PATH = repoPath("config/userpool.stack.json");

/** The origins written in the committed file (docs/conventions.md). */
export const DEFAULT_ORIGINS = {
  userpool: "http://localhost:9229",
  userpoolHttps: "https://localhost:9443",
  web: "http://localhost:3000",
} as const;

export type StackOrigins = { [K in keyof typeof DEFAULT_ORIGINS]: string };

/** The stack's pool and web client (fixed IDs, docs/conventions.md). */
export const POOL_ID = "us-east-1_AuthHub01";
export const WEB_CLIENT_ID = "authhubwebclientlocaldev01";

/**
 * Reads the committed file and replaces each default origin with this stack's. Origins are
 * replaced as whole strings (with their scheme and port), so nothing else in the file can change.
 */
export function loadStackConfig(
  origins: StackOrigins,
  adjust?: (config: UserpoolFileConfig) => void,
  path = STACK_CONFIG_PATH,
): UserpoolFileConfig {
  let text = readFileSync(path, "utf8");
  for (const key of Object.keys(DEFAULT_ORIGINS) as (keyof StackOrigins)[]) {
    text = text.split(DEFAULT_ORIGINS[key]).join(origins[key]);
  }
  // Passed as an object, the config has no file to be relative to: anchor module paths (the trigger) to this one.
  const base = dirname(path);
  const config = JSON.parse(text, (_key, value: unknown) =>
    typeof value === "string" && /^file:\.\.?\//.test(value)
      ? `file:${resolve(base, value.slice("file:".length))}`
      : value,
  ) as UserpoolFileConfig;
  adjust?.(config);
  return config;
}
