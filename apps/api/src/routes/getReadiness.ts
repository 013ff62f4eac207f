import { migrationDrift, pingAppDb } from "@authhub/appdb";
import { defineRoute } from "./types.js";

const TIMEOUT_MS = 2000;

const status = (value: string) => ({
  type: "object",
  required: ["status"],
  properties: { status: { const: value }, reason: { type: "string" } },
});

/**
 * GET /ready — the database answers within 2 s and holds exactly the migrations this version ships;
 * 503 with the reason otherwise (load balancers route by it; /health stays 200 meanwhile).
 */
export default defineRoute<"db">({
  method: "get",
  path: "/ready",
  doc: {
    operationId: "getReadiness",
    summary: "Readiness: database reachable and migrations current",
    tags: ["meta"],
    responses: {
      "200": { description: "Ready to serve", content: { "application/json": { schema: status("ready") } } },
      "503": {
        description: "Not ready; `reason` says why",
        content: { "application/json": { schema: status("unavailable") } },
      },
    },
  },
  handler:
    ({ db }) =>
    async (req, res) => {
      res.setHeader("Cache-Control", "no-store");
      let reason: string | undefined;
      try {
        await withTimeout(pingAppDb(db), TIMEOUT_MS);
        const drift = await withTimeout(migrationDrift(db), TIMEOUT_MS);
        if (drift.missing.length) reason = `migrations not applied: ${drift.missing.join(", ")}`;
        else if (drift.unknown.length)
          reason = `the database has migrations this version does not know: ${drift.unknown.join(", ")}`;
      } catch (err) {
        req.log.warn({ err }, "readiness: database unreachable");
        reason = "the database is unreachable";
      }
      if (reason) res.status(503).json({ status: "unavailable", reason });
      else res.json({ status: "ready" });
    },
});

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  promise.catch(() => undefined);
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
