/**
 * The request a piece of work belongs to, without passing it through every call: the HTTP entry
 * points run the request inside `runInRequest`, and the logger (every line gets `reqId`), the
 * trigger runtime (the ID travels to the function) and the tracer read it from here.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import type { IncomingHttpHeaders } from "node:http";
import type { Random } from "../random.js";

export interface RequestScope {
  readonly requestId: string;
}

const storage = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (and everything it starts) as part of the request `scope`. */
export function runInRequest<T>(scope: RequestScope, fn: () => T): T {
  return storage.run(scope, fn);
}

/** The request the caller is running for, if any (housekeeping and start-up run outside one). */
export function currentRequest(): RequestScope | undefined {
  return storage.getStore();
}

/**
 * A caller's ID is kept only in this shape: it lands in log lines and a response header, so no
 * quotes, spaces or line breaks (log forging, header injection) and a bounded length. A UUID, an
 * AWS request ID or a load balancer's trace ID all fit.
 */
const WELL_FORMED = /^[A-Za-z0-9][A-Za-z0-9._:=+/-]{7,127}$/;

/** The request headers a caller's ID may come in: AWS's, then the common proxy one. */
const HEADERS = ["x-amzn-requestid", "x-request-id"] as const;

/** The caller's request ID when one of the headers holds a well-formed one, else a fresh UUID. */
export function requestIdFrom(headers: IncomingHttpHeaders, random: Random): string {
  for (const name of HEADERS) {
    const v = headers[name];
    if (typeof v === "string" && WELL_FORMED.test(v)) return v;
  }
  return random.uuid();
}
