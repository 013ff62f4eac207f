/**
 * Turns the validated `AppConfig` into Amplify's v6 configuration and picks the token storage.
 */
import { Amplify, type ResourcesConfig } from "aws-amplify";
import { cognitoUserPoolsTokenProvider } from "aws-amplify/auth/cognito";
import { CookieStorage, defaultStorage, sessionStorage, type KeyValueStorageInterface } from "aws-amplify/utils";
import type { AppConfig, TokenStorageKind } from "../config/config";
import { ChromeKeyValueStorage, findChromeStorageArea } from "./chromeStorage";

/** The `Amplify.configure` argument for this app: user pool, optional local endpoint, optional hosted UI. */
export function toAmplifyConfig(config: AppConfig): ResourcesConfig {
  return {
    Auth: {
      Cognito: {
        userPoolId: config.userPoolId,
        userPoolClientId: config.userPoolClientId,
        // Only set for the local userpool; omitted, Amplify derives cognito-idp.<region>.amazonaws.com.
        ...(config.userPoolEndpoint ? { userPoolEndpoint: config.userPoolEndpoint } : {}),
        signUpVerificationMethod: "code",
        loginWith: {
          email: true,
          ...(config.oauth
            ? {
                oauth: {
                  domain: config.oauth.domain,
                  scopes: config.oauth.scopes,
                  redirectSignIn: config.oauth.redirectSignIn,
                  redirectSignOut: config.oauth.redirectSignOut,
                  // Authorization code + PKCE; the implicit flow ("token") puts tokens in the URL.
                  responseType: "code",
                  providers: ["Google"],
                },
              }
            : {}),
        },
      },
    },
  };
}

export class TokenStorageUnavailableError extends Error {
  override readonly name = "TokenStorageUnavailableError";
}

/** The KeyValueStorage behind a `VITE_TOKEN_STORAGE` choice. */
export function createTokenStorage(
  kind: TokenStorageKind,
  scope: typeof globalThis = globalThis,
): KeyValueStorageInterface {
  switch (kind) {
    case "localStorage":
      return defaultStorage;
    case "sessionStorage":
      // Per tab: closing the tab signs out, and other tabs do not share the session.
      return sessionStorage;
    case "cookies":
      // Host-only cookie (no domain). Secure whenever the page is https; SameSite=Lax keeps it off
      // cross-site subrequests. These cookies are readable by scripts: Amplify needs to read them.
      return new CookieStorage({
        path: "/",
        sameSite: "lax",
        secure: scope.location?.protocol === "https:",
        expires: 30,
      });
    case "chromeStorage": {
      const area = findChromeStorageArea(scope);
      if (!area) {
        throw new TokenStorageUnavailableError(
          'VITE_TOKEN_STORAGE is "chromeStorage" but chrome.storage.local is not available: ' +
            'run the app as an extension with the "storage" permission, or choose localStorage.',
        );
      }
      return new ChromeKeyValueStorage(area);
    }
  }
}

/** Configures Amplify once, at start. */
export function configureAmplify(config: AppConfig): void {
  const storage = createTokenStorage(config.tokenStorage);
  Amplify.configure(toAmplifyConfig(config));
  // After configure: Amplify.configure re-installs localStorage on the token provider every time it runs.
  // The OAuth completion that configure kicks off awaits a token request before storing anything,
  // so it already sees this storage.
  cognitoUserPoolsTokenProvider.setKeyValueStorage(storage);
}
