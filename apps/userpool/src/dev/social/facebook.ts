/**
 * The development Facebook at /_dev/facebook (development mode only): the Login Dialog (/dialog/oauth, an
 * account chooser), the Graph API's code exchange (GET /oauth/access_token with client_id, client_secret,
 * redirect_uri and code: the secret is checked, a code works once) and /me?fields=… answering the fields asked
 * for. Errors take the Graph API's shape, {"error":{"message","type":"OAuthException","code"}}.
 */
import express, { type Request, type Response } from "express";
import { safeEqual } from "../../crypto/envelope.js";
import { bearer, devSocial, errorPage, param, TOKEN_TTL_S, type DevCode, type DevSocialDeps } from "./common.js";
import { devProviderHome } from "../home.js";
import { DEV_FACEBOOK_ACCOUNTS, DEV_FACEBOOK_CLIENT, type DevSocialAccount } from "./config.js";

const graphError = (res: Response, status: number, message: string, code: number) =>
  void res
    .status(status)
    .set("Cache-Control", "no-store")
    .json({ error: { message, type: "OAuthException", code } });

export function devFacebookRouter(deps: DevSocialDeps): express.Router {
  const r = express.Router();
  const dev = devSocial(deps, "facebook");
  const client = DEV_FACEBOOK_CLIENT;

  const dialog = (req: Request, res: Response) => {
    const q = req.query;
    if (param(q, "client_id") !== client.clientId)
      return void errorPage(res, 400, "App not set up", "This app is not registered at the development Facebook.");
    if (param(q, "redirect_uri") !== dev.callback())
      return void errorPage(res, 400, "URL blocked", "The redirect URI is not whitelisted for this app.");
    if ((param(q, "response_type") ?? "code") !== "code")
      return void errorPage(res, 400, "Invalid request", "Only response_type=code.");
    return { state: param(q, "state"), scope: param(q, "scope") ?? "public_profile" };
  };

  r.get(
    "/",
    devProviderHome(deps.urls, "/_dev/facebook", {
      title: "Development Facebook",
      info: "Development Facebook: test accounts only. Nothing here talks to Facebook.",
      providerName: "Facebook",
      button: "Facebook",
      accounts: DEV_FACEBOOK_ACCOUNTS.map((a) => ({ name: `${a.firstName} ${a.lastName}`, email: a.email })),
      endpoints: [
        { label: "login dialog", path: "/dialog/oauth" },
        { label: "access token", path: "/oauth/access_token" },
        { label: "Graph API user", path: "/me" },
      ],
    }),
  );

  r.get("/dialog/oauth", (req, res) => {
    if (!dialog(req, res)) return;
    dev.chooser(req, res, {
      title: "Log in with Facebook",
      info: "Development Facebook: test accounts only. Nothing here talks to Facebook.",
      accounts: DEV_FACEBOOK_ACCOUNTS,
    });
  });

  r.post("/dialog/oauth", express.urlencoded({ extended: false, limit: "16kb" }), (req, res) => {
    const a = dialog(req, res);
    if (!a) return;
    const acc = dev.chosen(req, res, DEV_FACEBOOK_ACCOUNTS);
    if (!acc) return;
    dev.redirectBack(res, { code: dev.code(client.clientId, acc.id, a.scope), state: a.state });
  });

  r.get("/oauth/access_token", async (req, res) => {
    const q = req.query;
    const secret = param(q, "client_secret");
    if (param(q, "client_id") !== client.clientId || !secret || !safeEqual(secret, client.clientSecret))
      return graphError(res, 400, "Error validating client secret.", 1);
    const raw = param(q, "code");
    const code = dev.unseal<DevCode>(raw, "code");
    if (code?.k !== "code" || code.exp <= dev.now() || code.redirectUri !== param(q, "redirect_uri"))
      return graphError(res, 400, "Invalid verification code format.", 100);
    if (!(await dev.redeemOnce(raw!, code.exp)))
      return graphError(res, 400, "This authorization code has been used.", 100);
    const token = dev.seal({ k: "access", id: code.id, scope: code.scope, exp: dev.now() + TOKEN_TTL_S }, "access");
    res.set("Cache-Control", "no-store").json({ access_token: token, token_type: "bearer", expires_in: TOKEN_TTL_S });
  });

  r.get("/me", (req, res) => {
    const tok = dev.unseal<{ k: string; id: string; scope: string; exp: number }>(
      bearer(req) ?? param(req.query, "access_token"),
      "access",
    );
    const acc =
      tok?.k === "access" && tok.exp > dev.now() ? DEV_FACEBOOK_ACCOUNTS.find((a) => a.id === tok.id) : undefined;
    if (!acc || !tok) return graphError(res, 400, "Invalid OAuth access token.", 190);
    const fields = (param(req.query, "fields") ?? "id,name").split(",").filter(Boolean);
    const all = profile(acc, tok.scope.split(/[\s,]+/).includes("email"));
    res.json(Object.fromEntries(fields.filter((f) => f in all).map((f) => [f, all[f]])));
  });

  return r;
}

/** The Graph API's user fields; email only with the email permission. */
function profile(acc: DevSocialAccount, email: boolean): Record<string, string> {
  return {
    id: acc.id,
    name: `${acc.firstName} ${acc.lastName}`,
    first_name: acc.firstName,
    last_name: acc.lastName,
    ...(email ? { email: acc.email } : {}),
  };
}
