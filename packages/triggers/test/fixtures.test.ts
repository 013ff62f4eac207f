import { describe, expect, it } from "vitest";
import { compareEventShape, FIXTURES, loadFixture } from "../src/fixtures.js";

describe("recorded Cognito events", () => {
  it.each(FIXTURES)("%s has the common trigger parameters", (name) => {
    const event = loadFixture(name);
    // Cognito reads no answer from a custom sender, and its documented event has no response member.
    const sender = /^custom-(email|sms)-sender-/.test(name);
    expect(Object.keys(event).sort()).toEqual(
      ["callerContext", "region", "request", "response", "triggerSource", "userName", "userPoolId", "version"].filter(
        (k) => !sender || k !== "response",
      ),
    );
    expect(event).toMatchObject({
      version: expect.stringMatching(/^[123]$/),
      region: "us-east-1",
      userPoolId: "us-east-1_AuthHub01",
      userName: expect.any(String),
    });
    expect(Object.keys(event.callerContext as object).sort()).toEqual(["awsSdkVersion", "clientId"]);
    // Every attribute value is a string, as Cognito sends it.
    const attributes = (event.request as { userAttributes?: Record<string, unknown> }).userAttributes ?? {};
    for (const value of Object.values(attributes)) expect(typeof value).toBe("string");
    expect(compareEventShape(event, event)).toEqual([]);
  });

  it("records each trigger source with its version and response shape", () => {
    const summary = Object.fromEntries(
      FIXTURES.map((n) => {
        const e = loadFixture<{ triggerSource: string; version: string; response?: object }>(n);
        return [n, [e.triggerSource, e.version, e.response ? Object.keys(e.response).sort().join(",") : "(none)"]];
      }),
    );
    expect(summary).toEqual({
      "pre-token-generation-v1-authentication": ["TokenGeneration_Authentication", "1", "claimsOverrideDetails"],
      "pre-token-generation-v1-refresh-tokens": ["TokenGeneration_RefreshTokens", "1", "claimsOverrideDetails"],
      "pre-token-generation-v2-authentication": [
        "TokenGeneration_Authentication",
        "2",
        "claimsAndScopeOverrideDetails",
      ],
      "pre-token-generation-v2-refresh-tokens": ["TokenGeneration_RefreshTokens", "2", "claimsAndScopeOverrideDetails"],
      "pre-token-generation-v3-client-credentials": [
        "TokenGeneration_ClientCredentials",
        "3",
        "claimsAndScopeOverrideDetails",
      ],
      "pre-sign-up-sign-up": ["PreSignUp_SignUp", "1", "autoConfirmUser,autoVerifyEmail,autoVerifyPhone"],
      "post-confirmation-confirm-sign-up": ["PostConfirmation_ConfirmSignUp", "1", ""],
      "pre-authentication-authentication": ["PreAuthentication_Authentication", "1", ""],
      "post-authentication-authentication": ["PostAuthentication_Authentication", "1", ""],
      "custom-message-sign-up": ["CustomMessage_SignUp", "1", "emailMessage,emailSubject,smsMessage"],
      "user-migration-authentication": [
        "UserMigration_Authentication",
        "1",
        "desiredDeliveryMediums,enableSMSMFA,finalUserStatus,forceAliasCreation,messageAction,userAttributes",
      ],
      "define-auth-challenge-authentication": [
        "DefineAuthChallenge_Authentication",
        "1",
        "challengeName,failAuthentication,issueTokens",
      ],
      "create-auth-challenge-authentication": [
        "CreateAuthChallenge_Authentication",
        "1",
        "challengeMetadata,privateChallengeParameters,publicChallengeParameters",
      ],
      "verify-auth-challenge-response-authentication": [
        "VerifyAuthChallengeResponse_Authentication",
        "1",
        "answerCorrect",
      ],
      "custom-email-sender-sign-up": ["CustomEmailSender_SignUp", "1", "(none)"],
      "custom-sms-sender-sign-up": ["CustomSMSSender_SignUp", "1", "(none)"],
    });
  });
});

describe("compareEventShape", () => {
  it("checks each entry of a custom-auth session: challengeName, challengeResult, challengeMetadata", () => {
    const define = () => loadFixture<Record<string, any>>("define-auth-challenge-authentication");
    const e = define();
    e.request.session = [
      { challengeName: "SRP_A", challengeResult: true, challengeMetadata: null },
      { challengeName: "CUSTOM_CHALLENGE", challengeResult: "yes", challengeMetadata: 3, extra: 1 },
    ];
    expect(compareEventShape(e, define()).sort()).toEqual([
      "request.session[1].challengeMetadata: expected string or null, got number",
      "request.session[1].challengeResult: expected boolean, got string",
      "request.session[1].extra: not in the recorded event",
    ]);
  });

  const v2 = () => loadFixture<Record<string, any>>("pre-token-generation-v2-authentication");

  it("accepts what legitimately varies: attributes, client metadata, groups, roles", () => {
    const e = v2();
    e.request.userAttributes = { sub: "x", email: "y@example.com", name: "Y", "custom:tier": "gold" };
    e.request.clientMetadata = { origin: "web" };
    e.request.groupConfiguration = {
      groupsToOverride: ["admins"],
      iamRolesToOverride: ["arn:aws:iam::1:role/r"],
      preferredRole: "arn:aws:iam::1:role/r",
    };
    e.request.scopes = ["openid", "email"];
    expect(compareEventShape(e, v2())).toEqual([]);
  });

  it("reports missing and extra keys and wrong types, by path", () => {
    const e = v2();
    delete e.callerContext.clientId;
    e.request.userAttributes.email_verified = true;
    e.version = 2;
    e.response = { claimsOverrideDetails: null };
    e.extra = "x";
    expect(compareEventShape(e, v2()).sort()).toEqual([
      "callerContext.clientId: missing",
      "extra: not in the recorded event",
      "request.userAttributes.email_verified: expected string, got boolean",
      "response.claimsAndScopeOverrideDetails: missing",
      "response.claimsOverrideDetails: not in the recorded event",
      "version: expected string, got number",
    ]);
  });

  it("userNotFound may be absent (PreventUserExistenceErrors not ENABLED) but, when present, is a boolean", () => {
    const pre = () => loadFixture<Record<string, any>>("pre-authentication-authentication");
    const absent = pre();
    delete absent.request.userNotFound;
    expect(compareEventShape(absent, pre())).toEqual([]);
    const wrong = pre();
    wrong.request.userNotFound = "true";
    expect(compareEventShape(wrong, pre())).toEqual(["request.userNotFound: expected boolean, got string"]);
  });

  it("checks element types of string arrays and maps", () => {
    const e = v2();
    e.request.scopes = ["openid", 7];
    e.request.clientMetadata = { n: 1 };
    expect(compareEventShape(e, v2()).sort()).toEqual([
      "request.clientMetadata.n: expected string, got number",
      "request.scopes[1]: expected string, got number",
    ]);
  });
});
