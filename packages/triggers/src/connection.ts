import { createAppDb, resolveAppDbConfig, type AppDb } from "@authhub/appdb";
import { describeError, type Logger } from "./log.js";

export interface Lazy<T> {
  (): Promise<T>;
  /** Forgets the value (after awaiting an open in flight) and returns it, so the caller can dispose of it. */
  reset(): Promise<T | undefined>;
}

/**
 * Memoises an async factory. The promise is stored before the first await, so concurrent first
 * callers share one call (one pool per container, not one per racing invocation). A failure is not
 * cached: the next invocation retries, e.g. after a transient Secrets Manager error.
 */
export function lazyOnce<T>(factory: () => Promise<T>): Lazy<T> {
  let pending: Promise<T> | undefined;
  const get = () =>
    (pending ??= Promise.resolve()
      .then(factory)
      .catch((err: unknown) => {
        pending = undefined;
        throw err;
      }));
  const reset = async () => {
    const current = pending;
    pending = undefined;
    return current?.catch(() => undefined);
  };
  return Object.assign(get, { reset });
}

/**
 * Opens the app database the way the API does: `resolveAppDbConfig(env)` (DB_ENV, DATABASE_URL,
 * RDS_*, DB_SECRET_ARN). It never migrates: the API's migrate step owns the schema.
 */
export async function openAppDbFromEnv(env: NodeJS.ProcessEnv, log: Logger): Promise<AppDb> {
  const config = await resolveAppDbConfig(env);
  // A Lambda container handles one invocation at a time, so one connection is enough; more would
  // only eat into the database's max_connections as the function scales out.
  if (config.engine === "postgres" && config.max === undefined && env.AWS_LAMBDA_FUNCTION_NAME) config.max = 1;
  log.info(
    "app database opened",
    config.engine === "sqlite"
      ? { engine: "sqlite", file: config.file }
      : { engine: "postgres", host: config.host ?? "(from DATABASE_URL)", max: config.max ?? 10 },
  );
  return createAppDb(config, {
    // An idle pooled connection can die while the container is frozen; without a listener pg's
    // 'error' event would crash the runtime. The pool drops the client and reconnects on next use.
    onPoolError: (err) => log.warn("idle database connection lost", describeError(err)),
  });
}
