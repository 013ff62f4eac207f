/**
 * GET /logout (Cognito's logout endpoint): ends the hosted-UI session and clears its cookie, then
 * either returns to `logout_uri` (exactly one of the client's LogoutURLs) or, given `redirect_uri`
 * and `response_type`, starts a new sign-in. An unregistered target gets an error page, never a
 * redirect.
 */
import type { Request, Response } from "express";
import { clearCookie, readCookie } from "../hosted/cookies.js";
import { sendHostedPage } from "../hosted/layout.js";
import { pageUrl, redirect, type HostedDeps } from "../hosted/flow.js";
import { html } from "../html.js";
import { parseAuthorizationRequest } from "./authorize/request.js";
import { queryParams, type Params } from "./params.js";
import { matchRedirectUri } from "./redirectUri.js";

export function logout(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "logout";
    const fail = (detail: string) =>
      sendHostedPage(res, { status: 400, title: "Sign-out failed", body: html`<p>${detail}</p>` });
    let q: Params;
    try {
      q = queryParams(req);
    } catch {
      return fail("The sign-out link has a duplicated parameter.");
    }
    const client = q.client_id && q.client_id.length <= 128 ? await deps.pools.findClient(q.client_id) : undefined;
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
    const name = deps.hostedSessions.cookieName(pool.id);
    await deps.hostedSessions.end(readCookie(req, name));
    clearCookie(res, name);
    redirect(res, 302, next);
  };
}
