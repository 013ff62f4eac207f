/**
 * SMS_MFA through the AWS SDK v3, codes read from the development SMS outbox (GET /_dev/sms?to=): the
 * pool's SmsAuthenticationMessage, the masked number in ChallengeParameters, a wrong code, a right one;
 * a pool with MFA ON texting a verified phone number the user never turned on; SMS beside the
 * authenticator app in SELECT_MFA_TYPE.
 */
import {
  AdminSetUserMFAPreferenceCommand,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
  InitiateAuthCommand,
  RespondToAuthChallengeCommand,
  SetUserPoolMfaConfigCommand,
} from "@aws-sdk/client-cognito-identity-provider";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { systemClock } from "../src/clock.js";
import { testEngines } from "./support/engines.js";
import { rejection, startOn, type EngineUserpool } from "./support/lifecycle.js";
import { mfaUser, setUpTotp, TEST_SMS_CONFIGURATION } from "./support/mfa.js";
import { codeIn, devTexts, GOOD_PASSWORD, newPhone } from "./support/userpool.js";

describe.each(testEngines())("SMS_MFA through the AWS SDK on $name", (engine) => {
  let up: EngineUserpool;

  beforeAll(async () => {
    up = await startOn(engine);
  });
  afterAll(async () => {
    await up?.stop();
  });

  async function smsPool(mode: "ON" | "OPTIONAL"): Promise<{ poolId: string; clientId: string }> {
    const { UserPool } = await up.admin.send(
      new CreateUserPoolCommand({
        PoolName: `sms-mfa-${mode}`,
        UsernameAttributes: ["email"],
        SmsConfiguration: TEST_SMS_CONFIGURATION,
      }),
    );
    const poolId = UserPool!.Id!;
    await up.admin.send(
      new SetUserPoolMfaConfigCommand({
        UserPoolId: poolId,
        MfaConfiguration: mode,
        SmsMfaConfiguration: { SmsAuthenticationMessage: "Authhub code {####} for {username}" },
        SoftwareTokenMfaConfiguration: { Enabled: true },
      }),
    );
    const client = await up.admin.send(
      new CreateUserPoolClientCommand({
        UserPoolId: poolId,
        ClientName: "sms-mfa",
        ExplicitAuthFlows: ["ALLOW_USER_PASSWORD_AUTH", "ALLOW_REFRESH_TOKEN_AUTH"],
      }),
    );
    return { poolId, clientId: client.UserPoolClient!.ClientId! };
  }

  async function phoneUser(poolId: string, phoneVerified: boolean): Promise<{ email: string; phone: string }> {
    const phone = newPhone();
    const email = await mfaUser(up.admin, poolId, "sms-mfa", [
      { Name: "phone_number", Value: phone },
      { Name: "phone_number_verified", Value: String(phoneVerified) },
    ]);
    return { email, phone };
  }

  const texts = (to: string) => devTexts(up.url, to);

  const signIn = (clientId: string, email: string) =>
    up.anon.send(
      new InitiateAuthCommand({
        AuthFlow: "USER_PASSWORD_AUTH",
        ClientId: clientId,
        AuthParameters: { USERNAME: email, PASSWORD: GOOD_PASSWORD },
      }),
    );
  const answer = (clientId: string, email: string, session: string, code: string) =>
    up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: clientId,
        ChallengeName: "SMS_MFA",
        Session: session,
        ChallengeResponses: { USERNAME: email, SMS_MFA_CODE: code },
      }),
    );

  it("OPTIONAL, SMS MFA on: SMS_MFA with the masked number, a wrong code, then tokens", async () => {
    const pool = await smsPool("OPTIONAL");
    const { email, phone } = await phoneUser(pool.poolId, true);
    // Not turned on yet: OPTIONAL signs in without a second factor.
    expect((await signIn(pool.clientId, email)).AuthenticationResult?.AccessToken).toBeTruthy();
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.poolId,
        Username: email,
        SMSMfaSettings: { Enabled: true, PreferredMfa: true },
      }),
    );

    const first = await signIn(pool.clientId, email);
    expect(first.ChallengeName).toBe("SMS_MFA");
    expect(first.AuthenticationResult).toBeUndefined();
    expect(first.ChallengeParameters).toMatchObject({
      CODE_DELIVERY_DELIVERY_MEDIUM: "SMS",
      CODE_DELIVERY_DESTINATION: `+*******${phone.slice(-4)}`,
    });
    const [text] = await texts(phone);
    expect(text?.to).toBe(phone);
    expect(text?.text).toMatch(new RegExp(`^Authhub code \\d{6} for ${email.replace(/[.+]/g, "\\$&")}$`));
    const code = codeIn(text!.text);
    const wrong = code === "000000" ? "111111" : "000000";
    expect(await rejection(answer(pool.clientId, email, first.Session!, wrong))).toMatchObject({
      name: "CodeMismatchException",
    });
    // The session takes more than one wrong code: the right one still signs in.
    const done = await answer(pool.clientId, email, first.Session!, code);
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
    expect(done.AuthenticationResult?.RefreshToken).toBeTruthy();
    // Used up: the same session and code again are refused.
    expect(await rejection(answer(pool.clientId, email, first.Session!, code))).toMatchObject({
      name: "NotAuthorizedException",
    });
    // A second sign-in texts a new message.
    const second = await signIn(pool.clientId, email);
    expect(second.ChallengeName).toBe("SMS_MFA");
    expect(await texts(phone)).toHaveLength(2);
  });

  it("ON: a verified phone is texted though SMS MFA was never turned on; unverified → MFA_SETUP", async () => {
    const pool = await smsPool("ON");
    const verified = await phoneUser(pool.poolId, true);
    const r = await signIn(pool.clientId, verified.email);
    expect(r.ChallengeName).toBe("SMS_MFA");
    const [text] = await texts(verified.phone);
    const done = await answer(pool.clientId, verified.email, r.Session!, codeIn(text!.text));
    expect(done.AuthenticationResult?.IdToken).toBeTruthy();

    const unverified = await phoneUser(pool.poolId, false);
    const setup = await signIn(pool.clientId, unverified.email);
    expect(setup.ChallengeName).toBe("MFA_SETUP");
    expect(await texts(unverified.phone)).toHaveLength(0);
  });

  it("SMS and the app on, none preferred: SELECT_MFA_TYPE offers both; SMS_MFA texts a code", async () => {
    const pool = await smsPool("ON");
    const { email, phone } = await phoneUser(pool.poolId, true);
    const r = await signIn(pool.clientId, email);
    const tokens = (await answer(pool.clientId, email, r.Session!, codeIn((await texts(phone))[0]!.text)))
      .AuthenticationResult!;
    await setUpTotp(up.anon, tokens.AccessToken!, systemClock);
    await up.admin.send(
      new AdminSetUserMFAPreferenceCommand({
        UserPoolId: pool.poolId,
        Username: email,
        SoftwareTokenMfaSettings: { Enabled: true },
        SMSMfaSettings: { Enabled: true },
      }),
    );

    const choose = await signIn(pool.clientId, email);
    expect(choose.ChallengeName).toBe("SELECT_MFA_TYPE");
    expect(JSON.parse(choose.ChallengeParameters!.MFAS_CAN_CHOOSE!).sort()).toEqual(["SMS_MFA", "SOFTWARE_TOKEN_MFA"]);
    expect(await texts(phone)).toHaveLength(1);
    const sms = await up.anon.send(
      new RespondToAuthChallengeCommand({
        ClientId: pool.clientId,
        ChallengeName: "SELECT_MFA_TYPE",
        Session: choose.Session!,
        ChallengeResponses: { USERNAME: email, ANSWER: "SMS_MFA" },
      }),
    );
    expect(sms.ChallengeName).toBe("SMS_MFA");
    expect(sms.ChallengeParameters?.CODE_DELIVERY_DELIVERY_MEDIUM).toBe("SMS");
    const list = await texts(phone);
    expect(list).toHaveLength(2);
    const done = await answer(pool.clientId, email, sms.Session!, codeIn(list[0]!.text));
    expect(done.AuthenticationResult?.AccessToken).toBeTruthy();
  });
});
