import type { ErrorRequestHandler, RequestHandler } from "express";
import { AuthError, sendAuthError } from "./auth/errors.js";

/** Stable codes of the API's JSON errors; the body is always `{ error, message }`. */
export type ApiErrorCode =
  | "bad_request"
  | "invalid_json"
  | "payload_too_large"
  | "unsupported_media_type"
  | "not_found"
  | "method_not_allowed"
  | "unavailable"
  | "internal_error";

// One table: each code's status and the message used when the thrower gives none.
const TABLE: Record<ApiErrorCode, { status: number; message: string }> = {
  bad_request: { status: 400, message: "The request is invalid" },
  invalid_json: { status: 400, message: "The request body is not valid JSON" },
  payload_too_large: { status: 413, message: "The request body is too large" },
  unsupported_media_type: { status: 415, message: "The request body's encoding is not supported" },
  not_found: { status: 404, message: "No such resource" },
  method_not_allowed: { status: 405, message: "The method is not allowed on this resource" },
  unavailable: { status: 503, message: "The service is temporarily unavailable" },
  internal_error: { status: 500, message: "Something went wrong on our side" },
};

/** An error meant for the client. Handlers only throw these; `errorHandler()` writes them. */
export class ApiError extends Error {
  override name = "ApiError";
  readonly status: number;

  constructor(
    readonly code: ApiErrorCode,
    message?: string,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message ?? TABLE[code].message);
    this.status = TABLE[code].status;
  }
}

/** The JSON 404 for any path no route matched. */
export function notFound(): RequestHandler {
  return (_req, _res, next) => next(new ApiError("not_found", "No such route"));
}

/** The single translator from thrown errors to the API's JSON shape. Internal causes are logged, never sent. */
export function errorHandler(): ErrorRequestHandler {
  return (err: unknown, req, res, next) => {
    if (res.headersSent) return next(err);
    if (err instanceof AuthError) return sendAuthError(res, err);
    const apiError = err instanceof ApiError ? err : fromFramework(err);
    if (!apiError) {
      req.log.error({ err }, "unhandled error");
      return res.status(500).json({ error: "internal_error", message: TABLE.internal_error.message });
    }
    for (const [name, value] of Object.entries(apiError.headers)) res.setHeader(name, value);
    res.status(apiError.status).json({ error: apiError.code, message: apiError.message });
  };
}

// body-parser and the router signal client mistakes with http-errors carrying `type`/`status`.
function fromFramework(err: unknown): ApiError | undefined {
  if (!err || typeof err !== "object") return undefined;
  const { type, status, expose } = err as { type?: unknown; status?: unknown; expose?: unknown };
  switch (type) {
    case "entity.parse.failed":
      return new ApiError("invalid_json");
    case "entity.too.large":
      return new ApiError("payload_too_large");
    case "encoding.unsupported":
    case "charset.unsupported":
      return new ApiError("unsupported_media_type");
  }
  // Any other exposed 4xx (bad URL encoding, aborted body, …) is the client's; say so without echoing it.
  if (expose === true && typeof status === "number" && status >= 400 && status < 500)
    return new ApiError("bad_request");
  return undefined;
}
