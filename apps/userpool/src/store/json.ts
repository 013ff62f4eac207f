/** A JSON object as the store keeps it (settings, JWKs, custom domain config): parsed, not validated. */
export type JsonObject = Record<string, unknown>;
