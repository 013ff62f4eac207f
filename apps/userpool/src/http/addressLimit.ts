import type { IncomingMessage } from "node:http";
import type { NextFunction, Request, Response } from "express";
import { TooManyRequestsException } from "../errors/cognitoErrors.js";
import type { Services } from "../services/index.js";
import { ENDPOINT_RATES } from "../services/requestRates/categories.js";
import { clientAddress } from "../services/requestRates/clientAddress.js";
import type { RequestRateLimiter } from "../services/requestRates/limiter.js";

/** The client address of a request: the socket's peer, or X-Forwarded-For as far as the proxies are trusted. */
export function requestAddress(
  limits: Pick<RequestRateLimiter, "trustedProxyHops">,
  req: IncomingMessage,
): string | undefined {
  return clientAddress(req.socket.remoteAddress, req.headers["x-forwarded-for"], limits.trustedProxyHops);
}

/**
 * Express middleware for an endpoint of ENDPOINT_RATES with a per-address limit: counts the request
 * before anything reads it (body, cookies, CSRF), and past the limit answers with `refuse` (each
 * endpoint in its own protocol's shape). An endpoint without a per-address limit passes through.
 */
export function addressLimit(
  deps: Pick<Services, "requestRates">,
  endpoint: string,
  refuse: (res: Response, message: string) => void,
) {
  const rate = ENDPOINT_RATES[endpoint];
  if (!rate) throw new Error(`${endpoint} is not in ENDPOINT_RATES (services/requestRates/categories.ts)`);
  const counter = "address" in rate ? rate.address : undefined;
  return (req: Request, res: Response, next: NextFunction): void => {
    const limits = deps.requestRates;
    if (!counter || !limits.active) {
      next();
      return;
    }
    limits.admitAddress(counter, requestAddress(limits, req)).then(
      () => next(),
      (e: unknown) => {
        if (!(e instanceof TooManyRequestsException)) return next(e);
        res.locals.errorType = e.code;
        refuse(res, e.message);
      },
    );
  };
}
