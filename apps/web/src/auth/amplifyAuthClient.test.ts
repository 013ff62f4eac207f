// The adapter against the real aws-amplify v6 library: only fetch (the user pool) is fake.
import { Hub } from "aws-amplify/utils";
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { cognitoFailure, CLIENT_ID, fakeUserPool, seedTokens, storedAccessToken, tokensFor } from "../test/fakeCognito";
import { testConfig } from "../test/fakes";
import type { AuthEvent } from "./authClient";
import { amplifyAuthClient, toAuthEvent } from "./amplifyAuthClient";
import { configureAmplify } from "./configureAmplify";
import { humanizeError } from "./errorMessages";

const googleIdentities = JSON.stringify([
  { userId: "g-42", providerName: "Google", providerType: "Google", primary: true },
]);

function recordEvents() {
  const events: AuthEvent[] = [];
  const stop = amplifyAuthClient.onAuthEvent((event) => events.push(event));
  return { events, stop };
}

beforeAll(() => {
  configureAmplify(testConfig);
});

afterEach(() => {
  localStorage.clear();
});

describe("toAuthEvent", () => {
  it("keeps the six events the app reacts to and drops the rest", () => {
    for (const type of ["signedIn", "signedOut", "tokenRefresh", "signInWithRedirect"])
      expect(toAuthEvent({ event: type })).toEqual({ type });
    const error = new Error("x");
    expect(toAuthEvent({ event: "tokenRefresh_failure", data: { error } })).toEqual({
      type: "tokenRefresh_failure",
      error,
    });
    expect(toAuthEvent({ event: "signInWithRedirect_failure", data: { error } })).toEqual({
      type: "signInWithRedirect_failure",
      error,
    });
    expect(toAuthEvent({ event: "customOAuthState", data: "x" })).toBeUndefined();
  });
});

describe("onAuthEvent (Hub auth channel)", () => {
  it("delivers Hub auth events until unsubscribed", () => {
    // Hub warns about dispatching on 'auth' from outside Amplify
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { events, stop } = recordEvents();
    Hub.dispatch("auth", { event: "signedIn", data: {} as never });
    stop();
    Hub.dispatch("auth", { event: "signedOut" });
    expect(events).toEqual([{ type: "signedIn" }]);
  });

  it("also hears events Amplify relays from other tabs", () => {
    vi.spyOn(console, "warn").mockImplementation(() => undefined);
    const { events, stop } = recordEvents();
    Hub.dispatch("auth", { event: "signedOut" }, "Auth", undefined, true);
    stop();
    expect(events).toEqual([{ type: "signedOut" }]);
  });
});

describe("calls reach the configured userpool endpoint with Cognito's wire shape", () => {
  it("signUp uses the email as username and as the email attribute", async () => {
    const pool = fakeUserPool({
      SignUp: () => ({
        json: {
          UserConfirmed: false,
          UserSub: "sub-new",
          CodeDeliveryDetails: { Destination: "n***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" },
        },
      }),
    });
    const output = await amplifyAuthClient.signUp({ email: "new@example.com", password: "Passw0rd!" });
    expect(pool.calls[0]).toMatchObject({
      url: "http://localhost:9229/",
      target: "SignUp",
      body: {
        ClientId: CLIENT_ID,
        Username: "new@example.com",
        Password: "Passw0rd!",
        UserAttributes: [{ Name: "email", Value: "new@example.com" }],
      },
    });
    expect(output.nextStep).toEqual({
      signUpStep: "CONFIRM_SIGN_UP",
      codeDeliveryDetails: { destination: "n***@e***", deliveryMedium: "EMAIL", attributeName: "email" },
    });
  });

  it("after a password sign-up confirmed by code, autoSignIn signs in with SRP and the chosen password", async () => {
    const pool = fakeUserPool({
      SignUp: () => ({
        json: {
          UserConfirmed: false,
          UserSub: "sub-new",
          CodeDeliveryDetails: { Destination: "n***@e***", DeliveryMedium: "EMAIL", AttributeName: "email" },
        },
      }),
      ConfirmSignUp: () => ({ json: {} }),
      // The SRP exchange itself is Amplify's; here only its first request matters.
      InitiateAuth: () => cognitoFailure("NotAuthorizedException", "Incorrect username or password."),
    });
    const signedUp = await amplifyAuthClient.signUp({ email: "new@example.com", password: "Passw0rd!" });
    expect(signedUp.nextStep.signUpStep).toBe("CONFIRM_SIGN_UP");
    const confirmed = await amplifyAuthClient.confirmSignUp({ email: "new@example.com", code: "123456" });
    expect(confirmed.nextStep.signUpStep).toBe("COMPLETE_AUTO_SIGN_IN");
    const error = await amplifyAuthClient.autoSignIn().catch((e: unknown) => e);
    expect(error).toMatchObject({ name: "NotAuthorizedException" });
    expect(pool.calls.map((call) => call.target)).toEqual(["SignUp", "ConfirmSignUp", "InitiateAuth"]);
    expect(pool.calls[2]?.body).toMatchObject({
      AuthFlow: "USER_SRP_AUTH",
      AuthParameters: { USERNAME: "new@example.com" },
    });
    // SRP: the password itself never goes over the wire.
    expect(JSON.stringify(pool.calls[2]?.body)).not.toContain("Passw0rd!");
  });

  it("keeps Cognito's exception name, so the error table applies", async () => {
    fakeUserPool({
      SignUp: () => cognitoFailure("UsernameExistsException", "An account with the given email already exists."),
    });
    const error = await amplifyAuthClient
      .signUp({ email: "taken@example.com", password: "Passw0rd!" })
      .catch((e: unknown) => e);
    expect((error as Error).name).toBe("UsernameExistsException");
    expect(humanizeError(error)).toMatch(/already exists/);
  });

  it("confirmSignUp, resendSignUpCode, resetPassword and confirmResetPassword send the right fields", async () => {
    const pool = fakeUserPool({
      ConfirmSignUp: () => ({ json: {} }),
      ResendConfirmationCode: () => ({
        json: { CodeDeliveryDetails: { Destination: "a***@e***", DeliveryMedium: "EMAIL" } },
      }),
      ForgotPassword: () => ({ json: { CodeDeliveryDetails: { Destination: "a***@e***", DeliveryMedium: "EMAIL" } } }),
      ConfirmForgotPassword: () => ({ json: {} }),
    });
    await amplifyAuthClient.confirmSignUp({ email: "a@example.com", code: "123456" });
    await amplifyAuthClient.resendSignUpCode({ email: "a@example.com" });
    const reset = await amplifyAuthClient.resetPassword({ email: "a@example.com" });
    await amplifyAuthClient.confirmResetPassword({
      email: "a@example.com",
      code: "654321",
      newPassword: "N3w-Passw0rd!",
    });
    expect(pool.calls.map((c) => c.target)).toEqual([
      "ConfirmSignUp",
      "ResendConfirmationCode",
      "ForgotPassword",
      "ConfirmForgotPassword",
    ]);
    expect(pool.calls[0]?.body).toMatchObject({ Username: "a@example.com", ConfirmationCode: "123456" });
    expect(pool.calls[3]?.body).toMatchObject({
      Username: "a@example.com",
      ConfirmationCode: "654321",
      Password: "N3w-Passw0rd!",
    });
    expect(reset.nextStep.resetPasswordStep).toBe("CONFIRM_RESET_PASSWORD_WITH_CODE");
  });

  it("updatePassword sends both passwords with the access token", async () => {
    const tokens = tokensFor();
    seedTokens(localStorage, tokens);
    const pool = fakeUserPool({ ChangePassword: () => ({ json: {} }) });
    await amplifyAuthClient.updatePassword({ oldPassword: "Old-Passw0rd!", newPassword: "New-Passw0rd!" });
    expect(pool.calls[0]?.body).toEqual({
      AccessToken: tokens.accessToken,
      PreviousPassword: "Old-Passw0rd!",
      ProposedPassword: "New-Passw0rd!",
    });
  });

  it("signOut({ global: true }) calls GlobalSignOut and clears the stored tokens", async () => {
    seedTokens(localStorage, tokensFor());
    const pool = fakeUserPool({ GlobalSignOut: () => ({ json: {} }) });
    const { events, stop } = recordEvents();
    await amplifyAuthClient.signOut({ global: true });
    stop();
    expect(pool.calls.map((c) => c.target)).toEqual(["GlobalSignOut"]);
    expect(storedAccessToken(localStorage)).toBeNull();
    expect(events).toContainEqual({ type: "signedOut" });
  });
});

describe("getToken", () => {
  it("returns the stored ID or access token without a request while they are fresh", async () => {
    const tokens = tokensFor();
    seedTokens(localStorage, tokens);
    const pool = fakeUserPool({});
    expect(await amplifyAuthClient.getToken("id")).toBe(tokens.idToken);
    expect(await amplifyAuthClient.getToken("access")).toBe(tokens.accessToken);
    expect(pool.calls).toEqual([]);
  });

  it("returns null when nobody is signed in", async () => {
    fakeUserPool({});
    expect(await amplifyAuthClient.getToken("id")).toBeNull();
  });

  it("refreshes expired tokens through GetTokensFromRefreshToken and announces tokenRefresh", async () => {
    seedTokens(localStorage, tokensFor({ expired: true }));
    const fresh = tokensFor();
    const pool = fakeUserPool({
      GetTokensFromRefreshToken: () => ({
        json: { AuthenticationResult: { AccessToken: fresh.accessToken, IdToken: fresh.idToken } },
      }),
    });
    const { events, stop } = recordEvents();
    expect(await amplifyAuthClient.getToken("id")).toBe(fresh.idToken);
    stop();
    expect(pool.calls[0]).toMatchObject({
      target: "GetTokensFromRefreshToken",
      body: { ClientId: CLIENT_ID, RefreshToken: "refresh-token-opaque" },
    });
    expect(events).toContainEqual({ type: "tokenRefresh" });
  });

  it("a revoked refresh token gives null, tokenRefresh_failure and cleared storage", async () => {
    seedTokens(localStorage, tokensFor({ expired: true }));
    fakeUserPool({
      GetTokensFromRefreshToken: () => cognitoFailure("NotAuthorizedException", "Refresh Token has been revoked"),
    });
    const { events, stop } = recordEvents();
    expect(await amplifyAuthClient.getToken("id")).toBeNull();
    stop();
    const failure = events.find((e) => e.type === "tokenRefresh_failure");
    expect(failure && "error" in failure && (failure.error as Error).name).toBe("NotAuthorizedException");
    expect(storedAccessToken(localStorage)).toBeNull();
  });
});

describe("loadSession", () => {
  it("is signed out without tokens, and asks the pool nothing", async () => {
    const pool = fakeUserPool({});
    expect(await amplifyAuthClient.loadSession()).toEqual({ status: "signedOut", ended: false });
    expect(pool.calls).toEqual([]);
  });

  it("reads email, verification and db_user_id for a user-pool user", async () => {
    seedTokens(localStorage, tokensFor({ extraIdClaims: { db_user_id: 17 } }));
    fakeUserPool({
      GetUser: () => ({
        json: {
          Username: "sub-alice",
          UserAttributes: [
            { Name: "sub", Value: "sub-alice" },
            { Name: "email", Value: "alice@example.com" },
            { Name: "email_verified", Value: "true" },
          ],
        },
      }),
    });
    expect(await amplifyAuthClient.loadSession()).toEqual({
      status: "signedIn",
      user: {
        username: "sub-alice",
        userId: "sub-alice",
        email: "alice@example.com",
        emailVerified: true,
        provider: undefined,
        dbUserId: "17",
      },
    });
  });

  it("names the provider of a federated user from the identities attribute", async () => {
    seedTokens(localStorage, tokensFor({ sub: "Google_g-42" }));
    fakeUserPool({
      GetUser: () => ({
        json: {
          Username: "Google_g-42",
          UserAttributes: [
            { Name: "email", Value: "gina@gmail.com" },
            { Name: "identities", Value: googleIdentities },
          ],
        },
      }),
    });
    const snapshot = await amplifyAuthClient.loadSession();
    expect(snapshot.status === "signedIn" && snapshot.user).toMatchObject({
      provider: "Google",
      email: "gina@gmail.com",
      emailVerified: undefined,
    });
  });

  it("treats tokens the pool rejects (global sign-out elsewhere) as an ended session and clears them", async () => {
    seedTokens(localStorage, tokensFor());
    fakeUserPool({
      GetUser: () => cognitoFailure("NotAuthorizedException", "Access Token has been revoked"),
      RevokeToken: () => ({ json: {} }),
    });
    expect(await amplifyAuthClient.loadSession()).toEqual({ status: "signedOut", ended: true });
    expect(storedAccessToken(localStorage)).toBeNull();
  });

  it("passes other failures on, so the page can say what went wrong", async () => {
    seedTokens(localStorage, tokensFor());
    fakeUserPool({ GetUser: () => cognitoFailure("ResourceNotFoundException", "User pool client does not exist.") });
    const error = await amplifyAuthClient.loadSession().catch((e: unknown) => e);
    expect((error as Error).name).toBe("ResourceNotFoundException");
  });
});
