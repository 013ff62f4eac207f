/**
 * The whole system in one process: app database → userpool (JSON API, hosted UI, dev Google,
 * user-sync trigger) → demo accounts → API → web app. `npm start` (scripts/start.ts) and the
 * browser end-to-end tests (e2e/) both start it through `startStack`, so the tests run exactly
 * what a developer runs.
 *
 * One process, not one per service: Ctrl-C cannot leave an orphan behind, and a test can move one
 * clock for the userpool and the API together. The in-process trigger is the reason this process's
 * environment names the app database (see `appDbEnv`): the trigger reads it when it opens its
 * database, so run one stack at a time per process (the tests start one per file, each file in its
 * own process).
 */
import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Writable } from "node:stream";
import { createAppDb } from "@authhub/appdb";
import { startUserpool, type RunningUserpool, type UserpoolFileConfig } from "@authhub/userpool";
import { ensureConsoleBuild } from "../apps/console/build.js";
import { loadConfig } from "../apps/api/src/config.js";
import { createLogger as createApiLogger } from "../apps/api/src/logger.js";
import { startApi, type RunningApi } from "../apps/api/src/main.js";
import { appDbEnv, prepareAppDb, type AppDbTarget } from "./lib/appDb.js";
import { StackClock } from "./lib/clock.js";
import { adminClient, DEMO_EMAILS, DEMO_PASSWORD, ensureDemoAccounts } from "./lib/demoAccounts.js";
import { logDestination, type LineSink } from "./lib/logs.js";
import { assertPortsFree, pickFreePorts } from "./lib/ports.js";
import { REPO_ROOT } from "./lib/repo.js";
import { loadStackConfig, POOL_ID, WEB_CLIENT_ID, type StackOrigins } from "./lib/stackConfig.js";
import { ensureTriggersBundle } from "./lib/triggersBundle.js";
import { buildWeb, serveWeb, type RunningWeb } from "./lib/web.js";

export { StackClock } from "./lib/clock.js";
export { DEMO_EMAILS, DEMO_PASSWORD } from "./lib/demoAccounts.js";
export { PortInUseError } from "./lib/ports.js";
export { POOL_ID, WEB_CLIENT_ID } from "./lib/stackConfig.js";

export interface StackPorts {
  /** Userpool JSON API (AWS JSON 1.1), dev mailbox, JWKS. */
  userpool: number;
  /** Userpool HTTPS: hosted UI, /oauth2/*, dev Google. */
  userpoolHttps: number;
  api: number;
  web: number;
}

export const DEFAULT_PORTS: StackPorts = { userpool: 9229, userpoolHttps: 9443, api: 5000, web: 3000 };
export const DEFAULT_DATA_DIR = join(REPO_ROOT, ".data");

export interface StackOptions {
  /** 0 picks a free port. Default DEFAULT_PORTS (docs/conventions.md). */
  ports?: Partial<StackPorts>;
  /**
   * Everything the stack keeps: userpool/ (SQLite, data key, dev certificates), app.sqlite, web/. Default
   * <repo>/.data.
   */
  dataDir?: string;
  /** PostgreSQL for the app database (API + trigger); default SQLite <dataDir>/app.sqlite. */
  databaseUrl?: string;
  /**
   * PostgreSQL for the userpool; default SQLite under <dataDir>/userpool. The same URL as
   * `databaseUrl` puts the pool's tables in their own schema of that database (USERPOOL_SCHEMA).
   */
  userpoolDatabaseUrl?: string;
  /** One clock for the userpool and the API (tests move it). Default: real time. */
  clock?: StackClock;
  /** Changes the userpool configuration before it is applied (tests: token lifetimes, verification type). */
  adjustConfig?: (config: UserpoolFileConfig) => void;
  /** Create the demo accounts (default true). */
  demoAccounts?: boolean;
  /** Environment the userpool reads (npm start passes SMTP_URL and USERPOOL_MAIL_FROM). Default none. */
  env?: NodeJS.ProcessEnv;
  /** Where the services' log lines go. Default process.stdout. */
  logOutput?: Writable | LineSink;
  logLevel?: string;
  /** Progress lines while starting ("building the web app…"). */
  onProgress?: (message: string) => void;
}

export interface RunningStack {
  ports: StackPorts;
  dataDir: string;
  urls: {
    web: string;
    api: string;
    /** The JSON API endpoint (Amplify's userPoolEndpoint). */
    userpool: string;
    userpoolHttps: string;
    issuer: string;
    mailbox: string;
    /** JSON messages for one address: `${mailboxJson}?to=<address>`. */
    mailboxJson: string;
    /** The admin console, served by the userpool's JSON-API listener. */
    console: string;
  };
  poolId: string;
  clientId: string;
  demoAccounts: { emails: readonly string[]; password: string };
  /** The development CA behind the userpool's HTTPS listener: what a browser must trust (README.md). */
  devCaPath: string | undefined;
  /** Admin (SigV4) credentials of the local userpool. */
  admin: { accessKeyId: string; secretAccessKey: string; region: string };
  databases: { app: string; userpool: string };
  clock: StackClock;
  userpool: RunningUserpool;
  api: RunningApi;
  close(): Promise<void>;
}

/** A configuration mistake the user can fix; start.ts prints its message alone. */
export class StackConfigError extends Error {
  override name = "StackConfigError";
}

/** The first factors the web app offers: those of the pool's sign-in policy it has buttons for. */
function webSignInFactors(config: UserpoolFileConfig): string[] {
  const pool = config.UserPools.find((p) => p.Id === POOL_ID);
  const factors = pool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors ?? ["PASSWORD"];
  return factors.filter((f) => f === "PASSWORD" || f === "EMAIL_OTP" || f === "WEB_AUTHN");
}

/** How the pool verifies e-mail addresses, so the app's messages say "link" or "code" as the e-mail does. */
function webEmailVerification(config: UserpoolFileConfig): "link" | "code" {
  const pool = config.UserPools.find((p) => p.Id === POOL_ID);
  return pool?.VerificationMessageTemplate?.DefaultEmailOption === "CONFIRM_WITH_LINK" ? "link" : "code";
}

/** The pool's password policy in VITE_PASSWORD_POLICY's words, with Cognito's defaults for what is unset. */
function webPasswordPolicy(config: UserpoolFileConfig): string {
  const policy = config.UserPools.find((p) => p.Id === POOL_ID)?.Policies?.PasswordPolicy;
  const words = [`length=${policy?.MinimumLength ?? 8}`];
  if (policy?.RequireLowercase ?? true) words.push("lowercase");
  if (policy?.RequireUppercase ?? true) words.push("uppercase");
  if (policy?.RequireNumbers ?? true) words.push("numbers");
  if (policy?.RequireSymbols ?? true) words.push("symbols");
  return words.join(",");
}

/** The providers the web client enables (SupportedIdentityProviders less COGNITO): one button each in the app. */
function webIdentityProviders(config: UserpoolFileConfig): string[] {
  const pool = config.UserPools.find((p) => p.Id === POOL_ID);
  const client = pool?.Clients?.find((c) => c.ClientId === WEB_CLIENT_ID);
  return (client?.SupportedIdentityProviders ?? []).filter((p) => p !== "COGNITO");
}

/** Starts every service; on any failure stops what already started and rethrows. */
export async function startStack(opts: StackOptions = {}): Promise<RunningStack> {
  const progress = opts.onProgress ?? (() => {});
  const dataDir = resolve(opts.dataDir ?? DEFAULT_DATA_DIR);
  const clock = opts.clock ?? new StackClock();
  const logOutput = opts.logOutput ?? process.stdout;
  const logLevel = opts.logLevel ?? "info";
  mkdirSync(dataDir, { recursive: true });

  const ports = await resolvePorts(opts.ports);
  const origins: StackOrigins = {
    userpool: `http://localhost:${ports.userpool}`,
    userpoolHttps: `https://localhost:${ports.userpoolHttps}`,
    web: `http://localhost:${ports.web}`,
  };
  const appDb: AppDbTarget = {
    sqliteFile: join(dataDir, "app.sqlite"),
    ...(opts.databaseUrl ? { databaseUrl: opts.databaseUrl } : {}),
  };
  checkDatabases(opts);
  const userpoolDatabaseUrl =
    opts.userpoolDatabaseUrl && (await separateUserpoolSchema(opts.databaseUrl!, opts.userpoolDatabaseUrl));

  const stops: (() => Promise<void>)[] = [];
  const stopAll = async () => {
    for (const stop of stops.reverse()) await stop().catch(() => {});
    stops.length = 0;
  };
  try {
    // The web build only needs the ports; it runs while the back end starts.
    progress("building the web app for this stack");
    const webDir = join(dataDir, "web");
    const userpoolConfig = loadStackConfig(origins, opts.adjustConfig);
    const webBuilt = buildWeb(webDir, {
      signInFactors: webSignInFactors(userpoolConfig),
      emailVerification: webEmailVerification(userpoolConfig),
      passwordPolicy: webPasswordPolicy(userpoolConfig),
      identityProviders: webIdentityProviders(userpoolConfig),
      poolId: POOL_ID,
      clientId: WEB_CLIENT_ID,
      userpoolEndpoint: origins.userpool,
      oauthDomain: origins.userpoolHttps.replace(/^https:\/\//, ""),
      appUrl: `${origins.web}/`,
      apiUrl: `http://localhost:${ports.api}`,
    });
    webBuilt.catch(() => {}); // awaited below; this only keeps an early failure from being "unhandled"

    const bundle = await ensureTriggersBundle();
    if (bundle.built) progress(`built the user-sync trigger bundle (${bundle.reason})`);
    const consoleBuild = await ensureConsoleBuild();
    if (consoleBuild.built) progress(`built the admin console (${consoleBuild.reason})`);

    const seeded = await prepareAppDb(appDb).catch((e: unknown) => {
      throw explainDbError(e, "app database (DATABASE_URL)");
    });
    progress(
      seeded.seeded
        ? `app database migrated and seeded (${seeded.users} users)`
        : `app database migrated (${seeded.users} users kept)`,
    );

    // The user-sync trigger runs in this process (in-process transport) and reads the app database
    // location from the environment, as it reads it from the Lambda environment in AWS.
    Object.assign(process.env, appDbEnv(appDb));
    if (!opts.databaseUrl) delete process.env.DATABASE_URL;

    const userpool = await startUserpool({
      config: userpoolConfig,
      port: ports.userpool,
      host: "127.0.0.1",
      dataDir: join(dataDir, "userpool"),
      ...(userpoolDatabaseUrl ? { databaseUrl: userpoolDatabaseUrl } : {}),
      issuerBase: origins.userpool,
      hosted: { httpsPort: ports.userpoolHttps },
      clock: clock.userpool,
      logLevel,
      logDestination: logDestination("userpool", logOutput),
      env: opts.env ?? {},
      consoleDir: consoleBuild.dir,
    }).catch((e: unknown) => {
      throw explainDbError(e, "userpool database (USERPOOL_DATABASE_URL)");
    });
    stops.push(() => userpool.close());
    progress(`userpool listening on ${origins.userpool} and ${userpool.hostedUrl ?? "(no hosted UI)"}`);

    const admin = { accessKeyId: "local", secretAccessKey: "local", region: "us-east-1" };
    if (opts.demoAccounts !== false) {
      const client = adminClient({ endpoint: origins.userpool, ...admin });
      await ensureDemoAccounts(client, POOL_ID).finally(() => client.destroy());
    }

    const issuer = `${origins.userpool}/${POOL_ID}`;
    const apiConfig = await loadConfig({
      ...appDbEnv(appDb),
      PORT: String(ports.api),
      COGNITO_ISSUER: issuer,
      COGNITO_CLIENT_IDS: WEB_CLIENT_ID,
      COGNITO_TOKEN_USE: "id",
      CORS_ORIGINS: origins.web,
      LOG_LEVEL: logLevel,
    });
    const api = await startApi(apiConfig, {
      clock: clock.api,
      host: "127.0.0.1",
      logger: createApiLogger({ level: logLevel, destination: logDestination("api", logOutput) }),
    });
    stops.push(() => api.close(2_000));
    progress(`API listening on http://localhost:${ports.api}`);

    await webBuilt;
    const web: RunningWeb = await serveWeb(webDir, ports.web);
    stops.push(() => web.close());

    return {
      ports,
      dataDir,
      urls: {
        web: `${origins.web}/`,
        api: `http://localhost:${ports.api}`,
        userpool: origins.userpool,
        userpoolHttps: origins.userpoolHttps,
        issuer,
        mailbox: `${origins.userpool}/_dev/mailbox`,
        mailboxJson: `${origins.userpool}/_dev/messages`,
        console: `${origins.userpool}/_console/`,
      },
      poolId: POOL_ID,
      clientId: WEB_CLIENT_ID,
      demoAccounts: { emails: DEMO_EMAILS, password: DEMO_PASSWORD },
      devCaPath: userpool.devCaPath,
      admin,
      databases: {
        app: opts.databaseUrl ? redactUrl(opts.databaseUrl) : appDb.sqliteFile,
        userpool: userpoolDatabaseUrl ? redactUrl(userpoolDatabaseUrl) : join(dataDir, "userpool", "userpool.sqlite"),
      },
      clock,
      userpool,
      api,
      close: stopAll,
    };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

async function resolvePorts(given: Partial<StackPorts> = {}): Promise<StackPorts> {
  const ports = { ...DEFAULT_PORTS, ...given };
  const keys = Object.keys(ports) as (keyof StackPorts)[];
  // The web build bakes the other services' URLs in, so "any free port" is decided now, not at listen time.
  const zero = keys.filter((k) => ports[k] === 0);
  const free = await pickFreePorts(zero.length);
  zero.forEach((k, i) => {
    ports[k] = free[i]!;
  });
  await assertPortsFree([
    { name: "userpool", port: ports.userpool, hint: "use `npm start -- --userpool-port <n>`" },
    { name: "userpool HTTPS", port: ports.userpoolHttps, hint: "use `npm start -- --https-port <n>`" },
    { name: "API", port: ports.api, hint: "use `npm start -- --api-port <n>`" },
    { name: "web app", port: ports.web, hint: "use `npm start -- --web-port <n>`" },
  ]);
  return ports;
}

function checkDatabases(opts: StackOptions): void {
  for (const [name, url] of [
    ["DATABASE_URL", opts.databaseUrl],
    ["USERPOOL_DATABASE_URL", opts.userpoolDatabaseUrl],
  ] as const) {
    if (url !== undefined && !/^postgres(ql)?:\/\//.test(url))
      throw new StackConfigError(`${name} must be a postgres:// URL; got "${redactUrl(url)}"`);
  }
  if ((opts.databaseUrl === undefined) !== (opts.userpoolDatabaseUrl === undefined)) {
    throw new StackConfigError(
      "set both DATABASE_URL and USERPOOL_DATABASE_URL to run the stack on PostgreSQL " +
        "(or neither, for SQLite under .data/)",
    );
  }
}

/** The schema the pool's tables get when both URLs name one database. */
export const USERPOOL_SCHEMA = "authhub_userpool";

/**
 * The app and the pool both have a `users` table (as RDS and Cognito are separate in AWS). Two
 * databases keep them apart; given one database for both, the pool gets its own schema in it,
 * selected through the connection's search_path.
 */
async function separateUserpoolSchema(appUrl: string, poolUrl: string): Promise<string> {
  if (appUrl !== poolUrl) return poolUrl;
  const url = new URL(poolUrl);
  if (url.searchParams.has("options")) {
    throw new StackConfigError(
      "DATABASE_URL and USERPOOL_DATABASE_URL are the same URL with its own `options`; " +
        "give the userpool a database of its own (both have a users table)",
    );
  }
  const db = await createAppDb({ engine: "postgres", connectionString: appUrl }).catch((e: unknown) => {
    throw explainDbError(e, "app database (DATABASE_URL)");
  });
  try {
    await db.schema.createSchema(USERPOOL_SCHEMA).ifNotExists().execute();
  } catch (e) {
    throw explainDbError(e, "app database (DATABASE_URL)");
  } finally {
    await db.destroy();
  }
  url.searchParams.set("options", `-c search_path=${USERPOOL_SCHEMA}`);
  return url.toString();
}

/** Turns "database does not exist" / "connection refused" into a sentence that names the fix. */
function explainDbError(e: unknown, which: string): unknown {
  const err = e as { code?: string; message?: string };
  if (err?.code === "3D000")
    return new StackConfigError(
      `${which}: ${err.message}. Create it first (createdb <name>, or CREATE DATABASE in psql).`,
    );
  if (err?.code === "ECONNREFUSED")
    return new StackConfigError(`${which}: PostgreSQL refused the connection (${err.message}). Is the server running?`);
  if (err?.code === "28P01" || err?.code === "28000")
    return new StackConfigError(`${which}: PostgreSQL refused the credentials in the URL.`);
  return e;
}

/** A URL without its password, for printing. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = "***";
    return u.toString();
  } catch {
    return "(unparseable URL)";
  }
}
