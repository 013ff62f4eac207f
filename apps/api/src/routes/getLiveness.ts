import { defineRoute } from "./types.js";

/** GET /health — the process answers; nothing else is checked (orchestrators restart on failure). */
export default defineRoute<never>({
  method: "get",
  path: "/health",
  doc: {
    operationId: "getLiveness",
    summary: "Liveness: the process answers (no database)",
    tags: ["meta"],
    responses: {
      "200": {
        description: "Alive",
        content: {
          "application/json": {
            schema: { type: "object", required: ["status"], properties: { status: { const: "ok" } } },
          },
        },
      },
    },
  },
  handler: () => (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.json({ status: "ok" });
  },
});
