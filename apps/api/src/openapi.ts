import type { Route, Services } from "./routes/types.js";

const json = (ref: string) => ({ "application/json": { schema: { $ref: `#/components/schemas/${ref}` } } });
const errorResponse = (description: string) => ({ description, content: json("Error") });

/**
 * The OpenAPI 3.1 document, assembled from the route registry so a route cannot exist without
 * being described. Error responses follow each route's auth rule; the shapes live in components.
 */
export function buildOpenApiDocument(
  routes: ReadonlyArray<Route<keyof Services>>,
  info: { version: string },
): Record<string, unknown> {
  const paths: Record<string, Record<string, object>> = {};
  for (const route of routes) {
    const responses: Record<string, object> = { ...route.doc.responses };
    if (route.auth) {
      responses["401"] ??= { $ref: "#/components/responses/Unauthorized" };
      if (route.auth.scopes?.length) responses["403"] ??= { $ref: "#/components/responses/Forbidden" };
      responses["503"] ??= { $ref: "#/components/responses/KeysUnavailable" };
    }
    responses["500"] ??= { $ref: "#/components/responses/InternalError" };
    const operation: Record<string, unknown> = { ...route.doc, responses };
    if (route.auth) {
      operation.security = [{ bearerAuth: route.auth.scopes ? [...route.auth.scopes] : [] }];
      if (route.auth.tokenUse) operation["x-token-use"] = route.auth.tokenUse;
    }
    const path = toOpenApiPath(route.path);
    paths[path] = { ...paths[path], [route.method]: operation };
  }

  return {
    openapi: "3.1.0",
    info: {
      title: "Authhub API",
      version: info.version,
      description:
        "The tutorial's Express API. Protected routes take a Cognito JWT as `Authorization: Bearer <token>` " +
        "(the ID token by default; see COGNITO_TOKEN_USE). Every error body is `{ error, message }`.",
    },
    paths,
    components: {
      securitySchemes: {
        bearerAuth: {
          type: "http",
          scheme: "bearer",
          bearerFormat: "JWT",
          description: "A Cognito ID or access token, RS256-signed by the configured issuer.",
        },
      },
      schemas: {
        Error: {
          type: "object",
          required: ["error", "message"],
          properties: {
            error: {
              type: "string",
              description: "Stable machine-readable code",
              examples: [
                "invalid_token",
                "insufficient_scope",
                "jwks_unavailable",
                "bad_request",
                "invalid_json",
                "not_found",
                "method_not_allowed",
                "payload_too_large",
                "internal_error",
              ],
            },
            message: { type: "string", description: "Human-readable explanation; never contains internals" },
          },
        },
        User: {
          type: "object",
          required: ["id", "sub", "email", "created_at", "updated_at"],
          properties: {
            id: { type: "integer" },
            sub: { type: "string", description: "The Cognito user's sub" },
            email: { type: ["string", "null"] },
            created_at: { type: "string", format: "date-time" },
            updated_at: { type: "string", format: "date-time" },
          },
        },
        Greeting: { type: "object", required: ["message"], properties: { message: { type: "string" } } },
        Health: {
          type: "object",
          required: ["status", "database"],
          properties: { status: { const: "ok" }, database: { const: "up" } },
        },
        UnhealthyHealth: {
          allOf: [
            { $ref: "#/components/schemas/Error" },
            {
              type: "object",
              required: ["status", "database"],
              properties: { status: { const: "unavailable" }, database: { const: "down" } },
            },
          ],
        },
      },
      responses: {
        Unauthorized: {
          ...errorResponse(
            "No token, or a malformed, expired, wrongly signed or wrongly addressed one. The reason is in `message`.",
          ),
          headers: {
            "WWW-Authenticate": {
              description: 'Bearer error="invalid_token", error_description="…"',
              schema: { type: "string" },
            },
          },
        },
        Forbidden: {
          ...errorResponse("The token is valid but lacks a required scope (`insufficient_scope`)."),
          headers: {
            "WWW-Authenticate": {
              description: 'Bearer error="insufficient_scope", scope="…"',
              schema: { type: "string" },
            },
          },
        },
        KeysUnavailable: {
          ...errorResponse("The issuer's signing keys were needed but could not be fetched (`jwks_unavailable`)."),
          headers: { "Retry-After": { schema: { type: "integer" } } },
        },
        InternalError: errorResponse("Unexpected failure (`internal_error`); details are logged, never returned."),
        NotFound: errorResponse("No such route (`not_found`)."),
      },
    },
  };
}

// Express `/users/:id` is OpenAPI `/users/{id}`.
function toOpenApiPath(path: string): string {
  return path.replace(/:(\w+)/g, "{$1}");
}
