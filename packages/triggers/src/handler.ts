import type { Context } from "aws-lambda";
import type { AppDb } from "@authhub/appdb";
import { systemClock, type Clock } from "./clock.js";
import { lazyOnce, openAppDbFromEnv } from "./connection.js";
import type { PreTokenGenerationEvent } from "./events.js";
import { describeError, functionLogger, requestFields, withFields, type Logger } from "./log.js";
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
   * Starts opening the database now, at the module's init rather than on the first event (Lambda's
   * practice of creating clients outside the handler), and settles when that attempt has. Never
   * rejects: a failure is logged and kept for the next event to report, as a failed open on the first
   * event is today, and the event after that opens again. Nothing to do with a `db` passed in.
   */
  init(): Promise<void>;
  /**
   * Closes the database this handler opened (not one passed in as `db`). Lambda never calls it; the
   * in-process transport and tests do on shutdown. A later event opens the database again.
   */
  close(): Promise<void>;
}

/**
 * Builds the Lambda handler. Nothing touches the database until `init()` or the first event; from
 * then on the one Kysely instance (and its pool) lives as long as the container.
 */
export function createHandler(options: HandlerOptions = {}): PreTokenGenerationHandler {
  const log = options.log ?? functionLogger(options.env?.LOG_LEVEL);
  const provided = options.db;
  const open = provided
    ? async () => provided
    : (options.openDb ?? (() => openAppDbFromEnv(options.env ?? process.env, log)));
  const db = lazyOnce(open);
  // The open init() started, until the first event takes it: that event reports its failure (as a failed
  // open on the first event always has), and only the events after it open again.
  let initAttempt: Promise<AppDb> | undefined;
  const opened = () => {
    const attempt = initAttempt;
    initAttempt = undefined;
    return attempt ?? db();
  };
  const users = async () => createUserSyncStore(await opened());
  const clock = options.clock ?? systemClock;
  const handle = (event: PreTokenGenerationEvent, context?: Context) => {
    const fields = requestFields(context);
    return preTokenGeneration(event, { users, clock, log: Object.keys(fields).length ? withFields(log, fields) : log });
  };
  return Object.assign(handle, {
    async init() {
      if (provided) return;
      const attempt = db();
      initAttempt = attempt;
      try {
        await attempt;
      } catch (err) {
        log.warn("app database could not be opened at init; the next event reports it", describeError(err));
      }
    },
    async close() {
      initAttempt = undefined;
      const current = await db.reset();
      if (current && current !== provided) await current.destroy();
    },
  });
}
