import { WEB_CLIENT_SCOPES } from "./constructs/userPool.js";

/** Stack outputs the web app needs, by output name (the keys in `cdk deploy --outputs-file`). */
export const WEB_OUTPUT_KEYS = [
  "UserPoolId",
  "UserPoolClientId",
  "UserPoolDomain",
  "OAuthRedirectSignIn",
  "OAuthRedirectSignOut",
  "ApiUrl",
  "ApiTokenUse",
] as const;

export type WebOutputs = Record<(typeof WEB_OUTPUT_KEYS)[number], string>;

/**
 * The web app's VITE_* variables (names from apps/web/.env.development) for real Cognito.
 * One mapping serves both the pipeline's web build and infra/scripts/write-web-env.ts.
 */
export function webEnvVariables(outputs: WebOutputs): Record<string, string> {
  return {
    VITE_USER_POOL_ID: outputs.UserPoolId,
    VITE_USER_POOL_CLIENT_ID: outputs.UserPoolClientId,
    // Empty on purpose: Amplify then talks to cognito-idp.<region>.amazonaws.com, and an endpoint
    // left in a lower-priority .env file cannot leak into a production build.
    VITE_USER_POOL_ENDPOINT: "",
    VITE_OAUTH_DOMAIN: outputs.UserPoolDomain,
    VITE_OAUTH_SCOPES: WEB_CLIENT_SCOPES.join(" "),
    VITE_OAUTH_REDIRECT_SIGN_IN: outputs.OAuthRedirectSignIn,
    VITE_OAUTH_REDIRECT_SIGN_OUT: outputs.OAuthRedirectSignOut,
    VITE_API_URL: outputs.ApiUrl,
    // The web app sends one token; "any" on the API side still means the tutorial's ID token here.
    VITE_API_TOKEN: outputs.ApiTokenUse === "access" ? "access" : "id",
  };
}
