import { pingAppDb } from "@authhub/appdb";
import { defineRoute } from "./types.js";

const PING_TIMEOUT_MS = 2000;

/** GET /healthz — 200 when the database answers, 503 when it does not (load balancers read the status). */
export default defineRoute<"db">({
  method: "get",
  path: "/healthz",
  doc: {
    operationId: "getHealth",
    summary: "Health: database reachability",
    tags: ["meta"],
    responses: {
      "200": {
        description: "The database is reachable",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Health" } } },
      },
      "503": {
        description: "The database is unreachable",
        content: { "application/json": { schema: { $ref: "#/components/schemas/UnhealthyHealth" } } },
      },
    },
  },
  handler:
    ({ db }) =>
    async (req, res) => {
      res.setHeader("Cache-Control", "no-store");
      try {
        await withTimeout(pingAppDb(db), PING_TIMEOUT_MS);
        res.json({ status: "ok", database: "up" });
      } catch (err) {
        req.log.warn({ err }, "health check: database unreachable");
        res.status(503).json({
          error: "unavailable",
          message: "The database is unreachable",
          status: "unavailable",
          database: "down",
        });
      }
    },
});

// A dead PostgreSQL host can hang a connect for a long time; a health check must answer promptly.
function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
