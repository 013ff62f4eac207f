// Choice-based sign-in (USER_AUTH), passkeys and passwordless sign-up against the real aws-amplify library:
// only fetch (the user pool) and, for passkeys, the browser's WebAuthn API are fake.
import { afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { CLIENT_ID, fakeUserPool, seedTokens, tokensFor } from "../test/fakeCognito";
import { testConfig } from "../test/fakes";
import { amplifyAuthClient } from "./amplifyAuthClient";
import { configureAmplify } from "./configureAmplify";

beforeAll(() => {
  configureAmplify(testConfig);
});

afterEach(() => {
  localStorage.clear();
  vi.unstubAllGlobals();
});

function authenticated() {
  const tokens = tokensFor();
  return {
    json: {
      AuthenticationResult: {
        AccessToken: tokens.accessToken,
        IdToken: tokens.idToken,
        RefreshToken: tokens.refreshToken,
        ExpiresIn: 3600,
        TokenType: "Bearer",
      },
    },
  };
}

const bytes = (text: string) => new TextEncoder().encode(text).buffer;

/** A browser whose authenticator answers navigator.credentials.get with a fixed assertion. */
function fakeWebAuthn() {
  class FakeAssertionResponse {
    clientDataJSON = bytes('{"type":"webauthn.get"}');
    authenticatorData = bytes("auth-data");
    signature = bytes("signature");
    userHandle = bytes("user-handle");
  }
  class FakePublicKeyCredential {
    id = "Y3JlZC0x";
    rawId = bytes("cred-1");
    type = "public-key";
    authenticatorAttachment = "platform";
    response = new FakeAssertionResponse();
    getClientExtensionResults() {
      return {};
    }
  }
  const get = vi.fn(async (_options: unknown) => new FakePublicKeyCredential());
  vi.stubGlobal("PublicKeyCredential", FakePublicKeyCredential);
  vi.stubGlobal("AuthenticatorAssertionResponse", FakeAssertionResponse);
  vi.stubGlobal("isSecureContext", true);
  Object.defineProperty(navigator, "credentials", { value: { get }, configurable: true });
  return get;
}

describe("USER_AUTH through signIn and confirmSignIn", () => {
  it("Email me a code: USER_AUTH with PREFERRED_CHALLENGE EMAIL_OTP, then EMAIL_OTP_CODE", async () => {
    const pool = fakeUserPool({
      InitiateAuth: () => ({
        json: {
          ChallengeName: "EMAIL_OTP",
          Session: "session-otp",
          ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "a***@e***" },
        },
      }),
      RespondToAuthChallenge: () => authenticated(),
    });
    const started = await amplifyAuthClient.signInWithEmailCode({ email: "alice@example.com" });
    expect(started.nextStep).toEqual({
      signInStep: "CONFIRM_SIGN_IN_WITH_EMAIL_CODE",
      codeDeliveryDetails: { deliveryMedium: "EMAIL", destination: "a***@e***" },
    });
    expect(pool.calls[0]?.body).toEqual({
      AuthFlow: "USER_AUTH",
      ClientId: CLIENT_ID,
      AuthParameters: { USERNAME: "alice@example.com", PREFERRED_CHALLENGE: "EMAIL_OTP" },
    });
    const done = await amplifyAuthClient.confirmSignInCode({ code: "135790" });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect(pool.calls.at(-1)?.body).toMatchObject({
      ChallengeName: "EMAIL_OTP",
      Session: "session-otp",
      ChallengeResponses: { USERNAME: "alice@example.com", EMAIL_OTP_CODE: "135790" },
    });
  });

  it("SELECT_CHALLENGE: the available factors reach the page and the choice goes out as ANSWER", async () => {
    const pool = fakeUserPool({
      InitiateAuth: () => ({
        json: {
          ChallengeName: "SELECT_CHALLENGE",
          Session: "session-select",
          AvailableChallenges: ["PASSWORD_SRP", "PASSWORD", "EMAIL_OTP"],
          ChallengeParameters: {},
        },
      }),
      RespondToAuthChallenge: () => ({
        json: {
          ChallengeName: "EMAIL_OTP",
          Session: "session-otp",
          ChallengeParameters: { CODE_DELIVERY_DELIVERY_MEDIUM: "EMAIL", CODE_DELIVERY_DESTINATION: "a***@e***" },
        },
      }),
    });
    const started = await amplifyAuthClient.signInWithPasskey({ email: "alice@example.com" });
    expect(started.nextStep).toEqual({
      signInStep: "CONTINUE_SIGN_IN_WITH_FIRST_FACTOR_SELECTION",
      availableChallenges: ["PASSWORD_SRP", "PASSWORD", "EMAIL_OTP"],
    });
    expect(pool.calls[0]?.body).toMatchObject({
      AuthFlow: "USER_AUTH",
      AuthParameters: { USERNAME: "alice@example.com", PREFERRED_CHALLENGE: "WEB_AUTHN" },
    });
    const next = await amplifyAuthClient.selectFirstFactor({ factor: "EMAIL_OTP" });
    expect(next.nextStep.signInStep).toBe("CONFIRM_SIGN_IN_WITH_EMAIL_CODE");
    expect(pool.calls.at(-1)?.body).toMatchObject({
      ChallengeName: "SELECT_CHALLENGE",
      Session: "session-select",
      ChallengeResponses: { USERNAME: "alice@example.com", ANSWER: "EMAIL_OTP" },
    });
  });

  it("WEB_AUTHN: the pool's request options go to the browser and its assertion back as CREDENTIAL", async () => {
    const get = fakeWebAuthn();
    const options = {
      challenge: "Y2hhbGxlbmdl",
      rpId: "localhost",
      allowCredentials: [{ id: "Y3JlZC0x", type: "public-key" }],
      userVerification: "preferred",
      timeout: 180000,
    };
    const pool = fakeUserPool({
      InitiateAuth: () => ({
        json: {
          ChallengeName: "WEB_AUTHN",
          Session: "session-webauthn",
          ChallengeParameters: { CREDENTIAL_REQUEST_OPTIONS: JSON.stringify(options), USERNAME: "alice@example.com" },
        },
      }),
      RespondToAuthChallenge: () => authenticated(),
    });
    const done = await amplifyAuthClient.signInWithPasskey({ email: "alice@example.com" });
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    const request = get.mock.calls[0]?.[0] as { publicKey: { rpId: string; challenge: ArrayBuffer } };
    expect(request.publicKey.rpId).toBe("localhost");
    expect(new TextDecoder().decode(request.publicKey.challenge)).toBe("challenge");
    const answer = pool.calls.at(-1)?.body as { ChallengeName: string; ChallengeResponses: Record<string, string> };
    expect(answer.ChallengeName).toBe("WEB_AUTHN");
    expect(JSON.parse(answer.ChallengeResponses.CREDENTIAL ?? "{}")).toEqual({
      id: "Y3JlZC0x",
      rawId: "Y3JlZC0x",
      type: "public-key",
      authenticatorAttachment: "platform",
      clientExtensionResults: {},
      response: {
        clientDataJSON: "eyJ0eXBlIjoid2ViYXV0aG4uZ2V0In0",
        authenticatorData: "YXV0aC1kYXRh",
        signature: "c2lnbmF0dXJl",
        userHandle: "dXNlci1oYW5kbGU",
      },
    });
  });
});

describe("passkey settings calls", () => {
  it("lists every page of ListWebAuthnCredentials and deletes by CredentialId", async () => {
    seedTokens(localStorage, tokensFor());
    const credential = (id: string, name?: string) => ({
      CredentialId: id,
      FriendlyCredentialName: name,
      RelyingPartyId: "localhost",
      AuthenticatorTransports: ["internal"],
      CreatedAt: 1_796_000_000,
    });
    const pool = fakeUserPool({
      ListWebAuthnCredentials: (body) =>
        body.NextToken === "page-2"
          ? { json: { Credentials: [credential("cred-2")] } }
          : { json: { Credentials: [credential("cred-1", "Chrome on Linux")], NextToken: "page-2" } },
      DeleteWebAuthnCredential: () => ({ json: {} }),
    });
    const passkeys = await amplifyAuthClient.listPasskeys();
    expect(passkeys).toEqual([
      {
        id: "cred-1",
        name: "Chrome on Linux",
        relyingPartyId: "localhost",
        createdAt: new Date(1_796_000_000_000),
      },
      { id: "cred-2", name: undefined, relyingPartyId: "localhost", createdAt: new Date(1_796_000_000_000) },
    ]);
    expect(pool.calls.map((call) => call.body.NextToken)).toEqual([undefined, "page-2"]);
    await amplifyAuthClient.deletePasskey({ id: "cred-2" });
    expect(pool.calls.at(-1)).toMatchObject({
      target: "DeleteWebAuthnCredential",
      body: { AccessToken: tokensFor().accessToken, CredentialId: "cred-2" },
    });
  });
});

describe("passwordless sign-up", () => {
  it("SignUp without a password, then ConfirmSignUp's Session signs in through USER_AUTH", async () => {
    const pool = fakeUserPool({
      SignUp: () => ({
        json: {
          UserConfirmed: false,
          UserSub: "sub-alice",
          Session: "signup-session",
          CodeDeliveryDetails: { DeliveryMedium: "EMAIL", Destination: "a***@e***", AttributeName: "email" },
        },
      }),
      ConfirmSignUp: () => ({ json: { Session: "confirm-session" } }),
      InitiateAuth: () => authenticated(),
    });
    const signedUp = await amplifyAuthClient.signUpWithoutPassword({ email: "alice@example.com" });
    expect(signedUp.nextStep.signUpStep).toBe("CONFIRM_SIGN_UP");
    expect(pool.calls[0]?.body).toEqual({
      ClientId: CLIENT_ID,
      Username: "alice@example.com",
      UserAttributes: [{ Name: "email", Value: "alice@example.com" }],
      ClientMetadata: undefined,
      ValidationData: undefined,
    });
    const confirmed = await amplifyAuthClient.confirmSignUp({ email: "alice@example.com", code: "246810" });
    expect(confirmed.nextStep.signUpStep).toBe("COMPLETE_AUTO_SIGN_IN");
    expect(pool.calls[1]?.body).toMatchObject({ Username: "alice@example.com", ConfirmationCode: "246810" });
    const done = await amplifyAuthClient.autoSignIn();
    expect(done).toEqual({ isSignedIn: true, nextStep: { signInStep: "DONE" } });
    expect(pool.calls[2]).toMatchObject({
      target: "InitiateAuth",
      body: { AuthFlow: "USER_AUTH", Session: "confirm-session", AuthParameters: { USERNAME: "alice@example.com" } },
    });
  });
});
