/** POST /saml2/idpresponse: the SAML IdP's HTTP-POST binding answer, then on to the client (Cognito's ACS URL). */
import type { Request, Response } from "express";
import { CognitoError } from "../errors/cognitoErrors.js";
import { sendHostedPage } from "../hosted/layout.js";
import { errorStatus, handleAuthorizeError, redirect, type HostedDeps } from "../hosted/flow.js";
import { html } from "../html.js";
import { signInAndComplete } from "../oauth/authorize/complete.js";
import { parseAuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams } from "../oauth/params.js";
import { FederationError } from "../services/federation.js";

export function samlResponse(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "saml2/idpresponse";
    try {
      const form = formParams(req);
      const { params, user, provider } = await deps.federation.completeSaml(
        form,
        // Row UserFederation of Cognito's quota table, as for /oauth2/idpresponse.
        (poolId) => deps.requestRates.admitEndpoint(poolId, "POST /saml2/idpresponse"),
        (relayed) => parseAuthorizationRequest(deps, relayed),
      );
      // The client's request is checked again: its registration may have changed meanwhile.
      const r = await parseAuthorizationRequest(deps, params);
      redirect(res, 302, await signInAndComplete(deps, res, r, user, provider.name));
    } catch (e) {
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
  };
}
