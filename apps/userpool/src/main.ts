/**
 * Composition root: configuration → store → services → HTTP → listen. `npm start -w apps/userpool`
 * runs this file (production runs its build, dist/main.js); `startUserpool` is also the embedding
 * API re-exported by index.ts. Nothing else in the package wires objects together.
 */
import { mkdtempSync, realpathSync, rmSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pathToFileURL } from "node:url";
import type { DestinationStream } from "pino";
import { raiseSigterm, stopWhenNpmExits } from "../../../scripts/lib/npmParent.js";
import { verifySigV4 } from "./aws/sigv4.js";
import { clusterWorkerRole, reportReady, runPrimary, workerCountOf } from "./cluster.js";
import { systemClock, type Clock } from "./clock.js";
import { applyFileConfig, type ApplyResult } from "./config/apply.js";
import { checkConsoleAdminGroup, resolveConsoleConfig, type ConsoleOptions } from "./config/console.js";
import { secureDataDir } from "./config/dataDir.js";
import { nodeEnvOf, readUserpoolEnv } from "./config/env.js";
import { ConfigError } from "./config/errors.js";
import { isFileConfig, parseFileConfig, readFileConfig } from "./config/file.js";
import type { ParsedFileConfig, UserpoolFileConfig } from "./config/fileSchema.js";
import { checkProxyAddresses, type PoolRateLimits, type RateLimitOverrides } from "./config/rateLimits.js";
import { resolveRuntimeConfig, type IssuerForm, type Mode, type RuntimeConfig } from "./config/runtime.js";
import { findDevelopmentSettings } from "./config/safety.js";
import { smsUsesOf, type SmsOverrides, type SmsSenderConfig } from "./config/sms.js";
import { dataKeyWeakness, loadOrCreateKeyFile } from "./crypto/dataKey.js";
import type { Rs256Signer } from "./crypto/rs256.js";
import { createDataCrypto, DataKeyMismatchError, type DataCrypto } from "./crypto/envelope.js";
import { DevKms } from "./dev/kms/devKms.js";
import { handleKmsOperation, KMS_TARGET_PREFIX } from "./dev/kms/operations.js";
import { createHttpApp } from "./http/app.js";
import { devHostnames } from "./http/devHosts.js";
import { createLogger, type Logger } from "./log.js";
import { createMetrics } from "./observability/metrics.js";
import { noTracing, startTracing, type Tracing } from "./observability/tracing.js";
import { cryptoRandom, type Random } from "./random.js";
import { Housekeeping } from "./services/housekeeping.js";
import { createServices, type Services } from "./services/index.js";
import type { RefreshTokenReuse } from "./services/refresh.js";
import type { RsaKeyGenerator } from "./services/keys.js";
import type { Mailer } from "./services/mail/mailer.js";
import { SmtpMailer } from "./services/mail/smtpMailer.js";
import type { PoolService } from "./services/pools.js";
import { noSmsSender, type SmsSender } from "./services/sms/sms.js";
import { SnsSmsSender } from "./services/sms/snsSender.js";
import { WebhookSmsSender } from "./services/sms/webhookSender.js";
import type { Triggers } from "./services/triggers.js";
import { createPublicUrls } from "./services/urls.js";
import { createStore, type Store } from "./store/index.js";
import { resolveFileConfigReferences } from "./triggers/lambdaConfig.js";
import { declaredModules, TriggerModulePolicy } from "./triggers/modulePolicy.js";
import { createTriggerRuntime } from "./triggers/runtime.js";
import { warmUpTriggers } from "./triggers/warmUp.js";
import { kmsSenderCodes } from "./triggers/senderCodes.js";
import { applyOAuthFileConfig } from "./oauth/applyConfig.js";
import { DEFAULT_HOSTED_ORIGIN, withOwnHostedOrigin } from "./oauth/ownHostedOrigin.js";
import { drainServer } from "./http/drain.js";
import { prepareHosted, startHosted, type HostedOptions, type StartedHosted } from "./oauth/startHosted.js";

export interface StartUserpoolOptions {
  /**
   * The declarative config: an object, or a path to a JSON file.
   * Default: USERPOOL_CONFIG, else the committed dev config.
   */
  config?: UserpoolFileConfig | string;
  /** 0 picks a free port. Default: USERPOOL_PORT from `env`, else 0 (9229 for `npm start`). */
  port?: number;
  host?: string;
  /** PostgreSQL URL; without it the store is SQLite in `dataDir`. */
  databaseUrl?: string;
  /** SQLite file and generated data key file. Embedded default: a fresh temp directory, deleted on close. */
  dataDir?: string;
  mode?: Mode;
  /** 32-byte data key (Buffer, hex or base64). Instances sharing a database must share it. */
  dataKey?: string | Buffer;
  issuerBase?: string;
  /**
   * `"cognito"`: tokens carry Cognito's own issuer, `https://cognito-idp.<region>.amazonaws.com/<poolId>`, for
   * stock aws-jwt-verify (USERPOOL_ISSUER_FORM); discovery and the JWKS stay here. Development only.
   */
  issuerForm?: IssuerForm;
  adminCredentials?: Record<string, string>;
  /** Browser origins allowed to call admin operations (USERPOOL_ADMIN_ALLOWED_ORIGINS); default none. */
  adminAllowedOrigins?: string[];
  /** Production: start although the config holds development settings (USERPOOL_ALLOW_DEVELOPMENT_CONFIG). */
  allowDevelopmentConfig?: boolean;
  /** Development: listen on a non-loopback host (USERPOOL_ALLOW_REMOTE_DEVELOPMENT). */
  allowRemoteDevelopment?: boolean;
  smtpUrl?: string;
  mailFrom?: string;
  /** How text messages are sent; each member wins over its USERPOOL_SMS_* variable. */
  sms?: SmsOverrides;
  clock?: Clock;
  random?: Random;
  logLevel?: string;
  logDestination?: DestinationStream;
  /**
   * Environment to read USERPOOL_* variables (and ClientSecretFromEnv) from. Default: none, only these
   * options count, except NODE_ENV, which is read from process.env when `env` has none.
   */
  env?: NodeJS.ProcessEnv;
  /** Test and benchmark hook: called with every SQL statement sent to the database (round-trip counts). */
  onStatement?: (sql: string) => void;
  /** Benchmark hook: where token signatures are computed (default: the libuv thread pool, crypto/rs256.ts). */
  rs256?: Rs256Signer;
  /** Benchmark hook: verified access tokens remembered (default 2,048; 0: none, ADR 0042). */
  verifiedAccessTokens?: number;
  /** Test hook: RSA generation is the slowest part of creating a pool. */
  generateRsaKeyPair?: RsaKeyGenerator;
  /** Replaces the Lambda trigger runtime (which runs the pools' LambdaConfig) with another implementation. */
  triggers?: Triggers;
  /** How long a trigger may run; default 5000 ms, Cognito's fixed timeout. Tests lower it. */
  triggerTimeoutMs?: number;
  /**
   * Directories whose JavaScript modules Create/UpdateUserPool may name as triggers (absolute). Default:
   * USERPOOL_TRIGGER_MODULE_DIRS from `env`, else none; the config file may declare modules anywhere.
   */
  triggerModuleDirs?: string[];
  /** Set by `npm start`: port 9229, the persistent data directory and info logs by default. */
  standalone?: boolean;
  /**
   * The hosted UI / OAuth listener (HTTPS): port (default 0 embedded, 9443 standalone),
   * public base, certificate or proxy.
   */
  hosted?: HostedOptions;
  /** Request-rate limits (docs/security/rate-limits.md); each member wins over its USERPOOL_RATE_* variable. */
  rateLimits?: RateLimitOverrides;
  /** Bearer token GET /metrics requires (USERPOOL_METRICS_TOKEN); production serves metrics only with one. */
  metricsToken?: string;
  /** OTLP/HTTP endpoint for traces (USERPOOL_OTEL_EXPORTER_URL); unset: tracing off. */
  tracingUrl?: string;
  /**
   * How long close() lets requests in flight on the JSON API finish before it cuts their
   * connections (USERPOOL_SHUTDOWN_GRACE_MS; default 20000, ADR 0036).
   */
  shutdownGraceMs?: number;
  /** Run the housekeeping timer (default true); cluster workers other than the first leave it to that one. */
  housekeeping?: boolean;
  /** Absolute directory of the built admin console (USERPOOL_CONSOLE_DIR); unset: its pages answer 404. */
  consoleDir?: string;
  /** The admin console's settings; each member wins over its USERPOOL_CONSOLE_* variable (ADR 0052). */
  console?: ConsoleOptions;
}

export interface RunningUserpool {
  /** e.g. http://127.0.0.1:54321 — the JSON API endpoint (Amplify's userPoolEndpoint). */
  url: string;
  port: number;
  /** The `iss` of tokens for a pool. */
  issuer(poolId: string): string;
  config: RuntimeConfig;
  services: Services;
  store: Store;
  /** Base URL of the hosted UI and OAuth endpoints, e.g. https://localhost:54322 (undefined when they are off). */
  hostedUrl: string | undefined;
  /** PEM and path of the development CA behind hostedUrl (undefined with a configured certificate or a proxy). */
  devCaPem: string | undefined;
  devCaPath: string | undefined;
  /** What applying the config file did at start. */
  applied: ApplyResult;
  /** Safety checks switched off by an explicit override (also logged at every start). */
  overrides: string[];
  close(): Promise<void>;
}

/** Starts a user pool server. Bad configuration throws ConfigError naming the field. */
export async function startUserpool(opts: StartUserpoolOptions = {}): Promise<RunningUserpool> {
  const env = opts.env ?? {};
  // Embedded (tests, the stack launcher): a free port, a throwaway data directory and quiet logs,
  // unless options or the given environment say otherwise. `npm start` passes standalone: true.
  const embedded = !opts.standalone;
  const ephemeral = embedded && opts.dataDir === undefined && !readUserpoolEnv(env).USERPOOL_DATA_DIR;
  const tempDir = ephemeral ? mkdtempSync(join(tmpdir(), "userpool-")) : undefined;
  const cleanupTemp = () => tempDir && rmSync(tempDir, { recursive: true, force: true });
  let resolved: ReturnType<typeof resolveStart>;
  try {
    resolved = resolveStart(opts, env, embedded, tempDir);
  } catch (e) {
    // A refused configuration must not leave the throwaway data directory behind.
    cleanupTemp();
    throw e;
  }
  const { config, warnings, overrides, fileConfig, consoleConfig } = resolved;

  const log = createLogger({
    level: config.logLevel,
    ...(opts.logDestination ? { destination: opts.logDestination } : {}),
  });
  // Modules come from the operator (this config) or an allow-listed directory; relative references
  // set through the API resolve against the working directory now, at start.
  const triggerModules = new TriggerModulePolicy({
    baseDir: process.cwd(),
    allowedDirs: config.triggerModuleDirs,
    declared: declaredModules(fileConfig),
    log,
  });
  const clock = opts.clock ?? systemClock;
  const random = opts.random ?? cryptoRandom;

  let store: Store | undefined;
  let server: Server | undefined;
  let mailer: (Mailer & { close?(): void }) | undefined;
  let smsSender: (SmsSender & { close?(): void }) | undefined;
  let stopHousekeeping: (() => Promise<void>) | undefined;
  let hostedServer: StartedHosted | undefined;
  let tracing: Tracing = noTracing;
  // Closed on a failed start too: storing the config's pools already loads (warms) their trigger modules.
  let triggers: Triggers | undefined;
  try {
    // Before anything reads or writes there: files left 0644 by older versions become 0600.
    const fixed = secureDataDir(config.dataDir);
    if (fixed.length)
      log.warn({ paths: fixed }, "made data directory entries readable by their owner only (0700 / 0600)");
    const dataKey = loadDataKey(config, random, warnings);
    const crypto = createDataCrypto(dataKey, random, config.previousDataKeys);
    // Custom sender codes: the development KMS (never in production, where KMSKeyID is a real KMS key).
    const devKms = config.mode === "development" ? new DevKms({ crypto, random }) : undefined;
    store = await createStore(config.database, {
      // One line per broken connection, not per request: requests meanwhile fail with InternalErrorException.
      onConnectionError: (err) =>
        log.warn({ err: err.message }, "database connection lost; the next request reconnects"),
      ...(opts.onStatement ? { onStatement: opts.onStatement } : {}),
    });
    await checkDataKey(store, crypto);
    const hosted = prepareHosted(
      env,
      opts.hosted ?? {},
      { mode: config.mode, dataDir: config.dataDir, embedded },
      warnings,
    );
    checkProxyAddresses(config.rateLimits, {
      prod: config.mode === "production",
      behindTlsProxy: hosted.config.transport.kind === "proxy",
    });

    let port = config.port;
    // The issuer base is also the public base for links in e-mail; by default this server on localhost.
    const base = () => config.issuerBase ?? `http://localhost:${port}`;
    const urls = createPublicUrls(base, base, hosted.base, config.issuerForm);
    mailer = config.smtpUrl ? await SmtpMailer.create(config.smtpUrl, config.mailFrom) : undefined;
    smsSender = createSmsSender(config.sms, clock, random);
    const health = store.health;
    const metrics = createMetrics(store.engine === "postgres" ? { poolState: () => health.poolState() } : {});
    // Imported only when configured: the OpenTelemetry modules cost memory nobody asked for.
    if (config.tracingUrl) tracing = await startTracing(config.tracingUrl, log);
    triggers =
      opts.triggers ??
      createTriggerRuntime({
        log,
        modules: triggerModules,
        lambda: config.lambda,
        senderCodes: kmsSenderCodes({ devKms }),
        metrics,
        ...(opts.triggerTimeoutMs !== undefined ? { timeoutMs: opts.triggerTimeoutMs } : {}),
      });
    const services = createServices({
      store,
      clock,
      random,
      log,
      crypto,
      urls,
      ...(mailer ? { mailer } : {}),
      ...(smsSender ? { smsSender } : {}),
      trustedCaPems: hosted.trustedCaPems,
      mode: config.mode,
      dataDir: config.dataDir,
      refreshTokenReuse: refreshTokenReuseOf(fileConfig),
      triggers,
      triggerModules,
      ...(opts.generateRsaKeyPair ? { generateRsaKeyPair: opts.generateRsaKeyPair } : {}),
      ...(opts.rs256 ? { rs256: opts.rs256 } : {}),
      ...(opts.verifiedAccessTokens !== undefined ? { verifiedAccessTokens: opts.verifiedAccessTokens } : {}),
      rateLimits: {
        settings: config.rateLimits,
        poolLimits: new Map(
          fileConfig.UserPools.flatMap((p): [string, PoolRateLimits][] =>
            p.RequestRateLimits ? [[p.Id, p.RequestRateLimits]] : [],
          ),
        ),
        provisioned: await store.administration.provisionedLimits(),
      },
    });
    const applied = await applyFileConfig(services.pools, fileConfig, env);
    if (config.sms.kind === "none") await refuseSmsWithoutSender(services.pools);
    await checkConsoleAdminGroup(
      consoleConfig,
      services.pools,
      async (pool, name) => (await store!.groups.get(pool.id, name)) !== undefined,
      log,
    );
    if (opts.housekeeping !== false)
      stopHousekeeping = new Housekeeping({
        store,
        clock,
        log,
        expiredKeptMs: config.expiredRetentionMs,
        consoleAuditKeptMs: consoleConfig.auditRetentionMs,
      }).start();
    await services.userImports.recover();
    const stopImports = () => services.userImports.close();

    const devHosts = devHostnames([config.issuerBase, hosted.config.publicBase]);
    const app = createHttpApp(services, {
      bodyLimit: config.bodyLimit,
      devRoutes: config.mode === "development",
      devHostnames: devHosts,
      adminAllowedOrigins: config.adminAllowedOrigins,
      health,
      metrics,
      tracing,
      metricsEndpoint: config.metrics,
      console: {
        mode: config.mode,
        config: consoleConfig,
        lookupAdminSecret: (id) => config.adminCredentials.get(id),
        store,
      },
      authenticateAdmin: (r) =>
        verifySigV4(r, {
          lookupSecret: (id) => config.adminCredentials.get(id),
          now: clock.now(),
          service: "cognito-idp",
        }),
      extraServices: devKms
        ? [
            {
              prefix: KMS_TARGET_PREFIX,
              authenticate: (r) =>
                verifySigV4(r, {
                  lookupSecret: (id) => config.adminCredentials.get(id),
                  now: clock.now(),
                  service: "kms",
                }),
              handle: (operation, body) => handleKmsOperation(devKms, operation, body),
            },
          ]
        : [],
    });
    server = createServer(app);
    port = await listen(server, config.port, config.host);
    hostedServer = await startHosted(
      hosted,
      services,
      {
        host: config.host,
        mode: config.mode,
        fileConfig,
        store,
        devHostnames: devHosts,
        metrics,
        tracing,
        ...(opts.generateRsaKeyPair ? { generateRsaKeyPair: opts.generateRsaKeyPair } : {}),
      },
      log,
    );
    // After the hosted listener: a SAML provider's MetadataURL may be this server's own development IdP
    // (/_dev/saml/metadata, DevSAML of both development configs), fetched as any IdP's metadata is; at
    // https://localhost:9443 in the file, which is this listener's default address (ADR 0055).
    const own = withOwnHostedOrigin(fileConfig, hosted.base(), config.mode);
    if (own.moved) log.info({ from: DEFAULT_HOSTED_ORIGIN, to: hosted.base() }, "development provider URLs moved");
    if (own.skipped.length)
      log.warn(
        { providers: own.skipped },
        "identity providers whose metadata this server's development routes would serve are not registered: " +
          "the hosted UI is off, or this is production",
      );
    await applyOAuthFileConfig(services, own.config, env);
    for (const w of warnings) log.warn(`DEVELOPMENT DEFAULT — production must change this: ${w}`);
    for (const w of overrides) log.warn(`UNSAFE OVERRIDE — ${w}`);
    const hostForUrl = config.host.includes(":")
      ? `[${config.host}]`
      : config.host === "0.0.0.0"
        ? "127.0.0.1"
        : config.host;
    const url = `http://${hostForUrl}:${port}`;
    log.info({ url, mode: config.mode, engine: store.engine, pools: applied }, "userpool listening");
    if (config.metrics === "off")
      log.info("GET /metrics is not served: production serves metrics only with USERPOOL_METRICS_TOKEN set");

    // Not awaited: the server answers at once; a first invocation meanwhile shares the load in flight.
    const warming = warmUpTriggers({ pools: services.pools, log });

    const running: RunningUserpool = {
      url,
      port,
      issuer: (poolId) => urls.issuer(poolId),
      config,
      services,
      store,
      hostedUrl: hosted.base() || undefined,
      devCaPem: hosted.devCaPem,
      devCaPath: hosted.devCaPath,
      applied,
      overrides,
      close: async () => {
        // Both listeners stop accepting at once and drain side by side, within the same grace period.
        await Promise.all([drainServer(server!, config.shutdownGraceMs), hostedServer?.close(config.shutdownGraceMs)]);
        await stopImports();
        await stopHousekeeping?.();
        await warming;
        await services.triggers.close?.();
        await tracing.close();
        mailer?.close?.();
        smsSender?.close?.();
        await store!.close();
        cleanupTemp();
      },
    };
    return running;
  } catch (err) {
    if (server?.listening) await drainServer(server);
    await stopHousekeeping?.();
    await hostedServer?.close();
    await triggers?.close?.();
    await tracing.close();
    await store?.close();
    mailer?.close?.();
    smsSender?.close?.();
    cleanupTemp();
    throw err;
  }
}

/**
 * Configuration from options and environment, and the config file;
 * every refusal happens here, before anything is opened.
 */
function resolveStart(
  opts: StartUserpoolOptions,
  env: NodeJS.ProcessEnv,
  embedded: boolean,
  tempDir: string | undefined,
) {
  const nodeEnv = nodeEnvOf(env);
  const { config, warnings, overrides } = resolveRuntimeConfig(env, {
    ...pick(opts, [
      "mode",
      "host",
      "issuerBase",
      "issuerForm",
      "databaseUrl",
      "dataKey",
      "adminCredentials",
      "adminAllowedOrigins",
      "allowDevelopmentConfig",
      "allowRemoteDevelopment",
      "smtpUrl",
      "mailFrom",
      "sms",
      "logLevel",
      "port",
      "triggerModuleDirs",
      "rateLimits",
      "metricsToken",
      "tracingUrl",
      "shutdownGraceMs",
    ]),
    ...(nodeEnv !== undefined ? { nodeEnv } : {}),
    embedded,
    ...((opts.dataDir ?? tempDir) ? { dataDir: (opts.dataDir ?? tempDir)! } : {}),
    ...(typeof opts.config === "string" ? { configPath: opts.config } : {}),
  });
  const fromFile = opts.config === undefined || typeof opts.config === "string";
  // Relative trigger module paths in a file are relative to the file; in an object, to the working directory.
  const fileConfig = resolveFileConfigReferences(
    fromFile ? readFileConfig(config.configPath) : parseFileConfig(opts.config, "config option"),
    fromFile ? dirname(config.configPath) : process.cwd(),
  );
  if (opts.config !== undefined && typeof opts.config !== "string" && !isFileConfig(opts.config))
    throw new ConfigError("config option must have a UserPools array");
  if (config.mode === "production")
    overrides.push(
      ...refuseDevelopmentSettings(
        fileConfig,
        env,
        config,
        fromFile ? `config file ${config.configPath}` : "the config option",
      ),
    );
  const consoleConfig = resolveConsoleConfig(
    env,
    {
      ...(opts.consoleDir !== undefined ? { consoleDir: opts.consoleDir } : {}),
      ...(opts.console ? { console: opts.console } : {}),
    },
    fileConfig.Console,
    config.mode,
  );
  return { config, warnings, overrides, fileConfig, consoleConfig };
}

/** The production sender configured, a refusing one in production without it, undefined for the development outbox. */
function createSmsSender(
  c: SmsSenderConfig,
  clock: Clock,
  random: Random,
): (SmsSender & { close?(): void }) | undefined {
  if (c.kind === "sns") return new SnsSmsSender({ ...c, clock });
  if (c.kind === "webhook")
    return new WebhookSmsSender({ url: c.url, secret: c.secret, timeoutMs: c.timeoutMs }, { clock, random });
  if (c.kind === "none") return noSmsSender;
  return undefined;
}

/**
 * Production without an SMS sender: every pool in the database (those of the config file just
 * applied, and those created through the API) must send no text, or the start is refused.
 */
async function refuseSmsWithoutSender(pools: PoolService): Promise<void> {
  const found: string[] = [];
  let nextToken: string | undefined;
  do {
    const page = await pools.listPools(60, nextToken);
    for (const p of page.pools) {
      const uses = smsUsesOf(p.settings);
      if (uses.length) found.push(`  ${p.id} (${p.name}): ${uses.join(", ")}`);
    }
    nextToken = page.nextToken;
  } while (nextToken);
  if (found.length)
    throw new ConfigError(
      "these pools send text messages, and production has no SMS sender " +
        "(the development outbox is not served there):\n" +
        `${found.join("\n")}\nSet USERPOOL_SMS_SENDER to "sns" or "webhook" (docs/userpool/configuration.md).`,
    );
}

/** The config file's RefreshTokenReuse per pool; pools the file does not declare get the default. */
function refreshTokenReuseOf(cfg: ParsedFileConfig): (poolId: string) => RefreshTokenReuse | undefined {
  const byPool = new Map(
    cfg.UserPools.flatMap((p) => (p.RefreshTokenReuse ? [[p.Id, p.RefreshTokenReuse] as const] : [])),
  );
  return (poolId) => byPool.get(poolId);
}

function loadDataKey(config: RuntimeConfig, random: Random, warnings: string[]): Buffer {
  if (config.dataKey.kind === "value") return config.dataKey.key;
  let loaded: { key: Buffer; created: boolean };
  try {
    loaded = loadOrCreateKeyFile(config.dataKey.path, config.dataKey.create, random);
  } catch (e) {
    throw new ConfigError(`USERPOOL_DATA_KEY_FILE: ${(e as Error).message}`);
  }
  if (config.dataKey.create) {
    warnings.push(
      `${loaded.created ? "generated" : "using"} the development data key file ${config.dataKey.path}; ` +
        "production must set USERPOOL_DATA_KEY or USERPOOL_DATA_KEY_FILE",
    );
  }
  const weak = config.mode === "production" ? dataKeyWeakness(loaded.key) : undefined;
  if (weak)
    throw new ConfigError(
      `USERPOOL_DATA_KEY_FILE ${config.dataKey.path} is unfit for production: ${weak}; ` +
        "generate 32 random bytes, e.g. `openssl rand -base64 32`",
    );
  return loaded.key;
}

/**
 * Production refuses the committed development set-up (found by content, so a copied or renamed
 * file counts too) unless USERPOOL_ALLOW_DEVELOPMENT_CONFIG says otherwise; the override is then
 * returned, to be repeated at every start.
 */
function refuseDevelopmentSettings(
  fileConfig: ParsedFileConfig,
  env: NodeJS.ProcessEnv,
  config: RuntimeConfig,
  origin: string,
): string[] {
  const found = findDevelopmentSettings(fileConfig, env);
  const list = found.map((f) => `  ${f.path}: ${f.why}`).join("\n");
  if (found.length && !config.allowDevelopmentConfig) {
    throw new ConfigError(
      `${origin} holds development settings, which production refuses:\n${list}\n` +
        "Replace them with production values, " +
        "or set USERPOOL_ALLOW_DEVELOPMENT_CONFIG=true to start anyway (every start will say so).",
    );
  }
  if (!config.allowDevelopmentConfig) return [];
  return [
    found.length
      ? `USERPOOL_ALLOW_DEVELOPMENT_CONFIG: production is running with development settings from ${origin}: ` +
        `${found.map((f) => `${f.path} (${f.why})`).join("; ")}`
      : `USERPOOL_ALLOW_DEVELOPMENT_CONFIG is set; ${origin} holds no development settings, so it can be unset`,
  ];
}

/**
 * The database remembers a value sealed with its data key;
 * a different key is refused before it can corrupt anything.
 */
async function checkDataKey(store: Store, crypto: DataCrypto): Promise<void> {
  const stored = await store.meta.setIfAbsent("data-key-check", crypto.encrypt("authhub-userpool", "data-key-check"));
  try {
    crypto.decrypt(stored, "data-key-check");
  } catch (e) {
    if (e instanceof DataKeyMismatchError)
      throw new ConfigError(
        "the data key does not match the one this database was created with " +
          "(check USERPOOL_DATA_KEY / USERPOOL_DATA_KEY_FILE)",
      );
    throw e;
  }
}

function listen(server: Server, port: number, host: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const onError = (e: NodeJS.ErrnoException) =>
      reject(
        e.code === "EADDRINUSE" ? new ConfigError(`port ${port} on ${host} is already in use (set USERPOOL_PORT)`) : e,
      );
    server.once("error", onError);
    server.listen(port, host, () => {
      server.off("error", onError);
      resolve((server.address() as AddressInfo).port);
    });
  });
}

function pick<T extends object, K extends keyof T>(o: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const k of keys) if (o[k] !== undefined) out[k] = o[k];
  return out;
}

/**
 * `npm start` and the CLI's `start`: the server as a process, configured by the environment (and
 * `opts`, which win), printing where it listens and stopping on SIGINT / SIGTERM. With more than one
 * worker (`--workers`, USERPOOL_WORKERS) this process becomes the cluster's primary (src/cluster.ts).
 */
export async function runStandalone(
  opts: StartUserpoolOptions = {},
  argv: readonly string[] = process.argv.slice(2),
): Promise<void> {
  const worker = clusterWorkerRole();
  let running: RunningUserpool;
  try {
    if (!worker) {
      const count = workerCountOf(process.env, argv);
      if (count > 1) {
        // The primary stops its workers on SIGTERM, once; under npm, npm's shell exiting is that signal.
        stopWhenNpmExits(raiseSigterm);
        return await runPrimary(count);
      }
    }
    running = await startUserpool({
      env: process.env,
      standalone: true,
      ...opts,
      ...(worker && !worker.first ? { housekeeping: false } : {}),
    });
  } catch (e) {
    if (e instanceof ConfigError) {
      process.stderr.write(`userpool: configuration error: ${e.message}\n`);
      process.exit(78);
    }
    throw e;
  }
  const issuerNote =
    running.config.issuerForm === "cognito"
      ? "issuer https://cognito-idp.<region>.amazonaws.com/<pool ID>"
      : `issuer base ${running.config.issuerBase ?? `http://localhost:${running.port}`}`;
  let announcement = `userpool listening on ${running.url} (${issuerNote})\n`;
  if (!worker || worker.first)
    for (const o of running.overrides) process.stderr.write(`userpool: WARNING, unsafe override in force: ${o}\n`);
  if (running.hostedUrl)
    announcement +=
      `hosted UI / OAuth on ${running.hostedUrl}` +
      `${running.devCaPath ? ` (development CA: ${running.devCaPath})` : ""}\n`;
  if (worker) reportReady(announcement);
  else process.stdout.write(announcement);
  // SIGTERM (orchestrators) and SIGINT (Ctrl-C): stop accepting, drain, close the database, exit 0.
  // A second signal while draining exits at once, for an operator who will not wait; one within a
  // second is the same Ctrl-C relayed by a wrapper (the tsx CLI does), as in scripts/start.ts.
  let stoppingSince: number | undefined;
  const stop = (signal: NodeJS.Signals) => {
    if (stoppingSince !== undefined) {
      if (Date.now() - stoppingSince < 1000) return;
      process.stderr.write(`userpool: ${signal} again, exiting without draining\n`);
      process.exit(130);
    }
    stoppingSince = Date.now();
    running.close().then(
      () => process.exit(0),
      (e: unknown) => {
        process.stderr.write(`userpool: shutdown failed: ${e instanceof Error ? e.message : String(e)}\n`);
        process.exit(1);
      },
    );
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  // `kill <npm's pid>` reaches this process as its parent shell exiting (scripts/lib/npmParent.ts); a worker's
  // parent is the primary, which stops it.
  if (!worker)
    stopWhenNpmExits(() => {
      if (stoppingSince === undefined) stop("SIGTERM");
    });
}

const entry = process.argv[1];
if (entry && import.meta.url === pathToFileURL(realpathSync(entry)).href) void runStandalone();

export type { Logger };
