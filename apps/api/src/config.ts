import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AppDbConfigError, resolveAppDbConfig, type AppDbConfig, type DbEnv, type SecretFetcher } from "@authhub/appdb";
import { cognitoIssuer, type AcceptedTokenUse } from "./auth/verifier.js";

/**
 * The API's whole configuration, read once from the environment and validated at start.
 * Variable names are the shared ones in docs/conventions.md.
 */
export interface ApiConfig {
  dbEnv: DbEnv;
  db: AppDbConfig;
  /** PORT, default 5000. 0 picks a free port. */
  port: number;
  auth: {
    /** COGNITO_ISSUER, or derived from COGNITO_USER_POOL_ID + COGNITO_REGION. */
    issuer: string;
    jwksUri: string;
    /** COGNITO_CLIENT_IDS, comma-separated. */
    clientIds: string[];
    /** COGNITO_TOKEN_USE: id (default, what the tutorial's web app sends), access or any. */
    tokenUse: AcceptedTokenUse;
  };
  /** CORS_ORIGINS, comma-separated exact origins; default http://localhost:3000. */
  corsOrigins: string[];
  /** LOG_LEVEL, default info. */
  logLevel: "fatal" | "error" | "warn" | "info" | "debug" | "trace" | "silent";
  /** Development defaults in use; main logs them loudly because production must not rely on them. */
  warnings: string[];
}

export type DbConfig = Pick<ApiConfig, "dbEnv" | "db">;

/** A configuration problem; the message names the variable. */
export class ConfigError extends Error {
  override name = "ConfigError";
}

// The local stack's values (docs/conventions.md), used only outside production.
const DEV_ISSUER = "http://localhost:9229/us-east-1_AuthHub01";
const DEV_CLIENT_ID = "authhubwebclientlocaldev01";
const POOL_ID = /^(?<region>[a-z]{2}(?:-gov)?-[a-z]+-\d)_[0-9A-Za-z]+$/;
const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace", "silent"] as const;

/** Reads only what the database needs (the migrate and seed commands need nothing else). */
export async function loadDbConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { fetchSecret?: SecretFetcher } = {},
): Promise<DbConfig> {
  try {
    const db = await resolveAppDbConfig(env, {
      defaultSqliteFile: join(findRepoRoot(process.cwd()), ".data", "app.sqlite"),
      ...options,
    });
    return { dbEnv: (env.DB_ENV ?? "development") as DbEnv, db };
  } catch (err) {
    if (err instanceof AppDbConfigError) throw new ConfigError(err.message);
    throw err;
  }
}

/** Reads and validates everything; throws `ConfigError` naming the first bad variable. */
export async function loadConfig(
  env: NodeJS.ProcessEnv = process.env,
  options: { fetchSecret?: SecretFetcher } = {},
): Promise<ApiConfig> {
  const { dbEnv, db } = await loadDbConfig(env, options);
  const production = dbEnv === "production";
  const warnings: string[] = [];

  const port = env.PORT === undefined || env.PORT === "" ? 5000 : Number(env.PORT);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new ConfigError(`PORT must be an integer from 0 to 65535; got "${env.PORT}"`);

  const issuer = readIssuer(env, production, warnings);

  let clientIds = list(env.COGNITO_CLIENT_IDS);
  if (clientIds.length === 0) {
    if (production)
      throw new ConfigError("COGNITO_CLIENT_IDS is required when DB_ENV=production (comma-separated app client IDs)");
    clientIds = [DEV_CLIENT_ID];
    warnings.push(`COGNITO_CLIENT_IDS is not set; accepting the local dev client ${DEV_CLIENT_ID}`);
  }
  for (const id of clientIds) {
    if (!/^[\w+]+$/.test(id)) throw new ConfigError(`COGNITO_CLIENT_IDS holds an invalid client ID: "${id}"`);
  }

  const tokenUse = (env.COGNITO_TOKEN_USE || "id") as AcceptedTokenUse;
  if (!["id", "access", "any"].includes(tokenUse))
    throw new ConfigError(`COGNITO_TOKEN_USE must be id, access or any; got "${env.COGNITO_TOKEN_USE}"`);

  const corsOrigins = env.CORS_ORIGINS === undefined ? ["http://localhost:3000"] : list(env.CORS_ORIGINS);
  for (const origin of corsOrigins) {
    if (!isOrigin(origin))
      throw new ConfigError(
        `CORS_ORIGINS must list exact origins like https://app.example.com (no "*", path or trailing slash); ` +
          `got "${origin}"`,
      );
  }

  const logLevel = (env.LOG_LEVEL || "info") as ApiConfig["logLevel"];
  if (!LOG_LEVELS.includes(logLevel))
    throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}; got "${env.LOG_LEVEL}"`);

  return {
    dbEnv,
    db,
    port,
    auth: { issuer, jwksUri: `${issuer}/.well-known/jwks.json`, clientIds, tokenUse },
    corsOrigins,
    logLevel,
    warnings,
  };
}

function readIssuer(env: NodeJS.ProcessEnv, production: boolean, warnings: string[]): string {
  const poolId = env.COGNITO_USER_POOL_ID;
  if (env.COGNITO_ISSUER && poolId)
    throw new ConfigError("Set COGNITO_ISSUER (local userpool) or COGNITO_USER_POOL_ID (real Cognito), not both");
  if (poolId) {
    const match = POOL_ID.exec(poolId);
    if (!match) throw new ConfigError(`COGNITO_USER_POOL_ID must look like us-east-1_AbC123; got "${poolId}"`);
    // The pool ID starts with its region; a different COGNITO_REGION would derive an issuer no token carries.
    const region = env.COGNITO_REGION || match.groups!.region!;
    if (region !== match.groups!.region)
      throw new ConfigError(`COGNITO_REGION "${region}" does not match COGNITO_USER_POOL_ID "${poolId}"`);
    return cognitoIssuer(region, poolId);
  }
  if (env.COGNITO_ISSUER) {
    let url: URL;
    try {
      url = new URL(env.COGNITO_ISSUER);
    } catch {
      throw new ConfigError(`COGNITO_ISSUER must be a URL; got "${env.COGNITO_ISSUER}"`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new ConfigError("COGNITO_ISSUER must be an http(s) URL");
    if (url.search || url.hash) throw new ConfigError("COGNITO_ISSUER must not have a query or fragment");
    // Tokens from plain-http issuers can be forged by anyone on the path to the JWKS.
    if (production && url.protocol !== "https:")
      throw new ConfigError("COGNITO_ISSUER must be https when DB_ENV=production");
    // `iss` is compared exactly; a trailing slash in the variable would reject every token.
    return env.COGNITO_ISSUER.replace(/\/+$/, "");
  }
  if (production)
    throw new ConfigError("DB_ENV=production needs COGNITO_USER_POOL_ID (with COGNITO_REGION) or COGNITO_ISSUER");
  warnings.push(`COGNITO_ISSUER is not set; trusting the local userpool at ${DEV_ISSUER}`);
  return DEV_ISSUER;
}

function list(value: string | undefined): string[] {
  return (value ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

function isOrigin(value: string): boolean {
  try {
    return new URL(value).origin === value;
  } catch {
    return false;
  }
}

/**
 * The monorepo root (the package.json with workspaces), so the API and the user-sync trigger
 * share one development database whichever directory they start in. Falls back to `start`.
 */
export function findRepoRoot(start: string): string {
  for (let dir = resolve(start); ; dir = dirname(dir)) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { workspaces?: unknown }).workspaces) return dir;
      } catch {
        // An unreadable package.json is not the root; keep walking.
      }
    }
    if (dirname(dir) === dir) return resolve(start);
  }
}
