/**
 * Runtime configuration: the environment (config/env.ts, every variable and its meaning) and, when
 * embedded, explicit options resolved into one typed object. Development defaults are allowed but
 * each is reported as a warning that production must change it; production refuses to start
 * without the real values. The hosted listener's settings are resolved in tls/config.ts.
 */
import { existsSync, readFileSync, realpathSync, statSync } from "node:fs";
import { dirname, isAbsolute, join, parse as parsePath, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { DatabaseTarget } from "../store/index.js";
import { dataKeyWeakness, parseDataKey } from "../crypto/dataKey.js";
import { DATA_KEY_FILE, SQLITE_FILE } from "./dataDir.js";
import { parseOrigin, readUserpoolEnv, readVariable, type UserpoolEnv, type UserpoolVariable } from "./env.js";
import { ConfigError } from "./errors.js";
import { ADMIN_SECRET_RULE, adminSecretWeakness, isLoopbackHost } from "./safety.js";
import { resolveRateLimits, type RateLimitOverrides, type RateLimitSettings } from "./rateLimits.js";
import { resolveSmsSender, type SmsOverrides, type SmsSenderConfig } from "./sms.js";

export type Mode = "development" | "production";
export type IssuerForm = "local" | "cognito";

export interface RuntimeConfig {
  mode: Mode;
  port: number;
  host: string;
  /** Undefined: http://localhost:<actual port>. */
  issuerBase: string | undefined;
  /**
   * `local`: `iss` is `<issuer base>/<pool ID>`. `cognito`: `iss` is Cognito's own form
   * (`https://cognito-idp.<region>.amazonaws.com/<pool ID>`) while discovery and the JWKS stay on the
   * issuer base, so stock aws-jwt-verify's CognitoJwtVerifier accepts the tokens (development only).
   */
  issuerForm: IssuerForm;
  configPath: string;
  database: DatabaseTarget;
  dataDir: string;
  /** A key given as a value is parsed (and, in production, judged) here; a key file when it is read. */
  dataKey: { kind: "value"; key: Buffer; origin: string } | { kind: "file"; path: string; create: boolean };
  /** Former data keys still accepted for reading during a rotation (USERPOOL_DATA_KEY_PREVIOUS). */
  previousDataKeys: readonly Buffer[];
  adminCredentials: ReadonlyMap<string, string>;
  /** Browser origins (scheme://host[:port]) that may call admin operations; any other Origin is refused on them. */
  adminAllowedOrigins: readonly string[];
  /** Production only: start although the config file holds development settings (USERPOOL_ALLOW_DEVELOPMENT_CONFIG). */
  allowDevelopmentConfig: boolean;
  smtpUrl: string | undefined;
  mailFrom: string;
  /** How text messages are sent (config/sms.ts). */
  sms: SmsSenderConfig;
  logLevel: string;
  /** `GET /metrics` on the JSON API listener: open (development), behind a bearer token, or not served. */
  metrics: { token: string | undefined } | "off";
  /** OTLP/HTTP endpoint traces go to; undefined: tracing off and OpenTelemetry never loaded. */
  tracingUrl: string | undefined;
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
  /** How long close() lets requests in flight finish before it cuts their connections (ADR 0036). */
  shutdownGraceMs: number;
  /** How long expired refresh tokens and codes are kept (USERPOOL_EXPIRED_RETENTION_HOURS; housekeeping.ts). */
  expiredRetentionMs: number;
}

const PACKAGE_NAME = "@authhub/userpool";
/** apps/userpool, found from this module whether it runs from src/config/ or bundled into dist/. */
export const PACKAGE_DIR = packageDir(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(PACKAGE_DIR, "../..");
export const DEFAULT_CONFIG_PATH = join(PACKAGE_DIR, "userpool.config.json");
export const DEFAULT_DATA_DIR = join(REPO_ROOT, ".data", "userpool");
export const DEFAULT_PORT = 9229;
/** Below Kubernetes' default 30 s termination grace period, so the drain ends before the SIGKILL. */
export const DEFAULT_SHUTDOWN_GRACE_MS = 20_000;
/** Seven days: a late refresh still hears "expired" for a week, as before the setting existed. */
export const DEFAULT_EXPIRED_RETENTION_HOURS = 168;

/** Explicit values that win over the environment (used by startUserpool and tests). */
export interface RuntimeOverrides {
  mode?: Mode;
  port?: number;
  host?: string;
  issuerBase?: string;
  issuerForm?: IssuerForm;
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
  /** Embedded (tests, the stack launcher): port 0 and log level error unless given. */
  embedded?: boolean;
  smtpUrl?: string;
  mailFrom?: string;
  sms?: SmsOverrides;
  logLevel?: string;
  metricsToken?: string;
  tracingUrl?: string;
  /** USERPOOL_SHUTDOWN_GRACE_MS. */
  shutdownGraceMs?: number;
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
  const vars = readUserpoolEnv(env);
  /** An option replaces its variable and passes the same check. */
  const either = <K extends UserpoolVariable>(name: K, option: string | undefined): UserpoolEnv[K] =>
    option !== undefined ? readVariable(name, option) : vars[name];

  const mode = o.mode ?? vars.USERPOOL_MODE ?? "development";
  const prod = mode === "production";
  // A deployment that says NODE_ENV=production but forgot USERPOOL_MODE would otherwise run with
  // the published development keys and mailbox.
  const nodeEnv = o.nodeEnv ?? vars.NODE_ENV;
  if (nodeEnv === "production" && !prod) {
    const said = o.mode
      ? "the mode option is development"
      : vars.USERPOOL_MODE
        ? "USERPOOL_MODE is development"
        : "USERPOOL_MODE is unset (development)";
    throw new ConfigError(
      `NODE_ENV=production but ${said}: set USERPOOL_MODE=production to run in production, ` +
        "or unset NODE_ENV to run the development server",
    );
  }
  const allowDevelopmentConfig = o.allowDevelopmentConfig ?? vars.USERPOOL_ALLOW_DEVELOPMENT_CONFIG ?? false;
  if (allowDevelopmentConfig && !prod)
    throw new ConfigError("USERPOOL_ALLOW_DEVELOPMENT_CONFIG applies to production mode only; unset it");
  const allowRemoteDevelopment = o.allowRemoteDevelopment ?? vars.USERPOOL_ALLOW_REMOTE_DEVELOPMENT ?? false;
  if (allowRemoteDevelopment && prod)
    throw new ConfigError("USERPOOL_ALLOW_REMOTE_DEVELOPMENT applies to development mode only; unset it");

  const port = o.port ?? vars.USERPOOL_PORT ?? (o.embedded ? 0 : DEFAULT_PORT);
  const host = o.host ?? vars.USERPOOL_HOST ?? "127.0.0.1";
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

  const issuerBase = either("USERPOOL_ISSUER_BASE", o.issuerBase);
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

  const issuerForm = either("USERPOOL_ISSUER_FORM", o.issuerForm) ?? "local";
  // A production server that signs tokens claiming AWS's issuer would be trusted by any verifier set up
  // for a real Cognito pool of the same ID that was handed this server's keys (ADR 0020).
  if (prod && issuerForm === "cognito")
    throw new ConfigError(
      "USERPOOL_ISSUER_FORM=cognito is refused in production: tokens would claim to come from AWS's Cognito " +
        "(https://cognito-idp.<region>.amazonaws.com/<pool ID>); production uses USERPOOL_ISSUER_BASE",
    );
  if (issuerForm === "cognito")
    warnings.push(
      "issuer is Cognito's own form https://cognito-idp.<region>.amazonaws.com/<pool ID> " +
        "(USERPOOL_ISSUER_FORM=cognito): verifiers must be handed this server's JWKS, never fetch AWS's; " +
        "development only",
    );

  const dataDir = resolve(o.dataDir ?? vars.USERPOOL_DATA_DIR ?? DEFAULT_DATA_DIR);
  const dbUrl = either("USERPOOL_DATABASE_URL", o.databaseUrl);
  const database: DatabaseTarget = dbUrl
    ? { engine: "postgres", url: dbUrl }
    : { engine: "sqlite", file: join(dataDir, SQLITE_FILE) };

  const dataKey = resolveDataKey(o, vars, dataDir, prod);

  let adminCredentials: ReadonlyMap<string, string>;
  const envCredentials = o.adminCredentials ? undefined : vars.USERPOOL_ADMIN_CREDENTIALS;
  if (o.adminCredentials) adminCredentials = new Map(Object.entries(o.adminCredentials));
  else if (envCredentials) adminCredentials = envCredentials;
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

  const smtpUrl = either("SMTP_URL", o.smtpUrl);
  if (prod && !smtpUrl)
    throw new ConfigError("SMTP_URL is required in production (the development mailbox is not served there)");
  if (!smtpUrl)
    warnings.push("e-mail is kept in the development mailbox (/_dev/mailbox), not sent; production must set SMTP_URL");
  const mailFrom = o.mailFrom ?? vars.USERPOOL_MAIL_FROM ?? (prod ? undefined : "Authhub <no-reply@localhost>");
  if (!mailFrom)
    throw new ConfigError("USERPOOL_MAIL_FROM is required in production (the From address of verification e-mail)");

  const lambda = lambdaSettings(vars);
  const metricsToken = either("USERPOOL_METRICS_TOKEN", o.metricsToken);
  const sms = resolveSmsSender(vars, o.sms ?? {}, { prod, credentials: lambda.credentials }, warnings);

  return {
    config: {
      mode,
      port,
      host,
      issuerBase,
      issuerForm,
      configPath: resolve(o.configPath ?? vars.USERPOOL_CONFIG ?? DEFAULT_CONFIG_PATH),
      database,
      dataDir,
      dataKey,
      previousDataKeys: vars.USERPOOL_DATA_KEY_PREVIOUS ?? [],
      adminCredentials,
      adminAllowedOrigins: o.adminAllowedOrigins
        ? o.adminAllowedOrigins.map((v) => parseOrigin(v, "USERPOOL_ADMIN_ALLOWED_ORIGINS"))
        : (vars.USERPOOL_ADMIN_ALLOWED_ORIGINS ?? []),
      allowDevelopmentConfig,
      smtpUrl,
      mailFrom,
      sms,
      logLevel: o.logLevel ?? (o.embedded && !vars.USERPOOL_LOG_LEVEL ? "error" : (vars.USERPOOL_LOG_LEVEL ?? "info")),
      // Production never serves metrics to anyone who asks: they describe traffic and errors.
      metrics: metricsToken ? { token: metricsToken } : prod ? "off" : { token: undefined },
      tracingUrl: either("USERPOOL_OTEL_EXPORTER_URL", o.tracingUrl),
      bodyLimit: 256 * 1024,
      lambda,
      triggerModuleDirs: triggerModuleDirs(o.triggerModuleDirs ?? vars.USERPOOL_TRIGGER_MODULE_DIRS ?? []),
      rateLimits: resolveRateLimits(env, o.rateLimits ?? {}, prod),
      shutdownGraceMs:
        o.shutdownGraceMs !== undefined
          ? readVariable("USERPOOL_SHUTDOWN_GRACE_MS", String(o.shutdownGraceMs))!
          : (vars.USERPOOL_SHUTDOWN_GRACE_MS ?? DEFAULT_SHUTDOWN_GRACE_MS),
      expiredRetentionMs: (vars.USERPOOL_EXPIRED_RETENTION_HOURS ?? DEFAULT_EXPIRED_RETENTION_HOURS) * 3_600_000,
    },
    warnings,
    overrides,
  };
}

/** The option, else USERPOOL_DATA_KEY, else USERPOOL_DATA_KEY_FILE; development generates a key file. */
function resolveDataKey(
  o: RuntimeOverrides,
  vars: UserpoolEnv,
  dataDir: string,
  prod: boolean,
): RuntimeConfig["dataKey"] {
  if (o.dataKey !== undefined) return valueKey(optionKey(o.dataKey), "the dataKey option", prod);
  const key = vars.USERPOOL_DATA_KEY;
  if (key) return valueKey(key, "USERPOOL_DATA_KEY", prod);
  const file = vars.USERPOOL_DATA_KEY_FILE;
  if (file) return { kind: "file", path: file, create: false };
  if (prod)
    throw new ConfigError(
      "USERPOOL_DATA_KEY or USERPOOL_DATA_KEY_FILE is required in production " +
        "(32 random bytes, hex or base64; keep it out of the database)",
    );
  return { kind: "file", path: join(dataDir, DATA_KEY_FILE), create: true };
}

/** A data key given as a value; production also refuses placeholder-like keys. */
function valueKey(key: Buffer, origin: string, prod: boolean): RuntimeConfig["dataKey"] {
  const weak = prod ? dataKeyWeakness(key) : undefined;
  if (weak)
    throw new ConfigError(
      `${origin} is unfit for production: ${weak}; generate 32 random bytes, e.g. \`openssl rand -base64 32\``,
    );
  return { kind: "value", key, origin };
}

function optionKey(key: string | Buffer): Buffer {
  try {
    return parseDataKey(Buffer.isBuffer(key) ? key.toString("base64") : key, "the dataKey option");
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}

function lambdaSettings(vars: UserpoolEnv): RuntimeConfig["lambda"] {
  const endpoint = vars.USERPOOL_LAMBDA_ENDPOINT;
  const accessKeyId = vars.AWS_ACCESS_KEY_ID;
  const secretAccessKey = vars.AWS_SECRET_ACCESS_KEY;
  const sessionToken = vars.AWS_SESSION_TOKEN;
  if (!!accessKeyId !== !!secretAccessKey)
    throw new ConfigError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY must be set together");
  const credentials =
    accessKeyId && secretAccessKey
      ? { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) }
      : undefined;
  return { ...(endpoint ? { endpoint } : {}), ...(credentials ? { credentials } : {}) };
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
