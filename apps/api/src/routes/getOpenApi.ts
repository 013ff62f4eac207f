import { defineRoute } from "./types.js";

/** GET /openapi.json — the machine-readable description of every route, built from the registry. */
export default defineRoute<"openApiDocument">({
  method: "get",
  path: "/openapi.json",
  doc: {
    operationId: "getOpenApi",
    summary: "This document",
    tags: ["meta"],
    responses: {
      "200": {
        description: "The OpenAPI 3.1 document",
        content: { "application/json": { schema: { type: "object" } } },
      },
    },
  },
  handler:
    ({ openApiDocument }) =>
    (_req, res) => {
      res.json(openApiDocument);
    },
});
