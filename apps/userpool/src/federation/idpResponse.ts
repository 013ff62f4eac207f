/**
 * GET /oauth2/idpresponse: the identity provider's redirect back to us, then on to the client. POST: the same
 * answer by form post (Sign in with Apple's response_mode=form_post, which also carries the `user` field).
 */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
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
      // The client's request is checked again: its registration may have changed meanwhile.
      const r = await parseAuthorizationRequest(deps, params);
      redirect(res, 302, await signInAndComplete(deps, res, r, user, provider.name));
    } catch (e) {
      sendFederationFailure(deps, res, e);
    }
  };
}

/** A provider's answer that cannot sign anyone in: a "Sign-in failed" page (OIDC, social and SAML alike). */
export function sendFederationFailure(deps: HostedDeps, res: Response, e: unknown): void {
  if (e instanceof FederationError || e instanceof CognitoError) {
    res.locals.errorType = e instanceof CognitoError ? e.code : "FederationError";
    sendHostedPage(res, {
      status: e instanceof CognitoError ? errorStatus(e) : 400,
      title: "Sign-in failed",
      body: html`<p>${e.message}</p>`,
    });
    return;
  }
  handleAuthorizeError(deps, res, e);
}
