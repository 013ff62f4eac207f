import { defineRoute } from "./types.js";

/** GET / — the tutorial's greeting, public. */
export default defineRoute<never>({
  method: "get",
  path: "/",
  doc: {
    operationId: "getRoot",
    summary: "Greeting",
    tags: ["meta"],
    responses: {
      "200": {
        description: "A greeting",
        content: { "application/json": { schema: { $ref: "#/components/schemas/Greeting" } } },
      },
    },
  },
  handler: () => (_req, res) => {
    res.json({ message: "Hello from the Authhub API" });
  },
});
