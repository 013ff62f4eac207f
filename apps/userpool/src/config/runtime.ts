/**
 * Runtime configuration: the environment (and, when embedded, explicit options) resolved into one
 * typed object. Development defaults are allowed but each is reported as a warning that
 * production must change it; production refuses to start without the real values.
 *
 * | variable | meaning | development default |
 * | --- | --- | --- |
 * | USERPOOL_MODE | development / production (NODE_ENV=production with development mode is refused) | development |
 * | USERPOOL_PORT, USERPOOL_HOST | listener (development mode: loopback only) | 9229, 127.0.0.1 |
 * | USERPOOL_ISSUER_BASE | issuer base URL (`iss` = base + "/" + poolId), also used for links |
 *   http://localhost:<port> |
 * | USERPOOL_CONFIG | declarative config file | apps/userpool/userpool.config.json |
 * | USERPOOL_DATABASE_URL | PostgreSQL URL | SQLite file in the data directory |
 * | USERPOOL_DATA_DIR | SQLite file and generated key file | <repo>/.data/userpool |
 * | USERPOOL_DATA_KEY / USERPOOL_DATA_KEY_FILE | 32-byte data key (hex or base64) / file holding it |
 *   generated key file |
 * | USERPOOL_ADMIN_CREDENTIALS | SigV4 keys, `id:secret[,id:secret]` (production: secrets of 32+ random characters) |
 *   local:local |
 * | USERPOOL_ADMIN_ALLOWED_ORIGINS | browser origins allowed to call admin (SigV4) operations, comma-separated | none |
 * | USERPOOL_ALLOW_DEVELOPMENT_CONFIG | `true`: production starts with development settings in the config file
 *   (warned at every start) | unset |
 * | USERPOOL_ALLOW_REMOTE_DEVELOPMENT | `true`: development mode may listen on a non-loopback USERPOOL_HOST
 *   (warned at every start) | unset |
 * | SMTP_URL, USERPOOL_MAIL_FROM | SMTP mailer, From address | dev mailbox in the database |
 * | USERPOOL_LOG_LEVEL | pino level | info |
 * | USERPOOL_RATE_LIMITS, USERPOOL_RATE_LIMIT_CATEGORIES, USERPOOL_RATE_LIMIT_ADDRESSES, USERPOOL_TRUSTED_PROXY_HOPS |
 *   request-rate limits (config/rateLimits.ts) | off |
 * | USERPOOL_LAMBDA_ENDPOINT | Lambda Invoke API endpoint for triggers given as Lambda ARNs (credentials:
 *   AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, else the SDK's default chain) |
 *   the AWS regional endpoint |
 * | USERPOOL_TRIGGER_MODULE_DIRS | absolute directories (separated by commas or the path delimiter) whose JavaScript
 *   modules Create/UpdateUserPool may name as triggers | none: the API sets Lambda ARNs only |
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { delimiter, dirname, isAbsolute, join, parse as parsePath, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseTarget } from "../store/index.js";
import { dataKeyWeakness, parseDataKey } from "../crypto/dataKey.js";
import { DATA_KEY_FILE, SQLITE_FILE } from "./dataDir.js";
import { ConfigError } from "./errors.js";
import { ADMIN_SECRET_RULE, adminSecretWeakness, isLoopbackHost } from "./safety.js";
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
  /** A key given as a value is parsed (and, in production, judged) here; a key file when it is read. */
  dataKey: { kind: "value"; key: Buffer; origin: string } | { kind: "file"; path: string; create: boolean };
  adminCredentials: ReadonlyMap<string, string>;
  /** Browser origins (scheme://host[:port]) that may call admin operations; any other Origin is refused on them. */
  adminAllowedOrigins: readonly string[];
  /** Production only: start although the config file holds development settings (USERPOOL_ALLOW_DEVELOPMENT_CONFIG). */
  allowDevelopmentConfig: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  logLevel: string;
  /** Maximum request body size in bytes. */
  bodyLimit: number;
  /**
   * Lambda triggers given as ARNs: Invoke API endpoint (undefined = AWS)
   * and explicit credentials from the environment.
   */
  lambda: { endpoint?: string; credentials?: { accessKeyId: string; secretAccessKey: string; sessionToken?: string } };
  /** Directories whose modules the admin API may name as triggers (absolute, existing). */
  triggerModuleDirs: string[];
  rateLimits: RateLimitSettings;
}

const PACKAGE_NAME = "@authhub/userpool";
/** apps/userpool, found from this module whether it runs from src/config/ or bundled into dist/. */
export const PACKAGE_DIR = packageDir(fileURLToPath(import.meta.url));
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
  adminAllowedOrigins?: string[];
  allowDevelopmentConfig?: boolean;
  allowRemoteDevelopment?: boolean;
  /** NODE_ENV of the process (startUserpool reads it from process.env when `env` has none). */
  nodeEnv?: string;
  smtpUrl?: string;
  mailFrom?: string;
  logLevel?: string;
  triggerModuleDirs?: readonly string[];
  rateLimits?: RateLimitOverrides;
}

export interface ResolvedRuntimeConfig {
  config: RuntimeConfig;
  /** Development defaults in force: logged at every start as what production must change. */
  warnings: string[];
  /** Safety checks switched off by an explicit override: logged and printed at every start. */
  overrides: string[];
}

/** Resolves the runtime configuration; throws ConfigError naming the variable at fault. Returns the warnings to log. */
export function resolveRuntimeConfig(env: NodeJS.ProcessEnv, o: RuntimeOverrides = {}): ResolvedRuntimeConfig {
  const warnings: string[] = [];
  const overrides: string[] = [];
  const mode = o.mode ?? parseMode(env.USERPOOL_MODE);
  const prod = mode === "production";
  // A deployment that says NODE_ENV=production but forgot USERPOOL_MODE would otherwise run with
  // the published development keys and mailbox.
  const nodeEnv = o.nodeEnv ?? env.NODE_ENV;
  if (nodeEnv === "production" && !prod) {
    const said = o.mode
      ? "the mode option is development"
      : env.USERPOOL_MODE
        ? "USERPOOL_MODE is development"
        : "USERPOOL_MODE is unset (development)";
    throw new ConfigError(
      `NODE_ENV=production but ${said}: set USERPOOL_MODE=production to run in production, ` +
        "or unset NODE_ENV to run the development server",
    );
  }
  const allowDevelopmentConfig =
    o.allowDevelopmentConfig ?? parseFlag(env.USERPOOL_ALLOW_DEVELOPMENT_CONFIG, "USERPOOL_ALLOW_DEVELOPMENT_CONFIG");
  if (allowDevelopmentConfig && !prod)
    throw new ConfigError("USERPOOL_ALLOW_DEVELOPMENT_CONFIG applies to production mode only; unset it");
  const allowRemoteDevelopment =
    o.allowRemoteDevelopment ?? parseFlag(env.USERPOOL_ALLOW_REMOTE_DEVELOPMENT, "USERPOOL_ALLOW_REMOTE_DEVELOPMENT");
  if (allowRemoteDevelopment && prod)
    throw new ConfigError("USERPOOL_ALLOW_REMOTE_DEVELOPMENT applies to development mode only; unset it");

  const port = o.port ?? (env.USERPOOL_PORT !== undefined ? parsePort(env.USERPOOL_PORT) : DEFAULT_PORT);
  const host = o.host ?? env.USERPOOL_HOST ?? "127.0.0.1";
  // Development mode answers to local:local and serves every e-mail at /_dev/mailbox: the same
  // listener (and the hosted one, which uses this host) must not be reachable from the network.
  if (!prod && !isLoopbackHost(host)) {
    if (!allowRemoteDevelopment) {
      throw new ConfigError(
        `USERPOOL_HOST=${host || "(empty: every interface)"} is not a loopback address, ` +
          "and development mode (admin keys local/local, the dev mailbox) must not be reachable from the network: " +
          "use 127.0.0.1, run with USERPOOL_MODE=production, " +
          "or set USERPOOL_ALLOW_REMOTE_DEVELOPMENT=true to accept the risk",
      );
    }
    overrides.push(
      `USERPOOL_ALLOW_REMOTE_DEVELOPMENT: development mode listens on ${host || "every interface"}; ` +
        "anyone who can reach it can use the admin keys local/local and read the dev mailbox",
    );
  }

  let issuerBase = o.issuerBase ?? env.USERPOOL_ISSUER_BASE;
  if (issuerBase !== undefined) issuerBase = parseBaseUrl(issuerBase, "USERPOOL_ISSUER_BASE");
  if (prod && !issuerBase)
    throw new ConfigError(
      "USERPOOL_ISSUER_BASE is required in production (the public https:// URL tokens are issued under)",
    );
  if (prod && issuerBase && !issuerBase.startsWith("https://"))
    throw new ConfigError("USERPOOL_ISSUER_BASE must be an https:// URL in production");
  if (!issuerBase)
    warnings.push(
      "issuer is http://localhost:<port> (development default); " +
        "production must set USERPOOL_ISSUER_BASE to its https:// URL",
    );

  const dataDir = resolve(o.dataDir ?? env.USERPOOL_DATA_DIR ?? DEFAULT_DATA_DIR);
  const dbUrl = o.databaseUrl ?? env.USERPOOL_DATABASE_URL;
  let database: DatabaseTarget;
  if (dbUrl) {
    if (!/^postgres(ql)?:\/\//.test(dbUrl))
      throw new ConfigError("USERPOOL_DATABASE_URL must be a postgres:// or postgresql:// URL");
    database = { engine: "postgres", url: dbUrl };
  } else {
    database = { engine: "sqlite", file: join(dataDir, SQLITE_FILE) };
  }

  let dataKey: RuntimeConfig["dataKey"];
  if (o.dataKey !== undefined)
    dataKey = valueKey(
      Buffer.isBuffer(o.dataKey) ? o.dataKey.toString("base64") : o.dataKey,
      "the dataKey option",
      prod,
    );
  else if (env.USERPOOL_DATA_KEY) dataKey = valueKey(env.USERPOOL_DATA_KEY, "USERPOOL_DATA_KEY", prod);
  else if (env.USERPOOL_DATA_KEY_FILE)
    dataKey = { kind: "file", path: resolve(env.USERPOOL_DATA_KEY_FILE), create: false };
  else if (prod)
    throw new ConfigError(
      "USERPOOL_DATA_KEY or USERPOOL_DATA_KEY_FILE is required in production " +
        "(32 random bytes, hex or base64; keep it out of the database)",
    );
  else dataKey = { kind: "file", path: join(dataDir, DATA_KEY_FILE), create: true };

  let adminCredentials: Map<string, string>;
  if (o.adminCredentials) adminCredentials = new Map(Object.entries(o.adminCredentials));
  else if (env.USERPOOL_ADMIN_CREDENTIALS) adminCredentials = parseCredentials(env.USERPOOL_ADMIN_CREDENTIALS);
  else if (prod)
    throw new ConfigError(
      "USERPOOL_ADMIN_CREDENTIALS is required in production (access-key-id:secret pairs, comma-separated)",
    );
  else {
    adminCredentials = new Map([["local", "local"]]);
    warnings.push(
      "admin API accepts SigV4 access key 'local' / secret 'local' (development default); " +
        "production must set USERPOOL_ADMIN_CREDENTIALS",
    );
  }
  if (prod && adminCredentials.get("local") === "local")
    throw new ConfigError(
      "USERPOOL_ADMIN_CREDENTIALS must not use the development credentials local:local in production",
    );
  if (prod) {
    for (const [id, secret] of adminCredentials) {
      const weak = adminSecretWeakness(secret);
      if (weak)
        throw new ConfigError(
          `USERPOOL_ADMIN_CREDENTIALS: the secret of access key "${id}" is too weak for production (${weak}); ` +
            `use ${ADMIN_SECRET_RULE}`,
        );
    }
  }
  const adminAllowedOrigins = o.adminAllowedOrigins ?? parseOrigins(env.USERPOOL_ADMIN_ALLOWED_ORIGINS);

  const smtpUrl = o.smtpUrl ?? env.SMTP_URL;
  if (smtpUrl !== undefined && !/^smtps?:\/\//.test(smtpUrl))
    throw new ConfigError("SMTP_URL must be an smtp:// or smtps:// URL");
  if (prod && !smtpUrl)
    throw new ConfigError("SMTP_URL is required in production (the development mailbox is not served there)");
  if (!smtpUrl)
    warnings.push("e-mail is kept in the development mailbox (/_dev/mailbox), not sent; production must set SMTP_URL");
  const mailFrom = o.mailFrom ?? env.USERPOOL_MAIL_FROM ?? (prod ? undefined : "Authhub <no-reply@localhost>");
  if (!mailFrom)
    throw new ConfigError("USERPOOL_MAIL_FROM is required in production (the From address of verification e-mail)");

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
      adminAllowedOrigins: adminAllowedOrigins.map((v) => parseOrigin(v)),
      allowDevelopmentConfig,
      smtpUrl,
      mailFrom,
      logLevel: o.logLevel ?? env.USERPOOL_LOG_LEVEL ?? "info",
      bodyLimit: 256 * 1024,
      lambda: lambdaSettings(env),
      triggerModuleDirs: triggerModuleDirs(o.triggerModuleDirs ?? splitDirs(env.USERPOOL_TRIGGER_MODULE_DIRS)),
      rateLimits: resolveRateLimits(env, o.rateLimits ?? {}, prod),
    },
    warnings,
    overrides,
  };
}

/** Parses a data key given as a value; production also refuses placeholder-like keys. */
function valueKey(text: string, origin: string, prod: boolean): RuntimeConfig["dataKey"] {
  let key: Buffer;
  try {
    key = parseDataKey(text, origin);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
  const weak = prod ? dataKeyWeakness(key) : undefined;
  if (weak)
    throw new ConfigError(
      `${origin} is unfit for production: ${weak}; generate 32 random bytes, e.g. \`openssl rand -base64 32\``,
    );
  return { kind: "value", key, origin };
}

/** An explicit yes/no; anything else is refused rather than read as "no". */
function parseFlag(v: string | undefined, name: string): boolean {
  if (v === undefined || v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw new ConfigError(`${name} must be "true" or "false"; got "${v}"`);
}

function parseOrigins(v: string | undefined): string[] {
  return (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}

/** An origin exactly as a browser sends it: scheme://host[:port], nothing after. */
function parseOrigin(v: string): string {
  const name = "USERPOOL_ADMIN_ALLOWED_ORIGINS";
  if (v === "*" || v === "null")
    throw new ConfigError(
      `${name} must list origins; "${v}" would let any web page sign admin requests from a browser`,
    );
  const bad = () => new ConfigError(`${name}: "${v}" is not an origin (http(s)://host[:port], no path)`);
  if (!/^https?:\/\/[^/?#@]+\/?$/i.test(v)) throw bad();
  try {
    // Normalised as browsers send it: lower-case host, no default port.
    return new URL(v).origin;
  } catch {
    throw bad();
  }
}

function lambdaSettings(env: NodeJS.ProcessEnv): RuntimeConfig["lambda"] {
  const endpoint = env.USERPOOL_LAMBDA_ENDPOINT
    ? parseBaseUrl(env.USERPOOL_LAMBDA_ENDPOINT, "USERPOOL_LAMBDA_ENDPOINT")
    : undefined;
  const {
    AWS_ACCESS_KEY_ID: accessKeyId,
    AWS_SECRET_ACCESS_KEY: secretAccessKey,
    AWS_SESSION_TOKEN: sessionToken,
  } = env;
  if (!!accessKeyId !== !!secretAccessKey)
    throw new ConfigError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  const credentials =
    accessKeyId && secretAccessKey
      ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
      : undefined;
  return { ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
}

function splitDirs(v: string | undefined): string[] {
  return (v ?? "")
    .split(new RegExp(`[,${delimiter === ";" ? ";" : ":"}]`))
    .map((d) => d.trim())
    .filter(Boolean);
}

/**
 * The allow-list of trigger module directories. Each must be an existing absolute directory, and not
 * the filesystem root, which would let the admin API name any file on the disk again.
 */
function triggerModuleDirs(dirs: readonly string[]): string[] {
  const name = "USERPOOL_TRIGGER_MODULE_DIRS";
  return dirs.map((d) => {
    if (!isAbsolute(d)) throw new ConfigError(`${name} must list absolute directories; got "${d}"`);
    let real: string;
    try {
      real = realpathSync(d);
      if (!statSync(real).isDirectory()) throw new Error("not a directory");
    } catch {
      throw new ConfigError(`${name}: "${d}" is not an existing directory`);
    }
    if (parsePath(real).root === real) throw new ConfigError(`${name} must not contain the filesystem root ("${d}")`);
    return resolve(d);
  });
}

function packageDir(file: string): string {
  for (let dir = dirname(file); dirname(dir) !== dir; dir = dirname(dir)) {
    const manifest = join(dir, "package.json");
    if (existsSync(manifest) && (JSON.parse(readFileSync(manifest, "utf8")) as { name?: string }).name === PACKAGE_NAME)
      return dir;
  }
  throw new Error(`${file} is not inside the ${PACKAGE_NAME} package`);
}

function parseMode(v: string | undefined): Mode {
  if (v === undefined || v === "" || v === "development") return "development";
  if (v === "production") return "production";
  throw new ConfigError(`USERPOOL_MODE must be "development" or "production"; got "${v}"`);
}

function parsePort(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`USERPOOL_PORT must be an integer 0..65535; got "${v}"`);
  return n;
}

function parseBaseUrl(v: string, name: string): string {
  let u: URL;
  try {
    u = new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL; got "${v}"`);
  }
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new ConfigError(`${name} must be an http(s) URL; got "${v}"`);
  if (u.search || u.hash) throw new ConfigError(`${name} must not have a query or fragment`);
  return v.replace(/\/+$/, "");
}

function parseCredentials(v: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean)) {
    const i = pair.indexOf(":");
    if (i <= 0 || i === pair.length - 1)
      throw new ConfigError("USERPOOL_ADMIN_CREDENTIALS must be access-key-id:secret pairs separated by commas");
    m.set(pair.slice(0, i), pair.slice(i + 1));
  }
  if (!m.size) throw new ConfigError("USERPOOL_ADMIN_CREDENTIALS is empty");
  return m;
}
