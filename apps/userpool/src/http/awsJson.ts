import type { IncomingHttpHeaders } from "node:http";
import type { Request, Response } from "express";
import { SigV4Error } from "../aws/sigv4.js";
import { SerializationException, UnknownOperationException } from "../errors/cognitoErrors.js";
import { sendWireError, toWireError } from "../errors/translate.js";
import type { RequestContext, Target } from "../protocol/target.js";
import { parseInput } from "../protocol/validate.js";
import { encodeAwsJson } from "../protocol/wire.js";
import type { Services } from "../services/index.js";

const TARGET_PREFIX = "AWSCognitoIdentityProviderService.";

/** Checks the SigV4 signature of an admin request; returns the region it was signed for. */
export type AdminAuthenticator = (req: { method: string; path: string; query: string; headers: IncomingHttpHeaders; body: Buffer }) => { region: string };

/**
 * `POST /`: the AWS JSON 1.1 router. The operation comes from X-Amz-Target; admin operations must
 * carry a valid SigV4 signature (checked over the raw body, hence the raw body parser); the body is
 * parsed and validated against the operation's input shape before the handler runs.
 */
export function awsJsonRouter(services: Services, targets: ReadonlyMap<string, Target>, authenticateAdmin: AdminAuthenticator) {
  return async (req: Request, res: Response): Promise<void> => {
    const body: Buffer = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
    const header = req.get("x-amz-target");
    try {
      if (!header) throw new UnknownOperationException("Missing X-Amz-Target header; expected AWSCognitoIdentityProviderService.<Operation>.");
      const name = header.startsWith(TARGET_PREFIX) ? header.slice(TARGET_PREFIX.length) : "";
      const target = targets.get(name);
      if (!target) throw new UnknownOperationException(`Operation ${truncate(header)} is not supported by this server.`);
      res.locals.operation = target.name;

      const ctx: RequestContext = { requestId: res.locals.requestId as string, sourceIp: req.ip };
      if (target.access === "admin") {
        const [path, query = ""] = req.originalUrl.split("?", 2) as [string, string?];
        ctx.region = authenticateAdmin({ method: req.method, path, query, headers: req.headers, body }).region;
      }
      const input = parseInput(target.input, parseJsonBody(body));
      const output = await target.handle(services, input, ctx);
      res.status(200).set("Content-Type", "application/x-amz-json-1.1").send(encodeAwsJson(output ?? {}));
    } catch (err) {
      if (err instanceof SigV4Error) {
        sendWireError(res, { status: err.status, type: err.type, message: err.message });
        return;
      }
      sendWireError(res, toWireError(err, services.log, { op: res.locals.operation, reqId: res.locals.requestId }));
    }
  };
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
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SerializationException("Start of structure or map found where not expected.");
  return value;
}

function truncate(s: string): string {
  const clean = s.replace(/[^\x20-\x7e]/g, "?");
  return clean.length > 128 ? `${clean.slice(0, 128)}…` : clean;
}
