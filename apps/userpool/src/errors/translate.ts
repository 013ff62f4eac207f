import type { Response } from "express";
import type { Logger } from "../log.js";
import { CognitoError, InternalErrorException } from "./cognitoErrors.js";

/** An error already in AWS wire terms (a Cognito exception, or a SigV4 refusal). */
export interface AwsWireError {
  status: number;
  type: string;
  message: string;
}

/**
 * Maps anything thrown by a handler to Cognito's wire shape. Only CognitoError messages are
 * sent; any other error is logged here (name and message only: no request data) and answered as
 * InternalErrorException, so internal causes never reach the client.
 */
export function toWireError(err: unknown, log: Logger, context: Record<string, unknown> = {}): AwsWireError {
  if (err instanceof CognitoError) return { status: err.status, type: err.code, message: err.message };
  const e = err instanceof Error ? err : new Error(String(err));
  log.error({ ...context, err: { name: e.name, message: e.message, stack: e.stack } }, "unexpected error");
  const internal = new InternalErrorException();
  return { status: internal.status, type: internal.code, message: internal.message };
}

/** Writes `{"__type","message"}` with the `x-amzn-ErrorType` header, as AWS JSON 1.1 does. */
export function sendWireError(res: Response, wire: AwsWireError): void {
  res.locals.errorType = wire.type;
  res
    .status(wire.status)
    .set("Content-Type", "application/x-amz-json-1.1")
    .set("x-amzn-ErrorType", wire.type)
    .set("x-amzn-ErrorMessage", headerSafe(wire.message))
    .send(JSON.stringify({ __type: wire.type, message: wire.message }));
}

/** Header values must be Latin-1 without control characters; messages are ours, but be safe. */
function headerSafe(s: string): string {
  return s.replace(/[^\x20-\x7e]/g, "?").slice(0, 512);
}
