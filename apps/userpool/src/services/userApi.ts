import { NotAuthorizedException } from "../errors/cognitoErrors.js";
import type { AccessTokenService, AuthenticatedAccess } from "./accessTokens.js";
import { API_SCOPE } from "./tokens.js";

/**
 * The signed-in user's own operations (ChangePassword, UpdateUserAttributes, GlobalSignOut, …)
 * authorize with an access token that must carry aws.cognito.signin.user.admin (Cognito developer
 * guide, "Access token scopes"): a hosted-UI token granted only `openid email` cannot change the account.
 */
export async function authenticateUser(
  deps: { accessTokens: AccessTokenService },
  token: string,
): Promise<AuthenticatedAccess> {
  const access = await deps.accessTokens.authenticate(token);
  const scope = (access.claims as { scope?: unknown }).scope;
  if (typeof scope !== "string" || !scope.split(" ").includes(API_SCOPE))
    throw new NotAuthorizedException("Access Token does not have required scopes");
  return access;
}
