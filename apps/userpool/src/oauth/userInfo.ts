/**
 * GET/POST /oauth2/userInfo (Cognito's user attributes endpoint, OIDC Core §5.3). Needs an access
 * token from the token endpoint with the openid scope (API access tokens carry none); the scopes
 * decide what comes back: openid alone → every attribute the client may read; otherwise profile →
 * the profile attributes and custom ones, email → email + email_verified, phone → phone_number +
 * phone_number_verified (developer guide, "The user attributes endpoint").
 */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import type { AuthenticatedAccess } from "../services/accessTokens.js";
import type { Services } from "../services/index.js";
import { OAuthError, invalidToken } from "./errors.js";
import { OPENID } from "./scopes.js";
import { sendOAuthError, toOAuthError } from "./translate.js";

const PROFILE = new Set([
  "name",
  "family_name",
  "given_name",
  "middle_name",
  "nickname",
  "preferred_username",
  "profile",
  "picture",
  "website",
  "gender",
  "birthdate",
  "zoneinfo",
  "locale",
  "updated_at",
]);
const EMAIL = new Set(["email", "email_verified"]);
const PHONE = new Set(["phone_number", "phone_number_verified"]);

export function userInfo(deps: Pick<Services, "accessTokens" | "pools" | "log" | "requestRates">) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "userInfo";
    try {
      const m = /^Bearer ([A-Za-z0-9\-_.~+/]+=*)$/.exec(req.get("authorization")?.trim() ?? "");
      if (!m) throw new OAuthError("invalid_token", "A Bearer access token is required.", "Bearer");
      if (deps.requestRates.active) {
        const poolId = await deps.requestRates.poolOfToken(m[1]!);
        if (poolId)
          await deps.requestRates.admitEndpoint(
            poolId,
            req.method === "POST" ? "POST /oauth2/userInfo" : "GET /oauth2/userInfo",
          );
      }
      let auth: AuthenticatedAccess;
      try {
        auth = await deps.accessTokens.authenticate(m[1]!);
      } catch (e) {
        if (e instanceof CognitoError) throw invalidToken(e.message, "Bearer");
        throw e;
      }
      const scopes = typeof auth.claims.scope === "string" ? auth.claims.scope.split(" ") : [];
      if (!scopes.includes(OPENID))
        throw new OAuthError("invalid_token", "The access token has no openid scope.", "Bearer");
      const client =
        typeof auth.claims.client_id === "string" ? await deps.pools.findClient(auth.claims.client_id) : undefined;
      const readable = client?.settings.ReadAttributes;
      const onlyOpenid = !scopes.some((s) => s === "profile" || s === "email" || s === "phone");
      const out: Record<string, string> = { sub: auth.user.id };
      for (const [name, value] of Object.entries(auth.user.attributes)) {
        if (name === "sub") continue;
        if (readable?.length && !readable.includes(name)) continue;
        const allowed =
          onlyOpenid ||
          (scopes.includes("profile") && (PROFILE.has(name) || name.startsWith("custom:") || name === "identities")) ||
          (scopes.includes("email") && EMAIL.has(name)) ||
          (scopes.includes("phone") && PHONE.has(name));
        if (allowed) out[name] = value;
      }
      out.username = auth.user.username;
      res.status(200).set({ "Cache-Control": "no-store", Pragma: "no-cache" }).json(out);
    } catch (e) {
      sendOAuthError(res, toOAuthError(e, deps.log, { op: "userInfo", reqId: res.locals.requestId }));
    }
  };
}
