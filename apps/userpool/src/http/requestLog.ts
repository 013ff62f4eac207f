import { performance } from "node:perf_hooks";
import type { NextFunction, Request, Response } from "express";
import type { Logger } from "../log.js";
import type { Random } from "../random.js";

/**
 * One structured line per request: request ID, method, path (never the query string, which can
 * hold codes), operation, status, AWS error name and duration. Bodies and headers are not logged.
 */
export function requestLog(log: Logger, random: Random) {
  return (req: Request, res: Response, next: NextFunction): void => {
    const started = performance.now();
    const requestId = random.uuid();
    res.locals.requestId = requestId;
    res.set("x-amzn-RequestId", requestId);
    res.on("finish", () => {
      const line: Record<string, unknown> = {
        reqId: requestId,
        method: req.method,
        path: req.path,
        status: res.statusCode,
        ms: Math.round((performance.now() - started) * 10) / 10,
      };
      if (res.locals.operation) line.op = res.locals.operation;
      if (res.locals.errorType) line.error = res.locals.errorType;
      const level = res.statusCode >= 500 ? "error" : "info";
      log[level](line, res.locals.errorType ? "request failed" : "request");
    });
    next();
  };
}
