/** POST /saml2/idpresponse: the SAML IdP's HTTP-POST binding answer, then on to the client (Cognito's ACS URL). */
import type { Request, Response } from "express";
import { redirect, type HostedDeps } from "../hosted/flow.js";
import { signInAndComplete } from "../oauth/authorize/complete.js";
import { parseAuthorizationRequest } from "../oauth/authorize/request.js";
import { formParams } from "../oauth/params.js";
import { sendFederationFailure } from "./idpResponse.js";

export function samlResponse(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "saml2/idpresponse";
    let clientId: string | undefined;
    try {
      const form = formParams(req);
      const { params, user, provider, sessionIndex } = await deps.federation.completeSaml(
        form,
        // Row UserFederation of Cognito's quota table, as for /oauth2/idpresponse.
        (poolId) => deps.requestRates.admitEndpoint(poolId, "POST /saml2/idpresponse"),
        (relayed) => parseAuthorizationRequest(deps, relayed),
      );
      clientId = params.client_id;
      // The client's request is checked again: its registration may have changed meanwhile.
      const r = await parseAuthorizationRequest(deps, params);
      // The assertion's SessionIndex stays with the hosted session: single logout names it to the IdP.
      redirect(res, 302, await signInAndComplete(deps, res, r, user, provider.name, sessionIndex));
    } catch (e) {
      await sendFederationFailure(deps, res, e, clientId);
    }
  };
}
