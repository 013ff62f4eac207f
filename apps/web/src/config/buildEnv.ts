/**
 * Which configuration a `vite build` bakes in (Node-only; used by vite.config.ts).
 *
 * A build targets exactly one backend:
 * - with any production configuration (VITE_* in the environment, .env.production[.local]) it must be
 *   complete, or the build fails naming each missing value — no silent mix with development defaults;
 * - with none at all (a fresh clone), it builds for the local stack from .env.development.
 */
import { loadEnv } from "vite";
import { describeBackend, parseConfig, type AppConfig } from "./config.ts";

const REQUIRED = ["VITE_USER_POOL_ID", "VITE_USER_POOL_CLIENT_ID", "VITE_API_URL"];

export interface BuildEnv {
  env: Record<string, string>;
  config: AppConfig;
  /** True when the values come from .env.development because nothing production-like was given. */
  fromDevelopmentDefaults: boolean;
  summary: string;
}

export function resolveBuildEnv(mode: string, envDir: string): BuildEnv {
  let env = loadEnv(mode, envDir, "VITE_");
  let fromDevelopmentDefaults = false;
  if (mode !== "development" && !REQUIRED.some((name) => env[name])) {
    env = loadEnv("development", envDir, "VITE_");
    fromDevelopmentDefaults = true;
  }
  const source = fromDevelopmentDefaults
    ? ".env.development (no production configuration given)"
    : `mode "${mode}" (VITE_* environment, .env.${mode}[.local])`;
  const result = parseConfig(env);
  if (!result.ok) {
    throw new Error(
      `apps/web: the configuration from ${source} is incomplete:\n  - ${result.problems.join("\n  - ")}\n` +
        "For real Cognito copy .env.production.example to .env.production (or set the VITE_* variables).",
    );
  }
  const summary = [
    `apps/web: building for ${describeBackend(result.config)},`,
    `API ${result.config.apiUrl},`,
    `from ${source}.`,
  ].join(" ");
  return { env, config: result.config, fromDevelopmentDefaults, summary };
}
