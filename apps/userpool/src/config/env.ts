/**
 * Every environment variable the userpool reads: one zod schema holding each name, what it means
 * (`.describe()`, listed in docs/userpool.md and README.md, checked by env.test.ts) and how its text
 * becomes a typed value. A bad value is a ConfigError naming the variable.
 *
 * Variables are parsed when read (readUserpoolEnv), not all at start: a startUserpool option that
 * replaces a variable replaces its check too, and refusals come in the order resolveRuntimeConfig
 * needs the values. Besides these, the config file may name variables that hold client secrets
 * (ClientSecretFromEnv); those are read where the file is applied.
 */
import { delimiter, isAbsolute, resolve } from "node:path";
import { z } from "zod";
import { parseDataKey } from "../crypto/dataKey.js";
import { ADDRESS_ENDPOINTS, CATEGORIES } from "../services/requestRates/categories.js";
import { ConfigError } from "./errors.js";

/** The largest value accepted for any rate limit; beyond it a limit means nothing. */
export const MAX_LIMIT = 1_000_000;
export const MAX_PROXY_HOPS = 10;
/** Longer than any orchestrator waits between SIGTERM and SIGKILL (Kubernetes: 30 s, ECS: up to 120 s). */
export const MAX_SHUTDOWN_GRACE_MS = 120_000;
/** More processes than this buys nothing on any machine we know and exhausts database connections first. */
export const MAX_WORKERS = 64;

export type LimitValue = number | "off";

/** Turns a variable's text into its value, or throws ConfigError naming it. */
type Parse<T> = (raw: string, name: string) => T;

/** A variable whose text is parsed into a value; unset is undefined. */
function variable<T>(description: string, parse: Parse<T>) {
  return (name: string) =>
    z
      .string()
      .optional()
      .transform((raw, ctx): T | undefined => {
        if (raw === undefined) return undefined;
        try {
          return parse(raw, name);
        } catch (e) {
          if (!(e instanceof ConfigError)) throw e;
          ctx.addIssue({ code: "custom", message: e.message });
          return z.NEVER;
        }
      })
      .describe(description);
}

/** A variable taken as it is written. */
function text(description: string) {
  return () => z.string().optional().describe(description);
}

/** The object schema, each variable's parser given its own name for its messages. */
function variables<V extends Record<string, (name: string) => z.ZodType>>(vars: V) {
  const shape = Object.fromEntries(Object.entries(vars).map(([name, define]) => [name, define(name)]));
  return z.object(shape as { [K in keyof V]: ReturnType<V[K]> });
}

export const userpoolEnvSchema = variables({
  NODE_ENV: text("`production` is refused unless USERPOOL_MODE=production too; nothing else is read from it"),
  USERPOOL_MODE: variable("`development` or `production` (production refuses every development default)", (v, n) =>
    v === "" ? undefined : oneOf(v, n, ["development", "production"] as const),
  ),
  USERPOOL_PORT: variable("port of the JSON API listener (0: a free port)", port),
  USERPOOL_HOST: text("listen address of both listeners; development mode: loopback only"),
  USERPOOL_ALLOW_REMOTE_DEVELOPMENT: variable(
    "`true`: development mode may listen on a non-loopback USERPOOL_HOST (warned at every start)",
    flag,
  ),
  USERPOOL_ISSUER_BASE: variable(
    "issuer base URL (`iss` = base + `/` + pool ID), also the base of links in e-mail; production: https",
    baseUrl,
  ),
  USERPOOL_ISSUER_FORM: variable(
    "`local` (`iss` = issuer base + `/` + pool ID) or `cognito` " +
      "(`https://cognito-idp.<region>.amazonaws.com/<pool ID>`, keys still served here; development only)",
    (v, n) => (v === "" ? undefined : oneOf(v, n, ["local", "cognito"] as const)),
  ),
  USERPOOL_CONFIG: text("the declarative config file (pools and app clients)"),
  USERPOOL_DATABASE_URL: variable("PostgreSQL URL; unset: SQLite in the data directory", (v, n) =>
    v === "" ? undefined : postgresUrl(v, n),
  ),
  USERPOOL_DATA_DIR: text("the SQLite file, the generated data key file and the development CA"),
  USERPOOL_DATA_KEY: variable(
    "the 32-byte data key that seals secrets at rest, as 64 hex characters or base64",
    (v, n) => (v === "" ? undefined : dataKey(v, n)),
  ),
  USERPOOL_DATA_KEY_FILE: variable("a file holding the data key", (v) => (v === "" ? undefined : resolve(v))),
  USERPOOL_DATA_KEY_PREVIOUS: variable(
    "during a key rotation: former data keys, comma-separated, still accepted for reading (never for sealing)",
    (v, n) => (v === "" ? undefined : list(v).map((k, i) => dataKey(k, `${n} (key ${i + 1})`))),
  ),
  USERPOOL_ADMIN_CREDENTIALS: variable(
    "SigV4 access keys of the admin operations, `id:secret[,id:secret]` (production: 32+ random characters)",
    (v, n) => (v === "" ? undefined : credentials(v, n)),
  ),
  USERPOOL_ADMIN_ALLOWED_ORIGINS: variable(
    "browser origins allowed to call admin (SigV4) operations, comma-separated",
    (v, n) => list(v).map((o) => parseOrigin(o, n)),
  ),
  USERPOOL_ALLOW_DEVELOPMENT_CONFIG: variable(
    "`true`: production starts although the config file holds development settings (warned at every start)",
    flag,
  ),
  SMTP_URL: variable("nodemailer SMTP URL (smtp:// or smtps://); unset: mail kept in the dev mailbox", smtpUrl),
  USERPOOL_MAIL_FROM: text("From address of outgoing mail"),
  USERPOOL_SMS_SENDER: variable(
    "`sns` or `webhook`: how text messages are sent; unset: kept in the development SMS outbox",
    (v, n) => (v === "" ? undefined : oneOf(v, n, ["sns", "webhook"] as const)),
  ),
  USERPOOL_SMS_SNS_ENDPOINT: variable("SNS Publish endpoint (unset: AWS's for the region)", (v, n) =>
    v === "" ? undefined : baseUrl(v, n),
  ),
  USERPOOL_SMS_STS_ENDPOINT: variable(
    "STS endpoint the SNS sender assumes each pool's SnsCallerArn role at (unset: AWS's for the region)",
    (v, n) => (v === "" ? undefined : baseUrl(v, n)),
  ),
  USERPOOL_SMS_SNS_REGION: text(
    "SNS region for every text (unset: the pool's SmsConfiguration.SnsRegion, else its region)",
  ),
  USERPOOL_SMS_WEBHOOK_URL: variable("URL the webhook sender POSTs each text to (production: https)", (v, n) =>
    v === "" ? undefined : baseUrl(v, n),
  ),
  USERPOOL_SMS_WEBHOOK_SECRET: text("HMAC-SHA256 key of the webhook sender's signature header"),
  USERPOOL_SMS_WEBHOOK_TIMEOUT_MS: variable(
    "how long the webhook sender waits for an answer (100..30000 ms, default 5000)",
    (v, n) => (v === "" ? undefined : timeoutMs(v, n)),
  ),
  USERPOOL_SHUTDOWN_GRACE_MS: variable(
    "on SIGTERM/SIGINT, how long requests in flight may run before their connections are cut (0..120000 ms)",
    (v, n) => (v === "" ? undefined : graceMs(v, n)),
  ),
  USERPOOL_WORKERS: variable(
    "`npm start` / `start:prod` only: server processes sharing the listeners (node:cluster); `auto`: one per core",
    workers,
  ),
  USERPOOL_CONSOLE: variable(
    "`on` or `off`: the admin console at /_console/ (default: on in development, off in production)",
    (v, n) => (v === "" ? undefined : oneOf(v, n, ["on", "off"] as const)),
  ),
  USERPOOL_CONSOLE_DIR: variable(
    "absolute directory of the built admin console (apps/console/dist); unset: /_console/ pages answer 404",
    (v, n) => (v === "" ? undefined : absoluteDir(v, n)),
  ),
  USERPOOL_CONSOLE_ADMIN_POOL: text("production console: the pool whose admin group may sign in"),
  USERPOOL_CONSOLE_ADMIN_GROUP: text(
    "production console: the group of USERPOOL_CONSOLE_ADMIN_POOL whose members may sign in",
  ),
  USERPOOL_CONSOLE_ADMIN_CLIENT: text(
    "production console: the app client (no secret, ALLOW_ADMIN_USER_PASSWORD_AUTH) the console signs members in with",
  ),
  USERPOOL_CONSOLE_AUDIT_RETENTION_DAYS: variable(
    "days the admin console's audit entries are kept before housekeeping deletes them (1..3650, default 365)",
    (v, n) => (v === "" ? undefined : auditRetentionDays(v, n)),
  ),
  USERPOOL_LOG_LEVEL: text("pino log level"),
  USERPOOL_METRICS_TOKEN: variable(
    "bearer token GET /metrics requires (32..256 characters, no spaces); production serves /metrics only with one",
    (v, n) => (v === "" ? undefined : metricsToken(v, n)),
  ),
  USERPOOL_OTEL_EXPORTER_URL: variable(
    "OTLP/HTTP traces endpoint (e.g. `http://collector:4318/v1/traces`); unset: tracing off, OpenTelemetry not loaded",
    (v, n) => (v === "" ? undefined : baseUrl(v, n)),
  ),
  USERPOOL_EXPIRED_RETENTION_HOURS: variable(
    "how long refresh tokens and codes are kept past their expiry, for precise late answers (24..8760 h, default 168)",
    (v, n) => (v === "" ? undefined : retentionHours(v, n)),
  ),
  USERPOOL_RATE_LIMITS: variable(
    "request-rate limits `on` or `off` (default: off in development, on in production)",
    (v, n) => (v === "" ? undefined : oneOf(v, n, ["on", "off"] as const)),
  ),
  USERPOOL_RATE_LIMIT_CATEGORIES: variable(
    "`Category=n` or `Category=off`, comma-separated: requests per second per pool",
    (v, n) => limitList(v, n, CATEGORIES),
  ),
  USERPOOL_RATE_LIMIT_ADDRESSES: variable(
    "`Endpoint=n` or `Endpoint=off`, comma-separated: requests per minute per client address",
    (v, n) => limitList(v, n, ADDRESS_ENDPOINTS),
  ),
  USERPOOL_TRUSTED_PROXY_HOPS: variable(
    "proxies in front of both listeners that append X-Forwarded-For (0 trusts none)",
    proxyHops,
  ),
  USERPOOL_TRIGGER_MODULE_DIRS: variable(
    "absolute directories (comma- or path-delimiter-separated) whose modules the admin API may name as triggers",
    splitDirs,
  ),
  USERPOOL_LAMBDA_ENDPOINT: variable("Lambda Invoke API endpoint for triggers given as Lambda ARNs", (v, n) =>
    v === "" ? undefined : baseUrl(v, n),
  ),
  AWS_ACCESS_KEY_ID: text(
    "Lambda Invoke and SMS AssumeRole credentials (with AWS_SECRET_ACCESS_KEY); unset: the SDK's chain",
  ),
  AWS_SECRET_ACCESS_KEY: text("Lambda Invoke and SMS AssumeRole credentials (with AWS_ACCESS_KEY_ID)"),
  AWS_SESSION_TOKEN: text("Lambda Invoke and SMS AssumeRole credentials: the session token of temporary ones"),
  USERPOOL_HTTPS_PORT: variable("port of the hosted UI / OAuth listener (`off`: none)", (v, n) =>
    v === "off" ? ("off" as const) : port(v, n),
  ),
  USERPOOL_HOSTED_BASE: variable("public https:// base URL of the hosted UI and OAuth endpoints", hostedBase),
  USERPOOL_TLS_CERT_FILE: text("PEM certificate (chain) of the hosted listener (with USERPOOL_TLS_KEY_FILE)"),
  USERPOOL_TLS_KEY_FILE: text("PEM private key of the hosted listener"),
  // Only the exact word turns it on; anything else leaves the listener on TLS.
  USERPOOL_TLS_PROXY: variable(
    "`true`: a TLS-terminating proxy is in front, the hosted listener speaks HTTP",
    (v) => v === "true",
  ),
});

export type UserpoolEnvSchema = typeof userpoolEnvSchema;
export type UserpoolVariable = keyof UserpoolEnvSchema["shape"];
/** The parsed environment: each member is its variable's value, undefined when unset. */
export type UserpoolEnv = z.output<UserpoolEnvSchema>;

/** The environment seen through the schema; each member parses its variable when read. */
export function readUserpoolEnv(env: NodeJS.ProcessEnv): UserpoolEnv {
  const out = {} as UserpoolEnv;
  for (const name of Object.keys(userpoolEnvSchema.shape) as UserpoolVariable[]) {
    Object.defineProperty(out, name, { enumerable: true, get: () => readVariable(name, env[name]) });
  }
  return out;
}

/** Parses one variable's text (or an option standing in for it, checked the same way). */
export function readVariable<K extends UserpoolVariable>(name: K, raw: string | undefined): UserpoolEnv[K] {
  const r = userpoolEnvSchema.shape[name].safeParse(raw);
  if (!r.success) throw new ConfigError(r.error.issues[0]?.message ?? `${name} is invalid`);
  return r.data as UserpoolEnv[K];
}

/**
 * NODE_ENV is process-wide: an embedding app started with NODE_ENV=production must not get a silent
 * development server, so the process's value counts when the given environment has none.
 */
export function nodeEnvOf(env: NodeJS.ProcessEnv): string | undefined {
  return "NODE_ENV" in env ? env.NODE_ENV : process.env.NODE_ENV;
}

function oneOf<const T extends string>(v: string, name: string, values: readonly T[]): T {
  if ((values as readonly string[]).includes(v)) return v as T;
  throw new ConfigError(`${name} must be ${values.map((x) => `"${x}"`).join(" or ")}; got "${v}"`);
}

/** An explicit yes/no; anything else is refused rather than read as "no". */
function flag(v: string, name: string): boolean {
  if (v === "" || v === "false" || v === "0") return false;
  if (v === "true" || v === "1") return true;
  throw new ConfigError(`${name} must be "true" or "false"; got "${v}"`);
}

/** An absolute path (whether it exists is checked where it is used). */
function absoluteDir(v: string, name: string): string {
  if (!isAbsolute(v)) throw new ConfigError(`${name} must be an absolute path; got "${v}"`);
  return resolve(v);
}

function port(v: string, name: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new ConfigError(`${name} must be an integer 0..65535; got "${v}"`);
  return n;
}

/** An absolute http(s) URL without query or fragment; trailing slashes removed. */
function baseUrl(v: string, name: string): string {
  const u = absoluteUrl(v, name);
  if (u.protocol !== "http:" && u.protocol !== "https:")
    throw new ConfigError(`${name} must be an http(s) URL; got "${v}"`);
  return withoutQuery(u, v, name);
}

/** Printable, no spaces (it travels in an Authorization header), long enough not to be guessed. */
function metricsToken(v: string, name: string): string {
  if (!/^[\x21-\x7e]{32,256}$/.test(v))
    throw new ConfigError(
      `${name} must be 32 to 256 printable characters without spaces (e.g. \`openssl rand -hex 32\`)`,
    );
  return v;
}

function hostedBase(v: string, name: string): string {
  const u = absoluteUrl(v, name);
  // Amplify (and RFC 9700 for anything carrying codes) needs https.
  if (u.protocol !== "https:")
    throw new ConfigError(`${name} must be an https:// URL (Amplify hard-codes https for the OAuth domain)`);
  return withoutQuery(u, v, name);
}

function absoluteUrl(v: string, name: string): URL {
  try {
    return new URL(v);
  } catch {
    throw new ConfigError(`${name} must be an absolute URL; got "${v}"`);
  }
}

function withoutQuery(u: URL, v: string, name: string): string {
  if (u.search || u.hash) throw new ConfigError(`${name} must not have a query or fragment`);
  return v.replace(/\/+$/, "");
}

function postgresUrl(v: string, name: string): string {
  if (!/^postgres(ql)?:\/\//.test(v)) throw new ConfigError(`${name} must be a postgres:// or postgresql:// URL`);
  return v;
}

function smtpUrl(v: string, name: string): string {
  if (!/^smtps?:\/\//.test(v)) throw new ConfigError(`${name} must be an smtp:// or smtps:// URL`);
  return v;
}

/**
 * Hours a refresh token or code row is kept past its expiry. At least a day: a replayed authorization
 * code must still revoke the tokens it produced while its access tokens (a day at most) can be alive.
 */
export const MIN_EXPIRED_RETENTION_HOURS = 24;
export const MAX_EXPIRED_RETENTION_HOURS = 8760;

function retentionHours(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < MIN_EXPIRED_RETENTION_HOURS || n > MAX_EXPIRED_RETENTION_HOURS)
    throw new ConfigError(
      `${name} must be an integer ${MIN_EXPIRED_RETENTION_HOURS}..${MAX_EXPIRED_RETENTION_HOURS} (hours); ` +
        `got "${v}". ` +
        "Less than a day would let a replayed authorization code leave its still-valid access tokens alive.",
    );
  return n;
}

/** Bounds of the console audit log's retention in days (ADR 0056): at least a day, at most ten years. */
export const MIN_AUDIT_RETENTION_DAYS = 1;
export const MAX_AUDIT_RETENTION_DAYS = 3650;

/** Whole days within the bounds, or a ConfigError naming `name` (a variable or a config-file field). */
export function auditRetentionDays(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < MIN_AUDIT_RETENTION_DAYS || n > MAX_AUDIT_RETENTION_DAYS)
    throw new ConfigError(
      `${name} must be an integer ${MIN_AUDIT_RETENTION_DAYS}..${MAX_AUDIT_RETENTION_DAYS} (days); got "${v}"`,
    );
  return n;
}

function timeoutMs(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 100 || n > 30_000)
    throw new ConfigError(`${name} must be an integer 100..30000; got "${v}"`);
  return n;
}

function graceMs(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > MAX_SHUTDOWN_GRACE_MS)
    throw new ConfigError(`${name} must be an integer 0..${MAX_SHUTDOWN_GRACE_MS}; got "${v}"`);
  return n;
}

function dataKey(v: string, name: string): Buffer {
  try {
    return parseDataKey(v, name);
  } catch (e) {
    throw new ConfigError((e as Error).message);
  }
}

function credentials(v: string, name: string): Map<string, string> {
  const m = new Map<string, string>();
  for (const pair of list(v)) {
    const i = pair.indexOf(":");
    if (i <= 0 || i === pair.length - 1)
      throw new ConfigError(`${name} must be access-key-id:secret pairs separated by commas`);
    m.set(pair.slice(0, i), pair.slice(i + 1));
  }
  if (!m.size) throw new ConfigError(`${name} is empty`);
  return m;
}

/** An origin exactly as a browser sends it: scheme://host[:port], nothing after. */
export function parseOrigin(v: string, name: string): string {
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

/** How many server processes: a positive integer up to MAX_WORKERS, or "auto" (resolved against the cores later). */
function workers(v: string, name: string): number | "auto" {
  if (v === "auto") return "auto";
  const n = Number(v);
  if (!/^\d+$/.test(v) || n < 1 || n > MAX_WORKERS)
    throw new ConfigError(`${name} must be an integer 1..${MAX_WORKERS} or "auto"; got "${v}"`);
  return n;
}

function proxyHops(v: string, name: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v) || n > MAX_PROXY_HOPS)
    throw new ConfigError(`${name} must be an integer 0..${MAX_PROXY_HOPS}; got "${v}"`);
  return n;
}

/** `Name=n,Name=off` → a map, refusing unknown names, repeats and bad values by name. */
function limitList<N extends string>(v: string, name: string, names: readonly N[]): Partial<Record<N, LimitValue>> {
  const out: Partial<Record<N, LimitValue>> = {};
  for (const item of list(v)) {
    const eq = item.indexOf("=");
    const key = (eq < 0 ? item : item.slice(0, eq)).trim();
    const value = eq < 0 ? "" : item.slice(eq + 1).trim();
    if (!(names as readonly string[]).includes(key))
      throw new ConfigError(`${name}: unknown name "${key}"; known: ${names.join(", ")}`);
    if (key in out) throw new ConfigError(`${name}: ${key} is given twice`);
    out[key as N] = limitValue(value, `${name} ${key}`);
  }
  return out;
}

function limitValue(value: string, where: string): LimitValue {
  if (value === "off") return "off";
  const n = Number(value);
  if (!/^\d+$/.test(value) || n < 1 || n > MAX_LIMIT)
    throw new ConfigError(`${where} must be an integer 1..${MAX_LIMIT} or "off"; got "${value}"`);
  return n;
}

function splitDirs(v: string): string[] {
  return v
    .split(new RegExp(`[,${delimiter === ";" ? ";" : ":"}]`))
    .map((d) => d.trim())
    .filter(Boolean);
}

function list(v: string): string[] {
  return v
    .split(",")
    .map((s) => s.trim())
    .filter(Boolean);
}
