/**
 * POST /oauth2/token. A checklist: read the form, authenticate the client, pick the grant, check
 * its parameters, run it. Tokens never cache (RFC 6749 §5.1: Cache-Control: no-store). CORS is on
 * (Amplify calls this from the browser); client authentication, not cookies, protects it.
 */
import type { Request, Response } from "express";
import type { Services } from "../services/index.js";
import { authenticateClient } from "./clientAuth.js";
import { invalidRequest, unsupportedGrantType } from "./errors.js";
import { grants } from "./grants/index.js";
import type { Grant, GrantContext } from "./grants/types.js";
import { formParams, type Params } from "./params.js";
import { sendOAuthError, toOAuthError } from "./translate.js";

const readForm = (req: Request) => formParams(req);

function pickGrant(params: Params): Grant {
  const type = params.grant_type;
  if (!type) throw invalidRequest("grant_type is required.");
  const grant = grants.get(type);
  if (!grant) throw unsupportedGrantType(`grant_type ${type.slice(0, 64)} is not supported.`);
  return grant;
}

function checkParameters(grant: Grant, params: Params): void {
  for (const p of grant.parameters.required)
    if (!params[p]) throw invalidRequest(`${p} is required for grant_type ${grant.grantType}.`);
}

export function token(deps: Services) {
  return async (req: Request, res: Response): Promise<void> => {
    res.locals.operation = "token";
    try {
      const params = readForm(req);
      const { client, confidential } = await authenticateClient(deps, req, params);
      const grant = pickGrant(params);
      res.locals.operation = `token:${grant.grantType}`;
      checkParameters(grant, params);
      await deps.requestRates.admitTokenGrant(client.poolId, grant.grantType);
      const pool = await deps.pools.getPool(client.poolId);
      const ctx: GrantContext = { pool, client, confidential, params, req };
      const body = await grant.handler(deps, ctx);
      res.status(200).set({ "Cache-Control": "no-store", Pragma: "no-cache" }).json(body);
    } catch (e) {
      sendOAuthError(res, toOAuthError(e, deps.log, { op: res.locals.operation, reqId: res.locals.requestId }));
    }
  };
}
