/**
 * GET /oauth2/authorize (Cognito's authorize endpoint). No CORS: it is a browser navigation, never
 * an API call. With a live hosted-UI session it answers silently; otherwise it sends the browser
 * to the login page, or straight to the identity provider named by identity_provider/idp_identifier.
 */
import type { Request, Response } from "express";
import { readCookie } from "../hosted/cookies.js";
import { sendHostedPage } from "../hosted/layout.js";
import { handleAuthorizeError, pageUrl, redirect, type HostedDeps } from "../hosted/flow.js";
import { html } from "../html.js";
import { completeAuthorization } from "./authorize/complete.js";
import { AuthorizeRedirectError, COGNITO_PROVIDER, parseAuthorizationRequest } from "./authorize/request.js";
import { errorResponseUrl } from "./authorize/response.js";
import { loginRequired } from "./errors.js";
import { queryParams } from "./params.js";

export function authorize(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "authorize";
    try {
      const r = await parseAuthorizationRequest(deps, queryParams(req));
      const target = {
        redirectUri: r.redirectUri,
        state: r.state,
        responseType: r.responseType,
        issuer: deps.urls.issuer(r.pool.id),
      };
      if (r.provider && r.provider !== COGNITO_PROVIDER) {
        const provider = await deps.identityProviders.get(r.pool.id, r.provider);
        let location: string;
        try {
          location = await deps.federation.begin(r, provider);
        } catch (e) {
          // Discovery failed (provider down or misconfigured): tell the user, keep the detail in the log.
          deps.log.warn(
            { provider: provider.name, err: { name: (e as Error).name, message: (e as Error).message } },
            "identity provider unreachable",
          );
          sendHostedPage(res, {
            status: 502,
            title: "Sign-in is unavailable",
            body: html`<p>${provider.name} cannot be reached right now. Try again later.</p>`,
          });
          return;
        }
        redirect(res, 302, location);
        return;
      }
      const live =
        r.prompt === "login"
          ? undefined
          : await deps.hostedSessions.resolve(r.pool, readCookie(req, deps.hostedSessions.cookieName(r.pool.id)));
      // A session from a provider the client does not accept cannot answer for it, nor one older than the client's
      // SSOSession.MaxValidityMinutes (SetUserPoolClientSessionConfiguration).
      if (
        live &&
        (r.client.settings.SupportedIdentityProviders ?? []).includes(live.session.provider) &&
        (await deps.sessionConfiguration.reusesSsoSession(r.client, live.session.authTime))
      ) {
        redirect(res, 302, await completeAuthorization(deps, r, live.user, live.session.authTime, live.session.idHash));
        return;
      }
      if (r.prompt === "none") throw new AuthorizeRedirectError(target, loginRequired("The user is not signed in."));
      redirect(res, 302, pageUrl(deps, "/login", r));
    } catch (e) {
      if (e instanceof AuthorizeRedirectError) {
        res.locals.errorType = e.error.code;
        redirect(res, 302, errorResponseUrl(e.target, e.error));
        return;
      }
      handleAuthorizeError(deps, res, e);
    }
  };
}
