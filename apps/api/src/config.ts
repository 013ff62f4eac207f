/**
 * The API's whole configuration: every environment variable it reads, in one zod schema with each
 * variable's meaning (listed in README.md and apps/api/README.md, checked by config.test.ts), and
 * the typed config built from it, validated at start. Variable names are the shared ones in
 * docs/conventions.md. The database variables are parsed by @authhub/appdb, which the user-sync
 * trigger shares; they are listed here so that the schema names everything the API reads.
 */
import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { AppDbConfigError, resolveAppDbConfig, type AppDbConfig, type DbEnv, type SecretFetcher } from "@authhub/appdb";
import { z } from "zod";
import { cognitoIssuer, type AcceptedTokenUse } from "./auth/verifier.js";

export interface ApiConfig {
  dbEnv: DbEnv;
  db: AppDbConfig;
  /** PORT, default 5000. 0 picks a free port. */
  port: number;
  auth: {
    /** COGNITO_ISSUER, or derived from COGNITO_USER_POOL_ID + COGNITO_REGION. */
    issuer: string;
    /** COGNITO_JWKS_URI (development only), else `<issuer>/.well-known/jwks.json`. */
    jwksUri: string;
    /** COGNITO_CLIENT_IDS, comma-separated. */
    clientIds: string[];
    /** COGNITO_TOKEN_USE: id (default, what the tutorial's web app sends), access or any. */
    tokenUse: AcceptedTokenUse;
  };
  /** CORS_ORIGINS, comma-separated exact origins; default http://localhost:3000. */
  corsOrigins: string[];
  /** LOG_LEVEL, default info. */
  logLevel: LogLevel;
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
const TOKEN_USES = ["id", "access", "any"] as const;
type LogLevel = (typeof LOG_LEVELS)[number];

/** A variable parsed by `parse`, which throws ConfigError naming it; unset (and, here, empty) is `undefined`. */
function variable<T>(description: string, parse: (raw: string | undefined) => T) {
  return z
    .string()
    .optional()
    .transform((raw, ctx): T => {
      try {
        return parse(raw === "" ? undefined : raw);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        ctx.addIssue({ code: "custom", message: e.message });
        return z.NEVER;
      }
    })
    .describe(description);
}

/** Checked by @authhub/appdb (resolveAppDbConfig), not here. */
const appDb = (description: string) => z.string().optional().describe(`${description} (@authhub/appdb)`);

export const apiEnvSchema = z.object({
  PORT: variable("listener port; 0 picks a free port", (v) => {
    const port = v === undefined ? 5000 : Number(v);
    if (!Number.isInteger(port) || port < 0 || port > 65535)
      throw new ConfigError(`PORT must be an integer from 0 to 65535; got "${v}"`);
    return port;
  }),
  COGNITO_ISSUER: variable("the local userpool's issuer (trailing slash removed; https in production)", (v) => {
    if (v === undefined) return undefined;
    let url: URL;
    try {
      url = new URL(v);
    } catch {
      throw new ConfigError(`COGNITO_ISSUER must be a URL; got "${v}"`);
    }
    if (url.protocol !== "https:" && url.protocol !== "http:")
      throw new ConfigError("COGNITO_ISSUER must be an http(s) URL");
    if (url.search || url.hash) throw new ConfigError("COGNITO_ISSUER must not have a query or fragment");
    // `iss` is compared exactly; a trailing slash in the variable would reject every token.
    return { issuer: v.replace(/\/+$/, ""), https: url.protocol === "https:" };
  }),
  COGNITO_USER_POOL_ID: variable("real Cognito's pool ID; the issuer is derived from it", (v) => {
    if (v === undefined) return undefined;
    const region = POOL_ID.exec(v)?.groups?.region;
    if (!region) throw new ConfigError(`COGNITO_USER_POOL_ID must look like us-east-1_AbC123; got "${v}"`);
    return { poolId: v, region };
  }),
  COGNITO_REGION: variable("real Cognito's region; default and only accepted value: the pool ID's", (v) => v),
  COGNITO_JWKS_URI: variable(
    "where the keys are fetched (default <issuer>/.well-known/jwks.json): a local userpool started with " +
      "USERPOOL_ISSUER_FORM=cognito serves them at <its URL>/<pool ID>/.well-known/jwks.json; refused in production",
    (v) => {
      if (v === undefined) return undefined;
      let url: URL;
      try {
        url = new URL(v);
      } catch {
        throw new ConfigError(`COGNITO_JWKS_URI must be a URL; got "${v}"`);
      }
      if (url.protocol !== "https:" && url.protocol !== "http:")
        throw new ConfigError("COGNITO_JWKS_URI must be an http(s) URL");
      return v;
    },
  ),
  COGNITO_CLIENT_IDS: variable("app client IDs whose tokens are accepted, comma-separated", (v) => {
    const ids = list(v);
    for (const id of ids) {
      if (!/^[\w+]+$/.test(id)) throw new ConfigError(`COGNITO_CLIENT_IDS holds an invalid client ID: "${id}"`);
    }
    return ids;
  }),
  COGNITO_TOKEN_USE: variable("the token the API accepts: id, access or any", (v): AcceptedTokenUse => {
    const use = v ?? "id";
    if (!(TOKEN_USES as readonly string[]).includes(use))
      throw new ConfigError(`COGNITO_TOKEN_USE must be id, access or any; got "${v}"`);
    return use as AcceptedTokenUse;
  }),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((v, ctx) => {
      const origins = v === undefined ? ["http://localhost:3000"] : list(v);
      const bad = origins.find((o) => !isOrigin(o));
      if (bad === undefined) return origins;
      ctx.addIssue({
        code: "custom",
        message:
          `CORS_ORIGINS must list exact origins like https://app.example.com (no "*", path or trailing slash); ` +
          `got "${bad}"`,
      });
      return z.NEVER;
    })
    .describe("browser origins allowed to call the API, comma-separated"),
  LOG_LEVEL: variable("pino level; silent for none", (v): LogLevel => {
    const level = v ?? "info";
    if (!(LOG_LEVELS as readonly string[]).includes(level))
      throw new ConfigError(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}; got "${v}"`);
    return level as LogLevel;
  }),
  DB_ENV: appDb("development (SQLite file), testing (SQLite in memory) or production (PostgreSQL)"),
  DATABASE_URL: appDb("PostgreSQL URL, in any environment"),
  APP_SQLITE_FILE: appDb("the SQLite file outside production"),
  DB_POOL_MAX: appDb("PostgreSQL connections per process"),
  DB_SSL: appDb("true: PostgreSQL over TLS with a verified certificate"),
  RDS_HOSTNAME: appDb("production database host, as Elastic Beanstalk sets it"),
  RDS_PORT: appDb("production database port"),
  RDS_USERNAME: appDb("production database user"),
  RDS_PASSWORD: appDb("production database password"),
  RDS_DB_NAME: appDb("production database name"),
  DB_SECRET_ARN: appDb("the RDS-managed Secrets Manager secret holding the production database credentials"),
});

export type ApiEnv = z.output<typeof apiEnvSchema>;

/** Parses the environment; throws ConfigError with the first bad variable's message. */
export function parseApiEnv(env: NodeJS.ProcessEnv): ApiEnv {
  const r = apiEnvSchema.safeParse(env);
  if (!r.success) throw new ConfigError(r.error.issues[0]?.message ?? "invalid environment");
  return r.data;
}

/** LOG_LEVEL alone, for the commands that need nothing else (migrate, seed). */
export function loadLogLevel(env: NodeJS.ProcessEnv = process.env): LogLevel {
  const r = apiEnvSchema.shape.LOG_LEVEL.safeParse(env.LOG_LEVEL);
  if (!r.success) throw new ConfigError(r.error.issues[0]?.message ?? "invalid LOG_LEVEL");
  return r.data;
}

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
  const vars = parseApiEnv(env);
  const production = dbEnv === "production";
  const warnings: string[] = [];

  const issuer = readIssuer(vars, production, warnings);
  let jwksUri = `${issuer}/.well-known/jwks.json`;
  if (vars.COGNITO_JWKS_URI) {
    // Keys from anywhere but the issuer would let that place sign tokens the API takes for the issuer's
    // (for a Cognito-form issuer: for the real Cognito pool of that ID). Development only (ADR 0020).
    if (production)
      throw new ConfigError(
        "COGNITO_JWKS_URI is refused when DB_ENV=production: the keys must come from the issuer itself",
      );
    jwksUri = vars.COGNITO_JWKS_URI;
    warnings.push(`COGNITO_JWKS_URI: keys for ${issuer} are fetched from ${jwksUri}, not from the issuer`);
  }

  let clientIds = vars.COGNITO_CLIENT_IDS;
  if (clientIds.length === 0) {
    if (production)
      throw new ConfigError("COGNITO_CLIENT_IDS is required when DB_ENV=production (comma-separated app client IDs)");
    clientIds = [DEV_CLIENT_ID];
    warnings.push(`COGNITO_CLIENT_IDS is not set; accepting the local dev client ${DEV_CLIENT_ID}`);
  }

  return {
    dbEnv,
    db,
    port: vars.PORT,
    auth: { issuer, jwksUri, clientIds, tokenUse: vars.COGNITO_TOKEN_USE },
    corsOrigins: vars.CORS_ORIGINS,
    logLevel: vars.LOG_LEVEL,
    warnings,
  };
}

function readIssuer(vars: ApiEnv, production: boolean, warnings: string[]): string {
  const pool = vars.COGNITO_USER_POOL_ID;
  const local = vars.COGNITO_ISSUER;
  if (local && pool)
    throw new ConfigError("Set COGNITO_ISSUER (local userpool) or COGNITO_USER_POOL_ID (real Cognito), not both");
  if (pool) {
    // The pool ID starts with its region; a different COGNITO_REGION would derive an issuer no token carries.
    const region = vars.COGNITO_REGION ?? pool.region;
    if (region !== pool.region)
      throw new ConfigError(`COGNITO_REGION "${region}" does not match COGNITO_USER_POOL_ID "${pool.poolId}"`);
    return cognitoIssuer(region, pool.poolId);
  }
  if (local) {
    // Tokens from plain-http issuers can be forged by anyone on the path to the JWKS.
    if (production && !local.https) throw new ConfigError("COGNITO_ISSUER must be https when DB_ENV=production");
    return local.issuer;
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
