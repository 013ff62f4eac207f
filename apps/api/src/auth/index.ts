/** Cognito bearer-token verification for Express: `requireAuth()` and the verifier behind it. */
export { requireAuth, type RequireAuthOptions } from "./requireAuth.js";
export {
  CognitoTokenVerifier,
  cognitoIssuer,
  type AcceptedTokenUse,
  type AuthUser,
  type CognitoVerifierOptions,
  type TokenUse,
  type TokenVerifier,
  type VerifyPolicy,
} from "./verifier.js";
export { AuthError, sendAuthError, type AuthErrorReason } from "./errors.js";
export { JwksKeyStore, type JwksKeyStoreOptions, type JwksStats } from "./jwksKeyStore.js";
export { VerifiedTokenCache } from "./tokenCache.js";
