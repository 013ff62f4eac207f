/**
 * The HTTPS surface: OAuth 2.0 / OIDC endpoints, the hosted pages, the identity-provider
 * callback and, in development, the development Google. Served by its own listener (src/tls), so
 * the JSON API's CORS and body rules never mix with these.
 */
import express, { type NextFunction, type Request, type Response } from "express";
import { devGoogleRouter } from "../dev/google/provider.js";
import { devHostedHome } from "../dev/home.js";
import { devSamlRouter } from "../dev/saml/provider.js";
import { devAmazonRouter } from "../dev/social/amazon.js";
import { devAppleRouter } from "../dev/social/apple.js";
import { devFacebookRouter } from "../dev/social/facebook.js";
import type { DevGoogleConfig } from "../dev/google/config.js";
import { idpResponse } from "../federation/idpResponse.js";
import { samlLogoutEndpoint } from "../federation/samlLogoutEndpoint.js";
import { samlResponse } from "../federation/samlResponse.js";
import { accountPages } from "../hosted/accountPages.js";
import { basePath } from "../hosted/flow.js";
import { brandingLogo } from "../hosted/brandingLogo.js";
import { HOSTED_SECURITY_HEADERS, sendHostedPage } from "../hosted/layout.js";
import { loginPage, loginSubmit } from "../hosted/login.js";
import { mfaPage, mfaSubmit } from "../hosted/mfa.js";
import { passkeyPromptSubmit } from "../hosted/passkeyPrompt.js";
import { html } from "../html.js";
import { addressLimit } from "../http/addressLimit.js";
import { devHostOnly } from "../http/devHosts.js";
import { health, ready } from "../http/health.js";
import { favicon } from "../http/favicon.js";
import { requestLog } from "../http/requestLog.js";
import type { Metrics } from "../observability/metrics.js";
import type { Tracing } from "../observability/tracing.js";
import type { Services } from "../services/index.js";
import type { RsaKeyGenerator } from "../services/keys.js";
import type { HealthStore, Store } from "../store/index.js";
import { authorize } from "./authorize.js";
import { invalidRequest, OAuthError } from "./errors.js";
import { logout } from "./logout.js";
import { revoke } from "./revoke.js";
import { token } from "./token.js";
import { sendOAuthError } from "./translate.js";
import { userInfo } from "./userInfo.js";

export interface HostedAppOptions {
  /** Serve /_dev/google with these accounts (development mode only). */
  devGoogle?: {
    config: DevGoogleConfig;
    store: Store;
    generateRsaKeyPair: RsaKeyGenerator;
    hostnames: readonly string[];
  };
  /** Serve the development SAML IdP at /_dev/saml (development mode only). */
  devSaml?: { store: Store; generateRsaKeyPair: RsaKeyGenerator; hostnames: readonly string[] };
  /** Serve the development Facebook, Apple and Amazon at /_dev/facebook, /_dev/apple, /_dev/amazon (development). */
  devSocial?: { store: Store; hostnames: readonly string[] };
  /** Behind a TLS-terminating proxy: trust its X-Forwarded-* headers. */
  trustProxy: boolean;
  /** Readiness reads the database through this. */
  health: HealthStore;
  /** Requests are counted here (served on the JSON API listener's /metrics). */
  metrics?: Metrics;
  /** One span per request when tracing is on. */
  tracing?: Tracing;
}

type Handler = (req: Request, res: Response) => Promise<void> | void;
const route = (h: Handler) => (req: Request, res: Response, next: NextFunction) =>
  void Promise.resolve(h(req, res)).catch(next);

/** A hosted form refused by its per-address limit (before the form is read, so no page of the flow can be shown). */
function tooManyPage(res: Response, message: string): void {
  sendHostedPage(res, { status: 429, title: "Too many requests", body: html`<p>${message}</p>` });
}

/**
 * CORS for the endpoints a browser app calls with fetch (token, userInfo, revoke): bearer tokens
 * and client credentials, no cookies, so any origin may call (Amplify's token exchange comes from
 * the app's origin). Never on /oauth2/authorize or the pages: those are navigations.
 */
function apiCors(req: Request, res: Response, next: NextFunction): void {
  res.set("Access-Control-Allow-Origin", "*");
  if (req.method === "OPTIONS") {
    res
      .status(204)
      .set({
        "Access-Control-Allow-Methods": "GET, POST, OPTIONS",
        "Access-Control-Allow-Headers": "authorization, content-type, x-amz-user-agent, cache-control",
        "Access-Control-Max-Age": "86400",
      })
      .end();
    return;
  }
  next();
}

export function createHostedApp(services: Services, opts: HostedAppOptions): express.Express {
  const r = express.Router();
  const form = express.raw({ type: () => true, limit: "64kb" });

  r.get("/oauth2/authorize", route(authorize(services)));
  r.get("/login", route(loginPage(services)));
  r.post("/login", addressLimit(services, "POST /login", tooManyPage), form, route(loginSubmit(services)));
  r.get("/mfa", route(mfaPage(services)));
  r.post("/mfa", addressLimit(services, "POST /mfa", tooManyPage), form, route(mfaSubmit(services)));
  r.post("/passkey", form, route(passkeyPromptSubmit(services)));
  for (const p of accountPages(services)) {
    r.get(p.path, route(p.get));
    r.post(p.path, addressLimit(services, `POST ${p.path}`, tooManyPage), form, route(p.post));
  }
  r.get("/logout", route(logout(services)));
  // RP-Initiated Logout 1.0 §2: the OP supports GET and form POST.
  r.post("/logout", form, route(logout(services)));
  r.get("/oauth2/idpresponse", route(idpResponse(services)));
  // Sign in with Apple answers by form post (response_mode=form_post).
  r.post("/oauth2/idpresponse", form, route(idpResponse(services)));
  // Cognito accepts assertions of up to 100,000 characters; base64 and form encoding make that ~140 kB.
  r.post("/saml2/idpresponse", express.raw({ type: () => true, limit: "192kb" }), route(samlResponse(services)));
  r.post("/saml2/logout", express.raw({ type: () => true, limit: "192kb" }), route(samlLogoutEndpoint(services)));

  r.options("/oauth2/token", apiCors);
  r.post(
    "/oauth2/token",
    apiCors,
    addressLimit(services, "POST /oauth2/token", (res, message) =>
      sendOAuthError(res, new OAuthError("slow_down", message)),
    ),
    form,
    route(token(services)),
  );
  r.options("/oauth2/userInfo", apiCors);
  r.get("/oauth2/userInfo", apiCors, route(userInfo(services)));
  r.post("/oauth2/userInfo", apiCors, route(userInfo(services)));
  r.options("/oauth2/revoke", apiCors);
  r.post("/oauth2/revoke", apiCors, form, route(revoke(services)));
  r.get("/favicon.ico", favicon);
  r.get("/health", health);
  r.get("/ready", route(ready(opts.health, services.log)));
  r.get("/_branding/:pool/:client/:file", route(brandingLogo(services, notFoundPage)));

  const devHosts = opts.devGoogle?.hostnames ?? opts.devSaml?.hostnames ?? opts.devSocial?.hostnames;
  if (devHosts) {
    const providers = [
      ...(opts.devGoogle ? [{ label: "Development Google", path: "/_dev/google" }] : []),
      ...(opts.devSocial
        ? [
            { label: "Development Facebook", path: "/_dev/facebook" },
            { label: "Development Sign in with Apple", path: "/_dev/apple" },
            { label: "Development Login with Amazon", path: "/_dev/amazon" },
          ]
        : []),
      ...(opts.devSaml ? [{ label: "Development SAML IdP", path: "/_dev/saml" }] : []),
    ];
    r.get(
      "/",
      devHostOnly(devHosts, (_req, res) => notFoundPage(res)),
      devHostedHome(services.urls, providers),
    );
  }

  if (opts.devGoogle) {
    const notFound = (_req: Request, res: Response) => notFoundPage(res);
    r.use(
      "/_dev/google",
      devHostOnly(opts.devGoogle.hostnames, notFound),
      devGoogleRouter(
        { ...services, store: opts.devGoogle.store, generateRsaKeyPair: opts.devGoogle.generateRsaKeyPair },
        opts.devGoogle.config,
      ),
    );
  }

  if (opts.devSaml) {
    const notFound = (_req: Request, res: Response) => notFoundPage(res);
    r.use(
      "/_dev/saml",
      devHostOnly(opts.devSaml.hostnames, notFound),
      devSamlRouter({ ...services, store: opts.devSaml.store, generateRsaKeyPair: opts.devSaml.generateRsaKeyPair }),
    );
  }

  if (opts.devSocial) {
    const notFound = (_req: Request, res: Response) => notFoundPage(res);
    const d = { ...services, store: opts.devSocial.store };
    for (const [path, router] of [
      ["/_dev/facebook", devFacebookRouter(d)],
      ["/_dev/apple", devAppleRouter(d)],
      ["/_dev/amazon", devAmazonRouter(d)],
    ] as const)
      r.use(path, devHostOnly(opts.devSocial.hostnames, notFound), router);
  }

  const app = express();
  app.disable("x-powered-by");
  app.set("etag", false);
  app.set("query parser", "simple");
  if (opts.trustProxy) app.set("trust proxy", true);
  app.use(
    requestLog(
      services.log,
      services.random,
      opts.metrics
        ? { metrics: opts.metrics, listener: "hosted", tracing: opts.tracing, basePath: () => basePath(services) }
        : undefined,
    ),
  );
  // Every response, errors and redirects included: no framing (clickjacking), no referrer (codes in URLs).
  app.use((_req, res, next) => {
    res.set({ ...HOSTED_SECURITY_HEADERS, "Content-Security-Policy": "frame-ancestors 'none'" });
    next();
  });
  app.use(basePath(services) || "/", r);
  app.use((req: Request, res: Response) => {
    if (req.path.startsWith(`${basePath(services)}/oauth2/`))
      return sendOAuthError(res, invalidRequest(`Not found: ${req.method} ${req.path}`));
    notFoundPage(res);
  });
  app.use((err: unknown, req: Request, res: Response, _next: NextFunction) => {
    const e = err as { type?: string; status?: number; name?: string; message?: string };
    if (res.headersSent) return;
    if (typeof e?.status === "number" && e.status < 500) {
      if (req.path.includes("/oauth2/")) return sendOAuthError(res, invalidRequest("The request could not be read."));
      return sendHostedPage(res, {
        status: 400,
        title: "Bad request",
        body: html`<p>The request could not be read.</p>`,
      });
    }
    services.log.error(
      { path: req.path, err: { name: e?.name, message: e?.message } },
      "unexpected error on the hosted listener",
    );
    sendHostedPage(res, { status: 500, title: "Something went wrong", body: html`<p>Please try again later.</p>` });
  });
  return app;
}

function notFoundPage(res: Response): void {
  sendHostedPage(res, { status: 404, title: "Page not found", body: html`<p>There is nothing at this address.</p>` });
}
