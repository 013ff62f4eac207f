import { randomUUID } from "node:crypto";
import type { IncomingMessage } from "node:http";
import { pino, type DestinationStream, type Logger } from "pino";
import { pinoHttp, type HttpLogger } from "pino-http";

export type { Logger };

/** The process logger: JSON lines on stdout (or `destination`, for tests). */
export function createLogger(options: { level: string; destination?: DestinationStream }): Logger {
  return pino(
    {
      level: options.level,
      base: { service: "authhub-api" },
      // Belt and braces: the serializers below never emit headers, but if anyone logs a raw request, these go.
      redact: {
        paths: [
          "req.headers.authorization",
          "req.headers.cookie",
          "headers.authorization",
          "headers.cookie",
          "authorization",
        ],
        censor: "[redacted]",
      },
    },
    options.destination,
  );
}

/**
 * A caller's request ID is kept only in this shape (the userpool's rule too): no quotes, spaces or
 * line breaks, so it cannot forge log lines or headers, and bounded in length.
 */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}$/;

/** The caller's X-Request-Id (or X-Amzn-RequestId) when well-formed, so one ID follows a request across services. */
export function callerRequestId(req: IncomingMessage): string | undefined {
  for (const name of ["x-request-id", "x-amzn-requestid"]) {
    const v = req.headers[name];
    if (typeof v === "string" && WELL_FORMED.test(v)) return v;
  }
  return undefined;
}

/**
 * One log line per request with method, path (no query string: tokens and emails have no place in
 * logs), status and time. The request ID is the caller's when well-formed, else ours; every line
 * logged through `req.log` carries it, and the answer returns it in X-Request-Id.
 */
export function httpLogger(logger: Logger, genReqId: () => string = randomUUID): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (req, res) => {
      const id = callerRequestId(req) ?? genReqId();
      res.setHeader("X-Request-Id", id);
      return id;
    },
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({
        id: req.id,
        method: req.method,
        path: req.url.split("?")[0],
      }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
    customLogLevel: (_req: IncomingMessage, res, err) => (err || res.statusCode >= 500 ? "error" : "info"),
  });
}
