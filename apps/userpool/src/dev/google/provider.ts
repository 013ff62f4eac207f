/**
 * The development Google: a small OpenID provider at /_dev/google (development mode only) so the
 * whole federation path runs offline — redirect, account chooser, code exchange, signed ID token,
 * validation by openid-client, user creation. It behaves like Google where that matters to a
 * relying party: discovery, JWKS, RS256 ID tokens with iss/aud/azp/exp/nonce/at_hash, registered
 * clients with secrets (client_secret_post or _basic), PKCE S256, a redirect URI that must match.
 *
 * It is a test double, not an authorization server of ours: codes and access tokens are sealed
 * blobs under the data key (any instance can check them, nothing to store) and are not single use.
 */
import { createHash, createPrivateKey, createPublicKey, type KeyObject } from "node:crypto";
import express, { type Request, type Response } from "express";
import { SignJWT, type JWK } from "jose";
import { epochSeconds, type Clock } from "../../clock.js";
import { safeEqual, type DataCrypto } from "../../crypto/envelope.js";
import { csrfOk, csrfToken } from "../../hosted/csrf.js";
import { sendHostedPage } from "../../hosted/layout.js";
import { html, joinHtml } from "../../html.js";
import type { Random } from "../../random.js";
import type { RsaKeyGenerator } from "../../services/keys.js";
import { devProviderHome } from "../home.js";
import type { PublicUrls } from "../../services/urls.js";
import type { Store } from "../../store/index.js";
import { s256 } from "../../oauth/pkce.js";
import type { DevGoogleAccount, DevGoogleConfig } from "./config.js";

const CODE_TTL_S = 300;
const TOKEN_TTL_S = 3600;

type Deps = {
  store: Store;
  crypto: DataCrypto;
  clock: Clock;
  random: Random;
  urls: PublicUrls;
  generateRsaKeyPair: RsaKeyGenerator;
};

interface CodePayload {
  k: "code";
  clientId: string;
  redirectUri: string;
  sub: string;
  nonce?: string;
  challenge?: string;
  scope: string;
  exp: number;
}

export function devGoogleRouter(deps: Deps, cfg: DevGoogleConfig): express.Router {
  const r = express.Router();
  const issuer = () => `${deps.urls.hosted()}/_dev/google`;
  let key: Promise<{ kid: string; privateKey: KeyObject; jwk: JWK }> | undefined;
  const signingKey = () => {
    // A failed load is forgotten, so the next request tries again.
    key ??= loadKey(deps).catch((e: unknown) => {
      key = undefined;
      throw e;
    });
    return key;
  };
  const seal = (v: object, purpose: string) => deps.crypto.encrypt(JSON.stringify(v), `dev-google|${purpose}`);
  const unseal = <T>(s: string, purpose: string): T | undefined => {
    try {
      return JSON.parse(deps.crypto.decrypt(s, `dev-google|${purpose}`).toString("utf8")) as T;
    } catch {
      return undefined;
    }
  };
  const now = () => epochSeconds(deps.clock.now());
  const client = (id: string | undefined) => cfg.clients.find((c) => c.clientId === id);
  const account = (sub: string) => cfg.accounts.find((a) => a.sub === sub);
  const jsonError = (res: Response, status: number, error: string, description: string) =>
    void res.status(status).set("Cache-Control", "no-store").json({ error, error_description: description });

  r.get(
    "/",
    devProviderHome(deps.urls, "/_dev/google", {
      title: "Development Google",
      info: "Development Google: test accounts only. Nothing here talks to Google.",
      providerName: "Google",
      button: "Google",
      accounts: cfg.accounts.map((a) => ({ name: a.name ?? a.email, email: a.email })),
      endpoints: [
        { label: "discovery", path: "/.well-known/openid-configuration", open: true },
        { label: "authorization", path: "/authorize" },
        { label: "token", path: "/token" },
        { label: "user info", path: "/userinfo" },
        { label: "keys", path: "/jwks", open: true },
      ],
    }),
  );

  r.get("/.well-known/openid-configuration", (_req, res) => {
    const iss = issuer();
    res.json({
      issuer: iss,
      authorization_endpoint: `${iss}/authorize`,
      token_endpoint: `${iss}/token`,
      userinfo_endpoint: `${iss}/userinfo`,
      jwks_uri: `${iss}/jwks`,
      response_types_supported: ["code"],
      subject_types_supported: ["public"],
      id_token_signing_alg_values_supported: ["RS256"],
      scopes_supported: ["openid", "email", "profile"],
      token_endpoint_auth_methods_supported: ["client_secret_post", "client_secret_basic"],
      code_challenge_methods_supported: ["S256"],
      claims_supported: [
        "aud",
        "email",
        "email_verified",
        "exp",
        "family_name",
        "given_name",
        "iat",
        "iss",
        "name",
        "picture",
        "sub",
        "nonce",
      ],
    });
  });

  r.get("/jwks", async (_req, res) => void res.json({ keys: [(await signingKey()).jwk] }));

  /** Checks the authorization request; answers the error itself and returns undefined when bad. */
  const authRequest = (req: Request, res: Response) => {
    const q = req.query as Record<string, unknown>;
    const s = (k: string) => (typeof q[k] === "string" ? (q[k] as string) : undefined);
    const c = client(s("client_id"));
    // Like Google: an unknown client or a redirect URI it did not register gets an error page, no redirect.
    if (!c)
      return void sendHostedPage(res, {
        status: 400,
        title: "Error 401: invalid_client",
        body: html`<p>The OAuth client was not found.</p>`,
      });
    if (s("redirect_uri") !== `${deps.urls.hosted()}/oauth2/idpresponse`)
      return void sendHostedPage(res, {
        status: 400,
        title: "Error 400: redirect_uri_mismatch",
        body: html`<p>The redirect URI is not registered for this client.</p>`,
      });
    if (s("response_type") !== "code" || !(s("scope") ?? "").split(" ").includes("openid"))
      return void sendHostedPage(res, {
        status: 400,
        title: "Error 400: invalid_request",
        body: html`<p>response_type=code and the openid scope are required.</p>`,
      });
    if (s("code_challenge") !== undefined && s("code_challenge_method") !== "S256")
      return void sendHostedPage(res, {
        status: 400,
        title: "Error 400: invalid_request",
        body: html`<p>Only S256 PKCE is supported.</p>`,
      });
    return {
      client: c,
      redirectUri: s("redirect_uri")!,
      state: s("state"),
      nonce: s("nonce"),
      challenge: s("code_challenge"),
      scope: s("scope")!,
    };
  };

  r.get("/authorize", (req, res) => {
    const a = authRequest(req, res);
    if (!a) return;
    const token = csrfToken(deps, req, res);
    const action = `${new URL(issuer()).pathname}/authorize${req.originalUrl.slice(req.originalUrl.indexOf("?"))}`;
    const buttons = cfg.accounts.map((acc) =>
      joinHtml([
        html`<button type="submit" name="sub" value="${acc.sub}" class="button idp">`,
        html`${acc.name ?? acc.email} <span class="hint">${acc.email}</span></button>`,
      ]),
    );
    sendHostedPage(res, {
      status: 200,
      title: "Choose an account",
      info: "Development Google: test accounts only. Nothing here talks to Google.",
      body: joinHtml([
        html`<p>to continue to the Authhub user pool</p><form method="post" action="${action}">`,
        html`<input type="hidden" name="_csrf" value="${token}">${buttons}</form>`,
      ]),
      // The POST's redirect chain ends at the relying party's client callback (via /oauth2/idpresponse),
      // which this provider cannot know, and Chrome applies form-action to every redirect after a POST
      // (found by the e2e tests). Like Google's own chooser, allow any http(s) target; the page holds no secret.
      formTargets: [new URL(deps.urls.hosted()).origin, "https:", "http:"],
    });
  });

  r.post("/authorize", express.urlencoded({ extended: false, limit: "16kb" }), (req, res) => {
    const a = authRequest(req, res);
    if (!a) return;
    const form = (req.body ?? {}) as Record<string, string>;
    if (!csrfOk(deps, req, form, new URL(deps.urls.hosted()).origin))
      return void sendHostedPage(res, {
        status: 403,
        title: "Session expired",
        body: html`<p>Go back and choose the account again.</p>`,
      });
    const acc = typeof form.sub === "string" ? account(form.sub) : undefined;
    if (!acc)
      return void sendHostedPage(res, {
        status: 400,
        title: "Unknown account",
        body: html`<p>Choose one of the listed accounts.</p>`,
      });
    const code: CodePayload = {
      k: "code",
      clientId: a.client.clientId,
      redirectUri: a.redirectUri,
      sub: acc.sub,
      scope: a.scope,
      exp: now() + CODE_TTL_S,
      ...(a.nonce ? { nonce: a.nonce } : {}),
      ...(a.challenge ? { challenge: a.challenge } : {}),
    };
    const p = new URLSearchParams({ code: seal(code, "code") });
    if (a.state !== undefined) p.set("state", a.state);
    res
      .status(303)
      .set({ Location: `${a.redirectUri}?${p}`, "Referrer-Policy": "no-referrer", "Cache-Control": "no-store" })
      .end();
  });

  r.post("/token", express.urlencoded({ extended: false, limit: "16kb" }), async (req, res) => {
    const form = (req.body ?? {}) as Record<string, string>;
    let id = form.client_id;
    let secret = form.client_secret;
    const basic = /^Basic (.+)$/i.exec(req.get("authorization") ?? "");
    if (basic) {
      const [u, p] = Buffer.from(basic[1]!, "base64").toString("utf8").split(":");
      id = decodeURIComponent(u ?? "");
      secret = decodeURIComponent(p ?? "");
    }
    const c = client(id);
    if (!c || !secret || !safeEqual(secret, c.clientSecret))
      return jsonError(res, 401, "invalid_client", "The OAuth client was not found or the secret is wrong.");
    if (form.grant_type !== "authorization_code")
      return jsonError(res, 400, "unsupported_grant_type", "Only authorization_code.");
    const code = typeof form.code === "string" ? unseal<CodePayload>(form.code, "code") : undefined;
    if (
      code?.k !== "code" ||
      code.exp <= now() ||
      code.clientId !== c.clientId ||
      code.redirectUri !== form.redirect_uri
    )
      return jsonError(res, 400, "invalid_grant", "Bad or expired code.");
    if (code.challenge && (typeof form.code_verifier !== "string" || s256(form.code_verifier) !== code.challenge))
      return jsonError(res, 400, "invalid_grant", "PKCE verification failed.");
    const acc = account(code.sub);
    if (!acc) return jsonError(res, 400, "invalid_grant", "The account no longer exists.");
    const t = now();
    const accessToken = seal({ k: "access", sub: acc.sub, exp: t + TOKEN_TTL_S }, "access");
    const k = await signingKey();
    const idToken = await new SignJWT({
      iss: issuer(),
      azp: c.clientId,
      aud: c.clientId,
      sub: acc.sub,
      ...profileClaims(acc, code.scope),
      at_hash: createHash("sha256").update(accessToken).digest().subarray(0, 16).toString("base64url"),
      ...(code.nonce ? { nonce: code.nonce } : {}),
      iat: t,
      exp: t + TOKEN_TTL_S,
    })
      .setProtectedHeader({ alg: "RS256", kid: k.kid, typ: "JWT" })
      .sign(k.privateKey);
    res.set("Cache-Control", "no-store").json({
      access_token: accessToken,
      expires_in: TOKEN_TTL_S,
      scope: code.scope,
      token_type: "Bearer",
      id_token: idToken,
    });
  });

  r.get("/userinfo", (req, res) => {
    const m = /^Bearer (.+)$/i.exec(req.get("authorization") ?? "");
    const tok = m ? unseal<{ k: string; sub: string; exp: number }>(m[1]!, "access") : undefined;
    const acc = tok && tok.k === "access" && tok.exp > now() ? account(tok.sub) : undefined;
    if (!acc)
      return void res
        .status(401)
        .set("WWW-Authenticate", 'Bearer error="invalid_token"')
        .json({ error: "invalid_token" });
    res.json({ sub: acc.sub, ...profileClaims(acc, "openid email profile") });
  });

  return r;
}

function profileClaims(acc: DevGoogleAccount, scope: string): Record<string, unknown> {
  const scopes = scope.split(" ");
  return {
    ...(scopes.includes("email") ? { email: acc.email, email_verified: acc.email_verified ?? true } : {}),
    ...(scopes.includes("profile")
      ? {
          ...(acc.name ? { name: acc.name } : {}),
          ...(acc.given_name ? { given_name: acc.given_name } : {}),
          ...(acc.family_name ? { family_name: acc.family_name } : {}),
          ...(acc.picture ? { picture: acc.picture } : {}),
        }
      : {}),
  };
}

/** One RS256 key for every instance: created once, kept sealed in the meta table. */
async function loadKey(deps: Deps): Promise<{ kid: string; privateKey: KeyObject; jwk: JWK }> {
  let stored = await deps.store.meta.get("dev-google-signing-key");
  if (!stored) {
    const { privateKey } = await deps.generateRsaKeyPair();
    const der = privateKey.export({ format: "der", type: "pkcs8" });
    stored = await deps.store.meta.setIfAbsent(
      "dev-google-signing-key",
      deps.crypto.encrypt(der, "dev-google-signing-key"),
    );
  }
  const privateKey = createPrivateKey({
    key: deps.crypto.decrypt(stored, "dev-google-signing-key"),
    format: "der",
    type: "pkcs8",
  });
  const pub = createPublicKey(privateKey).export({ format: "jwk" }) as JWK;
  const kid = createHash("sha256").update(`${pub.n}.${pub.e}`).digest("base64url").slice(0, 16);
  return { kid, privateKey, jwk: { kty: "RSA", n: pub.n!, e: pub.e!, alg: "RS256", use: "sig", kid } };
}
