import type { Response } from "express";
import { headerSafe } from "../http/headers.js";
import type { Logger } from "../log.js";
import { AwsError } from "./awsError.js";
import { describeError, logCause } from "./cause.js";
import { InternalErrorException } from "./cognitoErrors.js";

/** An error already in AWS wire terms: what the client is told, and nothing else. */
export interface AwsWireError {
  status: number;
  type: string;
  message: string;
}

/**
 * Maps anything thrown by a handler to the AWS wire shape. An AwsError (a Cognito exception or a
 * SigV4 refusal) is sent with its own message, and its internal cause is logged; any other error is
 * logged here (name, message, stack: no request data) and answered as InternalErrorException, so
 * internal detail never reaches the client. `context` (request ID, operation) goes into the log lines.
 */
export function toWireError(err: unknown, log: Logger, context: Record<string, unknown> = {}): AwsWireError {
  if (err instanceof AwsError) {
    logCause(log, err, context);
    return { status: err.status, type: err.code, message: err.message };
  }
  log.error({ ...context, err: describeError(err) }, "unexpected error");
  const internal = new InternalErrorException();
  return { status: internal.status, type: internal.code, message: internal.message };
}

/** An AWS JSON 1.1 error response, ready for either a plain Node response or Express. */
export interface AwsErrorResponse {
  status: number;
  headers: Record<string, string>;
  body: string;
}

/**
 * The one writer of the AWS JSON 1.1 error shape: `{"__type","message"}` with the `x-amzn-ErrorType`
 * header (what the SDKs read first) and `x-amzn-ErrorMessage`.
 */
export function awsErrorResponse(wire: AwsWireError): AwsErrorResponse {
  return {
    status: wire.status,
    headers: {
      "Content-Type": "application/x-amz-json-1.1",
      "x-amzn-ErrorType": wire.type,
      "x-amzn-ErrorMessage": headerSafe(wire.message, 512),
    },
    body: JSON.stringify({ __type: wire.type, message: wire.message }),
  };
}

/** Sends an AWS error from an Express route (the request log reads the type from `res.locals`). */
export function sendWireError(res: Response, wire: AwsWireError): void {
  const r = awsErrorResponse(wire);
  res.locals.errorType = wire.type;
  res.status(r.status).set(r.headers).send(r.body);
}
