/**
 * /logout, two protocols on one endpoint (the discovery document's `end_session_endpoint`):
 *
 * - Cognito's ("The managed login sign-out endpoint: /logout"): `client_id` + `logout_uri` (exactly one
 *   of the client's LogoutURLs), or `redirect_uri` + `response_type` to sign in again. GET only.
 * - OpenID Connect RP-Initiated Logout 1.0: `id_token_hint`, `client_id`, `post_logout_redirect_uri`,
 *   `state`, by GET or form POST (§2). The hint must be an ID token of this pool (signature checked,
 *   expiry not); it and `client_id` must name the same client. `post_logout_redirect_uri` must be one of
 *   that client's LogoutURLs byte for byte, and `state` comes back on it. Without one, a signed-out page.
 *
 * Either way the hosted-UI session ends once the pool is known. A session that came from a SAML provider with
 * IDPSignout is then signed out at the IdP too, whichever protocol's parameters came ("When you direct a user with
 * a SAML session to your user pool /logout endpoint, Amazon Cognito redirects your SAML user … to the SLO
 * endpoint"); the IdP's LogoutResponse at /saml2/logout (federation/samlLogoutEndpoint.ts) goes on to the target.
 * An unregistered or unsafe target gets a page, never a redirect (RFC 9700 §4.11, open redirectors).
 */
import type { Request, Response } from "express";
import { clearCookie, readCookie } from "../hosted/cookies.js";
import { sendHostedPage } from "../hosted/layout.js";
import { pageUrl, redirect, type HostedDeps } from "../hosted/flow.js";
import { html } from "../html.js";
import type { Client, Pool } from "../services/pools.js";
import { parseAuthorizationRequest } from "./authorize/request.js";
import { verifyIdTokenHint } from "./idTokenHint.js";
import { formParams, queryParams, type Params } from "./params.js";
import { matchRedirectUri } from "./redirectUri.js";

/** Parameters only RP-Initiated Logout has; with them the request is the OIDC one. */
const OIDC_ONLY = ["id_token_hint", "post_logout_redirect_uri", "logout_hint", "ui_locales"] as const;
const MAX_CLIENT_ID = 128;

export function logout(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "logout";
    const fail = (detail: string) =>
      sendHostedPage(res, { status: 400, title: "Sign-out failed", body: html`<p>${detail}</p>` });
    let q: Params;
    try {
      q = req.method === "POST" ? formParams(req) : queryParams(req);
    } catch {
      return fail("The sign-out request has a duplicated parameter or is not a form.");
    }
    const oidc = OIDC_ONLY.some((p) => q[p] !== undefined);
    const cognito = q.logout_uri !== undefined || q.redirect_uri !== undefined;
    // Two protocols' targets in one request would leave it to us to pick where the user goes.
    if (oidc && cognito)
      return fail("The sign-out link mixes logout_uri or redirect_uri with post_logout_redirect_uri or id_token_hint.");
    if (cognito) return cognitoLogout(deps, req, res, q, fail);
    return rpInitiatedLogout(deps, req, res, q, fail);
  };
}

/** Cognito's own parameters: `logout_uri`, or `redirect_uri` + `response_type` (a new sign-in). */
async function cognitoLogout(
  deps: HostedDeps,
  req: Request,
  res: Response,
  q: Params,
  fail: (detail: string) => void,
): Promise<void> {
  if (req.method === "POST") return fail("Sign-out with logout_uri or redirect_uri is a GET request.");
  const client = await findClient(deps, q.client_id);
  const pool = client && (await deps.pools.findPool(client.poolId));
  if (!client || !pool) return fail("The app client in this sign-out link does not exist.");
  let next: string | undefined;
  if (q.logout_uri !== undefined) {
    next = matchRedirectUri(client.settings.LogoutURLs, q.logout_uri);
    if (!next) return fail("The logout_uri in this link is not registered for this app client.");
  } else if (q.redirect_uri !== undefined && q.response_type !== undefined) {
    try {
      const { logout_uri: _l, ...authParams } = q;
      const r = await parseAuthorizationRequest(deps, authParams);
      next = pageUrl(deps, "/login", r);
    } catch {
      return fail("The redirect_uri or response_type in this link is not valid for this app client.");
    }
  } else {
    return fail("The sign-out link needs logout_uri, or redirect_uri and response_type.");
  }
  const slo = await endSessionWithSlo(deps, req, res, pool, next);
  redirect(res, 302, slo ?? next);
}

/** OpenID Connect RP-Initiated Logout 1.0 §2 and §3. */
async function rpInitiatedLogout(
  deps: HostedDeps,
  req: Request,
  res: Response,
  q: Params,
  fail: (detail: string) => void,
): Promise<void> {
  const named = q.client_id !== undefined ? await findClient(deps, q.client_id) : undefined;
  if (q.client_id !== undefined && !named) return fail("The app client in this sign-out request does not exist.");
  const hint = q.id_token_hint !== undefined ? await verifyIdTokenHint(deps, q.id_token_hint) : undefined;
  const namedPool = named && (await deps.pools.findPool(named.poolId));
  if (q.id_token_hint !== undefined && (!hint || (named && hint.client.id !== named.id))) {
    // Signing out is the safe direction: the session of the named client's pool ends even so; no redirect.
    if (namedPool) await endSession(deps, req, res, namedPool);
    return fail(
      hint
        ? "The id_token_hint was issued to another app client than client_id names."
        : "The id_token_hint is not an ID token issued by this user pool.",
    );
  }
  const client = hint?.client ?? named;
  const pool = hint?.pool ?? namedPool;
  if (!client || !pool) return fail("The sign-out request needs client_id or id_token_hint.");

  const target = q.post_logout_redirect_uri;
  // §2 lets the OP skip the hint when it has "other means of confirming the legitimacy" of the target:
  // here, as with Cognito's logout_uri, an exact match with the client's registered LogoutURLs.
  const registered = target === undefined ? undefined : matchRedirectUri(client.settings.LogoutURLs, target);
  if (target !== undefined && !registered) {
    // The session ends, but no trip to the IdP: the page must say what was wrong with the request.
    await endSession(deps, req, res, pool);
    return signedOut(res, 400, "The return address in the request is not registered for this app client.");
  }
  const next = registered && (q.state === undefined ? registered : withState(registered, q.state));
  const slo = await endSessionWithSlo(deps, req, res, pool, next);
  if (slo) return redirect(res, 302, slo);
  if (next === undefined) return signedOut(res, 200);
  redirect(res, 302, next);
}

async function findClient(deps: HostedDeps, clientId: string | undefined): Promise<Client | undefined> {
  return clientId && clientId.length <= MAX_CLIENT_ID ? await deps.pools.findClient(clientId) : undefined;
}

/**
 * Ends the hosted session; when it came from a SAML provider with IDPSignout, the URL of the IdP's single logout
 * (our LogoutRequest), whose LogoutResponse at /saml2/logout then sends the browser on to `next` ("SAML sign-out
 * flow"; no `next`: a signed-out page).
 */
async function endSessionWithSlo(
  deps: HostedDeps,
  req: Request,
  res: Response,
  pool: Pool,
  next: string | undefined,
): Promise<string | undefined> {
  const current = await deps.hostedSessions.resolve(pool, readCookie(req, deps.hostedSessions.cookieName(pool.id)));
  await endSession(deps, req, res, pool);
  return current && (await deps.federation.beginSamlLogout(pool, current.user, current.session, next));
}

async function endSession(deps: HostedDeps, req: Request, res: Response, pool: Pool): Promise<void> {
  const name = deps.hostedSessions.cookieName(pool.id);
  await deps.hostedSessions.end(readCookie(req, name));
  clearCookie(res, name);
}

/** The signed-out page (also where single logout ends when the sign-out request named no target). */
export function signedOut(res: Response, status: 200 | 400, problem?: string): void {
  sendHostedPage(res, {
    status,
    title: "Signed out",
    body: problem
      ? html`<p>You have been signed out.</p><p>${problem} You can close this window.</p>`
      : html`<p>You have been signed out. You can close this window.</p>`,
  });
}

/**
 * The registered URI with `state` added, keeping the registered text as it is (a URLSearchParams round
 * trip would re-encode its own query). Registered LogoutURLs never hold a fragment (redirectUri.ts).
 */
function withState(uri: string, state: string): string {
  return `${uri}${uri.includes("?") ? "&" : "?"}state=${encodeURIComponent(state)}`;
}
