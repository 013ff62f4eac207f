import type { RequestHandler } from "express";
import type { AppDb } from "@authhub/appdb";
import type { RequireAuthOptions } from "../auth/requireAuth.js";
import type { Clock } from "../clock.js";

/** Everything a route handler may use. Each route picks the few it needs with `Pick<Services, …>`. */
export interface Services {
  db: AppDb;
  clock: Clock;
  /** The OpenAPI document, built from the route registry. */
  openApiDocument: object;
}

/** An OpenAPI 3.1 Operation Object; the success responses only (error responses are added from `auth`). */
export interface OperationDoc {
  operationId: string;
  summary: string;
  description?: string;
  tags?: string[];
  parameters?: object[];
  responses: Record<string, object>;
}

/** One API operation: its method, path, auth rule, documentation and handler. */
export interface Route<D extends keyof Services = keyof Services> {
  method: "get";
  path: string;
  /** Absent: public. Present: `requireAuth()` with these options guards the route. */
  auth?: RequireAuthOptions;
  doc: OperationDoc;
  handler(deps: Pick<Services, D>): RequestHandler;
}

/** Helper that keeps each route's `D` while the registry holds them in one list. */
export function defineRoute<D extends keyof Services>(route: Route<D>): Route<D> {
  return route;
}
