/** The last step of every successful authorization: the code (or implicit tokens) sent to the client. */
import type { Response } from "express";
import { setCookie } from "../../hosted/cookies.js";
import type { Services } from "../../services/index.js";
import type { UserRow } from "../../store/index.js";
import type { AuthorizationRequest } from "./request.js";
import { responseUrl } from "./response.js";

type Deps = Pick<Services, "authorizations" | "hostedSessions" | "urls">;

/**
 * The URL to send the browser to: redirect_uri with the code, or with tokens in the fragment. `sessionHash`: the
 * hosted session answering the request, recorded with the tokens so single logout can end them (ADR 0055).
 */
export async function completeAuthorization(
  deps: Deps,
  r: AuthorizationRequest,
  user: UserRow,
  authTime: number,
  sessionHash: string,
): Promise<string> {
  const iss = deps.urls.issuer(r.pool.id);
  if (r.responseType === "code") {
    const code = await deps.authorizations.issueCode(r, user, authTime, sessionHash);
    return responseUrl(r.redirectUri, "code", { code, state: r.state, iss });
  }
  const t = await deps.authorizations.issueImplicit(r, user, authTime, sessionHash);
  return responseUrl(r.redirectUri, "token", {
    access_token: t.AccessToken,
    id_token: t.IdToken,
    token_type: "Bearer",
    expires_in: String(t.ExpiresIn),
    state: r.state,
    iss,
  });
}

/**
 * A fresh sign-in: start a hosted-UI session (cookie) and complete the authorization. `samlSessionIndex`: the
 * SessionIndex of the SAML assertion behind a SAML sign-in, kept for single logout.
 */
export async function signInAndComplete(
  deps: Deps,
  res: Response,
  r: AuthorizationRequest,
  user: UserRow,
  provider: string,
  samlSessionIndex?: string,
): Promise<string> {
  const authTime = deps.authorizations.nowSeconds();
  const session = await deps.hostedSessions.create(r.pool, user, provider, authTime, samlSessionIndex);
  setCookie(res, deps.hostedSessions.cookieName(r.pool.id), session.value, session.maxAgeMs);
  return completeAuthorization(deps, r, user, authTime, session.idHash);
}
