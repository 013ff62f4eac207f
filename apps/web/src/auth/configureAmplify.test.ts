import { Amplify } from "aws-amplify";
import { cognitoUserPoolsTokenProvider } from "aws-amplify/auth/cognito";
import { CookieStorage, defaultStorage, sessionStorage as amplifySessionStorage } from "aws-amplify/utils";
import { afterEach, describe, expect, it, vi } from "vitest";
import { fakeUserPool, seedTokens, storedAccessToken, tokensFor } from "../test/fakeCognito";
import { testConfig } from "../test/fakes";
import { amplifyAuthClient } from "./amplifyAuthClient";
import { ChromeKeyValueStorage } from "./chromeStorage";
import {
  configureAmplify,
  createTokenStorage,
  toAmplifyConfig,
  TokenStorageUnavailableError,
} from "./configureAmplify";

afterEach(() => {
  localStorage.clear();
  sessionStorage.clear();
  for (const cookie of document.cookie.split(";")) {
    const name = cookie.split("=")[0]?.trim();
    // biome-ignore lint/suspicious/noDocumentCookie: the test clears the jar that Amplify's cookie storage writes
    if (name) document.cookie = `${name}=; expires=Thu, 01 Jan 1970 00:00:00 GMT; path=/`;
  }
});

describe("toAmplifyConfig", () => {
  it("builds Amplify v6's Cognito config with the local endpoint and the hosted UI", () => {
    expect(toAmplifyConfig(testConfig)).toEqual({
      Auth: {
        Cognito: {
          userPoolId: "us-east-1_AuthHub01",
          userPoolClientId: "authhubwebclientlocaldev01",
          userPoolEndpoint: "http://localhost:9229",
          signUpVerificationMethod: "code",
          loginWith: {
            email: true,
            oauth: {
              domain: "localhost:9443",
              scopes: ["openid", "email", "profile", "aws.cognito.signin.user.admin"],
              redirectSignIn: ["http://localhost:3000/"],
              redirectSignOut: ["http://localhost:3000/"],
              responseType: "code",
              providers: ["Google"],
            },
          },
        },
      },
    });
  });

  it("leaves the endpoint and OAuth out for real Cognito without a hosted UI", () => {
    const cognito = toAmplifyConfig({ ...testConfig, userPoolEndpoint: undefined, oauth: undefined }).Auth?.Cognito;
    expect(cognito).not.toHaveProperty("userPoolEndpoint");
    expect(cognito?.loginWith).toEqual({ email: true });
  });
});

describe("createTokenStorage", () => {
  it("maps each choice to Amplify's storage", () => {
    expect(createTokenStorage("localStorage")).toBe(defaultStorage);
    expect(createTokenStorage("sessionStorage")).toBe(amplifySessionStorage);
    expect(createTokenStorage("cookies")).toBeInstanceOf(CookieStorage);
  });

  it("uses chrome.storage.local inside an extension and explains the failure outside one", () => {
    const area = { get: vi.fn(), set: vi.fn(), remove: vi.fn() };
    const scope = { chrome: { storage: { local: area } } } as unknown as typeof globalThis;
    expect(createTokenStorage("chromeStorage", scope)).toBeInstanceOf(ChromeKeyValueStorage);
    expect(() => createTokenStorage("chromeStorage")).toThrow(TokenStorageUnavailableError);
    expect(() => createTokenStorage("chromeStorage")).toThrow(/chrome\.storage\.local is not available/);
  });
});

describe("configureAmplify", () => {
  it("sets the chosen storage after Amplify.configure, which would otherwise reinstall localStorage", () => {
    const order: string[] = [];
    vi.spyOn(Amplify, "configure").mockImplementation(() => void order.push("configure"));
    vi.spyOn(cognitoUserPoolsTokenProvider, "setKeyValueStorage").mockImplementation(
      () => void order.push("setKeyValueStorage"),
    );
    configureAmplify({ ...testConfig, tokenStorage: "sessionStorage" });
    expect(order).toEqual(["configure", "setKeyValueStorage"]);
    expect(cognitoUserPoolsTokenProvider.setKeyValueStorage).toHaveBeenCalledWith(amplifySessionStorage);
  });

  it("sessionStorage: tokens are read from and refreshed into sessionStorage, never localStorage", async () => {
    configureAmplify({ ...testConfig, tokenStorage: "sessionStorage" });
    seedTokens(sessionStorage, tokensFor({ expired: true }));
    const fresh = tokensFor();
    fakeUserPool({
      GetTokensFromRefreshToken: () => ({
        json: { AuthenticationResult: { AccessToken: fresh.accessToken, IdToken: fresh.idToken } },
      }),
    });
    expect(await amplifyAuthClient.getToken("access")).toBe(fresh.accessToken);
    expect(storedAccessToken(sessionStorage)).toBe(fresh.accessToken);
    expect(localStorage.length).toBe(0);
  });

  it("cookies: refreshed tokens land in document.cookie", async () => {
    configureAmplify({ ...testConfig, tokenStorage: "cookies" });
    const cookieJar = {
      setItem: (key: string, value: string) => {
        // biome-ignore lint/suspicious/noDocumentCookie: seeds the jar the way Amplify's cookie storage reads it
        document.cookie = `${encodeURIComponent(key)}=${value}; path=/`;
      },
    };
    seedTokens(cookieJar, tokensFor({ expired: true }));
    const fresh = tokensFor();
    fakeUserPool({
      GetTokensFromRefreshToken: () => ({
        json: { AuthenticationResult: { AccessToken: fresh.accessToken, IdToken: fresh.idToken } },
      }),
    });
    expect(await amplifyAuthClient.getToken("id")).toBe(fresh.idToken);
    expect(document.cookie).toContain(fresh.accessToken);
    expect(localStorage.length).toBe(0);
  });
});
