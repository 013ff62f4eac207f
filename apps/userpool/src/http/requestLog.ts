import { performance } from "node:perf_hooks";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../log.js";
import type { Random } from "../random.js";

export interface RequestLine {
  requestId: string;
  method: string;
  path: string;
  status: number;
  operation?: string | undefined;
  errorType?: string | undefined;
  ms: number;
}

/**
 * One structured line per request: request ID, method, path (never the query string, which can
 * hold codes), operation, status, AWS error name and duration. Bodies and headers are not logged.
 */
export function logRequest(log: Logger, r: RequestLine): void {
  const level = r.status >= 500 ? "error" : "info";
  if (!log.isLevelEnabled(level)) return;
  const line: Record<string, unknown> = {
    reqId: r.requestId,
    method: r.method,
    path: r.path,
    status: r.status,
    ms: Math.round(r.ms * 10) / 10,
  };
  if (r.operation) line.op = r.operation;
  if (r.errorType) line.error = r.errorType;
  log[level](line, r.errorType ? "request failed" : "request");
}

/** Express middleware for the routes other than POST / (which logs itself). */
export function requestLog(log: Logger, random: Random) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const requestId = random.uuid();
    res.locals.requestId = requestId;
    res.set("x-amzn-RequestId", requestId);
    res.on("finish", () =>
      logRequest(log, {
        requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        operation: res.locals.operation,
        errorType: res.locals.errorType,
        ms: performance.now() - started,
      }),
    );
    next();
  };
}
