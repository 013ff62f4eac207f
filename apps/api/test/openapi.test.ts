import { Validator } from "@seriousme/openapi-schema-validator";
import { describe, expect, it } from "vitest";
import { buildOpenApiDocument } from "../src/openapi.js";
import { routes } from "../src/routes/index.js";

type Doc = {
  paths: Record<string, Record<string, { security?: unknown; responses: Record<string, { $ref?: string }> }>>;
  components: { schemas: Record<string, unknown> };
};

describe("OpenAPI document", () => {
  const doc = buildOpenApiDocument(routes, { version: "test" }) as unknown as Doc;

  it("is a valid OpenAPI 3.1 document", async () => {
    const result = await new Validator().validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
  });

  it("describes every registered route", () => {
    for (const route of routes) {
      const op = doc.paths[route.path]?.[route.method];
      expect(op, `${route.method} ${route.path}`).toBeDefined();
      expect(op!.responses["500"]).toEqual({ $ref: "#/components/responses/InternalError" });
    }
    expect(Object.values(doc.paths).flatMap((p) => Object.keys(p))).toHaveLength(routes.length);
  });

  it("marks protected routes with bearer auth and their 401/503 error shape", () => {
    for (const route of routes) {
      const op = doc.paths[route.path]![route.method]!;
      if (route.auth) {
        expect(op.security, route.path).toEqual([{ bearerAuth: [] }]);
        expect(op.responses["401"]).toEqual({ $ref: "#/components/responses/Unauthorized" });
        expect(op.responses["503"]).toEqual({ $ref: "#/components/responses/KeysUnavailable" });
      } else {
        expect(op.security, route.path).toBeUndefined();
      }
    }
    expect(
      routes
        .filter((r) => r.auth)
        .map((r) => r.path)
        .sort(),
    ).toEqual(["/me", "/users"]);
  });

  it("defines the error shape every error response uses", () => {
    expect(doc.components.schemas.Error).toMatchObject({ required: ["error", "message"] });
  });

  it("lists 403 for routes that require scopes", () => {
    const scoped = buildOpenApiDocument([{ ...routes[1]!, auth: { scopes: ["users/read"] } }], {
      version: "t",
    }) as unknown as Doc;
    const op = Object.values(scoped.paths)[0]!.get!;
    expect(op.security).toEqual([{ bearerAuth: ["users/read"] }]);
    expect(op.responses["403"]).toEqual({ $ref: "#/components/responses/Forbidden" });
  });
});
