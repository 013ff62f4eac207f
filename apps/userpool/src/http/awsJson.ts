import type { IncomingHttpHeaders, IncomingMessage, ServerResponse } from "node:http";
import { performance } from "node:perf_hooks";
import {
  InvalidParameterException,
  NotAuthorizedException,
  SerializationException,
  UnknownOperationException,
} from "../errors/cognitoErrors.js";
import { awsErrorResponse, toWireError } from "../errors/translate.js";
import type { RequestContext, Target } from "../protocol/target.js";
import { parseInput } from "../protocol/validate.js";
import { encodeAwsJson } from "../protocol/wire.js";
import type { Metrics } from "../observability/metrics.js";
import type { Tracing } from "../observability/tracing.js";
import { requestIdFrom, runInRequest } from "../observability/requestContext.js";
import { signInOutcome, type Answer } from "../observability/signInOutcome.js";
import type { Services } from "../services/index.js";
import { requestAddress } from "./addressLimit.js";
import { CORS_RESPONSE_HEADERS, type AdminOrigins } from "./cors.js";
import { headerSafe } from "./headers.js";
import { logRequest } from "./requestLog.js";

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

/** Checks the SigV4 signature of an admin request; returns the region it was signed for. */
export type AdminAuthenticator = (req: {
  method: string;
  path: string;
  query: string;
  headers: IncomingHttpHeaders;
  body: Buffer;
}) => { region: string };

/**
 * Another AWS JSON 1.1 service on the same endpoint (the development KMS): requests whose X-Amz-Target starts
 * with `prefix` go to `handle` once `authenticate` (SigV4 for that service) accepted them.
 */
export interface ExtraJsonService {
  prefix: string;
  authenticate: AdminAuthenticator;
  handle(operation: string, body: unknown): unknown;
}

/**
 * `POST /`: the AWS JSON 1.1 endpoint. The operation comes from X-Amz-Target; admin operations
 * must carry a valid SigV4 signature (checked over the raw body, which is why the body is read
 * here rather than by a JSON parser); the body is validated against the operation's input shape
 * before the handler runs. Every API call takes this path, so it is a plain Node handler, without
 * the Express middleware chain the other routes use.
 */
export function awsJsonHandler(
  services: Services,
  targets: ReadonlyMap<string, Target>,
  opts: {
    authenticateAdmin: AdminAuthenticator;
    adminOrigins: AdminOrigins;
    bodyLimit: number;
    extraServices?: readonly ExtraJsonService[];
    metrics?: Metrics;
    tracing?: Tracing;
  },
) {
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const requestId = requestIdFrom(req.headers, services.random);
    return runInRequest({ requestId }, () => answer(req, res, requestId));
  };

  async function answer(req: IncomingMessage, res: ServerResponse, requestId: string): Promise<void> {
    const started = performance.now();
    let operation: string | undefined;
    // The metrics label: a registered operation's name, never the caller's header text.
    let metricOperation = "unknown";
    let input: unknown;
    let outcome: Answer | undefined;
    let status = 200;
    let errorType: string | undefined;
    let errorHeaders: Record<string, string> = {};
    let payload: string;
    try {
      const body = await readBody(req, bodyLimitFor(req.headers["x-amz-target"], opts.bodyLimit));
      const header = req.headers["x-amz-target"];
      if (typeof header !== "string" || !header)
        throw new UnknownOperationException(
          "Missing X-Amz-Target header; expected AWSCognitoIdentityProviderService.<Operation>.",
        );
      const extra = opts.extraServices?.find((x) => header.startsWith(x.prefix));
      if (extra) {
        // Checked before the Cognito operations: another service's target never reaches their router.
        operation = printable(header);
        metricOperation = extra.prefix.replace(/\.$/, "");
        payload = encodeAwsJson(await extraService(extra, header.slice(extra.prefix.length), req, body, opts));
      } else {
        const target = header.startsWith(TARGET_PREFIX) ? targets.get(header.slice(TARGET_PREFIX.length)) : undefined;
        if (!target)
          throw new UnknownOperationException(`Operation ${printable(header)} is not supported by this server.`);
        operation = target.name;
        metricOperation = target.name;
        const limits = services.requestRates;
        const userAgent = req.headers["user-agent"];
        const ctx: RequestContext = {
          requestId,
          sourceIp: requestAddress(limits, req),
          ...(userAgent ? { userAgent } : {}),
        };
        // Per address first, before the body is parsed: a flood of junk counts too.
        if (limits.active) await limits.admitOperationAddress(target.name, ctx.sourceIp);
        if (target.access === "admin") {
          // A browser page of another site (e.g. DNS rebinding or a page that knows local/local) is
          // refused before any signature check: SigV4 can also travel in the query string, which no
          // preflight guards. NotAuthorizedException is what every admin operation lists for a
          // caller that is not allowed (Cognito API reference, e.g. AdminCreateUser, Errors).
          if (!opts.adminOrigins.permits(req)) {
            throw new NotAuthorizedException(
              `Browser origin ${printable(String(req.headers.origin))} may not call IAM-authorized operations.`,
            );
          }
          const url = req.url ?? "/";
          const q = url.indexOf("?");
          ctx.region = opts.authenticateAdmin({
            method: req.method ?? "POST",
            path: q < 0 ? url : url.slice(0, q),
            query: q < 0 ? "" : url.slice(q + 1),
            headers: req.headers,
            body,
          }).region;
        }
        input = parseInput(target.input, parseJsonBody(body));
        // The category quota needs the pool the request names, so it comes after validation (and after SigV4).
        if (limits.active) await limits.admitOperation(target.name, input as Record<string, unknown>);
        const result = (await target.handle(services, input, ctx)) ?? {};
        outcome = { ok: true, result };
        payload = encodeAwsJson(result);
      }
    } catch (err) {
      const wire = toWireError(err, services.log, { op: operation, reqId: requestId });
      const r = awsErrorResponse(wire);
      status = r.status;
      errorType = wire.type;
      errorHeaders = r.headers;
      payload = r.body;
      outcome = { ok: false, errorType: wire.type, message: wire.message };
    }
    res.writeHead(status, {
      ...errorHeaders,
      ...CORS_RESPONSE_HEADERS,
      "Content-Type": "application/x-amz-json-1.1",
      "Content-Length": Buffer.byteLength(payload),
      "x-amzn-RequestId": requestId,
    });
    res.end(payload);
    const ms = performance.now() - started;
    logRequest(services.log, { requestId, method: "POST", path: "/", status, operation, errorType, ms });
    // Spans carry the wall clock (a collector's timeline), not the injected Clock tests move.
    opts.tracing?.record({
      name: metricOperation,
      listener: "api",
      requestId,
      startMs: Date.now() - ms,
      durationMs: ms,
      status,
      errorType,
    });
    const metrics = opts.metrics;
    if (metrics) {
      metrics.request({
        listener: "api",
        operation: metricOperation,
        status,
        errorType,
        seconds: ms / 1000,
      });
      const signIn = outcome && signInOutcome(operation, input, outcome);
      if (signIn) metrics.signIn(signIn.outcome, signIn.challenge);
    }
  }
}

/** An extra service's operation: SigV4 for its service first, then its handler on the parsed body. */
async function extraService(
  service: ExtraJsonService,
  operation: string,
  req: IncomingMessage,
  body: Buffer,
  opts: { adminOrigins: AdminOrigins },
): Promise<unknown> {
  if (!opts.adminOrigins.permits(req))
    throw new NotAuthorizedException(
      `Browser origin ${printable(String(req.headers.origin))} may not call IAM-authorized operations.`,
    );
  const url = req.url ?? "/";
  const q = url.indexOf("?");
  service.authenticate({
    method: req.method ?? "POST",
    path: q < 0 ? url : url.slice(0, q),
    query: q < 0 ? "" : url.slice(q + 1),
    headers: req.headers,
    body,
  });
  return service.handle(operation, parseJsonBody(body));
}

/**
 * Managed-login styles carry images: Cognito takes requests of up to 2 MB for them (API reference,
 * CreateManagedLoginBranding, UpdateManagedLoginBranding); every other operation keeps the configured limit.
 */
const LARGE_BODY_TARGETS = new Set([
  "AWSCognitoIdentityProviderService.CreateManagedLoginBranding",
  "AWSCognitoIdentityProviderService.UpdateManagedLoginBranding",
]);
function bodyLimitFor(target: string | string[] | undefined, limit: number): number {
  return typeof target === "string" && LARGE_BODY_TARGETS.has(target) ? Math.max(limit, 2 * 1024 * 1024) : limit;
}

/** Reads the raw body (needed byte-exact for SigV4), refusing more than `limit` bytes. */
function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  const tooLarge = () => new InvalidParameterException(`Request body exceeds ${limit} bytes.`);
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers["content-length"] ?? 0);
    if (declared > limit) {
      req.resume();
      reject(tooLarge());
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    req.on("data", (c: Buffer) => {
      size += c.length;
      if (size > limit) {
        req.removeAllListeners("data");
        req.resume();
        reject(tooLarge());
        return;
      }
      chunks.push(c);
    });
    req.on("end", () => resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks)));
    req.on("error", reject);
  });
}

function parseJsonBody(body: Buffer): unknown {
  // The SDKs always send at least "{}"; an empty body means "no members".
  if (body.length === 0) return {};
  let value: unknown;
  try {
    value = JSON.parse(body.toString("utf8"));
  } catch {
    throw new SerializationException("The request body is not valid JSON.");
  }
  if (typeof value !== "object" || value === null || Array.isArray(value))
    throw new SerializationException("Start of structure or map found where not expected.");
  return value;
}

/** A caller's value quoted in an error message (which also travels in a header). */
function printable(s: string): string {
  return s.length > 128 ? `${headerSafe(s, 128)}…` : headerSafe(s, 128);
}
