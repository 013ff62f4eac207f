/**
 * GET /oauth2/idpresponse: the identity provider's redirect back to us, then on to the client. POST: the same
 * answer by form post (Sign in with Apple's response_mode=form_post, which also carries the `user` field).
 */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import { backToApp } from "../hosted/backToApp.js";
import { sendHostedPage } from "../hosted/layout.js";
import { errorStatus, handleAuthorizeError, redirect, type HostedDeps } from "../hosted/flow.js";
import { html } from "../html.js";
import { signInAndComplete } from "../oauth/authorize/complete.js";
import { parseAuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams, queryParams } from "../oauth/params.js";
import { FederationError } from "../services/federation.js";

export function idpResponse(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "idpresponse";
    // Known once the state is: the client whose app the failure page leads back to.
    let clientId: string | undefined;
    try {
      const post = req.method === "POST";
      const query = post ? formParams(req) : queryParams(req);
      const currentUrl = new URL(
        `${deps.urls.hosted()}/oauth2/idpresponse` +
          `${req.originalUrl.includes("?") ? req.originalUrl.slice(req.originalUrl.indexOf("?")) : ""}`,
      );
      // Row UserFederation of Cognito's quota table:
      // "Operations that submit an IdP response to a user pool federation endpoint".
      const { params, user, provider } = await deps.federation.complete(query, currentUrl, (poolId) =>
        deps.requestRates.admitEndpoint(poolId, post ? "POST /oauth2/idpresponse" : "GET /oauth2/idpresponse"),
      );
      clientId = params.client_id;
      // The client's request is checked again: its registration may have changed meanwhile.
      const r = await parseAuthorizationRequest(deps, params);
      redirect(res, 302, await signInAndComplete(deps, res, r, user, provider.name));
    } catch (e) {
      await sendFederationFailure(deps, res, e, clientId);
    }
  };
}

/**
 * A provider's answer that cannot sign anyone in: a "Sign-in failed" page (OIDC, social and SAML alike). When the
 * state named the client, the page links back to that client's registered sign-in URL (no dead end, issue #24);
 * a forged or used-up state names none, and a URL from the request would make the page an open redirect.
 */
export async function sendFederationFailure(
  deps: HostedDeps,
  res: Response,
  e: unknown,
  knownClientId?: string,
  title = "Sign-in failed",
): Promise<void> {
  if (e instanceof FederationError || e instanceof CognitoError) {
    res.locals.errorType = e instanceof CognitoError ? e.code : "FederationError";
    const clientId = (e instanceof FederationError ? e.clientId : undefined) ?? knownClientId;
    const client = clientId ? await deps.pools.findClient(clientId).catch(() => undefined) : undefined;
    const back = client ? backToApp(client) : undefined;
    sendHostedPage(res, {
      status: e instanceof CognitoError ? errorStatus(e) : 400,
      title,
      body: back
        ? html`<p>${e.message}</p><p><a href="${back}">Back to the app to sign in again</a></p>`
        : html`<p>${e.message}</p><p>Go back to the app you came from and sign in again.</p>`,
    });
    return;
  }
  handleAuthorizeError(deps, res, e);
}
