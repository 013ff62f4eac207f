/**
 * The development Login with Amazon at /_dev/amazon (development mode only): the consent page (/ap/oa, an
 * account chooser), the token endpoint (POST /auth/o2/token, grant_type=authorization_code with client_id and
 * client_secret in the form or HTTP Basic: the secret is checked, a code works once) and the customer profile
 * (GET /user/profile with the bearer token: user_id, name, email; postal_code with that scope). Errors take
 * OAuth 2.0's shape, as Amazon's do.
 */
import express, { type Request, type Response } from "express";
import { safeEqual } from "../../crypto/envelope.js";
import { bearer, devSocial, errorPage, param, TOKEN_TTL_S, type DevCode, type DevSocialDeps } from "./common.js";
import { devProviderHome } from "../home.js";
import { DEV_AMAZON_ACCOUNTS, DEV_AMAZON_CLIENT } from "./config.js";

const SCOPES = new Set(["profile", "profile:user_id", "postal_code"]);
/** The test accounts' postal code (Amazon's postal_code scope). */
const POSTAL_CODE = "98109";

const oauthError = (res: Response, status: number, error: string, description: string) =>
  void res.status(status).set("Cache-Control", "no-store").json({ error, error_description: description });

export function devAmazonRouter(deps: DevSocialDeps): express.Router {
  const r = express.Router();
  const dev = devSocial(deps, "amazon");
  const client = DEV_AMAZON_CLIENT;

  const consent = (req: Request, res: Response) => {
    const q = req.query;
    if (param(q, "client_id") !== client.clientId)
      return void errorPage(res, 400, "invalid_client", "This client is not registered at the development Amazon.");
    if (param(q, "redirect_uri") !== dev.callback())
      return void errorPage(res, 400, "invalid_request", "The redirect URI is not registered for this client.");
    const scope = param(q, "scope") ?? "";
    const scopes = scope.split(" ").filter(Boolean);
    if (param(q, "response_type") !== "code" || !scopes.length || scopes.some((s) => !SCOPES.has(s)))
      return void errorPage(res, 400, "invalid_request", "response_type=code and Amazon's scopes are required.");
    return { state: param(q, "state"), scope };
  };

  r.get(
    "/",
    devProviderHome(deps.urls, "/_dev/amazon", {
      title: "Development Login with Amazon",
      info: "Development Login with Amazon: test accounts only. Nothing here talks to Amazon.",
      providerName: "LoginWithAmazon",
      button: "Amazon",
      accounts: DEV_AMAZON_ACCOUNTS.map((a) => ({ name: `${a.firstName} ${a.lastName}`, email: a.email })),
      endpoints: [
        { label: "authorization", path: "/ap/oa" },
        { label: "token", path: "/auth/o2/token" },
        { label: "user profile", path: "/user/profile" },
      ],
    }),
  );

  r.get("/ap/oa", (req, res) => {
    if (!consent(req, res)) return;
    dev.chooser(req, res, {
      title: "Login with Amazon",
      info: "Development Login with Amazon: test accounts only. Nothing here talks to Amazon.",
      accounts: DEV_AMAZON_ACCOUNTS,
    });
  });

  r.post("/ap/oa", express.urlencoded({ extended: false, limit: "16kb" }), (req, res) => {
    const a = consent(req, res);
    if (!a) return;
    const acc = dev.chosen(req, res, DEV_AMAZON_ACCOUNTS);
    if (!acc) return;
    dev.redirectBack(res, { code: dev.code(client.clientId, acc.id, a.scope), scope: a.scope, state: a.state });
  });

  r.post("/auth/o2/token", express.urlencoded({ extended: false, limit: "16kb" }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    let id = param(form, "client_id");
    let secret = param(form, "client_secret");
    const basic = /^Basic (.+)$/i.exec(req.get("authorization") ?? "");
    if (basic) {
      const [u, p] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
      id = decodeURIComponent(u ?? "");
      secret = decodeURIComponent(p ?? "");
    }
    if (id !== client.clientId || !secret || !safeEqual(secret, client.clientSecret))
      return oauthError(res, 401, "invalid_client", "Client authentication failed.");
    if (param(form, "grant_type") !== "authorization_code")
      return oauthError(res, 400, "unsupported_grant_type", "Only authorization_code.");
    const raw = param(form, "code");
    const code = dev.unseal<DevCode>(raw, "code");
    if (code?.k !== "code" || code.exp <= dev.now() || code.redirectUri !== param(form, "redirect_uri"))
      return oauthError(res, 400, "invalid_grant", "The authorization code is invalid or expired.");
    if (!(await dev.redeemOnce(raw!, code.exp)))
      return oauthError(res, 400, "invalid_grant", "The authorization code has already been used.");
    const token = dev.seal({ k: "access", id: code.id, scope: code.scope, exp: dev.now() + TOKEN_TTL_S }, "access");
    res.set("Cache-Control", "no-store").json({ access_token: token, token_type: "bearer", expires_in: TOKEN_TTL_S });
  });

  r.get("/user/profile", (req, res) => {
    const tok = dev.unseal<{ k: string; id: string; scope: string; exp: number }>(bearer(req), "access");
    const acc =
      tok?.k === "access" && tok.exp > dev.now() ? DEV_AMAZON_ACCOUNTS.find((a) => a.id === tok.id) : undefined;
    if (!acc || !tok) return oauthError(res, 401, "invalid_token", "The access token is invalid or expired.");
    const scopes = tok.scope.split(" ");
    res.json({
      user_id: acc.id,
      ...(scopes.includes("profile") ? { name: `${acc.firstName} ${acc.lastName}`, email: acc.email } : {}),
      ...(scopes.includes("postal_code") ? { postal_code: POSTAL_CODE } : {}),
    });
  });

  return r;
}
