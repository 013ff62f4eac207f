/**
 * Composition root: config → database → verifier → app → listen. Nothing else wires.
 *
 *   tsx src/main.ts            serve (default)
 *   tsx src/main.ts migrate    migrate the app database
 *   tsx src/main.ts seed       clean + seed the users table (production needs --force)
 *
 * The same commands work on the deployment bundle (`npm run build`): `node dist/main.mjs migrate`;
 * `npm run start:prod` serves from it.
 */
import { realpathSync } from "node:fs";
import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pathToFileURL } from "node:url";
import { createAppDb, migrateToLatest, type AppDb } from "@authhub/appdb";
import type { Express } from "express";
import { bearerAuth, createApp } from "./app.js";
import { AuthError } from "./auth/errors.js";
import { CognitoTokenVerifier } from "./auth/verifier.js";
import { systemClock, type Clock } from "./clock.js";
import { runMigrate } from "./commands/migrate.js";
import { runSeed } from "./commands/seed.js";
import { ConfigError, loadConfig, loadDbConfig, loadLogLevel, type ApiConfig } from "./config.js";
import { stopWhenNpmExits } from "../../../scripts/lib/npmParent.js";
import { createLogger, type Logger } from "./logger.js";

export interface RunningApi {
  url: string;
  port: number;
  app: Express;
  server: Server;
  db: AppDb;
  verifier: CognitoTokenVerifier;
  /** Stops accepting connections, lets in-flight requests finish (up to `graceMs`), then closes the database. */
  close(graceMs?: number): Promise<void>;
}

export interface StartOverrides {
  logger?: Logger;
  clock?: Clock;
  fetch?: typeof fetch;
  /** Use this database instead of opening one from config (the caller then owns it). */
  db?: AppDb;
  /** Interface to bind; default all interfaces, as a deployed server must. */
  host?: string;
}

/** Starts the API from a loaded config. Tests use this in-process with PORT 0. */
export async function startApi(config: ApiConfig, overrides: StartOverrides = {}): Promise<RunningApi> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel });
  for (const warning of config.warnings) logger.warn(`DEVELOPMENT DEFAULT, production must change this: ${warning}`);

  const ownsDb = !overrides.db;
  const db =
    overrides.db ??
    (await createAppDb(config.db, {
      // An idle pooled PostgreSQL connection dying (failover, restart) must not crash the server.
      onPoolError: (err) => logger.warn({ err }, "idle database connection lost"),
    }));
  // Production migrates explicitly (`node dist/main.mjs migrate` in a deploy hook), never as a side effect of starting.
  if (config.dbEnv !== "production") await migrateToLatest(db);

  const verifier = new CognitoTokenVerifier({
    issuer: config.auth.issuer,
    jwksUri: config.auth.jwksUri,
    clientIds: config.auth.clientIds,
    tokenUse: config.auth.tokenUse,
    clock: overrides.clock ?? systemClock,
    ...(overrides.fetch ? { fetch: overrides.fetch } : {}),
  });
  try {
    await verifier.hydrate();
  } catch (err) {
    if (!(err instanceof AuthError)) throw err;
    // Start anyway: the userpool may come up after us. Protected routes answer 503 until the keys arrive.
    logger.warn(
      { jwksUri: config.auth.jwksUri },
      "JWKS not reachable at start; protected routes answer 503 until it is",
    );
  }

  const app = createApp({
    db,
    authenticate: bearerAuth(verifier),
    logger,
    corsOrigins: config.corsOrigins,
    ...(overrides.clock ? { clock: overrides.clock } : {}),
  });
  const server = createServer(app);
  let closing = false;
  const inFlight = new Set<ServerResponse>();
  server.on("request", (_req, res: ServerResponse) => {
    // While draining, tell keep-alive clients to reconnect elsewhere instead of reusing this socket.
    if (closing) res.setHeader("Connection", "close");
    inFlight.add(res);
    res.on("close", () => inFlight.delete(res));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(config.port, overrides.host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  logger.info(
    { port, issuer: config.auth.issuer, tokenUse: config.auth.tokenUse, engine: config.db.engine },
    "api listening",
  );

  let closed: Promise<void> | undefined;
  return {
    url,
    port,
    app,
    server,
    db,
    verifier,
    close(graceMs = 10_000) {
      closed ??= (async () => {
        closing = true;
        for (const res of inFlight) if (!res.headersSent) res.setHeader("Connection", "close");
        const done = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        const force = setTimeout(() => server.closeAllConnections(), graceMs);
        force.unref();
        await done;
        clearTimeout(force);
        if (ownsDb) await db.destroy();
        logger.info("api stopped");
      })();
      return closed;
    },
  };
}

async function main(argv: string[]): Promise<void> {
  const [command = "serve", ...rest] = argv;
  const env = process.env;
  switch (command) {
    case "serve": {
      const config = await loadConfig(env);
      const logger = createLogger({ level: config.logLevel });
      // Handlers go in before starting, so a signal during startup still shuts down cleanly.
      const started = startApi(config, { logger });
      let stopping = false;
      const stop = (signal: string) => {
        if (stopping) {
          logger.warn({ signal }, "second signal, exiting now");
          process.exit(1);
        }
        stopping = true;
        logger.info({ signal }, "shutting down");
        started
          .then((api) => api.close())
          .then(
            () => process.exit(0),
            (err: unknown) => {
              logger.error({ err }, "shutdown failed");
              process.exit(1);
            },
          );
      };
      process.on("SIGTERM", () => stop("SIGTERM"));
      process.on("SIGINT", () => stop("SIGINT"));
      // Under npm, `kill <npm's pid>` reaches this process as its parent shell exiting (scripts/lib/npmParent.ts).
      stopWhenNpmExits(() => {
        if (!stopping) stop("npm exited");
      });
      await started;
      return;
    }
    case "migrate": {
      const config = await loadDbConfig(env);
      await runMigrate(config, createLogger({ level: loadLogLevel(env) }));
      return;
    }
    case "seed": {
      const config = await loadDbConfig(env);
      await runSeed(config, createLogger({ level: loadLogLevel(env) }), { force: rest.includes("--force") });
      return;
    }
    default:
      throw new ConfigError(`unknown command "${command}"; use serve, migrate or seed`);
  }
}

function isEntryPoint(): boolean {
  const entry = process.argv[1];
  if (!entry) return false;
  try {
    return import.meta.url === pathToFileURL(realpathSync(entry)).href;
  } catch {
    return false;
  }
}

if (isEntryPoint()) {
  main(process.argv.slice(2)).catch((err: unknown) => {
    // Configuration mistakes get their message alone; a stack trace would bury the variable's name.
    if (err instanceof ConfigError) console.error(`authhub-api: ${err.message}`);
    else console.error(err);
    process.exit(1);
  });
}
