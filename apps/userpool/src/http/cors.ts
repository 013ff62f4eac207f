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
// What the SDKs read from responses: request ID and error type/message.
const EXPOSED_HEADERS = "x-amzn-RequestId, x-amzn-ErrorType, x-amzn-ErrorMessage, Date";

/**
 * CORS for the JSON API and the public key documents. No cookies or other ambient credentials
 * are involved, so any origin may call, as with Cognito's own endpoint.
 */
export function cors(req: Request, res: Response, next: NextFunction): void {
  res.set("Access-Control-Allow-Origin", "*");
  res.set("Access-Control-Expose-Headers", EXPOSED_HEADERS);
  if (req.method === "OPTIONS") {
    res
      .status(204)
      .set({
        "Access-Control-Allow-Methods": "POST, GET, OPTIONS",
        "Access-Control-Allow-Headers": ALLOWED_HEADERS,
        "Access-Control-Max-Age": "86400",
      })
      .end();
    return;
  }
  next();
}
