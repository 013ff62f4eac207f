import type { NextFunction, Request, Response } from "express";

// Browser clients (aws-amplify, amazon-cognito-identity-js, the AWS SDK) send these on POST /.
const ALLOWED_HEADERS = [
  "x-amz-target",
  "x-amz-user-agent",
  "content-type",
  "cache-control",
  "authorization",
  "x-amz-date",
  "x-amz-content-sha256",
  "x-amz-security-token",
  "amz-sdk-invocation-id",
  "amz-sdk-request",
].join(", ");

/**
 * CORS for the JSON API and the public key documents. No cookies or other ambient credentials
 * are involved, so any origin may call, as with Cognito's own endpoint. Exposed: what the SDKs
 * read from responses (request ID, error type and message).
 */
export const CORS_RESPONSE_HEADERS = {
  "Access-Control-Allow-Origin": "*",
  "Access-Control-Expose-Headers": "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date",
} as const;

export const CORS_PREFLIGHT_HEADERS = {
  ...CORS_RESPONSE_HEADERS,
  "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
  "Access-Control-Allow-Headers": ALLOWED_HEADERS,
  "Access-Control-Max-Age": "86400",
} as const;

export function cors(req: Request, res: Response, next: NextFunction): void {
  if (req.method === "OPTIONS") {
    res.status(204).set(CORS_PREFLIGHT_HEADERS).end();
    return;
  }
  res.set(CORS_RESPONSE_HEADERS);
  next();
}
