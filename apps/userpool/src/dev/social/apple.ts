/**
 * The development Sign in with Apple at /_dev/apple (development mode only); its issuer is
 * <hosted>/_dev/apple, so a SignInWithApple provider with that oidc_issuer finds /auth/authorize, /auth/token
 * and /auth/keys where Apple has them. Like Apple:
 * - the authorization answer is a form post (response_mode=form_post) of code, state and, on the user's
 *   first sign-in to the client only, `user` ({"name":{"firstName","lastName"},"email"});
 * - the token endpoint authenticates the client by a client_secret JWT, which it verifies: ES256 under the
 *   registered key (header kid), iss = team ID, sub = client ID, aud = this issuer, unexpired, at most six
 *   months long. A code works once;
 * - the ID token is signed (ES256 here, RS256 at Apple; the relying party accepts both), with iss, aud,
 *   sub, nonce, email and email_verified, its key published at /auth/keys.
 * No script on the pages (the hosted CSP), so the form post is a Continue button.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from "node:crypto";
import express, { type Request, type Response } from "express";
import { decodeProtectedHeader, jwtVerify, SignJWT, type JWK } from "jose";
import { sha256 } from "../../crypto/envelope.js";
import { sendHostedPage } from "../../hosted/layout.js";
import { html, joinHtml } from "../../html.js";
import { devSocial, errorPage, param, TOKEN_TTL_S, type DevCode, type DevSocialDeps } from "./common.js";
import { devProviderHome } from "../home.js";
import { DEV_APPLE_ACCOUNTS, DEV_APPLE_CLIENT } from "./config.js";

const SIX_MONTHS_S = 15_777_000;
const META_KEY = "dev-apple-signing-key";

const oauthError = (res: Response, status: number, error: string) =>
  void res.status(status).set("Cache-Control", "no-store").json({ error });

export function devAppleRouter(deps: DevSocialDeps): express.Router {
  const r = express.Router();
  const dev = devSocial(deps, "apple");
  const client = DEV_APPLE_CLIENT;
  const issuer = () => `${deps.urls.hosted()}/_dev/apple`;
  const clientKey = createPublicKey(client.publicKeyPem);
  let key: Promise<{ kid: string; privateKey: KeyObject; jwk: JWK }> | undefined;
  const signingKey = () => {
    key ??= loadKey(deps).catch((e: unknown) => {
      key = undefined;
      throw e;
    });
    return key;
  };

  const authRequest = (req: Request, res: Response) => {
    const q = req.query;
    if (param(q, "client_id") !== client.clientId)
      return void errorPage(res, 400, "invalid_client", "This client is not registered at the development Apple.");
    if (param(q, "redirect_uri") !== dev.callback())
      return void errorPage(res, 400, "invalid_request", "The redirect URI is not registered for this client.");
    const scope = param(q, "scope") ?? "";
    const scopes = scope.split(" ").filter(Boolean);
    if (param(q, "response_type") !== "code" || scopes.some((s) => s !== "name" && s !== "email"))
      return void errorPage(res, 400, "invalid_request", "response_type=code; scopes name and email only.");
    // Apple: response_mode must be form_post when scopes are requested.
    if (scopes.length && param(q, "response_mode") !== "form_post")
      return void errorPage(res, 400, "invalid_request", "response_mode must be form_post when scope is requested.");
    return { state: param(q, "state"), nonce: param(q, "nonce"), scope };
  };

  r.get(
    "/",
    devProviderHome(deps.urls, "/_dev/apple", {
      title: "Development Sign in with Apple",
      info: "Development Sign in with Apple: test accounts only. Nothing here talks to Apple.",
      providerName: "SignInWithApple",
      button: "Apple",
      accounts: DEV_APPLE_ACCOUNTS.map((a) => ({ name: `${a.firstName} ${a.lastName}`, email: a.email })),
      endpoints: [
        { label: "authorization", path: "/auth/authorize" },
        { label: "token", path: "/auth/token" },
        { label: "keys", path: "/auth/keys", open: true },
      ],
    }),
  );

  r.get("/auth/keys", async (_req, res) => void res.json({ keys: [(await signingKey()).jwk] }));

  r.get("/auth/authorize", (req, res) => {
    if (!authRequest(req, res)) return;
    dev.chooser(req, res, {
      title: "Sign in with Apple",
      info: "Development Sign in with Apple: test accounts only. Nothing here talks to Apple.",
      accounts: DEV_APPLE_ACCOUNTS,
    });
  });

  r.post("/auth/authorize", express.urlencoded({ extended: false, limit: "16kb" }), async (req, res) => {
    const a = authRequest(req, res);
    if (!a) return;
    const acc = dev.chosen(req, res, DEV_APPLE_ACCOUNTS);
    if (!acc) return;
    const code = dev.code(client.clientId, acc.id, a.scope, a.nonce);
    // Apple sends the user's name once: on the first authorization of this client by this user.
    const marker = deps.random.bytes(8).toString("hex");
    // Meta keys are at most 64 characters: the pair is hashed.
    const seen = `dev-apple-user|${sha256(`${client.clientId}|${acc.id}`).slice(0, 40)}`;
    const first = (await deps.store.meta.setIfAbsent(seen, marker)) === marker;
    const scopes = a.scope.split(" ");
    const user =
      first && a.scope
        ? JSON.stringify({
            ...(scopes.includes("name") ? { name: { firstName: acc.firstName, lastName: acc.lastName } } : {}),
            ...(scopes.includes("email") ? { email: acc.email } : {}),
          })
        : undefined;
    sendHostedPage(res, {
      status: 200,
      title: "Continue to the user pool",
      info: "Development Sign in with Apple: test accounts only.",
      body: joinHtml([
        html`<form method="post" action="${dev.callback()}">`,
        html`<input type="hidden" name="code" value="${code}">`,
        a.state !== undefined ? html`<input type="hidden" name="state" value="${a.state}">` : html``,
        user ? html`<input type="hidden" name="user" value="${user}">` : html``,
        html`<button type="submit" class="button">Continue</button></form>`,
      ]),
      formTargets: [new URL(deps.urls.hosted()).origin, "https:", "http:"],
    });
  });

  r.post("/auth/token", express.urlencoded({ extended: false, limit: "16kb" }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, unknown>;
    if (param(form, "client_id") !== client.clientId || !(await clientSecretOk(param(form, "client_secret"))))
      return oauthError(res, 400, "invalid_client");
    if (param(form, "grant_type") !== "authorization_code") return oauthError(res, 400, "unsupported_grant_type");
    const raw = param(form, "code");
    const code = dev.unseal<DevCode>(raw, "code");
    if (code?.k !== "code" || code.exp <= dev.now() || code.redirectUri !== param(form, "redirect_uri"))
      return oauthError(res, 400, "invalid_grant");
    if (!(await dev.redeemOnce(raw!, code.exp))) return oauthError(res, 400, "invalid_grant");
    const acc = DEV_APPLE_ACCOUNTS.find((x) => x.id === code.id);
    if (!acc) return oauthError(res, 400, "invalid_grant");
    const k = await signingKey();
    const t = dev.now();
    const idToken = await new SignJWT({
      iss: issuer(),
      aud: client.clientId,
      sub: acc.id,
      iat: t,
      exp: t + 600,
      auth_time: t,
      nonce_supported: true,
      ...(code.nonce ? { nonce: code.nonce } : {}),
      ...(code.scope.split(" ").includes("email")
        ? { email: acc.email, email_verified: true, is_private_email: false }
        : {}),
    })
      .setProtectedHeader({ alg: "ES256", kid: k.kid })
      .sign(k.privateKey);
    res.set("Cache-Control", "no-store").json({
      access_token: dev.seal({ k: "access", id: acc.id, exp: t + TOKEN_TTL_S }, "access"),
      token_type: "Bearer",
      expires_in: TOKEN_TTL_S,
      id_token: idToken,
    });
  });

  /** The client_secret JWT Apple requires (developer docs, "Creating a client secret"). */
  async function clientSecretOk(jwt: string | undefined): Promise<boolean> {
    if (!jwt) return false;
    try {
      if (decodeProtectedHeader(jwt).kid !== client.keyId) return false;
      const { payload } = await jwtVerify(jwt, clientKey, {
        algorithms: ["ES256"],
        issuer: client.teamId,
        subject: client.clientId,
        audience: issuer(),
        currentDate: deps.clock.now(),
        requiredClaims: ["iat", "exp"],
      });
      return payload.exp! - payload.iat! <= SIX_MONTHS_S;
    } catch {
      return false;
    }
  }

  return r;
}

/** One ES256 key for every instance: created once, kept sealed in the meta table. */
async function loadKey(deps: DevSocialDeps): Promise<{ kid: string; privateKey: KeyObject; jwk: JWK }> {
  let stored = await deps.store.meta.get(META_KEY);
  if (!stored) {
    const { privateKey } = generateKeyPairSync("ec", { namedCurve: "P-256" });
    const der = privateKey.export({ format: "der", type: "pkcs8" });
    stored = await deps.store.meta.setIfAbsent(META_KEY, deps.crypto.encrypt(der, META_KEY));
  }
  const privateKey = createPrivateKey({ key: deps.crypto.decrypt(stored, META_KEY), format: "der", type: "pkcs8" });
  const pub = createPublicKey(privateKey).export({ format: "jwk" }) as JWK;
  const kid = createHash("sha256").update(`${pub.x}.${pub.y}`).digest("base64url").slice(0, 10);
  return { kid, privateKey, jwk: { kty: "EC", crv: "P-256", x: pub.x!, y: pub.y!, alg: "ES256", use: "sig", kid } };
}
