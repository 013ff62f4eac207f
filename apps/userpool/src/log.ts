import cluster from "node:cluster";
import { pino, type DestinationStream, type Logger } from "pino";
import { currentRequest } from "./observability/requestContext.js";

export type { Logger };

/**
 * Names pino censors wherever they appear one or two levels deep. Our own log calls never pass
 * secrets; this is the safety net for an error object or request fragment that slips through.
 */
const REDACT = [
  "authorization",
  "password",
  "Password",
  "PreviousPassword",
  "ProposedPassword",
  "TemporaryPassword",
  "code",
  "ConfirmationCode",
  "SecretHash",
  "SECRET_HASH",
  "ClientSecret",
  "AccessToken",
  "IdToken",
  "RefreshToken",
  "REFRESH_TOKEN",
  "PASSWORD",
  "NEW_PASSWORD",
  "SRP_A",
  "SRP_B",
  "PASSWORD_CLAIM_SIGNATURE",
  "PASSWORD_CLAIM_SECRET_BLOCK",
  "Session",
] as const;
const CENSOR = "[redacted]";

/**
 * The second level (`{ req: { headers: { authorization } } }` style values under any top-level key).
 * pino's own wildcard paths (`*.password`) would cover it, but they run every value of every line
 * through the redactor: ~60 µs per line with these names, more than a whole bare HTTP request
 * costs. This scan checks only object values, copies only when a name is present, and never
 * touches the caller's objects.
 */
function scrubNested(obj: Record<string, unknown>): Record<string, unknown> {
  let out: Record<string, unknown> | undefined;
  for (const key in obj) {
    const value = obj[key];
    if (typeof value !== "object" || value === null || Array.isArray(value)) continue;
    let copy: Record<string, unknown> | undefined;
    for (const name of REDACT) {
      if (!Object.hasOwn(value, name)) continue;
      // An Error keeps its prototype and non-enumerable message/stack, so pino's err serializer still works.
      copy ??= Object.create(Object.getPrototypeOf(value), Object.getOwnPropertyDescriptors(value)) as Record<
        string,
        unknown
      >;
      Object.defineProperty(copy, name, { value: CENSOR, enumerable: true, writable: true, configurable: true });
    }
    if (copy) {
      out ??= { ...obj };
      out[key] = copy;
    }
  }
  return out ?? obj;
}

/** Structured JSON logger; `destination` lets tests capture every line. */
export function createLogger(opts: { level?: string; destination?: DestinationStream } = {}): Logger {
  return pino(
    {
      level: opts.level ?? "info",
      // Under USERPOOL_WORKERS each line says which worker process wrote it (src/cluster.ts).
      base: cluster.isWorker ? { service: "userpool", worker: cluster.worker!.id } : { service: "userpool" },
      // Top-level names: pino compiles one check per name, which costs nothing on lines without them.
      redact: { paths: [...REDACT, "headers.authorization"], censor: CENSOR },
      formatters: { log: scrubNested },
      // Every line written while a request runs names it (a fresh object: pino merges into it).
      mixin: () => {
        const r = currentRequest();
        return r ? { reqId: r.requestId } : {};
      },
      timestamp: pino.stdTimeFunctions.isoTime,
    },
    opts.destination,
  );
}
