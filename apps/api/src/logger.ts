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
 * One log line per request with method, path (no query string: tokens and emails have no place in
 * logs), status and time. Request IDs are ours, never taken from the client, so logs cannot be forged.
 */
export function httpLogger(logger: Logger, genReqId: () => string = randomUUID): HttpLogger {
  return pinoHttp({
    logger,
    genReqId: (_req, res) => {
      const id = genReqId();
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
