import type { Logger } from "../log.js";

/** What the log keeps of an error: never its other fields, which may hold request data. */
export function describeError(e: unknown): { name: string; message: string; stack?: string | undefined } {
  const err = e instanceof Error ? e : new Error(String(e));
  return { name: err.name, message: err.message, stack: err.stack };
}

/**
 * Logs the internal `cause` of an error the client is about to see (e.g. the SMTP failure behind a
 * CodeDeliveryFailureException), with the request's context. Every translator calls it; the cause
 * itself never goes into a response.
 */
export function logCause(log: Logger, err: Error, context: Record<string, unknown>): void {
  if (err.cause === undefined) return;
  log.error({ ...context, error: err.name, cause: describeError(err.cause) }, "internal cause");
}
