import type { Context } from "aws-lambda";
import type { AppDb } from "@authhub/appdb";
import { systemClock, type Clock } from "./clock.js";
import { lazyOnce, openAppDbFromEnv } from "./connection.js";
import type { PreTokenGenerationEvent } from "./events.js";
import { jsonLogger, requestFields, withFields, type Logger } from "./log.js";
import { preTokenGeneration } from "./preTokenGeneration.js";
import { createUserSyncStore } from "./store/users.js";

export type { PreTokenGenerationEvent } from "./events.js";
export { DB_USER_ID_CLAIM } from "./preTokenGeneration.js";
export { TriggerError, type TriggerErrorCode } from "./errors.js";

export interface HandlerOptions {
  /** A ready database (tests). */
  db?: AppDb;
  /** Opens the database on first use; called at most once per handler. Default: from `env`. */
  openDb?: () => Promise<AppDb>;
  env?: NodeJS.ProcessEnv;
  clock?: Clock;
  log?: Logger;
}

export interface PreTokenGenerationHandler {
  (event: PreTokenGenerationEvent, context?: Context): Promise<PreTokenGenerationEvent>;
  /**
   * Closes the database this handler opened (not one passed in as `db`). Lambda never calls it; the
   * in-process transport and tests do on shutdown. A later event opens the database again.
   */
  close(): Promise<void>;
}

/**
 * Builds the Lambda handler. Nothing touches the database until the first event; from then on the
 * one Kysely instance (and its pool) lives as long as the container.
 */
export function createHandler(options: HandlerOptions = {}): PreTokenGenerationHandler {
  const log = options.log ?? jsonLogger(options.env?.LOG_LEVEL);
  const provided = options.db;
  const open = provided
    ? async () => provided
    : (options.openDb ?? (() => openAppDbFromEnv(options.env ?? process.env, log)));
  const db = lazyOnce(open);
  const users = async () => createUserSyncStore(await db());
  const clock = options.clock ?? systemClock;
  const handle = (event: PreTokenGenerationEvent, context?: Context) => {
    const fields = requestFields(context);
    return preTokenGeneration(event, { users, clock, log: Object.keys(fields).length ? withFields(log, fields) : log });
  };
  return Object.assign(handle, {
    async close() {
      const opened = await db.reset();
      if (opened && opened !== provided) await opened.destroy();
    },
  });
}

/** The Lambda entry point (`index.handler` in the bundle). The database opens on the first event. */
export const handler: PreTokenGenerationHandler = createHandler();
