/**
 * Choice-based sign-in (AuthFlow USER_AUTH) through the AWS SDK v3: each first factor preferred and
 * selected (PASSWORD, PASSWORD_SRP with the native SRP client, EMAIL_OTP from the dev mailbox, SMS_OTP
 * from the dev SMS outbox), wrong codes, unknown names with and without PreventUserExistenceErrors,
 * pools and clients that do not allow it, WEB_AUTHN where the pool does not allow it (passkeys: passkeys.sdk.test.ts),
 * and MFA after a password but not after a code.
 */
import {
  AdminInitiateAuthCommand,
  AdminSetUserMFAPreferenceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  DescribeUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MAX_WRONG_CODES_PER_SESSION } from "../src/services/mfa/mfaService.js";
import { testEngines } from "./support/engines.js";
import { rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { mfaUser } from "./support/mfa.js";
import { createClientEphemeral, passwordVerifierResponses, srpAHex } from "./support/srpClient.js";
import { allTriggers, eventsOf, RECORDER, resetRecorder, TRIGGER_MODULES } from "./support/triggerPools.js";
import { createUserAuthPool } from "./support/userAuth.js";
import { codeIn, GOOD_PASSWORD, latestCode, latestText, newPhone } from "./support/userpool.js";

describe.each(testEngines())("USER_AUTH through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;
  let poolId: string;
  let clientId: string;

  beforeAll(async () => {
    // The trigger test names the in-process recorder, which only an allow-listed directory lets it.
    up = await startOn(engine, { triggerModuleDirs: [TRIGGER_MODULES] });
    ({ poolId, clientId } = await createUserAuthPool(up.admin));
  });
  afterAll(async () => {
    await up?.stop();
  });

  const start = (username: string, params: Record<string, string> = {}, client = clientId) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_AUTH",
        ClientId: client,
        AuthParameters: { USERNAME: username, ...params },
      }),
    );
  const respond = (ChallengeName: string, Session: string | undefined, responses: Record<string, string>) =>
    up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: ChallengeName as "SELECT_CHALLENGE",
        ...(Session ? { Session } : {}),
        ChallengeResponses: responses,
      }),
    );
  const phoneUser = async () => {
    const phone = newPhone();
    const email = await mfaUser(up.admin, poolId, "ua", [
      { Name: "phone_number", Value: phone },
      { Name: "phone_number_verified", Value: "true" },
    ]);
    return { email, phone };
  };

  /** Answers a PASSWORD_VERIFIER challenge with the native SRP client. */
  async function answerSrp(
    ephemeral: ReturnType<typeof createClientEphemeral>,
    r: { Session?: string | undefined; ChallengeParameters?: Record<string, string> | undefined },
  ) {
    const responses = passwordVerifierResponses({
      poolName: poolId.split("_")[1]!,
      password: GOOD_PASSWORD,
      ephemeral,
      challengeParameters: r.ChallengeParameters!,
    });
    return respond("PASSWORD_VERIFIER", r.Session, responses);
  }

  it("without a preferred challenge offers the user's factors in SELECT_CHALLENGE", async () => {
    const { email } = await phoneUser();
    const r = await start(email);
    expect(r.ChallengeName).toBe("SELECT_CHALLENGE");
    expect(r.AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP", "SMS_OTP"]);
    expect(r.Session).toBeTruthy();
    // A user without a phone number is not offered SMS_OTP.
    const noPhone = await mfaUser(up.admin, poolId, "ua");
    expect((await start(noPhone)).AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP", "EMAIL_OTP"]);
  });

  it("PASSWORD preferred signs in at once; a wrong one is NotAuthorizedException", async () => {
    const email = await mfaUser(up.admin, poolId, "ua");
    const r = await start(email, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD });
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
    const e = await rejection(start(email, { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: "Wr0ng-password!" }));
    expect([e.name, e.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
  });

  it("PASSWORD selected in SELECT_CHALLENGE signs in", async () => {
    const email = await mfaUser(up.admin, poolId, "ua");
    const s = await start(email);
    const r = await respond("SELECT_CHALLENGE", s.Session, {
      USERNAME: email,
      ANSWER: "PASSWORD",
      PASSWORD: GOOD_PASSWORD,
    });
    expect(r.AuthenticationResult?.IdToken).toBeTruthy();
    // The session was used up by the choice.
    const again = await rejection(
      respond("SELECT_CHALLENGE", s.Session, { USERNAME: email, ANSWER: "PASSWORD", PASSWORD: GOOD_PASSWORD }),
    );
    expect(again.name).toBe("NotAuthorizedException");
  });

  it("PASSWORD_SRP preferred and selected go through PASSWORD_VERIFIER", async () => {
    const email = await mfaUser(up.admin, poolId, "ua");
    const e1 = createClientEphemeral({ aBytes: 32 });
    const p = await start(email, { PREFERRED_CHALLENGE: "PASSWORD_SRP", SRP_A: srpAHex(e1) });
    expect(p.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect((await answerSrp(e1, p)).AuthenticationResult?.AccessToken).toBeTruthy();

    const e2 = createClientEphemeral({ aBytes: 32 });
    const s = await start(email);
    const v = await respond("SELECT_CHALLENGE", s.Session, {
      USERNAME: email,
      ANSWER: "PASSWORD_SRP",
      SRP_A: srpAHex(e2),
    });
    expect(v.ChallengeName).toBe("PASSWORD_VERIFIER");
    expect((await answerSrp(e2, v)).AuthenticationResult?.AccessToken).toBeTruthy();
    // PASSWORD_SRP without SRP_A is a clear error.
    const e = await rejection(start(email, { PREFERRED_CHALLENGE: "PASSWORD_SRP" }));
    expect([e.name, e.message]).toEqual(["InvalidParameterException", "Missing required parameter SRP_A"]);
  });

  it("EMAIL_OTP preferred: a code by e-mail, a wrong code, then the right one", async () => {
    const email = await mfaUser(up.admin, poolId, "ua");
    const r = await start(email, { PREFERRED_CHALLENGE: "EMAIL_OTP" });
    expect(r.ChallengeName).toBe("EMAIL_OTP");
    expect(r.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM).toBe("EMAIL");
    const code = await latestCode(up.url, email);
    const wrong = code === "000000" ? "111111" : "000000";
    const e = await rejection(respond("EMAIL_OTP", r.Session, { USERNAME: email, EMAIL_OTP_CODE: wrong }));
    expect(e.name).toBe("CodeMismatchException");
    const ok = await respond("EMAIL_OTP", r.Session, { USERNAME: email, EMAIL_OTP_CODE: code });
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("SMS_OTP selected: a code by text message signs in", async () => {
    const { email, phone } = await phoneUser();
    const s = await start(email);
    const r = await respond("SELECT_CHALLENGE", s.Session, { USERNAME: email, ANSWER: "SMS_OTP" });
    expect(r.ChallengeName).toBe("SMS_OTP");
    expect(r.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM).toBe("SMS");
    const code = codeIn(await latestText(up.url, phone));
    const ok = await respond("SMS_OTP", r.Session, { USERNAME: email, SMS_OTP_CODE: code });
    expect(ok.AuthenticationResult?.AccessToken).toBeTruthy();
  });

  it("a code session takes a bounded number of wrong codes", async () => {
    const email = await mfaUser(up.admin, poolId, "ua");
    const r = await start(email, { PREFERRED_CHALLENGE: "EMAIL_OTP" });
    const code = await latestCode(up.url, email);
    const wrong = code === "000000" ? "111111" : "000000";
    for (let i = 0; i < MAX_WRONG_CODES_PER_SESSION; i++)
      expect((await rejection(respond("EMAIL_OTP", r.Session, { USERNAME: email, EMAIL_OTP_CODE: wrong }))).name).toBe(
        "CodeMismatchException",
      );
    // The session is used up: even the right code is refused now.
    const e = await rejection(respond("EMAIL_OTP", r.Session, { USERNAME: email, EMAIL_OTP_CODE: code }));
    expect(e.name).toBe("NotAuthorizedException");
  });

  it("a preferred factor the user cannot use falls back to SELECT_CHALLENGE", async () => {
    const email = await mfaUser(up.admin, poolId, "ua");
    const r = await start(email, { PREFERRED_CHALLENGE: "SMS_OTP" });
    expect(r.ChallengeName).toBe("SELECT_CHALLENGE");
    expect(r.AvailableChallenges).not.toContain("SMS_OTP");
  });

  it("WEB_AUTHN the pool does not allow falls back or is refused; an unknown challenge is refused", async () => {
    const email = await mfaUser(up.admin, poolId, "ua");
    const e = await start(email, { PREFERRED_CHALLENGE: "WEB_AUTHN" });
    expect(e.ChallengeName).toBe("SELECT_CHALLENGE");
    expect(e.AvailableChallenges).not.toContain("WEB_AUTHN");
    const s = await start(email);
    const e2 = await rejection(respond("SELECT_CHALLENGE", s.Session, { USERNAME: email, ANSWER: "WEB_AUTHN" }));
    expect([e2.name, e2.message]).toEqual([
      "InvalidParameterException",
      expect.stringContaining("ANSWER must be one of"),
    ]);
    const e3 = await rejection(start(email, { PREFERRED_CHALLENGE: "SOMETHING" }));
    expect(e3.name).toBe("InvalidParameterException");
  });

  it("an unknown name is UserNotFoundException with LEGACY, and looks like a user with ENABLED", async () => {
    const e = await rejection(start("nobody-legacy@example.com"));
    expect(e.name).toBe("UserNotFoundException");
    const hidden = await createUserAuthPool(up.admin, { preventUserExistenceErrors: "ENABLED" });
    const known = await mfaUser(up.admin, hidden.poolId, "ua", [
      { Name: "phone_number", Value: newPhone() },
      { Name: "phone_number_verified", Value: "true" },
    ]);
    const startIn = (u: string, p: Record<string, string> = {}) => start(u, p, hidden.clientId);
    const a = await startIn("nobody@example.com");
    const b = await startIn(known);
    expect(a.ChallengeName).toBe(b.ChallengeName);
    expect(a.AvailableChallenges).toEqual(b.AvailableChallenges);
    const code = await startIn("nobody@example.com", { PREFERRED_CHALLENGE: "EMAIL_OTP" });
    expect(code.ChallengeName).toBe("EMAIL_OTP");
    expect(code.ChallengeParameters?.CODE_DELIVERY_DESTINATION).toMatch(/^\w\*\*\*@\w\*\*\*$/);
    const wrong = await rejection(
      up.anon.send(
        new RespondToAuthChallengeCommand({
          ClientId: hidden.clientId,
          ChallengeName: "EMAIL_OTP",
          Session: code.Session!,
          ChallengeResponses: { USERNAME: "nobody@example.com", EMAIL_OTP_CODE: "123456" },
        }),
      ),
    );
    expect(wrong.name).toBe("CodeMismatchException");
    const pw = await rejection(
      startIn("nobody@example.com", { PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD }),
    );
    expect([pw.name, pw.message]).toEqual(["NotAuthorizedException", "Incorrect username or password."]);
  });

  it("a client without ALLOW_USER_AUTH, and a pool with PASSWORD alone, do not offer codes", async () => {
    const { UserPoolClient } = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "no-user-auth",
        ExplicitAuthFlows: ["ALLOW_USER_SRP_AUTH"],
      }),
    );
    const email = await mfaUser(up.admin, poolId, "ua");
    const e = await rejection(start(email, {}, UserPoolClient!.ClientId!));
    expect([e.name, e.message]).toEqual(["InvalidParameterException", "USER_AUTH flow not enabled for this client"]);
    const { UserPool } = await up.admin.send(new CreateUserPoolCommand({ PoolName: "password-only" }));
    const c = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: UserPool!.Id!,
        ClientName: "c",
        ExplicitAuthFlows: ["ALLOW_USER_AUTH"],
      }),
    );
    const user = await mfaUser(up.admin, UserPool!.Id!, "ua");
    const r = await start(user, { PREFERRED_CHALLENGE: "EMAIL_OTP" }, c.UserPoolClient!.ClientId!);
    expect(r.ChallengeName).toBe("SELECT_CHALLENGE");
    expect(r.AvailableChallenges).toEqual(["PASSWORD", "PASSWORD_SRP"]);
  });

  it("pool settings: WEB_AUTHN on Lite, SOFTWARE_TOKEN, no PASSWORD, EMAIL_OTP without DEVELOPER refused", async () => {
    const create = (factors: string[], extra: object = {}) =>
      rejection(
        up.admin.send(
          new CreateUserPoolCommand({
            PoolName: "refused",
            Policies: { SignInPolicy: { AllowedFirstAuthFactors: factors as "PASSWORD"[] } },
            ...extra,
          }),
        ),
      );
    const web = await create(["PASSWORD", "WEB_AUTHN"], { UserPoolTier: "LITE" });
    expect(web.name).toBe("FeatureUnavailableInTierException");
    expect((await create(["PASSWORD", "SOFTWARE_TOKEN"])).message).toContain("SOFTWARE_TOKEN");
    expect(
      (await create(["EMAIL_OTP"], { EmailConfiguration: { EmailSendingAccount: "DEVELOPER" } })).message,
    ).toContain("must include PASSWORD");
    expect((await create(["PASSWORD", "EMAIL_OTP"])).message).toContain("EmailSendingAccount DEVELOPER");
    expect((await create(["PASSWORD", "SMS_OTP"])).message).toContain("SmsConfiguration");
    // Codes as first factor and MFA required do not go together.
    const mfaOn = await rejection(
      up.admin.send(
        new SetUserPoolMfaConfigCommand({
          UserPoolId: poolId,
          MfaConfiguration: "ON",
          SoftwareTokenMfaConfiguration: { Enabled: true },
        }),
      ),
    );
    expect(mfaOn.message).toContain("cannot be allowed while MfaConfiguration is ON");
  });

  it("runs PreAuthentication, CustomMessage_Authentication, PostAuthentication and PreTokenGeneration", async () => {
    resetRecorder();
    const t = await createUserAuthPool(up.admin, { lambdaConfig: allTriggers(RECORDER) });
    const phone = newPhone();
    const email = await mfaUser(up.admin, t.poolId, "ua", [
      { Name: "phone_number", Value: phone },
      { Name: "phone_number_verified", Value: "true" },
    ]);
    const sent = await start(email, { PREFERRED_CHALLENGE: "EMAIL_OTP" }, t.clientId);
    expect(eventsOf("PreAuthentication_Authentication").map((e) => e.request.userAttributes.email)).toEqual([email]);
    expect(eventsOf("CustomMessage_Authentication")).toHaveLength(1);
    expect(eventsOf("PostAuthentication_Authentication")).toHaveLength(0);
    await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: t.clientId,
        ChallengeName: "EMAIL_OTP",
        Session: sent.Session!,
        ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: await latestCode(up.url, email) },
      }),
    );
    expect(eventsOf("PostAuthentication_Authentication")).toHaveLength(1);
    expect(eventsOf("TokenGeneration_Authentication")).toHaveLength(1);
    // The SMS code goes through CustomMessage_Authentication too.
    await start(email, { PREFERRED_CHALLENGE: "SMS_OTP" }, t.clientId);
    expect(eventsOf("CustomMessage_Authentication")).toHaveLength(2);
    expect(codeIn(await latestText(up.url, phone))).toMatch(/^\d{6}$/);
  });

  it("MFA follows a password factor, not a code; AdminInitiateAuth starts USER_AUTH too", async () => {
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: "ua-mfa",
        UsernameAttributes: ["email"],
        Policies: { SignInPolicy: { AllowedFirstAuthFactors: ["PASSWORD", "EMAIL_OTP"] } },
        EmailConfiguration: {
          EmailSendingAccount: "DEVELOPER",
          SourceArn: "arn:aws:ses:us-east-1:000000000000:identity/example.com",
        },
      }),
    );
    const id = UserPool!.Id!;
    await up.admin.send(
      new SetUserPoolMfaConfigCommand({ UserPoolId: id, MfaConfiguration: "OPTIONAL", EmailMfaConfiguration: {} }),
    );
    const { UserPoolClient } = await up.admin.send(
      new CreateUserPoolClientCommand({ UserPoolId: id, ClientName: "c", ExplicitAuthFlows: ["ALLOW_USER_AUTH"] }),
    );
    const cid = UserPoolClient!.ClientId!;
    const email = await mfaUser(up.admin, id, "ua");
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: id,
        Username: email,
        EmailMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );
    const pw = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: id,
        ClientId: cid,
        AuthFlow: "USER_AUTH",
        AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: "PASSWORD", PASSWORD: GOOD_PASSWORD },
      }),
    );
    expect(pw.ChallengeName).toBe("EMAIL_OTP");
    const code = await up.admin.send(
      new AdminInitiateAuthCommand({
        UserPoolId: id,
        ClientId: cid,
        AuthFlow: "USER_AUTH",
        AuthParameters: { USERNAME: email, PREFERRED_CHALLENGE: "EMAIL_OTP" },
      }),
    );
    expect(code.ChallengeName).toBe("EMAIL_OTP");
    const r = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: cid,
        ChallengeName: "EMAIL_OTP",
        Session: code.Session!,
        ChallengeResponses: { USERNAME: email, EMAIL_OTP_CODE: await latestCode(up.url, email) },
      }),
    );
    expect(r.AuthenticationResult?.AccessToken).toBeTruthy();
    // DescribeUserPool shows the pool's first factors.
    const d = await up.admin.send(new DescribeUserPoolCommand({ UserPoolId: id }));
    expect(d.UserPool?.Policies?.SignInPolicy?.AllowedFirstAuthFactors).toEqual(["PASSWORD", "EMAIL_OTP"]);
  });
});
