/**
 * POST /saml2/logout: the SAML IdP's HTTP-POST answer to our LogoutRequest (then on to the target of the
 * sign-out request, or the signed-out page when it named none), or its own LogoutRequest (then back to the IdP
 * with our signed LogoutResponse). Cognito's "SAML sign-out flow"; the checks are in FederationService.samlLogout
 * and samlLogout.ts.
 */
import type { Request, Response } from "express";
import { redirect, type HostedDeps } from "../hosted/flow.js";
import { signedOut } from "../oauth/logout.js";
import { formParams } from "../oauth/params.js";
import { sendFederationFailure } from "./idpResponse.js";

export function samlLogoutEndpoint(deps: HostedDeps) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "saml2/logout";
    try {
      const { redirect: next } = await deps.federation.samlLogout(formParams(req), (poolId) =>
        deps.requestRates.admitEndpoint(poolId, "POST /saml2/logout"),
      );
      if (next === undefined) return signedOut(res, 200);
      redirect(res, 302, next);
    } catch (e) {
      await sendFederationFailure(deps, res, e, undefined, "Sign-out failed");
    }
  };
}
