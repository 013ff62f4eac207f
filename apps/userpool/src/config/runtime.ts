/**
 * Runtime configuration: the environment (and, when embedded, explicit options) resolved into one
 * typed object. Development defaults are allowed but each is reported as a warning that
 * production must change it; production refuses to start without the real values.
 *
 * | variable | meaning | development default |
 * | --- | --- | --- |
 * | USERPOOL_MODE | development / production | development |
 * | USERPOOL_PORT, USERPOOL_HOST | listener | 9229, 127.0.0.1 |
 * | USERPOOL_ISSUER_BASE | issuer base URL (`iss` = base + "/" + poolId), also used for links | http://localhost:<port> |
 * | USERPOOL_CONFIG | declarative config file | apps/userpool/userpool.config.json |
 * | USERPOOL_DATABASE_URL | PostgreSQL URL | SQLite file in the data directory |
 * | USERPOOL_DATA_DIR | SQLite file and generated key file | <repo>/.data/userpool |
 * | USERPOOL_DATA_KEY / USERPOOL_DATA_KEY_FILE | 32-byte data key (hex or base64) / file holding it | generated key file |
 * | USERPOOL_ADMIN_CREDENTIALS | SigV4 keys, `id:secret[,id:secret]` | local:local |
 * | SMTP_URL, USERPOOL_MAIL_FROM | SMTP mailer, From address | dev mailbox in the database |
 * | USERPOOL_LOG_LEVEL | pino level | info |
 * | USERPOOL_RATE_LIMITS, USERPOOL_RATE_LIMIT_CATEGORIES, USERPOOL_RATE_LIMIT_ADDRESSES, USERPOOL_TRUSTED_PROXY_HOPS | request-rate limits (config/rateLimits.ts) | off |
 * | USERPOOL_LAMBDA_ENDPOINT | Lambda Invoke API endpoint for triggers given as Lambda ARNs (credentials: AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, else the SDK's default chain) | the AWS regional endpoint |
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseTarget } from "../store/index.js";
import { ConfigError } from "./errors.js";
import { resolveRateLimits, type RateLimitOverrides, type RateLimitSettings } from "./rateLimits.js";

export type Mode = "development" | "production";

export interface RuntimeConfig {
  mode: Mode;
  port: number;
  host: string;
  /** Undefined: http://localhost:<actual port>. */
  issuerBase: string | undefined;
  configPath: string;
  database: DatabaseTarget;
  dataDir: string;
  dataKey: { kind: "value"; value: string; origin: string } | { kind: "file"; path: string; create: boolean };
  adminCredentials: ReadonlyMap<string, string>;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** Maximum request body size in bytes. */
  bodyLimit: number;
  /** Lambda triggers given as ARNs: Invoke API endpoint (undefined = AWS) and explicit credentials from the environment. */
  lambda: { endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
  rateLimits: RateLimitSettings;
}

export const PACKAGE_DIR = fileURLToPath(new URL("../../", import.meta.url));
export const REPO_ROOT = resolve(PACKAGE_DIR, "../..");
export const DEFAULT_CONFIG_PATH = join(PACKAGE_DIR, "userpool.config.json");
export const DEFAULT_DATA_DIR = join(REPO_ROOT, ".data", "userpool");
export const DEFAULT_PORT = 9229;

/** Explicit values that win over the environment (used by startUserpool and tests). */
export interface RuntimeOverrides {
  mode?: Mode;
  port?: number;
  host?: string;
  issuerBase?: string;
  configPath?: string;
  databaseUrl?: string;
  dataDir?: string;
  dataKey?: string | Buffer;
  adminCredentials?: Record<string, string>;
  smtpUrl?: string;
  mailFrom?: string;
  logLevel?: string;
  rateLimits?: RateLimitOverrides;
}

/** Resolves the runtime configuration; throws ConfigError naming the variable at fault. Returns the warnings to log. */
export function resolveRuntimeConfig(env: NodeJS.ProcessEnv, o: RuntimeOverrides = {}): { config: RuntimeConfig; warnings: string[] } {
  const warnings: string[] = [];
  const mode = o.mode ?? parseMode(env.USERPOOL_MODE);
  const prod = mode === "production";

  const port = o.port ?? (env.USERPOOL_PORT !== undefined ? parsePort(env.USERPOOL_PORT) : DEFAULT_PORT);
  const host = o.host ?? env.USERPOOL_HOST ?? "127.0.0.1";

  let issuerBase = o.issuerBase ?? env.USERPOOL_ISSUER_BASE;
  if (issuerBase !== undefined) issuerBase = parseBaseUrl(issuerBase, "USERPOOL_ISSUER_BASE");
  if (prod && !issuerBase) throw new ConfigError("USERPOOL_ISSUER_BASE is required in production (the public https:// URL tokens are issued under)");
  if (prod && issuerBase && !issuerBase.startsWith("https://")) throw new ConfigError("USERPOOL_ISSUER_BASE must be an https:// URL in production");
  if (!issuerBase) warnings.push("issuer is http://localhost:<port> (development default); production must set USERPOOL_ISSUER_BASE to its https:// URL");

  const dataDir = resolve(o.dataDir ?? env.USERPOOL_DATA_DIR ?? DEFAULT_DATA_DIR);
  const dbUrl = o.databaseUrl ?? env.USERPOOL_DATABASE_URL;
  let database: DatabaseTarget;
  if (dbUrl) {
    if (!/^postgres(ql)?:\/\//.test(dbUrl)) throw new ConfigError("USERPOOL_DATABASE_URL must be a postgres:// or postgresql:// URL");
    database = { engine: "postgres", url: dbUrl };
  } else {
    database = { engine: "sqlite", file: join(dataDir, "userpool.sqlite") };
  }

  let dataKey: RuntimeConfig["dataKey"];
  if (o.dataKey !== undefined) dataKey = { kind: "value", value: Buffer.isBuffer(o.dataKey) ? o.dataKey.toString("base64") : o.dataKey, origin: "the dataKey option" };
  else if (env.USERPOOL_DATA_KEY) dataKey = { kind: "value", value: env.USERPOOL_DATA_KEY, origin: "USERPOOL_DATA_KEY" };
  else if (env.USERPOOL_DATA_KEY_FILE) dataKey = { kind: "file", path: resolve(env.USERPOOL_DATA_KEY_FILE), create: false };
  else if (prod) throw new ConfigError("USERPOOL_DATA_KEY or USERPOOL_DATA_KEY_FILE is required in production (32 random bytes, hex or base64; keep it out of the database)");
  else dataKey = { kind: "file", path: join(dataDir, "data-key"), create: true };

  let adminCredentials: Map<string, string>;
  if (o.adminCredentials) adminCredentials = new Map(Object.entries(o.adminCredentials));
  else if (env.USERPOOL_ADMIN_CREDENTIALS) adminCredentials = parseCredentials(env.USERPOOL_ADMIN_CREDENTIALS);
  else if (prod) throw new ConfigError("USERPOOL_ADMIN_CREDENTIALS is required in production (access-key-id:secret pairs, comma-separated)");
  else {
    adminCredentials = new Map([["local", "local"]]);
    warnings.push("admin API accepts SigV4 access key 'local' / secret 'local' (development default); production must set USERPOOL_ADMIN_CREDENTIALS");
  }
  if (prod && adminCredentials.get("local") === "local") throw new ConfigError("USERPOOL_ADMIN_CREDENTIALS must not use the development credentials local:local in production");

  const smtpUrl = o.smtpUrl ?? env.SMTP_URL;
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl)) throw new ConfigError("SMTP_URL must be an smtp:// or smtps:// URL");
  if (prod && !smtpUrl) throw new ConfigError("SMTP_URL is required in production (the development mailbox is not served there)");
  if (!smtpUrl) warnings.push("e-mail is kept in the development mailbox (/_dev/mailbox), not sent; production must set SMTP_URL");
  const mailFrom = o.mailFrom ?? env.USERPOOL_MAIL_FROM ?? (prod ? undefined : "Authhub <no-reply@localhost>");
  if (!mailFrom) throw new ConfigError("USERPOOL_MAIL_FROM is required in production (the From address of verification e-mail)");

  return {
    config: {
      mode,
      port,
      host,
      issuerBase,
      configPath: resolve(o.configPath ?? env.USERPOOL_CONFIG ?? DEFAULT_CONFIG_PATH),
      database,
      dataDir,
      dataKey,
      adminCredentials,
      smtpUrl,
      mailFrom,
      logLevel: o.logLevel ?? env.USERPOOL_LOG_LEVEL ?? "info",
      bodyLimit: 256 * 1024,
      lambda: lambdaSettings(env),
      rateLimits: resolveRateLimits(env, o.rateLimits ?? {}, prod),
    },
    warnings,
  };
}

function lambdaSettings(env: NodeJS.ProcessEnv): RuntimeConfig["lambda"] {
  const endpoint = env.USERPOOL_LAMBDA_ENDPOINT ? parseBaseUrl(env.USERPOOL_LAMBDA_ENDPOINT, "USERPOOL_LAMBDA_ENDPOINT") : undefined;
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = env;
  if (!!accessKeyId !== !!secretAccessKey) throw new ConfigError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  const credentials = accessKeyId && secretAccessKey ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } : undefined;
  return { ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
}

function parseMode(v: string | undefined): Mode {
  if (v === undefined || v === "" || v === "development") return "development";
  if (v === "production") return "production";
  throw new ConfigError(`USERPOOL_MODE must be "development" or "production"; got "${v}"`);
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535) throw new ConfigError(`USERPOOL_PORT must be an integer 0..65535; got "${v}"`);
  return n;
}

function parseBaseUrl(v: string, name: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL; got "${v}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:") throw new ConfigError(`${name} must be an http(s) URL; got "${v}"`);
  if (u.search || u.hash) throw new ConfigError(`${name} must not have a query or fragment`);
  return v.replace(/\/+$/, "");
}

function parseCredentials(v: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of v.split(",").map((s) => s.trim()).filter(Boolean)) {
    const i = pair.indexOf(":");
    if (i <= 0 || i === pair.length - 1) throw new ConfigError("USERPOOL_ADMIN_CREDENTIALS must be access-key-id:secret pairs separated by commas");
    m.set(pair.slice(0, i), pair.slice(i + 1));
  }
  if (!m.size) throw new ConfigError("USERPOOL_ADMIN_CREDENTIALS is empty");
  return m;
}
